"""Pictures of a stage's circle of need (PNG, SVG, PDF) drawn with matplotlib's Agg canvas from the graph."""

from __future__ import annotations

import io
import math
import os
import textwrap
from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch
from matplotlib.path import Path as MplPath

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

# Across all localities an item's mark is its share ring, as on screen (views.diagram_items.paint_ring): arcs
# for the localities that can access it (green), partly (orange), blocked (vermilion, striped), not known
# (pale, dashed), clockwise from 12 o'clock, and “n/N” (can access in full, of all) inside.
RING_ORDER = ACCESS.values  # clockwise from 12 o'clock, as models.analysis.Share.spans
RING_WIDTH = 0.3  # of the ring's outer radius
RING_RADIUS = 32.0  # at most, in layout units: clear of the names, which start 44 from an item's centre
BLOCKED_HATCH, HATCH_COLOUR = "////", "#3A1500"
RING_NOTE = ("Ring: share of the {total} localities that can access each item, clockwise from 12 o'clock; "
             "n/N inside: how many can access it in full")


def share_lines(share: analysis.Share, width: int = 22) -> list[str]:
    """The count under an item's name, as on screen (“9/10 can access · 1 blocked”), broken at its dots into
    lines of about `width` characters."""
    lines: list[str] = []
    for part in share.parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += f" · {part}"
        else:
            lines.append(part)
    return lines


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
                  name=e.name, status=e.status, essential=e.priority == "essential", counts=e.counts,
                  blockages=len(e.blockages))
             for e in shown.items]
    where = analysis.name(graph, locality) if locality else "all localities"
    return dict(stage=graph.nodes[stage]["name"], items=items, holders=holders, total=len(shown.localities),
                one_locality=locality is not None, reach=max([HOLDER_RADIUS] + [math.hypot(*p) for p in positions.values()]),
                title=f"{graph.nodes[stage]['name']} — circle of need, {where}")


def circle_figure(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None = None) -> Figure:
    """The circle of `stage` in `locality` (or across every locality): the stage at the centre, the
    items it needs on the inner ring showing access by colour, shape and letter in a locality, and by
    their share ring (with n/N) across all of them; holders outside."""
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
    # The page fits what is drawn: a small circle (its items all at the top, say) leaves no half page blank.
    (x0, x1), (y0, y1) = _extent(spec)
    # Inches per layout unit as on a full circle's page, so a small circle's names are as large as a big one's;
    # the page no narrower than its title and key need.
    inch = size * 0.98 / (2 * (HOLDER_RADIUS + NAME_ROOM_ACROSS))
    if (x1 - x0) * inch < MIN_WIDTH * 0.98:
        grow = (MIN_WIDTH * 0.98 / inch - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    size = (x1 - x0) * inch / 0.98
    across = size * 0.98  # inches of the axes' width
    high = across * (y1 - y0) / (x1 - x0)
    title_room = 1.0 if crowded else 0.7  # inches above the axes for the title, below for the key
    key_room = 1.15 if not spec["one_locality"] else 0.9
    tall = high + title_room + key_room
    # A fixed layout: constrained layout draws the figure twice, which doubles the time of big circles.
    figure = Figure(figsize=(size, tall))
    figure.subplots_adjust(left=0.01, right=0.99, top=1 - title_room / tall, bottom=key_room / tall)
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
    points = across * 72 / (x1 - x0)
    mark = min(560.0, (0.85 * 2 * math.pi * ITEM_RADIUS * points / max(count, 1)) ** 2)
    mark_reach = math.sqrt(mark) / 2 / points
    # Markers in one collection per status: the same picture, far fewer artists.
    groups: dict[str, list[tuple[float, float]]] = {}
    for entry in items:
        groups.setdefault(entry["status"], []).append(entry["at"])
    rings = not spec["one_locality"]
    ring = min(RING_RADIUS, 0.9 * math.pi * ITEM_RADIUS / max(count, 1))  # a tenth of each item's slot left clear
    if rings:
        _rings(axes, items, ring, points, font, crowded)
    for status, points in ({} if rings else groups).items():
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
        if not rings:
            axes.text(x, y, ACCESS_LETTER[status], ha="center", va="center", fontsize=font + 1,
                      fontweight="bold", color=ACCESS_INK[status], zorder=5)
        notes = share_lines(analysis.Share.of(entry["counts"])) if rings and total > 1 else []
        # Short lines: a long label on the left or right would run into the holders' ring.
        label = "\n".join([_wrap(entry["name"], 16), *notes])
        lx, ly = _offset(x, y, 44)  # clear of the marker (its widest, a diamond, reaches ~30)
        ha, va = _align(x, y)
        if rings:  # a label beside (above, below) a ring starts clear of the ring's side (top, bottom)
            if ha != "center":
                lx = x + math.copysign(max(abs(lx - x), ring + 8), lx - x)
            if va != "center":
                ly = y + math.copysign(max(abs(ly - y), ring + 8), ly - y)
        axes.text(lx, ly, label, ha=ha, va=va, fontsize=font, color=_INK, zorder=4,
                  fontweight="bold" if essential else "normal", **backing)

    # The stage is a disc sized to its name, so a long name never spills out of it.
    axes.text(0, 0, _wrap(spec["stage"], 14), ha="center", va="center", fontsize=font + 1,
              color="white", fontweight="bold", zorder=5, multialignment="center",
              bbox=dict(boxstyle="circle,pad=0.5", facecolor=STAGE_FILL, edgecolor="none"))
    if not items:
        axes.text(0, -STAGE_ROOM - 20, "No data items listed yet", ha="center", va="top", fontsize=font + 1,
                  color="#555555")

    _badges(axes, items, ring if rings else mark_reach, font, crowded)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    title = spec["title"]
    if crowded:
        title += f"\n{count} data items, too many to name on a page: each mark is one item and " + (
            "the share of localities that can access it" if rings else "its access")
    figure.suptitle(clean(title, 400), fontsize=14, fontweight="bold", color=_INK)
    if rings:  # the ring's arcs, in the order and look they are drawn
        words = {"accessible": "Can access", "partial": "Partly", "blocked": "Blocked (striped)",
                 "unknown": "Not known (dashed)"}
        handles = [Patch(label=words[s], **_arc_style(s)) for s in RING_ORDER]
    else:
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
    figure.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=9, handlelength=2.6,
                  title=RING_NOTE.format(total=total) if rings else None, title_fontsize=9)
    return figure


