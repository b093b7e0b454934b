"""Pictures of a stage's circle of need (PNG, SVG, PDF) drawn with matplotlib's Agg canvas from the graph."""

from __future__ import annotations

import io
import math
import os
import textwrap
from pathlib import Path

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from exports.sanitise import clean
from models import analysis
from models.errors import InvalidInput
from models.files import write_beside
from models.layout import HOLDER_RADIUS, ITEM_RADIUS, circle_layout
from models.change import NodeKey
from models.vocabulary import ACCESS, ACCESS_COLOUR, ACCESS_INK, ACCESS_LETTER

# The screen's look (views/diagram_items.py), so a printed circle reads with the same key as the app's:
# each status its own shape as well as its colour and letter (readable in greyscale); unknown is a pale
# circle with a dashed edge. Essential needs have a solid spoke and a bold name, useful ones a dashed spoke.
ACCESS_MARKER = {"accessible": "o", "partial": "D", "blocked": "8", "unknown": "o"}
DASHED_EDGE = {"unknown"}
UNKNOWN_FILL = "#EEEEEE"
STAGE_FILL, HOLDER_FILL, HOLDER_EDGE = "#0072B2", "#EAF2F8", "#56B4E9"
SPOKE, HOLDING = "#6B7785", "#B4BCC6"
FORMATS = {".png", ".svg", ".pdf"}
_INK = "#1F2A44"
# A circle of more items than this cannot name them legibly on a page: it is drawn as a pattern of
# statuses (each mark an item, its letter drawn as a marker shape), the holders named round it.
LETTERS_AS_MARKERS = 60


class PictureError(InvalidInput):
    """A picture that cannot be written as asked."""


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(clean(text, 300), width, max_lines=3, placeholder="…")) or " "


def _align(x: float, y: float) -> tuple[str, str]:
    """Labels sit on the side away from the centre, so they grow outwards and not over the ring."""
    angle = math.degrees(math.atan2(y, x)) % 360
    horizontal = "center" if 80 < angle < 100 or 260 < angle < 280 else ("left" if x > 0 else "right")
    vertical = "bottom" if 60 < angle < 120 else ("top" if 240 < angle < 300 else "center")
    return horizontal, vertical


def _offset(x: float, y: float, distance: float) -> tuple[float, float]:
    length = math.hypot(x, y) or 1.0
    return x + x / length * distance, y + y / length * distance


def circle_spec(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None = None) -> dict:
    """Everything a picture of the circle shows, as plain data: it can be drawn in another process
    without the graph (the report draws its pictures while it writes the sheets)."""
    shown = analysis.circle(graph, stage, locality)
    # The same layout the app draws; the screen's y runs down, a picture's up: flipped, it looks the same.
    positions = {key: (x, -y) for key, (x, y) in circle_layout(graph, stage).items()}
    holders = [(positions[h], analysis.name(graph, h)) for h in shown.holders if h in positions]
    items = [dict(at=positions[e.key], holder_at=positions.get(e.holder) if e.holder is not None else None,
                  name=e.name, status=e.status, essential=e.priority == "essential", counts=e.counts)
             for e in shown.items]
    where = analysis.name(graph, locality) if locality else "all localities"
    return dict(stage=graph.nodes[stage]["name"], items=items, holders=holders, total=len(shown.localities),
                one_locality=locality is not None, reach=max([HOLDER_RADIUS] + [math.hypot(*p) for p in positions.values()]),
                title=f"{graph.nodes[stage]['name']} — circle of need, {where}")


def circle_figure(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None = None) -> Figure:
    """The circle of `stage` in `locality` (or across every locality): the stage at the centre, the
    items it needs on the inner ring showing access by colour, shape and letter, holders outside."""
    return draw_circle(circle_spec(graph, stage, locality))


