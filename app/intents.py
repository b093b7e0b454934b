"""Turning a view's Intent into the undoable command that carries it out."""

from __future__ import annotations

from app.commands import (
    REMOVERS, AccessCommand, AddCommand, EditCommand, MapCommand, MoveStageCommand, NeedCommand,
    PositionsCommand, RemoveCommand, push,
)
from app.document import Document
from models import services
from views.intents import Intent

ADDERS = {
    "stage": services.add_stage, "item": services.add_item, "agency": services.add_agency,
    "locality": services.add_locality, "blockage": services.add_blockage, "action": services.add_action,
}
EDITORS = {
    "stage": services.edit_stage, "item": services.edit_item, "agency": services.edit_agency,
    "locality": services.rename_locality, "blockage": services.edit_blockage, "action": services.edit_action,
    "need": services.edit_need, "map": services.edit_map,
}
WHAT = {"stage": "stage", "item": "data item", "agency": "agency", "locality": "locality", "blockage": "blockage",
        "action": "action", "need": "need", "map": "map details", "access": "access", "nodes": "layout"}


def _label(document: Document, intent: Intent) -> str:
    """The words shown in the undo history, e.g. “Rename stage “Design of support””."""
    what = WHAT.get(intent.kind, intent.kind)
    name = intent.values.get("name")
    if name is None and isinstance(intent.ident, int):
        node = document.graph.nodes.get((intent.kind, intent.ident))
        name = node.get("name") if node else None
    verb = {"add": "Add", "edit": "Edit", "remove": "Remove", "set": "Set", "move": "Move", "reset": "Reset"}
    text = f"{verb.get(intent.action, intent.action.title())} {what}"
    if intent.action == "edit" and set(intent.values) == {"name"}:
        text = f"Rename {what}"
    if intent.kind == "access":
        text = f"Mark {intent.values.get('status', '')}".rstrip()
    return f"{text} “{name}”" if name else text


def command_for(document: Document, intent: Intent) -> MapCommand:
    """The command for an intent; raises KeyError for an intent no command serves."""
    text, kind, ident, values = _label(document, intent), intent.kind, intent.ident, intent.values
    match intent.action, kind:
        case "add", "need":
            return NeedCommand(document, text, *ident, **values)
        case "add", _:
            return AddCommand(document, text, ADDERS[kind], **values)
        case "edit", _:
            return EditCommand(document, text, EDITORS[kind], () if ident is None else ident, values)
        case "remove", "need":
            return RemoveCommand(document, text, services.drop_need, *ident)
        case "remove", _:
            return RemoveCommand(document, text, REMOVERS[kind], ident)
        case "set", "access":
            return AccessCommand(document, text, *ident, **values)
        case "move", "stage":
            return MoveStageCommand(document, text, ident, values["index"])
        case "move", "nodes":
            return PositionsCommand(document, text, ident, values["moves"])
        case "reset", "layout":
            dragged = [key for view, key in document.graph.graph["positions"] if view == ident]
            return PositionsCommand(document, text, ident, dict.fromkeys(dragged))
    raise KeyError(f"no command for {intent.action} {kind}")


def carry_out(document: Document, intent: Intent) -> bool:
    """Do what a view asked, as one undo step; a refusal reaches the user through document.error."""
    return push(document, command_for(document, intent))
