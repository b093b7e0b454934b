"""Compare localities: the item × locality matrix (filter, sort by variation, click to change a status),
who has solved it, the asks by who must act (models.asks: national bodies, Greater Manchester, each
locality, ranked), and two localities side by side.

A standalone widget on the view contract: built with the graph, `sync(graph, change)` redraws what the
Change names, edits leave as `intent` (views.intents.Intent) and come back through sync."""

from __future__ import annotations

import networkx as nx
from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QSizePolicy,
    QStyledItemDelegate, QStyleOptionViewItem, QTableView, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from models import asks
from models.analysis import name
from models.compare import (
    MatrixFilter, ask_sentence, categories_in_use, holders_in_use, names_of, side_by_side, who_has_solved,
)
from models.graph import nodes_of
from models.sentences import plural
from models.vocabulary import ACCESS, ACCESS_COLOUR, ACCESS_LETTER, CATEGORY
from views.compare_model import GROUP_FILL, KEY_ROLE, MatrixModel, RotatedHeader, StatusDelegate
from views.intents import Intent

STATUS_KEYS = {Qt.Key.Key_A: "accessible", Qt.Key.Key_P: "partial", Qt.Key.Key_B: "blocked",
               Qt.Key.Key_U: "unknown", Qt.Key.Key_Question: "unknown"}
DIFFERS = QColor("#FFF1C9")
# As the report and the comparison workbook: fully accessible and partly accessible are told apart.
# Partly accessible with a blockage recorded is held back, not solved: listed with the blocked, not as partly.
SOLVED_COLUMNS = ("Data item", "Held by", "Accessible in", "Partly accessible, nothing in the way", "Blocked or held back",
                  "Who to ask")
ASK_COLUMNS = ("#", "Ask", "Owner", "Items", "Localities", "Due", "Status", "Why it matters")
ASK_OWNER_COLUMN = 2  # shown for each locality's asks, where the heading is the locality, not the body
ASK_LEVELS = ("national", "gm", "local")  # who must act, in the order a reader wants them
ASK_NOTES = {
    "national": "What only a national body (Whitehall, HMRC, DWP, the ICO, the MOJ…) can do, under each body; "
                "# is the ask's rank among all national asks, by what it puts at risk.",
    "gm": "What Greater Manchester as a whole is asked to do, under each body; # is the ask's rank among all "
          "Greater Manchester asks, by what it puts at risk.",
    "local": "What each locality can do for itself, under each locality it would help (an ask helping several "
             "stands under each); # is its rank among all local asks. Hover an ask for whom to learn from.",
}


class MatrixView(QTableView):
    """The matrix table; a status key (A, P, B, U or ?) on the current cell asks for that status."""

    status_key = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        state = STATUS_KEYS.get(Qt.Key(event.key())) if event is not None else None
        if state and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.status_key.emit(state)
            return
        super().keyPressEvent(event)


