"""Snapshots in the window: the “Changes since” panel (what changed since a snapshot, under its headings),
the form that names a snapshot, and the list of a map's snapshots with Rename and Delete.

The application hands these the snapshots (objects with `id`, `name`, `taken_at`) and the change lines as
(kind, words, node key or None); they never read the map. A form is given a callback that does the work
and returns the map's refusal ("" when done), so a refused name keeps the form open with the reason shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLayout, QLineEdit, QListView,
    QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from models.snapshots import HEADINGS, day_words

NodeKey = tuple[str, int]
Line = tuple[str, str, "NodeKey | None"]  # kind (a key of HEADINGS), the words, the data item it is about
NO_SNAPSHOT = "No snapshot yet: File ▸ Mark as reported…"
KEY_ROLE = Qt.ItemDataRole.UserRole


def taken_words(taken_at: dt.datetime) -> str:
    """When a snapshot was taken, as users write it: 5 December 2026, 14:05."""
    return f"{day_words(taken_at.date())}, {taken_at:%H:%M}"


def newest_first(snapshots: Sequence[Any]) -> list[Any]:
    return sorted(snapshots, key=lambda s: (s.taken_at, s.id), reverse=True)


class SnapshotNameDialog(QDialog):
    """A snapshot's name: OK hands it to `on_accept`, which returns why the map refused it ("" when done);
    a refusal is shown under the name and the form stays open with what was typed."""

    def __init__(self, title: str, prompt: str, name: str, parent: QWidget | None,
                 on_accept: Callable[[str], str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._on_accept = on_accept
        about = QLabel(prompt)
        about.setWordWrap(True)
        about.setMinimumWidth(440)
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Snapshot name")
        self.name.setPlaceholderText("e.g. PLG 14 November 2011")
        self.name.selectAll()
        label = QLabel("&Name:")
        label.setBuddy(self.name)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Why the name was refused")
        self.hint.setStyleSheet("color: #8A4B00;")
        self.hint.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.name, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped words are never cut

    def accept(self) -> None:
        problem = self._on_accept(self.name.text())
        if problem:
            self.hint.setText(problem)
            self.hint.show()
            self.adjustSize()
            self.name.setFocus()
            self.name.selectAll()
            return
        super().accept()


class SnapshotsDialog(QDialog):
    """The map's snapshots, newest first, with Rename and Delete. `rename(id, name)` and `delete(id)` do the
    work and return the map's refusal ("" when done); `confirm_delete(name)` asks first (tests replace it)."""

    def __init__(self, parent: QWidget | None, rename: Callable[[int, str], str],
                 delete: Callable[[int], str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snapshots")
        self.setAccessibleName("Snapshots")
        self._rename, self._delete = rename, delete
        self.name_dialog: SnapshotNameDialog | None = None  # the rename form open now (tests fill it in)
        about = QLabel("Each snapshot keeps the map as it stood when it was marked as reported. "
                       "View ▸ Changes since… shows what changed since one.")
        about.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Snapshots of this map")
        self.table.setHeaderLabels(["Name", "Taken on"])
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnWidth(0, 260)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemActivated.connect(lambda *_: self.ask_rename())
        self.empty = QLabel(NO_SNAPSHOT)
        self.empty.setStyleSheet("color: #6B7785;")
        self.rename_button = QPushButton("&Rename…")
        self.delete_button = QPushButton("&Delete…")
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button.clicked.connect(self.ask_delete)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.rename_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(520, 320)
        self._enable()

    def set_snapshots(self, snapshots: Sequence[Any]) -> None:
        """Show these snapshots, newest first, keeping the one selected (else the newest) selected."""
        kept = self.selected()
        self.table.clear()
        for snapshot in newest_first(snapshots):
            row = QTreeWidgetItem([snapshot.name, taken_words(snapshot.taken_at)])
            row.setData(0, KEY_ROLE, (snapshot.id, snapshot.name))
            self.table.addTopLevelItem(row)
        rows = [self.table.topLevelItem(n) for n in range(self.table.topLevelItemCount())]
        chosen = next((r for r in rows if kept and r.data(0, KEY_ROLE)[0] == kept[0]), rows[0] if rows else None)
        if chosen is not None:
            self.table.setCurrentItem(chosen)
        self.empty.setVisible(not rows)
        self._enable()

    def selected(self) -> tuple[int, str] | None:
        """The snapshot selected, as (id, name)."""
        row = self.table.currentItem()
        return tuple(row.data(0, KEY_ROLE)) if row is not None and row.isSelected() else None

    def select(self, name: str) -> None:
        for n in range(self.table.topLevelItemCount()):
            row = self.table.topLevelItem(n)
            if row.text(0) == name:
                self.table.setCurrentItem(row)

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def ask_rename(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        ident, name = chosen
        self.name_dialog = SnapshotNameDialog("Rename the snapshot", f"A new name for “{name}”:", name, self,
                                              lambda text: self._rename(ident, text))
        self.name_dialog.open()

    def ask_delete(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.confirm_delete(chosen[1]):
            return
        problem = self._delete(chosen[0])
        if problem:
            QMessageBox.warning(self, "Cannot delete the snapshot", problem)

    def confirm_delete(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, "Delete the snapshot",
            f"Delete the snapshot “{name}”? What changed since it can no longer be shown "
            "(Edit ▸ Undo brings it back).")
        return answer == QMessageBox.StandardButton.Yes


class ChangesPanel(QWidget):
    """What changed since a snapshot, under its headings, most important first; a line about a data item
    selects it in the diagram (`line_chosen`)."""

    snapshot_chosen = Signal(int)  # the user picked another snapshot to compare with
    line_chosen = Signal(object)  # the node key of the data item a clicked line is about

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.since = QComboBox()
        self.since.setAccessibleName("Changes since which snapshot")
        self.since.setToolTip("The snapshot to compare the map with (File ▸ Mark as reported… takes one)")
        self.since.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.since.setMinimumContentsLength(12)
        self.since.activated.connect(self._picked)
        label = QLabel("&Since:")
        label.setBuddy(self.since)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What changed, in short")
        self.lines = QListWidget()
        self.lines.setAccessibleName("What changed since the snapshot")
        self.lines.setWordWrap(True)
        self.lines.setResizeMode(QListView.ResizeMode.Adjust)  # long lines wrap again when the dock is resized
        self.lines.setSpacing(1)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.itemClicked.connect(self._clicked)
        self.lines.itemActivated.connect(self._clicked)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.since, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        self.chosen: int | None = None
        self.show_waiting("What changed since the map was last marked as reported shows here once a map is open.")

    def show_waiting(self, text: str) -> None:
        """No map, or no snapshot: only a word of what to do."""
        self.chosen = None
        self.since.clear()
        self.since.setEnabled(False)
        self.lines.clear()
        self.lines.hide()
        self.summary.setText(text)

    def show_changes(self, snapshots: Sequence[Any], chosen: int, lines: Sequence[Line], marked: int = 0) -> None:
        """The snapshots to choose from (`chosen` the one compared with), what changed since it, and how many
        data items the diagram marks as changed."""
        ordered = newest_first(snapshots)
        if not ordered:
            self.show_waiting(NO_SNAPSHOT)
            return
        self.since.blockSignals(True)
        self.since.clear()
        for snapshot in ordered:
            self.since.addItem(snapshot.name, snapshot.id)
            self.since.setItemData(self.since.count() - 1, f"Taken {taken_words(snapshot.taken_at)}",
                                   Qt.ItemDataRole.ToolTipRole)
        self.since.setCurrentIndex(max(0, self.since.findData(chosen)))
        self.since.blockSignals(False)
        self.since.setEnabled(True)
        self.chosen = self.since.currentData()
        snapshot = next(s for s in ordered if s.id == self.chosen)
        when = day_words(snapshot.taken_at.date())
        if not lines:
            self.summary.setText(f"Nothing has changed since “{snapshot.name}” ({when}).")
        else:
            many = f"{len(lines)} change{'' if len(lines) == 1 else 's'}"
            marks = (f" Δ on the diagram marks the {'data item' if marked == 1 else f'{marked} data items'} "
                     "whose access changed.") if marked else ""
            self.summary.setText(f"{many} since “{snapshot.name}” ({when}), most important first.{marks}")
        self._fill(lines)

    def _fill(self, lines: Sequence[Line]) -> None:
        self.lines.clear()
        self.lines.setVisible(bool(lines))
        counts: dict[str, int] = {}
        for kind, _words, _key in lines:
            counts[kind] = counts.get(kind, 0) + 1
        bold = QFont(self.lines.font())
        bold.setBold(True)
        heading = None
        for kind, words, key in sorted(lines, key=lambda line: list(HEADINGS).index(line[0])
                                       if line[0] in HEADINGS else len(HEADINGS)):  # stable: keeps their order
            if kind != heading:
                heading = kind
                title = QListWidgetItem(f"{HEADINGS.get(kind, kind.capitalize())} ({counts[kind]})")
                title.setFont(bold)
                title.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.lines.addItem(title)
            entry = QListWidgetItem(f"• {words}")
            entry.setData(KEY_ROLE, key)
            if key is not None:
                entry.setToolTip(f"{words}\nClick to select it in the diagram (in a stage that needs it).")
            self.lines.addItem(entry)

    def _picked(self, index: int) -> None:
        ident = self.since.itemData(index)
        if ident is not None and ident != self.chosen:
            self.chosen = ident
            self.snapshot_chosen.emit(ident)

    def _clicked(self, entry: QListWidgetItem) -> None:
        key = entry.data(KEY_ROLE)
        if key is not None:
            self.line_chosen.emit(tuple(key))
