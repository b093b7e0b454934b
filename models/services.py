"""Every edit of a map: validated, written in one transaction, returning the Change it made.

Removals return a snapshot of every row they took (cascades included), so `restore` puts them
back with the same ids: undo of a removal is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from models.change import Change, NodeKey, Snapshot
from models.cleaning import clean_date, clean_months, clean_name, clean_text, clean_yes_no, name_key
from models.entities import (
    Access, Action, Agency, Base, Blockage, DataItem, Locality, MapInfo, Need, Position, Stage,
)
from models.errors import InvalidInput, NotFound
from models.store import MapStore
from models.vocabulary import (
    ACCESS, ACTION_STATUS, AGREEMENT_TIER, CATEGORY, GRANULARITY, LEVEL, NATURE, PRIORITY, VOLUME,
)

KIND_OF_TABLE = {
    "stage": "stage", "agency": "agency", "locality": "locality", "data_item": "item",
    "blockage": "blockage", "action": "action",
}
TABLE_OF_KIND = {kind: table for table, kind in KIND_OF_TABLE.items()}
WHAT = {"stage": "stage", "agency": "agency", "locality": "locality", "item": "data item",
        "blockage": "blockage", "action": "action"}


# ---- helpers --------------------------------------------------------------------------------


def _get(session: Session, entity: type, ident: object, what: str) -> Any:
    row = session.get(entity, ident) if ident is not None else None
    if row is None:
        raise NotFound(f"That {what} is no longer in the map (it may have been removed); refresh and try again.")
    return row


def _unique(session: Session, entity: Any, name: str, what: str, own_id: int | None = None) -> None:
    """Names are the same name when alike once folded (models.cleaning.name_key): any case, any script."""
    key = name_key(name)
    for ident, used in session.execute(select(entity.id, entity.name)):
        if ident != own_id and name_key(used) == key:
            article = "an" if what[0] in "aeiou" else "a"
            raise InvalidInput(f"There is already {article} {what} called “{used}”; choose another name.")


def _choice(choices: Any, nullable: bool = False) -> Callable[[object, str], Any]:
    def check(value: object, _what: str) -> Any:
        if nullable and (value is None or str(value).strip() == ""):
            return None
        return choices.check(str(value))

    return check


def _text_field(limit: int = 100_000) -> Callable[[object, str], str]:
    return lambda value, what: clean_text(value, what, limit)


def _apply(row: Any, values: Mapping[str, object], rules: Mapping[str, tuple[str, Callable]]) -> dict[str, Any]:
    """Validate and set fields on a row; return the previous values of those that changed."""
    previous: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in rules:
            raise InvalidInput(f"“{key}” is not something that can be set here.")
        what, rule = rules[key]
        value = rule(raw, what)
        if getattr(row, key) != value:
            previous[key] = getattr(row, key)
            setattr(row, key, value)
    return previous


def _key(table: str, row: Mapping[str, Any]) -> NodeKey | None:
    kind = KIND_OF_TABLE.get(table)
    return (kind, row["id"]) if kind else None


def _owner_key(table: str, row: Mapping[str, Any]) -> NodeKey | None:
    """The node whose outgoing edges a row is: a need belongs to its stage, an access to its item."""
    if table == "need":
        return ("stage", row["stage_id"])
    if table == "access":
        return ("item", row["item_id"])
    return _key(table, row)


def _rows(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in session.execute(select(table).where(where))]


def _collect(session: Session, table: Table, rows: list[dict[str, Any]], out: list, nulled: list) -> None:
    """Rows that deleting `rows` of `table` takes with it (cascade) or changes (set null), depth first."""
    if not rows:
        return
    out.append((table.name, rows))
    ids = [r["id"] for r in rows] if "id" in table.c else []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table or not ids:
                continue
            children = _rows(session, child, fk.parent.in_(ids))
            if fk.ondelete == "CASCADE":
                _collect(session, child, children, out, nulled)
            elif children:
                nulled.append((child.name, children))


def _remove(session: Session, table: Table, where: Any, kind: str) -> Change:
    """Delete rows of `table` (and what cascades), returning a Change holding their snapshot."""
    roots = _rows(session, table, where)
    if not roots:
        raise NotFound(f"That {WHAT.get(KIND_OF_TABLE.get(table.name, ''), 'entry')} is no longer in the map.")
    taken: list = []
    nulled: list = []
    _collect(session, table, roots, taken, nulled)
    # Dragged positions of removed nodes, and of a removed stage's own view.
    gone = [(KIND_OF_TABLE[name], r["id"]) for name, rows in taken if name in KIND_OF_TABLE for r in rows]
    positions = Position.__table__
    position_rows: list[dict[str, Any]] = []
    for node_kind, node_id in gone:
        where_position = (positions.c.node_kind == node_kind) & (positions.c.node_id == node_id)
        if node_kind == "stage":
            where_position |= positions.c.view == node_id
        position_rows += _rows(session, positions, where_position)
    session.execute(delete(table).where(where))
    if position_rows:
        for r in position_rows:
            session.execute(
                delete(positions).where(
                    (positions.c.view == r["view"]) & (positions.c.node_kind == r["node_kind"])
                    & (positions.c.node_id == r["node_id"])
                )
            )
        taken.append(("position", position_rows))
    removed = frozenset(gone)
    updated = {_owner_key(name, r) for name, rows in taken + nulled for r in rows} - {None} - removed
    snapshot = tuple((name, tuple(rows)) for name, rows in taken + nulled)
    return Change(kind, updated=frozenset(updated), removed=removed, snapshot=snapshot,
                  positions=frozenset((r["view"], (r["node_kind"], r["node_id"])) for r in position_rows))


def restore(store: MapStore, snapshot: Snapshot) -> Change:
    """Put back what a removal took, with the same ids (the undo of every removal)."""
    tables = Base.metadata.tables
    updated: set[NodeKey] = set()
    moved: set[tuple[int, NodeKey]] = set()
    with store.write() as session:
        for name, rows in snapshot:
            table = tables[name]
            for row in rows:
                statement = insert(table).values(**row)
                keys = [c.name for c in table.primary_key.columns]
                statement = statement.on_conflict_do_update(
                    index_elements=keys, set_={k: v for k, v in row.items() if k not in keys}
                ) if len(row) > len(keys) else statement.on_conflict_do_nothing()
                session.execute(statement)
                if name == "position":
                    moved.add((row["view"], (row["node_kind"], row["node_id"])))
                elif (key := _owner_key(name, row)) is not None:
                    updated.add(key)
    return Change("restored", updated=frozenset(updated), positions=frozenset(moved))


# ---- the map --------------------------------------------------------------------------------

_MAP_RULES = {
    "title": ("map title", _text_field(500)),
    "area": ("area", _text_field(500)),
    "programme": ("programme", _text_field(500)),
    "notes": ("notes", _text_field()),
}


def edit_map(store: MapStore, **values: object) -> Change:
    with store.write() as session:
        info = session.get(MapInfo, 1) or MapInfo(id=1)
        session.add(info)
        previous = _apply(info, values, _MAP_RULES)
    return Change("map edited", previous=previous, map_info=True)


# ---- stages ---------------------------------------------------------------------------------

_STAGE_RULES = {"name": ("stage", clean_name), "aim": ("aim", _text_field(500))}


def add_stage(store: MapStore, name: str, aim: str = "", index: int | None = None) -> Change:
    """A new stage, at the end of the journey or at `index`."""
    name = clean_name(name, "stage")
    with store.write() as session:
        _unique(session, Stage, name, "stage")
        stages = list(session.scalars(select(Stage).order_by(Stage.position, Stage.id)))
        stage = Stage(name=name, aim=clean_text(aim, "aim", 500), position=0)
        session.add(stage)
        at = len(stages) if index is None else max(0, min(index, len(stages)))
        stages.insert(at, stage)
        for n, s in enumerate(stages):
            s.position = n
        session.flush()
        key = ("stage", stage.id)
        return Change("stage added", updated=frozenset(("stage", s.id) for s in stages), created=key)


def edit_stage(store: MapStore, stage_id: int, **values: object) -> Change:
    """Rename a stage or change its aim."""
    with store.write() as session:
        stage = _get(session, Stage, stage_id, "stage")
        if "name" in values:
            values["name"] = clean_name(values["name"], "stage")
            _unique(session, Stage, values["name"], "stage", stage_id)
        previous = _apply(stage, values, _STAGE_RULES)
    return Change("stage edited", updated=frozenset({("stage", stage_id)}), previous=previous)


def move_stage(store: MapStore, stage_id: int, index: int) -> Change:
    """Move a stage to position `index` of the journey; `previous` holds its old index."""
    with store.write() as session:
        stage = _get(session, Stage, stage_id, "stage")
        stages = list(session.scalars(select(Stage).order_by(Stage.position, Stage.id)))
        old = stages.index(stage)
        stages.remove(stage)
        stages.insert(max(0, min(index, len(stages))), stage)
        for n, s in enumerate(stages):
            s.position = n
    return Change("stage moved", updated=frozenset(("stage", s.id) for s in stages), previous={"index": old})


def remove_stage(store: MapStore, stage_id: int) -> Change:
    """Remove a stage and its circle of need (the data items stay in the map)."""
    with store.write() as session:
        return _remove(session, Stage.__table__, Stage.__table__.c.id == stage_id, "stage removed")


# ---- agencies and localities ----------------------------------------------------------------

_AGENCY_RULES = {
    "name": ("agency", clean_name),
    "short_name": ("short name", _text_field(100)),
    "sector": ("sector", _text_field(200)),
    "contact": ("named contact", _text_field(500)),
}


def add_agency(store: MapStore, name: str, **values: object) -> Change:
    name = clean_name(name, "agency")
    with store.write() as session:
        _unique(session, Agency, name, "agency")
        agency = Agency(name=name, short_name="", sector="", contact="")
        _apply(agency, values, _AGENCY_RULES)
        session.add(agency)
        session.flush()
        key = ("agency", agency.id)
    return Change("agency added", updated=frozenset({key}), created=key)


def edit_agency(store: MapStore, agency_id: int, **values: object) -> Change:
    with store.write() as session:
        agency = _get(session, Agency, agency_id, "agency")
        if "name" in values:
            values["name"] = clean_name(values["name"], "agency")
            _unique(session, Agency, values["name"], "agency", agency_id)
        previous = _apply(agency, values, _AGENCY_RULES)
    return Change("agency edited", updated=frozenset({("agency", agency_id)}), previous=previous)


def remove_agency(store: MapStore, agency_id: int) -> Change:
    """Remove an agency; the data items it held stay, with no holder."""
    with store.write() as session:
        return _remove(session, Agency.__table__, Agency.__table__.c.id == agency_id, "agency removed")


def add_locality(store: MapStore, name: str) -> Change:
    name = clean_name(name, "locality")
    with store.write() as session:
        _unique(session, Locality, name, "locality")
        locality = Locality(name=name)
        session.add(locality)
        session.flush()
        key = ("locality", locality.id)
    return Change("locality added", updated=frozenset({key}), created=key)


def rename_locality(store: MapStore, locality_id: int, name: str) -> Change:
    name = clean_name(name, "locality")
    with store.write() as session:
        locality = _get(session, Locality, locality_id, "locality")
        _unique(session, Locality, name, "locality", locality_id)
        previous = {"name": locality.name} if locality.name != name else {}
        locality.name = name
    return Change("locality renamed", updated=frozenset({("locality", locality_id)}), previous=previous)


def remove_locality(store: MapStore, locality_id: int) -> Change:
    """Remove a locality with its access records and the blockages recorded there."""
    with store.write() as session:
        return _remove(session, Locality.__table__, Locality.__table__.c.id == locality_id, "locality removed")


# ---- data items -----------------------------------------------------------------------------


def _holder(value: object, _what: str) -> int | None:
    return None if value in (None, "") else int(value)  # existence checked by the foreign key below


ITEM_RULES: dict[str, tuple[str, Callable]] = {
    "name": ("data item", clean_name),
    "description": ("description", _text_field()),
    "holder_id": ("holder", _holder),
    "personal": ("“personal data” answer", clean_yes_no),
    "nature": ("kind of data", _choice(NATURE, nullable=True)),
    "volume": ("form of sharing", _choice(VOLUME, nullable=True)),
    "identifier": ("identifier", _text_field(200)),
    "granularity": ("granularity", _choice(GRANULARITY, nullable=True)),
    "months_in_arrears": ("months in arrears", clean_months),
    "update_frequency": ("update frequency", _text_field(200)),
    "pseudonymised_ok": ("“pseudonymised would do” answer", clean_yes_no),
    "legal_basis": ("legal basis", _text_field(2000)),
    "consent_needed": ("“consent needed” answer", clean_yes_no),
    "agreement_tier": ("agreement tier", _choice(AGREEMENT_TIER, nullable=True)),
    "agreement_reference": ("agreement reference", _text_field(500)),
}


def _check_holder(session: Session, values: Mapping[str, object]) -> None:
    if values.get("holder_id") not in (None, ""):
        _get(session, Agency, int(values["holder_id"]), "holder")


def add_item(store: MapStore, name: str, **values: object) -> Change:
    """A new data item; `values` may set any attribute, `holder_id` among them."""
    name = clean_name(name, "data item")
    with store.write() as session:
        _unique(session, DataItem, name, "data item")
        _check_holder(session, values)
        item = DataItem(name=name, description="", identifier="", update_frequency="", legal_basis="",
                        agreement_reference="")
        _apply(item, values, ITEM_RULES)
        session.add(item)
        session.flush()
        key = ("item", item.id)
    return Change("data item added", updated=frozenset({key}), created=key)


def edit_item(store: MapStore, item_id: int, **values: object) -> Change:
    """Change any attribute of a data item, its holder (`holder_id`) included."""
    with store.write() as session:
        item = _get(session, DataItem, item_id, "data item")
        if "name" in values:
            values["name"] = clean_name(values["name"], "data item")
            _unique(session, DataItem, values["name"], "data item", item_id)
        _check_holder(session, values)
        previous = _apply(item, values, ITEM_RULES)
    return Change("data item edited", updated=frozenset({("item", item_id)}), previous=previous)


def remove_item(store: MapStore, item_id: int) -> Change:
    """Remove a data item from the map, with its needs, access records, blockages and actions."""
    with store.write() as session:
        return _remove(session, DataItem.__table__, DataItem.__table__.c.id == item_id, "data item removed")


# ---- needs (the circle of a stage) ----------------------------------------------------------

_NEED_RULES = {"purpose": ("purpose", _text_field(5000)), "priority": ("priority", _choice(PRIORITY))}


def need_item(store: MapStore, stage_id: int, item_id: int, purpose: str = "", priority: str = "essential") -> Change:
    """Put a data item in a stage's circle of need."""
    with store.write() as session:
        stage = _get(session, Stage, stage_id, "stage")
        item = _get(session, DataItem, item_id, "data item")
        if session.get(Need, (stage_id, item_id)) is not None:
            raise InvalidInput(f"“{stage.name}” already needs “{item.name}”.")
        last = session.scalar(select(func.max(Need.place)).where(Need.stage_id == stage_id))
        need = Need(stage_id=stage_id, item_id=item_id, purpose="", priority="essential", place=(last or 0) + 1)
        _apply(need, {"purpose": purpose, "priority": priority}, _NEED_RULES)
        session.add(need)
    return Change("data item needed", updated=frozenset({("stage", stage_id)}))


