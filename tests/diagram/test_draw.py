"""DiagramRequest -> PDF bytes and plans: checks of page size, text, pixels, label placement, determinism, colours."""

from __future__ import annotations

import dataclasses
import io
import itertools
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2
import pytest
from matplotlib.transforms import Bbox

from chartgen import content, fonts, layout
from chartgen.colour import contrast, readable_on, rgb
from chartgen.diagram import COMPACT, PAGE, DiagramPalette, DiagramRequest, colour_vision, render
from chartgen.diagram.plan import DiagramPlan, medial_shape, plan_diagram
from chartgen.errors import InputError
from conftest import missing_glyphs, printed_text

OUTPUT_DIR = Path(__file__).parent.parent / "output"
A3_BOX = (757.0, 425.0)
"""The poster's diagram box at A3, in pt (about 267 x 150 mm)."""
A3_LABEL, A3_SMALL = 11.0, 8.5
PAPER_SCALES = (0.71, 1.0, 2.0)
"""A4, A3 and A1 relative to A3: the box and the type scale together."""
ASPECTS = (1.5, 1.78, 2.2, 2.6)
"""Width / height of the box across the papers' range."""
RENDER_SCALE = 1.0
"""pypdfium2 render scale for pixel tests (1 px per pt)."""
COLOUR_TOLERANCE = 6
"""Largest per-channel difference (0..255) for a pixel to count as a zone colour (anti-aliasing aside)."""
MIN_ZONE_PIXELS = 40

# Colour-blind safety thresholds (CIE76 in CIELAB).
MIN_PAIR_DELTA_E = 20.0
MIN_GREY_DELTA_L = 10.0
MIN_SKIN_DELTA_E = 25.0
MIN_SKIN_DELTA_L = 12.0


def make_request(width: float = A3_BOX[0], height: float = A3_BOX[1], k: float = 1.0, **changes) -> DiagramRequest:
    c = content.load_language("en")
    p = layout.load_palette()
    palette = DiagramPalette(p.ink, p.muted, p.skin, p.skin_shadow, p.outline,
                             (p.zones.cervical, p.zones.thoracic, p.zones.lumbar, p.zones.sacral))
    request = DiagramRequest(
        lang="en",
        text=c.diagram,
        zone_names=tuple(z.name for _, z in c.zones.ordered()),
        width_pt=width * k,
        height_pt=height * k,
        label_size_pt=A3_LABEL * k,
        small_size_pt=A3_SMALL * k,
        palette=palette,
        font_regular=fonts.LATIN.regular_path,
        font_bold=fonts.LATIN.bold_path,
    )
    return dataclasses.replace(request, **changes)


@pytest.fixture(scope="module")
def a3_pdf() -> bytes:
    return render(make_request())


@pytest.fixture(scope="module")
def a3_pixels(a3_pdf: bytes) -> np.ndarray:
    document = pypdfium2.PdfDocument(a3_pdf)
    image = document[0].render(scale=RENDER_SCALE).to_pil().convert("RGB")
    OUTPUT_DIR.mkdir(exist_ok=True)
    image.save(OUTPUT_DIR / "diagram_a3.png")
    return np.asarray(image).astype(int)


# ---------------------------------------------------------------- the PDF


