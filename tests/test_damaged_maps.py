"""Map files damaged or written by something else: `check` names each problem in one line and says the file is
damaged; the commands that read it say one line (never a traceback); nothing is created or changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main

# name → (SQL run on a copy of the sample with foreign keys off, words `check` must say)
DAMAGE = {
    "an access status not in the list": ("UPDATE access SET status = 'bogus' WHERE rowid = 1",
                                          "access record status should hold one of accessible"),
    "a blockage category not in the list": ("UPDATE blockage SET category = 'xyz' WHERE id = 1",
                                            "blockage category should hold one of"),
    "a yes/no that is 7": ("UPDATE data_item SET personal = 7 WHERE id = 1", "personal should hold yes or no"),
    "text in a whole-number column": ("UPDATE stage SET position = 'first' WHERE id = 1",
                                      "stage position should hold a whole number"),
    "months that are text": ("UPDATE data_item SET months_in_arrears = 'nine' WHERE id = 1",
                             "months in arrears should hold a whole number of months"),
    "a position that is not a number": ("INSERT INTO position VALUES (1, 'item', 1, 'abc', 0)",
                                        "position x should hold a finite number"),
    "a position that is not finite": ("INSERT INTO position VALUES (1, 'item', 2, 9e999, 0)",
                                      "position x should hold a finite number"),
    "no map details": ("DELETE FROM map_info", "the map's details should be one row; there are 0"),
    "two map details": ("INSERT INTO map_info (id, title, area, programme, notes) VALUES (2, 'x', '', '', '')",
                        "the map's details should be one row; there are 2"),
    "a data item with a blank name": ("UPDATE data_item SET name = '   ' WHERE id = 1",
                                      "data item name should hold a name"),
    "two names alike once folded": ("UPDATE data_item SET name = 'École records' WHERE id = 1; "
                                    "UPDATE data_item SET name = 'éCOLE RECORDS' WHERE id = 2",
                                    "two data item names are the same name: “École records” and “éCOLE RECORDS”"),
    "a date that is not a day": ("UPDATE access SET said_on = '2011-02-30' WHERE rowid = 1",
                                 "said on should hold a date"),
    "a date in words": ("UPDATE action SET due = 'yesterday' WHERE id = 1", "due should hold a date"),
    "access to a missing data item": ("UPDATE access SET item_id = 9999 WHERE rowid = 1",
                                      "an access record (row 1) refers to a missing data item"),
    "a data item held by a missing agency": ("UPDATE data_item SET holder_id = 9999 WHERE id = 1",
                                             "refers to a missing agency"),
    "an action for a missing blockage": ("UPDATE action SET blockage_id = 9999 WHERE id = 1",
                                         "an action (row 1) refers to a missing blockage"),
    "a table replaced by a view": ("DROP TABLE locality; CREATE VIEW locality AS SELECT 1 AS id, 'x' AS name",
                                   "it lacks part of a map (locality)"),
}


def _damaged(sample_store, tmp_path: Path, sql: str) -> Path:
    sample_store.close()
    path = tmp_path / "damaged.needmap"
    path.write_bytes(sample_store.path.read_bytes())
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")  # as a program other than ours may write
    conn.executescript(sql)
    conn.close()
    return path


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_names_the_damage_and_reading_commands_say_one_line(damage, sample_store, tmp_path, capsys):
    sql, words = DAMAGE[damage]
    path = _damaged(sample_store, tmp_path, sql)
    before = path.read_bytes()
    assert main(["check", str(path)]) == 1
    said = capsys.readouterr()
    assert words in said.err
    assert "is damaged" in said.err and "sound" not in said.out
    for command in (["summary", str(path)], ["export", str(path), "-o", str(tmp_path / "out.json")],
                    ["report", str(path), "-o", str(tmp_path / "out.xlsx")]):
        code = main(command)  # an exception escaping here is the traceback a user used to see
        said = capsys.readouterr()
        if code:
            assert len(said.err.strip().splitlines()) == 1, said.err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("damaged")) == ["damaged.needmap"]


def test_a_map_in_write_ahead_log_mode_is_refused_and_nothing_is_made_beside_it(sample_store, tmp_path, capsys):
    path = _damaged(sample_store, tmp_path, "PRAGMA journal_mode = WAL")
    before = path.read_bytes()
    for command in (["check", str(path)], ["summary", str(path)]):
        assert main(command) == 1
        assert "write-ahead log" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("damaged")) == ["damaged.needmap"]


# ---- the generated corpus: every rule the services apply, broken once each, and damage to the file itself ----

from models.soundness import RULES  # noqa: E402

_BAD_VALUE = {"text": "X'00'", "name": "'   '", "integer": "'first'", "months": "999", "yes/no": "7",
              "number": "'abc'", "date": "'2011-02-30'"}
_EMPTY_TABLES = {"position": "INSERT INTO position VALUES (1, 'item', 1, 0, 0)",
                 "snapshot": "INSERT INTO snapshot (name, taken_at, content) VALUES ('PLG', '2011-11-14', '{}')"}


def _breaking(table: str, column: str, rule) -> str:
    value = "'bogus'" if not isinstance(rule, str) else _BAD_VALUE[rule.rstrip("?")]
    rowid = "(SELECT min(rowid) FROM {t})".format(t=table)
    return f"{_EMPTY_TABLES.get(table, '')}; UPDATE {table} SET {column} = {value} WHERE rowid = {rowid}"


RULE_CASES = {f"{table}.{column}": _breaking(table, column, rule) for table, column, rule in RULES}


def _page_zeroed(data: bytearray) -> None:
    data[8192:12288] = bytes(4096)


def _truncated(keep: int):
    def cut(data: bytearray) -> None:
        del data[keep:]
    return cut


def _header(offset: int, value: bytes):
    def set_(data: bytearray) -> None:
        data[offset:offset + len(value)] = value
    return set_


FILE_CASES = {
    "cut to its header": _truncated(100),
    "cut to one page": _truncated(4096),
    "cut in the middle": _truncated(20_000),
    "last page missing": lambda d: _truncated(len(d) - 4096)(d),
    "a page of zeros": _page_zeroed,
    "a page of noise": lambda d: d.__setitem__(slice(4096, 8192), b"\xde\xad\xbe\xef" * 1024),
    "no application id": _header(68, bytes(4)),
    "no map version": _header(60, bytes(4)),
    "a version from the future": _header(60, (99).to_bytes(4, "big")),
    "a page size that is not a power of two": _header(16, (3000).to_bytes(2, "big")),
    "a write-ahead-log header": _header(18, b"\x02\x02"),
    "a header that is not SQLite's": _header(0, b"SQLite format 4\x00"),
}


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_every_rule_broken_is_refused_on_opening_and_named_by_check(case, sample_store, tmp_path, capsys):
    path = _damaged(sample_store, tmp_path, RULE_CASES[case])
    before = path.read_bytes()
    assert main(["summary", str(path)]) == 1
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "holds what Circle of Need never writes" in said[0], said
    assert main(["check", str(path)]) == 1
    table, column = case.split(".")
    assert f" {column.replace('_', ' ')} should hold" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("damaged")) == ["damaged.needmap"]


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_damage_to_the_file_itself_gets_one_line_and_changes_nothing(case, sample_store, tmp_path, capsys):
    sample_store.close()
    data = bytearray(sample_store.path.read_bytes())
    FILE_CASES[case](data)
    path = tmp_path / "damaged.needmap"
    path.write_bytes(bytes(data))
    for command in (["check", str(path)], ["summary", str(path)],
                    ["export", str(path), "-o", str(tmp_path / "o.json")]):
        assert main(command) == 1
        said = capsys.readouterr()
        assert len(said.err.strip().splitlines()) == 1 and said.err.startswith("circle-of-need: "), said.err
    assert path.read_bytes() == bytes(data)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("damaged")) == ["damaged.needmap"]


def test_the_corpus_of_damaged_maps_is_large_enough():
    assert len(DAMAGE) + len(RULE_CASES) + len(FILE_CASES) + 1 >= 60
