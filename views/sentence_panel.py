"""The sentence on screen: what the stage shown needs, what is blocked and why, and what would unblock
it (models.sentences.stage_sentence) for the locality shown. Beside the diagram, with a Copy button and
key (SentencePanel); on the wall, full screen in large type (SentenceScreen, the S key).

The window tells the panel what is shown (`show_for`) after every edit, undo, redo, stage, locality and
map; the panel works the words out from the graph just after (the edit's own redraw comes first: across
152 localities a sentence is some 100,000 characters and takes 50 ms to make and lay out), once for a
burst of changes, and only while it is in sight (a closed panel costs nothing; it catches up when shown)."""

from __future__ import annotations

import html

import networkx as nx
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from models import analysis
from models.graph import nodes_of
from models.sentences import stage_sentence
from views.diagram_items import font

NodeKey = tuple[str, int]
COPY_KEYS = "Ctrl+Shift+C"
WAITING = "The sentence for the stage shown (what it needs, what is blocked and why, and what would " \
          "unblock it) shows here once a map is open."
NO_STAGE = "This map has no stage yet: add one (Edit ▸ Add stage, Ctrl+Shift+N) and its sentence shows here."
INK, QUIET = "#1F2933", "#5B6670"
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


class SentenceScreen(QWidget):
    """The stage's sentence over the whole wall (S), in type to read from the back of the room: which
    stage and locality in a black band like the status line's, then the sentence, one clause (up to
    each “;”) a paragraph, its words unchanged. A sentence too long for one screen at a readable size
    goes on over pages (Space, →, PgDn; ←, PgUp back); any other key, or a click, brings the map back,
    as does Space on the last page."""

    dismissed = Signal()
    LARGEST, SMALLEST = 0.085, 0.042  # the body's type, as a share of the wall's height (times the theme's scale)
    FORWARD = (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down)
    BACK = (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("The sentence, full screen: press any key to show the map again")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading = ""
        self.sentence = ""
        self.pages: list[list[str]] = [[]]
        self.page = 0
        self.body_size = 0  # the body's type in pixels, the same on every page but a page too full for it
        self.page_sizes: list[int] = [0]
        self.scale = 1.0  # the wall's type scale (Ctrl+= / Ctrl+-), set by the wall
        self.hide()

    # ---- what it says ------------------------------------------------------------------------------

    def show_sentence(self, heading: str, sentence: str, scale: float = 1.0) -> None:
        if (heading, sentence) != (self.heading, self.sentence):
            self.page = 0
        self.heading, self.sentence, self.scale = heading, sentence, scale
        self.setAccessibleDescription(f"{heading}. {sentence}")
        self._paginate()
        self.update()

    def text(self) -> str:
        """The sentence shown, word for word (over every page)."""
        return self.sentence

    def clauses(self) -> list[str]:
        """The sentence cut after each “;”: joined again with spaces they are the sentence."""
        parts = self.sentence.split("; ")
        return [part + ";" for part in parts[:-1]] + parts[-1:]

    def page_text(self, page: int | None = None) -> str:
        """The words on a page (the one shown if None), a clause a line."""
        return "\n".join(self.pages[self.page if page is None else page])

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

    @staticmethod
    def _heights(clauses: list[str], size: int, width: float) -> tuple[list[float], float]:
        metrics = QFontMetricsF(font(size))
        flags = int(Qt.TextFlag.TextWordWrap)
        heights = [metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, c).height() for c in clauses]
        return heights, metrics.lineSpacing() * 0.45  # and the gap between paragraphs

    def _pack(self, clauses: list[str], size: int, area: QRectF) -> list[list[str]]:
        heights, gap = self._heights(clauses, size, area.width())
        pages: list[list[str]] = [[]]
        used = 0.0
        for clause, height in zip(clauses, heights):
            if pages[-1] and used + gap + height > area.height():
                pages.append([])
                used = 0.0
            used += (gap if pages[-1] else 0.0) + height
            pages[-1].append(clause)
        return pages

    def _fits(self, clauses: list[str], size: int, area: QRectF) -> bool:
        heights, gap = self._heights(clauses, size, area.width())
        return sum(heights) + gap * (len(clauses) - 1) <= area.height()

    def _paginate(self) -> None:
        """The largest type that shows the sentence on the fewest pages; a page whose one clause is too
        long even for the smallest readable type gets smaller type of its own."""
        clauses, area = self.clauses(), self._body_rect()
        scale, height = self.scale, max(1, self.height())
        largest = max(12, round(height * self.LARGEST * scale))
        smallest = min(largest, max(12, round(height * self.SMALLEST * scale)))
        fewest = len(self._pack(clauses, smallest, area))
        size = next(s for s in range(largest, smallest - 1, -1) if len(self._pack(clauses, s, area)) <= fewest)
        self.body_size, self.pages = size, self._pack(clauses, size, area)
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
        clauses = self.pages[self.page] if self.page < len(self.pages) else []
        heights, gap = self._heights(clauses, size, area.width())
        painter.setPen(WALL_INK)
        painter.setFont(font(size))
        y = area.top()
        for clause, height in zip(clauses, heights):
            painter.drawText(QRectF(area.left(), y, area.width(), height),
                             int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                             clause)
            y += height + gap
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
