"""Turning a view's Intent into the undoable command that carries it out."""

from __future__ import annotations

import networkx as nx

from app.commands import (
    AccessCommand, AddCommand, EditCommand, MapCommand, MoveStageCommand, NeedCommand, PositionsCommand,
    RemoveCommand, push, push_all, remover, services,
)
from app.document import Document
from models import analysis
from models.change import NodeKey
from models.errors import MapError
from models.vocabulary import ACCESS
from views.intents import Intent, cut_at_word

# The service for each kind, by name: the services are loaded on first use (app.lazy).
ADDERS = {"stage": "add_stage", "item": "add_item", "agency": "add_agency", "locality": "add_locality",
          "blockage": "add_blockage", "action": "add_action"}
EDITORS = {"stage": "edit_stage", "item": "edit_item", "agency": "edit_agency", "locality": "rename_locality",
           "blockage": "edit_blockage", "action": "edit_action", "need": "edit_need", "map": "edit_map"}
WHAT = {"stage": "stage", "item": "data item", "agency": "agency", "locality": "locality", "blockage": "blockage",
        "action": "action", "need": "need", "map": "map details", "access": "access", "nodes": "layout"}


def _label(document: Document, intent: Intent) -> str:
    """The words shown in the undo history, naming what changed: “Rename stage “Design of support””,
    “Add blockage to “Live birth notifications””, “Move layout of “Police call-outs” in “Identification of
    need””."""
    graph = document.graph
    what = WHAT.get(intent.kind, intent.kind)
    name = intent.values.get("name")
    if name is None and isinstance(intent.ident, int):
        node = graph.nodes.get((intent.kind, intent.ident))
        name = node.get("name") if node else None
    verb = {"add": "Add", "edit": "Edit", "remove": "Remove", "set": "Set", "move": "Move", "reset": "Reset"}
    text = f"{verb.get(intent.action, intent.action.title())} {what}"
    if intent.action == "edit" and set(intent.values) == {"name"}:
        text = f"Rename {what}"
    if intent.kind == "access":
        item, locality = (graph.nodes.get((kind, ident), {}).get("name", "?")
                          for kind, ident in zip(("item", "locality"), intent.ident))
        status = ACCESS.label(intent.values.get("status", "unknown")).lower()
        return _shown(f"Mark “{item}” {status} in {locality}")
    if name:
        return _shown(f"{text} “{name}”")
    about = _about(graph, intent)
    return _shown(f"{text} {about}" if about else text)


def _named(graph: nx.DiGraph, key) -> str:
    node = graph.nodes.get(key) if key is not None else None
    return f"“{node['name']}”" if node and node.get("name") else ""


def _about(graph: nx.DiGraph, intent: Intent) -> str:
    """What an entry without a name of its own is about: a blockage's data item, an action's blockage, the
    nodes moved in a stage's circle, a need's item and stage."""
    kind, ident, values = intent.kind, intent.ident, intent.values
    if kind == "blockage":
        data = graph.nodes.get(("blockage", ident), {}) if isinstance(ident, int) else {}
        item = _named(graph, ("item", values.get("item_id", data.get("item_id"))))
        where = values.get("locality_id", data.get("locality_id"))
        place = graph.nodes.get(("locality", where), {}).get("name") if where is not None else None
        return f"{'to' if intent.action == 'add' else 'of'} {item}" + (f" in {place}" if place else "") \
            if item else ""
    if kind == "action":
        data = graph.nodes.get(("action", ident), {}) if isinstance(ident, int) else {}
        step = values.get("step") or data.get("step")
        blockage = graph.nodes.get(("blockage", values.get("blockage_id", data.get("blockage_id"))), {})
        item = _named(graph, ("item", blockage.get("item_id")))
        words = f"“{step}”" if step else ""
        return f"{words} to unblock {item}".strip() if item else words
    if kind == "need" and isinstance(ident, tuple):
        return f"of {_named(graph, ('item', ident[1]))} in {_named(graph, ('stage', ident[0]))}"
    if kind == "nodes" or (kind == "layout" and intent.action == "reset"):
        stage = _named(graph, ("stage", ident))
        moved = [key for key in values.get("moves", {}) if key in graph]
        if len(moved) == 1:
            return f"of {_named(graph, moved[0])} in {stage}"
        if moved:
            return f"of {len(moved)} nodes in {stage}"
        return f"of {stage}" if stage else ""
    return ""


