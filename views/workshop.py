"""Workshop mode: the map on the wall, full screen, one stage at a time, with a quick-entry bar.

The WorkshopWidget reads the graph and emits what the facilitator typed (`entry_submitted`);
app.workshop turns lines into undoable edits and answers with `show_result`. Keys:

    in the bar   Enter submit (or, on the list of names, take the name) · Esc close the grammar, else
                 clear, or (empty) leave · Ctrl+Z / Ctrl+Shift+Z undo / redo ·
                 PgUp/PgDn (and ←/→ when empty) stage · ↑/↓ earlier lines · Tab the wall's keys
    on the wall  B blank (any key back) · S the sentence full screen (any key back; Space pages on
                 a long one) · A what this stage asks of whom, the same way · L / Shift+L locality ·
                 1–9, 0 locality by number ·
                 T start/pause timer · Shift+T reset · ←/→ PgUp/PgDn Home/End stage · ? grammar ·
                 Esc leave · Enter, Tab or any other letter back to the bar. After L, a number, T, ?,
                 the blank screen, the sentence or the asks the bar has the keyboard again, any line
                 left in it selected (typing replaces it, Enter sends it again)
    anywhere     Ctrl+= / Ctrl+- type size (remembered) · F1 grammar

Single letters act only on the wall (Tab from the bar): in the bar they are text, since items
start with every letter ("Live birth data" must not switch the locality).
"""

from __future__ import annotations

import networkx as nx
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontMetricsF, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from models import analysis
from models.graph import nodes_of
from models.quick_entry import completions, help_lines, short_names
from models.sentences import stage_sentence
from views.diagram_items import font
from views.wall_scene import WorkshopScene
from views.workshop_items import THEME
from views.sentence_panel import SentenceScreen, stage_asks, where
from views.workshop_parts import BlankScreen, GrammarPanel, QuickEntryBar, Timebox, WallView, ask_history

NodeKey = tuple[str, int]
SCALE_KEY = "workshop/type_scale"
RESULT_TYPE = 22  # the answer under the bar, in pixels at the theme's normal size
WALL_KEYS = [
    ("Tab", "from the bar to the wall's keys (Enter or any letter goes back)"),
    ("B", "blank the wall; any key brings it back"),
    ("S", "the sentence of this stage and locality, full screen (Space: next page; any other key: back)"),
    ("A", "what this stage asks of whom in this locality, full screen, by who must act"),
    ("L  Shift+L", "next / previous locality, and all localities"),
    ("1 … 9, 0", "locality by number (0 is the tenth)"),
    ("← →  PgUp PgDn", "previous / next stage (←/→ in the bar when it is empty)"),
    ("T  Shift+T", "start or pause / reset the timer"),
    ("Ctrl+=  Ctrl+-", "larger / smaller type"),
    ("Esc", "close this; else clear the bar; on an empty bar, leave workshop mode"),
]


def _settings() -> QSettings:
    return QSettings("Circle of Need", "Circle of Need")


