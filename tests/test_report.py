"""The blockage report, read back with openpyxl: sentences, matrix, register, no formulas, charts and pictures."""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from exports.report import SHEETS, write_report
from exports.report_data import ReportError
from exports.sanitise import CELL_LIMIT, clean, looks_like_formula
from exports.xlsx import _tint, sentence_case
from models import analysis, services
from models import asks
from models.compare import ask_sentence, who_has_solved
from models.graph import build_graph, nodes_of
from models.sentences import stage_sentence
from models.statements import stage_statement
from models.vocabulary import ACCESS_COLOUR, ACCESS_LETTER, REACH, REACH_NOTE

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sample_report(sample_graph, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report(sample_graph, path, today=TODAY)
    return sample_graph, path, openpyxl.load_workbook(path)


def _rows(ws, header_text):
    """Rows under the header row whose first cell is `header_text`, as lists of values."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == header_text)
    return rows[start], [r for r in rows[start + 1:] if any(v is not None for v in r)]


def test_the_workbook_has_every_sheet_in_order(sample_report):
    _, _, wb = sample_report
    assert wb.sheetnames == list(SHEETS)


def test_sentences_are_those_of_the_sentence_function(sample_report):
    graph, _, wb = sample_report
    _, rows = _rows(wb["Sentences by stage"], "Stage")
    expected = [(graph.nodes[s]["name"], "All localities" if loc is None else graph.nodes[loc]["name"],
                 stage_sentence(graph, s, loc))
                for s in nodes_of(graph, "stage") for loc in [None, *nodes_of(graph, "locality")]]
    assert [tuple(r[:3]) for r in rows] == expected


def _summary_values(wb):
    return {c.value for row in wb["Summary"].iter_rows() for c in row if c.value is not None}


def _values(wb, sheet):
    return {c.value for row in wb[sheet].iter_rows() for c in row if c.value is not None}


def test_the_stages_sheet_holds_each_stages_short_statement_the_appendix_the_full_sentences(sample_report):
    graph, _, wb = sample_report
    stages, appendix = _values(wb, "Stages"), _values(wb, "Sentences by stage")
    places = nodes_of(graph, "locality")
    for stage in nodes_of(graph, "stage"):
        statement = stage_statement(graph, stage, places)
        assert statement in stages and len(statement.split()) <= 85
        assert stage_sentence(graph, stage) not in stages and stage_sentence(graph, stage) in appendix
    assert graph.graph["map"]["title"] in _values(wb, "For decision")
    assert wb.sheetnames[-2:] == ["Sentences by stage", "Data items"]  # the appendix, for data staff


def test_a_one_locality_report_states_each_stage_for_that_locality(sample_graph, tmp_path):
    path = tmp_path / "wigan.xlsx"
    write_report(sample_graph, path, localities=["Wigan"], pictures=False)
    values = _values(openpyxl.load_workbook(path), "Stages")
    wigan = next(loc for loc in nodes_of(sample_graph, "locality") if sample_graph.nodes[loc]["name"] == "Wigan")
    for stage in nodes_of(sample_graph, "stage"):
        assert stage_statement(sample_graph, stage, [wigan]) in values


def test_each_stage_has_a_table_of_its_gaps_with_reason_action_owner_and_due(sample_report):
    from models.statements import gaps

    graph, _, wb = sample_report
    rows = [r for r in wb["Stages"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Localities")
    assert list(header[:8]) == ["Localities", "Data item", "Access there", "Reason", "Action", "Owner", "Due", "Status"]
    places = nodes_of(graph, "locality")
    first = nodes_of(graph, "stage")[0]
    start = next(i for i, r in enumerate(rows) if r[0] == graph.nodes[first]["name"])
    end = next(i for i, r in enumerate(rows) if r[0] == graph.nodes[nodes_of(graph, "stage")[1]]["name"])
    table = [r for r in rows[start:end] if r[1] and r[0] != "Localities"]
    items = [graph.nodes[g.item]["name"] for g in gaps(graph, first, places)]
    assert list(dict.fromkeys(r[1] for r in table)) == items  # every gap, most important first
    assert all(isinstance(r[6], dt.datetime) or r[6] is None for r in table)  # dates as dates, never text


def _expected_spread(graph, stage, localities):
    """(needed, everywhere, some, partly, nowhere, unknown) worked out afresh from the statuses."""
    tally = [0, 0, 0, 0, 0]
    items = list(graph.adj[stage])
    for item in items:
        statuses = [analysis.status(graph, item, loc) for loc in localities]
        if all(s == "accessible" for s in statuses):
            tally[0] += 1
        elif "accessible" in statuses:
            tally[1] += 1
        elif "partial" in statuses:
            tally[2] += 1
        elif "blocked" in statuses:
            tally[3] += 1
        else:
            tally[4] += 1
    return (len(items), *tally)


def test_summary_counts_each_stage_by_where_its_items_stand(sample_report):
    graph, _, wb = sample_report
    header, rows = _rows(wb["Summary"], "Stage")
    assert list(header[:7]) == ["Stage", "Items needed", "Accessible everywhere", "Accessible in some localities",
                                "Only partly accessible", "Blocked, nowhere accessible", "Not known anywhere"]
    stages = nodes_of(graph, "stage")
    got = {r[0]: tuple(r[1:7]) for r in rows[:len(stages)]}
    localities = nodes_of(graph, "locality")
    for stage in stages:
        expected = _expected_spread(graph, stage, localities)
        assert got[graph.nodes[stage]["name"]] == expected
        assert sum(expected[1:]) == expected[0]
        # The same definition as the diagram's and the pictures' marks.
        marks = [analysis.reach(item.counts) for item in analysis.circle(graph, stage).items]
        assert expected[1:] == tuple(marks.count(r) for r in REACH.values)
    assert sum(got[graph.nodes[s]["name"]][2] for s in stages) > 0  # items some boroughs have and others not
    notes = [r[0] for r in wb["Summary"].iter_rows(values_only=True) if r[0] and "Accessible everywhere:" in str(r[0])]
    assert notes == [REACH_NOTE]


def test_one_locality_summary_counts_that_locality(sample_graph, tmp_path):
    path = tmp_path / "bolton.xlsx"
    write_report(sample_graph, path, localities=["Bolton"], pictures=False)
    _, rows = _rows(openpyxl.load_workbook(path)["Summary"], "Stage")
    bolton = next(loc for loc in nodes_of(sample_graph, "locality") if sample_graph.nodes[loc]["name"] == "Bolton")
    for stage, row in zip(nodes_of(sample_graph, "stage"), rows):
        assert tuple(row[1:7]) == _expected_spread(sample_graph, stage, [bolton])


def test_chart_labels_hide_zero(sample_report):
    _, path, _ = sample_report
    with zipfile.ZipFile(path) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert charts and all('formatCode="0;-0;;@"' in c for c in charts)


def test_the_matrix_equals_the_access_records(sample_report):
    graph, _, wb = sample_report
    header, rows = _rows(wb["Localities"], "Data item")
    localities = nodes_of(graph, "locality")
    assert list(header[4:]) == [graph.nodes[loc]["name"] for loc in localities]
    items = {graph.nodes[i]["name"]: i for i in nodes_of(graph, "item")}
    assert sorted(r[0] for r in rows) == sorted(items)
    for row in rows:
        item = items[row[0]]
        assert list(row[4:]) == [ACCESS_LETTER[analysis.status(graph, item, loc)] for loc in localities]


def test_items_some_localities_get_and_others_do_not_come_first(sample_report):
    graph, _, wb = sample_report
    _, rows = _rows(wb["Localities"], "Data item")
    split = [("A" in r[4:] or "P" in r[4:]) and "B" in r[4:] for r in rows]
    assert any(split) and split == sorted(split, reverse=True)


def test_who_has_solved_it_lists_every_varying_item_with_its_localities(sample_report):
    graph, _, wb = sample_report
    header, rows = _rows(wb["Who has solved it"], "Data item")
    assert list(header[:7]) == ["Data item", "Holder", "Accessible in", "Partly accessible, nothing in the way",
                                "Blocked or held back in", "Why it is held back there", "Who to ask"]
    solved = who_has_solved(graph)
    assert solved  # the sample has items some boroughs get and others do not
    assert [r[0] for r in rows] == [analysis.name(graph, s.item) for s in solved]

    def listed(cell):
        return [] if cell == "—" else cell.replace(" and ", ", ").split(", ")

    for row, entry in zip(rows, solved):
        assert listed(row[2]) == [analysis.name(graph, loc) for loc in entry.accessible]
        assert listed(row[3]) == [analysis.name(graph, loc) for loc in entry.partial if loc not in entry.blocked]
        assert listed(row[4]) == [analysis.name(graph, loc) for loc in entry.blocked]
        # Every locality named: a cell has room, and “and 2 more” could hide the report's own locality.
        assert row[6] == ask_sentence(graph, entry, limit=None)
        assert "more:" not in row[6]
    assert wb["Who has solved it"].print_title_rows == "$3:$3"


def test_the_register_has_one_row_per_blockage(sample_report):
    graph, _, wb = sample_report
    ws = wb["Blockages"]
    header, rows = _rows(ws, "Ref")
    blockages = nodes_of(graph, "blockage")
    assert sorted(r[0] for r in rows) == sorted(f"B{b[1]}" for b in blockages)
    by_ref = {r[0]: dict(zip(header, r)) for r in rows}
    for blockage in blockages:
        row = by_ref[f"B{blockage[1]}"]
        assert row["Reason"] == sentence_case(graph.nodes[blockage]["reason"])
        assert row["Data item"] == analysis.name(graph, analysis.blockage_item(graph, blockage))
    table = ws.tables["Blockages"]
    assert table.ref == f"A2:N{2 + len(rows)}"
    assert [c.name for c in table.tableColumns] == list(header)
    assert ws.freeze_panes is not None


def test_actions_are_grouped_by_level_with_localities_helped(sample_report):
    graph, _, wb = sample_report
    ws = wb["Actions"]
    bands = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and " — " in str(r[0]) and "action" in str(r[0])]
    assert [b.split(" — ")[0] for b in bands] == ["Local", "Greater Manchester", "National"]
    live = [a for a in nodes_of(graph, "action") if graph.nodes[a]["status"] != "dropped"]
    steps = [r for r in ws.iter_rows(values_only=True) if isinstance(r[2], int)]
    assert len(steps) == len(live)
    helped = sorted(len(asks.localities_helped(graph, a)) for a in live)  # partly accessible ones count
    assert sorted(r[2] for r in steps) == helped


def test_no_cell_holds_a_formula(sample_report):
    _, _, wb = sample_report
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"


def test_charts_and_pictures_are_there(sample_report):
    graph, path, wb = sample_report
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    charts = [n for n in names if n.startswith("xl/charts/chart")]
    pictures = [n for n in names if n.startswith("xl/media/") and n.endswith(".png")]
    assert len(charts) == 3  # status per stage (summary), blockages by category, access by locality
    assert len(pictures) == len(nodes_of(graph, "stage"))
    assert len(wb["Charts"]._charts) == 2 and len(wb["Summary"]._charts) == 1


def test_print_setup_is_landscape_fitted_with_page_numbers(sample_report):
    _, _, wb = sample_report
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # one page wide: 1 is the default, left unwritten
        # as many pages tall as it takes; page 1 (what the group is asked to decide) on one page
        assert ws.page_setup.fitToHeight in ((None, 1) if ws.title == "For decision" else (0,))  # 1: the default
        assert "&P" in ws.oddFooter.center.text
    assert wb["Blockages"].print_title_rows == "$2:$2"
    # A4, or A3 where A4 would print the text below 8 points (the register and the catalogue).
    papers = {ws.title: int(ws.page_setup.paperSize) for ws in wb.worksheets}
    assert papers["Blockages"] == papers["Data items"] == 8
    assert papers["For decision"] == papers["Summary"] == papers["Sentences by stage"] == papers["Actions"] == 9


def test_the_pictures_keep_their_shape_in_any_spreadsheet(sample_report):
    """A picture is anchored to the rows and columns it covers: those rows have a height of their own and the
    columns are measured in the house font's digits, so a spreadsheet without Calibri does not squash it."""
    _, path, wb = sample_report
    assert wb._fonts[0].name == "Arial" and wb._fonts[0].sz == 10  # the workbook's own font
    ws = wb["Charts"]
    with zipfile.ZipFile(path) as archive:
        drawing = next(archive.read(n).decode() for n in archive.namelist()
                       if n.startswith("xl/drawings/drawing") and "<xdr:pic>" in archive.read(n).decode())
    anchors = re.findall(r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?"
                         r"<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>", drawing)
    assert len(anchors) == len(nodes_of(sample_report[0], "stage")) + 2  # the circles and the two charts
    for first, last in anchors:
        assert all(ws.row_dimensions[r + 1].height for r in range(int(first), int(last) + 1))


def test_the_register_names_an_owner_once(sample_report):
    graph, _, wb = sample_report
    header, rows = _rows(wb["Blockages"], "Ref")
    owners = [r[header.index("Owner")] for r in rows if r[header.index("Owner")]]
    # “Bury Council, Community Budgets pilot lead, Bury Council” was the body, then a title naming it again.
    assert "Community Budgets pilot lead, Bury Council" in "\n".join(owners)
    assert not any(line.count("Bury Council") > 1 for owner in owners for line in owner.split("\n"))


def test_one_locality_and_one_stage(sample_graph, tmp_path):
    path = tmp_path / "wigan.xlsx"
    write_report(sample_graph, path, stages=["design of support"], localities=["Wigan"], pictures=False)
    wb = openpyxl.load_workbook(path)
    _, rows = _rows(wb["Sentences by stage"], "Stage")
    stage = next(s for s in nodes_of(sample_graph, "stage") if sample_graph.nodes[s]["name"] == "Design of support")
    wigan = next(loc for loc in nodes_of(sample_graph, "locality") if sample_graph.nodes[loc]["name"] == "Wigan")
    assert [tuple(r[:3]) for r in rows] == [("Design of support", "Wigan", stage_sentence(sample_graph, stage, wigan))]
    header, matrix = _rows(wb["Localities"], "Data item")
    assert list(header[4:]) == ["Wigan"]
    assert len(matrix) == len(analysis.needed_items(sample_graph, stage))


def test_an_unknown_stage_is_refused_by_name(sample_graph, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ReportError, match="no stage called “Nowhere”"):
        write_report(sample_graph, out / "r.xlsx", stages=["Nowhere"])
    assert not list(out.iterdir())


def test_a_failed_export_keeps_the_earlier_report_and_leaves_no_part_file(sample_graph, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    path = out / "report.xlsx"
    write_report(sample_graph, path, pictures=False)
    before = path.read_bytes()

    class FillingDisk(zipfile.ZipFile):
        def close(self):  # the whole file written, then the disk fills as it is closed
            if self.fp is not None:
                super().close()
                raise OSError(28, "No space left on device")

    monkeypatch.setattr("xlsxwriter.workbook.ZipFile", FillingDisk)
    with pytest.raises(OSError, match="No space left"):  # an OSError, as the window and command line expect
        write_report(sample_graph, path, pictures=False)
    assert path.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["report.xlsx"]


def test_the_sheets_are_zipped_from_a_private_temporary_folder_that_is_then_removed(sample_graph, tmp_path,
                                                                                  monkeypatch):
    """Held in memory all at once, the sheets' XML added 150 MB at national scale as the file was closed: each
    part goes through a file of its own, in a folder of the report's own, removed whether the report is written
    or fails."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    parts: list[Path] = []
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        if Path(kwargs.get("dir") or "").parent == temp:  # not the report's own part file beside the target
            parts.append(Path(made[1]))
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    write_report(sample_graph, tmp_path / "report.xlsx", pictures=False)
    assert len(parts) > len(SHEETS)  # every sheet, and the workbook's other parts
    assert len({p.parent for p in parts}) == 1
    assert not list(temp.iterdir())

    monkeypatch.setattr("xlsxwriter.workbook.ZipFile.write", lambda *_a, **_k: (_ for _ in ()).throw(
        OSError(28, "No space left on device")))
    with pytest.raises(OSError, match="No space left"):
        write_report(sample_graph, tmp_path / "again.xlsx", pictures=False)
    assert not list(temp.iterdir())


def test_the_command_line_writes_the_report(sample_store, tmp_path, capsys):
    sample_store.close()
    out = tmp_path / "plg.xlsx"
    assert main(["report", str(sample_store.path), "-o", str(out), "--stage", "Identification of need"]) == 0
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS)
    capsys.readouterr()  # progress lines of a slow report
    assert main(["report", str(sample_store.path), "-o", str(out), "--locality", "Atlantis"]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "Atlantis" in error[0]


# ---- hostile text -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_graph(tmp_path_factory):
    """A small map built through the services, with one blocked item."""
    from models.store import MapStore

    store = MapStore.create(tmp_path_factory.mktemp("small") / "small.needmap", title="Small")
    try:
        stage = services.ids_by_name(store, "stage")["identification of need"]
        agency = services.add_agency(store, "Maternity services").created[1]
        item = services.add_item(store, "Live births", holder_id=agency).created[1]
        services.need_item(store, stage, item)
        bolton = services.ids_by_name(store, "locality")["bolton"]
        services.set_access(store, item, bolton, "blocked")
        blockage = services.add_blockage(store, item, None, "legal", "no gateway").created[1]
        services.add_action(store, blockage, "agree a gateway", level="national", owner_body="DH")
        return build_graph(store)
    finally:
        store.close()


hostile = st.one_of(
    st.text(min_size=1, max_size=80),
    st.sampled_from(['=HYPERLINK("http://evil","click")', "+44 161 234", "-1", "@SUM(A1)", "\tx", "עברית בדיקה",
                     "مرحبا", "a\x00b\x1fc\ufffe\ud800d"]),
    st.builds(lambda head: head + "y" * 40_000, st.sampled_from(["=", "", "+"])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile, reason=hostile)
def test_hostile_names_and_reasons_reload_intact_or_visibly_cut(small_graph, name, reason):
    graph = small_graph.copy()
    item = next(iter(nodes_of(graph, "item")))
    blockage = next(iter(nodes_of(graph, "blockage")))
    # Straight into the graph: the services would already have stripped control characters.
    graph.nodes[item]["name"] = name
    graph.nodes[blockage]["reason"] = reason
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.xlsx"
        write_report(graph, path, pictures=False)
        wb = openpyxl.load_workbook(path)
        assert os.listdir(folder) == ["hostile.xlsx"]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert len(cell.value) <= CELL_LIMIT
                    assert cell.quotePrefix == looks_like_formula(cell.value)
    header, rows = _rows(wb["Blockages"], "Ref")
    row = dict(zip(header, rows[0]))
    for got, given_text, shown in ((row["Data item"], name, clean(name)),
                                   (row["Reason"], reason, sentence_case(clean(reason)))):
        if shown:
            assert got == shown
            if len(given_text) > CELL_LIMIT:
                assert "[cut:" in got


def test_wrapped_text_rows_are_tall_enough_for_every_line_and_one_more(sample_report):
    """LibreOffice keeps the heights written: a row too short overlaps the next one in the PDF."""
    _, _, wb = sample_report
    ws = wb["Stages"]
    width = sum(ws.column_dimensions[c].width for c in "ABCDEFGH")
    checked = 0
    for row in ws.iter_rows(min_col=1, max_col=1):
        cell = row[0]
        if not isinstance(cell.value, str) or not cell.alignment.wrap_text or cell.font.sz != 10:
            continue
        # Arial 10 fits about 1.45 characters per width unit; a wrapped paragraph needs a line of slack too.
        lines = -(-len(cell.value) // int(width * 1.45))
        if lines > 1 or cell.value.startswith("Action:") and len(cell.value) > width * 1.3:
            checked += 1
            assert ws.row_dimensions[cell.row].height >= (lines + 1) * 12, cell.value
    assert checked >= 4


def test_pictures_drawn_in_a_worker_process_equal_those_drawn_here(sample_graph):
    from exports.pictures import circle_spec, spec_png
    from exports.report_worker import HERE, WORKER, ReportWorker, dpi_for

    stages = nodes_of(sample_graph, "stage")[:3]
    worker = ReportWorker(sample_graph, stages, [None], workers=1)
    try:
        deadline = time.monotonic() + 60
        while WORKER not in worker._claims[:] and time.monotonic() < deadline:
            time.sleep(0.01)  # a spawned worker takes a moment to start
        # Asked at once, while the worker is on its first job: the last one it has not started is done here.
        pictures = [worker.png(index) for index in range(len(stages))]
        assert worker._claims[-1] == HERE
        for picture, stage in zip(pictures, stages):
            spec = circle_spec(sample_graph, stage)
            assert picture == spec_png(spec, dpi_for(spec))
        for index, stage in enumerate(stages):
            assert worker.sentences(index) == [stage_sentence(sample_graph, stage)]
        assert WORKER in worker._claims[:]
    finally:
        worker.close()


FORKED_WORKER = """
import sys, tempfile, time
from pathlib import Path
from exports.pictures import circle_spec, spec_png
from exports.report_worker import WORKER, ReportWorker, dpi_for
from models.graph import build_graph, nodes_of
from models.interchange import import_map, read_json
from models.sentences import stage_sentence
from sample_maps import sample_path

store = import_map(read_json(sample_path("greater-manchester")), Path(tempfile.mkdtemp()) / "s.needmap")
graph = build_graph(store)
store.close()
stages, places = nodes_of(graph, "stage")[:2], [None, *nodes_of(graph, "locality")[:3]]
worker = ReportWorker(graph, stages, places, workers=1)
while worker._process.is_alive():
    time.sleep(0.02)  # the worker does every job while nothing is asked of it, and ends
    while worker._read(None):
        pass
assert worker._claims[:] == [WORKER] * 4, "a job was not done by the worker"
for index, stage in enumerate(stages):
    assert worker.sentences(index) == [stage_sentence(graph, stage, place) for place in places]
    spec = circle_spec(graph, stage)
    assert worker.png(index) == spec_png(spec, dpi_for(spec))
worker.close()
print("jobs done in the worker:", worker._claims[:].count(WORKER))
"""


def test_a_forked_worker_shares_the_graph_and_does_the_sentences_and_pictures_as_they_are_done_here():
    # In a process of its own: the worker is forked only where no thread runs (no Qt, as at the command line).
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", FORKED_WORKER], cwd=root, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    assert "jobs done in the worker: 4" in result.stdout


def test_the_sentences_and_pictures_are_done_here_when_no_worker_can_start(sample_graph, tmp_path, monkeypatch):
    def no_processes(*args, **kwargs):
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr("multiprocessing.context.SpawnContext.Process", no_processes)
    monkeypatch.setattr("multiprocessing.context.ForkContext.Process", no_processes)
    path = tmp_path / "report.xlsx"
    write_report(sample_graph, path, today=TODAY)
    with zipfile.ZipFile(path) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("xl/media/") and n.endswith(".png")]
    assert len(pictures) == len(nodes_of(sample_graph, "stage"))
    _, rows = _rows(openpyxl.load_workbook(path)["Sentences by stage"], "Stage")
    assert [r[2] for r in rows] == [stage_sentence(sample_graph, s, loc) for s in nodes_of(sample_graph, "stage")
                                    for loc in [None, *nodes_of(sample_graph, "locality")]]


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory):
    """A generated map (the national benchmark's, small): blockages everywhere and in single localities,
    actions in every status, dropped and done ones included."""
    from benchmarks.national import make_national_map
    from models.store import MapStore

    path = tmp_path_factory.mktemp("generated") / "generated.needmap"
    make_national_map(path, localities=7, items=30)
    store = MapStore.open(path, read_only=True)
    try:
        return build_graph(store)
    finally:
        store.close()


def test_the_sentence_sheet_of_a_generated_map_is_word_for_word_the_sentence_function(generated_graph, tmp_path):
    graph = generated_graph
    path = tmp_path / "generated.xlsx"
    write_report(graph, path, pictures=False)
    _, rows = _rows(openpyxl.load_workbook(path)["Sentences by stage"], "Stage")
    expected = [stage_sentence(graph, s, loc) for s in nodes_of(graph, "stage")
                for loc in [None, *nodes_of(graph, "locality")]]
    assert [r[2] for r in rows] == expected
    statuses = {graph.nodes[a]["status"] for a in nodes_of(graph, "action")}
    assert {"done", "dropped"} <= statuses  # the map exercises the actions a sentence leaves out


def test_a_big_circle_is_drawn_at_about_the_size_the_sheet_shows_it():
    from exports.pictures import figure_width
    from exports.report_worker import PIXELS_HIGH, dpi_for

    small, big = dict(items=[{}] * 10), dict(items=[{}] * 50)  # 50 named items: a figure 17 inches across
    assert dpi_for(small) == 80  # a small circle keeps its resolution
    assert dpi_for(big) < 80
    assert abs(figure_width(50) * 0.92 * dpi_for(big) - PIXELS_HIGH) < 1


def test_the_matrix_letters_are_coloured_by_one_conditional_format_per_status(sample_report):
    graph, _, wb = sample_report
    ws = wb["Localities"]
    header, rows = _rows(ws, "Data item")
    localities = nodes_of(graph, "locality")
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Data item") + 1
    matrix = f"E{first}:{get_column_letter(4 + len(localities))}{first + len(rows) - 1}"
    rules = {}
    for formatting in ws.conditional_formatting:
        for rule in formatting.rules:
            assert rule.type == "cellIs" and rule.operator == "equal"
            rules[rule.formula[0]] = (str(formatting.sqref), rule)
    assert set(rules) == {f'"{letter}"' for letter in ACCESS_LETTER.values()}
    for status, letter in ACCESS_LETTER.items():
        sqref, rule = rules[f'"{letter}"']
        assert sqref == matrix
        # A conditional format's fill names no pattern (solid, to Excel); both colours carry the tint.
        fill, tint = rule.dxf.fill, _tint(ACCESS_COLOUR[status], 0.45)
        assert fill.fill_type in (None, "solid")
        assert fill.fgColor.rgb.endswith(tint) and fill.bgColor.rgb.endswith(tint)
        assert rule.dxf.font.b
    # The letters themselves still say the status (the colour is extra), centred in one shared style.
    items = {graph.nodes[i]["name"]: i for i in nodes_of(graph, "item")}
    seen = set()
    for offset, row in enumerate(rows):
        item = items[row[0]]
        assert list(row[4:]) == [ACCESS_LETTER[analysis.status(graph, item, loc)] for loc in localities]
        seen.update(row[4:])
        for column in range(5, 5 + len(localities)):
            cell = ws.cell(first + offset, column)
            assert cell.alignment.horizontal == "center" and cell.font.b
            assert cell.fill.fill_type is None  # no per-cell colour
    assert len(seen) > 1


def test_the_report_is_readable_by_others_as_any_saved_file(sample_graph, tmp_path):
    mask = os.umask(0o022)
    try:
        path = tmp_path / "shared.xlsx"
        write_report(sample_graph, path, pictures=False)
    finally:
        os.umask(mask)
    mode = path.stat().st_mode
    assert mode & 0o044 == 0o044
    assert mode & 0o777 == 0o644  # the umask decides, as for any file saved


def test_page_one_holds_the_gm_and_national_asks_in_their_ranking(sample_report):
    graph, _, wb = sample_report
    assert wb.sheetnames[0] == "For decision"
    rows = list(wb["For decision"].iter_rows(values_only=True))
    found = asks.all_asks(graph, TODAY)
    for level, heading in (("gm", "Greater Manchester is asked to"),
                           ("national", "National bodies (Whitehall, the ICO, the MOJ…) are asked to")):
        start = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith(heading))
        listed = [r for r in rows[start + 2:start + 2 + 5] if isinstance(r[0], int)]
        expected = [a for a in found if a.level == level][:5]
        assert [r[1] for r in listed] == [asks.line(graph, a) for a in expected]
        for row, ask in zip(listed, expected):
            assert row[4] == (dt.datetime.combine(ask.due, dt.time()) if ask.due else "—")
            assert row[5] == asks.status_words(ask)  # overdue in words, not colour alone
            assert row[6].startswith(asks.sentence_case(ask.impact.words(graph)))
    national = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("National bodies"))
    assert not any("Live birth" in str(r[1]) for r in rows[national:])  # no national ask for it
    assert any(str(r[0]).startswith("What changed since the last meeting") for r in rows if r[0])


def test_the_register_comes_in_order_of_what_it_puts_at_risk(sample_report):
    graph, _, wb = sample_report
    header, rows = _rows(wb["Blockages"], "Ref")
    scores = []
    for row in rows:
        blockage = ("blockage", int(row[0][1:]))
        impact = asks.impact(graph, [analysis.blockage_item(graph, blockage)], asks.impeded_localities(graph, blockage))
        scores.append(impact.score)
        assert row[list(header).index("Why it matters")] == (impact.words(graph)[:1].upper() + impact.words(graph)[1:]
                                                             if impact.total else None)
    assert scores == sorted(scores, reverse=True)


def test_a_one_locality_report_names_whom_to_ask_alike_on_every_sheet(sample_graph, tmp_path):
    from models.compare import who_to_ask

    path = tmp_path / "wigan.xlsx"
    write_report(sample_graph, path, localities=["Wigan"], pictures=False)
    wb = openpyxl.load_workbook(path)
    wigan = next(loc for loc in nodes_of(sample_graph, "locality") if sample_graph.nodes[loc]["name"] == "Wigan")
    items = {sample_graph.nodes[i]["name"]: i for i in nodes_of(sample_graph, "item")}
    header, matrix = _rows(wb["Localities"], "Data item")
    asked = {r[0]: r[3] for r in matrix}
    _, solved = _rows(wb["Who has solved it"], "Data item")
    assert solved  # Wigan has something to learn
    for row in solved:
        teachers = who_to_ask(sample_graph, items[row[0]], wigan)
        assert teachers and asked[row[0]] == ", ".join(sample_graph.nodes[t]["name"] for t in teachers[:-1]) \
            + (" and " if len(teachers) > 1 else "") + sample_graph.nodes[teachers[-1]]["name"]
        assert row[6].startswith("Wigan: ask ")
    assert asked["Live birth notifications"] not in ("None", "—", "Nobody has solved it yet")


def test_page_one_and_the_summary_say_what_changed_since_the_snapshot(sample_store, tmp_path):
    from app.cli import main
    from models import services as sv
    from models import snapshots

    graph = build_graph(sample_store)
    snapshots.take_snapshot(sample_store, "PLG 14 November 2011", graph)
    item = next(i for i in nodes_of(graph, "item") if graph.nodes[i]["name"] == "Live birth notifications")
    bolton = next(loc for loc in nodes_of(graph, "locality") if graph.nodes[loc]["name"] == "Bolton")
    sv.set_access(sample_store, item[1], bolton[1], "blocked")
    action = next(a for a in nodes_of(graph, "action") if graph.nodes[a]["status"] == "in_progress")
    sv.edit_action(sample_store, action[1], status="done")
    sample_store.close()
    target = tmp_path / "paper.xlsx"
    assert main(["report", str(sample_store.path), "-o", str(target)]) == 0  # the latest snapshot by default
    wb = openpyxl.load_workbook(target)
    page_one = [r[0] for r in wb["For decision"].iter_rows(values_only=True) if r[0]]
    heading = next(t for t in page_one if str(t).startswith("What changed since “PLG 14 November 2011”"))
    lines = page_one[page_one.index(heading) + 1:]
    assert lines[0] == "• Newly blocked: Live birth notifications: now blocked in Bolton (was accessible)"
    assert any(str(t).startswith("• Actions done: ") for t in lines)
    summary = [r[0] for r in wb["Summary"].iter_rows(values_only=True) if r[0]]
    assert "Done since “PLG 14 November 2011”: 1 action:" in summary
    assert any(str(t).startswith("Overdue on ") for t in summary)


@pytest.mark.parametrize("pictures", [True, False])
def test_the_progress_steps_foreseen_are_the_steps_taken(sample_graph, tmp_path, pictures):
    from exports.report import progress_steps

    steps = []
    write_report(sample_graph, tmp_path / "r.xlsx", stages=["Identification of need", "Design of support"],
                 progress=steps.append, pictures=pictures)
    assert len(steps) == progress_steps(2, pictures)


# The report as printed: dates, pages, paper, tables, properties, locality headings.

def _column_widths(ws) -> dict[int, float]:
    """Column (from 1) → width, over the ranges a sheet's <col> elements give."""
    widths = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            for column in range(dim.min, (dim.max or dim.min) + 1):
                widths[column] = dim.width
    return widths


def test_every_date_cell_is_a_date_in_a_column_wide_enough_to_show_it(sample_report):
    """A date too wide for its column prints as ###: each is at most 11 characters (“30 Sep 2012”) in
    exports.xlsx.DATE_FORMAT, and its column has room for it and two more."""
    from exports.xlsx import DATE_FORMAT

    _, _, wb = sample_report
    assert DATE_FORMAT == "d mmm yyyy"
    dates = 0
    for ws in wb.worksheets:
        widths, longest = _column_widths(ws), {}
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "is_date", False):
                    assert cell.number_format == DATE_FORMAT, (ws.title, cell.coordinate)
                    shown = f"{cell.value.day} {cell.value:%b %Y}"
                    longest[cell.column] = max(longest.get(cell.column, 0), len(shown))
                    dates += 1
                elif isinstance(cell.value, str) and ws.title in ("Blockages", "Actions", "Stages"):
                    assert not re.fullmatch(r"\d{1,2} \w+ \d{4}", cell.value), (ws.title, cell.value)
        for column, length in longest.items():
            assert widths.get(column, 0) >= length + 2, (ws.title, column)
    assert dates >= 20


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils is not installed")
def test_the_report_printed_by_libreoffice_shows_no_hashes(sample_graph, tmp_path):
    """A number or date too wide for its column prints as ###; page 1's “#” heading is one character."""
    path = tmp_path / "report.xlsx"
    write_report(sample_graph, path, today=TODAY, pictures=False)
    profile = (tmp_path / "profile").as_uri()  # a profile of its own: a running LibreOffice does not interfere
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Who has solved it" in text and re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", text)  # dates shown
    assert not re.search(r"##", text)


def test_every_sheet_prints_on_a4_but_the_register_and_the_catalogue(sample_report):
    _, _, wb = sample_report
    papers = {ws.title: int(ws.page_setup.paperSize) for ws in wb.worksheets}
    assert {title for title, paper in papers.items() if paper != 9} == {"Blockages", "Data items"}
    assert papers["Blockages"] == papers["Data items"] == 8  # A3: on A4 their text would print at 5 points


def _styled(ws, row: int) -> str:
    """What a row is, by its first cell's look: a band, a group (a stage, an owner), a heading or a row."""
    cell = ws.cell(row, 1)
    fill = (cell.fill.fgColor.rgb or "") if cell.fill and cell.fill.fill_type else ""
    if fill.endswith("1F3A5F") and cell.font.sz == 12:
        return "band"
    if fill.endswith("DCE4EE"):
        return "group"
    if cell.font.sz and cell.font.sz >= 13:
        return "heading"
    return "row"


def test_no_page_ends_with_a_heading_whose_rows_are_overleaf(sample_report):
    """Sheets with headings have every page break written (the page model of exports.xlsx.Sheet): none falls
    just after a heading, a stage, a level or an owner; a stage's statement and headings go with it."""
    _, _, wb = sample_report
    checked = 0
    for title in ("Summary", "Stages", "Actions"):
        ws = wb[title]
        breaks = [b.id for b in ws.row_breaks.brk]  # a break after row b.id (counted from 1)
        assert breaks, title
        for last in breaks:
            assert _styled(ws, last) == "row", (title, last, ws.cell(last, 1).value)
            if title == "Stages":  # nor a stage's statement, nor its table's headings
                assert _styled(ws, last - 1) != "group", (last, ws.cell(last, 1).value)
                assert ws.cell(last, 1).value != "Localities", last
            checked += 1
    assert checked >= 5


def test_the_page_model_moves_a_heading_that_would_end_a_page(tmp_path):
    from exports.xlsx import Book

    book = Book(tmp_path / "pages.xlsx", "Pages")
    sheet = book.sheet("Pages", [20, 20, 20])
    room = sheet.page_points()
    rows = int(room // 15)
    for n in range(rows - 2):  # a page but two rows: the heading and one row would fit, not three
        sheet.row(f"row {n}", "x", "y")
    heading = sheet.row(("A heading", "group"), ("", "group"), ("", "group"))
    for n in range(5):
        sheet.row(f"under {n}", "x", "y")
    sheet.keep(heading, sheet.row_count, least=3, whole=False)
    assert sheet.pages() == [heading - 1]  # the heading starts the second page
    book.close()
    ws = openpyxl.load_workbook(tmp_path / "pages.xlsx")["Pages"]
    assert [b.id for b in ws.row_breaks.brk] == [heading - 1]


def test_a_small_section_is_not_moved_off_a_page_mostly_empty(tmp_path):
    from exports.xlsx import Book

    book = Book(tmp_path / "pages.xlsx", "Pages")
    sheet = book.sheet("Pages", [20, 20, 20])
    rows = int(sheet.page_points() // 15)
    for n in range(rows // 3):
        sheet.row(f"row {n}", "x", "y")
    heading = sheet.row(("A section longer than what is left", "group"))
    for n in range(rows - 4):
        sheet.row(f"under {n}", "x", "y")
    sheet.keep(heading, sheet.row_count)
    # It would fit on a page of its own, but this one is two thirds empty: it starts here.
    assert sheet.pages() and sheet.pages()[0] > heading
    book.close()


def test_table_sheets_are_excel_tables_with_filters_over_no_merged_cell(sample_report):
    graph, _, wb = sample_report
    expected = {"Summary": 1, "Stages": 1, "Blockages": 1, "Actions": 1, "Localities": 1, "Who has solved it": 1,
                "Sentences by stage": 1, "Data items": 1}
    for title, least in expected.items():
        ws = wb[title]
        assert len(ws.tables) >= least, title
        merged = [m.bounds for m in ws.merged_cells.ranges]
        for table in ws.tables.values():
            assert table.autoFilter is not None
            first_col, first_row, last_col, last_row = openpyxl.utils.cell.range_boundaries(table.ref)
            headers = [ws.cell(first_row, c).value for c in range(first_col, last_col + 1)]
            assert [c.name for c in table.tableColumns] == headers, (title, table.name)
            assert len({h.casefold() for h in headers}) == len(headers)
            for m_col, m_row, m_last_col, m_last_row in merged:
                assert m_last_row < first_row or m_row > last_row or m_last_col < first_col or m_col > last_col, \
                    (title, table.ref)
    # A table per stage with gaps, its statement above it and out of it.
    assert len(wb["Stages"].tables) == sum(1 for _ in nodes_of(graph, "stage"))


def test_the_workbook_says_its_title_subject_and_author(sample_report):
    graph, _, wb = sample_report
    info = graph.graph["map"]
    properties = wb.properties
    assert properties.title == f"{info['title']} — leadership group paper"
    assert properties.subject == "Data and information sharing"
    assert properties.creator == (info.get("programme") or "Circle of Need")
    assert properties.created is not None and properties.created.date() >= TODAY.replace(year=2020)


def test_long_locality_names_head_the_matrix_distinguishably(sample_graph, tmp_path):
    from exports.report_tables import TURNED_CHARACTERS, locality_labels, turned_height

    graph = sample_graph
    places = nodes_of(graph, "locality")
    long_names = ["Royal Borough of Kingston upon Thames", "Royal Borough of Kensington and Chelsea"]
    for place, name in zip(places, long_names):
        graph.nodes[place]["name"] = name
    path = tmp_path / "long.xlsx"
    write_report(graph, path, today=TODAY, pictures=False)
    ws = openpyxl.load_workbook(path)["Localities"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Data item")
    labels = [ws.cell(header, 5 + n).value for n in range(len(places))]
    assert len({label.casefold() for label in labels}) == len(labels)
    assert all(len(label) <= TURNED_CHARACTERS for label in labels)
    assert ws.row_dimensions[header].height >= turned_height(max(map(len, labels)))
    note = ws.cell(header - 1, 1).value
    shortened = {re.search(f"“([^”]+)” is {name}", note).group(1): name for name in long_names}
    first, second = shortened
    assert first in labels and second in labels
    assert first[:TURNED_CHARACTERS - 8] != second[:TURNED_CHARACTERS - 8]  # not alike at a glance either
    short = {graph.nodes[p]["name"] for p in places[2:]}
    assert set(labels) == short | set(shortened)  # the short names whole
    # Alike however they are cut, and alike a fixed heading: still told apart.
    assert len(set(locality_labels(["x" * 40 + "a", "x" * 40 + "b", "Holder"], taken=["Holder"]))) == 3
    assert locality_labels(["Holder"], taken=["Holder"]) != ["Holder"]


def test_a_stage_with_many_gaps_lists_the_most_important_and_points_to_the_register(tmp_path):
    from benchmarks.national import make_national_map
    from exports.report_stages import ROWS_PER_STAGE
    from models.store import MapStore

    path = tmp_path / "national.needmap"
    make_national_map(path, localities=30, items=60)
    store = MapStore.open(path, read_only=True)
    graph = build_graph(store)
    store.close()
    target = tmp_path / "n.xlsx"
    write_report(graph, target, pictures=False)
    rows = list(openpyxl.load_workbook(target)["Stages"].iter_rows(values_only=True))
    notes = [r[0] for r in rows if r[0] and str(r[0]).startswith(f"The {ROWS_PER_STAGE} rows above")]
    assert notes and all("in the blockage register" in n for n in notes)


def test_page_one_stays_one_readable_page_whatever_an_action_says(tmp_path):
    from models.interchange import import_map
    from tests.report_map import report_map_document

    document = report_map_document()
    document["actions"][2]["step"] = '=HYPERLINK("http://x","click")\x07 ' + "y " * 20000
    store = import_map(document, tmp_path / "m.needmap")
    graph = build_graph(store)
    store.close()
    write_report(graph, tmp_path / "r.xlsx", pictures=False)
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    asks_on_page_one = [r[1] for r in wb["For decision"].iter_rows(values_only=True) if isinstance(r[0], int)]
    hmrc = next(a for a in asks_on_page_one if a.startswith("HMRC: "))
    assert hmrc.startswith('HMRC: =HYPERLINK("http://x","click") y y') and hmrc.endswith("…") and len(hmrc) <= 301
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
