"""The tables: real cell edits reach the map file through intents and undo; the tables follow the map."""

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit
from sqlalchemy import select

from app.intents import carry_out
from models.entities import Access, Action, Blockage, DataItem, Need, Stage
from models.graph import nodes_of
from models.services import Change
from views.table_models import AccessGridModel, ItemTableModel
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401
from views.intents import Intent
from views.tables import TablesWidget




@pytest.fixture
def tables(qtbot, document):
    widget = TablesWidget()
    qtbot.addWidget(widget)
    widget.intent.connect(lambda intent: carry_out(document, intent))
    document.changed.connect(lambda change: widget.sync(document.graph, change))
    widget.sync(document.graph, Change("reloaded"))
    widget.resize(1366, 768)
    widget.show()
    return widget


def item_names(document):
    with document.store.read() as conn:
        return set(conn.execute(select(DataItem.name)).scalars())


def cell(page, key, column):
    """The view's index of a node's cell."""
    return page.proxy.mapFromSource(page.model.index(page.model.row_of(key), column))


def column_of(page, header):
    model = page.model
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)


def type_into_cell(qtbot, page, index, text):
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = page.view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState)


def pick_in_cell(qtbot, page, index, label):
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    combo = page.view.focusWidget()
    assert isinstance(combo, QComboBox)
    at = combo.findText(label)
    assert at >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(at)
    combo.activated.emit(at)
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState)


def test_every_tab_is_there_with_the_maps_rows(tables, document):
    titles = [tables.tabText(i) for i in range(tables.count())]
    assert titles == ["Stages", "Data items", "Agencies", "Localities", "Access", "Blockages", "Actions"]
    for kind in ("stage", "item", "agency", "locality", "blockage", "action"):
        assert tables.pages[kind].model.rowCount() == len(nodes_of(document.graph, kind)) > 0
    grid = tables.pages["access"].model
    assert (grid.rowCount(), grid.columnCount()) == (len(nodes_of(document.graph, "item")),
                                                      len(nodes_of(document.graph, "locality")))


def test_renaming_a_data_item_in_its_cell_saves_it_and_undo_puts_it_back(qtbot, tables, document):
    page = tables.pages["item"]
    key = nodes_of(document.graph, "item")[0]
    old = document.graph.nodes[key]["name"]
    tables.setCurrentWidget(page)
    type_into_cell(qtbot, page, cell(page, key, 0), "Live births (renamed)")
    assert "Live births (renamed)" in item_names(document)
    assert old not in item_names(document)
    assert cell(page, key, 0).data() == "Live births (renamed)"
    document.undo_stack.undo()
    assert old in item_names(document)
    assert cell(page, key, 0).data() == old


@pytest.mark.parametrize("bad", ["   ", "duplicate"])
def test_a_blank_or_duplicate_name_is_refused_with_the_services_message(qtbot, tables, document, bad):
    page = tables.pages["item"]
    first, second = nodes_of(document.graph, "item")[:2]
    text = document.graph.nodes[second]["name"] if bad == "duplicate" else bad
    before = item_names(document)
    with qtbot.waitSignal(document.error) as blocker:
        type_into_cell(qtbot, page, cell(page, first, 0), text)
    assert ("needs a name" in blocker.args[0]) if bad != "duplicate" else ("already a data item" in blocker.args[0])
    assert item_names(document) == before
    assert cell(page, first, 0).data() == document.graph.nodes[first]["name"]
    assert document.undo_stack.count() == 0


def test_choosing_the_holder_from_the_list_of_agencies(qtbot, tables, document):
    page = tables.pages["item"]
    key = nodes_of(document.graph, "item")[0]
    agency = next(a for a in nodes_of(document.graph, "agency") if a[1] != document.graph.nodes[key]["holder_id"])
    name = document.graph.nodes[agency]["name"]
    column = column_of(page, "Held by")
    pick_in_cell(qtbot, page, cell(page, key, column), name)
    with document.store.read() as conn:
        assert conn.execute(select(DataItem.holder_id).where(DataItem.id == key[1])).scalar() == agency[1]
    assert cell(page, key, column).data() == name
    pick_in_cell(qtbot, page, cell(page, key, column), "No holder")
    with document.store.read() as conn:
        assert conn.execute(select(DataItem.holder_id).where(DataItem.id == key[1])).scalar() is None
    assert cell(page, key, column).data() == "No holder"


