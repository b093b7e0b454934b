"""A on the wall: what the stage shown asks of whom, in the locality shown (or any), full screen in large
type — under national bodies, Greater Manchester and each locality, most important first, each ask with
when it is due, why it matters and whom to learn from; any key brings the map back; `?` lists the key."""

from __future__ import annotations

import shiboken6
import pytest
from PySide6.QtCore import Qt

from models import analysis, asks
from models.graph import nodes_of
from test_app_support import app_settings  # noqa: F401
from test_workshop import show_wall, type_line, wall, wall_key  # noqa: F401
from views.sentence_panel import NO_ASKS
from views.workshop import WALL_KEYS


@pytest.fixture
def sample_wall(qtbot, app_settings, sample_store):  # noqa: F811
    """The sample map on a 1280×720 wall, at its first stage, across all localities."""
    session = show_wall(qtbot, sample_store)
    document, widget = session.document, session.widget
    yield session
    if shiboken6.isValid(widget):
        widget.close()
    document.undo_stack.clear()


def _expected(graph, stage, locality) -> list[asks.Ask]:
    return asks.all_asks(graph, items=analysis.needed_items(graph, stage),
                         localities=None if locality is None else [locality])


def _grouped(graph, found) -> list[str]:
    """Each level's heading, then the line of each of its asks, in the order all_asks gives them."""
    words = []
    for level in ("national", "gm", "local"):
        here = [asks.line(graph, a) for a in found if a.level == level]
        words += [asks.LEVEL_HEADING[level], *here] if here else []
    return words


def _shown(screen) -> list[str]:
    """The paragraphs over every page, headings said again atop a page left out."""
    return [p.text for page in screen.pages for p in page if not p.text.endswith("(continued)")]


def test_a_shows_the_stage_s_asks_by_who_must_act_most_important_first(qtbot, sample_wall):
    widget, graph = sample_wall.widget, sample_wall.document.graph
    assert widget.locality is None
    wall_key(qtbot, sample_wall, Qt.Key.Key_A)
    screen = widget.asks_screen
    assert widget.asks_shown and screen.hasFocus() and screen.geometry() == widget.rect()

    found = _expected(graph, widget.stage, None)
    levels = {a.level for a in found}
    assert len(found) > 5 and len(levels) == 3  # the sample's first stage asks something of everyone
    assert _shown(screen) == _grouped(graph, found)
    assert [p.text for p in screen.paragraphs] == _grouped(graph, found)  # no words left out or added
    on_screen = "\n".join(screen.page_text(page) for page in range(len(screen.pages)))
    for ask in found:  # each ask's smaller line: when, how far along, why it matters, whom to learn from
        paragraph = next(p for p in screen.paragraphs if p.text == asks.line(graph, ask))
        notes = " ".join(paragraph.notes)
        assert "needed by" in notes.lower() and f"of {len(nodes_of(graph, 'locality'))} localities" in notes
        if ask.agreed:
            assert asks.due_words(ask) in notes and asks.status_words(ask).split(",")[0] in notes
            assert notes.count("overdue") == (1 if ask.overdue else 0)  # said once, with the date
        if ask.agreed and ask.learn_from:
            assert "Learn from " + asks.learn_words(graph, ask) in paragraph.notes
        assert paragraph.text in on_screen
    stage_name = analysis.name(graph, widget.stage)
    assert stage_name in screen.heading and "all 10 localities" in screen.heading
    # Large type, on as many pages as it takes, every page headed by who is asked.
    assert len(screen.pages) > 1 and min(screen.page_sizes) >= 0.045 * widget.height()
    assert all(page[0].heading for page in screen.pages)
    assert "Page 1 of" in screen.hint()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert screen.page == 1 and widget.asks_shown
    qtbot.keyClick(screen, Qt.Key.Key_X)
    assert not widget.asks_shown and widget.bar.hasFocus() and widget.bar.text() == ""


def test_with_a_locality_picked_only_the_asks_touching_it(qtbot, sample_wall):
    widget, graph = sample_wall.widget, sample_wall.document.graph
    wall_key(qtbot, sample_wall, Qt.Key.Key_Right)  # the second stage
    wall_key(qtbot, sample_wall, Qt.Key.Key_1)  # Bolton
    bolton = widget.locality
    assert analysis.name(graph, bolton) == "Bolton"
    wall_key(qtbot, sample_wall, Qt.Key.Key_A)
    screen = widget.asks_screen
    found = _expected(graph, widget.stage, bolton)
    everywhere = _expected(graph, widget.stage, None)
    assert found and len(found) < len(everywhere) and all(bolton in a.localities for a in found)
    assert _shown(screen) == _grouped(graph, found)
    assert "Bolton" in screen.heading
    left_out = [asks.line(graph, a) for a in everywhere if bolton not in a.localities]
    assert left_out and not set(left_out) & set(_shown(screen))
    qtbot.keyClick(screen, Qt.Key.Key_Escape)  # any key: Esc brings the map back, it does not leave
    assert not widget.asks_shown and widget.isVisible() and widget.bar.hasFocus()


def test_the_asks_follow_an_edit_made_while_they_are_up(qtbot, sample_wall):
    widget, document = sample_wall.widget, sample_wall.document
    graph = document.graph
    wall_key(qtbot, sample_wall, Qt.Key.Key_1)  # Bolton
    bolton = widget.locality
    wall_key(qtbot, sample_wall, Qt.Key.Key_A)
    before = _shown(widget.asks_screen)
    ask = next(a for a in _expected(graph, widget.stage, bolton) if len(a.items) == 1)
    item = analysis.name(graph, ask.items[0])
    assert asks.line(graph, ask) in before

    # The room finds the item is accessible in Bolton after all (an undoable edit): its ask goes at once.
    assert sample_wall.runner.run(f"+{item}", widget.stage, bolton).ok
    assert widget.asks_shown
    after = _shown(widget.asks_screen)
    assert asks.line(document.graph, ask) not in after
    assert after == _grouped(document.graph, _expected(document.graph, widget.stage, bolton))
    document.undo_stack.undo()
    assert widget.asks_shown and _shown(widget.asks_screen) == before


def test_a_stage_with_no_asks_says_so(qtbot, wall):
    wall_key(qtbot, wall, Qt.Key.Key_A)
    screen = wall.widget.asks_screen
    assert wall.widget.asks_shown and screen.text() == NO_ASKS and _shown(screen) == [NO_ASKS]
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert not wall.widget.asks_shown and wall.widget.bar.hasFocus()


def test_the_grammar_lists_a(qtbot, wall):
    widget = wall.widget
    assert any(key == "A" for key, _ in WALL_KEYS)
    type_line(qtbot, wall, "?")
    assert widget.grammar.isVisible() and "<b>A</b>" in widget.grammar.text()
    assert "asks of whom" in widget.grammar.text()
    assert widget.grammar.geometry().bottom() <= widget.view.geometry().bottom()  # still fits a 720 wall


def test_a_in_the_bar_is_a_letter(qtbot, wall):
    qtbot.keyClicks(wall.widget.bar, "Adult social care")
    assert not wall.widget.asks_shown and wall.widget.bar.text() == "Adult social care"