def _combo(label: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(label)
    # Wide enough for its entries (a name cut mid-word reads as another name), up to a limit a long national
    # list cannot pass; the list that drops down shows every name whole.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMaximumWidth(340)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


class _Wrapping(QStyledItemDelegate):
    """Rows as tall as their longest text wrapped to its column's width (a tree view does not do this
    itself), so a long ask or a list of localities is read in full rather than cut."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt override)
        view = self.parent()
        spanned = index.column() == 0 and view.isFirstColumnSpanned(index.row(), index.parent())
        width = max(20, (view.viewport().width() if spanned else view.columnWidth(index.column())) - 10)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        lines = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, lines.height() + 8)


def _tree(headers: list[str], name_text: str, widths: tuple[int, ...]) -> QTreeWidget:
    """A read-only list whose long texts wrap; rows are laid out again when a column is resized."""
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    tree.setItemDelegate(_Wrapping(tree))
    tree.header().sectionResized.connect(lambda *_: tree.scheduleDelayedItemsLayout())
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setAccessibleName(name_text)
    return tree


class CompareWidget(QWidget):
    """The compare-localities screen. API: `CompareWidget(graph)`, `intent` signal, `sync(graph, change)`,
    `show_page(name)` with name in PAGES, `set_status(item_key, locality_key, status)`."""

    intent = Signal(object)  # views.intents.Intent
    PAGES = ("matrix", "solved", "asks", "side")

    def __init__(self, graph: nx.DiGraph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self._stale = set(self.PAGES[1:])
        self.setAccessibleName("Compare localities")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._matrix_page(), "Matrix")
        self.solved = _tree(list(SOLVED_COLUMNS), "Who has solved it", (220, 170, 180, 180, 180))
        self.tabs.addTab(self._page("Data items some localities have solved and others have not (blocked, or held "
                                    "back: only partly accessible with a blockage recorded) — ask those who have "
                                    "it how.", self.solved), "Who has solved it")
        self.tabs.addTab(self._asks_page(), "Asks")
        self.tabs.addTab(self._side_page(), "Side by side")
        self.tabs.currentChanged.connect(self._page_shown)
        self._fill_choices()
        self._refresh_matrix_summary()

    # ---- building the pages -----------------------------------------------------------------

    def _page(self, note: str, body: QWidget) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        label = QLabel(note)
        label.setWordWrap(True)
        box.addWidget(label)
        box.addWidget(body)
        return page

    def _matrix_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.stage_filter = _combo("Stage")
        self.category_filter = _combo("Blockage category")
        self.holder_filter = _combo("Holder")
        self.status_filter = _combo("Status")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a data item…")
        self.search.setAccessibleName("Find a data item")
        self.search.setClearButtonEnabled(True)
        self.by_variation = QCheckBox("Most variation first")
        self.by_variation.setToolTip("Within each stage, the items some localities get and others cannot come first.")
        # Two rows, so that each filter is as wide as its longest entry on a laptop too (a holder's name cut
        # mid-word reads as another holder).
        second = QHBoxLayout()
        for row, label, widget in ((bar, "Stage", self.stage_filter), (bar, "Category", self.category_filter),
                                   (bar, "Holder", self.holder_filter), (second, "Status", self.status_filter)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
            widget.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        bar.addStretch(1)
        second.addWidget(self.search, 1)
        second.addWidget(self.by_variation)
        second.addStretch(1)
        box.addLayout(bar)
        box.addLayout(second)

        self.model = MatrixModel(self.graph, self)
        self.table = MatrixView()
        self.table.setModel(self.model)
        self.table.setHorizontalHeader(RotatedHeader(self.table))
        self.table.setItemDelegate(StatusDelegate(self.table))
        self.table.setAccessibleName("Access matrix: data items by locality")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setShowGrid(True)
        self.table.setMouseTracking(True)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(24)
        vertical.setFixedWidth(280)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.clicked.connect(self._cell_clicked)
        self.table.status_key.connect(self._status_key)
        box.addWidget(self.table, 1)
        self.matrix_summary = QLabel()
        self.matrix_summary.setWordWrap(True)
        key = "   ".join(f"{ACCESS_LETTER[s]} {ACCESS.label(s)}" for s in ACCESS.values)
        self.matrix_summary.setToolTip(f"Key: {key}. Hover a cell for the reason and the action.")
        box.addWidget(self.matrix_summary)

        for combo in (self.stage_filter, self.category_filter, self.holder_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.by_variation.toggled.connect(self._filter_changed)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(self._search_timer.start)
        return page

    def _asks_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.ask_level = _combo("Asks of")
        self.ask_level.setMinimumContentsLength(24)
        for level in ASK_LEVELS:
            self.ask_level.addItem(asks.LEVEL_HEADING[level], level)
        caption = QLabel("Asks of")
        caption.setBuddy(self.ask_level)
        bar.addWidget(caption)
        bar.addWidget(self.ask_level)
        bar.addStretch(1)
        box.addLayout(bar)
        self.asks_summary = QLabel()
        self.asks_summary.setWordWrap(True)
        box.addWidget(self.asks_summary)
        self.asks = _tree(list(ASK_COLUMNS), "Asks by who must act", (52, 300, 150, 200, 190, 150, 110))
        self.asks.setRootIsDecorated(True)
        self.asks.setIndentation(14)
        box.addWidget(self.asks, 1)
        self._found: list[asks.Ask] = []
        self.ask_level.currentIndexChanged.connect(self._show_asks)
        return page

    def _side_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.side_stage = _combo("Stage to compare")
        self.side_first = _combo("First locality")
        self.side_second = _combo("Second locality")
        for label, widget in (("Stage", self.side_stage), ("Compare", self.side_first), ("with", self.side_second)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget, 1)
        box.addLayout(bar)
        self.side_summary = QLabel()
        box.addWidget(self.side_summary)
        self.side = _tree(["Data item", "First", "Second", "Why (first)", "Why (second)"], "Two localities side by side",
                          (240, 150, 150, 260))
        box.addWidget(self.side, 1)
        for combo in (self.side_stage, self.side_first, self.side_second):
            combo.currentIndexChanged.connect(self._refresh_side)
        return page

    def _fill_choices(self) -> None:
        """(Re)fill the pickers from the graph, keeping what was chosen where it still exists."""
        graph = self.graph

        def refill(combo: QComboBox, everything: str | None, entries: list[tuple[str, object]]) -> None:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if everything is not None:
                combo.addItem(everything, None)
            for text, data in entries:
                combo.addItem(text, data)
            at = combo.findData(chosen) if chosen is not None else -1
            combo.setCurrentIndex(at if at >= 0 else 0)
            combo.blockSignals(False)

        stages = [(name(graph, s), s) for s in nodes_of(graph, "stage")]
        places = [(name(graph, p), p) for p in nodes_of(graph, "locality")]
        refill(self.stage_filter, "All stages", stages)
        refill(self.category_filter, "All categories", [(CATEGORY.label(c), c) for c in categories_in_use(graph)])
        refill(self.holder_filter, "All holders", [(name(graph, a), a) for a in holders_in_use(graph)])
        refill(self.status_filter, "Any status", [(f"{ACCESS_LETTER[s]} {ACCESS.label(s)} somewhere", s)
                                                 for s in ACCESS.values])
        refill(self.side_stage, None, stages)
        first_choice = self.side_first.currentData()
        refill(self.side_first, None, places)
        refill(self.side_second, None, places)
        if first_choice is None and self.side_second.count() > 1:
            self.side_second.setCurrentIndex(1)

    # ---- the matrix ------------------------------------------------------------------------

    def current_filter(self) -> MatrixFilter:
        return MatrixFilter(stage=self.stage_filter.currentData(), category=self.category_filter.currentData(),
                            holder=self.holder_filter.currentData(), status=self.status_filter.currentData(),
                            text=self.search.text().strip())

    def _filter_changed(self, *_args) -> None:
        self.model.set_filter(self.current_filter(), self.by_variation.isChecked())
        self._refresh_matrix_summary()

    def _refresh_matrix_summary(self) -> None:
        items = len({row[1] for row in self.model.rows if row[0] == "item"})
        total = len(nodes_of(self.graph, "item"))
        key = "   ".join(f"{ACCESS_LETTER[s]} {ACCESS.label(s).lower()}" for s in ACCESS.values)
        self.matrix_summary.setText(f"{items} of {plural(total, 'data item')} × "
                                    f"{plural(len(self.model.localities), 'locality')}.   "
                                    f"{key}.   Hover a cell for the reason and action; click it (or press A, P, B or ?) "
                                    "to change it.")

    def _cell_clicked(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        if key is None:
            return
        item, locality = key
        current = self.model.status_at(index)
        menu = QMenu(self)
        menu.setAccessibleName("Set access status")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = menu.addAction(f"{name(self.graph, item)} in {name(self.graph, locality)}")
        title.setEnabled(False)
        group = QActionGroup(menu)
        for state in ACCESS.values:
            action = QAction(f"{ACCESS_LETTER[state]}  {ACCESS.label(state)}", menu, checkable=True)
            action.setChecked(state == current)
            action.setData(state)
            group.addAction(action)
            menu.addAction(action)
            action.triggered.connect(lambda _=False, s=state: self.set_status(item, locality, s))
        self.status_menu = menu  # kept for tests and keyboard users
        rect = self.table.visualRect(index)
        menu.popup(self.table.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom())))

    def _status_key(self, state: str) -> None:
        key = self.table.currentIndex().data(KEY_ROLE)
        if key is not None:
            self.set_status(*key, state)

    def set_status(self, item, locality, state: str) -> None:
        """Ask for an item's access status in a locality (the same intent a click or a key makes)."""
        edge = self.graph.get_edge_data(item, locality)
        if (edge["status"] if edge else "unknown") == state:
            return
        self.intent.emit(Intent("set", "access", (item[1], locality[1]), {"status": state}))

    # ---- who has solved it, asks, side by side ---------------------------------------------------

    def _refresh_solved(self) -> None:
        graph = self.graph
        self.solved.clear()
        rows = []
        for entry in who_has_solved(graph):
            partly = [loc for loc in entry.partial if loc not in entry.blocked]  # with nothing in the way
            row = QTreeWidgetItem([name(graph, entry.item), name(graph, entry.holder),
                                   names_of(graph, entry.accessible, 8) or "—", names_of(graph, partly, 8) or "—",
                                   names_of(graph, entry.blocked, 8), ask_sentence(graph, entry)])
            full = (f"Accessible in: {names_of(graph, entry.accessible) or 'none fully'}"
                    f"\nPartly accessible, nothing in the way: {names_of(graph, partly) or 'none'}"
                    f"\nBlocked or held back: {names_of(graph, entry.blocked)}"
                    + (f"\nNot known: {plural(len(entry.unknown), 'locality')}" if entry.unknown else "")
                    + ("\nWhy: " + "; ".join(entry.reasons) if entry.reasons else ""))
            for column in range(len(SOLVED_COLUMNS)):
                row.setToolTip(column, full)
            row.setData(0, Qt.ItemDataRole.UserRole, entry.item)
            rows.append(row)
        self.solved.addTopLevelItems(rows)
        if not rows:
            self.solved.addTopLevelItem(QTreeWidgetItem(["No data item is solved in some localities and held "
                                                         "back in others."]))

    def _refresh_asks(self) -> None:
        """Every ask of the map, worked out once (models.asks); the level chosen is then only a regrouping."""
        self._found = asks.all_asks(self.graph)
        for n, level in enumerate(ASK_LEVELS):
            count = sum(a.level == level for a in self._found)
            self.ask_level.setItemText(n, f"{asks.LEVEL_HEADING[level]} ({count})")
        self._show_asks()

    def _show_asks(self, *_args) -> None:
        """The chosen level's asks, ranked, under who must act: each body (each locality for local asks),
        bodies in the order of their first ask, those with no ask agreed yet last."""
        graph, level = self.graph, self.ask_level.currentData() or "national"
        here = [a for a in self._found if a.level == level]
        rank = {id(a): n for n, a in enumerate(here, 1)}
        words: dict[int, tuple[list[str], str]] = {}
        total = len(nodes_of(graph, "locality"))
        if level == "local":
            groups = [(name(graph, loc), loc, found) for loc, found in asks.by_locality(graph, here)]
        else:
            groups = [(owner, None, found) for owner, found in asks.by_owner(here)]
        self.asks.clear()
        self.asks.setColumnHidden(ASK_OWNER_COLUMN, level != "local")
        bold = QFont()
        bold.setBold(True)
        for heading, place, found in groups:
            unagreed = place is None and heading == asks.NO_ASK
            count = plural(len(found), "data item") if unagreed else plural(len(found), "ask")
            group = QTreeWidgetItem([f"{heading} ({count})"])
            group.setFont(0, bold)
            group.setBackground(0, QBrush(GROUP_FILL))
            group.setData(0, Qt.ItemDataRole.UserRole, place or heading)
            self.asks.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for ask in found:
                if id(ask) not in words:  # a local ask helping many localities stands under each: worded once
                    localities = (f"all {total} localities" if len(ask.localities) == total > 1 else
                                  f"{plural(len(ask.localities), 'locality')}: {names_of(graph, ask.localities)}")
                    words[id(ask)] = ([str(rank[id(ask)]), asks.headline(graph, ask), ask.owner_label,
                                       asks.item_words(graph, ask), localities, asks.due_words(ask),
                                       asks.status_words(ask), asks.sentence_case(ask.impact.words(graph))],
                                      "\n".join(f"{label}: {text}" for label, text in asks.details(graph, ask)))
                columns, tip = words[id(ask)]
                row = QTreeWidgetItem(columns)
                for column in range(len(ASK_COLUMNS)):
                    row.setToolTip(column, tip)
                if ask.overdue:  # said in words too; bold only draws the eye
                    row.setFont(5, bold)
                row.setData(0, Qt.ItemDataRole.UserRole, tuple(ask.actions or ask.blockages))
                group.addChild(row)
            group.setExpanded(True)
        if not groups:
            self.asks.addTopLevelItem(QTreeWidgetItem([f"No asks of {asks.LEVEL_ASKED[level]} yet."]))
            self.asks.topLevelItem(0).setFirstColumnSpanned(True)
        overdue = sum(a.overdue for a in here)
        unagreed = sum(not a.agreed for a in here)
        counts = [plural(len(here), "ask")] + [f"{overdue} overdue"] * bool(overdue) + [
            f"{unagreed} with no ask agreed yet"] * bool(unagreed)
        self.asks_summary.setText(f"{asks.LEVEL_HEADING[level]}: {', '.join(counts)}. {ASK_NOTES[level]}")

    def _refresh_side(self, *_args) -> None:
        graph = self.graph
        self.side.clear()
        stage, first, second = (self.side_stage.currentData(), self.side_first.currentData(),
                                self.side_second.currentData())
        if stage is None or first is None or second is None or stage not in graph:
            self.side_summary.setText("Choose a stage and two localities.")
            return
        self.side.setHeaderLabels(["Data item", name(graph, first), name(graph, second),
                                   f"Why ({name(graph, first)})", f"Why ({name(graph, second)})"])
        rows = side_by_side(graph, stage, first, second)
        bold = QFont()
        bold.setBold(True)
        for entry in rows:
            marker = "≠ " if entry.differs else "   "
            row = QTreeWidgetItem([marker + name(graph, entry.item),
                                   f"{ACCESS_LETTER[entry.first]}  {ACCESS.label(entry.first)}",
                                   f"{ACCESS_LETTER[entry.second]}  {ACCESS.label(entry.second)}",
                                   "; ".join(entry.first_reasons), "; ".join(entry.second_reasons)])
            for column, state in ((1, entry.first), (2, entry.second)):
                row.setForeground(column, QBrush(QColor(ACCESS_COLOUR[state]).darker(175)))  # ≥ 4.5:1 on white
            if entry.differs:
                for column in range(5):
                    row.setBackground(column, QBrush(DIFFERS))
                    row.setFont(column, bold)
            row.setData(0, Qt.ItemDataRole.UserRole, entry.item)
            self.side.addTopLevelItem(row)
        differing = sum(r.differs for r in rows)
        self.side_summary.setText(f"{name(graph, stage)}: {differing} of {plural(len(rows), 'data item')} "
                                  f"{'differs' if differing == 1 else 'differ'} between "
                                  f"{name(graph, first)} and {name(graph, second)} (marked ≠ and highlighted).")

    def _page_shown(self, index: int) -> None:
        page = self.PAGES[index] if 0 <= index < len(self.PAGES) else ""
        if page in self._stale:
            self._stale.discard(page)
            {"solved": self._refresh_solved, "asks": self._refresh_asks, "side": self._refresh_side}[page]()

    def show_page(self, page: str) -> None:
        self.tabs.setCurrentIndex(self.PAGES.index(page))

    # ---- the view contract ------------------------------------------------------------------

    def sync(self, graph: nx.DiGraph, change) -> None:
        """Redraw what `change` names: cell rows of changed items; everything on a reload or a
        change of stages, localities or agencies. The lists on the other pages are redone when shown."""
        self.graph = graph
        touched = set(change.updated) | set(change.removed)
        kinds = {k[0] for k in touched}
        structural = change.kind == "reloaded" or kinds & {"stage", "locality", "agency"} or any(
            k[0] == "item" for k in change.removed) or any(k[0] == "item" and k not in self.model._row_of
                                                           for k in change.updated)
        if structural:
            self._fill_choices()
            self.model.rebuild(graph)
        else:
            items = {k for k in touched if k[0] == "item"}
            for key in touched:
                if key[0] == "blockage" and key in graph:
                    items.add(("item", graph.nodes[key]["item_id"]))
                elif key[0] == "action" and key in graph:
                    blockage = ("blockage", graph.nodes[key]["blockage_id"])
                    if blockage in graph:
                        items.add(("item", graph.nodes[blockage]["item_id"]))
            if kinds & {"blockage", "action"}:
                self._fill_choices()  # a new category may now be in use
            wanted = self.model.wanted
            if self.model.by_variation or wanted.status or wanted.category:
                self.model.relayout(graph)  # an edit can move an item or take it out of the filter
            elif any(k[0] in ("blockage", "action") for k in change.removed):
                self.model.refresh_items(graph, set(self.model._row_of))
            else:
                self.model.refresh_items(graph, items)
        self._refresh_matrix_summary()
        self._stale = set(self.PAGES[1:])
        self._page_shown(self.tabs.currentIndex())
