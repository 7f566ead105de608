"""Every language's poster diagram -> plans (A3, A4) with labels inside, apart and clear of the views; CJK, RTL,
blocking label, Arabic render."""

from __future__ import annotations

import dataclasses
import functools
import itertools
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from matplotlib.transforms import Bbox

from chartgen import content, fonts
from chartgen.diagram import DiagramRequest, render
from chartgen.diagram import geometry as geo
from chartgen.diagram.labels import Font, wrap_choices
from chartgen.diagram.plan import DiagramPlan, plan_diagram
from chartgen.diagram.shapes import ellipse_path, medial_shape, outline_of
from chartgen.errors import InputError
from chartgen.formats import poster
from chartgen.resources import LOCALES_DIR
from conftest import missing_glyphs

OUTPUT_DIR = Path(__file__).parent.parent / "output"
LOCALES = sorted(path.stem for path in LOCALES_DIR.glob("*.yaml"))
PAPERS = ("A3", "A4")

ARABIC = content.DiagramText(
    inner_view="الجانب الداخلي",
    outer_view="الجانب الخارجي",
    sole_view="باطن القدم",
    left_foot="القدم اليسرى",
    right_foot="القدم اليمنى",
    mirror_note="القدم اليسرى صورة معكوسة لها في المرآة.",
    mirror_note_left="القدم اليمنى صورة معكوسة لها في المرآة.",
    big_toe="إبهام القدم",
    little_toe="الإصبع الصغير",
    ball="مقدمة باطن القدم",
    arch="قوس القدم",
    ankle="عظم الكاحل الداخلي",
    heel="الكعب",
    outer_points="نقاط آلام الظهر على الحافة الخارجية",
    spine_line="خط انعكاس العمود الفقري",
)
ARABIC_ZONES = ("الفقرات العنقية", "الفقرات الصدرية", "الفقرات القطنية", "العجز والعصعص")


@functools.cache
def english_request(paper: str) -> DiagramRequest:
    return poster.diagram_request(poster.plan(content.load_language("en"), paper=paper))


def poster_request(lang: str, paper: str) -> DiagramRequest:
    """The request the poster makes for `lang` on `paper`.

    A shipped locale file that does not load fails the test (it would fail for users too). When the
    poster's own text does not fit (a poster problem, tested with the poster), the diagram is
    still checked: with the English poster's box and type sizes and this language's words and fonts.
    """
    try:
        loaded = content.load_language(lang)
    except InputError as exc:
        pytest.fail(f"{lang}.yaml does not load: {str(exc).splitlines()[0]}")
    try:
        return poster.diagram_request(poster.plan(loaded, paper=paper))
    except InputError:
        family = fonts.family_for_texts(dataclasses.astuple(loaded.diagram))
        return dataclasses.replace(
            english_request(paper),
            lang=lang,
            text=loaded.diagram,
            zone_names=tuple(zone.name for _, zone in loaded.zones.ordered()),
            font_regular=family.regular_path,
            font_bold=family.bold_path,
            rtl=loaded.meta.direction == "rtl",
        )


def check_plan(plan: DiagramPlan) -> None:
    """Every label inside the box, no two overlapping, none on the main foot or a small view."""
    labels = plan.all_labels()
    for placed in labels:
        box = placed.box
        assert box.x0 > 0 and box.x1 < plan.width and box.y0 > 0 and box.y1 < plan.height, \
            f"{placed.key} leaves the box"
    for a, b in itertools.combinations(labels, 2):
        assert not a.box.overlaps(b.box), f"{a.key} overlaps {b.key}"
    shapes = [medial_shape()[0].transformed(plan.main).path()]
    if plan.lateral is not None and plan.sole is not None:
        shapes.append(outline_of("lateral").transformed(plan.lateral).path())
        shapes.append(outline_of("sole").transformed(plan.sole).path())
        shapes.extend(ellipse_path(toe, plan.sole) for toe in geo.sole_foot().toes)
    for placed in labels:
        bbox = Bbox.from_extents(placed.box.x0, placed.box.y0, placed.box.x1, placed.box.y1)
        assert not any(shape.intersects_bbox(bbox, filled=True) for shape in shapes), f"{placed.key} overlaps a foot"


@pytest.mark.background  # 26 plans, needing nothing from the other tests: beside them (conftest.py)
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LOCALES)
def test_every_language_plans_on_the_poster(lang: str, paper: str) -> None:
    request = poster_request(lang, paper)
    plan = plan_diagram(request)
    check_plan(plan)
    texts = {"\n".join(line.text for line in p.block.lines).replace("\n", " ") for p in plan.labels}
    for key in ("outer_view", "sole_view"):
        assert getattr(request.text, key).replace(" ", "") in {t.replace(" ", "") for t in texts}, f"{key} missing"


# ---------------------------------------------------------------- wrapping


