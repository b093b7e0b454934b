"""The sentence on screen: what the stage shown needs, what is blocked and why, and what would unblock
it (models.sentences.stage_sentence) for the locality shown. Beside the diagram, with a Copy button and
key (SentencePanel); on the wall, full screen in large type (SentenceScreen, the S key). The same full
screen shows what the stage asks of whom (stage_asks, the A key).

The window tells the panel what is shown (`show_for`) after every edit, undo, redo, stage, locality and
map; the panel works the words out from the graph just after (the edit's own redraw comes first: across
152 localities a sentence is some 100,000 characters and takes 50 ms to make and lay out), once for a
burst of changes, and only while it is in sight (a closed panel costs nothing; it catches up when shown)."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import NamedTuple

import networkx as nx
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from models import analysis, asks
from models.graph import nodes_of
from models.sentences import stage_sentence
from views.diagram_items import font

NodeKey = tuple[str, int]
COPY_KEYS = "Ctrl+Shift+C"
WAITING = "The sentence for the stage shown (what it needs, what is blocked and why, and what would " \
          "unblock it) shows here once a map is open."
NO_STAGE = "This map has no stage yet: add one (Edit ▸ Add stage, Ctrl+Shift+N) and its sentence shows here."
INK, QUIET = "#1F2933", "#5B6670"
NO_ASKS = ("No asks for this stage yet: nothing it needs is blocked or only partly accessible with a "
           "reason recorded.")
# The wall's projector colours (as views.workshop_items draws the circle), kept here so that the window,
# which shows this module's panel from the start, does not load the wall's views before the first F5.
WALL_INK, WALL_PAPER, WALL_QUIET = QColor("#111111"), QColor("#FFFFFF"), QColor("#55606C")


def where(graph: nx.DiGraph, locality: NodeKey | None) -> str:
    """The locality shown in words: its name, or “all 10 localities”."""
    if locality is None:
        count = sum(1 for key in graph if key[0] == "locality")
        return "all localities" if count == 0 else "the one locality" if count == 1 else f"all {count} localities"
    return analysis.name(graph, locality)


class SentencePanel(QWidget):
    """A heading (which stage, which locality), the sentence (word-wrapped, selectable) and Copy."""

    copied = Signal(str)  # the text put on the clipboard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sentencePanel")
        self.setAccessibleName("The sentence")
        self.graph: nx.DiGraph | None = None
        self.stage: NodeKey | None = None
        self.locality: NodeKey | None = None
        self.journey = False
        self._text = ""
        self.title = ""  # which stage and which locality, in plain words ("1. Referral — Bolton")
        self._dirty = False
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._catch_up)
        self.heading = QLabel()
        self.heading.setObjectName("sentenceHeading")
        self.heading.setAccessibleName("Stage and locality of the sentence")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QLabel()
        self.body.setObjectName("sentenceBody")
        self.body.setAccessibleName("Sentence")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it: select with Shift+arrows
        self.copy_action = QAction("&Copy the sentence", self)
        self.copy_action.setObjectName("copy_the_sentence")
        self.copy_action.setShortcut(QKeySequence(COPY_KEYS))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.copy_action.setToolTip(f"Copy the sentence shown, to paste into a paper or an e-mail ({COPY_KEYS})")
        self.copy_action.setStatusTip(self.copy_action.toolTip())
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName("Copy the sentence")
        self.copy_button.setToolTip(self.copy_action.toolTip())
        self.copy_button.clicked.connect(self.copy)
        self._lay_out()
        self.clear()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addWidget(self.heading, 1)
        top.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.body)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 6, 6)
        column.setSpacing(6)
        column.addLayout(top)
        column.addWidget(self.scroll, 1)
        self.scroll.setObjectName("sentenceScroll")
        # The words on a white sheet, as they will be on paper; the heading and Copy on the panel's ground.
        self.setStyleSheet(
            f"#sentenceHeading {{ color: {INK}; font-weight: bold; font-size: 14px; }}"
            f"#sentenceBody {{ color: {INK}; background: #FFFFFF; font-size: 14px; padding: 6px 10px 8px 10px; }}"
            "#sentenceScroll { background: #FFFFFF; border: 1px solid #C9D0D8; border-radius: 3px; }"
        )

    # ---- what is shown ---------------------------------------------------------------------------

    def show_for(self, graph: nx.DiGraph | None, stage: NodeKey | None, locality: NodeKey | None,
                 journey: bool = False) -> None:
        """The sentence of `stage` (or, on the whole journey, of every stage) in `locality` (None: across
        all localities). Worked out as soon as the event loop is free if the panel is in sight, else when
        it is next shown."""
        self.graph, self.stage, self.locality, self.journey = graph, stage, locality, journey
        self._dirty = True
        if self.isVisible():
            self._later.start()

    @property
    def up_to_date(self) -> bool:
        return not self._dirty

    def _catch_up(self) -> None:
        if self._dirty and self.isVisible():
            self._refresh()

    def clear(self) -> None:
        """No map open."""
        self.show_for(None, None, None)

    def text(self) -> str:
        """What Copy puts on the clipboard: the sentence shown, word for word (on the whole journey, each
        stage's name and sentence); empty when there is none."""
        if self._dirty:
            self._refresh()
        return self._text

    def copy(self) -> None:
        text = self.text()
        clipboard = QGuiApplication.clipboard()
        if not text or clipboard is None:
            return
        clipboard.setText(text)
        self.copied.emit(text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override): catch up when shown
        super().showEvent(event)
        if self._dirty:
            self._refresh()

    # ---- the words -------------------------------------------------------------------------------

    def _refresh(self) -> None:
        self._dirty = False
        graph = self.graph
        stages = nodes_of(graph, "stage") if graph is not None else []
        if graph is None or not stages:
            self._text = ""
            self._set_heading("The sentence", "")
            self._set_body(f"<p style='color:{QUIET}'>{html.escape(WAITING if graph is None else NO_STAGE)}</p>")
            self._enable()
            return
        locality = self.locality if self.locality in graph else None
        place = where(graph, locality)
        if self.journey:
            pairs = [(f"{n}. {analysis.name(graph, stage)}", stage_sentence(graph, stage, locality))
                     for n, stage in enumerate(stages, 1)]
            self._set_heading("Whole journey", place)
            self._text = "\n\n".join(f"{title}\n{sentence}" for title, sentence in pairs)
            self._set_body("".join(f"<p><b>{html.escape(title)}</b><br>{html.escape(sentence)}</p>"
                                   for title, sentence in pairs))
        else:
            stage = self.stage if self.stage in stages else stages[0]
            number = stages.index(stage) + 1
            self._set_heading(f"{number}. {analysis.name(graph, stage)}", place)
            self._text = stage_sentence(graph, stage, locality)
            self._set_body(html.escape(self._text))
        self._enable()

    def _set_heading(self, what: str, place: str) -> None:
        """The stage on one line, the locality under it (a long name wraps, never the pair at random)."""
        self.title = f"{what} — {place}" if place else what
        under = f"<br><span style='font-weight: normal; color: {QUIET}'>in {html.escape(place)}</span>" if place else ""
        self.heading.setText(f"{html.escape(what)}{under}")
        self.heading.setAccessibleDescription(self.title)

    def _set_body(self, rich: str) -> None:
        # A little more space between lines than Qt's default: a long sentence in a column reads easier.
        self.body.setText(f"<div style='line-height: 130%'>{rich}</div>")
        self.body.setAccessibleDescription(self._text)

    def _enable(self) -> None:
        self.copy_action.setEnabled(bool(self._text))
        self.copy_button.setEnabled(bool(self._text))


MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr)


