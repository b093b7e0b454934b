"""The floor of the report benchmark (benchmarks/report.py), run as a fresh process the way the report is:
what any report must do, done plainly. It opens the map read-only and builds its graph (as the command does),
writes a workbook with raw XlsxWriter holding as many cells per sheet, over as many rows, as the report wrote
(plain values, no styles; the cells kept until closed and each sheet's XML then written through a
temporary file, as the report's workbook is), and draws one matplotlib
figure per circle picture the report draws (Agg, one scatter of N points and N short texts, N being the items
of that stage's circle, saved to PNG at the report's 80 dpi and put in the last sheet).

Run: `python benchmarks/report_floor.py MAP OUT.xlsx SPEC.json`, SPEC holding {"cells": {sheet: count},
"rows": {sheet: count}, "circles": [N per stage]}.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the project's packages are beside this folder
    sys.path.insert(0, str(ROOT))

DPI = 80
FIGURE_INCHES = (12, 11)  # about the 1,000 pixels high the report draws each picture at


def read_map(path: str):
    from models.graph import build_graph
    from models.store import MapStore

    store = MapStore.open(path, read_only=True)
    try:
        return build_graph(store)
    finally:
        store.close()


def figure_png(count: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_INCHES)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.axis("off")
    xs = [n % 20 for n in range(count)]
    ys = [n // 20 for n in range(count)]
    axes.scatter(xs, ys, s=200)
    for n, (x, y) in enumerate(zip(xs, ys)):
        axes.text(x, y + 0.3, f"Data item {n:03d}", ha="center", fontsize=7)
    axes.set_xlim(-1, 21)
    axes.set_ylim(-1, max(ys, default=0) + 2)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def write_floor(target: str, cells: dict[str, int], rows: dict[str, int], circles: list[int]) -> int:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target)
    written = 0
    sheet = None
    for title, count in cells.items():
        sheet = workbook.add_worksheet(title)
        height = max(1, rows.get(title, 1))
        width, extra = divmod(count, height)
        for r in range(height):
            for c in range(width + (1 if r < extra else 0)):
                value = f"Data item {r:03d}" if c % 3 == 0 else "Council 042" if c % 3 == 1 else r
                sheet.write(r, c, value)
                written += 1
    sheet = sheet or workbook.add_worksheet()
    for n, count in enumerate(circles):
        sheet.insert_image(n * 50, 12, f"circle{n}.png", {"image_data": io.BytesIO(figure_png(count))})
    workbook.close()
    return written


def main(argv: list[str]) -> None:
    map_path, target, spec_path = argv
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    graph = read_map(map_path)
    written = write_floor(target, spec["cells"], spec["rows"], spec["circles"])
    print(f"floor: {len(graph)} nodes read, {written} cells written, {len(spec['circles'])} figures drawn")


if __name__ == "__main__":
    main(sys.argv[1:])
