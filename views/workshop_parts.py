"""The pieces of the workshop screen: the quick-entry bar (with completion and history), the
timebox, the blank screen, the grammar panel and the wall's view. The screen itself is views.workshop."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRectF, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QCompleter, QGraphicsView, QLabel, QLineEdit, QWidget

from views.wall_scene import WALL, WALL_WIDTH

MARKS = "!+~>"


def ask_history(widget, event: QKeyEvent) -> bool:
    """The platform's undo or redo keys, on the bar or the wall: ask for that step (the widget's
    undo_requested / redo_requested signal). True when the key was one of them."""
    for keys, signal in ((QKeySequence.StandardKey.Undo, widget.undo_requested),
                         (QKeySequence.StandardKey.Redo, widget.redo_requested)):
        if event.matches(keys):
            signal.emit()
            return True
    return False


class QuickEntryBar(QLineEdit):
    """The one line the facilitator types into. Enter sends the line exactly as typed (a name in the list
    of names is taken only by Tab, by the arrows then Enter, or by a click); Esc clears (or, empty, leaves);
    Ctrl+Z / Ctrl+Shift+Z undo and redo the map (not the text); Up/Down recall earlier lines;
    Tab goes to the wall's keys; with nothing typed, Left/Right step through the stages."""

    submitted = Signal(str)
    undo_requested = Signal()
    redo_requested = Signal()
    leave_requested = Signal()  # Esc on an empty bar
    step_requested = Signal(int)  # -1 / +1: previous / next stage
    wall_requested = Signal()  # Tab: the wall's single keys (B, L, T, numbers)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Quick entry")
        self.setAccessibleDescription("Type what the room says and press Enter; type ? for the grammar.")
        self.setPlaceholderText("Type: data item @holder · !item: why blocked · +item · ~item · >item: action"
                                "   ? help · Tab keys · Esc leave")
        self.history: list[str] = []
        self._back = 0  # how far back in the history Up has gone
        self._picked = False  # a name in the list was chosen with the arrows
        self._items: list[str] = []
        self._agencies: list[str] = []
        self._short_names: list[str] = []  # agencies' short names: typed whole, nothing is offered
        self._span = (0, 0)  # the part of the text the completion replaces
        self.completer = QCompleter(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setModel(QStringListModel(self.completer))
        self.completer.setWidget(self)
        self.completer.popup().setAccessibleName("Names to complete")
        # Installed after the completer's own filter, so it sees Enter on the list first.
        self.completer.popup().installEventFilter(self)
        self.completer.activated[str].connect(self.complete_with)
        self.textEdited.connect(self._offer)
        self.overlay: QWidget | None = None  # shown over the wall (the grammar): Esc closes it first
        self.escape_first = None  # a callable: True when it took Esc (a question waiting for an answer)

    # ---- completion ------------------------------------------------------------------------------

    def set_names(self, items: list[str], agencies: list[str], short_names: list[str] = ()) -> None:
        self._items, self._agencies, self._short_names = list(items), list(agencies), list(short_names)

    def fragment(self, text: str | None = None) -> tuple[str, tuple[int, int], list[str]]:
        """What is being typed now, where it is in the text, and the names it may complete to:
        agencies after @, data items at the start of a line (after a mark), nothing after a colon."""
        text = self.text() if text is None else text
        colon = text.find(":")
        at = text.rfind("@")
        if at >= 0 and (colon < 0 or colon > at):
            end = colon if colon > at else len(text)
            start = at + 1
            return text[start:end].strip(), (start, end), self._agencies
        start = 1 if text[:1] in MARKS else 0
        if colon >= 0:
            return "", (0, 0), []
        end = at if at >= 0 else len(text)
        return text[start:end].strip(), (start, end), self._items

    def _offer(self, text: str) -> None:
        """Show the names the fragment being typed may complete to; nothing is put in the bar until the
        facilitator takes one (Tab, an arrow then Enter, or a click)."""
        typed, span, names = self.fragment(text)
        popup = self.completer.popup()
        self._picked = False
        if len(typed) < 2 or not names:
            popup.hide()
            return
        self._span = span
        wanted = typed.casefold()
        if any(name.casefold() == wanted for name in names + self._short_names):
            popup.hide()  # a whole name or short name as typed: nothing to complete
            return
        # Names that start with what was typed first, then those that merely contain it.
        ordered = sorted(names, key=lambda n: (not n.casefold().startswith(wanted), n.casefold()))
        self.completer.model().setStringList(ordered)
        self.completer.setCompletionPrefix(typed)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        rect = self.rect()
        rect.setWidth(min(self.width(), max(400, self.width() // 2)))
        self.completer.complete(rect)
        popup.setCurrentIndex(QModelIndex())  # nothing chosen until an arrow chooses it

    def complete_with(self, name: str) -> None:
        """Put a completed name in place of what was being typed."""
        start, end = self._span
        text = self.text()
        head, tail = text[:start], text[end:].strip()
        if start > 0 and text[start - 1] == "@":  # an agency: the rest of the line (": purpose") stays
            new = head + name + (" " + tail if tail else "")
        else:  # a data item at the start of the line: leave room for " @holder" or ": reason"
            new = head + name + " " + tail
        self.setText(new)
        self.setCursorPosition(len(new))
        self._picked = False

    def take_suggestion(self, first: bool = False) -> bool:
        """The name chosen in the list (with `first`, the first when none is chosen) goes into the bar in
        place of what was being typed; the line is not sent. False when there is none to take."""
        popup = self.completer.popup()
        if not popup.isVisible():
            return False
        index = popup.currentIndex()
        if not (index.isValid() and self._picked) and first:
            index = popup.model().index(0, 0)
        elif not self._picked:
            return False
        popup.hide()
        if index.isValid():
            self.complete_with(str(index.data()))
        return index.isValid()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.completer.popup() and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._picked = True  # the list moves to a name: Enter now takes it
            elif key == Qt.Key.Key_Tab:
                self.take_suggestion(first=True)
                return True
        return super().eventFilter(watched, event)

    # ---- keys ------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if ask_history(self, event):
            return
        if key == Qt.Key.Key_Escape:
            if self.escape_first is not None and self.escape_first():
                return
            if self.completer.popup().isVisible():
                self.completer.popup().hide()
            elif self.overlay is not None and self.overlay.isVisible():
                self.overlay.hide()
            elif self.text():
                self.clear()
            else:
                self.leave_requested.emit()
            return
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.step_requested.emit(1 if key == Qt.Key.Key_PageDown else -1)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not self.text() and not mods:
            self.step_requested.emit(1 if key == Qt.Key.Key_Right else -1)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.completer.popup().isVisible():
            self._recall(1 if key == Qt.Key.Key_Up else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.take_suggestion():  # a name chosen with the arrows
                return
            # Otherwise the line goes exactly as typed: the list is only an offer.
            self.completer.popup().hide()
            self.submitted.emit(self.text())
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        if self.take_suggestion(first=True):  # Tab while names are offered: take one
            return True
        self.wall_requested.emit()
        return True

    def remember(self, line: str) -> None:
        if line and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._back = 0

    def _recall(self, step: int) -> None:
        if not self.history:
            return
        self._back = max(0, min(len(self.history), self._back + step))
        self.setText(self.history[-self._back] if self._back else "")


class Timebox(QObject):
    """A countdown for a part of the workshop: set, start/pause, reset; over time counts on."""

    changed = Signal()

    def __init__(self, minutes: float = 10.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = time.monotonic  # tests replace it
        self.length = minutes * 60.0
        self.touched = False  # no timer is shown until one is set or started
        self.used = 0.0  # seconds used before the current run
        self.started_at: float | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self.changed)

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def elapsed(self) -> float:
        return self.used + (self.clock() - self.started_at if self.started_at is not None else 0.0)

    def remaining(self) -> float:
        return self.length - self.elapsed()

    def set_minutes(self, minutes: float, start: bool = True) -> None:
        self.touched = True
        self.length, self.used, self.started_at = minutes * 60.0, 0.0, None
        if start:
            self.toggle()
        self.changed.emit()

    def toggle(self) -> None:
        self.touched = True
        if self.started_at is None:
            self.started_at = self.clock()
            self._tick.start()
        else:
            self.used, self.started_at = self.elapsed(), None
            self._tick.stop()
        self.changed.emit()

    def reset(self) -> None:
        self.used, self.started_at = 0.0, None
        self._tick.stop()
        self.changed.emit()

    def text(self) -> str:
        """Short enough for the wall's status line: "Timer 4:32", "Timer paused 4:32", "Time up +0:41"."""
        left = self.remaining()
        if left < 0:
            over = int(-left)
            return f"Time up +{over // 60}:{over % 60:02d}"
        whole = int(left + 0.999)
        paused = "paused " if not self.running and self.used else ""
        return f"Timer {paused}{whole // 60}:{whole % 60:02d}"


def duration(minutes: float) -> str:
    """A timebox's length in words: "10 minutes", "1 minute 30 seconds", "45 seconds"."""
    seconds = round(minutes * 60)
    whole, rest = divmod(seconds, 60)
    parts = [f"{whole} minute{'s' if whole != 1 else ''}"] if whole else []
    if rest or not whole:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


class BlankScreen(QWidget):
    """The blanked wall (B): plain black; any key or click brings the map back."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Blank screen: press any key to show the map again")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#000000"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override): black, whatever the style sheets say
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            return
        self.dismissed.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.dismissed.emit()


class GrammarPanel(QLabel):
    """What can be typed in the bar, shown over the wall by ? (and hidden by the next line or Esc)."""

    def __init__(self, lines: list[tuple[str, str]], keys: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Quick entry grammar")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        rows = "".join(f"<tr><td style='padding:4px 24px 4px 0'><b>{_esc(a)}</b></td><td style='padding:4px 0'>"
                       f"{_esc(b)}</td></tr>" for a, b in lines)
        key_rows = "".join(f"<tr><td style='padding:4px 24px 4px 0'><b>{_esc(a)}</b></td>"
                           f"<td style='padding:4px 0'>{_esc(b)}</td></tr>" for a, b in keys)
        # Two columns (what to type | the wall's keys), so the whole grammar fits a 720-pixel-high wall.
        self.setText(f"<table><tr><td valign='top' style='padding-right:32px'><h2>Type a line, press Enter</h2>"
                     f"<table>{rows}</table></td><td valign='top'><h2>Keys</h2><table>{key_rows}</table></td>"
                     f"</tr></table>")
        self.setAccessibleDescription(self.text())
        self.set_type_size(24)
        self.hide()

    def set_type_size(self, pixels: int) -> None:
        self.type_size = pixels
        self.setStyleSheet(f"QLabel {{ background: #FFFFFF; color: #111111; border: 4px solid #111111; "
                           f"padding: {max(8, pixels - 4)}px; font-size: {pixels}px; }}")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class WallView(QGraphicsView):
    """The wall's view of the circle: 1280 scene units across whatever the wall's pixels (a 1920-pixel wall
    shows it all half as large again), as tall as the wall is; the scene lays itself out for that frame,
    so that adding an item never rescales anything. No renaming, menus, zooming or scrolling here."""

    FRAME = WALL

    def __init__(self, scene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAccessibleName("Circle of need on the wall")

    def fit(self) -> None:
        scene = self.scene()
        size = self.viewport().size()
        if scene is None or size.width() < 10 or size.height() < 10:
            return
        scale = size.width() / WALL_WIDTH
        height = size.height() / scale
        scene.set_frame(QRectF(-WALL_WIDTH / 2, -height / 2, WALL_WIDTH, height))
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(0, 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        event.accept()

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        event.accept()

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        event.accept()
