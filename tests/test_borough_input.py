"""The borough input workbook: template written, filled in, read back; hostile workbooks refused with the map untouched."""

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from exports.borough_fill import BoroughInputError, fill_map, read_borough_input
from exports.borough_template import ABOUT, HEADERS, RECORDED, write_template
from models import services
from models.analysis import blockages_of, actions_of, status
from models.errors import MapError
from models.graph import build_graph
from models.store import MapStore
from models.vocabulary import ACCESS


COL = {h: n for n, h in enumerate(HEADERS, 1)}  # the template's column numbers by header


def _keys(graph):
    items = {graph.nodes[k]["name"]: k for k in graph if k[0] == "item"}
    places = {graph.nodes[k]["name"]: k for k in graph if k[0] == "locality"}
    return items, places


@pytest.fixture
def wigan(sample_store, tmp_path):
    path = write_template(build_graph(sample_store), "wigan", tmp_path / "wigan.xlsx")
    return path


def _row_of(ws, item_name):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == item_name:
            return row[0].row
    raise AssertionError(item_name)


def test_template_has_a_row_per_item_with_drop_downs_and_a_hidden_marker(sample_store, wigan):
    graph = build_graph(sample_store)
    items, places = _keys(graph)
    wb = openpyxl.load_workbook(wigan)
    ws = wb["Wigan"]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws.max_row - 1 == len(items)
    r = _row_of(ws, "Live birth notifications")
    assert ws.cell(r, COL["Status"]).value == {"accessible": "Accessible", "partial": "Partly accessible", "blocked": "Blocked",
                                   "unknown": "Unknown"}[status(graph, items["Live birth notifications"], places["Wigan"])]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("Partly accessible" in f for f in lists) and any("Organisational" in f for f in lists)
    assert any("Greater Manchester" in f for f in lists)
    assert wb[ABOUT].sheet_state == "hidden"
    about = {row[0]: row[1] for row in wb[ABOUT].iter_rows(values_only=True)}
    assert about["locality"] == "Wigan" and about["map title"] == graph.graph["map"]["title"]


def test_fill_applies_status_reason_and_action_in_one_go(sample_store, wigan, tmp_path):
    graph = build_graph(sample_store)
    items, places = _keys(graph)
    wb = openpyxl.load_workbook(wigan)
    ws = wb["Wigan"]
    target = "Health visitor contacts"
    r = _row_of(ws, target)
    ws.cell(r, COL["Status"]).value = "Blocked"
    ws.cell(r, COL["Reason it is blocked"]).value = "=the provider changed and will not share"
    ws.cell(r, COL["Category"]).value = "Organisational"
    ws.cell(r, COL["Action that would unblock it"]).value = "ask Bolton how they do it"
    ws.cell(r, COL["Level"]).value = "National"
    ws.cell(r, COL["Owner"]).value = "Department of Health"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    report = fill_map(sample_store, filled)
    assert report.statuses >= 1
    after = build_graph(sample_store)
    item, wigan_key = items[target], places["Wigan"]
    assert status(after, item, wigan_key) == "blocked"
    own = [b for b in blockages_of(after, item, wigan_key) if after.nodes[b]["locality_id"] == wigan_key[1]]
    reasons = {after.nodes[b]["reason"]: b for b in own}
    assert "=the provider changed and will not share" in reasons
    blockage = reasons["=the provider changed and will not share"]
    assert after.nodes[blockage]["category"] == "organisational"
    steps = {after.nodes[a]["step"]: after.nodes[a] for a in actions_of(after, blockage)}
    assert steps["ask Bolton how they do it"]["level"] == "national"
    assert steps["ask Bolton how they do it"]["owner_body"] == "Department of Health"
    # Reading the same workbook again changes nothing.
    assert not fill_map(sample_store, filled).edits


def test_unchanged_template_changes_nothing(sample_store, wigan):
    before = Path(sample_store.path).read_bytes()
    assert not fill_map(sample_store, wigan).edits
    assert Path(sample_store.path).read_bytes() == before