def _spokes(axes, segments: list[tuple[tuple[float, float], tuple[float, float]]], **style) -> None:
    # One line broken by NaNs draws every spoke at once: a line per spoke costs ~2 ms each on a big circle.
    xs, ys = [], []
    for (x0, y0), (x1, y1) in segments:
        xs += [x0, x1, math.nan]
        ys += [y0, y1, math.nan]
    if xs:
        axes.plot(xs, ys, zorder=1, **style)


def _face(status: str) -> str:
    return UNKNOWN_FILL if status == "unknown" else ACCESS_COLOUR[status]


def figure_width(count: int) -> float:
    """Inches: a circle of more items is drawn larger, so its labels keep their room (height: 0.92 of it);
    one too big to name has no item labels to make room for."""
    if count > LETTERS_AS_MARKERS:
        return 13
    return 11 if count <= 16 else min(24, 11 + (count - 16) * 0.18)


def draw_circle(spec: dict) -> Figure:
    """The figure of a circle from circle_spec's data."""
    items = spec["items"]
    count = len(items)
    size = figure_width(count)
    crowded = count > LETTERS_AS_MARKERS
    font = 9 if count <= 16 else 7 if crowded else max(5, 9 - (count - 16) / 12)
    # A fixed layout: constrained layout draws the figure twice, which doubles the time of big circles.
    figure = Figure(figsize=(size, size * 0.92))
    figure.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.07)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")
    axes.set_autoscale_on(False)  # the limits are set below: no rescaling after every artist

    # Spokes first, so markers sit on top: to the stage solid (essential) or dashed (useful), to the holder thin.
    _spokes(axes, [(e["at"], e["holder_at"]) for e in items if e["holder_at"] is not None], color=HOLDING,
            linewidth=0.8)
    _spokes(axes, [((0.0, 0.0), e["at"]) for e in items if e["essential"]], color=SPOKE, linewidth=1.4)
    _spokes(axes, [((0.0, 0.0), e["at"]) for e in items if not e["essential"]], color=SPOKE, linewidth=1.4,
            linestyle=(0, (4, 3)))

    for (hx, hy), holder_name in spec["holders"]:
        ha, va = _align(hx, hy)  # the box grows outwards from just beyond its place, away from the items' names
        axes.text(*_offset(hx, hy, 24), _wrap(holder_name, 18), ha=ha, va=va, fontsize=font, color=_INK, zorder=4,
                  multialignment="center",
                  bbox=dict(boxstyle="round,pad=0.4", facecolor=HOLDER_FILL, edgecolor=HOLDER_EDGE, linewidth=1))

    total = spec["total"]
    # A white backing keeps labels readable over the spokes; on a crowded circle it costs more than it gives.
    backing = {"bbox": dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85)} \
        if count <= 40 else {}
    # Marks side by side round the ring, however many (points per data unit: the axes span the limits set below).
    points = size * 72 * 0.98 / (2 * (spec["reach"] + 230))
    mark = min(560.0, (0.85 * 2 * math.pi * ITEM_RADIUS * points / max(count, 1)) ** 2)
    # Markers in one collection per status: the same picture, far fewer artists.
    groups: dict[str, list[tuple[float, float]]] = {}
    for entry in items:
        groups.setdefault(entry["status"], []).append(entry["at"])
    for status, points in groups.items():
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        axes.scatter(xs, ys, s=mark, marker=ACCESS_MARKER[status], color=_face(status),
                     edgecolors=ACCESS_COLOUR[status], linewidths=2.2 if status in DASHED_EDGE else 1.2,
                     linestyles="--" if status in DASHED_EDGE else "-", zorder=3)
        if crowded:
            # On a big circle the letters are drawn as marker shapes, one collection per status: a text
            # artist each costs about as much as a label.
            axes.scatter(xs, ys, s=min((font + 1) ** 2 * 1.6, mark * 0.3), marker=f"$\\mathbf{{{ACCESS_LETTER[status]}}}$",
                         linewidths=0, color=ACCESS_INK[status], zorder=5)
    for entry in [] if crowded else items:
        x, y = entry["at"]
        status, essential = entry["status"], entry["essential"]
        axes.text(x, y, ACCESS_LETTER[status], ha="center", va="center", fontsize=font + 1,
                  fontweight="bold", color=ACCESS_INK[status], zorder=5)
        notes = [f"{entry['counts']['accessible']}/{total} can access"] if not spec["one_locality"] and total > 1 \
            else []
        # Short lines: a long label on the left or right would run into the holders' ring.
        label = "\n".join([_wrap(entry["name"], 16), *notes])
        lx, ly = _offset(x, y, 44)  # clear of the marker (its widest, a diamond, reaches ~30)
        ha, va = _align(x, y)
        axes.text(lx, ly, label, ha=ha, va=va, fontsize=font, color=_INK, zorder=4,
                  fontweight="bold" if essential else "normal", **backing)

    # The stage is a disc sized to its name, so a long name never spills out of it.
    axes.text(0, 0, _wrap(spec["stage"], 14), ha="center", va="center", fontsize=font + 1,
              color="white", fontweight="bold", zorder=5, multialignment="center",
              bbox=dict(boxstyle="circle,pad=0.5", facecolor=STAGE_FILL, edgecolor="none"))
    if not items:
        axes.text(0, -ITEM_RADIUS / 2, "No data items listed yet", ha="center", fontsize=font + 1, color="#555555")

    reach = spec["reach"] + 170
    axes.set_xlim(-reach - 60, reach + 60)
    axes.set_ylim(-reach, reach)
    title = spec["title"]
    if crowded:
        title += f"\n{count} data items, too many to name on a page: each mark is one item and its access"
    figure.suptitle(clean(title, 400), fontsize=14, fontweight="bold", color=_INK)
    handles = [Line2D([], [], linestyle="none", marker=ACCESS_MARKER[s], markersize=11, color=_face(s),
                      markeredgecolor=ACCESS_COLOUR[s], label=f"{ACCESS_LETTER[s]}  {ACCESS.label(s)}")
               for s in ACCESS.values]
    handles += [
        Line2D([], [], color=SPOKE, linewidth=1.4, label="Essential (name in bold)"),
        Line2D([], [], color=SPOKE, linewidth=1.4, linestyle=(0, (4, 3)), label="Useful"),
        Line2D([], [], linestyle="none", marker="s", markersize=11, color=HOLDER_FILL, markeredgecolor=HOLDER_EDGE,
               label="Holder of the data"),
        Line2D([], [], linestyle="none", marker="o", markersize=11, color=STAGE_FILL, label="Stage"),
    ]
    figure.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=9, handlelength=2.6)
    return figure


