"""Undo commands: each is a service call plus what it takes to reverse it (ids kept on undo/redo).

`push` runs a command once before it goes on the stack, so an edit the services refuse never
reaches the stack and its message goes to the user instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from app.document import Document
from app.lazy import lazy_module
from models.change import Change, NodeKey, Snapshot
from models.errors import MapError

services = lazy_module("models.services")
snapshots = lazy_module("models.snapshots")

REMOVERS = {"stage": "remove_stage", "item": "remove_item", "agency": "remove_agency",
            "locality": "remove_locality", "blockage": "remove_blockage", "action": "remove_action"}


def remover(kind: str) -> Callable[..., Change]:
    """The service that removes a node of this kind (or a snapshot)."""
    return snapshots.delete_snapshot if kind == "snapshot" else getattr(services, REMOVERS[kind])


class MapCommand(QUndoCommand):
    """Base: `do` and `undo_change` call services through the document."""

    def __init__(self, document: Document, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by push()
            self._first = False
            return
        self._guarded(self.do, "redo")

    def undo(self) -> None:
        self._guarded(self.take_back, "undo")

    def _guarded(self, step: Callable[[], None], what: str) -> None:
        """Undo and redo run inside Qt: a refusal (the file locked elsewhere, the disk full) must not escape.
        The step then leaves the history (obsolete), so the history never claims what the map does not hold."""
        try:
            step()
        except MapError as e:
            self.setObsolete(True)
            self.document.error.emit(f"Could not {what} “{self.text()}”: {e}")

    def do(self) -> None:
        raise NotImplementedError

    def take_back(self) -> None:
        raise NotImplementedError


class AddCommand(MapCommand):
    """Add something (stage, data item, agency…); undo removes it, redo puts back the same id."""

    def __init__(self, document: Document, text: str, adder: Callable[..., Change], *args: Any, **kwargs: Any):
        super().__init__(document, text)
        self.adder, self.args, self.kwargs = adder, args, kwargs
        self.created: NodeKey | None = None
        self.snapshot: Snapshot = ()

    def do(self) -> None:
        if self.snapshot:
            self.document.run(services.restore, self.snapshot)
        else:
            self.created = self.document.run(self.adder, *self.args, **self.kwargs).created

    def take_back(self) -> None:
        kind, ident = self.created
        self.snapshot = self.document.run(remover(kind), ident).snapshot


class RemoveCommand(MapCommand):
    """Remove something with everything hanging off it; undo restores all of it with the same ids."""

    def __init__(self, document: Document, text: str, remover: Callable[..., Change], *args: Any):
        super().__init__(document, text)
        self.remover, self.args = remover, args
        self.snapshot: Snapshot = ()

    def do(self) -> None:
        self.snapshot = self.document.run(self.remover, *self.args).snapshot

    def take_back(self) -> None:
        self.document.run(services.restore, self.snapshot)


class EditCommand(MapCommand):
    """Change fields of one thing; undo sets back the values it had (`previous` of the Change)."""

    def __init__(self, document: Document, text: str, editor: Callable[..., Change], ident: Any,
                 values: Mapping[str, Any]):
        super().__init__(document, text)
        self.editor, self.ident, self.values = editor, ident, dict(values)
        self.previous: dict[str, Any] = {}

    def _call(self, values: Mapping[str, Any]) -> Change:
        idents = self.ident if isinstance(self.ident, tuple) else (self.ident,)
        return self.document.run(self.editor, *idents, **values)

    def do(self) -> None:
        self.previous = dict(self._call(self.values).previous)

    def take_back(self) -> None:
        self._call(self.previous)


class AccessCommand(MapCommand):
    """Set an item's access in a locality; undo puts back the earlier record (or none: unknown)."""

    def __init__(self, document: Document, text: str, item_id: int, locality_id: int, status: str,
                 said_by: str = "", said_on: Any = None):
        super().__init__(document, text)
        self.item_id, self.locality_id = item_id, locality_id
        self.record = {"status": status, "said_by": said_by, "said_on": said_on}
        self.previous: dict[str, Any] = {}

    def do(self) -> None:
        self.previous = dict(self.document.run(services.set_access, self.item_id, self.locality_id,
                                               **self.record).previous)

    def take_back(self) -> None:
        self.document.run(services.set_access, self.item_id, self.locality_id,
                          **(self.previous or {"status": "unknown"}))