def edit_need(store: MapStore, stage_id: int, item_id: int, **values: object) -> Change:
    with store.write() as session:
        need = _get(session, Need, (stage_id, item_id), "need")
        previous = _apply(need, values, _NEED_RULES)
    return Change("need edited", updated=frozenset({("stage", stage_id)}), previous=previous)


def drop_need(store: MapStore, stage_id: int, item_id: int) -> Change:
    """Take a data item out of a stage's circle (the item stays in the map)."""
    table = Need.__table__
    with store.write() as session:
        change = _remove(session, table, (table.c.stage_id == stage_id) & (table.c.item_id == item_id),
                         "data item no longer needed")
    return change


# ---- access ---------------------------------------------------------------------------------


def set_access(store: MapStore, item_id: int, locality_id: int, status: str, said_by: str = "",
               said_on: object = None) -> Change:
    """Record whether a data item can be had in a locality. `previous` holds the old record, or
    nothing when there was none (unknown). Unknown with nobody saying so removes the record."""
    status = ACCESS.check(status)
    said_by = clean_text(said_by, "name of who said so", 500)
    when = clean_date(said_on, "date it was said")
    with store.write() as session:
        _get(session, DataItem, item_id, "data item")
        _get(session, Locality, locality_id, "locality")
        row = session.get(Access, (item_id, locality_id))
        previous = {"status": row.status, "said_by": row.said_by, "said_on": row.said_on} if row else {}
        if status == "unknown" and not said_by and when is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Access(item_id=item_id, locality_id=locality_id, status=status, said_by=said_by, said_on=when))
        else:
            row.status, row.said_by, row.said_on = status, said_by, when
    return Change("access set", updated=frozenset({("item", item_id)}), previous=previous)


