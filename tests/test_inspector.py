"""The inspector: each field edit reaches the map file as one undoable step; the form follows the map."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit
from sqlalchemy import select

from app.intents import carry_out
from models.entities import Access, Action, Agency, DataItem
from models.graph import nodes_of
from models.services import Change
from views.inspector import InspectorWidget, TextBox
from views.intents import Intent




@pytest.fixture
def inspector(qtbot, document):
    widget = InspectorWidget()
    qtbot.addWidget(widget)
    widget.intent.connect(lambda intent: carry_out(document, intent))
    document.changed.connect(lambda change: widget.sync(document.graph, change))
    widget.sync(document.graph, Change("reloaded"))
    widget.resize(420, 768)
    widget.show()
    return widget


def field(inspector, kind, label):
    """The editor of a field on a kind's form, found by its accessible name."""
    return next(f.widget for f in inspector.forms[kind].fields if f.widget.accessibleName() == label)


def item_row(document, ident):
    with document.store.read() as conn:
        return conn.execute(select(DataItem).where(DataItem.id == ident)).one()


def retype(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    if isinstance(widget, QLineEdit):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    else:
        widget.clearFocus()


def choose(qtbot, combo, label):
    at = combo.findText(label)
    assert at >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(at)
    combo.activated.emit(at)


def test_nothing_shown_until_a_node_is_chosen(inspector, document):
    assert inspector.stack.currentWidget() is inspector.empty
    key = nodes_of(document.graph, "agency")[0]
    inspector.show_node(key)
    assert inspector.stack.currentWidget() is inspector.forms["agency"]
    assert field(inspector, "agency", "Name").text() == document.graph.nodes[key]["name"]
    inspector.show_node(None)
    assert inspector.stack.currentWidget() is inspector.empty


def test_a_data_item_form_shows_every_attribute_with_the_users_words(inspector, document):
    key = nodes_of(document.graph, "item")[0]
    inspector.show_node(key)
    form = inspector.forms["item"]
    names = [f.widget.accessibleName() for f in form.fields]
    assert names == ["Name", "Description", "Held by", "Personal data", "Kind of data", "Form of sharing",
                     "Identifier", "Granularity", "Months in arrears", "Update frequency",
                     "Pseudonymised data would do", "Legal basis or gateway", "Consent needed", "Agreement tier",
                     "Agreement reference"]
    layout: QFormLayout = form.layout_
    labels = [layout.labelForField(f.widget).text() for f in form.fields]
    assert "Held by:" in labels and "Months in arrears:" in labels
    node = document.graph.nodes[key]
    holder = field(inspector, "item", "Held by")
    assert holder.currentData() == node["holder_id"]
    assert field(inspector, "item", "Name").text() == node["name"]
    # Tab order follows the form.
    widgets = [f.widget for f in form.fields]
    assert all(a.nextInFocusChain() is not None for a in widgets)
    for a, b in zip(widgets, widgets[1:]):
        hops, w = 0, a.nextInFocusChain()
        while w is not b and hops < 6:
            w, hops = w.nextInFocusChain(), hops + 1
        assert w is b, (a.accessibleName(), b.accessibleName())


def test_editing_a_name_and_leaving_the_field_saves_it_and_undo_restores_it(qtbot, inspector, document):
    key = nodes_of(document.graph, "item")[0]
    old = document.graph.nodes[key]["name"]
    inspector.show_node(key)
    name = field(inspector, "item", "Name")
    retype(qtbot, name, "Births notified")
    assert item_row(document, key[1]).name == "Births notified"
    assert name.text() == "Births notified"
    assert inspector.title.text() == "Data item: Births notified"
    document.undo_stack.undo()
    assert item_row(document, key[1]).name == old
    assert name.text() == old


def test_a_duplicate_or_blank_name_is_refused_and_the_saved_name_comes_back(qtbot, inspector, document):
    first, second = nodes_of(document.graph, "item")[:2]
    inspector.show_node(first)
    name = field(inspector, "item", "Name")
    old = document.graph.nodes[first]["name"]
    for text, message in ((document.graph.nodes[second]["name"], "already a data item"), ("", "needs a name")):
        with qtbot.waitSignal(document.error) as blocker:
            name.setFocus()
            name.selectAll()
            if text:
                qtbot.keyClicks(name, text)
            else:
                qtbot.keyClick(name, Qt.Key.Key_Delete)
            qtbot.keyClick(name, Qt.Key.Key_Return)
        assert message in blocker.args[0]
        assert item_row(document, first[1]).name == old
        assert name.text() == old
    assert document.undo_stack.count() == 0


def test_choices_yes_no_months_and_long_text(qtbot, inspector, document):
    key = nodes_of(document.graph, "item")[0]
    inspector.show_node(key)
    choose(qtbot, field(inspector, "item", "Granularity"), "Ward")
    choose(qtbot, field(inspector, "item", "Consent needed"), "Yes")
    retype(qtbot, field(inspector, "item", "Months in arrears"), "12")
    retype(qtbot, field(inspector, "item", "Legal basis or gateway"), "Section 115, Crime and Disorder Act 1998")
    row = item_row(document, key[1])
    assert (row.granularity, row.consent_needed, row.months_in_arrears) == ("ward", True, 12)
    assert row.legal_basis == "Section 115, Crime and Disorder Act 1998"
    assert document.undo_stack.count() == 4  # one step per field
    with qtbot.waitSignal(document.error):
        retype(qtbot, field(inspector, "item", "Months in arrears"), "-3")
    assert item_row(document, key[1]).months_in_arrears == 12
    assert field(inspector, "item", "Months in arrears").text() == "12"
    choose(qtbot, field(inspector, "item", "Granularity"), "Not set")
    assert item_row(document, key[1]).granularity is None


def test_leaving_a_field_unchanged_asks_for_nothing(qtbot, inspector, document):
    inspector.show_node(nodes_of(document.graph, "item")[0])
    with qtbot.assertNotEmitted(inspector.intent):
        field(inspector, "item", "Identifier").setFocus()
        qtbot.keyClick(field(inspector, "item", "Identifier"), Qt.Key.Key_Return)
        field(inspector, "item", "Description").setFocus()
        field(inspector, "item", "Description").clearFocus()


def test_the_holder_list_and_a_renamed_agency(qtbot, inspector, document):
    key = nodes_of(document.graph, "item")[0]
    agency = nodes_of(document.graph, "agency")[0]
    inspector.show_node(key)
    choose(qtbot, field(inspector, "item", "Held by"), document.graph.nodes[agency]["name"])
    assert item_row(document, key[1]).holder_id == agency[1]
    carry_out(document, Intent("edit", "agency", agency[1], {"name": "Renamed agency"}))
    holder = field(inspector, "item", "Held by")
    assert holder.currentText() == "Renamed agency"


def test_access_in_the_diagrams_locality(qtbot, inspector, document):
    key = nodes_of(document.graph, "item")[0]
    locality = nodes_of(document.graph, "locality")[0]
    inspector.show_node(key)
    assert inspector.access_status.isHidden()
    inspector.set_locality(locality)
    assert not inspector.access_status.isHidden()
    assert document.graph.nodes[locality]["name"] in inspector.access_box.title()
    target = "partial" if inspector.access_status.currentData() != "partial" else "blocked"
    retype(qtbot, inspector.said_by, "Jo Bloggs, Caldicott guardian")
    choose(qtbot, inspector.access_status, {"partial": "P  Partly accessible", "blocked": "B  Blocked"}[target])
    with document.store.read() as conn:
        row = conn.execute(select(Access.status, Access.said_by).where(
            Access.item_id == key[1], Access.locality_id == locality[1])).one()
    assert (row.status, row.said_by) == (target, "Jo Bloggs, Caldicott guardian")
    document.undo_stack.undo()
    assert inspector.access_status.currentData() != target


def test_an_items_blockages_and_their_actions_are_listed(inspector, document):
    blockage = next(b for b in nodes_of(document.graph, "blockage")
                    if any(a[0] == "action" for a in document.graph.pred[b]))
    node = document.graph.nodes[blockage]
    inspector.show_node(("item", node["item_id"]))
    listed = inspector.forms["item"].notes["blockages"].text()
    assert node["reason"] in listed
    action = next(a for a in document.graph.pred[blockage] if a[0] == "action")
    assert document.graph.nodes[action]["step"] in listed


def test_an_action_due_date_and_status(qtbot, inspector, document):
    key = nodes_of(document.graph, "action")[0]
    inspector.show_node(key)
    retype(qtbot, field(inspector, "action", "Due date"), "31/03/2027")
    choose(qtbot, field(inspector, "action", "Status"), "In progress")
    with document.store.read() as conn:
        row = conn.execute(select(Action.due, Action.status).where(Action.id == key[1])).one()
    assert (str(row.due), row.status) == ("2027-03-31", "in_progress")
    assert field(inspector, "action", "Due date").text() == "31/03/2027"
    with qtbot.waitSignal(document.error) as blocker:
        retype(qtbot, field(inspector, "action", "Due date"), "someday")
    assert "31/03/2026" in blocker.args[0]  # the message says how to write a date
    assert field(inspector, "action", "Due date").text() == "31/03/2027"


def test_the_form_follows_changes_and_empties_when_its_node_is_removed(inspector, document):
    key = nodes_of(document.graph, "agency")[0]
    inspector.show_node(key)
    carry_out(document, Intent("edit", "agency", key[1], {"sector": "Health and care"}))
    assert field(inspector, "agency", "Sector").text() == "Health and care"
    carry_out(document, Intent("remove", "agency", key[1]))
    assert inspector.stack.currentWidget() is inspector.empty
    assert inspector.key is None
    with document.store.read() as conn:
        assert conn.execute(select(Agency).where(Agency.id == key[1])).first() is None
    document.undo_stack.undo()
    inspector.show_node(key)
    assert field(inspector, "agency", "Sector").text() == "Health and care"


def test_every_field_has_an_accessible_name(inspector):
    for form in inspector.forms.values():
        for f in form.fields:
            assert f.widget.accessibleName()
    for kind in (QLineEdit, QComboBox, TextBox):
        widgets = inspector.findChildren(kind)
        assert widgets
        for widget in widgets:
            assert widget.accessibleName(), widget


def test_read_only_forms_ask_for_nothing(qtbot, inspector, document):
    key = nodes_of(document.graph, "stage")[0]
    inspector.show_node(key)
    inspector.set_read_only(True)
    name = field(inspector, "stage", "Name")
    assert name.isReadOnly()
    with qtbot.assertNotEmitted(inspector.intent):
        retype(qtbot, name, "Something else")
    assert document.graph.nodes[key]["name"] != "Something else"
    inspector.set_read_only(False)
    retype(qtbot, name, "Finding families")
    assert document.graph.nodes[key]["name"] == "Finding families"


def test_stage_form_lists_its_circle(inspector, document):
    stage = nodes_of(document.graph, "stage")[0]
    inspector.show_node(stage)
    needs: QLabel = inspector.forms["stage"].notes["needs"]
    needed = [document.graph.nodes[i]["name"] for i in document.graph.successors(stage)]
    assert needed and all(n in needs.text() for n in needed)


def test_built_on_a_graph_it_can_show_a_node_at_once(qtbot, document):
    widget = InspectorWidget(document.graph)
    qtbot.addWidget(widget)
    key = nodes_of(document.graph, "locality")[0]
    widget.show_node(key)
    assert field(widget, "locality", "Name").text() == document.graph.nodes[key]["name"]


def test_choices_show_in_full_in_a_350_pixel_dock(qtbot, inspector, document):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from PySide6.QtWidgets import QApplication

    inspector.resize(350, 768)
    qtbot.waitUntil(lambda: inspector.scroll.width() == 350)
    graph, cut = document.graph, []
    for key in [k for k in graph if k[0] in ("item", "blockage", "action")]:
        inspector.show_node(key)
        form = inspector.forms[key[0]]
        QApplication.processEvents()  # the layout, and a scroll bar that narrows the form
        assert inspector.stack.minimumSizeHint().width() <= inspector.scroll.viewport().width()  # no sideways scroll
        for f in form.fields:
            combo = f.widget
            if not isinstance(combo, QComboBox) or f.label == "Blockage":  # a blockage is a sentence: cut, tooltip
                continue
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                QStyle.SubControl.SC_ComboBoxEditField, combo).width()
            if combo.fontMetrics().horizontalAdvance(combo.currentText()) > room:
                cut.append((f.label, combo.currentText()))
    assert cut == []


