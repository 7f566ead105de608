"""The large-print poster (`poster --large-print`): sizes, spacing and colours read off every printed page, the
whole poster's text present, the wall page first, page numbers, right to left, and every refusal as one line."""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import re

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from chartgen import content as content_module
from chartgen.colour import NEAR_BLACK
from chartgen.errors import InputError
from chartgen.formats import poster, poster_large
from chartgen.layout import LARGE_PRINT_BODY_MIN_PT, LARGE_PRINT_MIN_PT, palette_for
from tests import reading
from tests.printed import assert_large_print, body_line_spacing, body_size, printed_glyphs

WHITE = "#FFFFFF"


@functools.cache
def _pdf(lang: str = "en", paper: str = "A4") -> bytes:
    return poster_large.render(content_module.load_language(lang), paper=paper)


@functools.cache
def _usual_a4(lang: str = "en") -> bytes:
    return poster.render(content_module.load_language(lang), paper="A4")


def _page_text(data: bytes, page: int) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return " ".join(document[page].get_textpage().get_text_range().split())
    finally:
        document.close()


def _glyph_colours(data: bytes, page: int) -> set[str]:
    """The fill colour (#RRGGBB) of every printed character of a page but spaces."""
    document = pypdfium2.PdfDocument(data)
    try:
        text_page = document[page].get_textpage()
        colours = set()
        for index in range(text_page.count_chars()):
            if text_page.get_text_range(index, 1).isspace():
                continue
            red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
            if pdfium_c.FPDFText_GetFillColor(text_page.raw, index, red, green, blue, alpha):
                colours.add(f"#{red.value:02X}{green.value:02X}{blue.value:02X}")
        return colours
    finally:
        document.close()


@pytest.mark.parametrize(("lang", "paper"), [("en", "A4"), ("ar", "A4"), ("zh", "letter"), ("de", "letter")])
def test_body_is_16_pt_or_more_and_nothing_on_any_page_below_12_pt(lang, paper):
    """Read off every printed page, the diagram's labels and the page foot included."""
    data = _pdf(lang, paper)
    pages = reading.page_count(data)
    assert pages >= 3
    for page in range(pages):
        assert_large_print(data, page, min_glyphs=80)


def test_negative_control_the_usual_a4_poster_fails_the_large_print_measure():
    glyphs = printed_glyphs(_usual_a4(), 0)
    assert body_size(glyphs) < LARGE_PRINT_BODY_MIN_PT
    assert min(g.size for g in glyphs) < LARGE_PRINT_MIN_PT


def test_lines_are_spaced_about_one_and_a_half():
    assert body_line_spacing(_pdf("en"), 1) >= 1.45
    assert body_line_spacing(_usual_a4(), 0) < 1.4  # the control: the usual poster's tighter leading


def test_no_grey_text_anywhere_the_diagram_included():
    """Every character prints in the ink, the accent or the caution's ink, or in white or near-black on a badge:
    no muted grey (the diagram's vertebrae and mirror note are grey on the usual poster, the control)."""
    palette = palette_for(None)
    allowed = {palette.ink, palette.accent, palette.caution_ink, WHITE, NEAR_BLACK}
    data = _pdf("en")
    for page in range(reading.page_count(data)):
        assert _glyph_colours(data, page) <= allowed, page
    assert palette.muted in _glyph_colours(_usual_a4(), 0)


def _poster_texts(lang: str) -> list[str]:
    """Every sentence the poster prints (but the diagram's labels): none may be left out of large print."""
    content = content_module.load_language(lang)
    zones = [text for _, zone in content.zones.ordered() for text in (zone.name, zone.where, zone.find, zone.helps)]
    steps = [text for step in content.steps.items for text in (step.title, step.text)]
    tips = [text for tip in content.tips.ordered() for text in (tip.title, tip.text)]
    return [content.title, content.subtitle, content.connection.heading, content.connection.body,
            content.zones.heading, *zones, content.convention, content.steps.heading, content.steps.intro, *steps,
            content.steps.note, content.tips.heading, *tips, content.helps.heading, content.helps.intro,
            *content.helps.items, content.cautions.heading, *content.cautions.items, content.cautions.note,
            content.disclaimer.heading, content.disclaimer.text]


def _printed(data: bytes) -> str:
    return " ".join(_page_text(data, page) for page in range(reading.page_count(data)))


def test_the_whole_poster_text_is_printed_none_left_out():
    printed = _printed(_pdf("en"))
    missing = [text for text in _poster_texts("en") if " ".join(text.split()) not in printed]
    assert not missing
    # The control: a text that is not the poster's is not found by this reading.
    assert " ".join(content_module.load_language("en").booklet.connection_more.split()) not in printed


