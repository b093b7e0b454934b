"""Time from an edit to the repainted diagram, at workshop scale (the sample map, every circle of the
journey shown) and at national scale (400 data items, 152 localities), against creating the same
number of bare QGraphicsItems and painting them in the same run.

Budgets: ≤ 16 ms per edit at workshop scale, ≤ 100 ms at national scale.
Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.diagram`.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QGraphicsEllipseItem, QGraphicsScene, QGraphicsView  # noqa: E402

from app.document import Document  # noqa: E402
from app.intents import carry_out  # noqa: E402
from models.analysis import circle, status  # noqa: E402
from models.graph import nodes_of  # noqa: E402
from models.interchange import import_map, read_json  # noqa: E402
from models.store import MapStore  # noqa: E402
from sample_maps import sample_path  # noqa: E402
from views.diagram_panel import DiagramPanel  # noqa: E402
from views.intents import Intent  # noqa: E402

ROUNDS = 15


def bare_items(count: int) -> float:
    """Seconds to create `count` bare items in a scene and paint them once (the floor)."""
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    view.resize(1200, 800)
    view.show()
    QApplication.processEvents()
    start = time.perf_counter()
    for n in range(count):
        item = QGraphicsEllipseItem(0, 0, 40, 40)
        item.setPos(n % 40 * 50, n // 40 * 50)
        scene.addItem(item)
    view.viewport().repaint()
    elapsed = time.perf_counter() - start
    view.close()
    return elapsed


def edits(document: Document, panel: DiagramPanel):
    """Edits a facilitator makes: mark access, rename, drag; each followed by a synchronous repaint."""
    graph = document.graph
    scene = panel.scene
    shown = [k for v, k in scene.nodes if k[0] == "item"]
    locality = nodes_of(graph, "locality")[0]
    n = 0
    while True:
        item = shown[n % len(shown)]
        new = "blocked" if status(graph, item, locality) != "blocked" else "accessible"
        yield "mark access", Intent("set", "access", (item[1], locality[1]), {"status": new})
        yield "rename", Intent("edit", "item", item[1], {"name": f"{graph.nodes[item]['name'].split(' #')[0]} #{n}"})
        view, _ = next(p for p in scene.nodes if p[1] == item)
        node = scene.nodes[(view, item)]
        ox, oy = scene.offset(view)
        yield "drag", Intent("move", "nodes", view, {"moves": {item: (node.x() - ox + 7, node.y() - oy + 3)}})
        n += 1


def measure(path: Path, label: str, journey: bool) -> dict[str, float]:
    store = MapStore.open(path)
    document = Document(store)
    panel = DiagramPanel(document.graph)
    saved: list[float] = []
    document.changed.connect(lambda _change: saved.append(time.perf_counter()))  # written and graph updated
    document.changed.connect(lambda change: panel.sync(document.graph, change))
    panel.resize(1600, 1000)
    panel.show()
    if journey:
        panel.toggle_journey()
    QApplication.processEvents()
    nodes = len(panel.scene.nodes)
    items = sum(1 for _, k in panel.scene.nodes if k[0] == "item")
    timings: dict[str, list[float]] = {}
    drawing: dict[str, list[float]] = {}
    sync_only: list[float] = []
    source = edits(document, panel)
    for _ in range(ROUNDS * 3):
        what, intent = next(source)
        start = time.perf_counter()
        assert carry_out(document, intent), what
        QApplication.processEvents()  # the repaint of what changed
        end = time.perf_counter()
        timings.setdefault(what, []).append(end - start)
        drawing.setdefault(what, []).append(end - saved[-1])
        start = time.perf_counter()
        document.undo_stack.undo()
        QApplication.processEvents()
        sync_only.append(time.perf_counter() - start)
    floor = statistics.median([bare_items(nodes) for _ in range(5)])
    result = {what: statistics.median(values) for what, values in timings.items()}
    worst = max(result.values())
    print(f"\n{label}: {items} data items drawn ({nodes} nodes), {len(nodes_of(document.graph, 'locality'))} localities")
    print(f"  floor: create and paint {nodes} bare QGraphicsItems: {floor * 1000:.1f} ms")
    for what, seconds in result.items():
        draw = statistics.median(drawing[what])
        print(f"  {what:12s} {seconds * 1000:6.1f} ms per edit (ratio to floor {seconds / floor:.2f}); "
              f"of which diagram sync + repaint {draw * 1000:5.1f} ms (ratio {draw / floor:.2f}), "
              f"file write + graph {(seconds - draw) * 1000:5.1f} ms")
    print(f"  undo         {statistics.median(sync_only) * 1000:6.1f} ms")
    panel.close()
    document.close()
    return {"worst": worst, "floor": floor, "draw": max(statistics.median(v) for v in drawing.values())}


def _verdict(result: dict[str, float], budget: float) -> bool:
    print(f"  budget {budget * 1000:.0f} ms per edit: {'met' if result['worst'] <= budget else 'NOT met'} "
          f"(worst {result['worst'] * 1000:.1f} ms); the diagram's own part "
          f"{'meets' if result['draw'] <= budget else 'does NOT meet'} it (worst {result['draw'] * 1000:.1f} ms)")
    return result["worst"] <= budget


def main() -> bool:
    """Prints the figures; True when every edit is within its budget at both scales."""
    app = QApplication.instance() or QApplication([])  # noqa: F841
    with tempfile.TemporaryDirectory() as folder:
        workshop = Path(folder) / "workshop.needmap"
        import_map(read_json(sample_path("greater-manchester")), workshop).close()
        small = measure(workshop, "Workshop (the sample map, whole journey)", journey=True)
        within = _verdict(small, 0.016)
        try:
            from benchmarks.national import make_national_map
        except ImportError:
            print("\nNational scale: benchmarks/national.py make_national_map is not there yet.")
            return within
        national = Path(folder) / "national.needmap"
        make_national_map(national)
        big = measure(national, "National (whole journey, all localities)", journey=True)
        within &= _verdict(big, 0.100)
        store = MapStore.open(national, read_only=True)
        from models.graph import build_graph

        graph = build_graph(store)
        store.close()
        largest = max(len(circle(graph, s).items) for s in nodes_of(graph, "stage"))
        print(f"  (the largest circle has {largest} data items)")
    return within


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