# ---- blockages and actions ------------------------------------------------------------------

def _locality(value: object, _what: str) -> int | None:
    return None if value in (None, "") else int(value)


_BLOCKAGE_RULES = {
    "item_id": ("data item", lambda v, w: int(v)),
    "locality_id": ("locality", _locality),
    "category": ("category", _choice(CATEGORY)),
    "reason": ("reason", _text_field()),
    "evidence": ("evidence", _text_field()),
}


def _check_blockage(session: Session, blockage: Blockage) -> None:
    _get(session, DataItem, blockage.item_id, "data item")
    if blockage.locality_id is not None:
        _get(session, Locality, blockage.locality_id, "locality")
    if not blockage.reason:
        raise InvalidInput("Say why the data item is blocked: the reason cannot be blank.")


def add_blockage(store: MapStore, item_id: int, locality_id: int | None, category: str, reason: str,
                 evidence: str = "") -> Change:
    """Why a data item is blocked, in one locality or (locality None) everywhere."""
    with store.write() as session:
        blockage = Blockage(evidence="")
        _apply(blockage, {"item_id": item_id, "locality_id": locality_id, "category": category,
                          "reason": reason, "evidence": evidence}, _BLOCKAGE_RULES)
        _check_blockage(session, blockage)
        session.add(blockage)
        session.flush()
        key = ("blockage", blockage.id)
    return Change("blockage added", updated=frozenset({key}), created=key)