def test_a_long_unbroken_name_wraps_instead_of_widening_the_dock(qtbot, inspector, document):
    from PySide6.QtWidgets import QApplication

    key = nodes_of(document.graph, "item")[0]
    inspector.show_node(key)
    retype(qtbot, field(inspector, "item", "Name"), "N" * 190)  # a pasted reference, no spaces
    stage = next(s for s in nodes_of(document.graph, "stage") if document.graph.has_edge(s, key))
    inspector.show_node(stage)  # its circle lists the name too
    QApplication.processEvents()
    assert item_row(document, key[1]).name == "N" * 190
    assert inspector.minimumSizeHint().width() <= 420
    assert inspector.stack.minimumSizeHint().width() <= inspector.scroll.viewport().width()
    inspector.show_node(key)
    QApplication.processEvents()
    assert inspector.title.text().replace("\u200b", "") == "Data item: " + "N" * 190
    assert inspector.title.minimumSizeHint().width() <= 420


def test_a_long_value_shows_its_beginning(qtbot, inspector, document):
    key = nodes_of(document.graph, "item")[0]
    inspector.show_node(key)
    name = field(inspector, "item", "Name")
    retype(qtbot, name, "Referrals from the multi-agency safeguarding hub, with the outcome of each")
    inspector.show_node(nodes_of(document.graph, "stage")[0])
    inspector.show_node(key)
    assert name.cursorPosition() == 0
