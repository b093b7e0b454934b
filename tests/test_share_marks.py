"""Across all localities an item's mark is its share ring with n/N: the window, the wall and the pictures draw
it from the one definition (models.analysis.Share) and agree; one locality keeps its status shape and letter."""

from __future__ import annotations

import math
import re

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from app.commands import push
from app.intents import command_for
from exports import pictures
from models import analysis
from models.graph import nodes_of
from models.vocabulary import ACCESS_COLOUR
from views import diagram_items
from views.diagram_items import ITEM_SIZE
from views.diagram_panel import DiagramPanel
from views.intents import Intent
from views.legend import LegendWidget
from views.workshop_items import ProjectorItemNode, WorkshopScene

FRACTION = re.compile(r"^\d+/\d+$")


def counts(accessible=0, partial=0, blocked=0, unknown=0):
    return {"accessible": accessible, "partial": partial, "blocked": blocked, "unknown": unknown}


# ---- the arcs ---------------------------------------------------------------------------------------


def test_the_arcs_start_at_twelve_and_run_clockwise_in_proportion():
    assert analysis.Share.of(counts(accessible=9, blocked=1)).spans == [("accessible", 0.0, 324.0), ("blocked", 324.0, 36.0)]
    assert analysis.Share.of(counts(accessible=1, unknown=9)).spans == [("accessible", 0.0, 36.0), ("unknown", 36.0, 324.0)]
    spans = analysis.Share.of(counts(accessible=4, partial=2, blocked=3, unknown=1)).spans
    assert [s for s, _, _ in spans] == ["accessible", "partial", "blocked", "unknown"]  # always in this order
    assert [round(span, 6) for _, _, span in spans] == [144.0, 72.0, 108.0, 36.0]
    assert all(math.isclose(a[1] + a[2], b[1]) for a, b in zip(spans, spans[1:]))  # no gaps, no overlaps
    assert analysis.Share.of(counts(blocked=10)).spans == [("blocked", 0.0, 360.0)]
    assert analysis.Share.of(counts()).spans == []  # no localities: nothing to share out


# ---- the window -------------------------------------------------------------------------------------


@pytest.fixture
def panel(document, qtbot):
    panel = DiagramPanel(document.graph)
    qtbot.addWidget(panel)
    document.changed.connect(lambda change: panel.sync(document.graph, change))
    return panel


def _pick(combo, data) -> None:
    index = combo.findData(data) if data is not None else 0
    assert index >= 0
    combo.setCurrentIndex(index)


def _nine_of_ten(document):
    """An item of the first stage made accessible in nine localities and blocked in the tenth, as a user
    would mark it (one undo step each)."""
    graph = document.graph
    stage = nodes_of(graph, "stage")[0]
    localities = nodes_of(graph, "locality")
    item = analysis.circle(graph, stage).items[0].key
    for n, locality in enumerate(localities):
        wanted = "blocked" if n == len(localities) - 1 else "accessible"
        if analysis.status(graph, item, locality) != wanted:
            assert push(document, command_for(document, Intent("set", "access", (item[1], locality[1]),
                                                                {"status": wanted})))
    return stage, item


class _Recorder(QPainter):
    """A painter that notes the text it is asked to draw."""

    def __init__(self, device):
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args):  # noqa: N802 (Qt override)
        self.texts.append(args[-1])
        return super().drawText(*args)


def _painted(node) -> tuple[QImage, list[str]]:
    """The node painted on its own, the item's centre at the image's centre; and the texts it drew."""
    bounds = node.boundingRect()
    size = int(2 * max(abs(bounds.left()), abs(bounds.right()), abs(bounds.top()), abs(bounds.bottom()))) + 2
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    painter = _Recorder(image)
    painter.translate(size / 2, size / 2)
    node.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image, painter.texts


def _at(image: QImage, radius: float, clockwise: float) -> QColor:
    """The colour at `radius` from the centre, `clockwise` degrees from 12 o'clock."""
    angle = math.radians(clockwise)
    c = image.width() / 2
    return image.pixelColor(round(c + radius * math.sin(angle)), round(c - radius * math.cos(angle)))


def _near(colour: QColor, hex_colour: str, slack: int = 40) -> bool:
    other = QColor(hex_colour)
    return all(abs(a - b) <= slack for a, b in ((colour.red(), other.red()), (colour.green(), other.green()),
                                                 (colour.blue(), other.blue())))