def test_yes_no_and_months_cells(qtbot, tables, document):
    page = tables.pages["item"]
    key = nodes_of(document.graph, "item")[0]
    pick_in_cell(qtbot, page, cell(page, key, column_of(page, "Pseudonymised data would do")), "No")
    type_into_cell(qtbot, page, cell(page, key, column_of(page, "Months in arrears")), "7")
    with document.store.read() as conn:
        row = conn.execute(select(DataItem.pseudonymised_ok, DataItem.months_in_arrears)
                           .where(DataItem.id == key[1])).one()
    assert (row.pseudonymised_ok, row.months_in_arrears) == (False, 7)
    assert cell(page, key, column_of(page, "Pseudonymised data would do")).data() == "No"
    with qtbot.waitSignal(document.error):
        type_into_cell(qtbot, page, cell(page, key, column_of(page, "Months in arrears")), "lots")
    assert cell(page, key, column_of(page, "Months in arrears")).data() == "7"


def test_ticking_a_stage_column_puts_the_item_in_its_circle(qtbot, tables, document):
    page = tables.pages["item"]
    model: ItemTableModel = page.model
    stage = nodes_of(document.graph, "stage")[-1]
    key = next(i for i in nodes_of(document.graph, "item") if not document.graph.has_edge(stage, i))
    column = model.first_stage_column + model.stages.index(stage)
    index = cell(page, key, column)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    page.view.model().setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)

    def needed():
        with document.store.read() as conn:
            return conn.execute(select(Need).where(Need.stage_id == stage[1], Need.item_id == key[1])).first()

    assert needed() is not None
    assert cell(page, key, column).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    stage_page = tables.pages["stage"]
    count = column_of(stage_page, "Data items needed")
    assert cell(stage_page, stage, count).data() == str(len(list(document.graph.successors(stage))))
    document.undo_stack.undo()
    assert needed() is None
    assert cell(page, key, column).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_an_access_cell_shows_letter_and_colour_and_edits_the_status(qtbot, tables, document):
    page = tables.pages["access"]
    grid: AccessGridModel = page.model
    item, locality = grid.items[0], grid.localities[0]
    index = cell(page, item, 0)
    assert index.data() in ("A", "P", "B", "?")
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    target = "blocked" if grid.status_at(page.proxy.mapToSource(index)) != "blocked" else "accessible"
    label = {"blocked": "B  Blocked", "accessible": "A  Accessible"}[target]
    pick_in_cell(qtbot, page, index, label)

    def saved():
        with document.store.read() as conn:
            return conn.execute(select(Access.status).where(Access.item_id == item[1],
                                                            Access.locality_id == locality[1])).scalar()

    assert saved() == target
    assert index.data() == {"blocked": "B", "accessible": "A"}[target]
    document.undo_stack.undo()
    assert saved() != target
    # Typing a letter on selected cells sets them all.
    page.view.setFocus()
    page.view.selectionModel().clear()
    for column in (0, 1):
        page.view.selectionModel().select(cell(page, item, column),
                                          page.view.selectionModel().SelectionFlag.Select)
    qtbot.keyClick(page.view, Qt.Key.Key_P)
    with document.store.read() as conn:
        statuses = conn.execute(select(Access.status).where(
            Access.item_id == item[1], Access.locality_id.in_([grid.localities[0][1], grid.localities[1][1]])
        )).scalars().all()
    assert statuses == ["partial", "partial"]


def test_adding_from_the_bar_and_removing_with_the_delete_key(qtbot, tables, document):
    page = tables.pages["item"]
    tables.setCurrentWidget(page)
    qtbot.keyClicks(page.add_text, "Free school meals")
    qtbot.keyClick(page.add_text, Qt.Key.Key_Return)
    assert "Free school meals" in item_names(document)
    assert page.add_text.text() == ""
    key = page.current_key()
    assert document.graph.nodes[key]["name"] == "Free school meals"
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert "Free school meals" not in item_names(document)
    assert page.model.row_of(key) == -1
    document.undo_stack.undo()
    assert "Free school meals" in item_names(document)
    assert page.model.row_of(key) >= 0


def test_removing_an_item_takes_its_blockages_off_their_tab_and_undo_brings_them_back(tables, document):
    blockage = nodes_of(document.graph, "blockage")[0]
    item = ("item", document.graph.nodes[blockage]["item_id"])
    tables.select_node(item)
    assert tables.currentWidget() is tables.pages["item"]
    tables.pages["item"].remove_button.click()
    assert tables.pages["blockage"].model.row_of(blockage) == -1
    assert tables.pages["access"].model.row_of(item) == -1
    document.undo_stack.undo()
    assert tables.pages["blockage"].model.row_of(blockage) >= 0
    assert tables.pages["access"].model.row_of(item) >= 0


