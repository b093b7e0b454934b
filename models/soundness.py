"""Is what a map file holds what Circle of Need writes? Every value against the rules the services apply when a user
types it: the file's tables, references between rows, vocabularies, kinds of value (whole numbers, finite numbers,
real dates, yes/no), names present, one map details row. Asked in SQL, so it costs a few milliseconds on opening
even a national map; anything found means the file was damaged or changed by another program, and is said in
one line per rule broken. Names alike once folded are found by `check` only (they harm nothing read)."""

from __future__ import annotations

import sqlite3

from models.cleaning import name_key
from models.vocabulary import (
    ACCESS,
    ACTION_STATUS,
    AGREEMENT_TIER,
    CATEGORY,
    GRANULARITY,
    LEVEL,
    NATURE,
    PRIORITY,
    VOLUME,
    Choices,
)

# What a map's tables hold: (table, what users call a row, whether its rows have names).
TABLES = (("map_info", "the map's details", False), ("stage", "stage", True), ("agency", "agency", True),
          ("locality", "locality", True), ("data_item", "data item", True), ("need", "need", False),
          ("access", "access record", False), ("blockage", "blockage", False), ("action", "action", False),
          ("position", "position", False), ("snapshot", "snapshot", True))
_LABEL = {table: what for table, what, _ in TABLES}

# What each kind of value must be, as an SQL condition that is true for a value breaking it; and in words.
_KINDS = {
    "text": ("typeof({c}) != 'text'", "text"),
    "name": ("typeof({c}) != 'text' OR trim({c}) = ''", "a name"),
    "integer": ("typeof({c}) != 'integer'", "a whole number"),
    "months": ("typeof({c}) != 'integer' OR {c} NOT BETWEEN 0 AND 240", "a whole number of months from 0 to 240"),
    "yes/no": ("typeof({c}) != 'integer' OR {c} NOT IN (0, 1)", "yes or no"),
    "number": ("typeof({c}) NOT IN ('integer', 'real') OR abs({c}) > 1.7976931348623157e308", "a finite number"),
    # A real day: SQLite's date() takes 30 February as it is; a modifier, even +0 days, makes it 2 March.
    "date": ("typeof({c}) != 'text' OR date({c}, '+0 days') IS NOT {c}", "a date (YYYY-MM-DD)"),
}
# (table, column, rule): a kind of value or a vocabulary; "?" after a kind, or True beside a vocabulary: or nothing.
RULES: tuple[tuple[str, str, str | tuple[Choices, bool]], ...] = (
    ("stage", "name", "name"), ("stage", "aim", "text"), ("stage", "position", "integer"),
    ("agency", "name", "name"), ("agency", "short_name", "text"), ("agency", "sector", "text"),
    ("agency", "contact", "text"), ("locality", "name", "name"),
    ("data_item", "name", "name"), ("data_item", "description", "text"), ("data_item", "personal", "yes/no?"),
    ("data_item", "nature", (NATURE, True)), ("data_item", "volume", (VOLUME, True)),
    ("data_item", "identifier", "text"), ("data_item", "granularity", (GRANULARITY, True)),
    ("data_item", "months_in_arrears", "months?"), ("data_item", "update_frequency", "text"),
    ("data_item", "pseudonymised_ok", "yes/no?"), ("data_item", "legal_basis", "text"),
    ("data_item", "consent_needed", "yes/no?"), ("data_item", "agreement_tier", (AGREEMENT_TIER, True)),
    ("data_item", "agreement_reference", "text"),
    ("need", "purpose", "text"), ("need", "priority", (PRIORITY, False)), ("need", "place", "integer"),
    ("access", "status", (ACCESS, False)), ("access", "said_by", "text"), ("access", "said_on", "date?"),
    ("blockage", "category", (CATEGORY, False)), ("blockage", "reason", "text"), ("blockage", "evidence", "text"),
    ("action", "step", "text"), ("action", "level", (LEVEL, False)), ("action", "owner_body", "text"),
    ("action", "owner_person", "text"), ("action", "status", (ACTION_STATUS, False)), ("action", "due", "date?"),
    ("position", "x", "number"), ("position", "y", "number"), ("snapshot", "name", "name"),
    ("map_info", "title", "text"), ("map_info", "area", "text"), ("map_info", "programme", "text"),
    ("map_info", "notes", "text"),
)
_SHOWN = 3  # rows named for each rule broken; the rest are counted


def problems(conn: sqlite3.Connection) -> list[str]:
    """Everything in the map's tables that Circle of Need never writes, a line each (none: the map is sound)."""
    found = wrong_tables(conn)
    if found:
        return found  # nothing further can be asked of the tables
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        found.append(f"{_a(_LABEL.get(table, table))} (row {rowid}) refers to a missing {_LABEL.get(parent, parent)}")
    count, first = conn.execute("SELECT count(*), min(id) FROM map_info").fetchone()
    if (count, first) != (1, 1):
        found.append(f"the map's details should be one row; there are {count}" if count != 1 else
                     f"the map's details should be row 1, not row {first}")
    for table, column, rule in RULES:
        found += _broken(conn, table, column, rule)
    return found


def wrong_tables(conn: sqlite3.Connection) -> list[str]:
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    return [f"the {what} table is missing" if table not in kinds else
            f"the {what} table has been replaced by a {kinds[table]}"
            for table, what, _ in TABLES if kinds.get(table) != "table"]


def _broken(conn: sqlite3.Connection, table: str, column: str, rule: str | tuple[Choices, bool]) -> list[str]:
    """Rows whose `column` breaks `rule`, said in one line naming a few."""
    if isinstance(rule, str):
        optional, (condition, meant) = rule.endswith("?"), _KINDS[rule.rstrip("?")]
        condition = condition.format(c=column)
        args: tuple = ()
    else:
        choices, optional = rule
        condition = f"{column} NOT IN ({', '.join('?' * len(choices.values))})"
        args, meant = choices.values, f"one of {', '.join(choices.values)}"
    where = f"{column} IS NOT NULL AND ({condition})" if optional else f"{column} IS NULL OR ({condition})"
    count, = conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()
    if not count:
        return []
    shown = conn.execute(f"SELECT rowid, {column} FROM {table} WHERE {where} LIMIT {_SHOWN}", args).fetchall()
    listed = "; ".join(f"row {rowid}: {_shown(value)}" for rowid, value in shown)
    more = f"; and {count - _SHOWN} more" if count > _SHOWN else ""
    rows = "a row" if count == 1 else f"{count} rows"
    return [f"{rows} of {_LABEL[table]} {column.replace('_', ' ')} should hold {meant}"
            + ("" if optional else " (never nothing)") + f" ({listed}{more})"]


def name_twins(conn: sqlite3.Connection) -> list[str]:
    """Names the services would refuse as the same name: equal once folded as users' names are compared."""
    twins = []
    for table, what, named in TABLES:
        if not named:
            continue
        seen: dict[str, str] = {}
        for (name,) in conn.execute(f"SELECT name FROM {table} WHERE typeof(name) = 'text'"):
            key = name_key(name)
            if key in seen:
                twins.append(f"two {what} names are the same name: “{seen[key]}” and “{name}”")
            else:
                seen[key] = name
    return twins


def _a(what: str) -> str:
    return f"{'an' if what[0] in 'aeiou' else 'a'} {what}"


def _shown(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"“{value[:40]}{'…' if len(value) > 40 else ''}”"
    return repr(value)
