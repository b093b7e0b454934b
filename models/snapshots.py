"""Snapshots — a map marked as reported (at a leadership-group meeting, say) — and what changed since one.

A snapshot keeps the whole map as its interchange JSON (models.interchange.export_map), so it is the full
state whatever wrote the edits since: the window, `fill`, a script. What changed is told by comparing two
such documents by names (case-insensitive), in the users' words, most important first.

Snapshots are not nodes of the graph: the Changes returned here name no graph node (`updated` and `removed`
stay empty, so `update_graph` has nothing to do); `created` is ("snapshot", id) after a snapshot is taken,
and the Change of a deletion holds the row, so `services.restore` puts it back with the same id (its undo).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.change import Change
from models.cleaning import NAME_LIMIT, clean_text, name_key
from models.errors import InvalidInput, NotFound
from models.vocabulary import ACCESS, ACTION_STATUS, CATEGORY

if TYPE_CHECKING:
    import networkx as nx
    from sqlalchemy.orm import Session

    from models.store import MapStore


@dataclass(frozen=True)
class Snapshot:
    """A snapshot as lists show it (its content is read with `snapshot_document`)."""

    id: int
    name: str
    taken_at: dt.datetime


@dataclass(frozen=True)
class ChangeLine:
    """One thing that changed since a snapshot: its kind (a key of HEADINGS) and the words users read; for a
    change to one data item (its access, its needs, its coming), the item's name and what changed, in words."""

    kind: str
    words: str
    item: str | None = None
    what: str = ""


# Every kind of change line, most important first, with the heading it is listed under.
HEADINGS: dict[str, str] = {
    "blocked": "Newly blocked",
    "overdue": "Now overdue",
    "unblocked": "No longer blocked",
    "improved": "Access improved",
    "worsened": "Access worsened",
    "action done": "Actions done",
    "action dropped": "Actions dropped",
    "known": "Now known",
    "no longer known": "No longer known",
    "blockage added": "Blockages added",
    "blockage removed": "Blockages removed",
    "action added": "Actions added",
    "action status": "Actions whose status changed",
    "action removed": "Actions removed",
    "item added": "Data items added",
    "item removed": "Data items removed",
    "needed": "Newly needed at a stage",
    "no longer needed": "No longer needed at a stage",
    "stage added": "Stages added",
    "stage removed": "Stages removed",
    "locality added": "Localities added",
    "locality removed": "Localities removed",
}
_RANK = {kind: n for n, kind in enumerate(HEADINGS)}
_ACCESS_RANK = {"blocked": 0, "partial": 1, "accessible": 2}  # unknown is neither better nor worse
_CLOSED = ("done", "dropped")
_SPACES = re.compile(r"\s+")


def day_words(day: dt.date) -> str:
    """A date as users write it: 14 November 2011."""
    return f"{day.day} {day:%B %Y}"


# ---- storing --------------------------------------------------------------------------------


def _clean_name(value: object) -> str:
    """A snapshot's name: one line, not blank, at most NAME_LIMIT characters."""
    name = unicodedata.normalize("NFC", _SPACES.sub(" ", clean_text(value, "snapshot name")))
    if not name:
        raise InvalidInput("A snapshot needs a name, e.g. “PLG 14 November 2011”; type one in.")
    if len(name) > NAME_LIMIT:
        raise InvalidInput(f"The snapshot name is {len(name):,} characters long; keep it to {NAME_LIMIT} or fewer.")
    return name


def _check_unused(session: Session, name: str, own_id: int | None = None) -> None:
    """Names are compared case-folded here, not by SQLite's NOCASE, which folds only ASCII letters."""
    from sqlalchemy import select

    from models.entities import MapSnapshot

    for ident, used in session.execute(select(MapSnapshot.id, MapSnapshot.name)):
        if ident != own_id and used.casefold() == name.casefold():
            raise InvalidInput(f"There is already a snapshot called “{used}”; choose another name.")


