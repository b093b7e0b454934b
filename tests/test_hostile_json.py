"""Malformed and hostile interchange files: each gets one line naming what is wrong (never a traceback), and
nothing is created."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from models.graph import build_graph
from models.interchange import export_map, import_map, read_json
from sample_maps import sample_path

SAMPLE = read_json(sample_path("greater-manchester"))


def _spoilt(spoil) -> str:
    document = copy.deepcopy(SAMPLE)
    spoil(document)
    return json.dumps(document)


# Whole files as text: what a damaged download, another program or a hostile sender might give.
RAW = {
    "empty file": "",
    "only spaces": "   \n ",
    "not JSON": "Bolton, Bury, Manchester",
    "cut short": json.dumps(SAMPLE)[:5000],
    "a list at the top": "[1, 2, 3]",
    "a string at the top": '"format_version"',
    "a number at the top": "1",
    "null at the top": "null",
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "objects nested 100,000 deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "a number of 5,000 digits": '{"format_version": ' + "9" * 5000 + "}",
    "NaN": '{"format_version": 1, "positions": [{"node": "stage", "name": "x", "x": NaN, "y": 0}]}',
    "Infinity": '{"format_version": 1, "positions": [{"node": "stage", "name": "x", "x": Infinity, "y": 0}]}',
    "a number too large to be finite": '{"format_version": 1, "stages": [{"name": "S"}], '
                                       '"positions": [{"node": "stage", "name": "S", "x": 1e999, "y": 0}]}',
    "a lone surrogate": '{"format_version": 1, "stages": [{"name": "\\ud800"}]}',
    "bytes that are not UTF-8": b"\xff\xfe{\x00}".decode("latin-1"),
    "a trailing comma": '{"format_version": 1,}',
    "single quotes": "{'format_version': 1}",
}

# Whole documents spoilt one way each, from the sample.
SPOILT = {
    "format version 0": lambda d: d.update(format_version=0),
    "format version -7": lambda d: d.update(format_version=-7),
    "format version true": lambda d: d.update(format_version=True),
    "format version text": lambda d: d.update(format_version="1"),
    "format version 1.0": lambda d: d.update(format_version=1.0),
    "format version null": lambda d: d.update(format_version=None),
    "format version a list": lambda d: d.update(format_version=[1]),
    "no format version": lambda d: d.pop("format_version"),
    "an unknown section": lambda d: d.update(extras=[]),
    "stages not a list": lambda d: d.update(stages="Identification"),
    "a stage that is text": lambda d: d["stages"].__setitem__(0, "Identification"),
    "a stage with no name": lambda d: d["stages"][0].pop("name"),
    "a stage named by a list": lambda d: d["stages"][0].update(name=["Identification"]),
    "a stage named by a number": lambda d: d["stages"][0].update(name=7),
    "a stage named by a group of fields": lambda d: d["stages"][0].update(name={"a": 1}),
    "a blank stage name": lambda d: d["stages"][0].update(name="   "),
    "a stage name of 40,000 characters": lambda d: d["stages"][0].update(name="x" * 40_000),
    "two stages alike once folded": lambda d: d["stages"].append({"name": d["stages"][0]["name"].upper()}),
    "a stage aim that is a list": lambda d: d["stages"][0].update(aim=["x"]),
    "a data item held by nobody named": lambda d: d["data_items"][0].update(holder="Nobody Ltd"),
    "a data item held by a list": lambda d: d["data_items"][0].update(holder=["HMRC"]),
    "personal is 7": lambda d: d["data_items"][0].update(personal=7),
    "personal is a word": lambda d: d["data_items"][0].update(personal="perhaps"),
    "months in arrears negative": lambda d: d["data_items"][0].update(months_in_arrears=-1),
    "months in arrears text": lambda d: d["data_items"][0].update(months_in_arrears="nine"),
    "months in arrears huge": lambda d: d["data_items"][0].update(months_in_arrears=10**30),
    "a granularity not in the list": lambda d: d["data_items"][0].update(granularity="street"),
    "a description that is true": lambda d: d["data_items"][0].update(description=True),
    "a need naming no stage": lambda d: d["needs"][0].update(stage="Nowhere"),
    "a need naming no data item": lambda d: d["needs"][0].update(data_item="Nothing"),
    "a need given twice": lambda d: d["needs"].append(dict(d["needs"][0])),
    "a need priority not in the list": lambda d: d["needs"][0].update(priority="vital"),
    "an access status not in the list": lambda d: d["access"][0].update(status="bogus"),
    "an access with no status": lambda d: d["access"][0].pop("status"),
    "an access given twice": lambda d: d["access"].append(dict(d["access"][0])),
    "said on written 12/05/2011": lambda d: d["access"][0].update(said_on="12/05/2011"),
    "said on 30 February": lambda d: d["access"][0].update(said_on="2011-02-30"),
    "said on yesterday": lambda d: d["access"][0].update(said_on="yesterday"),
    "said on a number": lambda d: d["access"][0].update(said_on=20110512),
    "a blockage id that is text": lambda d: d["blockages"][0].update(id="one"),
    "a blockage id used twice": lambda d: d["blockages"][1].update(id=d["blockages"][0]["id"]),
    "a blank blockage reason": lambda d: d["blockages"][0].update(reason=""),
    "a blockage category not in the list": lambda d: d["blockages"][0].update(category="xyz"),
    "an action for no blockage": lambda d: d["actions"][0].update(blockage=999),
    "an action with a blank step": lambda d: d["actions"][0].update(step=" "),
    "an action due 31/03/2012": lambda d: d["actions"][0].update(due="31/03/2012"),
    "an action level not in the list": lambda d: d["actions"][0].update(level="planetary"),
    "a position node that is a list": lambda d: d.update(positions=[{"node": ["stage"], "name": "x", "x": 0, "y": 0}]),
    "a position node not known": lambda d: d.update(positions=[{"node": "galaxy", "name": "x", "x": 0, "y": 0}]),
    "a position x that is text": lambda d: d.update(positions=[
        {"node": "stage", "name": d["stages"][0]["name"], "x": "abc", "y": 0}]),
    "a position x that is true": lambda d: d.update(positions=[
        {"node": "stage", "name": d["stages"][0]["name"], "x": True, "y": 0}]),
}

CASES = {**{f"file: {k}": v for k, v in RAW.items()}, **{f"map: {k}": _spoilt(v) for k, v in SPOILT.items()}}


def test_the_corpus_is_large_enough():
    assert len(RAW) >= 15 and len(CASES) >= 50


@pytest.mark.parametrize("case", list(CASES))
def test_a_malformed_file_gets_one_line_and_nothing_is_made(case, tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(CASES[case], encoding="utf-8", errors="surrogatepass")
    target = tmp_path / "out.needmap"
    assert main(["import", str(source), str(target)]) == 1  # an exception escaping here is a traceback
    said = capsys.readouterr()
    lines = said.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("circle-of-need: "), said.err
    assert "Traceback" not in said.err and said.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_format_version_messages_are_plain(tmp_path):
    from models.interchange import InterchangeError, parse_map

    for version, words in ((1.0, "format 1.0, which is not supported"), ("1", 'format "1", which is not supported'),
                           (0, "format 0, which is not supported"), (True, "format true, which is not supported")):
        with pytest.raises(InterchangeError, match=words):
            parse_map({"format_version": version})


hostile = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60) | st.sampled_from([
    "=HYPERLINK(\"http://x\")", "+SUM(A1)", "-1+1", "@cmd", "\x00\x07\x1b", "\ufffe\uffff", "‮evil", "x" * 5000,
    "École", "Cafe\u0301", "\u200b", "𝔊𝔐"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stage=hostile, item=hostile, reason=hostile, title=hostile, purpose=hostile)
def test_hostile_strings_import_and_export_the_same_or_are_refused_in_one_line(tmp_path_factory, stage, item,
                                                                               reason, title, purpose):
    document = {"format_version": 1, "map": {"title": title}, "stages": [{"name": stage}],
                "data_items": [{"name": item}], "localities": [{"name": "Bolton"}],
                "needs": [{"stage": stage, "data_item": item, "purpose": purpose}],
                "blockages": [{"id": 1, "data_item": item, "locality": "Bolton", "category": "legal",
                               "reason": reason}]}
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "in.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    code = main(["import", str(source), str(folder / "m.needmap")])
    if code:
        assert not (folder / "m.needmap").exists()
        return
    from models.store import MapStore

    store = MapStore.open(folder / "m.needmap", read_only=True)
    first = export_map(build_graph(store))
    store.close()
    again = import_map(first, folder / "again.needmap")
    assert export_map(build_graph(again)) == first  # what was kept is kept exactly, whatever it holds
    again.close()