def _refused(store, workbook, *words):
    before = Path(store.path).read_bytes()
    with pytest.raises(MapError) as caught:
        fill_map(store, workbook)
    message = str(caught.value)
    for word in words:
        assert word.lower() in message.lower(), message
    assert Path(store.path).read_bytes() == before
    return message


def test_unknown_status_names_sheet_row_and_column(sample_store, wigan, tmp_path):
    wb = openpyxl.load_workbook(wigan)
    ws = wb["Wigan"]
    ws.cell(2, COL["Status"]).value = "Sort of"
    ws.cell(3, COL["Status"]).value = "Blocked"  # a good row before the bad one is not applied either
    ws.cell(5, COL["Category"]).value = "Weather"
    ws.cell(5, COL["Reason it is blocked"]).value = "it rained"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    message = _refused(sample_store, bad, "“Wigan”", "row 2", "column D", "Sort of", "row 5", "column G", "nothing")
    assert "Weather" in message


def test_wrong_and_missing_columns(sample_store, wigan, tmp_path):
    wb = openpyxl.load_workbook(wigan)
    ws = wb["Wigan"]
    ws.cell(1, 4).value = "State"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    _refused(sample_store, bad, "row 1", "missing column", "“Status”", "“State” in column D")


def test_extra_sheet_and_missing_marker(sample_store, wigan, tmp_path):
    wb = openpyxl.load_workbook(wigan)
    wb.create_sheet("My notes")
    extra = tmp_path / "extra.xlsx"
    wb.save(extra)
    _refused(sample_store, extra, "My notes")
    wb = openpyxl.load_workbook(wigan)
    del wb[ABOUT]
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    _refused(sample_store, plain, "not a Circle of Need borough input")


def test_workbook_from_another_map(sample_store, empty_store, tmp_path):
    other = write_template(build_graph(empty_store), "Bolton", tmp_path / "other.xlsx")
    _refused(sample_store, other, "another map")


def test_renamed_item(sample_store, wigan, tmp_path):
    wb = openpyxl.load_workbook(wigan)
    wb["Wigan"].cell(4, 1).value = "Something else entirely"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    _refused(sample_store, bad, "row 4", "column A", "no data item called")


