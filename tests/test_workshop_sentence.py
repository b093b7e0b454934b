"""S on the wall: the stage's sentence for the locality shown, full screen, in large type; any key brings
the map back; a sentence too long for one screen goes on over pages; `?` lists the key."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from models.graph import nodes_of
from models.sentences import stage_sentence
from test_app_support import app_settings  # noqa: F401
from test_workshop import show_wall, type_line, wall, wall_key  # noqa: F401
from views.workshop import WALL_KEYS


def _on_screen(widget) -> str:
    screen = widget.sentence_screen
    return " ".join(screen.page_text(page).replace("\n", " ") for page in range(len(screen.pages)))


def test_s_on_the_wall_shows_the_sentence_and_any_key_brings_the_map_back(qtbot, wall):
    widget, document = wall.widget, wall.document
    wall_key(qtbot, wall, Qt.Key.Key_1)  # Bolton
    type_line(qtbot, wall, "Live birth notifications @Maternity services")
    type_line(qtbot, wall, "!Live birth notifications: no sharing agreement with the trust")
    assert not widget.sentence_shown

    wall_key(qtbot, wall, Qt.Key.Key_S)
    screen = widget.sentence_screen
    sentence = stage_sentence(document.graph, widget.stage, widget.locality)
    assert widget.sentence_shown and screen.geometry() == widget.rect() and screen.hasFocus()
    assert screen.text() == sentence and _on_screen(widget) == sentence  # every word, none added
    assert "live birth notifications" in sentence and "no sharing agreement" in sentence
    assert "Bolton" in screen.heading and document.graph.nodes[widget.stage]["name"] in screen.heading
    assert len(screen.pages) == 1 and screen.body_size >= 0.05 * widget.height()  # large, on one screen
    picture = widget.grab().toImage()
    assert picture.pixelColor(5, 5).name() == "#111111"  # the heading's band, as the status line
    assert picture.pixelColor(widget.width() - 5, widget.height() // 2).name() == "#ffffff"

    qtbot.keyClick(screen, Qt.Key.Key_X)
    assert not widget.sentence_shown and widget.bar.hasFocus()
    assert widget.bar.text() == ""  # the key that brought the map back is not typed

    # All localities, another stage: S says that stage's sentence across them.
    wall_key(qtbot, wall, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)  # Bolton → all localities
    wall_key(qtbot, wall, Qt.Key.Key_Right)
    assert widget.locality is None and widget.stage == nodes_of(document.graph, "stage")[1]
    wall_key(qtbot, wall, Qt.Key.Key_S)
    assert screen.text() == stage_sentence(document.graph, widget.stage, None)
    assert "all 10 localities" in screen.heading
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # one page: any key, Space too, goes back
    assert not widget.sentence_shown


def test_the_sentence_on_the_wall_follows_an_edit_made_while_it_is_up(qtbot, wall):
    widget, document = wall.widget, wall.document
    wall_key(qtbot, wall, Qt.Key.Key_S)
    before = widget.sentence_screen.text()
    # An edit from elsewhere (the main window) while the sentence is up: the screen says it at once.
    assert wall.runner.run("Police call-outs @Police", widget.stage, widget.locality).ok
    assert widget.sentence_shown
    after = widget.sentence_screen.text()
    assert after != before and after == stage_sentence(document.graph, widget.stage, None)
    assert "police call-outs" in _on_screen(widget)
    document.undo_stack.undo()
    assert widget.sentence_shown and widget.sentence_screen.text() == before


def test_a_long_sentence_goes_on_over_pages_in_type_read_from_the_back_of_the_room(qtbot, app_settings,
                                                                                     sample_store):
    session = show_wall(qtbot, sample_store)
    document, widget = session.document, session.widget
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_S)
    screen = widget.sentence_screen
    sentence = stage_sentence(document.graph, widget.stage, None)
    assert len(sentence) > 1500 and len(screen.pages) > 1
    assert _on_screen(widget) == sentence
    assert min(screen.page_sizes) >= 0.04 * widget.height()  # never shrunk to fit it all on one screen
    assert "Page 1 of" in screen.hint()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert screen.page == 1 and widget.sentence_shown
    qtbot.keyClick(screen, Qt.Key.Key_Left)
    assert screen.page == 0 and widget.sentence_shown
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert not widget.sentence_shown and widget.bar.hasFocus()
    if shiboken6.isValid(widget):
        widget.close()
    document.undo_stack.clear()


def test_the_grammar_lists_s(qtbot, wall):
    widget = wall.widget
    assert any(key == "S" for key, _ in WALL_KEYS)
    type_line(qtbot, wall, "?")
    assert widget.grammar.isVisible() and "<b>S</b>" in widget.grammar.text()
    assert "sentence" in widget.grammar.text()
    assert widget.grammar.geometry().bottom() <= widget.view.geometry().bottom()  # still fits a 720 wall


def test_s_in_the_bar_is_a_letter(qtbot, wall):
    qtbot.keyClicks(wall.widget.bar, "School attendance")
    assert not wall.widget.sentence_shown and wall.widget.bar.text() == "School attendance"
