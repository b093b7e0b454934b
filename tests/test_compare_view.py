"""The compare view driven for real: click a matrix cell, pick a status, the map changes, undo puts it back;
the asks by who must act are models.asks' own, in its ranking."""

from PySide6.QtCore import Qt

from app.document import Document
from app.intents import carry_out
from models import asks, services
from models.analysis import status
from models.compare import who_has_solved
from models.graph import build_graph, nodes_of
from models.vocabulary import ACCESS_LETTER
from views.compare import CompareWidget
from views.compare_model import KEY_ROLE, STATUS_ROLE
from views.intents import Intent


def _setup(qtbot, store):
    document = Document(store)
    widget = CompareWidget(document.graph)
    qtbot.addWidget(widget)
    widget.intent.connect(lambda intent: carry_out(document, intent))
    document.changed.connect(lambda change: widget.sync(document.graph, change))
    widget.resize(1366, 768)
    widget.show()
    return document, widget


def _by_name(graph, kind):
    return {graph.nodes[k]["name"]: k for k in graph if k[0] == kind}


def _index(widget, item, locality):
    model = widget.model
    for row, (kind, key, _) in enumerate(model.rows):
        if kind == "item" and key == item:
            return model.index(row, model.localities.index(locality))
    raise AssertionError("item not shown")


def test_click_a_cell_pick_a_status_then_undo(qtbot, sample_store):
    document, widget = _setup(qtbot, sample_store)
    items, places = _by_name(document.graph, "item"), _by_name(document.graph, "locality")
    births, bury = items["Live birth notifications"], places["Bury"]
    assert status(build_graph(sample_store), births, bury) == "blocked"
    index = _index(widget, births, bury)
    widget.table.scrollTo(index)
    rect = widget.table.visualRect(index)
    qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    menu = widget.status_menu
    qtbot.waitUntil(menu.isVisible)
    choice = next(a for a in menu.actions() if a.data() == "accessible")
    choice.trigger()
    assert status(build_graph(sample_store), births, bury) == "accessible"  # the database changed
    assert _index(widget, births, bury).data(STATUS_ROLE) == "accessible"  # and the view followed
    assert _index(widget, births, bury).data() == ACCESS_LETTER["accessible"]
    document.undo_stack.undo()
    assert status(build_graph(sample_store), births, bury) == "blocked"
    assert _index(widget, births, bury).data(STATUS_ROLE) == "blocked"


def test_status_keys_on_the_current_cell(qtbot, sample_store):
    document, widget = _setup(qtbot, sample_store)
    items, places = _by_name(document.graph, "item"), _by_name(document.graph, "locality")
    item, wigan = items["School attendance"], places["Wigan"]
    before = status(document.graph, item, wigan)
    widget.table.setCurrentIndex(_index(widget, item, wigan))
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_B)
    assert status(build_graph(sample_store), item, wigan) == "blocked" != before
    assert document.undo_stack.count() == 1
    qtbot.keyClick(widget.table, Qt.Key.Key_U)
    assert status(build_graph(sample_store), item, wigan) == "unknown"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert status(build_graph(sample_store), item, wigan) == before


