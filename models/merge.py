"""Bringing several maps into one new map: matched by name (as every name is compared), near-duplicate names
reported for review (never merged), conflicting values listed (for access, the answer said latest is kept; for
anything else, or when no answer says when, the first map's), and the result written to a new file only, all
or nothing. A blockage in a locality whose latest answer is "accessible" is dropped (and said), so the merged
map holds no contradiction that `check` would flag.

The inputs are read through MapStore.open(read_only=True) + build_graph and turned into interchange
documents; the merged document goes through models.interchange.import_map, which checks it whole and
writes a new file or nothing.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import InvalidInput, MapFileError
from models.cleaning import name_key
from models.graph import build_graph
from models.interchange import export_map, import_map
from models.sentences import plural
from models.store import EXTENSION, MapStore

NEAR = 0.85  # difflib ratio from which two different names are reported as possibly the same thing
# How each section of a map is counted in words: “1 stage”, “280 access records”.
_COUNTED = {"stages": "stage", "localities": "locality", "data_items": "data item", "access": "access record",
            "blockages": "blockage", "actions": "action"}
_KINDS = (("stages", "stage"), ("agencies", "agency"), ("localities", "locality"), ("data_items", "data item"))


@dataclass
class MergeReport:
    """What a merge did and what a person should look at."""

    output: Path
    inputs: list[Path]
    counts: dict[str, int] = field(default_factory=dict)  # section → entries in the merged map
    conflicts: list[str] = field(default_factory=list)  # values that differed; the first map's was kept
    near_duplicates: list[str] = field(default_factory=list)  # names that may be the same thing; not merged

    def lines(self) -> list[str]:
        out = [f"Merged {len(self.inputs)} maps into {self.output.name}: "
               + ", ".join(plural(n, _COUNTED.get(k, k.replace("_", " "))) for k, n in self.counts.items())]
        out += [f"conflict: {c}" for c in self.conflicts]
        out += [f"review: {d}" for d in self.near_duplicates]
        return out


def _key(text: Any) -> str:
    return name_key(str(text or ""))


def _said(entry: dict) -> str:
    who = f" by {entry['said_by']}" if entry.get("said_by") else ""
    return f"said {entry['said_on']}{who}" if entry.get("said_on") else f"not dated{who}"


def _read(path: Path) -> dict[str, Any]:
    store = MapStore.open(path, read_only=True)
    try:
        return export_map(build_graph(store))
    finally:
        store.close()


class _Merger:
    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.report_conflicts: list[str] = []

    def fold_access(self, merged: dict[tuple, tuple[dict, int]], key: tuple, entry: dict, source: int) -> None:
        """Two answers for one data item in one locality: a known status replaces "unknown"; two known statuses
        that differ keep the one said latest (an undated answer is the oldest; two undated, the first map's)."""
        if key not in merged:
            merged[key] = (dict(entry), source)
            return
        kept, kept_from = merged[key]
        if entry["status"] == "unknown" or entry["status"] == kept["status"]:
            if entry["status"] == kept["status"] and (entry.get("said_on") or "") > (kept.get("said_on") or ""):
                merged[key] = (dict(entry), source)  # the same answer: who said it last
            return
        if kept["status"] == "unknown":
            merged[key] = (dict(entry), source)
            return
        later = (entry.get("said_on") or "") > (kept.get("said_on") or "")
        (won, won_from), (lost, lost_from) = ((entry, source), (kept, kept_from)) if later else \
            ((kept, kept_from), (entry, source))
        merged[key] = (dict(won), won_from)
        why = "the later answer" if later or (kept.get("said_on") or "") > (entry.get("said_on") or "") else \
            "neither says a later date, so the first map's"
        self.report_conflicts.append(
            f"access to “{entry['data_item']}” in {entry['locality']}: “{won['status']}” in {self.labels[won_from]} "
            f"({_said(won)}) but “{lost['status']}” in {self.labels[lost_from]} ({_said(lost)}); kept "
            f"“{won['status']}”, {why}.")

    def conflict(self, what: str, field_name: str, kept: Any, kept_from: int, other: Any, other_from: int) -> None:
        self.report_conflicts.append(
            f"{what}: {field_name} is “{kept}” in {self.labels[kept_from]} but “{other}” in "
            f"{self.labels[other_from]}; kept “{kept}”.")

    def fold(self, merged: dict[tuple, tuple[dict, int]], key: tuple, entry: dict, source: int, what: str,
             ignore: tuple[str, ...] = ()) -> None:
        """Add an entry or reconcile it with the one already there: blank takes a value, a different
        value is a conflict (listed; the earlier map's value is kept)."""
        if key not in merged:
            merged[key] = (dict(entry), source)
            return
        kept, kept_from = merged[key]
        for name, value in entry.items():
            if name in ignore or value in (None, "") or _key(value) == _key(kept.get(name)):
                continue
            if kept.get(name) in (None, ""):
                kept[name] = value
            elif name == "status" and kept[name] == "unknown":
                kept.update(entry)  # a known status, with who said so, replaces "unknown"
                return
            elif not (name == "status" and value == "unknown"):
                self.conflict(what, name.replace("_", " "), kept[name], kept_from, value, source)


def _near_duplicates(documents: list[dict[str, Any]], labels: list[str]) -> list[str]:
    """Names of one kind that differ but look alike, unless every map holding one holds both."""
    found = []
    for section, what in _KINDS:
        where: dict[str, set[int]] = {}
        shown: dict[str, str] = {}
        for n, document in enumerate(documents):
            for entry in document[section]:
                where.setdefault(_key(entry["name"]), set()).add(n)
                shown.setdefault(_key(entry["name"]), entry["name"])
        names = sorted(where)
        for i, a in enumerate(names):
            matcher = difflib.SequenceMatcher(None, b=a)  # seq2 is the one it indexes once
            for b in names[i + 1:]:
                if where[a] == where[b]:
                    continue  # every map that has one has the other: they are meant to be different
                matcher.set_seq1(b)
                if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
                    first = labels[min(where[a] - where[b] or where[a])]
                    second = labels[min(where[b] - where[a] or where[b])]
                    found.append(f"{what} “{shown[a]}” ({first}) and “{shown[b]}” ({second}) look alike; they were "
                                 "kept apart — rename one in its map and merge again if they are the same.")
    return found


def merge_documents(documents: list[dict[str, Any]], labels: list[str]) -> tuple[dict[str, Any], _Merger]:
    """One interchange document from several; names matched case-insensitively."""
    merger = _Merger(labels)
    sections: dict[str, dict[tuple, tuple[dict, int]]] = {s: {} for s in (
        "stages", "agencies", "localities", "data_items", "needs", "access", "blockages", "actions", "positions")}
    for n, document in enumerate(documents):
        for entry in document["stages"]:
            merger.fold(sections["stages"], (_key(entry["name"]),), entry, n, f"stage “{entry['name']}”")
        for entry in document["agencies"]:
            merger.fold(sections["agencies"], (_key(entry["name"]),), entry, n, f"agency “{entry['name']}”")
        for entry in document["localities"]:
            merger.fold(sections["localities"], (_key(entry["name"]),), entry, n, f"locality “{entry['name']}”")
        for entry in document["data_items"]:
            merger.fold(sections["data_items"], (_key(entry["name"]),), entry, n, f"data item “{entry['name']}”")
        for entry in document["needs"]:
            merger.fold(sections["needs"], (_key(entry["stage"]), _key(entry["data_item"])), entry, n,
                        f"need of “{entry['data_item']}” at “{entry['stage']}”")
        for entry in document["access"]:
            merger.fold_access(sections["access"], (_key(entry["data_item"]), _key(entry["locality"])), entry, n)
        number: dict[int, tuple] = {}
        for entry in document["blockages"]:
            key = (_key(entry["data_item"]), _key(entry["locality"]), entry["category"], _key(entry["reason"]))
            number[entry["id"]] = key
            merger.fold(sections["blockages"], key, entry, n, f"blockage of “{entry['data_item']}”", ignore=("id",))
        for entry in document["actions"]:
            key = (number[entry["blockage"]], _key(entry["step"]))
            merger.fold(sections["actions"], key, entry | {"blockage": key[0]}, n, f"action “{entry['step'][:60]}”",
                        ignore=("blockage",))
        for entry in document["positions"]:
            key = (_key(entry["view"]), entry["node"], _key(entry["name"]))
            sections["positions"].setdefault(key, (entry, n))  # where a node sits: the first map's layout

    first = documents[0]["map"]
    info = dict(first)
    for n, document in enumerate(documents[1:], 1):
        for name in ("title", "area", "programme"):
            if document["map"].get(name) and _key(document["map"][name]) != _key(info.get(name)):
                if info.get(name):
                    merger.conflict("the map", name, info[name], 0, document["map"][name], n)
                else:
                    info[name] = document["map"][name]
    _drop_answered_blockages(sections, merger)
    blockage_ids = {key: n for n, key in enumerate(sections["blockages"], 1)}
    merged = {
        "format_version": documents[0]["format_version"],
        "map": info,
        **{s: [e for e, _ in sections[s].values()] for s in ("stages", "agencies", "localities", "data_items",
                                                              "needs", "access", "positions")},
        "blockages": [e | {"id": blockage_ids[k]} for k, (e, _) in sections["blockages"].items()],
        "actions": [e | {"blockage": blockage_ids[e["blockage"]]} for e, _ in sections["actions"].values()],
    }
    return merged, merger


def _drop_answered_blockages(sections: dict[str, dict[tuple, tuple[dict, int]]], merger: _Merger) -> None:
    """A blockage in a locality whose kept answer is "accessible" came from a map whose answer lost: it goes,
    with its actions, and the report says so."""
    accessible = {key for key, (entry, _) in sections["access"].items() if entry["status"] == "accessible"}
    for key, (entry, source) in list(sections["blockages"].items()):
        if entry["locality"] is not None and key[:2] in accessible:
            del sections["blockages"][key]
            for action_key in [k for k in sections["actions"] if k[0] == key]:
                del sections["actions"][action_key]
            merger.report_conflicts.append(
                f"the blockage of “{entry['data_item']}” in {entry['locality']} (“{entry['reason'][:60]}”) from "
                f"{merger.labels[source]} was left out, with its actions: the answer kept says it is accessible.")


def merge_maps(output: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]]) -> MergeReport:
    """Merge `inputs` (two or more maps) into the new map `output`; the inputs are only read.
    Refuses an existing output; writes nothing unless the whole merge succeeds."""
    out = Path(output).absolute()
    paths = [Path(p).absolute() for p in inputs]
    if len(paths) < 2:
        raise InvalidInput("Give at least two maps to merge.")
    if out.suffix.lower() != EXTENSION:
        raise InvalidInput(f"The merged map's name should end in {EXTENSION}, e.g. merged{EXTENSION}.")
    if out.exists():
        raise MapFileError(f"There is already a file at {out}; merging never overwrites a map — choose a new name.")
    seen: set[Path] = set()
    for path in paths:
        if path.resolve() in seen:
            raise InvalidInput(f"{path.name} is given twice; give each map once.")
        seen.add(path.resolve())
    documents = [_read(p) for p in paths]
    labels = [p.name for p in paths]
    merged, merger = merge_documents(documents, labels)
    store = import_map(merged, out)
    store.close()
    report = MergeReport(out, paths, conflicts=merger.report_conflicts,
                         near_duplicates=_near_duplicates(documents, labels))
    report.counts = {s: len(merged[s]) for s in ("stages", "localities", "data_items", "access", "blockages",
                                                  "actions")}
    return report
