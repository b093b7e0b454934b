"""Carrying out the intents of the window: app.intents for single edits, plus the one compound the
diagram asks for — a new data item in a stage (with a new holder if named) as a single undo step.

Intent("add", "need", (stage_id, None), {"name": …, "holder_id": … | "holder_name": …, "purpose": …,
"priority": …}) means: create the data item (and its holder), then put it in the stage's circle.
"""

from __future__ import annotations

from app.commands import AddCommand, NeedCommand, push_all
from app.document import Document
from app.intents import carry_out
from models import services
from models.errors import MapError
from views.intents import Intent


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


def perform(document: Document, intent: Intent) -> bool:
    """Do what a view asked as one undo step; refusals reach the user through document.error."""
    if document.read_only:
        document.error.emit(f"{document.store.path.name} is open read-only; open it for editing to make changes.")
        return False
    try:
        if intent.action == "add" and intent.kind == "need" and intent.ident[1] is None:
            return _new_item_in_stage(document, intent)
        return carry_out(document, intent)
    except KeyError as e:
        document.error.emit(f"That edit is not possible here ({e.args[0] if e.args else e}).")
    except MapError as e:
        document.error.emit(str(e))
    return False

