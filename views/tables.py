"""The plain tables of a map, one tab per kind plus the access grid: sortable, filterable, edited in place.

Every edit leaves as an intent (views.intents.Intent); `sync(graph, change)` redraws what the change names.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSizePolicy, QTableView,
    QTabWidget, QVBoxLayout, QWidget,
)

from models.graph import nodes_of
from models.vocabulary import ACCESS, ACCESS_LETTER, CATEGORY, LEVEL
from views.delegates import ChoiceDelegate
from views.intents import Intent
from views.table_models import (
    MODELS, AccessGridModel, NodeTableModel, SortRole, options_of,
)

NodeKey = tuple[str, int]
TAB_TITLES = {"stage": "Stages", "item": "Data items", "agency": "Agencies", "locality": "Localities",
              "access": "Access", "blockage": "Blockages", "action": "Actions"}
TAB_ORDER = ("stage", "item", "agency", "locality", "access", "blockage", "action")
WHAT = {"stage": "stage", "item": "data item", "agency": "agency", "locality": "locality",
        "blockage": "blockage", "action": "action"}
# The kinds whose changes each tab has to hear about.
READS = {"stage": {"stage"}, "item": {"item", "stage", "agency"}, "agency": {"agency", "item"},
         "locality": {"locality", "item"}, "access": {"item", "locality"},
         "blockage": {"blockage", "item", "locality", "action"}, "action": {"action", "blockage", "item", "locality"}}
# A key typed on an access cell sets its status: the letter shown, or U for unknown.
STATUS_KEYS = {ord(letter): status for status, letter in ACCESS_LETTER.items()} | {ord("U"): "unknown"}


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts on each column's sort value and keeps rows whose text contains the filter (any case)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        pattern = self.filterRegularExpression()
        if not pattern.pattern():
            return True
        return pattern.match(self.sourceModel().row_text(source_row)).hasMatch()


class AccessGridView(QTableView):
    """The access grid: typing A, P, B, ? (or U) sets the status of every selected cell at once."""

    def __init__(self, grid: AccessGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid

    def keyPressEvent(self, event: QKeyEvent) -> None:
        wanted = STATUS_KEYS.get(event.key())
        if wanted is None or self.grid.read_only or event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            super().keyPressEvent(event)
            return
        proxy = self.model()
        for index in list(self.selectionModel().selectedIndexes()):
            self.grid.set_status(proxy.mapToSource(index), wanted)


class TablePage(QWidget):
    """One tab: an add bar, a filter, the table, and Remove (Delete key too)."""

    def __init__(self, kind: str, model: NodeTableModel | AccessGridModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind, self.model = kind, model
        self._fit_when_shown = False
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.view = AccessGridView(model, self) if kind == "access" else QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        self.view.setAccessibleName(TAB_TITLES[kind])
        self.view.setAlternatingRowColors(kind != "access")
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move between cells
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked
                                  | (QAbstractItemView.EditTrigger.NoEditTriggers if kind == "access"
                                     else QAbstractItemView.EditTrigger.AnyKeyPressed))
        if kind == "access":
            self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            self.view.horizontalHeader().setDefaultSectionSize(44)
            self.view.horizontalHeader().setMaximumSectionSize(140)
            self.view.verticalHeader().setMaximumSectionSize(360)
        else:
            self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.view.verticalHeader().setVisible(False)
            self.view.horizontalHeader().setMaximumSectionSize(360)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        # Fitting columns measures this many rows, not every row (6,000 blockages at national scale).
        self.view.horizontalHeader().setResizeContentsPrecision(60)
        self.view.verticalHeader().setResizeContentsPrecision(60)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1 if kind in ("stage", "access", "blockage", "action") else 0,
                               Qt.SortOrder.AscendingOrder)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter data items…" if kind == "access" else f"Filter {TAB_TITLES[kind].lower()}…")
        self.filter.setAccessibleName(f"Filter {TAB_TITLES[kind].lower()}")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(0, 0, 0, 0)
        self.remove_button: QPushButton | None = None
        self.remove_action: QAction | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.bar)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self._remembered: NodeKey | None = None
        self._fitted = False
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)

    def add_remove(self, on_remove: Any) -> None:
        self.remove_button = QPushButton(f"Remove {WHAT[self.kind]}", self)
        self.remove_button.setAccessibleName(f"Remove the selected {WHAT[self.kind]}")
        self.remove_button.setToolTip(f"Remove the selected {WHAT[self.kind]}s (Delete)")
        self.remove_button.clicked.connect(on_remove)
        self.bar.addWidget(self.remove_button)
        self.remove_action = QAction(f"Remove {WHAT[self.kind]}", self.view)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(on_remove)
        self.view.addAction(self.remove_action)

    def selected_keys(self) -> list[NodeKey]:
        rows = {index.row() for index in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        keys = [self.model.key_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row()) for r in sorted(rows)]
        return [k for k in keys if k is not None]

    def current_key(self) -> NodeKey | None:
        index = self.view.currentIndex()
        return self.model.key_at(self.proxy.mapToSource(index).row()) if index.isValid() else None

    def select(self, key: NodeKey) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False
        source = self.model.index(row, 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():  # hidden by the filter: show everything rather than lose the selection
            self.filter.clear()
            index = self.proxy.mapFromSource(source)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        if self.kind != "access":
            flags |= QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def _remember(self) -> None:
        self._remembered = self.current_key()

    def _restore(self) -> None:
        if self._remembered is not None:
            self.select(self._remembered)
        if not self._fitted or self.kind == "access":  # keep widths the user has set
            if self.isVisible():
                self._fit()
            else:  # measuring every cell of a hidden tab would slow the window's start for nothing
                self._fit_when_shown = True

    def _fit(self) -> None:
        self._fit_when_shown = False
        self.fit_columns()
        self._fitted = self.model.rowCount() > 0

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._fit_when_shown:
            self._fit()

    def fit_columns(self) -> None:
        if self.kind == "access":
            # Each locality column as wide as its name, up to a limit (the full name is in the tooltip);
            # cells hold one letter, so the names alone decide (measuring cells is slow at 152 columns).
            header = self.view.horizontalHeader()
            metrics = header.fontMetrics()
            for column in range(self.model.columnCount()):
                name = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
                header.resizeSection(column, min(140, max(44, metrics.horizontalAdvance(name) + 18)))
            self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            return
        self.view.resizeColumnsToContents()


class TablesWidget(QTabWidget):
    """Stages, data items, agencies, localities, the access grid, blockages and actions, as tables."""

    intent = Signal(object)  # a views.intents.Intent
    node_selected = Signal(object)  # the node key of the row the user selected

    def __init__(self, graph: nx.DiGraph | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = nx.DiGraph()
        self.read_only = False
        self._selecting = False
        self._created: NodeKey | None = None
        self.locality: NodeKey | None = None  # the locality the diagram shows (None: all)
        self.models: dict[str, NodeTableModel | AccessGridModel] = {k: cls(self) for k, cls in MODELS.items()}
        self.models["access"] = AccessGridModel(self)
        self.pages: dict[str, TablePage] = {}
        self._add_inputs: list[QWidget] = []
        self._stale_choices: set[str] = set()
        for kind in TAB_ORDER:
            model = self.models[kind]
            model.intent.connect(self.intent)
            page = TablePage(kind, model, self)
            self.pages[kind] = page
            self.addTab(page, TAB_TITLES[kind])
            page.view.selectionModel().currentChanged.connect(lambda current, _previous, p=page: self._selected(p))
            if kind == "access":
                self._build_access_bar(page)
            else:
                self._build_add_bar(page)
                page.add_remove(lambda _=False, p=page: self._remove(p))
            page.bar.addStretch(1)
        self._build_move_buttons(self.pages["stage"])
        self.currentChanged.connect(lambda _index: self._fill_stale_choices())
        if graph is not None:
            self.reset(graph)

    # ---- the bars ----

    def _line(self, page: TablePage, placeholder: str, name: str) -> QLineEdit:
        edit = QLineEdit(page)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setMinimumWidth(220)
        self._add_inputs.append(edit)
        return edit

    def _combo(self, page: TablePage, name: str) -> QComboBox:
        combo = QComboBox(page)
        combo.setAccessibleName(name)
        # Wide enough for its entries (a name cut mid-word reads as another name), up to a limit a long national
        # list cannot pass; the list that drops down shows every name whole.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(340)
        combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        # Never narrower than its entries, but for the first of a bar (a data item or a blockage, whose names
        # can be long): it gives way on a narrow window rather than push the panes beside the tables aside.
        first = not any(isinstance(w, QComboBox) and w.parent() is page for w in self._add_inputs)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred if first else QSizePolicy.Policy.Minimum,
                            QSizePolicy.Policy.Fixed)
        self._add_inputs.append(combo)
        return combo

    def _build_add_bar(self, page: TablePage) -> None:
        kind, what = page.kind, WHAT[page.kind]
        fields: dict[str, QWidget] = {}
        if kind == "blockage":
            fields["item_id"] = self._combo(page, "Data item that is blocked")
            fields["locality_id"] = self._combo(page, "Where it is blocked")
            fields["category"] = self._combo(page, "Category of blockage")
            for value, label in CATEGORY.labels.items():
                fields["category"].addItem(label, value)
            fields["reason"] = self._line(page, "Why is it blocked? (Enter to add)", "Reason for the blockage")
            text = fields["reason"]
        elif kind == "action":
            fields["blockage_id"] = self._combo(page, "Blockage the action would unblock")
            fields["step"] = self._line(page, "What would unblock it? (Enter to add)", "Step that would unblock it")
            fields["level"] = self._combo(page, "Level of the action")
            for value, label in LEVEL.labels.items():
                fields["level"].addItem(label, value)
            text = fields["step"]
        else:
            fields["name"] = self._line(page, f"New {what} name (Enter to add)", f"Name of a new {what}")
            text = fields["name"]
        for widget in fields.values():
            page.bar.addWidget(widget)
        button = QPushButton(f"Add {what}", page)
        button.setAccessibleName(f"Add {what}")
        self._add_inputs.append(button)
        page.bar.addWidget(button)
        page.add_fields = fields
        page.add_text = text
        button.clicked.connect(lambda _=False, p=page: self._add(p))
        text.returnPressed.connect(lambda p=page: self._add(p))

    def _build_access_bar(self, page: TablePage) -> None:
        legend = "   ".join(f"{ACCESS_LETTER[s]} = {label}" for s, label in ACCESS.labels.items())
        label = QLabel(f"Double-click a cell or type a letter to set access:   {legend}", page)
        label.setAccessibleName("Access key")
        page.bar.addWidget(label)

    def _build_move_buttons(self, page: TablePage) -> None:
        for text, step in (("Move up", -1), ("Move down", 1)):
            button = QPushButton(text, page)
            button.setAccessibleName(f"{text} the selected stage in the journey")
            button.clicked.connect(lambda _=False, s=step: self._move(s))
            page.bar.insertWidget(page.bar.count() - 1, button)
            self._add_inputs.append(button)

    def _refresh_add_choices(self, kinds: set[str] | None = None) -> None:
        """Mark the add bars' lists out of date; fill them now only on the tab being shown (a
        national map has thousands of blockages, too many to list again on every edit)."""
        if kinds is None or kinds & {"item", "locality"}:
            self._stale_choices.add("blockage")
        if kinds is None or kinds & {"item", "locality", "blockage"}:
            self._stale_choices.add("action")
        self._fill_stale_choices()

    def _fill_stale_choices(self) -> None:
        page = self.currentWidget()
        kind = getattr(page, "kind", None)
        if kind not in self._stale_choices:
            return
        self._stale_choices.discard(kind)
        if kind == "blockage":
            fields = self.pages["blockage"].add_fields
            self._fill(fields["item_id"], options_of(self.graph, "item"))
            self._fill(fields["locality_id"], options_of(self.graph, "locality", "All localities"),
                       self._default_locality())
        else:
            self._fill(self.pages["action"].add_fields["blockage_id"], options_of(self.graph, "blockage"))

    def _default_locality(self) -> int | None:
        """Where a new blockage is, unless chosen: the diagram's locality, else the first one. A
        national blockage ("All localities") is always an explicit choice, never one Enter away."""
        if self.locality is not None and self.locality in self.graph:
            return self.locality[1]
        first = nodes_of(self.graph, "locality")[:1]
        return first[0][1] if first else None

    def set_locality(self, key: NodeKey | None) -> None:
        """The locality the diagram shows (None: all localities): new blockages default to it."""
        self.locality = key
        combo = self.pages["blockage"].add_fields["locality_id"]
        wanted = combo.findData(self._default_locality())
        if wanted >= 0:
            combo.setCurrentIndex(wanted)

    @staticmethod
    def _fill(combo: QComboBox, options: list[tuple[Any, str]], default: Any = None) -> None:
        kept = combo.currentData()  # what was chosen before (None: the list was empty)
        combo.blockSignals(True)
        combo.clear()
        for value, label in options:
            combo.addItem(label, value)
        at = combo.findData(kept) if kept is not None else -1
        if at < 0 and default is not None:
            at = combo.findData(default)
        combo.setCurrentIndex(at if at >= 0 else (0 if options else -1))
        combo.blockSignals(False)

    # ---- asking for edits ----

    def _add(self, page: TablePage) -> None:
        if self.read_only:
            return
        values: dict[str, Any] = {}
        for name, widget in page.add_fields.items():
            if isinstance(widget, QComboBox):
                values[name] = None if widget.currentData() in (None, "") else widget.currentData()
            else:
                values[name] = widget.text()
        if page.kind == "blockage" and values["item_id"] is None:
            return  # no data item to block yet
        if page.kind == "action" and values["blockage_id"] is None:
            return
        self._created = None
        self.intent.emit(Intent("add", page.kind, None, values))
        if self._created is not None and self._created[0] == page.kind:
            page.add_text.clear()  # added: ready for the next one, and the new row shown
            page.select(self._created)

    def _remove(self, page: TablePage) -> None:
        if self.read_only:
            return
        for key in page.selected_keys():
            if key in self.graph:
                self.intent.emit(Intent("remove", key[0], key[1]))

    def _move(self, step: int) -> None:
        page = self.pages["stage"]
        key = page.current_key()
        if self.read_only or key is None:
            return
        order = nodes_of(self.graph, "stage")
        index = order.index(key) + step
        if 0 <= index < len(order):
            self.intent.emit(Intent("move", "stage", key[1], {"index": index}))
            page.select(key)

    # ---- selection ----

    def _selected(self, page: TablePage) -> None:
        if self._selecting:
            return
        key = page.current_key()
        if key is not None:
            self.node_selected.emit(key)

    def select_node(self, key: NodeKey | None) -> None:
        """Show and select the row of a node (switching tab); the access grid is never chosen."""
        if key is None or key[0] not in self.pages:
            return
        page = self.pages[key[0]]
        self._selecting = True
        try:
            if page.select(key):
                self.setCurrentWidget(page)
        finally:
            self._selecting = False

    # ---- following the map ----

    def sync(self, graph: nx.DiGraph, change: Any) -> None:
        """Redraw what `change` names; a reload (or a change of unknown shape) resets every table."""
        updated = getattr(change, "updated", None)
        removed = getattr(change, "removed", None)
        if graph is not self.graph or getattr(change, "kind", "") == "reloaded" or updated is None or removed is None:
            self.reset(graph)
            return
        if getattr(change, "created", None) is not None:
            self._created = change.created
        kinds = {k[0] for k in updated | removed}
        for kind, model in self.models.items():
            if kinds & READS[kind]:
                model.sync(graph, change)
        if kinds & {"item", "locality", "blockage"}:
            self._refresh_add_choices(kinds)

    def reset(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        for model in self.models.values():
            model.reset(graph)
        self._refresh_add_choices()

    def set_read_only(self, read_only: bool) -> None:
        """Look but do not touch: no editing, adding, removing or moving."""
        self.read_only = read_only
        for model in self.models.values():
            model.read_only = read_only
            if model.rowCount() and model.columnCount():
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))
        for widget in self._add_inputs:
            widget.setEnabled(not read_only)
        for page in self.pages.values():
            if page.remove_button is not None:
                page.remove_button.setEnabled(not read_only)
                page.remove_action.setEnabled(not read_only)
