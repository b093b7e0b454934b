"""The open map: its file store, its graph and its undo stack. Every edit passes through here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models.graph import build_graph, update_graph
from models.change import Change
from models.store import MapStore


class Document(QObject):
    """One open map. Views read `graph` and redraw what `changed` names; they never write."""

    changed = Signal(object)  # a models.services.Change
    error = Signal(str)  # a message for the user: an edit was refused
    notice = Signal(str)  # a word for the user that is not a refusal (the window's status bar shows it)

    def __init__(self, store: MapStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.graph = build_graph(store)
        self.undo_stack = QUndoStack(self)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def run(self, service: Callable[..., Change], *args: Any, **kwargs: Any) -> Change:
        """Call a service on the store, bring the graph up to date and tell the views."""
        change = service(self.store, *args, **kwargs)
        update_graph(self.graph, self.store, change)
        self.changed.emit(change)
        return change

    def reload(self) -> None:
        """Rebuild the graph from the file (after Save As, or a change made outside the undo stack)."""
        self.graph = build_graph(self.store)
        self.changed.emit(Change("reloaded"))

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()