def test_cjk_wraps_between_characters() -> None:
    font = Font(fonts.CJK.regular_path, 10.0, "#000000")
    text = "外缘的背部反射点。"
    choices = wrap_choices(text, font, 3)
    assert len(choices) == 3
    for choice in choices[1:]:
        lines = choice.split("\n")
        assert "".join(lines) == text, "no character lost or added"
        assert not any(line.startswith("。") for line in lines), "closing punctuation never starts a line"
    latin = Font(fonts.LATIN.regular_path, 10.0, "#000000")
    assert wrap_choices("Spine reflex line", latin, 3)[-1] == "Spine\nreflex\nline", "Latin text breaks at spaces"


def test_cjk_label_wraps_in_the_plan() -> None:
    base = english_request("A4")
    long = "外缘的背部反射点在小脚趾与脚跟之间，沿着脚的外侧边缘分布"
    text = dataclasses.replace(base.text, outer_points=long, spine_line="脊柱反射线", outer_view="外侧",
                               sole_view="足底")
    request = dataclasses.replace(base, text=text, font_regular=fonts.CJK.regular_path, font_bold=fonts.CJK.bold_path)
    plan = plan_diagram(request)
    check_plan(plan)
    label = next(p for p in plan.labels if p.key == "outer_points")
    lines = [line.text for line in label.block.lines]
    assert len(lines) > 1 and "".join(lines) == long


# ---------------------------------------------------------------- right to left


def arabic_request(paper: str = "A3", **changes) -> DiagramRequest:
    base = english_request(paper)
    request = dataclasses.replace(
        base, lang="ar", text=ARABIC, zone_names=ARABIC_ZONES, rtl=True,
        font_regular=fonts.ARABIC.regular_path, font_bold=fonts.ARABIC.bold_path,
    )
    return dataclasses.replace(request, **changes)


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("paper", PAPERS)
def test_rtl_puts_the_caption_right_and_the_views_left(paper: str, side: str) -> None:
    plan = plan_diagram(arabic_request(paper, side=side))
    check_plan(plan)
    caption = next(p for p in plan.labels if p.key == "caption")
    assert caption.box.x0 > plan.width / 2 and caption.align == "right"
    assert plan.width - caption.box.x1 < plan.em, "the caption stands at the right edge"
    assert plan.lateral is not None and plan.sole is not None
    for view, matrix in (("lateral", plan.lateral), ("sole", plan.sole)):
        xs = geo.apply(matrix, outline_of(view).sample())[:, 0]
        assert xs.max() < plan.width / 2, f"the {view} view is on the left"
    titles = [p for p in plan.labels if p.key in ("outer_view", "sole_view")]
    assert titles and all(p.align == "right" for p in titles)
    # the left foot (what right-to-left formats draw) is the mirror image: toes right, heel left
    assert (plan.main[0, 0] < 0) == (side == "left")
    assert caption.block.lines[0].text == (ARABIC.left_foot if side == "left" else ARABIC.right_foot)


def test_ltr_keeps_the_caption_left() -> None:
    plan = plan_diagram(arabic_request(rtl=False))
    caption = next(p for p in plan.labels if p.key == "caption")
    assert caption.box.x1 < plan.width / 2 and caption.align == "left"


def test_arabic_diagram_renders_with_its_own_fonts() -> None:
    data = render(arabic_request())
    assert b"LastResort" not in data and b"DejaVu" not in data, "a glyph fell back to a font that lacks it"
    assert b"ChartgenSansArabic" in data
    assert missing_glyphs(data) == 0  # read by pdfium (conftest.py)
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=1.5).to_pil().convert("RGB")
    finally:
        document.close()
    OUTPUT_DIR.mkdir(exist_ok=True)
    image.save(OUTPUT_DIR / "diagram_ar_a3.png")
    pixels = np.asarray(image).astype(int)
    width = pixels.shape[1]
    ink = pixels.sum(axis=2) < 300  # dark text and markers
    assert ink[:, width // 2 :].any() and ink[:, : width // 3].any(), "text on both sides: caption right, views left"


# ---------------------------------------------------------------- the label that blocks


@pytest.mark.parametrize("key", ["spine_line", "outer_points", "little_toe", "sole_view"])
def test_overlong_view_label_names_its_own_key(key: str) -> None:
    base = english_request("A4")
    text = dataclasses.replace(base.text, **{key: "Reflexzonenlinienbeschreibung " * 12})
    with pytest.raises(InputError) as info:
        plan_diagram(dataclasses.replace(base, text=text))
    problem = info.value.problems[0]
    assert problem.key == f"diagram.{key}"
    assert "language 'en'" in problem.message and "Reflexzonenlinienbeschreibung" in problem.message
    assert "shorten it" in problem.message


def test_spanish_short_labels_are_not_blamed() -> None:
    """The old planner blamed 'Planta' (the last label tried); a long spine-line text must be named instead."""
    base = poster_request("es", "A3") if "es" in LOCALES else english_request("A3")
    text = dataclasses.replace(base.text, spine_line="Línea refleja de la columna vertebral " * 8)
    with pytest.raises(InputError) as info:
        plan_diagram(dataclasses.replace(base, text=text))
    assert info.value.problems[0].key == "diagram.spine_line"
