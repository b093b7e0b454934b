"""A whole map as versioned JSON in the users' words, and back. Import checks everything before
writing anything, and names the entry at fault; an invalid file leaves the map untouched."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx


from models.cleaning import clean_months, clean_name, clean_text, clean_yes_no, name_key
from models.entities import Access, Action, Agency, Blockage, DataItem, Locality, MapInfo, Need, Position, Stage
from models.errors import InvalidInput, MapError
from models.files import write_beside
from models.graph import nodes_of
from models.store import MapStore
from models.vocabulary import (
    ACCESS, ACTION_STATUS, AGREEMENT_TIER, CATEGORY, GRANULARITY, LEVEL, NATURE, PRIORITY, VOLUME, Choices,
)

FORMAT_VERSION = 1
LARGEST_FILE = 200 * 2**20  # bytes: a national map (300 localities × 800 data items) is about 40 MB
SECTIONS = ("map", "stages", "agencies", "localities", "data_items", "needs", "access", "blockages", "actions",
            "positions")
ITEM_FIELDS = ("description", "personal", "nature", "volume", "identifier", "granularity", "months_in_arrears",
               "update_frequency", "pseudonymised_ok", "legal_basis", "consent_needed", "agreement_tier",
               "agreement_reference")


class InterchangeError(InvalidInput):
    """An interchange file that cannot be imported; the message names the entry."""


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# ---- export ---------------------------------------------------------------------------------


def export_map(graph: nx.DiGraph) -> dict[str, Any]:
    """The map as a JSON-ready dict, in a stable order (export → import → export is identical)."""
    nodes = graph.nodes

    def nm(key: tuple[str, int] | None) -> str | None:
        return nodes[key]["name"] if key is not None and key in graph else None

    stages, items = nodes_of(graph, "stage"), nodes_of(graph, "item")
    localities = nodes_of(graph, "locality")
    blockages = sorted(nodes_of(graph, "blockage"), key=lambda b: (
        nodes[("item", nodes[b]["item_id"])]["name"].casefold(),
        "" if nodes[b]["locality_id"] is None else nodes[("locality", nodes[b]["locality_id"])]["name"].casefold(),
        nodes[b]["category"], nodes[b]["reason"], b[1]))
    number = {b: n for n, b in enumerate(blockages, 1)}
    actions = sorted(nodes_of(graph, "action"), key=lambda a: (number[("blockage", nodes[a]["blockage_id"])],
                                                               nodes[a]["step"], a[1]))
    views = {0: None} | {s[1]: nodes[s]["name"] for s in stages}
    positions = sorted(
        ({"view": views[view], "node": kind, "name": nm((kind, ident)), "x": x, "y": y}
         for (view, (kind, ident)), (x, y) in graph.graph["positions"].items()
         if view in views and (kind, ident) in graph),
        key=lambda p: (p["view"] or "", p["node"], p["name"].casefold()))
    return {
        "format_version": FORMAT_VERSION,
        "map": dict(graph.graph["map"]),
        "stages": [{"name": nodes[s]["name"], "aim": nodes[s]["aim"]} for s in stages],
        "agencies": [{k: nodes[a][k] for k in ("name", "short_name", "sector", "contact")}
                     for a in nodes_of(graph, "agency")],
        "localities": [{"name": nodes[loc]["name"]} for loc in localities],
        "data_items": [{"name": nodes[i]["name"], "holder": nm(("agency", nodes[i]["holder_id"]))
                        if nodes[i]["holder_id"] else None} | {k: nodes[i][k] for k in ITEM_FIELDS} for i in items],
        "needs": [{"stage": nodes[s]["name"], "data_item": nodes[i]["name"], "purpose": graph.adj[s][i]["purpose"],
                   "priority": graph.adj[s][i]["priority"]}
                  for s in stages for i in sorted(graph.adj[s], key=lambda i: (graph.adj[s][i]["place"], i[1]))],
        "access": [{"data_item": nodes[i]["name"], "locality": nodes[loc]["name"], "status": e["status"],
                    "said_by": e["said_by"], "said_on": _iso(e["said_on"])}
                   for i in items for loc in localities if (e := graph.get_edge_data(i, loc))],
        "blockages": [{"id": number[b], "data_item": nm(("item", nodes[b]["item_id"])),
                       "locality": nm(("locality", nodes[b]["locality_id"])) if nodes[b]["locality_id"] else None,
                       "category": nodes[b]["category"], "reason": nodes[b]["reason"],
                       "evidence": nodes[b]["evidence"]} for b in blockages],
        "actions": [{"blockage": number[("blockage", nodes[a]["blockage_id"])]}
                    | {k: nodes[a][k] for k in ("step", "level", "owner_body", "owner_person", "status")}
                    | {"due": _iso(nodes[a]["due"])} for a in actions],
        "positions": positions,
    }


def write_json(graph: nx.DiGraph, target: str | os.PathLike[str]) -> None:
    """Write the map's JSON beside the target first, then move it into place (never a half file)."""
    target = Path(target).absolute()
    if target.is_dir():
        raise InterchangeError(f"{target} is a folder; give a file name ending in .json.")
    if not target.parent.is_dir():
        raise InterchangeError(f"The folder {target.parent} does not exist.")
    text = json.dumps(export_map(graph), ensure_ascii=False, indent=2) + "\n"
    write_beside(target, lambda temp: Path(temp).write_text(text, encoding="utf-8"))