def take_snapshot(store: MapStore, name: str, graph: nx.DiGraph | None = None, *,
                  taken_at: dt.datetime | None = None) -> Change:
    """Mark the map as reported: keep the whole of it as it stands now (or at `taken_at`) under `name`."""
    from models.entities import MapSnapshot
    from models.graph import build_graph
    from models.interchange import export_map

    name = _clean_name(name)
    used = next((s.name for s in list_snapshots(store) if s.name.casefold() == name.casefold()), None)
    if used is not None:  # said before the map is read, which takes a while on a national map
        raise InvalidInput(f"There is already a snapshot called “{used}”; choose another name.")
    if graph is None:
        graph = build_graph(store)
    content = json.dumps(export_map(graph), ensure_ascii=False)
    taken_at = (taken_at or dt.datetime.now()).replace(microsecond=0)
    with store.write() as session:
        _check_unused(session, name)
        row = MapSnapshot(name=name, taken_at=taken_at, content=content)
        session.add(row)
        session.flush()
        key = ("snapshot", row.id)
    return Change("snapshot taken", created=key)


def _rows(store: MapStore) -> list[tuple[int, str, str]]:
    with store.reading() as conn:
        return conn.execute("SELECT id, name, taken_at FROM snapshot ORDER BY taken_at, id").fetchall()


def list_snapshots(store: MapStore) -> list[Snapshot]:
    """Every snapshot of the map, oldest first."""
    return [Snapshot(ident, name, dt.datetime.fromisoformat(taken)) for ident, name, taken in _rows(store)]


def latest_snapshot(store: MapStore) -> Snapshot | None:
    snapshots = list_snapshots(store)
    return snapshots[-1] if snapshots else None


def find_snapshot(store: MapStore, name_or_id: str | int) -> Snapshot:
    """The snapshot with this id, or this name (any case); a message naming the map's snapshots if none."""
    snapshots = list_snapshots(store)
    if isinstance(name_or_id, int) and not isinstance(name_or_id, bool):
        for snapshot in snapshots:
            if snapshot.id == name_or_id:
                return snapshot
        raise NotFound("That snapshot is no longer in the map (it may have been deleted); refresh and try again.")
    wanted = _SPACES.sub(" ", str(name_or_id)).strip()
    for snapshot in snapshots:
        if snapshot.name.casefold() == wanted.casefold():
            return snapshot
    known = ", ".join(s.name for s in snapshots) if snapshots else "none yet"
    raise InvalidInput(f"There is no snapshot called “{wanted}”; this map has: {known}.")


def rename_snapshot(store: MapStore, ident: str | int, name: str) -> Change:
    from models.entities import MapSnapshot

    snapshot = find_snapshot(store, ident)
    name = _clean_name(name)
    with store.write() as session:
        _check_unused(session, name, snapshot.id)
        row = session.get(MapSnapshot, snapshot.id)
        if row is None:
            raise NotFound("That snapshot is no longer in the map (it may have been deleted); refresh and try again.")
        previous = {"name": row.name} if row.name != name else {}
        row.name = name
    return Change("snapshot renamed", previous=previous)


def delete_snapshot(store: MapStore, ident: str | int) -> Change:
    """Delete a snapshot; the Change holds its row, so `services.restore` undoes the deletion."""
    from sqlalchemy import delete, select

    from models.entities import MapSnapshot

    snapshot = find_snapshot(store, ident)
    table = MapSnapshot.__table__
    with store.write() as session:
        rows = [dict(r._mapping) for r in session.execute(select(table).where(table.c.id == snapshot.id))]
        if not rows:
            raise NotFound("That snapshot is no longer in the map (it may have been deleted); refresh and try again.")
        session.execute(delete(table).where(table.c.id == snapshot.id))
    return Change("snapshot deleted", snapshot=(("snapshot", tuple(rows)),))