def test_not_a_workbook(sample_store, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    _refused(sample_store, text, "not an Excel workbook")
    _refused(sample_store, tmp_path / "missing.xlsx", "no file")


def test_million_rows_refused_from_the_stated_size(sample_store, wigan, tmp_path):
    """A sheet claiming a million rows is refused from its dimension, without reading them."""
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(wigan) as source, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
                end = text.index("\"", start)
                text = text[:start] + "A1:J1000000" + text[end:]
                data = text.encode()
            out.writestr(info, data)
    _refused(sample_store, big, "1,000,000 rows")


def test_many_real_rows_stop_at_the_limit(sample_store, wigan, tmp_path):
    """With no stated size (the dimension removed), reading stops just past the limit."""
    wb = openpyxl.load_workbook(wigan)
    ws = wb["Wigan"]
    for n in range(200):
        ws.append([f"row {n}"])
    saved = tmp_path / "saved.xlsx"
    wb.save(saved)
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension")
                data = (text[:start] + text[text.index("/>", start) + 2:]).encode()
            out.writestr(info, data)
    with pytest.raises(BoroughInputError, match="(more than 50|229) rows"):
        read_borough_input(many, build_graph(sample_store), row_limit=50)


BOMB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"""


def test_xml_bomb_is_refused_quickly(sample_store, wigan, tmp_path):
    """A billion-laughs sharedStrings.xml, wired into the package as Excel would, is refused unexpanded."""
    bomb = tmp_path / "bomb.xlsx"
    strings = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    with zipfile.ZipFile(wigan) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info).decode()
            if info.filename == "[Content_Types].xml":
                data = data.replace("</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{strings}"/>'
                                                "</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats'
                                    '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    "</Relationships>")
            out.writestr(info, data)
        out.writestr("xl/sharedStrings.xml", BOMB)
    _refused(sample_store, bomb, "XML entities", "sharedStrings")


def test_cli_template_and_fill(sample_store, tmp_path, capsys):
    path = Path(sample_store.path)
    sample_store.close()
    out = tmp_path / "bolton.xlsx"
    assert main(["template", str(path), "--locality", "Bolton", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    r = _row_of(wb["Bolton"], "Live birth notifications")
    wb["Bolton"].cell(r, COL["Status"]).value = "Blocked"
    wb.save(out)
    assert main(["fill", str(path), str(out)]) == 0
    assert "1 status changed, 0 blockages added" in capsys.readouterr().out
    store = MapStore.open(path, read_only=True)
    graph = build_graph(store)
    store.close()
    items, places = _keys(graph)
    assert status(graph, items["Live birth notifications"], places["Bolton"]) == "blocked"
    before = path.read_bytes()
    assert main(["fill", str(path), str(tmp_path / "nothing.xlsx")]) == 1
    assert "no file" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.fixture
def recorded(sample_store):
    """Health visitor contacts, blocked in Wigan by a national blockage and two of Wigan's own."""
    graph = build_graph(sample_store)
    items, places = _keys(graph)
    item, wigan_key = items["Health visitor contacts"], places["Wigan"]
    services.set_access(sample_store, item[1], wigan_key[1], "blocked")
    national = services.add_blockage(sample_store, item[1], None, "legal", "There is no national gateway").created
    first = services.add_blockage(sample_store, item[1], wigan_key[1], "technical", "The systems do not link").created
    second = services.add_blockage(sample_store, item[1], wigan_key[1], "resource", "No analyst to match it").created
    return item, wigan_key, national, first, second


def test_template_shows_every_reason_already_recorded_read_only(sample_store, recorded, tmp_path):
    item, wigan_key, *_ = recorded
    path = write_template(build_graph(sample_store), "Wigan", tmp_path / "wigan.xlsx")
    ws = openpyxl.load_workbook(path)["Wigan"]
    r = _row_of(ws, "Health visitor contacts")
    cell = ws.cell(r, COL[RECORDED])
    assert ws.cell(1, COL[RECORDED]).value == "Already recorded — for information"
    assert cell.value.split("\n") == ["• Legal, everywhere: There is no national gateway",
                                      "• Technical, Wigan: The systems do not link",
                                      "• Resource, Wigan: No analyst to match it"]
    assert cell.fill.fgColor.rgb.endswith("E7E7E7")  # grey: not a cell to fill in
    assert ws.cell(r, COL["Reason it is blocked"]).fill.fgColor.rgb.endswith("FFF8DC")


def test_fill_does_not_add_a_reason_already_recorded(sample_store, recorded, tmp_path):
    item, wigan_key, national, first, second = recorded
    path = write_template(build_graph(sample_store), "Wigan", tmp_path / "wigan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Wigan"]
    r = _row_of(ws, "Health visitor contacts")
    assert ws.cell(r, COL["Reason it is blocked"]).value == "The systems do not link"  # Wigan's first, editable
    ws.cell(r, COL["Reason it is blocked"]).value = "  there is NO national   gateway "  # the national one again
    ws.cell(r, COL["Action that would unblock it"]).value = "Ask the Department of Health for a gateway"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    before = set(blockages_of(build_graph(sample_store), item))
    report = fill_map(sample_store, filled)
    after = build_graph(sample_store)
    assert set(blockages_of(after, item)) == before  # no duplicate of the national blockage
    assert after.nodes[first]["reason"] == "The systems do not link"  # nor was Wigan's own one overwritten
    assert report.blockages_added == 0 and report.blockages_changed == 0
    assert "already recorded" in report.summary().lower() and "there is NO national" in report.summary()
    # The action goes with the reason it unblocks, once.
    assert [after.nodes[a]["step"] for a in actions_of(after, national)] == ["Ask the Department of Health for a gateway"]
    again = fill_map(sample_store, filled)
    assert not again.edits and again.already_recorded
    # Wigan's second reason, typed again, is recognised too.
    wb = openpyxl.load_workbook(path)
    wb["Wigan"].cell(r, COL["Reason it is blocked"]).value = "no analyst to match it."[:-1]
    wb.save(filled)
    report = fill_map(sample_store, filled)
    assert set(blockages_of(build_graph(sample_store), item)) == before and report.already_recorded


def test_a_new_reason_is_still_added_and_old_templates_still_read(sample_store, recorded, tmp_path):
    item, wigan_key, *_ = recorded
    path = write_template(build_graph(sample_store), "Wigan", tmp_path / "wigan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Wigan"]
    ws.delete_cols(COL[RECORDED])  # as a template made before the column existed
    r = _row_of(ws, "School attendance")
    ws.cell(r, COL["Reason it is blocked"] - 1).value = "The schools have not agreed"
    ws.cell(r, COL["Category"] - 1).value = "Organisational"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    report = fill_map(sample_store, filled)
    assert report.blockages_added == 1 and not report.already_recorded
    items, _ = _keys(build_graph(sample_store))
    graph = build_graph(sample_store)
    assert "The schools have not agreed" in [graph.nodes[b]["reason"]
                                             for b in blockages_of(graph, items["School attendance"], wigan_key)]


def test_counts_and_articles_read_as_english(wigan):
    """“1 status changed”, “2 statuses”, “1 row”; “Not an access status” in the drop-downs' messages."""
    from exports.borough_fill import FillReport

    text = FillReport("Wigan", rows=1, statuses=2, blockages_added=1, actions_added=0, edits=["x"]).summary()
    assert text == ("Wigan: 1 row read; 2 statuses changed, 1 blockage added and 0 changed, 0 actions added "
                    "and 0 changed.")
    assert "1 status changed" in FillReport("Wigan", rows=3, statuses=1, edits=["x"]).summary()
    titles = {dv.errorTitle for dv in openpyxl.load_workbook(wigan)["Wigan"].data_validations.dataValidation}
    assert titles == {"Not an access status", "Not a blockage category", "Not an action level"}


def test_template_can_be_read_by_colleagues(sample_store, tmp_path):
    """Written with the user's usual permissions (umask), not mkstemp's private 0600."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = write_template(build_graph(sample_store), "Bolton", tmp_path / "bolton.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_chart_sheet_in_place_of_the_table_is_named(sample_store, wigan, tmp_path):
    """A chart sheet under the template's sheet name is refused in words, not as an AttributeError."""
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(wigan)
    index = wb.sheetnames.index("Wigan")
    data = wb.create_sheet("Data")
    data.append([1])
    del wb["Wigan"]
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1))
    wb.create_chartsheet("Wigan", index).add_chart(chart)
    bad = tmp_path / "chart.xlsx"
    wb.save(bad)
    wb = openpyxl.load_workbook(bad, read_only=True)
    from exports.borough_fill import _rows
    with pytest.raises(BoroughInputError, match="is a chart, not a table"):
        _rows(wb["Wigan"], "Wigan", 100)
    wb.close()