def test_hover_text_and_filters(qtbot, sample_store):
    document, widget = _setup(qtbot, sample_store)
    items, places = _by_name(document.graph, "item"), _by_name(document.graph, "locality")
    tip = _index(widget, items["Live birth notifications"], places["Bury"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "legal advice" in tip and "Action" in tip
    stage = nodes_of(document.graph, "stage")[1]
    widget.stage_filter.setCurrentIndex(widget.stage_filter.findData(stage))
    shown = {key for kind, key, _ in widget.model.rows if kind == "item"}
    assert shown == set(document.graph.adj[stage])
    widget.stage_filter.setCurrentIndex(0)
    widget.status_filter.setCurrentIndex(widget.status_filter.findData("blocked"))
    for kind, key, _ in widget.model.rows:
        if kind == "item":
            assert any(status(document.graph, key, p) == "blocked" for p in places.values())
    qtbot.keyClicks(widget.search, "HMRC")
    qtbot.waitUntil(lambda: all("HMRC" in document.graph.nodes[k]["name"]
                                for kind, k, _ in widget.model.rows if kind == "item"))
    widget.by_variation.setChecked(True)
    assert widget.model.by_variation


def test_other_pages_follow_edits(qtbot, sample_store):
    document, widget = _setup(qtbot, sample_store)
    widget.show_page("solved")
    assert widget.solved.topLevelItemCount() == len(who_has_solved(document.graph))
    widget.show_page("side")
    places = _by_name(document.graph, "locality")
    widget.side_first.setCurrentIndex(widget.side_first.findData(places["Bolton"]))
    widget.side_second.setCurrentIndex(widget.side_second.findData(places["Bury"]))
    highlighted = [widget.side.topLevelItem(n).text(0) for n in range(widget.side.topLevelItemCount())
                   if widget.side.topLevelItem(n).text(0).startswith("≠")]
    assert any("Live birth notifications" in t for t in highlighted)
    widget.show_page("asks")
    asks_before = widget.asks.topLevelItemCount()
    assert asks_before > 0
    # A new locality (a structural change) gives the matrix a new column.
    columns = widget.model.columnCount()
    carry_out(document, __import__("views.intents", fromlist=["Intent"]).Intent("add", "locality", None,
                                                                               {"name": "Blackpool"}))
    assert widget.model.columnCount() == columns + 1
    document.undo_stack.undo()
    assert widget.model.columnCount() == columns


def test_national_scale_matrix_scrolls(qtbot, tmp_path):
    from benchmarks.national import make_national_map
    from models.store import MapStore

    path = tmp_path / "national.needmap"
    make_national_map(path, localities=152, items=40)
    store = MapStore.open(path)
    try:
        document, widget = _setup(qtbot, store)
        assert widget.model.columnCount() == 152
        header = widget.table.horizontalHeader()
        assert header.sizeHint().height() > 40  # names written upwards, not cut to a few letters
        bar = widget.table.horizontalScrollBar()
        assert bar.maximum() > 0
        bar.setValue(bar.maximum())
        widget.table.viewport().repaint()
        assert widget.table.verticalHeader().isVisible()  # the item column stays while localities scroll
        last = widget.model.index(1, 151)
        assert widget.table.viewport().rect().intersects(widget.table.visualRect(last))
        assert last.data(KEY_ROLE)[1] == widget.model.localities[151]
        document.undo_stack.clear()
    finally:
        store.close()


def test_view_never_imports_storage_or_the_app():
    """The compare view reads the graph through models' pure functions; it never touches SQL or app/."""
    import ast
    from pathlib import Path

    for source in ("views/compare.py", "views/compare_model.py"):
        tree = ast.parse((Path(__file__).parent.parent / source).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in imported if m.split(".")[0] in ("sqlalchemy", "app")}, source


def test_who_has_solved_and_row_tips_count_fully_accessible_apart(qtbot, sample_store):
    """As the report counts: “Accessible in” is fully accessible only; partly accessible is its own column."""
    items, places = _by_name(build_graph(sample_store), "item"), _by_name(build_graph(sample_store), "locality")
    births = items["Live birth notifications"]
    services.set_access(sample_store, births[1], places["Wigan"][1], "partial")
    document, widget = _setup(qtbot, sample_store)
    graph = document.graph
    widget.show_page("solved")
    header = widget.solved.headerItem()
    columns = [header.text(n) for n in range(header.columnCount())]
    assert columns[2:5] == ["Accessible in", "Partly accessible, nothing in the way", "Blocked or held back"]
    row = next(widget.solved.topLevelItem(n) for n in range(widget.solved.topLevelItemCount())
               if widget.solved.topLevelItem(n).text(0) == "Live birth notifications")
    entry = next(e for e in who_has_solved(graph) if e.item == births)
    # Wigan is partly accessible now, but its blockage is still recorded: held back, not partly solved.
    assert places["Wigan"] in entry.partial and places["Wigan"] in entry.blocked
    assert "Wigan" not in row.text(2) and "Wigan" not in row.text(3) and "Wigan" in row.text(4)
    assert row.text(3) == "—"  # every partly accessible locality has a blockage recorded: none partly solved
    # Partly accessible with nothing in the way is partly solved: listed as such, and one to learn from.
    salford = places["Salford"]
    assert not [b for b in graph.pred[births] if b[0] == "blockage" and graph.nodes[b]["locality_id"] == salford[1]]
    carry_out(document, Intent("set", "access", (births[1], salford[1]), {"status": "partial"}))
    widget.show_page("matrix")
    widget.show_page("solved")
    row = next(widget.solved.topLevelItem(n) for n in range(widget.solved.topLevelItemCount())
               if widget.solved.topLevelItem(n).text(0) == "Live birth notifications")
    assert row.text(3) == "Salford" and "Salford" not in row.text(4)
    assert "Partly accessible, nothing in the way: Salford" in row.toolTip(0)
    states = [status(graph, births, p) for p in nodes_of(graph, "locality")]
    section = next(n for n, (kind, key, _) in enumerate(widget.model.rows) if key == births)
    tip = widget.model.headerData(section, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert (f"Accessible in {states.count('accessible')} of 10 localities, "
            f"partly accessible in {states.count('partial')};") in tip


def test_not_known_counts_one_locality_in_the_singular(qtbot, sample_store):
    graph = build_graph(sample_store)
    births = _by_name(graph, "item")["Live birth notifications"]
    places = nodes_of(graph, "locality")
    for n, place in enumerate(places):
        state = "blocked" if n == 1 else ("unknown" if n == 2 else "accessible")
        services.set_access(sample_store, births[1], place[1], state)
    document, widget = _setup(qtbot, sample_store)
    widget.show_page("solved")
    row = next(widget.solved.topLevelItem(n) for n in range(widget.solved.topLevelItemCount())
               if widget.solved.topLevelItem(n).text(0) == "Live birth notifications")
    assert "\nNot known: 1 locality\n" in row.toolTip(0) + "\n"


def test_a_long_ask_wraps_in_its_column_rather_than_being_cut(qtbot, sample_store):
    from PySide6.QtWidgets import QApplication

    _document, widget = _setup(qtbot, sample_store)
    widget.show_page("asks")
    tree = widget.asks
    tree.setColumnWidth(1, 120)  # narrow: the ask, not another column, sets the row's height
    QApplication.processEvents()
    rows = [row for _heading, row in _ask_items(tree)]
    row = max(rows, key=lambda r: len(r.text(1)))
    index = tree.indexFromItem(row, 1)
    line = tree.fontMetrics().height()
    width = tree.columnWidth(1)
    assert tree.fontMetrics().horizontalAdvance(row.text(1)) > 2 * width  # a long ask…
    tall = tree.visualRect(index).height()
    assert tall >= 3 * line  # …is shown on three lines or more
    tree.setColumnWidth(1, width * 2)  # a wider column: fewer lines
    qtbot.waitUntil(lambda: tree.visualRect(index).height() < tall)


# ---- asks by who must act -------------------------------------------------------------------


def _ask_items(tree):
    """(the heading's owner or locality, the row) for every ask row, in the order shown."""
    return [(tree.topLevelItem(n).data(0, Qt.ItemDataRole.UserRole), tree.topLevelItem(n).child(c))
            for n in range(tree.topLevelItemCount()) for c in range(tree.topLevelItem(n).childCount())]


def _shown_groups(tree):
    """[(heading key, [ask words, …]), …] as the tree shows them."""
    groups = []
    for heading, row in _ask_items(tree):
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(row.text(1))
    return groups


def _asks_widget(qtbot, document, level=None):
    widget = CompareWidget(document.graph)
    qtbot.addWidget(widget)
    widget.intent.connect(lambda intent: carry_out(document, intent))
    document.changed.connect(lambda change: widget.sync(document.graph, change))
    widget.resize(1366, 768)
    widget.show_page("asks")
    if level is not None:
        widget.ask_level.setCurrentIndex(widget.ask_level.findData(level))
    return widget


def test_national_asks_are_shown_by_owner_in_the_asks_ranking(qtbot, document):
    graph = document.graph
    widget = _asks_widget(qtbot, document)
    assert widget.tabs.tabText(widget.tabs.currentIndex()) == "Asks"
    assert widget.ask_level.currentData() == "national"  # national bodies first
    national = asks.asks_at(graph, "national")
    assert len(national) >= 5
    # Grouped by who must act, owners in by_owner's order…
    assert _shown_groups(widget.asks) == [(owner, [asks.headline(graph, a) for a in found])
                                          for owner, found in asks.by_owner(national)]
    # …and each row's rank is its place in the ranking: read by rank, the rows are asks_at's, in order.
    rows = _ask_items(widget.asks)
    by_rank = sorted(rows, key=lambda pair: int(pair[1].text(0)))
    assert [row.text(1) for _, row in by_rank] == [asks.headline(graph, a) for a in national]
    for (_, row), ask in zip(by_rank, national):
        assert row.text(3) == asks.item_words(graph, ask)
        assert row.text(5) == asks.due_words(ask) and row.text(6) == asks.status_words(ask)
        assert row.text(7) == asks.sentence_case(ask.impact.words(graph))
        assert str(len(ask.localities)) in row.text(4)
        assert row.toolTip(1) == "\n".join(f"{label}: {words}" for label, words in asks.details(graph, ask))
    assert widget.asks.isColumnHidden(2)  # the owner is the heading already
    # The asks with none agreed yet come last, under their own heading.
    if any(not a.agreed for a in national):
        assert widget.asks.topLevelItem(widget.asks.topLevelItemCount() - 1).data(0, Qt.ItemDataRole.UserRole) \
            == asks.NO_ASK


def test_national_asks_are_for_national_bodies_not_what_one_borough_has_solved(qtbot, document):
    graph = document.graph
    widget = _asks_widget(qtbot, document)
    births = _by_name(graph, "item")["Live birth notifications"]
    national = asks.asks_at(graph, "national")
    assert all(births not in a.items for a in national)
    assert all("Live birth notifications" not in row.text(3) for _, row in _ask_items(widget.asks))
    # Bolton solved live birth data: that is each locality's own ask, with Bolton to learn from.
    local = asks.asks_at(graph, "local")
    assert any(births in a.items for a in local)
    # The ask to DWP about benefits partly accessible almost everywhere is a national ask, under DWP.
    dwp = [row for owner, row in _ask_items(widget.asks) if owner == "DWP"]
    partly = [a for a in national if a.owner == "DWP" and a.impact.partial]
    assert partly and any(row.text(1) == asks.headline(graph, partly[0]) for row in dwp)
    assert "partly accessible" in next(r for r in dwp if r.text(1) == asks.headline(graph, partly[0])).text(3)


def test_greater_manchester_and_each_locality_are_asked_apart(qtbot, document):
    graph = document.graph
    widget = _asks_widget(qtbot, document, "gm")
    gm = asks.asks_at(graph, "gm")
    assert gm
    assert _shown_groups(widget.asks) == [(owner, [asks.headline(graph, a) for a in found])
                                          for owner, found in asks.by_owner(gm)]
    national = {asks.headline(graph, a) for a in asks.asks_at(graph, "national")}
    assert not national & {row.text(1) for _, row in _ask_items(widget.asks)}
    # Each locality's own asks, under each locality they help, the owner shown beside each.
    widget.ask_level.setCurrentIndex(widget.ask_level.findData("local"))
    local = asks.asks_at(graph, "local")
    assert _shown_groups(widget.asks) == [(place, [asks.headline(graph, a) for a in found])
                                          for place, found in asks.by_locality(graph, local)]
    assert not widget.asks.isColumnHidden(2)
    first_place, found = asks.by_locality(graph, local)[0]
    assert widget.asks.topLevelItem(0).text(0).startswith(graph.nodes[first_place]["name"])
    assert widget.asks.topLevelItem(0).child(0).text(2) == found[0].owner_label
    counts = [widget.ask_level.itemText(n) for n in range(widget.ask_level.count())]
    assert counts == [f"{asks.LEVEL_HEADING[level]} ({len(asks.asks_at(graph, level))})"
                      for level in ("national", "gm", "local")]


def test_an_ask_done_leaves_the_list_and_undo_brings_it_back(qtbot, document):
    graph = document.graph
    widget = _asks_widget(qtbot, document)
    hmrc = next(a for a in asks.asks_at(graph, "national") if a.owner == "HMRC")
    words = asks.headline(graph, hmrc)
    assert words in [row.text(1) for _, row in _ask_items(widget.asks)]
    for action in hmrc.actions:
        carry_out(document, Intent("edit", "action", action[1], {"status": "done"}))
    assert words not in [row.text(1) for _, row in _ask_items(widget.asks)]
    assert _shown_groups(widget.asks) == [(owner, [asks.headline(document.graph, a) for a in found])
                                          for owner, found in asks.by_owner(asks.asks_at(document.graph, "national"))]
    for _ in hmrc.actions:
        document.undo_stack.undo()
    assert words in [row.text(1) for _, row in _ask_items(widget.asks)]