class Paragraph(NamedTuple):
    """A paragraph on the full screen: its words in the page's type, and any notes under it in smaller,
    quieter type. A heading is bold, never the last thing on a page, and said again (“… continued”) at
    the top of a page its paragraphs go on to."""

    text: str
    notes: tuple[str, ...] = ()
    heading: bool = False


def stage_asks(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None) -> tuple[list[Paragraph], str]:
    """What a stage asks of whom, as a facilitator puts it to the room (the wall's A): the asks of its
    needed items (models.asks.all_asks, most important first) touching `locality` (None: any), under who
    must act — national bodies, Greater Manchester, each locality. Each ask is its line, then, smaller,
    when it is due and how far along, why it matters, and whom to learn from. Returns the paragraphs and
    the same words as plain text."""
    found = asks.all_asks(graph, items=analysis.needed_items(graph, stage),
                          localities=None if locality is None else [locality])
    if not found:
        return [Paragraph(NO_ASKS)], NO_ASKS
    paragraphs: list[Paragraph] = []
    for level in ("national", "gm", "local"):
        here = [ask for ask in found if ask.level == level]
        if here:
            paragraphs.append(Paragraph(asks.LEVEL_HEADING[level], heading=True))
            paragraphs.extend(Paragraph(asks.line(graph, ask), ask_notes(graph, ask)) for ask in here)
    text = "\n\n".join("\n".join((p.text, *p.notes)) for p in paragraphs)
    return paragraphs, text