def _answer(path, item_name, header, value, out):
    wb = openpyxl.load_workbook(path)
    ws = wb[[s for s in wb.sheetnames if s not in (ABOUT, "How to fill in", "As written")][0]]
    ws.cell(_row_of(ws, item_name), COL[header]).value = value
    wb.save(out)
    return out


def test_an_old_untouched_workbook_filled_late_never_reverts_newer_answers(sample_store, tmp_path):
    """Filling the untouched template written before an earlier fill used to say “4 statuses changed” and turn
    answers back to what the template showed."""
    graph = build_graph(sample_store)
    items, places = _keys(graph)
    old = write_template(graph, "Bolton", tmp_path / "old.xlsx")
    item = "Live birth notifications"
    before = status(graph, items[item], places["Bolton"])
    newer = "Unknown" if before == "blocked" else "Blocked"
    fill_map(sample_store, _answer(old, item, "Status", newer, tmp_path / "first.xlsx"))
    changed = status(build_graph(sample_store), items[item], places["Bolton"])
    assert changed != before
    report = fill_map(sample_store, old)  # the old, untouched template, filled in late
    assert not report.edits
    assert status(build_graph(sample_store), items[item], places["Bolton"]) == changed


def test_a_changed_answer_where_the_map_changed_too_is_a_conflict_unless_overwriting(sample_store, tmp_path, capsys):
    from exports.borough_fill import FillConflict

    graph = build_graph(sample_store)
    items, places = _keys(graph)
    item = "Health visitor contacts"
    old = write_template(graph, "Wigan", tmp_path / "old.xlsx")
    then = status(graph, items[item], places["Wigan"])
    since, typed = [s for s in ("partial", "blocked", "accessible") if s != then][:2]
    services.set_access(sample_store, items[item][1], places["Wigan"][1], since)  # the map changes since
    filled = _answer(old, item, "Status", ACCESS.label(typed), tmp_path / "filled.xlsx")
    before = Path(sample_store.path).read_bytes()
    with pytest.raises(FillConflict, match=f"Health visitor contacts, Status: the workbook says “{ACCESS.label(typed)}”, "
                                           f"but the map now says “{ACCESS.label(since)}”") as caught:
        fill_map(sample_store, filled)
    assert len(caught.value.conflicts) == 1 and "overwrite-newer" in str(caught.value)
    assert Path(sample_store.path).read_bytes() == before
    sample_store.close()
    assert main(["fill", str(sample_store.path), str(filled)]) == 1
    assert "would overwrite 1 answer" in capsys.readouterr().err
    assert main(["fill", str(sample_store.path), str(filled), "--overwrite-newer"]) == 0
    store = MapStore.open(sample_store.path, read_only=True)
    assert status(build_graph(store), items[item], places["Wigan"]) == typed
    store.close()


