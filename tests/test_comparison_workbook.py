"""The comparison workbook's asks read back with openpyxl: models.asks' own asks, in its ranking, a sheet per
level (national bodies, Greater Manchester, each locality) under who must act; who has solved it in the same
meaning as the panel."""

import datetime as dt

import openpyxl
from openpyxl.utils import get_column_letter

from exports.comparison import write_comparison
from models import asks, services
from models.compare import who_has_solved
from models.graph import build_graph

SHEETS = {"national": "National asks", "gm": "GM asks", "local": "Local asks"}


def _by_name(graph, kind):
    return {graph.nodes[k]["name"]: k for k in graph if k[0] == kind}


def _header_row(ws, first):
    for number, row in enumerate(ws.iter_rows(values_only=True), 1):
        if row and row[0] == first:
            return number, [c for c in row if c is not None]
    raise AssertionError(f"no header in {ws.title}")


def _groups(ws):
    """[(heading, [rows as dicts]), …] under the header row: a heading is a row with only its first cell."""
    number, header = _header_row(ws, "#")
    groups = []
    for row in ws.iter_rows(min_row=number + 1, values_only=True):
        if row[0] is None or row[0] == "":
            continue
        if all(v in (None, "") for v in row[1:]):
            groups.append((row[0], []))
        else:
            groups[-1][1].append(dict(zip(header, row)))
    return groups


def _book(graph, tmp_path):
    return openpyxl.load_workbook(write_comparison(graph, tmp_path / "comparison.xlsx"))


def test_each_level_lists_the_asks_in_their_ranking_under_who_must_act(sample_graph, tmp_path):
    wb = _book(sample_graph, tmp_path)
    assert wb.sheetnames == ["Matrix", "Who has solved it", "National asks", "GM asks", "Local asks"]
    found = asks.all_asks(sample_graph)
    for level, sheet in SHEETS.items():
        here = [a for a in found if a.level == level]
        assert here, level
        groups = _groups(wb[sheet])
        if level == "local":
            expected = [(sample_graph.nodes[loc]["name"], ranked)
                        for loc, ranked in asks.by_locality(sample_graph, here)]
        else:
            expected = asks.by_owner(here)
        assert [(heading, [r["Ask"] for r in rows]) for heading, rows in groups] == [
            (heading, [asks.headline(sample_graph, a) for a in ranked]) for heading, ranked in expected]
        # Read by rank, the rows are the level's asks in models.asks' order, each in details()' words.
        rows = sorted((r for _, rs in groups for r in rs), key=lambda r: r["#"])
        if level != "local":  # a local ask stands under each locality it helps
            assert [r["#"] for r in rows] == list(range(1, len(here) + 1))
        rows = list({r["#"]: r for r in rows}.values())
        assert [r["Ask"] for r in rows] == [asks.headline(sample_graph, a) for a in here]
        for row, ask in zip(rows, here):
            facts = dict(asks.details(sample_graph, ask))
            for label in ("Owner", "Items", "Stages", "Due", "Status", "Because", "Why it matters"):  # partial's reasons too
                assert row[label] == facts[label], (label, row[label])
            assert (row["Learn from"] or "") == facts.get("Learn from", "")
            assert str(len(ask.localities)) in row["Localities"]


def test_national_asks_are_for_national_bodies(sample_graph, tmp_path):
    wb = _book(sample_graph, tmp_path)
    national = _groups(wb["National asks"])
    rows = [r for _, rs in national for r in rs]
    # Live birth data solved by one borough is each council's own ask, not a national one…
    assert not [r for r in rows if "Live birth notifications" in r["Items"]]
    assert any("Live birth notifications" in r["Items"] for _, rs in _groups(wb["Local asks"]) for r in rs)
    # …while the ask to DWP stands although the benefits data is partly accessible in most places.
    dwp = dict(national)["DWP"]
    benefits = [a for a in asks.asks_at(sample_graph, "national") if a.owner == "DWP" and a.impact.partial]
    assert benefits
    assert asks.headline(sample_graph, benefits[0]) in [r["Ask"] for r in dwp]
    # Greater Manchester's asks are on their own sheet, none of them among the national ones.
    gm = {r["Ask"] for _, rs in _groups(wb["GM asks"]) for r in rs}
    assert gm and not gm & {r["Ask"] for r in rows}
    assert gm == {asks.headline(sample_graph, a) for a in asks.asks_at(sample_graph, "gm")}


def test_asks_sheets_print_readably(sample_graph, tmp_path):
    wb = _book(sample_graph, tmp_path)
    for sheet in SHEETS.values():
        ws = wb[sheet]
        number, header = _header_row(ws, "#")
        assert header == ["#", "Owner", "Ask", "Items", "Stages", "Localities", "Due", "Status", "Because",
                          "Why it matters", "Learn from"]
        assert ws.print_title_rows == f"${number}:${number}"  # the header on every printed page
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        widths = [ws.column_dimensions[get_column_letter(n)].width for n in range(1, len(header) + 1)]
        assert sum(widths) <= 185
        for row in ws.iter_rows(min_row=number + 1):
            for cell in row[1:]:
                if isinstance(cell.value, str) and len(cell.value) > 20:
                    assert cell.alignment.wrap_text, (sheet, cell.coordinate)
            assert all(cell.data_type != "f" for cell in row)
        tall = [ws.row_dimensions[r].height for r in range(number + 1, ws.max_row + 1)]
        assert any(h and h > 30 for h in tall)  # long asks get the lines they need


def test_an_overdue_ask_says_so(sample_graph, tmp_path):
    wb = _book(sample_graph, tmp_path)
    rows = [r for _, rs in _groups(wb["National asks"]) for r in rs]
    late = [a for a in asks.asks_at(sample_graph, "national") if a.overdue]
    assert late  # the sample's dates are long past
    row = next(r for r in rows if r["Ask"] == asks.headline(sample_graph, late[0]))
    assert "overdue" in row["Due"] and "overdue" in row["Status"]


def test_an_ask_with_a_formula_like_owner_stays_text(sample_store, tmp_path):
    graph = build_graph(sample_store)
    blockage = next(k for k in graph if k[0] == "blockage")
    services.add_action(sample_store, blockage[1], step="=cmd|' /C calc'!A0", level="national",
                        owner_body="+DWP", due=dt.date(2099, 1, 1))
    graph = build_graph(sample_store)
    ws = _book(graph, tmp_path)["National asks"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(("=", "+"))]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_who_has_solved_lists_the_held_back_apart_from_the_partly_solved(sample_store, tmp_path):
    graph = build_graph(sample_store)
    items, places = _by_name(graph, "item"), _by_name(graph, "locality")
    births = items["Live birth notifications"]
    services.set_access(sample_store, births[1], places["Salford"][1], "partial")  # nothing recorded in the way
    graph = build_graph(sample_store)
    ws = _book(graph, tmp_path)["Who has solved it"]
    number, header = _header_row(ws, "Data item")
    assert header[2:5] == ["Accessible in", "Partly accessible, nothing in the way", "Blocked or held back"]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=number + 1, values_only=True) if r[0]]
    assert [r["Data item"] for r in rows] == [graph.nodes[e.item]["name"] for e in who_has_solved(graph)]
    row = next(r for r in rows if r["Data item"] == "Live birth notifications")
    entry = next(e for e in who_has_solved(graph) if e.item == births)
    held = [p for p in entry.partial if p in entry.blocked]
    assert held  # partly accessible with a blockage recorded: held back
    assert row["Partly accessible, nothing in the way"] == "Salford"
    assert all(graph.nodes[p]["name"] in row["Blocked or held back"] for p in held)