def _shown(text: str) -> str:
    """Undo history words as the map will hold them: control characters go, and a long name is cut at a
    word (“…”), never in the middle of one."""
    text = "".join(ch for ch in text if ch.isprintable())
    return cut_at_word(text, 120)


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


def _block_item(document: Document, intent: Intent) -> bool:
    """Why an item cannot be had in a locality: the blockage recorded (for that locality, or for every
    locality) and the item marked blocked there, as one undo step. An item already marked blocked there
    keeps its record (who said so, and when)."""
    graph = document.graph
    item, locality = ("item", intent.ident[0]), ("locality", intent.ident[1])
    values = dict(intent.values)
    everywhere = values.pop("everywhere", False)
    name, where = analysis.name(graph, item), analysis.name(graph, locality)
    blockage = {"item_id": item[1], "locality_id": None if everywhere else locality[1],
                "category": values["category"], "reason": values["reason"]}
    scope = " (every locality)" if everywhere else ""
    makers: list = []
    if analysis.status(graph, item, locality) != "blocked":
        makers.append(lambda: AccessCommand(document, "Blocked", item[1], locality[1], "blocked"))
        text = f"Mark “{name}” blocked in {where}: {values['reason']}{scope}"
    else:
        text = f"Add blockage of “{name}” in {where}: {values['reason']}{scope}"
    makers.append(lambda: AddCommand(document, "Blockage", services.add_blockage, **blockage))
    return push_all(document, _shown(text), makers)


def quoted_reasons(graph: nx.DiGraph, blockages: list[NodeKey], cut: int = 70, most: int = 3,
                   national: str = " — recorded for every locality") -> str:
    """The blockages' reasons in quotes, each cut to `cut` characters, at most `most` of them (“and 2
    more”), one recorded for every locality marked with `national`."""
    said = []
    for blockage in blockages[:most]:
        reason = " ".join(graph.nodes[blockage]["reason"].split())
        reason = cut_at_word(reason, cut)
        said.append(f"“{reason}”" + (national if graph.nodes[blockage]["locality_id"] is None else ""))
    if len(blockages) > most:
        said.append(f"and {len(blockages) - most} more")
    return "; ".join(said)


def blockages_left(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> str:
    """What still says an item is blocked in a locality just marked accessible there, and how to clear it:
    “1 blockage is still recorded there — remove it in Tables ▸ Blockages once it no longer applies:
    “no sharing agreement”.” The reasons come last: a status bar shows one line, and cuts the end.
    Empty when nothing is recorded."""
    found = analysis.blockages_of(graph, item, locality)
    if not found:
        return ""
    one = len(found) == 1
    reasons = quoted_reasons(graph, found, cut=60)
    return (f"{len(found)} blockage{'' if one else 's'} {'is' if one else 'are'} still recorded there — "
            f"remove {'it' if one else 'them'} in Tables ▸ Blockages once "
            f"{'it no longer applies' if one else 'they no longer apply'}: {reasons}.")


def _after_access(document: Document, intent: Intent) -> None:
    """Marked accessible while blockages are still recorded there: say what remains and how to clear it
    (the access is set as asked; `check` would otherwise find the contradiction later)."""
    if intent.values.get("status") != "accessible":
        return
    graph = document.graph
    item, locality = ("item", intent.ident[0]), ("locality", intent.ident[1])
    if item not in graph or locality not in graph:
        return
    left = blockages_left(graph, item, locality)
    if left:
        where = analysis.name(graph, locality)
        document.notice.emit(f"“{analysis.name(graph, item)}” marked accessible in {where}; {left}")


def carry_out(document: Document, intent: Intent) -> bool:
    """Do what a view asked, as one undo step; a refusal reaches the user through document.error."""
    if document.read_only:
        document.error.emit(f"{document.store.path.name} is open read-only; open it for editing to make changes.")
        return False
    try:
        if intent.action == "add" and intent.kind == "need" and intent.ident[1] is None:
            return _new_item_in_stage(document, intent)
        if intent.action == "block" and intent.kind == "item":
            return _block_item(document, intent)
        done = push(document, command_for(document, intent))
        if done and intent.action == "set" and intent.kind == "access":
            _after_access(document, intent)
        return done
    except KeyError as e:
        document.error.emit(f"That edit is not possible here ({e.args[0] if e.args else e}).")
    except MapError as e:
        document.error.emit(str(e))
    return False
