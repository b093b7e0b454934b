"""Pictures of a stage's circle: from the graph and the app's layout, status by colour, shape and letter."""

import subprocess
import sys

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from app.cli import main
from exports.pictures import ACCESS_MARKER, DASHED_EDGE, PictureError, circle_figure, picture_bytes, save_picture
from models import analysis
from models.graph import nodes_of
from models.vocabulary import ACCESS, ACCESS_LETTER


def test_every_status_has_its_own_shape_and_letter():
    # As on screen: circle, diamond, octagon, and for unknown a circle with a dashed edge.
    assert len(set((ACCESS_MARKER[s], s in DASHED_EDGE) for s in ACCESS.values)) == len(ACCESS.values)
    assert len(set(ACCESS_LETTER[s] for s in ACCESS.values)) == len(ACCESS.values)


def _texts(figure):
    return [t.get_text() for t in figure.axes[0].texts]


def test_the_picture_names_every_item_and_shows_each_status_letter(sample_graph):
    stage = nodes_of(sample_graph, "stage")[0]
    wigan = next(loc for loc in nodes_of(sample_graph, "locality") if sample_graph.nodes[loc]["name"] == "Wigan")
    figure = circle_figure(sample_graph, stage, wigan)
    texts = " ".join(_texts(figure)).replace("\n", " ")
    shown = analysis.circle(sample_graph, stage, wigan)
    for entry in shown.items:
        assert entry.name.split(" ")[0] in texts
    letters = [t for t in _texts(figure) if t in ACCESS_LETTER.values()]
    assert sorted(letters) == sorted(ACCESS_LETTER[i.status] for i in shown.items)


def test_item_labels_do_not_overlap(sample_graph):
    for stage in nodes_of(sample_graph, "stage"):
        figure = circle_figure(sample_graph, stage)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        labels = [t for t in figure.axes[0].texts if len(t.get_text()) > 2]
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i, a in enumerate(boxes):
            for j, b in enumerate(boxes[i + 1:], i + 1):
                overlap = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
                assert min(overlap) <= 2, f"“{labels[i].get_text()}” overlaps “{labels[j].get_text()}”"


def test_essential_and_useful_items_look_as_they_do_on_screen(sample_graph):
    stage = nodes_of(sample_graph, "stage")[0]
    figure = circle_figure(sample_graph, stage)
    spokes = [line for line in figure.axes[0].lines if line.get_color() == "#6B7785"]
    assert sorted(line.get_linestyle() for line in spokes) == ["-", "--"]  # essential solid, useful dashed
    weights = {t.get_fontweight() for t in figure.axes[0].texts if "can access" in t.get_text()}
    assert weights == {"bold", "normal"}  # essential names bold


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_pictures_in_each_format(sample_graph, fmt, magic):
    assert picture_bytes(sample_graph, nodes_of(sample_graph, "stage")[1], fmt=fmt).startswith(magic)


def test_an_unknown_extension_is_refused(sample_graph, tmp_path):
    with pytest.raises(PictureError, match=r"\.png, \.svg or \.pdf"):
        save_picture(sample_graph, nodes_of(sample_graph, "stage")[0], tmp_path / "circle.jpg")
    assert not list(tmp_path.glob("circle*"))


def test_the_command_line_draws_a_picture(sample_store, tmp_path):
    sample_store.close()
    out = tmp_path / "circle.svg"
    assert main(["picture", str(sample_store.path), "--stage", "Design of support", "--locality", "Bolton",
                 "-o", str(out)]) == 0
    assert "Design of support" in out.read_text()
    assert main(["picture", str(sample_store.path), "--stage", "Nowhere", "-o", str(out)]) == 1


def test_pictures_never_use_pyplot():
    code = ("import sys, exports.pictures, exports.report; "
            "assert 'matplotlib.pyplot' not in sys.modules; assert 'PySide6' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def _crowded(count, one_locality=False, **extra):
    import math

    from exports.pictures import draw_circle

    statuses = list(ACCESS.values)
    items = [dict(at=(260 * math.cos(2 * math.pi * n / count), 260 * math.sin(2 * math.pi * n / count)),
                  holder_at=None, name=f"Item {n}", status=statuses[n % 4], essential=(n // 4) % 2 == 0,
                  counts=dict.fromkeys(statuses, 1)) for n in range(count)]
    return draw_circle(dict(stage="Stage", items=items, holders=[], total=4, one_locality=one_locality, reach=470.0,
                            title="A big circle", **extra))


def test_a_circle_too_big_to_name_shows_every_items_access_and_says_so():
    from exports.pictures import LETTERS_AS_MARKERS

    count = LETTERS_AS_MARKERS + 10
    figure = _crowded(count, one_locality=True)  # in one locality: status shapes and letters
    assert not any(t.startswith("Item ") for t in _texts(figure))  # no names piled on each other
    letter_markers = [c for c in figure.axes[0].collections if c.get_zorder() == 5]  # letters over the marks
    assert len(letter_markers) == 4  # one per status
    assert sum(len(c.get_offsets()) for c in letter_markers) == count  # every item's letter
    assert f"{count} data items, too many to name" in figure._suptitle.get_text()


def test_a_circle_that_can_be_named_names_every_item():
    from exports.pictures import LETTERS_AS_MARKERS

    figure = _crowded(LETTERS_AS_MARKERS)
    texts = " ".join(_texts(figure))
    assert all(f"Item {n}" in texts for n in range(LETTERS_AS_MARKERS))
    assert "too many" not in figure._suptitle.get_text()


def test_the_picture_keeps_the_blockage_badges(sample_graph):
    stage = nodes_of(sample_graph, "stage")[0]
    for locality in (None, nodes_of(sample_graph, "locality")[-1]):
        shown = analysis.circle(sample_graph, stage, locality)
        figure = circle_figure(sample_graph, stage, locality)
        badges = sorted(t.get_text() for t in figure.axes[0].texts if t.get_text().startswith("!"))
        wanted = sorted("!" if len(e.blockages) == 1 else f"!{len(e.blockages)}" for e in shown.items if e.blockages)
        assert wanted and badges == wanted


def _blank_bands(png: bytes) -> tuple[float, float]:
    """The longest band of rows, and of columns, with nothing drawn on it (white), as a share of the picture."""
    import io

    from matplotlib.image import imread

    pixels = imread(io.BytesIO(png), format="png")[..., :3]
    inked = (pixels < 0.97).any(axis=2)

    def longest(lines) -> float:
        run = most = 0
        for line in lines:
            run = 0 if line else run + 1
            most = max(most, run)
        return most / len(lines)

    return longest(inked.any(axis=1)), longest(inked.any(axis=0))


def test_a_picture_of_a_small_circle_fits_its_content(empty_store):
    from models import services
    from models.graph import build_graph

    stage = nodes_of(build_graph(empty_store), "stage")[0]
    for name in ("Live birth notifications", "School attendance"):  # the first two places: both at the top
        item = services.add_item(empty_store, name).created
        services.need_item(empty_store, stage[1], item[1])
    graph = build_graph(empty_store)
    for shown in (stage, nodes_of(graph, "stage")[1]):  # two items at the top; an empty stage
        rows, columns = _blank_bands(picture_bytes(graph, shown, dpi=40))
        assert rows < 0.2 and columns < 0.3  # (the lower half of the page was blank)