def figure_bytes(figure: Figure, fmt: str = "png", dpi: int = 110) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format=fmt, dpi=dpi, facecolor="white", metadata=_metadata(fmt))
    return out.getvalue()


def spec_png(spec: dict, dpi: int) -> bytes:
    """A picture drawn from circle_spec's data (what a worker process runs)."""
    return figure_bytes(draw_circle(spec), "png", dpi)


def picture_bytes(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None = None, fmt: str = "png",
                  dpi: int = 110) -> bytes:
    """The picture as file bytes in `fmt` (png, svg or pdf)."""
    return figure_bytes(circle_figure(graph, stage, locality), fmt, dpi)


def _metadata(fmt: str) -> dict | None:
    # Fixed metadata keeps the files the same from one run to the next (no creation date).
    return {"Creator": "Circle of Need"} if fmt in ("svg", "pdf") else None


def save_picture(graph: nx.DiGraph, stage: NodeKey, target: str | os.PathLike[str],
                 locality: NodeKey | None = None) -> Path:
    """Write the picture to `target`, its format taken from the extension; replaced in one step."""
    target = Path(target)
    fmt = target.suffix.lower()
    if fmt not in FORMATS:
        raise PictureError(f"“{target.name}” must end in .png, .svg or .pdf, so we know which kind of picture to write.")
    data = picture_bytes(graph, stage, locality, fmt[1:], dpi=150)
    return write_beside(target, lambda temporary: Path(temporary).write_bytes(data), f"{fmt}.part")
