"""Comparing localities without Qt: matrix rows and filters, who has solved it, national asks, side by side,
and the comparison workbook read back."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from app.cli import main
from exports.comparison import write_comparison
from models import services
from models.analysis import blockages_of, stages_needing, status
from models.compare import (
    MatrixFilter, ask_sentence, cell_text, matrix_groups, side_by_side, variation_score, who_has_solved,
)
from models.graph import build_graph, nodes_of


def _by_name(graph, kind):
    return {graph.nodes[k]["name"]: k for k in graph if k[0] == kind}


def test_groups_follow_the_journey_and_filters_narrow_them(sample_graph):
    groups = matrix_groups(sample_graph)
    stages = nodes_of(sample_graph, "stage")
    assert [g.stage for g in groups if g.stage] == stages
    for group in groups:
        if group.stage:
            assert set(group.items) == set(sample_graph.adj[group.stage])
    first = stages[0]
    only = matrix_groups(sample_graph, MatrixFilter(stage=first))
    assert [g.stage for g in only] == [first]
    legal = matrix_groups(sample_graph, MatrixFilter(category="legal"))
    for group in legal:
        for item in group.items:
            assert any(sample_graph.nodes[b]["category"] == "legal" for b in sample_graph.pred[item] if b[0] == "blockage")
    assert sum(len(g.items) for g in legal) < sum(len(g.items) for g in groups)
    blocked = matrix_groups(sample_graph, MatrixFilter(status="blocked"))
    places = nodes_of(sample_graph, "locality")
    for group in blocked:
        assert all(any(status(sample_graph, i, p) == "blocked" for p in places) for i in group.items)


def test_sort_by_variation_puts_the_widest_spread_first(sample_graph):
    places = nodes_of(sample_graph, "locality")
    for group in matrix_groups(sample_graph, by_variation=True):
        scores = [variation_score(sample_graph, i, places)[0] for i in group.items]
        assert scores == sorted(scores, reverse=True)


def test_who_has_solved_lists_who_has_it_and_who_does_not(sample_graph):
    solved = who_has_solved(sample_graph)
    assert solved
    places = nodes_of(sample_graph, "locality")
    for entry in solved:
        assert entry.with_access and entry.blocked
        assert set(entry.with_access + entry.blocked + entry.unknown) == set(places)
        for p in entry.blocked:  # blocked, or only partly accessible with a blockage in the way
            assert status(sample_graph, entry.item, p) == "blocked" or (
                status(sample_graph, entry.item, p) == "partial" and blockages_of(sample_graph, entry.item, p))
    births = next(e for e in solved if sample_graph.nodes[e.item]["name"] == "Live birth notifications")
    sentence = ask_sentence(sample_graph, births)
    assert "ask Bolton" in sentence and "live birth notifications" in sentence


def test_cell_text_gives_reason_and_action(sample_graph):
    items, places = _by_name(sample_graph, "item"), _by_name(sample_graph, "locality")
    text = cell_text(sample_graph, items["Live birth notifications"], places["Bury"])
    assert "Blocked" in text and "legal advice" in text and "Action" in text


def test_side_by_side_marks_differences(sample_graph):
    items, places = _by_name(sample_graph, "item"), _by_name(sample_graph, "locality")
    stage = nodes_of(sample_graph, "stage")[0]
    rows = side_by_side(sample_graph, stage, places["Bolton"], places["Bury"])
    births = next(r for r in rows if r.item == items["Live birth notifications"])
    assert births.differs and births.first == "accessible" and births.second == "blocked"
    assert all(r.differs == (r.first != r.second) for r in rows)
    assert not any(r.differs for r in side_by_side(sample_graph, stage, places["Bolton"], places["Bolton"]))


def test_comparison_workbook_reads_back(sample_graph, tmp_path):
    target = write_comparison(sample_graph, tmp_path / "comparison.xlsx")
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Matrix", "Who has solved it", "National asks", "GM asks", "Local asks"]
    ws = wb["Matrix"]
    header = [c.value for c in ws[3]]
    places = nodes_of(sample_graph, "locality")
    assert header[3:5] == ["Accessible in", "Partly accessible in"]
    assert header[5:] == [sample_graph.nodes[p]["name"] for p in places]
    items = _by_name(sample_graph, "item")
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "Live birth notifications")
    expected = [{"accessible": "A", "partial": "P", "blocked": "B", "unknown": "?"}[
        status(sample_graph, items["Live birth notifications"], p)] for p in places]
    assert list(row[5:]) == expected
    assert ws.freeze_panes == "F4"
    assert wb["Who has solved it"]["C2"].value == "Accessible in"
    solved = [r for r in wb["Who has solved it"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(solved) == len(who_has_solved(sample_graph))
    for sheet in wb:
        for r in sheet.iter_rows():
            for cell in r:
                assert cell.data_type != "f"


def test_comparison_counts_fully_accessible_as_the_report_does(sample_store, tmp_path):
    """Accessible in counts “accessible” only (as the report's Localities sheet), partly accessible apart."""
    graph = build_graph(sample_store)
    items, places = _by_name(graph, "item"), _by_name(graph, "locality")
    births = items["Live birth notifications"]
    services.set_access(sample_store, births[1], places["Wigan"][1], "partial")
    graph = build_graph(sample_store)
    states = [status(graph, births, p) for p in nodes_of(graph, "locality")]
    assert states.count("partial") >= 1 and states.count("accessible") >= 1
    ws = openpyxl.load_workbook(write_comparison(graph, tmp_path / "c.xlsx"))["Matrix"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "Live birth notifications")
    assert row[3:5] == (states.count("accessible"), states.count("partial"))


def test_comparison_keeps_formula_like_names_as_text(sample_store, tmp_path):
    services.add_item(sample_store, "=HYPERLINK(\"http://x\")\x07")
    target = write_comparison(build_graph(sample_store), tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(target)["Matrix"]
    cells = [r[1] for r in ws.iter_rows(min_row=4) if r[1].value and str(r[1].value).startswith("=HYPER")]
    assert cells and cells[0].data_type == "s" and cells[0].quotePrefix and "\x07" not in cells[0].value


def test_cli_compare(sample_store, tmp_path, capsys):
    path = Path(sample_store.path)
    sample_store.close()
    out = tmp_path / "cmp.xlsx"
    assert main(["compare", str(path), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "Matrix"
    assert main(["compare", str(path), "-o", str(tmp_path / "no-such-folder" / "x.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_new_modules_do_not_import_qt():
    code = ("import sys, models.compare, models.merge, exports.comparison, exports.borough_template, "
            "exports.borough_fill; print('PySide6' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False", result.stderr


def test_who_to_ask_keeps_names_as_written_and_lists_every_place(empty_store):
    """Names inside the sentence go through models.sentences.noun (acronyms and proper names stay);
    places through join, never “and 1 more”."""
    places = [p[1] for p in nodes_of(build_graph(empty_store), "locality")]
    ae = services.add_item(empty_store, "A&E attendances").created[1]
    advice = services.add_item(empty_store, "Jobcentre Plus training advice").created[1]
    births = services.add_item(empty_store, "Live birth notifications").created[1]
    services.set_access(empty_store, ae, places[0], "partial")
    services.set_access(empty_store, advice, places[0], "accessible")
    services.set_access(empty_store, births, places[0], "accessible")
    for item in (ae, advice, births):
        for place in places[1:8]:  # seven blocked
            services.set_access(empty_store, item, place, "blocked")
    graph = build_graph(empty_store)
    text = {graph.nodes[s.item]["name"]: ask_sentence(graph, s) for s in who_has_solved(graph)}
    names = [graph.nodes[("locality", p)]["name"] for p in places]
    assert text["A&E attendances"].endswith(f"ask {names[0]} how they get part of A&E attendances.")
    assert text["Jobcentre Plus training advice"].endswith("how they get Jobcentre Plus training advice.")
    assert text["Live birth notifications"].endswith("how they get live birth notifications.")
    # Seven blocked with a limit of six: all seven named, not “and 1 more”.
    assert text["Live birth notifications"].startswith(
        f"{', '.join(names[1:7])} and {names[7]}: ask {names[0]}")
    assert "1 more" not in "".join(text.values())
    services.set_access(empty_store, births, places[8], "blocked")
    graph = build_graph(empty_store)
    entry = next(s for s in who_has_solved(graph) if s.item == ("item", births))
    assert ask_sentence(graph, entry).startswith(f"{', '.join(names[1:7])} and 2 more: ask")


def test_comparison_workbook_can_be_read_by_colleagues(sample_graph, tmp_path):
    """Written with the user's usual permissions (umask), not mkstemp's private 0600."""
    old = os.umask(0o002)
    try:
        target = write_comparison(sample_graph, tmp_path / "shared.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_comparison_workbook_prints_readably(sample_store, tmp_path):
    """Landscape, one page wide and narrow enough to stay at 8 pt or more, a running head and page numbers,
    status letters centred, the header row sized to its text, every stage of an item on its own line and
    several actions of a national ask one per line after a bullet."""
    services.edit_map(sample_store, title="Health & Care")
    graph = build_graph(sample_store)
    wb = openpyxl.load_workbook(write_comparison(graph, tmp_path / "c.xlsx"))
    for ws in wb:
        setup = ws.page_setup
        assert setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
        widths = [ws.column_dimensions[get_column_letter(n)].width for n in range(1, ws.max_column + 1)]
        assert sum(widths) <= 185, ws.title  # shrunk by at most 0.8 onto landscape A4: 10 pt stays ≥ 8 pt
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert ws.oddHeader.left.text == "Health && Care" and ws.oddHeader.right.text == "&A"
    matrix = wb["Matrix"]
    assert 40 <= matrix.row_dimensions[3].height <= 90
    row = next(r for r in matrix.iter_rows(min_row=4) if r[1].value == "Live birth notifications")
    assert all(c.alignment.horizontal == "center" for c in row[5:])
    stages = [graph.nodes[s]["name"] for s in stages_needing(graph, _by_name(graph, "item")["Live birth notifications"])]
    assert row[0].value.split("\n") == stages and row[0].alignment.wrap_text


def test_a_wide_matrix_prints_across_pages_with_its_item_columns(tmp_path):
    """152 localities cannot fit one page at a readable size: full size across pages, item columns repeated."""
    from benchmarks.national import make_national_map
    from models.store import MapStore

    path = tmp_path / "national.needmap"
    make_national_map(path, localities=152, items=20)
    store = MapStore.open(path, read_only=True)
    try:
        graph = build_graph(store)
    finally:
        store.close()
    ws = openpyxl.load_workbook(write_comparison(graph, tmp_path / "n.xlsx"))["Matrix"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_cols.replace("$", "") == "A:E" and ws.page_setup.orientation == "landscape"


def test_partly_accessible_with_a_blockage_is_not_solved_and_points_to_full_access(tmp_path):
    from models.compare import who_to_ask
    from models.graph import build_graph
    from tests.report_map import make_report_map

    store = make_report_map(tmp_path / "three.needmap")
    graph = build_graph(store)
    store.close()
    items, places = _by_name(graph, "item"), _by_name(graph, "locality")
    asb = next(e for e in who_has_solved(graph) if e.item == items["Anti-social behaviour incidents"])
    assert [graph.nodes[p]["name"] for p in asb.teachers] == ["Bolton", "Bury"]
    assert [graph.nodes[p]["name"] for p in asb.blocked] == ["Wigan"]
    assert ask_sentence(graph, asb) == "Wigan: ask Bolton and Bury how they get anti-social behaviour incidents."
    assert who_to_ask(graph, items["Anti-social behaviour incidents"], places["Wigan"]) == asb.teachers
    assert who_to_ask(graph, items["Anti-social behaviour incidents"], places["Bolton"]) == []
    # DWP benefits: partly accessible everywhere with a blockage — nobody has solved it, nobody to ask.
    assert all(e.item != items["DWP out-of-work benefits"] for e in who_has_solved(graph))
