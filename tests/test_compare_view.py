"""The compare view driven for real: click a matrix cell, pick a status, the map changes, undo puts it back."""

from PySide6.QtCore import QPoint, Qt

from app.document import Document
from app.intents import carry_out
from models import services
from models.analysis import status
from models.compare import who_has_solved
from models.graph import build_graph, nodes_of
from models.vocabulary import ACCESS_LETTER
from views.compare import CompareWidget
from views.compare_model import KEY_ROLE, STATUS_ROLE


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
    assert columns[2:5] == ["Accessible in", "Partly accessible in", "Blocked in"]
    row = next(widget.solved.topLevelItem(n) for n in range(widget.solved.topLevelItemCount())
               if widget.solved.topLevelItem(n).text(0) == "Live birth notifications")
    assert "Wigan" not in row.text(2) and "Wigan" in row.text(3)
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
    QApplication.processEvents()
    tree = widget.asks
    row = tree.topLevelItem(0)
    index = tree.indexFromItem(row, 4)
    line = tree.fontMetrics().height()
    width = tree.columnWidth(4)
    assert tree.fontMetrics().horizontalAdvance(row.text(4)) > 2 * width  # a long sentence…
    tall = tree.visualRect(index).height()
    assert tall >= 3 * line  # …is shown on three lines or more
    tree.setColumnWidth(4, width * 2)  # a wider column: fewer lines
    qtbot.waitUntil(lambda: tree.visualRect(index).height() < tall)
