"""What the facilitator types on the wall is what is kept: Enter sends the line as typed, completion is only
offered, lines typed at speed stay apart, and a removal that matches only loosely asks first."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt

from models.graph import build_graph, nodes_of
from test_app_support import app_settings  # noqa: F401
from test_workshop import _named, _rows, show_wall


@pytest.fixture
def sample_wall(qtbot, app_settings, sample_store):  # noqa: F811
    session = show_wall(qtbot, sample_store)
    yield session
    if shiboken6.isValid(session.widget):
        session.widget.close()
    session.document.undo_stack.clear()


def _holder_of(store, item_name):
    return _rows(store, "SELECT a.name, a.short_name FROM data_item d JOIN agency a ON a.id = d.holder_id "
                        "WHERE d.name = ?", (item_name,))


def _typed(qtbot, widget, text):
    if text.isascii():
        qtbot.keyClicks(widget.bar, text)
    else:  # QTest types Latin-1 only: "…" goes in as a paste would put it
        widget.bar.insert(text)
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)


def test_enter_sends_the_line_as_typed_and_an_exact_short_name_wins(qtbot, sample_wall):
    widget, store = sample_wall.widget, sample_wall.document.store
    steps = sample_wall.document.undo_stack.count()
    _typed(qtbot, widget, "Test item @Council: purpose")
    assert widget.bar.text() == ""  # sent at the first Enter, not rewritten
    assert _holder_of(store, "Test item") == [("The council (children's and adult social care)", "Council")]
    assert widget.result.text().startswith("✓ Added “Test item”")
    assert sample_wall.document.undo_stack.count() == steps + 1
    _typed(qtbot, widget, "Housing arrears @Social housing: spot families at risk of eviction")
    assert widget.bar.text() == ""
    assert _holder_of(store, "Housing arrears") == [("Social housing providers", "Housing")]
    stage = widget.stage
    purposes = dict(_rows(store, "SELECT d.name, n.purpose FROM need n JOIN data_item d ON d.id = n.item_id "
                                 "WHERE n.stage_id = ?", (stage[1],)))
    assert purposes["Housing arrears"] == "spot families at risk of eviction"
    assert purposes["Test item"] == "purpose"
    assert widget.result.text().startswith("✓ Added “Housing arrears”")  # the answer to this line


def test_lines_typed_at_speed_never_join(qtbot, sample_wall):
    widget, store = sample_wall.widget, sample_wall.document.store
    lines = ["Rent letters @Housing: see who is behind", "Council tax arrears @Council", "Fire visits @Fire service",
             "School nurse contacts @Schools: health at school", "Debt advice referrals @VCS"]
    for line in lines:
        qtbot.keyClicks(widget.bar, line)
        qtbot.keyClick(widget.bar, Qt.Key.Key_Return)
    graph = build_graph(store)
    stage = widget.stage
    names = {graph.nodes[k]["name"] for k in graph.adj[stage]}
    assert {"Rent letters", "Council tax arrears", "Fire visits", "School nurse contacts",
            "Debt advice referrals"} <= names
    assert not any(":" in n or "@" in n for n in names)
    assert _holder_of(store, "Fire visits") == [("Fire service", None)] or \
        _holder_of(store, "Fire visits")[0][0] == "Fire service"
    assert widget.result.text().startswith("✓ Added “Debt advice referrals”")


def test_completion_is_taken_only_by_tab_or_an_arrow(qtbot, sample_wall):
    widget, store = sample_wall.widget, sample_wall.document.store
    bar, popup = widget.bar, widget.bar.completer.popup()
    qtbot.keyClicks(bar, "Alpha records @Social hou")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(bar, Qt.Key.Key_Tab)  # Tab takes the name offered
    assert bar.text() == "Alpha records @Social housing providers" and bar.hasFocus()
    bar.clear()
    qtbot.keyClicks(bar, "Beta records @Sch")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # an arrow picks a name; Enter then takes it, sending nothing
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert bar.text().startswith("Beta records @") and len(bar.text()) > len("Beta records @Sch")
    assert not _rows(store, "SELECT id FROM data_item WHERE name = 'Beta records'")
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    assert _rows(store, "SELECT id FROM data_item WHERE name = 'Beta records'")


def test_a_name_not_in_the_list_is_not_replaced_by_one_that_is(qtbot, sample_wall):
    widget, store = sample_wall.widget, sample_wall.document.store
    bar, popup = widget.bar, widget.bar.completer.popup()
    qtbot.keyClicks(bar, "School")  # "School attendance", "School exclusions"… are offered
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the keys go to the list while it is up: the line is sent as typed
    assert _rows(store, "SELECT id FROM data_item WHERE name = 'School'")
    assert not popup.isVisible()


def test_a_removal_that_matches_loosely_asks_first(qtbot, sample_wall):
    widget, document = sample_wall.widget, sample_wall.document
    stages = nodes_of(document.graph, "stage")
    widget.show_stage(stages[3][1])  # Evaluation of impact: "Free school meals eligibility"
    meals = _named(document.graph, "item", "Free school meals eligibility")
    steps = document.undo_stack.count()
    _typed(qtbot, widget, "-Free schol meals")
    assert meals in document.graph.adj[stages[3]]  # nothing removed yet
    assert document.undo_stack.count() == steps
    text = widget.result.text()
    assert "Free school meals eligibility" in text and "Enter" in text and "Esc" in text
    qtbot.keyClick(widget.bar, Qt.Key.Key_Escape)  # keep it
    assert meals in document.graph.adj[stages[3]] and "Kept" in widget.result.text()
    assert widget.bar.text() == ""
    _typed(qtbot, widget, "-Free schol meals")
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)  # confirm
    assert meals not in document.graph.adj[stages[3]]
    assert widget.result.text().startswith("✓ Took “Free school meals eligibility” out")
    qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert meals in document.graph.adj[stages[3]]


def test_a_question_left_unanswered_is_dropped_by_the_next_line(qtbot, sample_wall):
    widget, document = sample_wall.widget, sample_wall.document
    stage = widget.stage
    status = _named(document.graph, "item", "Children's social care status")
    _typed(qtbot, widget, "-Childrens socal care status")
    assert "Enter" in widget.result.text() and status in document.graph.adj[stage]
    widget.bar.clear()
    _typed(qtbot, widget, "Gamma records @GMP")
    assert widget.result.text().startswith("✓ Added “Gamma records”")
    assert status in document.graph.adj[stage]  # the question went with the line it asked about
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)  # an empty bar: nothing is removed
    assert status in document.graph.adj[stage]


@pytest.mark.parametrize("typed, name", [
    ("-Health visitor contacts", "Health visitor contacts"),
    ("-Anti-social behaviour complaints", "Anti-social behaviour complaints and tenancy enforcement"),
    ("-anti social behaviour complaints and tenancy…", "Anti-social behaviour complaints and tenancy enforcement"),
])
def test_a_name_as_the_wall_shows_it_removes_at_once(qtbot, sample_wall, typed, name):
    widget, document = sample_wall.widget, sample_wall.document
    stages = nodes_of(document.graph, "stage")
    widget.show_stage(stages[1][1])
    item = _named(document.graph, "item", name)
    _typed(qtbot, widget, typed)
    assert item not in document.graph.adj[stages[1]], widget.result.text()
    assert widget.result.text().startswith(f"✓ Took “{name}” out")


def test_a_new_name_only_like_one_in_the_map_asks_before_moving_that_item_to_another_holder(qtbot, sample_wall):
    widget, document = sample_wall.widget, sample_wall.document
    store = document.store
    steps = document.undo_stack.count()
    _typed(qtbot, widget, "Domestic abuse incident @HMRC")  # one letter from "Domestic abuse incidents" (GMP)
    assert document.undo_stack.count() == steps
    assert "Enter" in widget.result.text() and "Domestic abuse incidents" in widget.result.text()
    assert _holder_of(store, "Domestic abuse incidents")[0][1] == "GMP"
    qtbot.keyClick(widget.bar, Qt.Key.Key_Escape)
    assert _holder_of(store, "Domestic abuse incidents")[0][1] == "GMP"
    _typed(qtbot, widget, "Domestic abuse incident @HMRC")
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)
    assert _holder_of(store, "Domestic abuse incidents")[0][1] == "HMRC"