def test_nine_of_ten_shows_a_ring_nine_tenths_green_with_9_10_and_says_so(panel, document):
    stage, item = _nine_of_ten(document)
    _pick(panel.locality_picker, nodes_of(document.graph, "locality")[0])  # one locality: a shape and letter
    node = panel.scene.nodes[(stage[1], item)]
    assert node.spec.counts == () and node.spec.status == "accessible"
    assert not panel.legend.all_localities
    _pick(panel.locality_picker, None)  # “All localities”
    node = panel.scene.nodes[(stage[1], item)]
    spec = node.spec
    share = analysis.Share.of(analysis.status_counts(document.graph, item, nodes_of(document.graph, "locality")))
    assert (share.accessible, share.blocked, share.total) == (9, 1, 10)
    assert spec.counts == (9, 0, 1, 0) and spec.share == share
    assert spec.count == "9/10 can access · 1 blocked"
    assert share.words in spec.tooltip and node.toolTip() == spec.tooltip
    assert spec.status == "partial"  # the old single mark's status is still what analysis says (reach “some”)...
    image, texts = _painted(node)
    assert "9/10" in texts  # ... but the mark shows the share: 9/10 in the ring
    assert "9/10 can access · 1 blocked" in texts  # and the line under the name
    assert "P" not in texts  # not the letter of “partly”
    middle = ITEM_SIZE * 1.2 * (1 - diagram_items.RING_WIDTH / 2)
    for clockwise in (18, 90, 180, 300):  # the green arc: from 12 o'clock round to 324°
        assert _near(_at(image, middle, clockwise), ACCESS_COLOUR["accessible"]), clockwise
    blocked = [_at(image, middle, a) for a in range(328, 358, 2)]  # the blocked arc: striped vermilion
    assert any(_near(c, ACCESS_COLOUR["blocked"]) for c in blocked)
    assert any(c.lightness() < 80 for c in blocked)  # its stripes: blocked reads without colour too
    assert not any(_near(c, ACCESS_COLOUR["accessible"]) for c in blocked)


def test_a_change_of_access_redraws_the_ring(panel, document):
    stage, item = _nine_of_ten(document)
    node = panel.scene.nodes[(stage[1], item)]
    last = nodes_of(document.graph, "locality")[-1]
    assert push(document, command_for(document, Intent("set", "access", (item[1], last[1]), {"status": "accessible"})))
    assert panel.scene.nodes[(stage[1], item)] is node  # the same item, repainted: its spec says what is drawn
    assert node.spec.counts == (10, 0, 0, 0) and node.spec.count == "10/10 can access"
    assert "10/10" in _painted(node)[1]
    document.undo_stack.undo()
    assert node.spec.counts == (9, 0, 1, 0)


def test_the_legend_explains_the_ring_across_all_localities_and_the_shapes_in_one(panel, document):
    legend = panel.legend
    assert legend.all_localities
    rows = dict(legend.rows())
    assert "ring" in rows and not any(what.startswith("status:") for what in rows)
    for words in ("share of localities that can access", "green", "partly", "orange", "blocked", "vermilion",
                  "not known", "grey", "n/N can access in full"):
        assert words in rows["ring"]
    assert "n/N" in legend.accessibleDescription()
    _pick(panel.locality_picker, nodes_of(document.graph, "locality")[0])
    rows = dict(legend.rows())
    assert "ring" not in rows and sum(what.startswith("status:") for what in rows) == 4
    lone = LegendWidget()
    lone.resize(1200, 60)
    image = lone.grab().toImage()  # it paints (the ring sample included) without complaint
    assert not image.isNull()
    lone.deleteLater()


# ---- the window, the wall and the pictures agree with analysis.Share -----------------------------------