def test_the_first_page_is_the_wall_page_and_every_page_is_numbered():
    content = content_module.load_language("en")
    data = _pdf("en")
    pages = reading.page_count(data)
    first = _page_text(data, 0)
    assert content.title in first and content.booklet.at_a_glance in first
    assert all(zone.name in first for _, zone in content.zones.ordered())
    plan = poster_large.plan(content)
    assert plan.diagram_box.height > 100 * 72 / 25.4  # the diagram stands on page 1, over 100 mm high
    for page in range(pages):
        assert _foot(data, page, rtl=False)[-1] == f"Page {page + 1} / {pages}", page


def _foot(data: bytes, page: int, *, rtl: bool) -> list[str]:
    """The texts of the page's lowest printed lines, left to right, each read in the given direction."""
    lines = reading.page_lines(data, page)
    lowest = min(line.glyphs[0].bottom for line in lines)
    foot = sorted((line for line in lines if line.glyphs[0].bottom < lowest + 1), key=lambda line: line.glyphs[0].left)
    return [line.read(rtl=rtl) for line in foot]


def test_arabic_foot_has_the_page_number_at_the_line_end():
    """The Arabic page's running title stands at the right, the page number at the left (its lines read right to
    left in logical order: tests/formats/test_rtl_reading.py)."""
    data = _pdf("ar")
    content = content_module.load_language("ar")
    label, title = _foot(data, 1, rtl=True)
    assert title == content.booklet.running_title
    assert label.startswith(content.booklet.page_label) and "2" in label, label


def test_the_largest_body_that_needs_no_more_pages_wins():
    """The chosen size needs no more pages than the smallest; every larger size would need more."""
    content = content_module.load_language("en")
    chosen = poster_large.plan(content)
    sizes = chosen.layout.body_pt
    assert len(chosen.pages) == len(poster_large.plan(content, body_sizes=(min(sizes),)).pages)
    for larger in (size for size in sizes if size > chosen.body_pt):
        assert len(poster_large.plan(content, body_sizes=(larger,)).pages) > len(chosen.pages)
    # The control: asked for 18 pt alone, it sets 18 pt however many pages that takes.
    assert poster_large.plan(content, body_sizes=(18.0,)).body_pt == 18.0


def test_is_deterministic():
    content = content_module.load_language("de")
    assert poster_large.render(content, paper="A4") == poster_large.render(content, paper="A4")


def test_a_text_too_long_for_a_page_names_its_key():
    content = content_module.load_language("en")
    cautions = dataclasses.replace(content.cautions, note=" ".join([content.cautions.note] * 30))
    with pytest.raises(InputError) as refused:
        poster_large.plan(dataclasses.replace(content, cautions=cautions))
    message = str(refused.value)
    assert "cautions.items" in message and "large-print poster" in message and "shorten it" in message


# ---------------------------------------------------------------- command line


def test_command_line_writes_the_large_print_pages(run, tmp_path):
    result = run("poster", "--paper", "a4", "--large-print", "--lang", "de", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = tmp_path / "chartgen-poster-de-A4-large-print.pdf"
    assert reading.page_count(made.read_bytes()) >= 3


@pytest.mark.parametrize(("args", "expected"), [
    (("--large-print",), "large print is made on A4 or letter pages for a home printer, not on A3: add --paper A4"),
    (("--large-print", "--paper", "A1"), "not on A1"),
    (("--large-print", "--paper", "A4", "--bleed"), "not with --bleed"),
    (("--large-print", "--paper", "A4", "--tile", "A4"), "not with --tile"),
])
def test_large_print_refusals_are_one_line(run, tmp_path, args, expected):
    result = run("poster", *args, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("chartgen: --large-print: ") and expected in line, line
    assert not list(tmp_path.iterdir())


def test_a_large_print_layout_below_the_guidance_is_refused(tmp_path):
    from chartgen import schema
    from chartgen.layout import LAYOUTS_DIR, PosterLayout

    shipped = (LAYOUTS_DIR / "poster.yaml").read_text(encoding="utf-8")
    for old, new, message in (("  body_pt: [18, 17, 16]", "  body_pt: [18, 14]", "not large print"),
                              ("  folio_pt: 13", "  folio_pt: 10", "no text below 12 pt")):
        assert shipped.count(old) == 1
        path = tmp_path / "poster.yaml"
        path.write_text(shipped.replace(old, new), encoding="utf-8")
        with pytest.raises(InputError) as refused:
            schema.load(PosterLayout, path)
        assert re.search(message, str(refused.value)), str(refused.value)


def test_with_a_brand_its_block_ends_the_last_page_at_large_print_sizes(tmp_path):
    from chartgen import brand as brand_module
    from tests.formats.test_handout import BRAND_YAML

    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text(BRAND_YAML, encoding="utf-8")
    brand = brand_module.load(brand_file)
    content = content_module.load_language("de")
    large = poster_large.plan(content, brand=brand)
    assert large.pages[-1][-1].block.key == "--brand"
    data = poster_large.render(content, brand=brand)
    last = printed_glyphs(data, reading.page_count(data) - 1)
    assert brand.name in _page_text(data, reading.page_count(data) - 1)
    assert min(g.size for g in last) >= LARGE_PRINT_MIN_PT - 0.01