class WorkshopWidget(QWidget):
    """The wall: a status line, one stage's circle in the projector theme, the quick-entry bar."""

    entry_submitted = Signal(str)
    undo_requested = Signal()  # Ctrl+Z: undo the last line (the map's undo stack, not the bar's text)
    redo_requested = Signal()
    shown_changed = Signal()  # the stage or the locality shown changed
    finished = Signal()

    def __init__(self, graph: nx.DiGraph, stage_id: int | None = None, locality: NodeKey | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.setWindowTitle("Circle of Need — workshop")
        self.setAccessibleName("Workshop mode")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        THEME.set_scale(float(_settings().value(SCALE_KEY, 1.0) or 1.0))
        self.scene = WorkshopScene(graph, self)
        if stage_id is not None:
            self.scene.show_stage(stage_id)
        self.scene.set_locality(locality)
        self.view = WallView(self.scene, self)
        self.timebox = Timebox(10.0, self)
        self.bar = QuickEntryBar(self)
        self.result = QLabel(self)
        self.result.setAccessibleName("Quick entry result")
        self.result.setWordWrap(True)
        self.result.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._result_style = ""
        self._build_status()
        self._lay_out()
        self.blank = BlankScreen(self)
        self.sentence_screen = SentenceScreen(self)
        # Each ask is put to the room in turn: larger type, on more pages, than the one sentence.
        self.asks_screen = SentenceScreen(self, "What this stage asks of whom", smallest=0.05)
        self.grammar = GrammarPanel(help_lines(), WALL_KEYS, self)
        self.bar.overlay = self.grammar  # Esc in the bar closes the grammar before anything else
        self._question = None  # (the line asked about, what to do on yes) while a question waits
        self.bar.escape_first = self._keep
        self._shown = (self.stage, self.locality)  # what the last line under the bar was about
        self._make_actions()
        self._connect()
        self._refresh_names()
        self.apply_scale()
        self._update_status()
        self.show_result("Type what the room says and press Enter.  ? shows the grammar.", ok=True)

    # ---- building --------------------------------------------------------------------------------

    def _build_status(self) -> None:
        self.status = QFrame(self)
        self.status.setObjectName("workshopStatus")
        self.status.setAccessibleName("Status line")
        self.stage_label, self.locality_label, self.timer_label = QLabel(), QLabel(), QLabel()
        self.keys_label = QLabel("? grammar · Tab keys · Esc leave")
        for label, name in ((self.stage_label, "Stage shown"), (self.locality_label, "Locality shown"),
                            (self.timer_label, "Timer"), (self.keys_label, "Keys")):
            label.setAccessibleName(name)
            # Long names must not widen the window past the wall: they are cut, not the screen.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(40)
        row = QHBoxLayout(self.status)
        row.setContentsMargins(24, 6, 24, 6)
        row.addWidget(self.stage_label, 5)
        row.addWidget(self.locality_label, 3)
        row.addWidget(self.timer_label, 0)
        row.addWidget(self.keys_label, 0)
        # The timer is short and always whole ("Timer 4:32", "Time up +0:41"): the names give way to it.
        self.timer_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.keys_label.hide()  # shown only when the wall is wide enough (resizeEvent)

    def _lay_out(self) -> None:
        entry = QFrame(self)
        entry.setObjectName("workshopEntry")
        column = QVBoxLayout(entry)
        column.setContentsMargins(24, 10, 24, 10)
        column.setSpacing(6)
        column.addWidget(self.bar)
        column.addWidget(self.result)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.status)
        outer.addWidget(self.view, 1)
        outer.addWidget(entry)

    def _make_actions(self) -> None:
        def action(text: str, keys: list[str], slot) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setToolTip(text)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.larger_action = action("Larger type", ["Ctrl+=", "Ctrl++", "Ctrl+Shift+="], lambda: self.step_scale(1))
        self.smaller_action = action("Smaller type", ["Ctrl+-"], lambda: self.step_scale(-1))
        self.help_action = action("Show the quick-entry grammar", ["F1"], self.toggle_grammar)

    def _connect(self) -> None:
        self.bar.submitted.connect(self._submit)
        self.bar.undo_requested.connect(self.undo_requested)
        self.bar.redo_requested.connect(self.redo_requested)
        self.bar.leave_requested.connect(self.close)
        self.bar.step_requested.connect(self.step_stage)
        self.bar.wall_requested.connect(self.setFocus)
        self.blank.dismissed.connect(self.unblank)
        self.sentence_screen.dismissed.connect(self.hide_sentence)
        self.asks_screen.dismissed.connect(self.hide_asks)
        self.timebox.changed.connect(self._update_status)
        self.scene.shown_changed.connect(self._update_status)
        self.scene.shown_changed.connect(self._say_shown)
        self.scene.shown_changed.connect(self.shown_changed)
        self.scene.shown_changed.connect(self._refresh_sentence)
        self.scene.shown_changed.connect(self._refresh_asks)

    # ---- what is shown ---------------------------------------------------------------------------

    @property
    def stage(self) -> NodeKey | None:
        return ("stage", self.scene.stage_id) if self.scene.stage_id is not None else None

    @property
    def locality(self) -> NodeKey | None:
        return self.scene.locality

    def stages(self) -> list[NodeKey]:
        return nodes_of(self.graph, "stage")

    def localities(self) -> list[NodeKey]:
        return nodes_of(self.graph, "locality")

    def step_stage(self, step: int) -> None:
        stages = self.stages()
        if not stages:
            return
        index = stages.index(self.stage) if self.stage in stages else 0
        self.show_stage(stages[max(0, min(len(stages) - 1, index + step))][1])

    def show_stage(self, stage_id: int) -> None:
        self.scene.show_stage(stage_id)
        self.view.fit()

    def cycle_locality(self, step: int = 1) -> None:
        """Through the localities in order, and "all localities" between the last and the first."""
        choices: list[NodeKey | None] = [None, *self.localities()]
        index = choices.index(self.locality) if self.locality in choices else 0
        self.scene.set_locality(choices[(index + step) % len(choices)])

    def pick_locality(self, number: int) -> bool:
        """The locality with this number (1–9, 0 the tenth) in the order L goes through them."""
        localities = self.localities()
        index = 9 if number == 0 else number - 1
        if index >= len(localities):
            self.show_result(f"There is no locality {number}: this map has {len(localities)}.", ok=False)
            return False
        self.scene.set_locality(localities[index])
        return True

    def sync(self, graph: nx.DiGraph, change) -> None:
        """Keep the wall in step with the map (`change` is a models.services.Change)."""
        self.graph = graph
        self.scene.sync(graph, change)
        if self.locality is not None and self.locality not in graph:
            self.scene.set_locality(None)
        self._refresh_names()
        self._update_status()
        self._refresh_sentence()
        self._refresh_asks()

    def _refresh_names(self) -> None:
        self.bar.set_names(*completions(self.graph), short_names(self.graph))

    def _update_status(self) -> None:
        stages = self.stages()
        stage = self.stage
        if stage is None:
            self.stage_label.setText("No stages in this map")
        else:
            number = stages.index(stage) + 1 if stage in stages else 0
            self.stage_label.setText(f"{number}/{len(stages)}  {analysis.name(self.graph, stage)}")
        if self.locality is None:
            self.locality_label.setText(f"All {len(self.localities())} localities")
        else:
            self.locality_label.setText(analysis.name(self.graph, self.locality))
        self.timer_label.setText(self.timebox.text() if self.timebox.touched else "")
        self.timer_label.setVisible(self.timebox.touched)
        over = self.timebox.remaining() < 0
        self.timer_label.setProperty("over", over)
        self.timer_label.setStyleSheet("background: #F0E442; color: #111111; padding: 0 12px;" if over else "")

    def _say_shown(self) -> None:
        """A new stage or locality on the wall: the line under the bar says what is shown now (the
        answer to an earlier line was about what was shown before)."""
        shown = (self.stage, self.locality)
        if shown == self._shown:
            return
        self._shown = shown
        if self.stage is None:
            return
        stages = self.stages()
        number = stages.index(self.stage) + 1 if self.stage in stages else 0
        where = (f"all {len(self.localities())} localities" if self.locality is None
                 else analysis.name(self.graph, self.locality))
        waiting = "  Enter tries the line in the bar again." if self.bar.text() else ""
        self.show_result(f"Showing stage {number}, {analysis.name(self.graph, self.stage)} — {where}.{waiting}",
                         ok=True)

    # ---- entry -----------------------------------------------------------------------------------

    def _submit(self, text: str) -> None:
        if self.grammar.isVisible():
            self.grammar.hide()
        question, self._question = self._question, None
        if question is not None:
            asked, yes = question
            if text == asked:  # Enter on the line asked about: yes
                yes()
                return
            if not text.strip():
                self.show_result("Nothing done: the question was dropped.", ok=True)
                return
        self.entry_submitted.emit(text)

    @property
    def asking(self) -> bool:
        return self._question is not None

    def ask(self, line: str, question: str, yes) -> None:
        """A line that would do something hard to see (a removal of a name only like the one typed): say
        what it would do and wait. Enter on the same line does it; Esc, or any other line, does not."""
        self._question = (line, yes)
        self.result.setText("? " + question)
        self.result.setProperty("ok", None)
        self._result_style = "color: #111111; background: #F0E442; font-weight: bold;"
        self._fit_result()
        self._shown = (self.stage, self.locality)
        self.bar.setCursorPosition(len(self.bar.text()))
        self.bar.deselect()

    def _keep(self) -> bool:
        """Esc while a question waits: the answer is no; the line goes, nothing is done."""
        if self._question is None:
            return False
        line, self._question = self._question[0], None
        self.bar.clear()
        self.show_result(f"Kept: nothing done for “{line}”.", ok=True)
        return True

    def show_result(self, message: str, ok: bool) -> None:
        """The answer to the last line, under the bar: what was done, or what is wrong and how to fix it."""
        self._question = None  # a new answer: any question waiting is dropped
        self.result.setText(("✓ " if ok else "✗ ") + message)
        self.result.setProperty("ok", ok)
        colour = "#005A43" if ok else "#9E2A00"
        self._result_style = f"color: {colour}; font-weight: {'normal' if ok else 'bold'};"
        self._fit_result()
        self._shown = (self.stage, self.locality)

    def _fit_result(self) -> None:
        """The whole answer in the room under the bar (two lines of the theme's type): a long one in smaller
        type, never cut off."""
        size = round(RESULT_TYPE * (1 + 0.5 * (THEME.scale - 1)))
        smallest = max(12, round(0.6 * size))
        width = max(100, (self.result.width() if self.result.width() > 100 else self.width() - 48) - 4)
        room = self.result.maximumHeight()
        while True:
            self.result.setStyleSheet(f"{self._result_style} font-size: {size}px;")
            document = QTextDocument()
            document.setDefaultFont(font(size, bold="bold;" in self._result_style))
            document.setDocumentMargin(0)
            document.setPlainText(self.result.text())
            document.setTextWidth(width)
            if document.size().height() <= room or size <= smallest:
                break
            size -= 1
        self.result_type_size = size

    def resize_result(self) -> None:
        self._fit_result()

    def refuse_line(self) -> None:
        """A refused line stays in the bar, selected: typing replaces it, an arrow key keeps it to mend."""
        self.bar.selectAll()

    def accept_line(self, line: str) -> None:
        """The line was carried out: remember it for ↑ and clear the bar for the next."""
        self.bar.remember(line)
        self.bar.clear()

    def toggle_grammar(self) -> None:
        if self.grammar.isVisible():
            self.grammar.hide()
            return
        self._place_grammar()
        self.grammar.show()
        self.grammar.raise_()

    def _place_grammar(self) -> None:
        area = self.view.geometry()
        width = min(area.width() - 40, max(600, int(area.width() * 0.9)))
        self.grammar.setFixedWidth(width)
        # The theme's size, smaller if need be: the whole grammar stays on the wall.
        size = round(24 * THEME.scale)
        while True:
            self.grammar.set_type_size(size)
            self.grammar.setMinimumHeight(0)
            self.grammar.setMaximumHeight(16_777_215)
            self.grammar.adjustSize()
            self.grammar.resize(width, self.grammar.heightForWidth(width))
            if self.grammar.height() <= area.height() - 20 or size <= 10:
                break
            size -= 1
        self.grammar.move(area.x() + (area.width() - width) // 2,
                          area.y() + max(10, (area.height() - self.grammar.height()) // 2))

    # ---- blank screen and type size ---------------------------------------------------------------

    @property
    def blanked(self) -> bool:
        return self.blank.isVisible()

    def blank_screen(self) -> None:
        self.blank.setGeometry(self.rect())
        self.blank.show()
        self.blank.raise_()
        self.blank.setFocus()

    def unblank(self) -> None:
        self.blank.hide()
        self.back_to_bar()

    def back_to_bar(self) -> None:
        """After a key on the wall: the bar again, any line still in it (a refused one) selected, so the
        next letter typed starts a new line rather than joining it or being taken for a wall key."""
        self.bar.setFocus(Qt.FocusReason.TabFocusReason)  # a line edit selects all when Tab brings it focus
        self.bar.selectAll()

    # ---- the sentence, full screen ----------------------------------------------------------------

    @property
    def sentence_shown(self) -> bool:
        return self.sentence_screen.isVisible()

    def show_sentence(self) -> None:
        """S: what the room has said so far, as the one sentence for this stage and locality."""
        if self.stage is None:
            self.show_result("There is no stage to say a sentence for: add one in the main window first.",
                             ok=False)
            self.back_to_bar()
            return
        self._refresh_sentence(force=True)
        self.sentence_screen.setGeometry(self.rect())
        self.sentence_screen.show()
        self.sentence_screen.raise_()
        self.sentence_screen.setFocus()

    def _refresh_sentence(self, force: bool = False) -> None:
        """The words on the sentence screen, when it is up (an edit in the main window shows at once)."""
        if self.stage is None or not (force or self.sentence_shown):
            if self.stage is None and self.sentence_shown:
                self.hide_sentence()
            return
        sentence = stage_sentence(self.graph, self.stage, self.locality)
        self.sentence_screen.show_sentence(self._screen_heading(), sentence, THEME.scale)

    def _screen_heading(self, what: str = "") -> str:
        """“2/4  Design of support — Bolton” over a full screen of words (`what`: what they are)."""
        stages = self.stages()
        number = stages.index(self.stage) + 1 if self.stage in stages else 0
        name, place = analysis.name(self.graph, self.stage), where(self.graph, self.locality)
        return f"{what}{number}/{len(stages)}  {name} — {place}"

    def hide_sentence(self) -> None:
        self.sentence_screen.hide()
        self.back_to_bar()

    # ---- the asks, full screen ----------------------------------------------------------------------

    @property
    def asks_shown(self) -> bool:
        return self.asks_screen.isVisible()

    def show_asks(self) -> None:
        """A: what this stage asks of whom in the locality shown (or any), as the room would put it: under
        who must act, most important first — on the sentence's full screen, paged the same way."""
        if self.stage is None:
            self.show_result("There is no stage to show the asks of: add one in the main window first.", ok=False)
            self.back_to_bar()
            return
        self._refresh_asks(force=True)
        self.asks_screen.setGeometry(self.rect())
        self.asks_screen.show()
        self.asks_screen.raise_()
        self.asks_screen.setFocus()

    def _refresh_asks(self, force: bool = False) -> None:
        """The asks on screen, when it is up: an edit, undo or redo changes them at once."""
        if self.stage is None or not (force or self.asks_shown):
            if self.stage is None and self.asks_shown:
                self.hide_asks()
            return
        paragraphs, text = stage_asks(self.graph, self.stage, self.locality)
        self.asks_screen.show_paragraphs(self._screen_heading("Asks · "), paragraphs, text, THEME.scale)

    def hide_asks(self) -> None:
        self.asks_screen.hide()
        self.back_to_bar()

    def step_scale(self, step: int) -> None:
        THEME.set_scale(THEME.scale + step * THEME.STEP)
        _settings().setValue(SCALE_KEY, THEME.scale)
        self.apply_scale()

    def apply_scale(self) -> None:
        s = THEME.scale
        # The status line and the bar grow half as fast as the wall's type: the circle keeps its room.
        s = 1 + 0.5 * (s - 1)
        self.setStyleSheet(
            f"WorkshopWidget {{ background: #FFFFFF; }}"
            f"#workshopStatus {{ background: #111111; }}"
            f"#workshopStatus QLabel {{ color: #FFFFFF; font-size: {round(24 * s)}px; font-weight: bold; }}"
            f"#workshopEntry {{ background: #F2F4F7; border-top: 3px solid #111111; }}"
            f"QuickEntryBar {{ font-size: {round(28 * s)}px; padding: 6px 10px; color: #111111;"
            f" background: #FFFFFF; border: 3px solid #111111; border-radius: 6px; }}"
            f"QuickEntryBar:focus {{ border: 4px solid #0072B2; }}"
            f"#workshopEntry QLabel {{ font-size: {round(24 * s)}px; }}"
        )
        # Room for two lines of answer under the bar, whatever it says: the wall above never rescales.
        lines = QFontMetricsF(font(round(RESULT_TYPE * s), bold=True)).lineSpacing()
        self.result.setFixedHeight(int(2 * lines + 6))
        self.layout().activate()  # the wall's new size now, so that it is laid out once, for that size
        self._fit_result()
        self.completer_font()
        self._refresh_sentence()  # the sentence's type follows the theme's scale too
        self._refresh_asks()
        self.scene.relayout()
        self.view.fit()

    def completer_font(self) -> None:
        popup = self.bar.completer.popup()
        popup.setStyleSheet(f"font-size: {round(26 * THEME.scale)}px; color: #111111; background: #FFFFFF;")

    # ---- keys on the wall --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, text = event.key(), event.text()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        control = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if self.blanked:
            self.unblank()
            return
        if self.sentence_shown:
            self.hide_sentence()
            return
        if self.asks_shown:
            self.hide_asks()
            return
        if ask_history(self, event):
            return
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_PageDown: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Space: 1,
                 Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Backspace: -1}
        if control:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Escape:
            if self.grammar.isVisible():
                self.grammar.hide()
            else:
                self.close()
        elif key in steps:
            self.step_stage(steps[key])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.step_stage(-10_000 if key == Qt.Key.Key_Home else 10_000)
        elif key == Qt.Key.Key_B:
            self.blank_screen()
        elif key == Qt.Key.Key_S:
            self.show_sentence()
        elif key == Qt.Key.Key_A:
            self.show_asks()
        elif key == Qt.Key.Key_L:
            self.cycle_locality(-1 if shift else 1)
            self.back_to_bar()
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and not shift:
            self.pick_locality(key - Qt.Key.Key_0)
            self.back_to_bar()
        elif key == Qt.Key.Key_T:
            self.timebox.reset() if shift else self.timebox.toggle()
            self.show_result("Timer reset." if shift else "Timer running (T on the wall pauses)."
                             if self.timebox.running else "Timer paused (T on the wall goes on).", ok=True)
            self.back_to_bar()
        elif key == Qt.Key.Key_Question or text == "?":
            self.toggle_grammar()
            self.back_to_bar()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            self.back_to_bar()
        elif text and text.isprintable():
            self.back_to_bar()
            self.bar.insert(text)  # in place of the selected line
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override): Tab on the wall
        if self.focusWidget() is self or self.focusWidget() is None:
            self.back_to_bar()
            return True
        return super().focusNextPrevChild(forward)

    # ---- showing and leaving -------------------------------------------------------------------------

    def start(self) -> None:
        """Full screen on the wall, the bar ready for typing."""
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.bar.setFocus()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.blanked:
            self.blank.setGeometry(self.rect())
        if self.sentence_shown:
            self.sentence_screen.setGeometry(self.rect())
        if self.asks_shown:
            self.asks_screen.setGeometry(self.rect())
        if self.grammar.isVisible():
            self._place_grammar()
        self.keys_label.setVisible(self.width() >= 2400)  # a wide wall has room; else the placeholder says it
        self._fit_result()
        self.view.fit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.timebox.reset()
        self.finished.emit()
        super().closeEvent(event)
