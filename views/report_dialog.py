"""The Export report dialog: which localities and stages, what changed since which snapshot, where the file
goes; then the report's progress (with Cancel) and, when it is written, where it is (Open, Show in folder).

The dialog only asks and shows: it hands the user's choice to whoever listens to `export_requested` (the
app writes the report in the background) and is told of each step, the end or the failure. It is not
modal, so the user can go on working on the map while the report is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from models.graph import nodes_of

NOTHING = "Nothing (no comparison)"
HINT_STYLE = "color: #8A4B00;"


@dataclass(frozen=True)
class ReportChoice:
    """What the user asked for: names, or None for every locality / every stage; the snapshot's id to
    say what changed since, or None."""

    target: str
    localities: list[str] | None
    stages: list[str] | None
    since: object | None


class _CheckList(QWidget):
    """A titled list of names to tick, every one ticked at first, with All and None buttons."""

    def __init__(self, title: str, what: str, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        label = QLabel(title)
        label.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.setAccessibleName(f"{what.capitalize()} in the report")
        self.list.setToolTip(f"Tick the {what} the report covers (Space ticks or unticks the one selected)")
        self.list.setUniformItemSizes(True)
        for name in names:
            entry = QListWidgetItem(name)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(entry)
        if names:  # the keyboard starts on the first, which is not shown selected: ticks are what count
            self.list.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)
        label.setBuddy(self.list)
        self.all_button = QPushButton("All")
        self.all_button.setAccessibleName(f"Tick every one of the {what}")
        self.all_button.clicked.connect(lambda: self.tick_all(True))
        self.none_button = QPushButton("None")
        self.none_button.setAccessibleName(f"Untick every one of the {what}")
        self.none_button.clicked.connect(lambda: self.tick_all(False))
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(label, 1)
        top.addWidget(self.all_button)
        top.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.list.setMinimumHeight(min(10, max(4, len(names))) * 22 + 8)

    def entries(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for entry in self.entries():
            entry.setCheckState(state)

    def tick_only(self, names: list[str]) -> None:
        for entry in self.entries():
            entry.setCheckState(Qt.CheckState.Checked if entry.text() in names else Qt.CheckState.Unchecked)

    def ticked(self) -> list[str]:
        return [e.text() for e in self.entries() if e.checkState() == Qt.CheckState.Checked]

    def chosen(self) -> list[str] | None:
        """The ticked names, or None when every one is ticked (the report then speaks of them all)."""
        names = self.ticked()
        return None if len(names) == self.list.count() else names


class ReportDialog(QDialog):
    """Choose and export the leadership group's report, watch it being written, open it."""

    export_requested = Signal(object)  # a ReportChoice
    cancel_requested = Signal()

    def __init__(self, graph: nx.DiGraph, snapshots: list[tuple[str, object]], target: str,
                 choose_path: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        """`snapshots` are (words, id) pairs, newest first; `target` the file suggested; `choose_path(current)`
        asks the user for a file name (None when they change their mind)."""
        super().__init__(parent)
        self.choose_path = choose_path
        self.running = False
        self.cancelling = False
        self.written: Path | None = None
        title = graph.graph.get("map", {}).get("title") or "the map"
        self.setWindowTitle(f"Export the report — {title}")
        self.setAccessibleName("Export the report")
        self.setModal(False)

        heading = QLabel(f"The leadership group's report on {title}")
        heading.setStyleSheet("font-weight: bold; font-size: 15px;")
        heading.setWordWrap(True)

        self.localities = _CheckList("&Localities", "localities",
                                     [graph.nodes[k]["name"] for k in nodes_of(graph, "locality")])
        self.stages = _CheckList("S&tages", "stages", [graph.nodes[k]["name"] for k in nodes_of(graph, "stage")])
        lists = QHBoxLayout()
        lists.addWidget(self.localities, 1)
        lists.addWidget(self.stages, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.since = QComboBox()
        self.since.setAccessibleName("Say what changed since")
        self.since.setToolTip("The report's first page says what changed since this snapshot of the map")
        for words, ident in snapshots:
            self.since.addItem(words, ident)
        self.since.addItem(NOTHING, None)
        self.since.setCurrentIndex(0)
        self.since_label = QLabel("Say what &changed since:")
        self.since_label.setBuddy(self.since)
        form.addRow(self.since_label, self.since)
        # With no snapshot in the map there is nothing to choose: the row is left out.
        self.since_label.setVisible(bool(snapshots))
        self.since.setVisible(bool(snapshots))

        self.path = QLineEdit(target)
        self.path.setAccessibleName("Report file")
        self.path.setToolTip("The Excel workbook the report is written to")
        self.path.setMinimumWidth(380)
        self.browse = QPushButton("C&hoose…")
        self.browse.setAccessibleName("Choose the report file")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        path_label = QLabel("Save &to:")
        path_label.setBuddy(self.path)
        form.addRow(path_label, where)

        self.choices = QWidget()
        choices = QVBoxLayout(self.choices)
        choices.setContentsMargins(0, 0, 0, 0)
        choices.addLayout(lists, 1)
        choices.addLayout(form)

        # What is happening: the step and the bar while the report is written; then where it is, or why not.
        self.status = QFrame()
        self.status.setObjectName("reportStatus")
        self.status.setStyleSheet("#reportStatus { background: #F3F6F8; border: 1px solid #D5DDE3;"
                                  " border-radius: 4px; }")
        status = QGridLayout(self.status)
        status.setContentsMargins(10, 8, 10, 8)
        self.step = QLabel()
        self.step.setAccessibleName("Current step")
        self.step.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Report progress")
        self.bar.setTextVisible(True)
        self.message = QLabel()
        self.message.setAccessibleName("Report outcome")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the report")
        self.open_button.clicked.connect(self.open_report)
        self.folder_button = QPushButton("Show in &folder")
        self.folder_button.setAccessibleName("Show the report's folder")
        self.folder_button.clicked.connect(self.show_folder)
        status.addWidget(self.step, 0, 0, 1, 3)
        status.addWidget(self.bar, 1, 0, 1, 3)
        status.addWidget(self.message, 2, 0)
        status.addWidget(self.open_button, 2, 1)
        status.addWidget(self.folder_button, 2, 2)

        self.hint = QLabel()
        self.hint.setAccessibleName("Why Export is not available")
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setWordWrap(True)
        self.export_button = QPushButton("&Export")
        self.export_button.setAccessibleName("Export the report")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.request_export)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        for listed in (self.localities, self.stages):
            listed.list.itemChanged.connect(self._check)
        self.path.textChanged.connect(self._check)
        self._show_state("choosing")
        self._check()
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    # ---- asking --------------------------------------------------------------------------------

    def choice(self) -> ReportChoice:
        return ReportChoice(self.path.text().strip(), self.localities.chosen(), self.stages.chosen(),
                            self.since.currentData())

    def problem(self) -> str:
        if not self.localities.ticked():
            return "Tick at least one locality."
        if not self.stages.ticked():
            return "Tick at least one stage."
        if not self.path.text().strip():
            return "Say where to save the report."
        return ""

    def _check(self, *_args) -> None:
        problem = self.problem()
        self.hint.setText(problem)
        self.export_button.setEnabled(not problem and not self.running)

    def _browse(self) -> None:
        chosen = self.choose_path(self.path.text().strip())
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")

    def request_export(self) -> None:
        if self.running or self.problem():
            return
        self.export_requested.emit(self.choice())

    # ---- told by the app -----------------------------------------------------------------------

    def show_started(self, steps: int) -> None:
        """The report is being written, in about `steps` steps."""
        self.running, self.cancelling, self.written = True, False, None
        self.bar.setRange(0, max(1, steps))
        self.bar.setValue(0)
        self.step.setText("Starting…")
        self._show_state("running")

    def show_step(self, words: str, number: int) -> None:
        """Step `number` (from 1) has begun: `words` say what it makes (“the blockage register”)."""
        if number > self.bar.maximum():  # more steps than foreseen: the bar waits near its end
            self.bar.setMaximum(number)
        self.bar.setValue(number - 1)
        if not self.cancelling:
            self.step.setText(f"Writing {words}… (step {number} of {self.bar.maximum()})")

    def show_done(self, path: str | Path) -> None:
        self.running = False
        self.written = Path(path)
        self.bar.setValue(self.bar.maximum())
        self.message.setText(f"The report is in <b>{_escape(self.written.name)}</b>, in the folder "
                             f"{_escape(str(self.written.parent))}.")
        self._show_state("done")
        self.open_button.setFocus()

    def show_failed(self, message: str) -> None:
        self.running = False
        self.message.setText(f"No report was written. {_escape(message)}")
        self._show_state("failed")

    def show_cancelled(self) -> None:
        self.running = False
        self.message.setText("Cancelled: no report was written.")
        self._show_state("cancelled")

    def _show_state(self, state: str) -> None:
        self.state = state
        running = state == "running"
        self.choices.setEnabled(not running)
        self.status.setVisible(state != "choosing")
        self.step.setVisible(running)
        self.bar.setVisible(running)
        self.message.setVisible(not running)
        self.message.setStyleSheet(HINT_STYLE if state in ("failed", "cancelled") else "")
        for button in (self.open_button, self.folder_button):
            button.setVisible(state == "done")
        if not running:
            self.cancelling = False
            self.close_button.setEnabled(True)
        self.close_button.setText("Cancel" if running else "Close")
        self.close_button.setAccessibleName("Cancel the report" if running else "Close")
        self._check()
        if running:
            self.close_button.setFocus()

    # ---- the finished report -------------------------------------------------------------------

    def open_report(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))

    def show_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))

    # ---- closing: while the report is written, closing cancels it ------------------------------

    def cancel(self) -> None:
        if self.running and not self.cancelling:
            self.cancelling = True
            self.step.setText("Cancelling…")
            self.close_button.setEnabled(False)
            self.cancel_requested.emit()

    def reject(self) -> None:  # Close, Esc
        if self.running:
            self.cancel()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.running:  # the window's close button: cancel, and close once the report has stopped
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