def snapshot_document(store: MapStore, name_or_id: str | int) -> dict[str, Any]:
    """The map as it stood in a snapshot: its interchange document (models.interchange.export_map)."""
    snapshot = find_snapshot(store, name_or_id)
    with store.reading() as conn:
        row = conn.execute("SELECT content FROM snapshot WHERE id = ?", (snapshot.id,)).fetchone()
    if row is None:
        raise NotFound("That snapshot is no longer in the map (it may have been deleted); refresh and try again.")
    return json.loads(row[0])


def changes_since(store: MapStore, graph: nx.DiGraph, name_or_id: str | int, today: dt.date) -> list[ChangeLine]:
    """What changed between a snapshot and the map as it is now (`graph`), most important first."""
    from models.interchange import export_map

    snapshot = find_snapshot(store, name_or_id)
    return changes_between(snapshot_document(store, snapshot.id), export_map(graph), today,
                           since=snapshot.taken_at.date())


# ---- what changed ---------------------------------------------------------------------------


def _fold(name: object) -> str:
    return name_key(name or "")


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class _Side:
    """One document, indexed by case-folded names."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.stages = {_fold(s["name"]): s["name"] for s in doc.get("stages", [])}
        self.items = {_fold(i["name"]): i["name"] for i in doc.get("data_items", [])}
        self.localities = {_fold(loc["name"]): loc["name"] for loc in doc.get("localities", [])}
        self.access = {(_fold(a["data_item"]), _fold(a["locality"])): a["status"] for a in doc.get("access", [])}
        self.needs = {(_fold(n["stage"]), _fold(n["data_item"])) for n in doc.get("needs", [])}
        # A blockage is known by what it blocks, where, and why: an edited reason reads as one removed and
        # one added, which is what a reader of the change list would want to see anyway.
        self.blockages: dict[tuple, dict[str, Any]] = {}
        by_number: dict[Any, tuple] = {}
        for b in doc.get("blockages", []):
            key = (_fold(b["data_item"]), _fold(b.get("locality")), b["category"], _fold(b["reason"]))
            self.blockages[key] = b
            by_number[b.get("id")] = key
        self.actions: dict[tuple, dict[str, Any]] = {}
        for a in doc.get("actions", []):
            blockage = by_number.get(a.get("blockage"))
            if blockage is not None:
                self.actions[(blockage, _fold(a["step"]))] = a

    def status(self, item: str, locality: str) -> str:
        return self.access.get((item, locality), "unknown")


def _where(blockage: dict[str, Any]) -> str:
    return f"in {blockage['locality']}" if blockage.get("locality") else "everywhere"


def _blockage_words(b: dict[str, Any]) -> str:
    return f"{b['data_item']} {_where(b)} — {CATEGORY.label(b['category']).lower()}: {b['reason']}"


def _action_words(a: dict[str, Any], blockage: dict[str, Any]) -> str:
    owner = a.get("owner_body") or a.get("owner_person")
    step = a["step"][:1].upper() + a["step"][1:]  # steps are written to follow "to unblock access we need to"
    return f"{step}{f' ({owner})' if owner else ''} — for {blockage['data_item']} {_where(blockage)}"


def _access_label(status: str) -> str:
    return ACCESS.label(status).lower()


def _overdue(action: dict[str, Any], on: dt.date) -> bool:
    due = _date(action.get("due"))
    return due is not None and due < on and action.get("status") not in _CLOSED


def changes_between(before: dict[str, Any], after: dict[str, Any], today: dt.date,
                    since: dt.date | None = None) -> list[ChangeLine]:
    """What changed from one interchange document to another, most important first.

    Names match in any case. Whatever hung off something removed is not listed (the removal says it); a new
    item's blockages and actions are (they are news), its access only in its own line ("… (blocked in Wigan)").
    An action is newly overdue when it is due before `today`, is neither done nor dropped, and was not overdue
    on `since`, the day the snapshot was taken (by default `before["taken_at"]` when the document holds one;
    with neither, only actions added, re-opened or given a new date since are listed as overdue)."""
    if since is None:
        since = _date(before.get("taken_at"))
    old, new = _Side(before), _Side(after)
    lines: list[ChangeLine] = []

    def add(kind: str, words: str, item: str | None = None, what: str = "") -> None:
        lines.append(ChangeLine(kind, words, item, what))

    def about(kind: str, item: str, what: str) -> None:
        add(kind, f"{item}: {what}", item, what)

    for kind, olds, news in (("stage", old.stages, new.stages), ("item", old.items, new.items),
                             ("locality", old.localities, new.localities)):
        for key in news.keys() - olds.keys():
            words = news[key]
            if kind == "item":
                blocked = sorted((new.localities[loc] for (item, loc), status in new.access.items()
                                  if item == key and status == "blocked" and loc in new.localities), key=_fold)
                where = f" (blocked in {', '.join(blocked)})" if blocked else ""
                add("item added", words + where, words, "added to the map" + where)
                continue
            add(f"{kind} added", words)
        for key in olds.keys() - news.keys():
            add(f"{kind} removed", olds[key])

    # Access, for items and localities in both: an item or a locality added or removed says it all.
    for item in old.items.keys() & new.items.keys():
        for locality in old.localities.keys() & new.localities.keys():
            was, now = old.status(item, locality), new.status(item, locality)
            if was == now:
                continue
            name, place = new.items[item], new.localities[locality]
            if now == "blocked":
                about("blocked", name, f"now blocked in {place} (was {_access_label(was)})")
            elif was == "blocked":
                about("unblocked", name, f"no longer blocked in {place} (now {_access_label(now)})")
            elif was == "unknown":
                about("known", name, f"now known to be {_access_label(now)} in {place}")
            elif now == "unknown":
                about("no longer known", name, f"no longer known in {place} (was {_access_label(was)})")
            elif _ACCESS_RANK[now] > _ACCESS_RANK[was]:
                about("improved", name, f"now {_access_label(now)} in {place} (was {_access_label(was)})")
            else:
                about("worsened", name, f"now only {_access_label(now)} in {place} (was {_access_label(was)})")

    for stage, item in new.needs - old.needs:
        if stage in old.stages and item in old.items:
            about("needed", new.items[item], f"now needed at {new.stages[stage]}")
    for stage, item in old.needs - new.needs:
        if stage in new.stages and item in new.items:
            about("no longer needed", new.items[item], f"no longer needed at {new.stages[stage]}")

    def still_there(blockage: tuple) -> bool:
        item, locality = blockage[0], blockage[1]
        return item in new.items and (not locality or locality in new.localities)

    for key in new.blockages.keys() - old.blockages.keys():
        add("blockage added", _blockage_words(new.blockages[key]))
    for key in old.blockages.keys() - new.blockages.keys():
        if still_there(key):
            add("blockage removed", _blockage_words(old.blockages[key]))

    for key, action in new.actions.items():
        blockage = new.blockages[key[0]]
        words = _action_words(action, blockage)
        was = old.actions.get(key)
        status = action.get("status")
        if was is None:
            add("action added", words)
        elif was.get("status") != status:
            if status == "done":
                add("action done", words)
            elif status == "dropped":
                add("action dropped", words)
            else:
                add("action status", f"{words}: now {ACTION_STATUS.label(status).lower()} "
                                     f"(was {ACTION_STATUS.label(was.get('status')).lower()})")
        if _overdue(action, today) and not (was is not None and _overdue(was, since or today)):
            due = _date(action["due"])
            add("overdue", f"{words}: due {day_words(due)}")
    for key in old.actions.keys() - new.actions.keys():
        if key[0] in new.blockages:
            add("action removed", _action_words(old.actions[key], old.blockages[key[0]]))

    return sorted(lines, key=lambda line: (_RANK.get(line.kind, len(_RANK)), line.words.casefold()))