def edit_blockage(store: MapStore, blockage_id: int, **values: object) -> Change:
    with store.write() as session:
        blockage = _get(session, Blockage, blockage_id, "blockage")
        previous = _apply(blockage, values, _BLOCKAGE_RULES)
        _check_blockage(session, blockage)
    return Change("blockage edited", updated=frozenset({("blockage", blockage_id)}), previous=previous)


def remove_blockage(store: MapStore, blockage_id: int) -> Change:
    with store.write() as session:
        return _remove(session, Blockage.__table__, Blockage.__table__.c.id == blockage_id, "blockage removed")


_ACTION_RULES = {
    "blockage_id": ("blockage", lambda v, w: int(v)),
    "step": ("step", _text_field()),
    "level": ("level", _choice(LEVEL)),
    "owner_body": ("owning body", _text_field(500)),
    "owner_person": ("owner", _text_field(500)),
    "status": ("status", _choice(ACTION_STATUS)),
    "due": ("due date", clean_date),
}


def _check_action(session: Session, action: Action) -> None:
    _get(session, Blockage, action.blockage_id, "blockage")
    if not action.step:
        raise InvalidInput("Say what would unblock access: the step cannot be blank.")


def add_action(store: MapStore, blockage_id: int, step: str, level: str = "local", owner_body: str = "",
               owner_person: str = "", status: str = "proposed", due: object = None) -> Change:
    """What would unblock a blockage, at which level, owned by whom, by when."""
    with store.write() as session:
        action = Action()
        _apply(action, {"blockage_id": blockage_id, "step": step, "level": level, "owner_body": owner_body,
                        "owner_person": owner_person, "status": status, "due": due}, _ACTION_RULES)
        _check_action(session, action)
        session.add(action)
        session.flush()
        key = ("action", action.id)
    return Change("action added", updated=frozenset({key}), created=key)


