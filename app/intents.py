"""Turning a view's Intent into the undoable command that carries it out."""

from __future__ import annotations

from app.commands import (
    AccessCommand, AddCommand, EditCommand, MapCommand, MoveStageCommand, NeedCommand, PositionsCommand,
    RemoveCommand, push, push_all, remover, services,
)
from app.document import Document
from models.errors import MapError
from models.vocabulary import ACCESS
from views.intents import Intent

# The service for each kind, by name: the services are loaded on first use (app.lazy).
ADDERS = {"stage": "add_stage", "item": "add_item", "agency": "add_agency", "locality": "add_locality",
          "blockage": "add_blockage", "action": "add_action"}
EDITORS = {"stage": "edit_stage", "item": "edit_item", "agency": "edit_agency", "locality": "rename_locality",
           "blockage": "edit_blockage", "action": "edit_action", "need": "edit_need", "map": "edit_map"}
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
        item, locality = (document.graph.nodes.get((kind, ident), {}).get("name", "?")
                          for kind, ident in zip(("item", "locality"), intent.ident))
        status = ACCESS.label(intent.values.get("status", "unknown")).lower()
        return _shown(f"Mark “{item}” {status} in {locality}")
    return _shown(f"{text} “{name}”" if name else text)


def _shown(text: str) -> str:
    """Undo history words as the map will hold them: control characters go, and a long name is cut."""
    text = "".join(ch for ch in text if ch.isprintable())
    return text if len(text) <= 120 else text[:119] + "…"


def command_for(document: Document, intent: Intent) -> MapCommand:
    """The command for an intent; raises KeyError for an intent no command serves."""
    text, kind, ident, values = _label(document, intent), intent.kind, intent.ident, intent.values
    match intent.action, kind:
        case "add", "need":
            return NeedCommand(document, text, *ident, **values)
        case "add", _:
            return AddCommand(document, text, getattr(services, ADDERS[kind]), **values)
        case "edit", _:
            return EditCommand(document, text, getattr(services, EDITORS[kind]), () if ident is None else ident, values)
        case "remove", "need":
            return RemoveCommand(document, text, services.drop_need, *ident)
        case "remove", _:
            return RemoveCommand(document, text, remover(kind), ident)
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


def _new_item_in_stage(document: Document, intent: Intent) -> bool:
    stage_id = intent.ident[0]
    values = dict(intent.values)
    name = values.pop("name", "")
    holder_name = values.pop("holder_name", None)
    holder_id = values.pop("holder_id", None)
    need = {"purpose": values.pop("purpose", ""), "priority": values.pop("priority", "essential")}
    commands = []
    state: dict = {}
    if holder_name:
        def make_agency():
            state["agency"] = AddCommand(document, f"Add agency “{holder_name}”", services.add_agency, name=holder_name)
            return state["agency"]
        commands.append(make_agency)

    def make_item():
        holder = state["agency"].created[1] if "agency" in state else holder_id
        extra = {"holder_id": holder} if holder is not None else {}
        state["item"] = AddCommand(document, f"Add data item “{name}”", services.add_item, name=name, **extra)
        return state["item"]

    commands.append(make_item)
    commands.append(lambda: NeedCommand(document, "Need", stage_id, state["item"].created[1], **need))
    return push_all(document, f"Add data item “{name}”", commands)


def carry_out(document: Document, intent: Intent) -> bool:
    """Do what a view asked, as one undo step; a refusal reaches the user through document.error."""
    if document.read_only:
        document.error.emit(f"{document.store.path.name} is open read-only; open it for editing to make changes.")
        return False
    try:
        if intent.action == "add" and intent.kind == "need" and intent.ident[1] is None:
            return _new_item_in_stage(document, intent)
        return push(document, command_for(document, intent))
    except KeyError as e:
        document.error.emit(f"That edit is not possible here ({e.args[0] if e.args else e}).")
    except MapError as e:
        document.error.emit(str(e))
    return False
