"""Workshop mode driven from the keyboard: a whole session typed into the quick-entry bar, checked in
the database; the wall's keys (F5, Esc, B, L, numbers, arrows, T) do what they say."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.document import Document
from app.workshop import start_workshop
from models.graph import build_graph, nodes_of
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401
from views.workshop_items import THEME


def _named(graph, kind, name):
    found = [k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name]
    assert found, f"no {kind} {name!r}"
    return found[0]


def _rows(store, sql, args=()):
    with store.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql, args)]


def show_wall(qtbot, store):
    """A workshop on `store` on a 1280×720 wall, not full screen, shown, the bar focused."""
    session = start_workshop(Document(store), full_screen=False)
    widget = session.widget
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.bar.setFocus()
    return session


@pytest.fixture
def wall(qtbot, app_settings, empty_store):
    """A workshop on a new map (four stages, ten boroughs), not full screen, the bar focused."""
    session = show_wall(qtbot, empty_store)
    document, widget = session.document, session.widget
    yield session
    if shiboken6.isValid(widget):  # pytest-qt may have closed (and so deleted) it already
        widget.close()
    document.undo_stack.clear()


def type_line(qtbot, session, text):
    bar = session.widget.bar
    bar.setFocus()
    bar.clear()
    qtbot.keyClicks(bar, text)
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    return session.widget.result.text()


def wall_key(qtbot, session, key, modifier=Qt.KeyboardModifier.NoModifier):
    widget = session.widget
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def test_a_whole_session_typed_into_the_bar(qtbot, wall):
    session, widget, document = wall, wall.widget, wall.document
    store, stack = document.store, document.undo_stack
    stages = nodes_of(document.graph, "stage")
    assert len(stages) == 4 and widget.stage == stages[0]

    # Stage 1, Bolton (number key 1 on the wall).
    wall_key(qtbot, session, Qt.Key.Key_1)
    bolton = _named(document.graph, "locality", "Bolton")
    assert widget.locality == bolton
    type_line(qtbot, session, "Live birth notifications @Maternity services")
    type_line(qtbot, session, "HMRC household income @HM Revenue and Customs: know family income")
    type_line(qtbot, session, "Police call-outs @Greater Manchester Police")
    assert stack.count() == 3  # one line, one undo step (agency + item + need together)
    graph = build_graph(store)
    births = _named(graph, "item", "Live birth notifications")
    maternity = _named(graph, "agency", "Maternity services")
    assert graph.nodes[births]["holder_id"] == maternity[1]
    assert set(graph.adj[stages[0]]) == {births, _named(graph, "item", "HMRC household income"),
                                         _named(graph, "item", "Police call-outs")}
    assert graph.edges[stages[0], _named(graph, "item", "HMRC household income")]["purpose"] == "know family income"
    for key in (births, maternity):
        assert (stages[0][1], key) in widget.scene.nodes  # on the wall at once

    # Statuses and a reason, with forgiving names (a typo, a start, any case).
    result = type_line(qtbot, session, "!Live brith notifications: no sharing agreement with the trust")
    assert "Live birth notifications" in result and "taken as" in result
    type_line(qtbot, session, "+police CALL-outs")
    qtbot.keyClicks(widget.bar, "~HMRC house")  # Tab takes the name offered in the list ...
    qtbot.waitUntil(widget.bar.completer.popup().isVisible)
    qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
    assert widget.bar.text().strip() == "~HMRC household income"
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)  # ... and Enter sends the line
    hmrc_id = _named(document.graph, "item", "HMRC household income")[1]
    assert _rows(store, "SELECT status FROM access WHERE item_id = ?", (hmrc_id,)) == [("partial",)]
    type_line(qtbot, session, "!HMRC household income: no legal gateway to share it")
    type_line(qtbot, session, ">Live birth notifications: ask the trust's Caldicott guardian (local)")
    type_line(qtbot, session, ">HMRC household income: ask HMRC for a gateway (national)")
    graph = build_graph(store)
    hmrc = _named(graph, "item", "HMRC household income")
    police = _named(graph, "item", "Police call-outs")
    statuses = dict(((i, l), s) for i, l, s in _rows(store, "SELECT item_id, locality_id, status FROM access"))
    assert statuses == {(births[1], bolton[1]): "blocked", (police[1], bolton[1]): "accessible",
                        (hmrc[1], bolton[1]): "blocked"}
    blockages = {(i, loc, c, r) for _, i, loc, c, r in _rows(
        store, "SELECT id, item_id, locality_id, category, reason FROM blockage")}
    assert blockages == {(births[1], bolton[1], "organisational", "no sharing agreement with the trust"),
                         (hmrc[1], bolton[1], "legal", "no legal gateway to share it")}
    actions = {(step, level) for step, level in _rows(store, "SELECT step, level FROM action")}
    assert actions == {("ask the trust's Caldicott guardian", "local"), ("ask HMRC for a gateway", "national")}
    assert widget.scene.nodes[(stages[0][1], births)].spec.status == "blocked"

    # A mistake: refused inline, the line kept for correcting, nothing written.
    before = stack.count()
    result = type_line(qtbot, session, "+Weather forecasts")
    assert result.startswith("✗") and "Weather forecasts" in result
    assert widget.bar.text() == "+Weather forecasts" and stack.count() == before
    assert widget.bar.selectedText() == "+Weather forecasts"  # selected: the next line typed replaces it
    qtbot.keyClicks(widget.bar, "+School")
    assert widget.bar.text() == "+School"

    # Undo the last entry (the national action) with Ctrl+Z in the bar; then redo and undo again.
    widget.bar.clear()
    qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(store, "SELECT step FROM action") == [("ask the trust's Caldicott guardian",)]
    qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(_rows(store, "SELECT step FROM action")) == 2
    qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    # Stage 2 (PageDown in the bar), Wigan (0 on the wall): an item already in the map, a new one.
    qtbot.keyClick(widget.bar, Qt.Key.Key_PageDown)
    assert widget.stage == stages[1]
    wall_key(qtbot, session, Qt.Key.Key_0)
    wigan = _named(document.graph, "locality", "Wigan")
    assert widget.locality == wigan
    result = type_line(qtbot, session, "live birth notifications")
    assert "already in the map" in result
    type_line(qtbot, session, "School attendance @Schools")
    type_line(qtbot, session, "!School attendance: only available months in arrears [currency]")
    type_line(qtbot, session, ">School attendance: ask the schools forum for termly data (gm)")

    # Stage 3 (Right on an empty bar), all localities (L cycles back to them): access is refused there.
    qtbot.keyClick(widget.bar, Qt.Key.Key_Right)
    assert widget.stage == stages[2]
    wall_key(qtbot, session, Qt.Key.Key_L)
    assert widget.locality is None
    type_line(qtbot, session, "Family needs assessments @The council")
    before = stack.count()
    result = type_line(qtbot, session, "+Family needs assessments")
    assert result.startswith("✗") and "pick one" in result and stack.count() == before
    wall_key(qtbot, session, Qt.Key.Key_L)
    assert widget.locality == _named(document.graph, "locality", "Bolton")
    type_line(qtbot, session, "+Family needs assessments")

    # Stage 4: an action level spelt out, a consent blockage.
    qtbot.keyClick(widget.bar, Qt.Key.Key_PageDown)
    assert widget.stage == stages[3]
    type_line(qtbot, session, "Outcomes of families @The council")
    type_line(qtbot, session, "!Outcomes of families: needs each family's consent")
    type_line(qtbot, session, ">Outcomes of families: agree a consent form (Greater Manchester)")

    graph = build_graph(store)
    school = _named(graph, "item", "School attendance")
    outcomes = _named(graph, "item", "Outcomes of families")
    assert births in graph.adj[stages[1]] and school in graph.adj[stages[1]]
    assert _named(graph, "item", "Family needs assessments") in graph.adj[stages[2]]
    assert outcomes in graph.adj[stages[3]]
    assert {(c, r) for c, r in _rows(store, "SELECT category, reason FROM blockage WHERE item_id IN (?, ?)",
                                     (school[1], outcomes[1]))} == {
        ("currency", "only available months in arrears"), ("consent", "needs each family's consent")}
    assert {(s, lv) for s, lv in _rows(store, "SELECT step, level FROM action")} == {
        ("ask the trust's Caldicott guardian", "local"), ("ask the schools forum for termly data", "gm"),
        ("agree a consent form", "gm")}
    assert len(_rows(store, "SELECT id FROM agency WHERE name = 'The council'")) == 1  # reused, not doubled
    assert document.graph.nodes[outcomes]["name"] == "Outcomes of families"  # the graph is in step

    # Everything typed undoes, one line at a time, back to the empty map.
    while stack.canUndo():
        qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(store, "SELECT COUNT(*) FROM data_item") == [(0,)]
    assert _rows(store, "SELECT COUNT(*) FROM agency") == [(0,)]
    assert _rows(store, "SELECT COUNT(*) FROM access") == [(0,)]


def test_nothing_on_the_wall_moves_when_an_item_is_added(qtbot, wall):
    session, widget = wall, wall.widget
    for name in ("Alpha records @One", "Beta records @Two", "Gamma records @One"):
        type_line(qtbot, session, name)
    qtbot.waitUntil(lambda: not widget.scene.moving)  # Alpha glides over for Gamma, in One's sector
    before = {place: (node.pos(), node.sceneBoundingRect()) for place, node in widget.scene.nodes.items()}
    transform = widget.view.transform()
    type_line(qtbot, session, "Delta records @Three")
    after = {place: (node.pos(), node.sceneBoundingRect()) for place, node in widget.scene.nodes.items()}
    assert len(after) == len(before) + 2
    assert {p: v for p, v in after.items() if p in before} == before
    assert widget.view.transform() == transform


def test_a_refused_edit_is_said_under_the_bar(qtbot, wall):
    session, widget = wall, wall.widget
    type_line(qtbot, session, "Alpha records")
    result = type_line(qtbot, session, "alpha   RECORDS")
    assert result.startswith("✗") and "already in the circle" in result
    result = type_line(qtbot, session, "!Alpha records")
    assert "pick one" in result  # all localities shown
    result = type_line(qtbot, session, ">Alpha records: ask someone")
    assert result.startswith("✗") and "!Alpha records" in result
    result = type_line(qtbot, session, "!Alpha: [purple] why")
    assert result.startswith("✗") and "[legal]" in result
    assert not widget.result.isHidden()


def test_the_grammar_is_shown_by_a_question_mark(qtbot, wall):
    widget = wall.widget
    type_line(qtbot, wall, "?")
    assert widget.grammar.isVisible() and "!Live birth data" in widget.grammar.text()
    assert widget.bar.text() == ""
    wall_key(qtbot, wall, Qt.Key.Key_Escape)
    assert not widget.grammar.isVisible() and widget.isVisible()  # Esc closed the grammar, not the wall


def test_wall_keys_blank_localities_and_stages(qtbot, wall):
    widget, graph = wall.widget, wall.document.graph
    stages, localities = nodes_of(graph, "stage"), nodes_of(graph, "locality")
    wall_key(qtbot, wall, Qt.Key.Key_B)
    assert widget.blanked
    qtbot.keyClick(widget.blank, Qt.Key.Key_X)
    assert not widget.blanked and widget.bar.hasFocus() or not widget.blanked

    assert widget.locality is None and widget.locality_label.text().startswith("All 10")
    for expected in localities:
        wall_key(qtbot, wall, Qt.Key.Key_L)
        assert widget.locality == expected
        assert graph.nodes[expected]["name"] in widget.locality_label.text()
    wall_key(qtbot, wall, Qt.Key.Key_L)
    assert widget.locality is None
    wall_key(qtbot, wall, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert widget.locality == localities[-1]
    wall_key(qtbot, wall, Qt.Key.Key_3)
    assert widget.locality == localities[2]
    wall_key(qtbot, wall, Qt.Key.Key_0)
    assert widget.locality == localities[9]

    assert widget.stage == stages[0]
    wall_key(qtbot, wall, Qt.Key.Key_Right)
    assert widget.stage == stages[1] and "2/4" in widget.stage_label.text()
    wall_key(qtbot, wall, Qt.Key.Key_PageDown)
    wall_key(qtbot, wall, Qt.Key.Key_PageDown)
    wall_key(qtbot, wall, Qt.Key.Key_PageDown)
    assert widget.stage == stages[3]  # stays on the last
    wall_key(qtbot, wall, Qt.Key.Key_Left)
    wall_key(qtbot, wall, Qt.Key.Key_PageUp)
    assert widget.stage == stages[1]
    wall_key(qtbot, wall, Qt.Key.Key_Home)
    assert widget.stage == stages[0]


def test_letters_in_the_bar_are_text_and_a_letter_on_the_wall_returns_to_the_bar(qtbot, wall):
    widget = wall.widget
    qtbot.keyClicks(widget.bar, "Live birth data")
    assert widget.locality is None and not widget.blanked  # neither L nor B acted
    widget.bar.clear()
    qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
    assert widget.hasFocus() or widget.focusWidget() is widget
    wall_key(qtbot, wall, Qt.Key.Key_G, Qt.KeyboardModifier.NoModifier)
    assert widget.bar.text() in ("g", "G")  # any letter the wall does not use goes to the bar


def test_the_timer(qtbot, wall):
    widget = wall.widget
    box = widget.timebox
    now = [1000.0]
    box.clock = lambda: now[0]
    type_line(qtbot, wall, "timer 10")
    assert box.running and "10:00" in widget.timer_label.text()
    now[0] += 61
    box.changed.emit()
    assert "8:59" in widget.timer_label.text()
    wall_key(qtbot, wall, Qt.Key.Key_T)
    assert not box.running and "paused" in widget.timer_label.text()
    now[0] += 500
    box.changed.emit()
    assert "8:59" in widget.timer_label.text()
    wall_key(qtbot, wall, Qt.Key.Key_T)
    now[0] += 600
    box.changed.emit()
    assert widget.timer_label.text() == "Time up +1:01"
    wall_key(qtbot, wall, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    assert not box.running and "10:00" in widget.timer_label.text()


def test_type_size_is_scaled_and_remembered(qtbot, wall, empty_store):
    widget = wall.widget
    start = THEME.scale
    item_font = None
    type_line(qtbot, wall, "Alpha records @One")
    node = next(n for (v, k), n in widget.scene.nodes.items() if k[0] == "item")
    item_font = node._font.pixelSize()
    qtbot.keyClick(widget.bar, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget.bar, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert THEME.scale == pytest.approx(start + 0.2)
    assert node._font.pixelSize() > item_font
    widget.close()
    other = start_workshop(wall.document, full_screen=False).widget
    qtbot.addWidget(other)
    with qtbot.waitExposed(other):
        other.show()  # shortcuts reach only a shown window
    assert THEME.scale == pytest.approx(start + 0.2)
    qtbot.keyClick(other.bar, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert THEME.scale == pytest.approx(start + 0.1)


def test_every_control_has_an_accessible_name(qtbot, wall):
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

    widget = wall.widget
    for child in [widget, *widget.findChildren(QLineEdit), *widget.findChildren(QLabel),
                  *widget.findChildren(QAbstractButton), widget.view, widget.blank]:
        assert child.accessibleName(), child


def test_f5_and_shift_f5_start_workshop_mode_and_esc_ends_it(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    assert window.workshop_action in window.view_menu.actions()
    stages = nodes_of(window.document.graph, "stage")
    window.diagram.step_stage(1)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.workshop is not None and window.workshop.widget.isVisible())
    wall = window.workshop.widget
    qtbot.addWidget(wall)
    assert wall.windowState() & Qt.WindowState.WindowFullScreen
    assert wall.stage == stages[0]  # F5: from the first stage
    qtbot.waitUntil(wall.bar.hasFocus)
    wall.step_stage(2)
    qtbot.keyClick(wall.bar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wall.isVisible())
    assert window.workshop is None
    assert window.diagram.scene.stage_id == stages[2][1]  # the desk shows where the wall was

    window.diagram.step_stage(-1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.workshop is not None)
    wall = window.workshop.widget
    qtbot.addWidget(wall)
    assert wall.stage == stages[1]  # Shift+F5: from the stage shown
    wall.setFocus()
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.workshop is None)


def test_an_edit_in_the_window_shows_on_the_wall(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    window.workshop_here_action.trigger()
    wall = window.workshop.widget
    qtbot.addWidget(wall)
    type_line(qtbot, window.workshop, "Weather records @Met Office")
    item = _named(window.document.graph, "item", "Weather records")
    assert (wall.scene.stage_id, item) in wall.scene.nodes
    assert (window.diagram.scene.stage_id, item) in window.diagram.scene.nodes  # and at the desk
    window.undo()
    assert (wall.scene.stage_id, item) not in wall.scene.nodes
    wall.close()


def test_leaving_the_wall_shows_its_locality_in_the_picker_and_the_inspector(qtbot, app_settings, answers,
                                                                             sample_store):
    window = make_window(qtbot, answers, sample_store)
    graph = window.document.graph
    wigan = _named(graph, "locality", "Wigan")
    picker = window.diagram.locality_picker
    picker.setCurrentIndex(picker.findData(wigan))  # as a user picks it
    assert window.inspector is None or window.inspector.locality == wigan  # the inspector is built when first shown
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.workshop is not None and window.workshop.widget.isVisible())
    wall = window.workshop.widget
    qtbot.addWidget(wall)
    assert wall.locality == wigan
    wall_key(qtbot, window.workshop, Qt.Key.Key_L)  # Wigan is the last: L goes on to all localities
    assert wall.locality is None
    wall.setFocus()
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.workshop is None)
    assert window.diagram.scene.locality is None
    assert picker.currentData() is None and picker.current is None
    assert window.inspector is None or window.inspector.locality is None  # an inspector edit can no longer go to Wigan


def test_a_wall_closed_after_its_map_was_closed_does_not_touch_the_old_diagram(qtbot, app_settings, answers,
                                                                               sample_store):
    window = make_window(qtbot, answers, sample_store)
    window.workshop_here_action.trigger()
    wall = window.workshop.widget
    qtbot.addWidget(wall)
    panel = window.diagram
    errors = []
    import sys
    old_hook, sys.excepthook = sys.excepthook, lambda *e: errors.append(e)
    try:
        window.diagram = panel  # a window that still points at a panel already deleted
        window.stack.removeWidget(panel)
        shiboken6.delete(panel)
        wall.close()
        qtbot.waitUntil(lambda: window.workshop is None)
    finally:
        sys.excepthook = old_hook
    assert errors == []
    window.diagram = None


def test_the_wall_header_says_the_locality_and_no_timer_until_one_is_started(qtbot, wall):
    widget, graph = wall.widget, wall.document.graph
    assert widget.timer_label.text() == ""  # nothing set or started yet
    wall_key(qtbot, wall, Qt.Key.Key_0)
    assert widget.locality_label.text() == graph.nodes[nodes_of(graph, "locality")[9]]["name"]  # no key digit
    wall_key(qtbot, wall, Qt.Key.Key_T)
    assert "10:00" in widget.timer_label.text() or "9:59" in widget.timer_label.text()


def test_the_grammar_fits_a_720_pixel_wall(qtbot, wall):
    widget = wall.widget
    type_line(qtbot, wall, "?")
    assert widget.grammar.isVisible()
    assert widget.grammar.geometry().bottom() <= widget.view.geometry().bottom()
    assert widget.grammar.geometry().top() >= widget.view.geometry().top()
    assert widget.grammar.type_size >= 10


# ---- the facilitator's review: keys, messages and type on a 1280×720 wall -------------------------------


def test_b_blanks_the_wall_to_black_and_any_key_brings_it_back(qtbot, wall):
    widget = wall.widget
    type_line(qtbot, wall, "Alpha records @One")
    wall_key(qtbot, wall, Qt.Key.Key_B)
    assert widget.blanked
    picture = widget.grab().toImage()
    colours = {picture.pixelColor(x, y).name() for x in range(0, picture.width(), 37)
               for y in range(0, picture.height(), 29)}
    assert colours == {"#000000"}, colours  # not a trace of the map, the bar or the status line
    qtbot.keyClick(widget.focusWidget() or widget.blank, Qt.Key.Key_X)
    assert not widget.blanked and widget.bar.hasFocus()
    assert widget.bar.text() == ""  # the key that brought the map back is not typed


def test_after_a_wall_key_the_bar_has_the_keyboard_and_a_refused_line_is_replaced(qtbot, wall):
    widget, document = wall.widget, wall.document
    type_line(qtbot, wall, "Alpha records @One")
    result = type_line(qtbot, wall, "+Alpha records")
    assert "pick one" in result
    for key in (Qt.Key.Key_L, Qt.Key.Key_2, Qt.Key.Key_T):
        qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
        assert widget.focusWidget() is widget
        qtbot.keyClick(widget, key)
        assert widget.bar.hasFocus(), key
        assert widget.bar.selectedText() == "+Alpha records", key  # kept, selected
    localities = nodes_of(document.graph, "locality")
    assert widget.locality == localities[1]
    assert "↑" not in result and "waits in the bar" in result  # and so it does: no ↑ needed
    # Enter sends the line that waited in the bar, now there is a locality.
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)
    assert widget.result.text().startswith("✓") and widget.bar.text() == ""
    alpha = _named(document.graph, "item", "Alpha records")
    assert _rows(document.store, "SELECT locality_id, status FROM access WHERE item_id = ?", (alpha[1],)) == [
        (localities[1][1], "accessible")]

    # A refused line, then a wall key: the next line typed replaces the refused one, first letter and all.
    type_line(qtbot, wall, ">Alpha records: ask someone")
    assert widget.bar.text() == ">Alpha records: ask someone"
    qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
    qtbot.keyClick(widget, Qt.Key.Key_L)
    qtbot.keyClicks(QApplication.focusWidget(), "Beta records @Two")
    assert widget.bar.text() == "Beta records @Two"
    qtbot.keyClick(widget.bar, Qt.Key.Key_Return)
    assert _named(build_graph(document.store), "item", "Beta records")

    # B, then any key: back in the bar, the line in it selected.
    widget.bar.setText("+Beta recs")
    qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
    qtbot.keyClick(widget, Qt.Key.Key_B)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert widget.bar.hasFocus() and widget.bar.selectedText() == "+Beta recs"
    # A letter on the wall goes to the bar in place of the line there.
    qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
    qtbot.keyClicks(widget, "G")
    assert widget.bar.text() == "G"


def test_esc_closes_the_grammar_before_it_ends_workshop_mode(qtbot, wall):
    widget = wall.widget
    type_line(qtbot, wall, "?")
    assert widget.grammar.isVisible() and widget.bar.hasFocus() and widget.bar.text() == ""
    qtbot.keyClick(widget.bar, Qt.Key.Key_Escape)
    assert not widget.grammar.isVisible() and widget.isVisible()
    qtbot.keyClicks(widget.bar, "half a line")
    qtbot.keyClick(widget.bar, Qt.Key.Key_F1)
    assert widget.grammar.isVisible()
    qtbot.keyClick(widget.bar, Qt.Key.Key_Escape)
    assert not widget.grammar.isVisible() and widget.bar.text() == "half a line"
    qtbot.keyClick(widget.bar, Qt.Key.Key_Escape)
    assert widget.bar.text() == "" and widget.isVisible()
    qtbot.keyClick(widget.bar, Qt.Key.Key_Escape)
    assert not widget.isVisible()  # nothing open, nothing typed: Esc ends workshop mode


@pytest.mark.parametrize("to_the_list", [True, False])
def test_enter_while_names_are_offered_sends_the_line_as_typed(qtbot, wall, to_the_list):
    widget, document = wall.widget, wall.document
    type_line(qtbot, wall, "School attendance @Schools")
    type_line(qtbot, wall, "Schools census @Schools")
    count = document.undo_stack.count()
    qtbot.keyClicks(widget.bar, "Sch")
    popup = widget.bar.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    # The keys go where the window system sends them while the list is up: to the list.
    qtbot.keyClick(popup if to_the_list else widget.bar, Qt.Key.Key_Return)
    assert _rows(document.store, "SELECT id FROM data_item WHERE name = 'Sch'")  # what was typed, not a name offered
    assert document.undo_stack.count() == count + 1
    assert widget.bar.text() == "" and not popup.isVisible()
    assert widget.result.text().startswith("✓ Added “Sch”")


def test_the_circle_keeps_its_size_whether_the_answer_is_one_line_or_two(qtbot, wall):
    widget = wall.widget
    for step in (0, 3):
        widget.step_scale(step)
        widget.show_result("Short.", ok=True)
        qtbot.wait(100)  # the layout settles
        area, transform = widget.view.geometry(), widget.view.transform()
        type_line(qtbot, wall, "+Weather forecasts for the whole of Greater Manchester and beyond")
        qtbot.wait(100)
        assert widget.result.heightForWidth(widget.result.width()) > widget.result.fontMetrics().lineSpacing() * 1.5
        assert widget.view.geometry() == area and widget.view.transform() == transform
        widget.show_result("Short again.", ok=True)
        qtbot.wait(100)
        assert widget.view.geometry() == area and widget.view.transform() == transform


def test_the_timer_says_little_and_whole_at_1280_and_in_larger_type(qtbot, wall):
    widget = wall.widget
    box = widget.timebox
    now = [1000.0]
    box.clock = lambda: now[0]
    assert "3 seconds" in type_line(qtbot, wall, "timer 3s")
    assert "90 seconds" not in type_line(qtbot, wall, "timer 90s") and "1 minute 30 seconds" in widget.result.text()
    assert "10 minutes" in type_line(qtbot, wall, "timer 10")
    for step in (0, 3):
        widget.step_scale(step)
        for advance, expected in ((0, "Timer 10:00"), (28, "Timer 9:32")):
            now[0] += advance
            box.changed.emit()
            assert widget.timer_label.text() == expected
        qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
        qtbot.keyClick(widget, Qt.Key.Key_T)
        assert widget.timer_label.text() == "Timer paused 9:32" and "paused" in widget.result.text()
        qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
        qtbot.keyClick(widget, Qt.Key.Key_T)
        assert "running" in widget.result.text()
        now[0] += 10 * 60 + 41 - 28
        box.changed.emit()
        assert widget.timer_label.text() == "Time up +0:41"
        QApplication.processEvents()
        label = widget.timer_label
        assert label.contentsRect().width() >= label.fontMetrics().horizontalAdvance(label.text()), step
        assert label.geometry().right() <= widget.status.width()
        box.set_minutes(10)  # started again, now


def test_a_new_stage_or_locality_replaces_the_answer_under_the_bar(qtbot, wall):
    widget, graph = wall.widget, wall.document.graph
    type_line(qtbot, wall, "Alpha records @One")
    qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.result.text().startswith("✓ Undone")
    stages = nodes_of(graph, "stage")
    qtbot.keyClick(widget.bar, Qt.Key.Key_PageDown)
    text = widget.result.text()
    assert "Undone" not in text and "stage 2" in text and graph.nodes[stages[1]]["name"] in text
    assert "all 10 localities" in text
    qtbot.keyClick(widget.bar, Qt.Key.Key_Tab)
    qtbot.keyClick(widget, Qt.Key.Key_3)
    assert graph.nodes[nodes_of(graph, "locality")[2]]["name"] in widget.result.text()
    type_line(qtbot, wall, "Beta records @Two")
    assert widget.result.text().startswith("✓ Added “Beta records”")  # a line's own answer stays


def test_the_stage_name_in_the_middle_is_whole_inside_its_pill_and_larger_than_the_items_names(
        qtbot, app_settings, sample_store):
    document = Document(sample_store)
    widget = start_workshop(document, full_screen=False).widget
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    with qtbot.waitExposed(widget):
        widget.show()
    graph = document.graph
    for step in (0, 5):  # at the theme's normal size and at 1.5
        widget.step_scale(step)
        for stage in nodes_of(graph, "stage"):
            widget.show_stage(stage[1])
            node = next(n for (_, key), n in widget.scene.nodes.items() if key[0] == "stage")
            item = next(n for (_, key), n in widget.scene.nodes.items() if key[0] == "item")
            assert node._font.pixelSize() >= 0.95 * item._font.pixelSize() or THEME.scale > 1.2
            assert node._font.pixelSize() >= 28
            assert not any(line.endswith(("-", "…")) for line in node._lines), node._lines  # whole words
            assert " ".join(node._lines) == " ".join(node.spec.name.split())
            for rect in node.line_rects():  # every line inside the pill
                assert node.shape().contains(rect), (node._lines, rect)
    widget.step_scale(-5)
    widget.close()
    document.undo_stack.clear()


def test_a_dash_takes_an_item_out_of_the_circle_and_ctrl_z_puts_it_back(qtbot, wall):
    session, widget, document = wall, wall.widget, wall.document
    stage = widget.stage
    type_line(qtbot, session, "Live birth notifications @Maternity services")
    type_line(qtbot, session, "Weather forecasts @Met Office")  # a line typed by mistake
    type_line(qtbot, session, "School attendance @Schools")
    sql = "SELECT d.name FROM need n JOIN data_item d ON d.id = n.item_id WHERE n.stage_id = ? ORDER BY n.place"
    before = _rows(document.store, sql, (stage[1],))
    places = {k: (n.x(), n.y()) for k, n in widget.scene.nodes.items() if k[1][0] == "item"}
    result = type_line(qtbot, session, "-weather forecast")
    assert result.startswith("✓") and "Took “Weather forecasts” out" in result
    assert [r[0] for r in _rows(document.store, sql, (stage[1],))] == ["Live birth notifications", "School attendance"]
    assert _rows(document.store, "SELECT name FROM data_item WHERE name = 'Weather forecasts'")  # still in the map
    qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(document.store, sql, (stage[1],)) == before  # back in its place
    assert {k: (n.x(), n.y()) for k, n in widget.scene.nodes.items() if k[1][0] == "item"} == places
    assert type_line(qtbot, session, "-Nothing like it").startswith("✗")


def test_on_the_wall_a_holder_keeps_its_place_whatever_is_added_after(qtbot, wall):
    session, widget = wall, wall.widget
    agencies = ["Police", "Probation", "Schools", "Health visitors", "Housing", "Jobcentre", "Council", "Hospital",
                "Youth offending", "Fire service", "Charities", "Midwives", "GP surgeries", "Drug services", "HMRC"]
    items = ["Arrests", "Licences", "Attendance", "Visits", "Tenancies", "Claims", "Referrals", "Admissions",
             "Orders", "Call-outs", "Grants", "Births", "Registrations", "Treatments"]
    for item, agency in zip(items, agencies):  # fourteen holders, one item each, round the ring
        assert type_line(qtbot, session, f"{item} @{agency}").startswith("✓")
    holders = {k: (node.x(), node.y()) for k, node in widget.scene.nodes.items() if k[1][0] == "agency"}
    assert len(holders) == 14
    for item, agency in (("Exclusions", "Schools"), ("Evictions", "Housing"), ("Cautions", "Police")):
        assert type_line(qtbot, session, f"{item} @{agency}").startswith("✓")  # far from their first items
    assert type_line(qtbot, session, "Income @HMRC").startswith("✓")  # and a fifteenth holder comes
    assert {k: (node.x(), node.y()) for k, node in widget.scene.nodes.items() if k in holders} == holders


def test_plus_on_an_item_with_a_blockage_says_what_is_still_recorded_and_how_to_clear_it(qtbot, wall):
    session, widget, document = wall, wall.widget, wall.document
    wall_key(qtbot, session, Qt.Key.Key_0)  # Wigan
    wigan = widget.locality
    type_line(qtbot, session, "Live birth notifications @Maternity services")
    type_line(qtbot, session, "!Live birth notifications: no sharing agreement with the trust")
    births = _named(document.graph, "item", "Live birth notifications")
    steps = document.undo_stack.count()

    result = type_line(qtbot, session, "+Live birth notifications")

    assert document.graph.edges[births, wigan]["status"] == "accessible"  # marked as asked, one step
    assert document.undo_stack.count() == steps + 1
    assert result == ("✓ “Live birth notifications” accessible in Wigan; still recorded as blocking it: “no "
                      "sharing agreement with the trust” — remove it in the window's Blockages table (Esc).")
    # Partly accessible with a blockage is a fair account: no warning.
    result = type_line(qtbot, session, "~Live birth notifications")
    assert result == "✓ “Live birth notifications” partly accessible in Wigan."
    # Nothing recorded: nothing more to say.
    type_line(qtbot, session, "School attendance @Schools")
    assert type_line(qtbot, session, "+School attendance") == "✓ “School attendance” accessible in Wigan."