def edit_action(store: MapStore, action_id: int, **values: object) -> Change:
    with store.write() as session:
        action = _get(session, Action, action_id, "action")
        previous = _apply(action, values, _ACTION_RULES)
        _check_action(session, action)
    return Change("action edited", updated=frozenset({("action", action_id)}), previous=previous)


def remove_action(store: MapStore, action_id: int) -> Change:
    with store.write() as session:
        return _remove(session, Action.__table__, Action.__table__.c.id == action_id, "action removed")


# ---- diagram positions ----------------------------------------------------------------------

def set_positions(store: MapStore, view: int, moves: Mapping[NodeKey, tuple[float, float] | None]) -> Change:
    """Keep where nodes were dragged to (None forgets a position). `previous` maps node → old
    position or None, ready to be set back."""
    previous: dict[NodeKey, tuple[float, float] | None] = {}
    with store.write() as session:
        for (kind, ident), place in moves.items():
            row = session.get(Position, (view, kind, ident))
            previous[(kind, ident)] = (row.x, row.y) if row else None
            if place is None:
                if row is not None:
                    session.delete(row)
                continue
            x, y = float(place[0]), float(place[1])
            if not (abs(x) < 1e7 and abs(y) < 1e7):
                raise InvalidInput("That position is far outside the diagram.")
            if row is None:
                session.add(Position(view=view, node_kind=kind, node_id=ident, x=x, y=y))
            else:
                row.x, row.y = x, y
    return Change("layout changed", previous=previous, positions=frozenset((view, k) for k in moves))


def reset_layout(store: MapStore, view: int) -> Change:
    """Forget every dragged position in a view, so it is laid out afresh."""
    with store.read() as conn:
        keys = [(k, i) for k, i in conn.execute(
            select(Position.node_kind, Position.node_id).where(Position.view == view))]
    return set_positions(store, view, dict.fromkeys(keys))


def ids_by_name(store: MapStore, kind: str) -> dict[str, int]:
    """Folded name (models.cleaning.name_key) → id of every stage, agency, locality or data item."""
    entity = {"stage": Stage, "agency": Agency, "locality": Locality, "item": DataItem}[kind]
    with store.read() as conn:
        return {name_key(name): ident for ident, name in conn.execute(select(entity.id, entity.name))}