# Room round what is placed, in layout units, for what is drawn beside it: names beside items (about 16
# characters wide, five lines with the counts), holders' boxes; and the stage's disc with its name.
NAME_ROOM_ACROSS, NAME_ROOM_UP, STAGE_ROOM = 250.0, 125.0, 85.0
MIN_WIDTH = 8.5  # inches: the title and the key's four columns


def _extent(spec: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """The part of the plane the picture shows: the stage, every item and holder, and room for their names."""
    placed = [e["at"] for e in spec["items"]] + [at for at, _name in spec["holders"]]
    xs = [-STAGE_ROOM, STAGE_ROOM] + [x + d for x, _y in placed for d in (-NAME_ROOM_ACROSS, NAME_ROOM_ACROSS)]
    ys = [-STAGE_ROOM, STAGE_ROOM] + [y + d for _x, y in placed for d in (-NAME_ROOM_UP, NAME_ROOM_UP)]
    if not spec["items"]:  # the note under the stage
        ys.append(-STAGE_ROOM - 60)
    return (min(xs), max(xs)), (min(ys), max(ys))


def _badges(axes, items: list[dict], reach: float, font: float, crowded: bool) -> None:
    """Each item with blockages recorded gets the screen's badge: a dark box with “!” (one) or “!n”, on the
    item's shoulder away from its name. On a circle too big to name, a “!” mark beside each such item."""
    blocked = [e for e in items if e.get("blockages")]
    if crowded:
        if blocked:
            axes.scatter([e["at"][0] + reach for e in blocked], [e["at"][1] + reach for e in blocked],
                         marker="$!$", s=(font + 2) ** 2, linewidths=0, color=_INK, zorder=6)
        return
    for entry in blocked:
        x, y = entry["at"]
        ha, va = _align(x, y)
        side = -1 if ha == "left" else 1  # a name on the right: the badge on the left shoulder
        up = -1 if va == "bottom" else 1  # a name above: the badge below
        count = entry["blockages"]
        axes.text(x + side * reach * 1.05, y + up * reach * 1.05, "!" if count == 1 else f"!{count}",
                  ha="center", va="center", fontsize=max(6, font - 1), fontweight="bold", color="white",
                  zorder=6, bbox=dict(boxstyle="round,pad=0.25", facecolor=_INK, edgecolor="none"))


def _arc_style(status: str) -> dict:
    """How an arc of a status looks: its colour, and a pattern where colour alone could be confused."""
    if status == "unknown":
        return dict(facecolor=UNKNOWN_FILL, edgecolor=ACCESS_COLOUR["unknown"], linestyle=(0, (3, 2)), linewidth=1.0)
    style = dict(facecolor=ACCESS_COLOUR[status], edgecolor="#FFFFFF", linewidth=0.6)
    if status == "blocked":
        style.update(hatch=BLOCKED_HATCH, hatchcolor=HATCH_COLOUR)
    return style


def _sector(x: float, y: float, outer: float, inner: float, start: float, end: float) -> MplPath:
    """An arc of a ring as one path in data units (angles in degrees anticlockwise from 3 o'clock): the outer
    arc, then the inner one back. Made directly, as a big circle has hundreds (a Wedge patch each costs more)."""
    arc = MplPath.arc(start, end)
    vertices = np.concatenate([arc.vertices * outer, arc.vertices[::-1] * inner, arc.vertices[:1] * outer]) + (x, y)
    codes = np.concatenate([arc.codes, [MplPath.LINETO], arc.codes[1:], [MplPath.CLOSEPOLY]])
    return MplPath(vertices, codes)


def _rings(axes, items: list[dict], radius: float, points: float, font: float, crowded: bool) -> None:
    """Each item's share ring: one collection per status (as the markers), a white disc inside, thin gaps
    between localities, and n/N in bold, as text on a circle that names its items and as marker shapes (one
    collection per fraction) on a crowded one."""
    # Too small for n/N inside (a crowded circle): a thicker ring, so each arc still shows.
    inner = radius * (1 - (RING_WIDTH if 2 * radius * (1 - RING_WIDTH) * points * 0.8 >= 12 else 0.55))
    arcs: dict[str, list[MplPath]] = {s: [] for s in RING_ORDER}
    gaps = []
    for entry in items:
        (x, y), counts = entry["at"], entry["counts"]
        spans = analysis.Share.of(counts).spans or [("unknown", 0.0, 360.0)]  # no localities: an empty, dashed ring
        for status, start, span in spans:
            # matplotlib counts anticlockwise from 3 o'clock
            arcs[status].append(_sector(x, y, radius, inner, 90 - start - span, 90 - start))
        total = sum(counts.values())
        for n in range(total if 1 < total <= 60 and radius * points >= 10 else 0):  # gaps only where they show
            angle = math.radians(90 - 360 * n / total)
            c, s = math.cos(angle), math.sin(angle)
            gaps.append(((x + c * inner, y + s * inner), (x + c * radius, y + s * radius)))
    axes.add_collection(PatchCollection([Circle(e["at"], inner) for e in items], facecolor="white",
                                        edgecolor="none", zorder=3))
    for status, paths in arcs.items():
        if paths:
            axes.add_collection(PathCollection(paths, zorder=3, **_arc_style(status)))
    if gaps:
        axes.add_collection(LineCollection(gaps, colors="white", linewidths=0.8, zorder=3.5))
    # The fraction as large as fits the disc inside: “9/10” is about 2.45 ems wide in bold.
    room = 2 * inner * points * 0.8
    by_fraction: dict[str, list[tuple[float, float]]] = {}
    for entry in items:
        by_fraction.setdefault(analysis.Share.of(entry["counts"]).fraction, []).append(entry["at"])
    for fraction, places in by_fraction.items():
        ems = 0.7 * sum(ch.isdigit() for ch in fraction) + 0.4
        size = min(font + 1, room / ems)
        if crowded:  # a text artist each costs too much on a big circle: one marker collection per fraction
            if room >= 12:  # else too small to read: the ring alone tells the share
                axes.scatter([p[0] for p in places], [p[1] for p in places], marker=f"$\\mathbf{{{fraction}}}$",
                             s=room ** 2 * 0.8, linewidths=0, color=_INK, zorder=5)
            continue
        for x, y in places:
            axes.text(x, y, fraction, ha="center", va="center", fontsize=size, fontweight="bold", color=_INK,
                      zorder=5)


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