def ask_notes(graph: nx.DiGraph, ask: asks.Ask) -> tuple[str, ...]:
    """Under an ask: “In progress · due 30 April 2012 — 14 years overdue · Needed by 2 stages, …”, and
    “Learn from Bolton, which can access it in full”. Overdue is said once, with the date; an ask with none
    agreed yet has no date or status to give, and its line already says whom to learn from."""
    calm = replace(ask, impact=replace(ask.impact, overdue_days=0))  # “overdue” only beside the date
    why = asks.sentence_case(calm.impact.words(graph))
    if not ask.agreed:
        return (why,)
    due = asks.due_words(ask)
    first = f"{asks.status_words(calm)} · {'due ' + due if ask.due else due} · {why}"
    return (first, "Learn from " + asks.learn_words(graph, ask)) if ask.learn_from else (first,)


class SentenceScreen(QWidget):
    """Words over the whole wall, in type to read from the back of the room: the stage's sentence (S) or
    what it asks of whom (A). Which stage and locality in a black band like the status line's, then the
    words — the sentence one clause (up to each “;”) a paragraph, its words unchanged; the asks one
    paragraph each under who must act. Too long for one screen at a readable size, they go on over pages
    (Space, →, PgDn; ←, PgUp back); any other key, or a click, brings the map back, as does Space on the
    last page."""

    dismissed = Signal()
    LARGEST, SMALLEST = 0.085, 0.042  # the body's type, as a share of the wall's height (times the theme's scale)
    NOTES = 0.68  # the notes' type, as a share of the body's
    FORWARD = (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down)
    BACK = (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace)

    def __init__(self, parent: QWidget | None = None, what: str = "The sentence", smallest: float = SMALLEST) -> None:
        super().__init__(parent)
        self.smallest = smallest  # the least type, as SMALLEST: words read one by one want it larger
        self.setAccessibleName(f"{what}, full screen: press any key to show the map again")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading = ""
        self.sentence = ""
        self.paragraphs: list[Paragraph] = []
        self.pages: list[list[Paragraph]] = [[]]
        self.page = 0
        self.body_size = 0  # the body's type in pixels, the same on every page but a page too full for it
        self.page_sizes: list[int] = [0]
        self.scale = 1.0  # the wall's type scale (Ctrl+= / Ctrl+-), set by the wall
        self.hide()

    # ---- what it says ------------------------------------------------------------------------------

    def show_sentence(self, heading: str, sentence: str, scale: float = 1.0) -> None:
        """A sentence, a clause a paragraph."""
        self.show_paragraphs(heading, [Paragraph(c) for c in self._clauses(sentence)], sentence, scale)

    def show_paragraphs(self, heading: str, paragraphs: list[Paragraph], text: str, scale: float = 1.0) -> None:
        """Any words as paragraphs; `text` is the same words as plain text (what `text()` gives)."""
        if (heading, text) != (self.heading, self.sentence):
            self.page = 0
        self.heading, self.sentence, self.paragraphs, self.scale = heading, text, list(paragraphs), scale
        self.setAccessibleDescription(f"{heading}. {text}")
        self._paginate()
        self.update()

    def text(self) -> str:
        """The words shown, word for word (over every page)."""
        return self.sentence

    @staticmethod
    def _clauses(sentence: str) -> list[str]:
        """The sentence cut after each “;”: joined again with spaces they are the sentence."""
        parts = sentence.split("; ")
        return [part + ";" for part in parts[:-1]] + parts[-1:]

    def clauses(self) -> list[str]:
        return self._clauses(self.sentence)

    def page_text(self, page: int | None = None) -> str:
        """The words on a page (the one shown if None), a line each paragraph and each note."""
        return "\n".join(line for p in self.pages[self.page if page is None else page] for line in (p.text, *p.notes))

    # ---- laying it out -----------------------------------------------------------------------------

    def _band(self) -> tuple[int, float]:
        # As the status line on a 720-pixel wall, and growing with a taller one as the body's type does.
        size = max(14, round(max(26, self.height() * 0.036) * self.scale))
        return size, QFontMetricsF(font(size, bold=True)).lineSpacing() + 20

    def _margin(self) -> int:
        return max(16, round(self.height() * 0.045))

    def _footer(self) -> tuple[int, float]:
        size = max(12, round(max(20, self.height() * 0.026) * self.scale))
        return size, QFontMetricsF(font(size)).lineSpacing()

    def _body_rect(self) -> QRectF:
        margin, (_, band), (_, footer) = self._margin(), self._band(), self._footer()
        return QRectF(margin * 1.5, band + margin, max(100.0, self.width() - 3 * margin),
                      max(60.0, self.height() - band - footer - 2.5 * margin))

    @classmethod
    def _note_size(cls, size: int) -> int:
        return max(12, round(size * cls.NOTES))

    @classmethod
    def _lines(cls, paragraph: Paragraph, size: int) -> list[tuple[str, int, bool]]:
        """(words, type size, bold) of each line of a paragraph."""
        note = cls._note_size(size)
        return [(paragraph.text, size, paragraph.heading)] + [(n, note, False) for n in paragraph.notes]

    def _layout(self, paragraph: Paragraph, size: int, width: float) -> list[float]:
        """The height of each of a paragraph's lines, word-wrapped to `width`."""
        flags = int(Qt.TextFlag.TextWordWrap)
        return [QFontMetricsF(font(s, bold)).boundingRect(QRectF(0, 0, width, 1e6), flags, words).height()
                for words, s, bold in self._lines(paragraph, size)]

    def _height(self, paragraph: Paragraph, size: int, width: float) -> float:
        heights = self._layout(paragraph, size, width)
        return sum(heights) + self._note_gap(size) * (len(heights) - 1)

    @staticmethod
    def _note_gap(size: int) -> float:
        return size * 0.12

    @staticmethod
    def _gap(size: int, paragraph: Paragraph) -> float:
        """The space above a paragraph that does not open its page: more above a heading."""
        return QFontMetricsF(font(size)).lineSpacing() * (0.9 if paragraph.heading else 0.45)

    def _pack(self, paragraphs: list[Paragraph], size: int, area: QRectF) -> list[list[Paragraph]]:
        known: dict[Paragraph, float] = {}

        def height(p: Paragraph) -> float:
            if p not in known:
                known[p] = self._height(p, size, area.width())
            return known[p]

        pages: list[list[Paragraph]] = [[]]
        used, heading = 0.0, None
        for index, p in enumerate(paragraphs):
            need = height(p)
            follows = paragraphs[index + 1] if p.heading and index + 1 < len(paragraphs) else None
            if follows is not None:  # a heading goes with the paragraph after it
                need += self._gap(size, follows) + height(follows)
            if pages[-1] and used + self._gap(size, p) + need > area.height():
                pages.append([])
                used = 0.0
                if not p.heading and heading is not None:
                    again = Paragraph(f"{heading.text} (continued)", heading=True)
                    pages[-1].append(again)
                    used = height(again)
            used += (self._gap(size, p) if pages[-1] else 0.0) + height(p)
            pages[-1].append(p)
            heading = p if p.heading else heading
        return pages

    def _fits(self, paragraphs: list[Paragraph], size: int, area: QRectF) -> bool:
        total = sum(self._height(p, size, area.width()) for p in paragraphs)
        return total + sum(self._gap(size, p) for p in paragraphs[1:]) <= area.height()

    def _paginate(self) -> None:
        """The largest type that shows the words on the fewest pages; a page whose one paragraph is too
        long even for the smallest readable type gets smaller type of its own."""
        paragraphs, area = self.paragraphs, self._body_rect()
        scale, height = self.scale, max(1, self.height())
        largest = max(12, round(height * self.LARGEST * scale))
        smallest = min(largest, max(12, round(height * self.smallest * scale)))
        fewest = len(self._pack(paragraphs, smallest, area))
        size = next(s for s in range(largest, smallest - 1, -1) if len(self._pack(paragraphs, s, area)) <= fewest)
        self.body_size, self.pages = size, self._pack(paragraphs, size, area)
        self.page_sizes = []
        for page in self.pages:
            own = size
            while own > 10 and not self._fits(page, own, area):
                own -= 1
            self.page_sizes.append(own)
        self.page = min(self.page, len(self.pages) - 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._paginate()

    # ---- drawing -----------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), WALL_PAPER)
        margin, (band_size, band), (foot_size, foot) = self._margin(), self._band(), self._footer()
        painter.fillRect(QRectF(0, 0, self.width(), band), WALL_INK)
        painter.setPen(WALL_PAPER)
        painter.setFont(font(band_size, bold=True))
        heading = QFontMetricsF(painter.font()).elidedText(self.heading, Qt.TextElideMode.ElideRight,
                                                            self.width() - 2 * margin)
        painter.drawText(QRectF(margin * 1.5, 0, self.width() - 3 * margin, band),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), heading)
        area = self._body_rect()
        size = self.page_sizes[self.page] if self.page < len(self.page_sizes) else self.body_size
        paragraphs = self.pages[self.page] if self.page < len(self.pages) else []
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        y = area.top()
        for index, paragraph in enumerate(paragraphs):
            y += self._gap(size, paragraph) if index else 0.0
            for number, ((words, pixels, bold), height) in enumerate(
                    zip(self._lines(paragraph, size), self._layout(paragraph, size, area.width()))):
                painter.setPen(WALL_INK if number == 0 else WALL_QUIET)
                painter.setFont(font(pixels, bold))
                painter.drawText(QRectF(area.left(), y, area.width(), height), flags, words)
                y += height + self._note_gap(size)
            y -= self._note_gap(size)
        painter.setPen(WALL_QUIET)
        painter.setFont(font(foot_size))
        painter.drawText(QRectF(margin * 1.5, self.height() - foot - margin * 0.6, self.width() - 3 * margin, foot),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.hint())
        painter.end()

    def hint(self) -> str:
        if len(self.pages) <= 1:
            return "Any key: back to the map"
        turns = (["Space: next page"] if self.page + 1 < len(self.pages) else []) + (
            ["←: previous page"] if self.page > 0 else [])
        return f"Page {self.page + 1} of {len(self.pages)} · {' · '.join(turns)} · any other key: back to the map"

    # ---- keys --------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in MODIFIER_KEYS:
            return
        if key in self.FORWARD and self.page + 1 < len(self.pages):
            self.turn(1)
        elif key in self.BACK and len(self.pages) > 1:
            self.turn(-1)
        else:
            self.dismissed.emit()

    def turn(self, step: int) -> None:
        self.page = max(0, min(len(self.pages) - 1, self.page + step))
        self.update()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.page + 1 < len(self.pages):
            self.turn(1)
        else:
            self.dismissed.emit()