def test_page_is_exactly_the_requested_box(a3_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(a3_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A3_BOX, abs=0.01)


def test_text_is_real_and_uses_only_our_fonts(a3_pdf: bytes) -> None:
    text = printed_text(a3_pdf)  # read by pdfium (conftest.py)
    c = content.load_language("en")
    for _, zone in c.zones.ordered():
        assert zone.name in text
    for word in (c.diagram.big_toe, c.diagram.heel, c.diagram.right_foot, c.diagram.outer_points, c.diagram.spine_line):
        assert word in text
    assert missing_glyphs(a3_pdf) == 0
    assert b"LastResort" not in a3_pdf and b"DejaVu" not in a3_pdf
    assert b"NotoSans" in a3_pdf and b"/FontFile2" in a3_pdf


def test_same_request_gives_the_same_bytes(a3_pdf: bytes) -> None:
    assert render(make_request()) == a3_pdf


def test_text_is_data_not_markup() -> None:
    odd = "a $x$ & <b>"
    request = make_request(zone_names=(odd, "Thoracic spine", "Lumbar spine", "Sacrum"))
    assert odd in printed_text(render(request))  # read by pdfium (conftest.py)


# ---------------------------------------------------------------- pixels


def test_every_zone_colour_appears(a3_pixels: np.ndarray) -> None:
    for colour in make_request().palette.zones:
        target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        hits = np.all(np.abs(a3_pixels - target) <= COLOUR_TOLERANCE, axis=2).sum()
        assert hits >= MIN_ZONE_PIXELS, f"zone colour {colour} drawn on only {hits} pixels"


def test_nothing_touches_the_edge(a3_pixels: np.ndarray) -> None:
    border = np.concatenate([a3_pixels[0], a3_pixels[-1], a3_pixels[:, 0], a3_pixels[:, -1]])
    assert border.min() >= 250, "ink on the edge of the diagram box"


# ---------------------------------------------------------------- labels


def _check_plan(plan: DiagramPlan) -> None:
    labels = plan.all_labels()
    for placed in labels:
        box = placed.box
        assert box.x0 > 0 and box.x1 < plan.width and box.y0 > 0 and box.y1 < plan.height, \
            f"{placed.key} leaves the box"
    for a, b in itertools.combinations(labels, 2):
        assert not a.box.overlaps(b.box), f"{a.key} overlaps {b.key}"
    foot = medial_shape()[0].transformed(plan.main).path()
    for placed in labels:
        bbox = Bbox.from_extents(placed.box.x0, placed.box.y0, placed.box.x1, placed.box.y1)
        assert not foot.intersects_bbox(bbox, filled=True), f"{placed.key} overlaps the foot"


@pytest.mark.parametrize("k", PAPER_SCALES)
@pytest.mark.parametrize("aspect", ASPECTS)
def test_labels_stay_inside_and_apart(k: float, aspect: float) -> None:
    width = A3_BOX[0]
    _check_plan(plan_diagram(make_request(width, width / aspect, k)))


def test_long_label_wraps_and_still_fits() -> None:
    long_name = "Lendenwirbelsäulenbereich und Kreuzbein"
    names = ("Halswirbelsäule", "Brustwirbelsäule", long_name, "Kreuzbein und Steißbein")
    plan = plan_diagram(make_request(560, 560 / 1.6, zone_names=names))
    _check_plan(plan)
    lumbar = plan.zone_labels[2]
    assert len(lumbar.block.lines) == 3, "the long name goes on two lines, above its vertebra range"


def test_left_foot_is_the_exact_mirror() -> None:
    right = plan_diagram(make_request())
    left = plan_diagram(make_request(side="left"))
    flip = np.array([[-1.0, 0.0, right.width], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert left.main == pytest.approx(flip @ right.main)
    assert np.array(left.badges) == pytest.approx(np.array([(right.width - x, y) for x, y in right.badges]))
    assert [p.box.x0 for p in left.zone_labels] == pytest.approx([right.width - p.box.x1 for p in right.zone_labels])


def test_overlong_label_is_an_error_naming_the_key() -> None:
    names = ("Cervical spine", "Thoracic spine", "Lumbar spine", "Sacrum " + "and tailbone " * 30)
    with pytest.raises(InputError) as info:
        plan_diagram(make_request(zone_names=names))
    assert info.value.problems[0].key == "zones.sacral.name"
    assert "shorten it" in str(info.value)


def test_overlong_landmark_label_is_an_error_naming_the_key() -> None:
    c = content.load_language("en")
    text = dataclasses.replace(c.diagram, heel="Heel " * 40)
    with pytest.raises(InputError) as info:
        plan_diagram(make_request(text=text))
    assert info.value.problems[0].key == "diagram.heel"


def test_card_and_booklet_styles_plan() -> None:
    _check_plan(plan_diagram(make_request(230, 120, label_size_pt=7.0, small_size_pt=6.5, style=COMPACT)))
    booklet = plan_diagram(make_request(280, 170, 0.8, style=PAGE, highlight=("lumbar",)))
    _check_plan(booklet)
    assert booklet.lateral is None and booklet.sole is None


# ---------------------------------------------------------------- colours


def palette_problems(zones: tuple[str, ...], skin: str) -> list[str]:
    """Every way a set of zone colours fails the colour-blind, greyscale and skin checks."""
    problems = []
    for vision in ("normal", "deuteranopia", "protanopia", "tritanopia"):
        seen = {z: rgb(z) if vision == "normal" else colour_vision.simulate(z, vision) for z in (*zones, skin)}
        for a, b in itertools.combinations(zones, 2):
            if colour_vision.delta_e(seen[a], seen[b]) < MIN_PAIR_DELTA_E:
                problems.append(f"{vision}: {a} vs {b}")
        for z in zones:
            if colour_vision.delta_e(seen[z], seen[skin]) < MIN_SKIN_DELTA_E:
                problems.append(f"{vision}: {z} vs skin")
    for a, b in itertools.combinations(zones, 2):
        if abs(colour_vision.lightness(a) - colour_vision.lightness(b)) < MIN_GREY_DELTA_L:
            problems.append(f"greyscale: {a} vs {b}")
    for z in zones:
        if abs(colour_vision.lightness(z) - colour_vision.lightness(skin)) < MIN_SKIN_DELTA_L:
            problems.append(f"greyscale: {z} vs skin")
    return problems


def test_zone_colours_survive_colour_blindness_and_greyscale() -> None:
    palette = make_request().palette
    assert palette_problems(palette.zones, palette.skin) == []


def test_colour_check_rejects_a_red_green_palette() -> None:
    assert palette_problems(("#D62728", "#2CA02C", "#1F77B4", "#9467BD"), "#F2D3BD")


def test_marker_numerals_contrast_with_their_colour() -> None:
    palette = make_request().palette
    for zone in palette.zones:
        numeral = readable_on(zone, palette.ink)
        assert contrast(numeral, zone) >= 3.0
