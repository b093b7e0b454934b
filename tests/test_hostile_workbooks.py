"""Hostile and damaged borough workbooks given to `fill`: never a traceback, and a workbook refused leaves the map
byte for byte as it was; one accepted never makes a formula or an unreadable cell of what it holds."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from exports.borough_template import ABOUT, HEADERS, WRITTEN, write_template
from models.graph import build_graph

COL = {h: n for n, h in enumerate(HEADERS, 1)}
BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
                            for n in range(1, 10))
                  + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
                    '<si><t>&lol9;</t></si></sst>')
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>')


def _edit(change):
    def make(template: Path, out: Path) -> None:
        wb = openpyxl.load_workbook(template)
        change(wb)
        wb.save(out)
    return make


def _cell(header: str, value: object, row: int = 2):
    return _edit(lambda wb: wb["Wigan"].cell(row, COL[header]).__setattr__("value", value))


def _unblocked(values: dict[str, object]):
    """Fill `values` into the first row whose data item has no reason recorded yet."""
    def change(wb):
        ws = wb["Wigan"]
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if not r[COL["Reason it is blocked"] - 1].value)
        for header, value in values.items():
            ws.cell(row, COL[header]).value = value
    return _edit(change)


def _about(key: str, value: object):
    def change(wb):
        for row in wb[ABOUT].iter_rows():
            if row[0].value == key:
                row[1].value = value
    return _edit(change)


def _bytes(data: bytes):
    return lambda template, out: out.write_bytes(data)


def _package(change):
    """Rewrite the parts of the zip package: change(name, data) → data, or None to leave the part out."""
    def make(template: Path, out: Path) -> None:
        with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = change(info.filename, source.read(info))
                if data is not None:
                    target.writestr(info, data)
    return make


def _zip_bomb(template: Path, out: Path) -> None:
    _package(lambda n, d: d)(template, out)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/media/huge.bin", bytes(120 * 2**20))


def _shared_strings(xml: str):
    strings = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

    def change(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{strings}"/>'
                                             "</Types>".encode())
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats'
                                b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                b"</Relationships>")
        return data

    def make(template, out):
        _package(change)(template, out)
        with zipfile.ZipFile(out, "a") as target:
            target.writestr("xl/sharedStrings.xml", xml)
    return make


def _other_map(template: Path, out: Path) -> None:
    wb = openpyxl.load_workbook(template)
    for row in wb[ABOUT].iter_rows():
        if row[0].value in ("map title", "fingerprint"):
            row[1].value = "Somewhere else"
    wb.save(out)


# Refused: (make the workbook from Wigan's template, words the refusal must say)
REFUSED = {
    "an empty file": (_bytes(b""), "not an Excel workbook"),
    "a PNG renamed .xlsx": (_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200)), "not an Excel workbook"),
    "an old .xls (OLE) renamed": (_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "not an Excel workbook"),
    "a CSV renamed": (_bytes(b"Data item,Status\nLive birth notifications,Blocked\n"), "not an Excel workbook"),
    "a zip that is not a workbook": (lambda t, o: zipfile.ZipFile(o, "w").writestr("a.txt", "x"), "not an Excel"),
    "a zip cut short": (lambda t, o: o.write_bytes(t.read_bytes()[:3000]), "workbook"),
    "a zip bomb": (_zip_bomb, "unpacks to"),
    "a billion laughs": (_shared_strings(BILLION_LAUGHS), "XML entities"),
    "an external entity": (_shared_strings(EXTERNAL), "XML entities"),
    "no About sheet": (_edit(lambda wb: wb.remove(wb[ABOUT])), "no “About” sheet"),
    "the marker changed": (_about("marker", "Something else"), "not a Circle of Need borough input"),
    "format 99": (_about("format", 99), "format 99"),
    "format as words": (_about("format", "two"), "format"),
    "format 1 (before answers were kept)": (_about("format", 1), "earlier version"),
    "the locality changed": (_about("locality", "Bolton"), "was written for Wigan"),
    "a locality the map lacks": (_about("locality", "Atlantis"), "Atlantis"),
    "made from another map": (_other_map, "made from another map"),
    "the answers as written removed": (_edit(lambda wb: wb.remove(wb[WRITTEN])), "As written"),
    "the sheet renamed": (_edit(lambda wb: setattr(wb["Wigan"], "title", "Wiggin")), "lost its sheet"),
    "an extra sheet": (_edit(lambda wb: wb.create_sheet("Notes")), "sheets the template did not have"),
    "a header renamed": (_cell("Status", "State", row=1), "missing column “Status”"),
    "a column added": (_edit(lambda wb: wb["Wigan"].cell(1, 20).__setattr__("value", "Extra")), "unexpected column"),
    "a status not in the list": (_cell("Status", "Sort of"), "not an access status"),
    "a category not in the list": (_cell("Category", "Bad luck"), "not a blockage category"),
    "a level not in the list": (_cell("Level", "Planetary"), "not an action level"),
    "a data item renamed": (_cell("Data item", "Something new"), "no data item called"),
    "a data item twice": (_edit(lambda wb: wb["Wigan"].cell(3, 1).__setattr__("value", wb["Wigan"].cell(2, 1).value)),
                          "already on row 2"),
    "an action with no reason": (_unblocked({"Action that would unblock it": "do something"}), "no reason"),
    "a category with no reason": (_unblocked({"Category": "Legal"}), "no reason"),
    "a status that is a number": (_cell("Status", 42), "not an access status"),
    "a status that is a date": (_cell("Status", __import__("datetime").date(2011, 3, 1)), "not an access status"),
}

# Read, and nothing hostile kept: (make, check of the map after)
ACCEPTED = {
    "a reason that looks like a formula": '=HYPERLINK("http://evil","click")',
    "a reason that starts with +": "+1 more gateway needed",
    "a reason with invisible and right-to-left marks": "no\u200b gateway\u202e yet",
    "a reason of 32,767 characters (a cell's most)": "x" * 32_767,
}


@pytest.fixture
def template(sample_store, tmp_path):
    path = write_template(build_graph(sample_store), "Wigan", tmp_path / "wigan.xlsx")
    sample_store.close()
    return path


def test_the_corpus_is_large_enough():
    assert len(REFUSED) + len(ACCEPTED) >= 30


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_hostile_workbook_is_refused_in_words_and_the_map_is_untouched(case, sample_store, template, tmp_path,
                                                                         capsys):
    make, words = REFUSED[case]
    bad = tmp_path / "bad.xlsx"
    make(template, bad)
    before = sample_store.path.read_bytes()
    assert main(["fill", str(sample_store.path), str(bad)]) == 1  # an exception escaping here is a traceback
    said = capsys.readouterr().err
    assert said.startswith("circle-of-need: ") and words.lower() in said.lower(), said
    assert "Traceback" not in said and "Error:" not in said.split("\n")[0]
    assert sample_store.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "needmap" in p.name) == [sample_store.path.name]


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_hostile_text_is_kept_as_plain_text(case, sample_store, template, tmp_path):
    from models.store import MapStore

    kept = ACCEPTED[case]
    filled = tmp_path / "filled.xlsx"
    _unblocked({"Status": "Blocked", "Reason it is blocked": kept, "Category": "Legal"})(template, filled)
    assert main(["fill", str(sample_store.path), str(filled)]) == 0
    store = MapStore.open(sample_store.path, read_only=True)
    graph = build_graph(store)
    store.close()
    reasons = [d["reason"] for k, d in graph.nodes(data=True) if k[0] == "blockage"]
    assert kept in reasons
    out = tmp_path / "report.xlsx"
    assert main(["report", str(sample_store.path), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