def test_the_window_the_wall_and_the_pictures_agree_for_every_item_of_the_sample(panel, document, qtbot):
    graph = document.graph
    localities = nodes_of(graph, "locality")
    _nine_of_ten(document)
    wall = WorkshopScene(graph)
    for stage in nodes_of(graph, "stage"):
        panel.scene.show_stage(stage[1])
        wall.show_stage(stage[1])
        figure = pictures.circle_figure(graph, stage)
        texts = [t.get_text() for t in figure.axes[0].texts]
        expected_fractions = []
        for entry in analysis.circle(graph, stage).items:
            share = analysis.Share.of(analysis.status_counts(graph, entry.key, localities))
            expected_fractions.append(share.fraction)
            window = panel.scene.nodes[(stage[1], entry.key)]
            on_wall = wall.nodes[(stage[1], entry.key)]
            assert isinstance(on_wall, ProjectorItemNode)
            assert window.spec.share == on_wall.spec.share == share
            assert window.spec.count == share.line == " · ".join(pictures.share_lines(share, width=10 ** 6))
            assert share.fraction in _painted(window)[1] and share.fraction in _painted(on_wall)[1]
            assert on_wall._counts == [f"{share.fraction} can access"]  # the wall's line under the name
            assert any(t.endswith("\n".join(pictures.share_lines(share))) and entry.name.split()[0] in t
                       for t in texts), entry.name  # the picture's line under the name
        assert sorted(t for t in texts if FRACTION.match(t)) == sorted(expected_fractions)
        legend = figure.legends[0]
        assert f"share of the {len(localities)} localities" in legend.get_title().get_text()
        assert "Blocked (striped)" in [t.get_text() for t in legend.get_texts()]
        assert not any(t == analysis_letter for t in texts for analysis_letter in ("A", "P", "B", "?"))


def test_one_localitys_picture_keeps_shapes_and_letters(sample_graph):
    stage = nodes_of(sample_graph, "stage")[0]
    bolton = nodes_of(sample_graph, "locality")[0]
    figure = pictures.circle_figure(sample_graph, stage, bolton)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert not any(FRACTION.match(t) for t in texts) and any(t in ("A", "P", "B", "?") for t in texts)
    assert figure.legends[0].get_title().get_text() == ""


def test_a_crowded_picture_draws_every_items_ring_and_its_fraction_where_it_can_be_read():
    from exports.pictures import LETTERS_AS_MARKERS, draw_circle

    def figure(count):
        items = [dict(at=(260 * math.cos(2 * math.pi * n / count), 260 * math.sin(2 * math.pi * n / count)),
                      holder_at=None, name=f"Item {n}", status="partial", essential=True,
                      counts=counts(accessible=n % 4, partial=1, blocked=1, unknown=1)) for n in range(count)]
        return draw_circle(dict(stage="Stage", items=items, holders=[], total=4, one_locality=False, reach=470.0,
                                title="A big circle"))

    from matplotlib.collections import PatchCollection, PathCollection

    count = LETTERS_AS_MARKERS + 10
    crowded = figure(count)
    arcs = [c for c in crowded.axes[0].collections
            if isinstance(c, (PatchCollection, PathCollection)) and c.get_zorder() == 3]
    # a white disc each, and one arc of each status each (every item has some of all four but one has none green)
    assert sum(len(c.get_paths()) for c in arcs) == count + 3 * count + sum(1 for n in range(count) if n % 4)
    assert "share of localities that can access it" in crowded._suptitle.get_text()
    assert not any(t.startswith("Item ") for t in (t.get_text() for t in crowded.axes[0].texts))
    few = figure(8)  # room to write n/N in every ring
    assert sorted(t.get_text() for t in few.axes[0].texts if FRACTION.match(t.get_text())) == sorted(
        f"{n % 4}/{n % 4 + 3}" for n in range(8))


def test_a_picture_as_svg_carries_the_ring(sample_graph):
    stage = nodes_of(sample_graph, "stage")[0]
    svg = pictures.picture_bytes(sample_graph, stage, fmt="svg").decode()
    # The wedges are drawn in the arcs' colours (matplotlib writes them in lower case).
    for status in ("accessible", "partial", "blocked"):
        assert ACCESS_COLOUR[status].lower() in svg.lower()


def test_a_ring_paints_for_no_localities_at_all(qapp):
    image = QImage(80, 80, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.translate(QPointF(40, 40))
    diagram_items.paint_ring(painter, counts(), 30)
    painter.end()
    edge = [image.pixelColor(round(40 + 30 * math.sin(math.radians(a))), round(40 - 30 * math.cos(math.radians(a))))
            for a in range(0, 360, 3)]
    drawn = sum(c.name() != "#ffffff" for c in edge)
    assert 0 < drawn < len(edge)  # an empty ring with a dashed edge