# ---- import ---------------------------------------------------------------------------------


def _entry(section: str, index: int, entry: dict[str, Any]) -> str:
    label = entry.get("name") or entry.get("data_item") or entry.get("step") or entry.get("id")
    shown = clean_text(str(label)[:200], "entry")[:60] if label else ""  # no invisible characters in a message
    return f"{section} entry {index + 1}" + (f" (“{shown}”)" if shown else "")


class _Checker:
    """Validates one entry's fields, prefixing every message with where the entry is."""

    def __init__(self, where: str, entry: Any):
        if not isinstance(entry, dict):
            raise InterchangeError(f"{where} should be an object with named fields, not {type(entry).__name__}.")
        self.where, self.entry = where, entry

    def get(self, key: str, rule: Callable[[object, str], Any], default: Any = None, required: bool = False) -> Any:
        if key not in self.entry or self.entry[key] is None:
            if required:
                raise InterchangeError(f"{self.where}: “{key}” is missing.")
            return rule(default, key) if default is not None else None
        try:
            return rule(self.entry[key], f"“{key}” field")
        except MapError as e:
            raise InterchangeError(f"{self.where}: {e}") from None

    def ref(self, key: str, names: dict[str, int], what: str, nullable: bool = False) -> int | None:
        """The id of the entry a reference names, matched as the names themselves were cleaned."""
        value = self.entry.get(key)
        if value is None and nullable:
            return None
        wanted = _name_key(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        if wanted not in names:
            shown = clean_text(value, key, 10**6)[:80] if isinstance(value, str) else value
            raise InterchangeError(f"{self.where}: “{key}” names {what} “{shown}”, which is not in the file.")
        return names[wanted]


def _name_key(value: object) -> str:
    """How a name is compared: cleaned as names are stored, then folded as every name is compared."""
    try:
        return name_key(clean_name(value, "entry"))
    except MapError:
        return ""


def _choice(choices: Choices, nullable: bool = True) -> Callable[[object, str], Any]:
    def rule(value: object, _what: str) -> Any:
        if value is None or (nullable and value == ""):
            return None
        return choices.check(str(value))
    return rule


def _text(limit: int = 100_000) -> Callable[[object, str], str]:
    def rule(value: object, what: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidInput(f"the {what} should be text, not {_kind(value)}.")
        return clean_text(value, what, limit)
    return rule


def _name(what: str) -> Callable[[object, str], str]:
    def rule(value: object, _field: str) -> str:
        if not isinstance(value, str):
            raise InvalidInput(f"the “name” field should be text, not {_kind(value)}.")
        return clean_name(value, what)
    return rule


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"the {what} should be a finite number, not {_kind(value)}.")
    return float(value)


def _date(value: object, what: str) -> dt.date:
    """Dates in the file are written as the README says, YYYY-MM-DD: no guessing whether 12/05/2011 is May or
    December."""
    try:
        if isinstance(value, str) and len(value.strip()) == 10:
            return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    shown = f"“{value[:40]}”" if isinstance(value, str) else _kind(value)
    raise InvalidInput(f"the {what} should be a date written YYYY-MM-DD (like 2012-03-31), not {shown}.")


def _kind(value: object) -> str:
    """A JSON value as users might describe it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"the number {value}" if len(repr(value)) < 30 else "a number"
    return {dict: "a group of fields", list: "a list", str: "text"}.get(type(value), "nothing")


_ITEM_RULES: dict[str, Callable[[object, str], Any]] = {
    "description": _text(), "personal": clean_yes_no, "nature": _choice(NATURE), "volume": _choice(VOLUME),
    "identifier": _text(200), "granularity": _choice(GRANULARITY), "months_in_arrears": clean_months,
    "update_frequency": _text(200), "pseudonymised_ok": clean_yes_no, "legal_basis": _text(2000),
    "consent_needed": clean_yes_no, "agreement_tier": _choice(AGREEMENT_TIER), "agreement_reference": _text(500),
}


_ITEM_TEXT = {"description", "identifier", "update_frequency", "legal_basis", "agreement_reference"}


def _section(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise InterchangeError(f"“{key}” should be a list of entries.")
    return value


def _named(document: dict, section: str, what: str, build: Callable[[_Checker, str], Any]) -> tuple[list, dict]:
    """Entries with unique names: (built rows, lower-cased name → 1-based id)."""
    rows, ids = [], {}
    for n, entry in enumerate(_section(document, section)):
        check = _Checker(_entry(section, n, entry if isinstance(entry, dict) else {}), entry)
        name = check.get("name", _name(what), required=True)
        if name_key(name) in ids:
            raise InterchangeError(f"{check.where}: there is already a {what} called “{name}” earlier in the file.")
        ids[name_key(name)] = len(rows) + 1
        rows.append(build(check, name))
    return rows, ids


def parse_map(document: Any) -> list[Any]:
    """Check a whole interchange document; return the rows to write (ids numbered from 1)."""
    if not isinstance(document, dict):
        raise InterchangeError("This is not a Circle of Need map file: it should hold one JSON object.")
    if "format_version" not in document:
        raise InterchangeError("This is not a Circle of Need map file: “format_version” is missing.")
    version = document["format_version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise InterchangeError(f"This file is format {version}, made by a newer Circle of Need; this version reads "
                               f"format {FORMAT_VERSION}. Update Circle of Need to import it.")
    if type(version) is not int or version != FORMAT_VERSION:
        shown = json.dumps(version)[:40]
        raise InterchangeError(f"This file says it is format {shown}, which is not supported: Circle of Need map "
                               f"files are format {FORMAT_VERSION}.")
    unknown = set(document) - set(SECTIONS) - {"format_version"}
    if unknown:
        raise InterchangeError(f"This file has sections Circle of Need does not know: {', '.join(sorted(unknown))}.")
    info = _Checker("“map”", document.get("map", {}))
    rows: list[Any] = [MapInfo(id=1, **{k: info.get(k, _text(100_000 if k == "notes" else 500), "")
                                        for k in ("title", "area", "programme", "notes")})]

    stages, stage_ids = _named(document, "stages", "stage", lambda c, name: Stage(
        name=name, aim=c.get("aim", _text(500), ""), position=0))
    for n, stage in enumerate(stages):
        stage.id, stage.position = n + 1, n
    agencies, agency_ids = _named(document, "agencies", "agency", lambda c, name: Agency(
        name=name, **{k: c.get(k, _text(500), "") for k in ("short_name", "sector", "contact")}))
    localities, locality_ids = _named(document, "localities", "locality", lambda c, name: Locality(name=name))
    items, item_ids = _named(document, "data_items", "data item", lambda c, name: DataItem(
        name=name, holder_id=c.ref("holder", agency_ids, "an agency", nullable=True),
        **{k: c.get(k, rule, "" if k in _ITEM_TEXT else None) for k, rule in _ITEM_RULES.items()}))
    for table in (agencies, localities, items):
        for n, row in enumerate(table):
            row.id = n + 1
    rows += stages + agencies + localities + items

    seen: set[tuple] = set()
    for n, entry in enumerate(_section(document, "needs")):
        c = _Checker(_entry("needs", n, entry if isinstance(entry, dict) else {}), entry)
        pair = (c.ref("stage", stage_ids, "a stage"), c.ref("data_item", item_ids, "a data item"))
        if pair in seen:
            raise InterchangeError(f"{c.where}: that stage already needs that data item earlier in the file.")
        seen.add(pair)
        rows.append(Need(stage_id=pair[0], item_id=pair[1], place=n + 1, purpose=c.get("purpose", _text(5000), ""),
                         priority=c.get("priority", _choice(PRIORITY, False), "essential")))
    seen = set()
    for n, entry in enumerate(_section(document, "access")):
        c = _Checker(_entry("access", n, entry if isinstance(entry, dict) else {}), entry)
        pair = (c.ref("data_item", item_ids, "a data item"), c.ref("locality", locality_ids, "a locality"))
        if pair in seen:
            raise InterchangeError(f"{c.where}: access for that data item in that locality is given twice.")
        seen.add(pair)
        rows.append(Access(item_id=pair[0], locality_id=pair[1], status=c.get("status", _choice(ACCESS, False),
                                                                             required=True),
                           said_by=c.get("said_by", _text(500), ""), said_on=c.get("said_on", _date)))
    blockage_ids: dict[str, int] = {}
    for n, entry in enumerate(_section(document, "blockages")):
        c = _Checker(_entry("blockages", n, entry if isinstance(entry, dict) else {}), entry)
        ident = entry.get("id", n + 1)
        if not isinstance(ident, int) or isinstance(ident, bool) or str(ident) in blockage_ids:
            raise InterchangeError(f"{c.where}: “id” should be a whole number not used by another blockage.")
        blockage_ids[str(ident)] = len(blockage_ids) + 1
        reason = c.get("reason", _text(), required=True)
        if not reason:
            raise InterchangeError(f"{c.where}: the reason is blank; say why the data item is blocked.")
        rows.append(Blockage(id=blockage_ids[str(ident)], item_id=c.ref("data_item", item_ids, "a data item"),
                             locality_id=c.ref("locality", locality_ids, "a locality", nullable=True),
                             category=c.get("category", _choice(CATEGORY, False), required=True), reason=reason,
                             evidence=c.get("evidence", _text(), "")))
    for n, entry in enumerate(_section(document, "actions")):
        c = _Checker(_entry("actions", n, entry if isinstance(entry, dict) else {}), entry)
        step = c.get("step", _text(), required=True)
        if not step:
            raise InterchangeError(f"{c.where}: the step is blank; say what would unblock access.")
        rows.append(Action(blockage_id=c.ref("blockage", blockage_ids, "a blockage id"), step=step,
                           level=c.get("level", _choice(LEVEL, False), "local"),
                           owner_body=c.get("owner_body", _text(500), ""),
                           owner_person=c.get("owner_person", _text(500), ""),
                           status=c.get("status", _choice(ACTION_STATUS, False), "proposed"),
                           due=c.get("due", _date)))
    kinds = {"stage": stage_ids, "item": item_ids, "data_item": item_ids, "agency": agency_ids,
             "locality": locality_ids}
    places: set[tuple] = set()
    for n, entry in enumerate(_section(document, "positions")):
        c = _Checker(f"positions entry {n + 1}", entry)
        view = 0 if entry.get("view") is None else c.ref("view", stage_ids, "a stage")
        kind = entry.get("node")
        if not isinstance(kind, str) or kind not in kinds:
            raise InterchangeError(f"{c.where}: “node” should be one of stage, item, agency or locality.")
        kind = "item" if kind == "data_item" else kind
        place = (view, kind, c.ref("name", kinds[kind], f"a {kind}"))
        if place in places:
            raise InterchangeError(f"{c.where}: that node's position is given twice.")
        places.add(place)
        rows.append(Position(view=place[0], node_kind=kind, node_id=place[2], x=c.get("x", _number, required=True),
                             y=c.get("y", _number, required=True)))
    return rows


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a map can hold")


def read_json(source: str | os.PathLike[str]) -> Any:
    """The JSON in a file, or one line saying why not: bounded in size, in nesting (Python's own limit) and in the
    digits of a number (Python's own limit, 4,300), refusing NaN and Infinity."""
    path = Path(source)
    try:
        if path.stat().st_size > LARGEST_FILE:
            raise InterchangeError(f"{path.name} is {path.stat().st_size / 2**20:,.0f} MB: larger than any map "
                                   f"(the largest a map file imports is {LARGEST_FILE // 2**20} MB).")
        with path.open(encoding="utf-8") as f:
            return json.load(f, parse_constant=_no_constant)
    except FileNotFoundError:
        raise InterchangeError(f"There is no file at {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        where = f" (line {e.lineno}, column {e.colno})" if isinstance(e, json.JSONDecodeError) else ""
        raise InterchangeError(f"{path.name} is not a readable JSON file{where}: {getattr(e, 'msg', e)}.") from None
    except RecursionError:
        raise InterchangeError(f"{path.name} is nested too deeply to be a map file.") from None
    except ValueError as e:  # a number of thousands of digits, NaN or Infinity
        raise InterchangeError(f"{path.name} is not a map file: {str(e).split(';')[0]}.") from None
    except OSError as e:
        raise InterchangeError(f"{path.name} cannot be read: {e.strerror}.") from None


def import_map(document: Any, target: str | os.PathLike[str]) -> MapStore:
    """A new map file at `target` holding the document; nothing is written unless all of it is valid."""
    rows = parse_map(document)
    store = MapStore.create(target, defaults=False)
    try:
        with store.write() as session:
            session.query(MapInfo).delete()
            session.flush()
            for row in rows:  # parents first: each kind only refers to kinds already added
                session.add(row)
                session.flush()
    except BaseException:
        store.close()
        Path(store.path).unlink(missing_ok=True)
        raise
    return store