class NeedCommand(MapCommand):
    """Put a data item in a stage's circle; undo takes it out, redo puts back purpose and priority."""

    def __init__(self, document: Document, text: str, stage_id: int, item_id: int, purpose: str = "",
                 priority: str = "essential"):
        super().__init__(document, text)
        self.stage_id, self.item_id, self.purpose, self.priority = stage_id, item_id, purpose, priority

    def do(self) -> None:
        self.document.run(services.need_item, self.stage_id, self.item_id, self.purpose, self.priority)

    def take_back(self) -> None:
        self.document.run(services.drop_need, self.stage_id, self.item_id)


class MoveStageCommand(MapCommand):
    def __init__(self, document: Document, text: str, stage_id: int, index: int):
        super().__init__(document, text)
        self.stage_id, self.index, self.old = stage_id, index, index

    def do(self) -> None:
        self.old = self.document.run(services.move_stage, self.stage_id, self.index).previous["index"]

    def take_back(self) -> None:
        self.document.run(services.move_stage, self.stage_id, self.old)


class PositionsCommand(MapCommand):
    """Nodes dragged (or a layout reset) in one view: one step, however many nodes moved."""

    def __init__(self, document: Document, text: str, view: int,
                 moves: Mapping[NodeKey, tuple[float, float] | None]):
        super().__init__(document, text)
        self.view, self.moves = view, dict(moves)
        self.previous: dict[NodeKey, Any] = {}

    def do(self) -> None:
        self.previous = dict(self.document.run(services.set_positions, self.view, self.moves).previous)

    def take_back(self) -> None:
        self.document.run(services.set_positions, self.view, self.previous)


def push(document: Document, command: MapCommand) -> bool:
    """Do a command and put it on the undo stack; a refused edit shows its message and is not kept."""
    try:
        command.do()
    except MapError as e:
        document.error.emit(str(e))
        return False
    document.undo_stack.push(command)
    return True


class CompositeCommand(MapCommand):
    """Several commands as one undo step (a quick-entry line, a composite edit)."""

    def __init__(self, document: Document, text: str) -> None:
        super().__init__(document, text)
        self.children: list[MapCommand] = []

    def do(self) -> None:
        for child in self.children:
            child.do()

    def take_back(self) -> None:
        for child in reversed(self.children):
            child.take_back()


def push_all(document: Document, text: str, makers: Sequence[Callable[[], MapCommand]]) -> bool:
    """Do several commands as one undo step. Each is made only after the one before has run, so it
    can use what that one created. If the services refuse one, the part already done is undone,
    nothing goes on the stack, and the message goes to the user."""
    composite = CompositeCommand(document, text)
    try:
        for make in makers:
            child = make()
            child.do()
            composite.children.append(child)
    except MapError as e:
        composite.take_back()
        document.error.emit(str(e))
        return False
    document.undo_stack.push(composite)
    return True


# ---- snapshots: the map marked as reported (models.snapshots) --------------------------------------


def take_snapshot_command(document: Document, text: str, name: str) -> AddCommand:
    """Mark the map as reported; undo deletes the snapshot, redo puts it back with the same id and time."""
    return AddCommand(document, text, snapshots.take_snapshot, name, document.graph)


class RenameSnapshotCommand(MapCommand):
    """Rename a snapshot; undo gives it back the name it had."""

    def __init__(self, document: Document, text: str, ident: int, name: str) -> None:
        super().__init__(document, text)
        self.ident, self.name = ident, name
        self.previous: dict[str, Any] = {}

    def do(self) -> None:
        self.previous = dict(self.document.run(snapshots.rename_snapshot, self.ident, self.name).previous)

    def take_back(self) -> None:
        if self.previous:
            self.document.run(snapshots.rename_snapshot, self.ident, self.previous["name"])


def delete_snapshot_command(document: Document, text: str, ident: int) -> RemoveCommand:
    """Delete a snapshot; undo puts it back with the same id (its Change holds the row)."""
    return RemoveCommand(document, text, snapshots.delete_snapshot, ident)


def try_push(document: Document, command: MapCommand) -> str:
    """Do a command and keep it on the undo stack; the refusal's message if the map refused it ("" if done).
    For a form that stays open with the message under its fields instead of the window's message bar."""
    try:
        command.do()
    except MapError as e:
        return str(e)
    document.undo_stack.push(command)
    return ""
