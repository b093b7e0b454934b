"""What a view asks for: an Intent names an edit; the application turns it into an undoable command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Intent:
    """An edit a user asked for.

    action  kind                       ident                      values
    add     stage/item/agency/locality  None                       the service's arguments (name=…, aim=…,
            /blockage/action                                       item_id/locality_id/category/reason…,
                                                                   blockage_id/step/level/…)
    edit    stage/item/agency/locality  id                         fields to set (name=…, holder_id=…)
            /blockage/action/map        (map: None)
    edit    need                        (stage_id, item_id)        purpose=…, priority=…
    remove  stage/item/agency/locality  id
            /blockage/action
    remove  need                        (stage_id, item_id)
    add     need                        (stage_id, item_id)        purpose=…, priority=…
    add     need                        (stage_id, None)           a new data item in the stage: name=…,
                                                                   holder_id=… or holder_name=… (a new
                                                                   agency), purpose=…, priority=…
    set     access                      (item_id, locality_id)     status=…, said_by=…, said_on=…
    block   item                        (item_id, locality_id)     category=…, reason=…, everywhere=…: why
                                                                   it cannot be had there, recorded for that
                                                                   locality (every locality when everywhere)
                                                                   and the item marked blocked there
    move    stage                       stage_id                   index=…
    move    nodes                       view (a stage id)          moves={node key: (x, y) or None}
    reset   layout                      view (a stage id)
    """

    action: str
    kind: str
    ident: Any = None
    values: dict[str, Any] = field(default_factory=dict)


def cut_at_word(text: str, most: int) -> str:
    """`text` of at most `most` characters: cut at the last space that leaves room for “…”, closing a quote it
    leaves open."""
    if len(text) <= most:
        return text
    head = text[:most - 2]
    space = head.rfind(" ")
    head = head[:space] if space > most // 2 else head
    head = head.rstrip(" ,;:—-")
    closing = "”" if head.count("“") > head.count("”") else ""
    return f"{head}…{closing}"