def test_adding_a_blockage_and_an_action_from_their_bars(qtbot, tables, document):
    page = tables.pages["blockage"]
    tables.setCurrentWidget(page)  # the add bar's lists are filled when its tab is shown
    item = nodes_of(document.graph, "item")[0]
    fields = page.add_fields
    fields["item_id"].setCurrentIndex(fields["item_id"].findData(item[1]))
    fields["locality_id"].setCurrentIndex(fields["locality_id"].findText("All localities"))
    fields["category"].setCurrentIndex(fields["category"].findData("consent"))
    qtbot.keyClicks(fields["reason"], "No consent asked for")
    qtbot.keyClick(fields["reason"], Qt.Key.Key_Return)
    with document.store.read() as conn:
        row = conn.execute(select(Blockage).where(Blockage.reason == "No consent asked for")).one()
        assert (row.item_id, row.locality_id, row.category) == (item[1], None, "consent")
    blockage = ("blockage", row.id)
    assert page.model.row_of(blockage) >= 0
    actions = tables.pages["action"]
    tables.setCurrentWidget(actions)
    combo = actions.add_fields["blockage_id"]
    combo.setCurrentIndex(combo.findData(row.id))
    actions.add_fields["level"].setCurrentIndex(actions.add_fields["level"].findData("national"))
    qtbot.keyClicks(actions.add_fields["step"], "Ask the ICO")
    qtbot.keyClick(actions.add_fields["step"], Qt.Key.Key_Return)
    with document.store.read() as conn:
        action = conn.execute(select(Action).where(Action.step == "Ask the ICO")).one()
    assert (action.blockage_id, action.level) == (row.id, "national")
    assert actions.model.row_of(("action", action.id)) >= 0
    # A blank reason is refused and nothing is added.
    tables.setCurrentWidget(page)
    before = page.model.rowCount()
    with qtbot.waitSignal(document.error):
        qtbot.keyClick(fields["reason"], Qt.Key.Key_Return)
    assert page.model.rowCount() == before


def test_moving_a_stage_down_the_journey(tables, document):
    page = tables.pages["stage"]
    first, second = nodes_of(document.graph, "stage")[:2]
    tables.select_node(first)
    move_down = next(b for b in page.findChildren(type(page.remove_button)) if b.text() == "Move down")
    move_down.click()
    with document.store.read() as conn:
        order = conn.execute(select(Stage.id).order_by(Stage.position)).scalars().all()
    assert order[:2] == [second[1], first[1]]
    assert page.view.model().index(0, 1).data() == document.graph.nodes[second]["name"]
    assert page.current_key() == first
    document.undo_stack.undo()
    assert page.view.model().index(0, 1).data() == document.graph.nodes[first]["name"]


def test_the_filter_keeps_matching_rows_in_any_case(qtbot, tables, document):
    page = tables.pages["agency"]
    qtbot.keyClicks(page.filter, "hmrc")
    names = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert names and all("hmrc" in page.model.row_text(page.model.row_of(k)).casefold()
                         for k in nodes_of(document.graph, "agency") if document.graph.nodes[k]["name"] in names)
    assert page.proxy.rowCount() < page.model.rowCount()
    page.filter.clear()
    assert page.proxy.rowCount() == page.model.rowCount()


def test_sorting_by_a_column(tables, document):
    page = tables.pages["item"]
    column = column_of(page, "Data item")
    page.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    shown = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
    assert shown == sorted(shown, key=str.casefold, reverse=True)


def test_selection_goes_out_and_comes_in(qtbot, tables, document):
    agency = nodes_of(document.graph, "agency")[2]
    with qtbot.assertNotEmitted(tables.node_selected):
        tables.select_node(agency)
    assert tables.currentWidget() is tables.pages["agency"]
    assert tables.pages["agency"].current_key() == agency
    page = tables.pages["locality"]
    tables.setCurrentWidget(page)
    locality = nodes_of(document.graph, "locality")[3]
    with qtbot.waitSignal(tables.node_selected) as blocker:
        page.view.setCurrentIndex(cell(page, locality, 0))
    assert blocker.args == [locality]


