"""The window's room: the workspaces (the map, the tables, the comparison of localities) that share the
middle of the window, the column of panes beside it (the sentence, the inspector, the undo history, what
changed since a snapshot), and the message that overlays the map.

The map comes first: it has the middle of the window; the tables and the comparison each take the whole
middle when the user switches to them (a 1366×768 laptop has no room for a table under a readable
circle). The panes beside it are tabs of one column, so each open pane has the column's full height.
The tables, the comparison and the inspector are built the first time they are shown for a map: most
sessions open one or none of them, and the window appears sooner without them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# What a pane or workspace says while no map is open.
WAITING = {"Tables": "The map's tables show here once a map is open.",
           "Compare localities": "The comparison of localities shows here once a map is open.",
           "Inspector": "What you select in a map is shown and edited here.",
           "Changes": "What changed since the map was last marked as reported shows here once a map is open."}

# The workspaces, in the order of their tabs: (name, title, key).
WORKSPACES = (("map", "&Map", "Ctrl+Shift+M"), ("tables", "&Tables", "Ctrl+Shift+T"),
              ("compare", "Compare &localities", "Ctrl+Shift+L"))


def placeholder(title: str) -> QLabel:
    """What stands in a workspace or pane until its map is open (or it is first shown)."""
    label = QLabel(WAITING.get(title, title))
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #6B7785;")
    return label


class MessageBar(QFrame):
    """A non-blocking message over the top of the map: what was refused and why; closes with its button.
    It overlays what is under it rather than pushing it down, so nothing on the map moves."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName("Message")
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Close message")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.setStyleSheet("#messageBar { background: #FDF1E3; border-bottom: 2px solid #E69F00; }"
                           "QLabel { color: #1F2933; font-size: 14px; }")
        self.anchor: QWidget | None = None  # the message's top edge is this widget's (the diagram, under its bar)
        parent.installEventFilter(self)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        parent = self.parentWidget()
        width = parent.width()
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        anchor = self.anchor
        top = anchor.mapTo(parent, QPoint(0, 0)).y() if anchor is not None and anchor.isVisible() \
            and parent.isAncestorOf(anchor) else 0
        self.setGeometry(0, top, width, max(height, self.sizeHint().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False


class Workspaces(QStackedWidget):
    """The middle of the window: the map (or the welcome page), the tables, the comparison. A tab bar
    (in the menu bar's corner) and View ▸ Map / Tables / Compare localities switch between them; a
    workspace's widget is asked for (`builders`) the first time it is shown."""

    shown = Signal(str)  # the workspace now in front

    def __init__(self, map_page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, QWidget] = {"map": map_page}
        self.builders: dict[str, Callable[[], QWidget | None]] = {}
        self.addWidget(map_page)
        for name, title, _key in WORKSPACES[1:]:
            page = placeholder(title.replace("&", ""))
            self.pages[name] = page
            self.addWidget(page)
        self.tabs = QTabBar()
        self.tabs.setObjectName("workspaces")
        self.tabs.setAccessibleName("Workspaces")
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are on the View menu's actions
        self.actions_: dict[str, QAction] = {}
        group = QActionGroup(self)
        for name, title, key in WORKSPACES:
            self.tabs.addTab(title.replace("&", ""))
            action = QAction(title, self)
            action.setObjectName(f"show_{name}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setStatusTip(f"Show {title.replace('&', '').lower()} in the middle of the window")
            action.triggered.connect(lambda _=False, n=name: self.show_workspace(n))
            group.addAction(action)
            self.actions_[name] = action
        self.actions_["map"].setChecked(True)
        self.tabs.currentChanged.connect(lambda index: self.show_workspace(WORKSPACES[index][0]))

    @property
    def current(self) -> str:
        return next(name for name, page in self.pages.items() if page is self.currentWidget())

    def show_workspace(self, name: str) -> None:
        """Bring a workspace to the front, building its widget if this is its first showing for the map."""
        builder = self.builders.get(name)
        if builder is not None:
            built = builder()
            if built is not None:
                self.put(name, built)
        self.setCurrentWidget(self.pages[name])
        index = [w[0] for w in WORKSPACES].index(name)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        self.actions_[name].setChecked(True)
        self.shown.emit(name)

    def put(self, name: str, widget: QWidget) -> QWidget:
        """Put `widget` in a workspace in place of what was there (which is deleted, unless it is the map)."""
        old = self.pages[name]
        if old is widget:
            return widget
        index = self.indexOf(old)
        front = self.currentWidget() is old
        self.insertWidget(index, widget)
        self.pages[name] = widget
        if front:
            self.setCurrentWidget(widget)
        self.removeWidget(old)
        if name != "map":
            old.deleteLater()
        return widget

    def clear(self) -> None:
        """Back to placeholders (the map closed); the map's own page stays."""
        for name, title, _key in WORKSPACES[1:]:
            self.put(name, placeholder(title.replace("&", "")))


class DockColumn(QObject):
    """Builds a dock's widget the first time the dock is in sight (its tab raised, or it is opened)."""

    def __init__(self, dock, build: Callable[[], None]) -> None:
        super().__init__(dock)
        self.build = build
        dock.visibilityChanged.connect(lambda visible: visible and self.build())


def column_width(window_width: int) -> int:
    """The column of panes beside the map: room for a form's fields, the map keeping three quarters or more
    (about 330 px at 1366, 400 at 1920)."""
    return max(280, min(420, window_width * 24 // 100))


def overlay_parent(workspaces: Workspaces) -> QWidget:
    """The middle of the window with the workspaces and the message over them."""
    middle = QWidget()
    layout = QVBoxLayout(middle)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(workspaces, 1)
    return middle