def test_a_workbook_whose_locality_was_changed_is_refused(sample_store, wigan, tmp_path):
    wb = openpyxl.load_workbook(wigan)
    about = wb[ABOUT]
    for row in about.iter_rows():
        if row[0].value == "locality":
            row[1].value = "Bolton"
    bad = tmp_path / "bolton.xlsx"
    wb.save(bad)
    _refused(sample_store, bad, "was written for Wigan", "cannot be read into another")


def test_an_earlier_format_workbook_is_refused_in_words(sample_store, wigan, tmp_path):
    wb = openpyxl.load_workbook(wigan)
    for row in wb[ABOUT].iter_rows():
        if row[0].value == "format":
            row[1].value = 1
    old = tmp_path / "format1.xlsx"
    wb.save(old)
    _refused(sample_store, old, "earlier version", "make a new template")


def test_rows_past_the_stated_size_are_read(sample_store, wigan, tmp_path):
    """A workbook stating fewer rows than it holds (<dimension>) used to have the rest silently never read."""
    graph = build_graph(sample_store)
    items, places = _keys(graph)
    wb = openpyxl.load_workbook(wigan)
    ws = wb["Wigan"]
    last = ws.max_row
    name = ws.cell(last, 1).value
    new = "Blocked" if ws.cell(last, COL["Status"]).value != "Blocked" else "Accessible"
    ws.cell(last, COL["Status"]).value = new
    wb.save(tmp_path / "full.xlsx")
    small = tmp_path / "stated.xlsx"
    with zipfile.ZipFile(tmp_path / "full.xlsx") as source, zipfile.ZipFile(small, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[A-Z0-9:]+" ?/>', b'<dimension ref="A1:K3"/>', data)
                assert b'<dimension ref="A1:K3"/>' in data
            target.writestr(part, data)
    fill_map(sample_store, small)
    assert status(build_graph(sample_store), items[name], places["Wigan"]) == new.lower()


def test_a_chart_sheet_named_about_is_refused_in_words(sample_store, wigan, tmp_path):
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(wigan)
    del wb[ABOUT]
    data = wb.create_sheet("Data")
    data.append([1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1))
    wb.create_chartsheet(ABOUT).add_chart(chart)
    bad = tmp_path / "chart-about.xlsx"
    wb.save(bad)
    message = _refused(sample_store, bad, "chart")
    assert "AttributeError" not in message