def test_read_only_tables_refuse_edits(qtbot, tables, document):
    tables.set_read_only(True)
    page = tables.pages["item"]
    key = nodes_of(document.graph, "item")[0]
    assert not page.view.model().flags(cell(page, key, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not page.remove_button.isEnabled()
    page.view.setCurrentIndex(cell(page, key, 0))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert document.graph.nodes[key]["name"] in item_names(document)
    assert document.undo_stack.count() == 0
    tables.set_read_only(False)
    assert page.view.model().flags(cell(page, key, 0)) & Qt.ItemFlag.ItemIsEditable


def test_an_edit_redraws_only_its_row(qtbot, tables, document):
    """A rename must not reset the table (that would lose the selection and the scroll position)."""
    model = tables.pages["item"].model
    key = nodes_of(document.graph, "item")[1]
    changed = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(tables.pages["stage"].model.modelReset):
        carry_out(document, __import__("views.intents", fromlist=["Intent"]).Intent(
            "edit", "item", key[1], {"name": "Renamed"}))
    row = model.row_of(key)
    assert (row, row) in changed


def test_a_reload_resets_to_the_new_graph(tables, document):
    key = nodes_of(document.graph, "locality")[0]
    with document.store.write() as session:  # an edit made outside the undo stack, then a reload
        from models.entities import Locality
        session.get(Locality, key[1]).name = "Renamed borough"
    document.reload()
    page = tables.pages["locality"]
    assert page.model.index(page.model.row_of(key), 0).data() == "Renamed borough"
    assert tables.pages["access"].model.headerData(
        tables.pages["access"].model.localities.index(key), Qt.Orientation.Horizontal) == "Renamed borough"


def test_the_access_grid_is_lazy_at_national_scale(qtbot):
    """152 localities × 400 items: no cell is computed until it is asked for."""
    import networkx as nx

    graph = nx.DiGraph()
    for i in range(400):
        graph.add_node(("item", i), kind="item", id=i, name=f"Item {i:03}", holder_id=None)
    for j in range(152):
        graph.add_node(("locality", j), kind="locality", id=j, name=f"Council {j:03}")
    graph.add_edge(("item", 5), ("locality", 7), kind="access", status="blocked", said_by="", said_on=None)
    model = AccessGridModel()
    model.reset(graph)
    assert (model.rowCount(), model.columnCount()) == (400, 152)
    assert model.data(model.index(5, 7)) == "B"
    assert model.data(model.index(399, 151)) == "?"
    assert model.data(model.index(5, 7), Qt.ItemDataRole.BackgroundRole).color().name() == "#d55e00"
    assert not model.index(400, 0).isValid() and model.data(QModelIndex()) is None


def test_built_on_a_graph_it_shows_the_map_at_once(qtbot, document):
    widget = TablesWidget(document.graph)
    qtbot.addWidget(widget)
    assert widget.pages["item"].model.rowCount() == len(nodes_of(document.graph, "item")) > 0


def test_a_new_blockage_is_in_a_locality_unless_all_localities_is_chosen(qtbot, tables, document):
    page = tables.pages["blockage"]
    tables.setCurrentWidget(page)
    graph = document.graph
    first, wigan = nodes_of(graph, "locality")[0], next(
        k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    fields = page.add_fields
    assert fields["locality_id"].currentData() == first[1]  # one Enter never adds a national blockage

    def add(reason):
        qtbot.keyClicks(fields["reason"], reason)
        qtbot.keyClick(fields["reason"], Qt.Key.Key_Return)
        with document.store.read() as conn:
            return conn.execute(select(Blockage).where(Blockage.reason == reason)).one().locality_id

    assert add("Not asked yet") == first[1]
    tables.set_locality(wigan)  # the diagram shows Wigan
    assert fields["locality_id"].currentText() == "Wigan"
    assert add("Waiting for the DPO") == wigan[1]
    tables.set_locality(None)  # all localities in the diagram: still a locality here
    assert fields["locality_id"].currentData() == first[1]
    combo = fields["locality_id"]
    combo.setCurrentIndex(combo.findText("All localities"))  # national only when chosen
    combo.activated.emit(combo.currentIndex())
    assert add("No gateway in law") is None


def test_the_blockage_bar_follows_the_diagrams_locality(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    graph = window.document.graph
    wigan = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    bury = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Bury")
    picker = window.diagram.locality_picker
    picker.setCurrentIndex(picker.findData(wigan))  # as a user picks it, before the tables are first shown
    assert window.tables is None
    window.workspaces.actions_["tables"].trigger()
    page = window.tables.pages["blockage"]
    window.tables.setCurrentWidget(page)
    assert page.add_fields["locality_id"].currentData() == wigan[1]
    picker.setCurrentIndex(picker.findData(bury))  # and after
    assert page.add_fields["locality_id"].currentData() == bury[1]


def test_a_localitys_counts_add_up_to_every_data_item(tables, document):
    page = tables.pages["locality"]
    graph = document.graph
    items = len(nodes_of(graph, "item"))
    headers = ["A Accessible", "P Partly accessible", "B Blocked", "? Unknown"]
    for key in nodes_of(graph, "locality"):
        row = page.model.row_of(key)
        counts = [int(page.model.index(row, column_of(page, h)).data()) for h in headers]
        assert sum(counts) == items
    wigan = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    before = int(page.model.index(page.model.row_of(wigan), column_of(page, "? Unknown")).data())
    carry_out(document, Intent("add", "item", None, {"name": "Housing arrears"}))
    assert int(page.model.index(page.model.row_of(wigan), column_of(page, "? Unknown")).data()) == before + 1
