"""The wall poster: page sizes, boxes, fonts, metadata, text, pictures, fitting and determinism."""

from __future__ import annotations

import re

import numpy as np
import pytest

from chartgen import content as content_module
from chartgen.errors import InputError
from chartgen.formats import poster
from chartgen.formats.common import content_texts
from chartgen.layout import MM, load_palette
from conftest import page_text, pdf_reader, poster_pdf, printed_text, render_png, write_locale

PAPERS_MM = {
    "A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841),
    "letter": (215.9, 279.4), "tabloid": (279.4, 431.8), "18x24in": (457.2, 609.6), "24x36in": (609.6, 914.4),
}


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_every_paper_has_its_size_and_one_page(paper):
    reader = pdf_reader(poster_pdf(paper))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width_mm, height_mm = PAPERS_MM[paper]
    assert float(box.width) == pytest.approx(width_mm * MM, abs=0.01)
    assert float(box.height) == pytest.approx(height_mm * MM, abs=0.01)


def _fonts(reader) -> dict[str, dict]:
    found = {}

    def visit(resources):
        fonts = resources.get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"].get_object())

    for page in reader.pages:
        visit(page["/Resources"].get_object())
    return found


def _is_embedded(font) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_all_fonts_embedded_and_subset_no_helvetica():
    fonts = _fonts(pdf_reader(poster_pdf("A3")))
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        assert _is_embedded(font), f"{name} is not embedded"
        assert "Helvetica" not in name
        assert re.match(r"/[A-Z]{6}\+", name) or name.startswith("/AAAAA"), f"{name} is not a subset"
    assert any("NotoSans" in name for name in fonts)


def test_metadata_title_language_author():
    reader = pdf_reader(poster_pdf("A3"))
    assert reader.metadata.title == "Foot reflex zones of the spine"
    assert reader.metadata.subject
    assert reader.metadata.author
    assert reader.trailer["/Root"]["/Lang"] == "en"


def _squeezed(text: str) -> str:
    """Text without white space and hyphens, so that words hyphenated at a line end still match."""
    return "".join(c for c in text if not c.isspace() and c not in "-\u00ad")


def test_poster_text_is_all_there(en):
    raw = page_text(poster_pdf("A3"), 0)[0]
    text = _squeezed(raw)
    # tiles.: printed on tiled posters only (tests/formats/test_poster_tiles.py)
    # accessibility.: never printed (the diagram's alternative text and the print-only files' subject)
    skip = ("meta.", "diagram.", "card.", "booklet.", "handout.", "tiles.", "accessibility.")
    shown_in_diagram = ("right_foot", "inner_view", "outer_view", "sole_view", "big_toe", "heel", "outer_points")
    for key in shown_in_diagram:
        assert _squeezed(getattr(en.diagram, key)) in text, f"diagram.{key} missing from the poster text"
    for key, value in content_texts(en).items():
        if key.startswith(skip):
            continue
        assert _squeezed(value) in text, f"{key} missing from the poster text"
    assert "\x00" not in raw


def test_body_text_is_at_least_12pt_on_a3():
    sizes = [run.font_size * (run.tm[0] if run.tm[0] else 1) * (run.cm[0] if run.cm[0] else 1)
             for run in page_text(poster_pdf("A3"), 0)[1] if run.text.strip()]
    # The convention line is small print; everything else the reader needs is body size or more.
    body = [s for s in sizes if s >= 11.9]
    assert len(body) > 0.6 * len(sizes)
    assert pytest.approx(12, abs=0.05) == min(body)


def test_no_large_raster_images():
    reader = pdf_reader(poster_pdf("A3"))

    def images(resources) -> int:
        count = 0
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif "/Resources" in xobject:
                count += images(xobject["/Resources"].get_object())
        return count

    assert images(reader.pages[0]["/Resources"].get_object()) == 0


def test_bleed_sets_trim_and_bleed_boxes():
    page = pdf_reader(poster_pdf("A3", bleed=True)).pages[0]
    slug = (3.5 + 5) * MM
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    assert trim == pytest.approx([slug, slug, slug + 297 * MM, slug + 420 * MM], abs=0.01)
    assert bleed == pytest.approx([slug - 3 * MM, slug - 3 * MM, slug + 300 * MM, slug + 423 * MM], abs=0.01)
    assert float(page.mediabox.width) == pytest.approx(297 * MM + 2 * slug, abs=0.01)


def test_bleed_draws_crop_marks_outside_the_trim_only():
    dpi = 100
    pixels = render_png(poster_pdf("A3", bleed=True), "poster-en-A3-bleed", dpi=dpi)
    scale = dpi / 72
    slug = int((3.5 + 5) * MM * scale)
    offset = int(3.5 * MM * scale)
    # The top-left horizontal mark runs along the trim line, from the media edge to `offset` before the trim.
    mark = pixels[slug - 1 : slug + 2, : slug - offset - 1]
    assert (mark.min(axis=2) < 200).mean() > 0.2, "no crop mark in the top-left slug"
    # the bleed band right outside the trim is left clean of marks
    bleed_band = pixels[slug - int(3 * MM * scale) + 1 : slug - 1, slug + 5 : -slug - 5]
    assert bleed_band.min() > 240


def test_a3_picture_margins_clean_diagram_and_zone_colours():
    pixels = render_png(poster_pdf("A3"), "poster-en-A3", dpi=50)
    height, width, _ = pixels.shape
    margin = int(12 * MM * 50 / 72) - 2
    for band in (pixels[:margin], pixels[-margin:], pixels[:, :margin], pixels[:, -margin:]):
        assert band.min() > 245, "something is drawn in the page margin"
    palette = load_palette()
    for name, hex_colour in vars(palette.zones).items():
        rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
        close = (np.abs(pixels.astype(int) - rgb).sum(axis=2) < 30).sum()
        assert close > 200, f"zone colour {name} hardly appears"
    skin = np.array([int(palette.skin[i : i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(pixels.astype(int) - skin).sum(axis=2) < 24).sum() > 0.02 * height * width, "no foot drawn"


@pytest.mark.parametrize("paper", ["A4", "A1", "letter", "24x36in"])
def test_other_papers_keep_their_margins_clean(paper):
    pixels = render_png(poster_pdf(paper), f"poster-en-{paper}", dpi=25 if paper in ("A1", "24x36in") else 50)
    dpi = 25 if paper in ("A1", "24x36in") else 50
    short_mm = min(PAPERS_MM[paper])
    margin = int(12 * short_mm / 297 * MM * dpi / 72) - 2
    for band in (pixels[:margin], pixels[-margin:], pixels[:, :margin], pixels[:, -margin:]):
        assert band.min() > 245


def test_same_input_same_bytes(en):
    assert poster.render(en, paper="A4") == poster_pdf("A4")


def test_markup_characters_print_as_themselves(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace(
        "title: Foot reflex zones of the spine", 'title: "Zones <b>bold</b> & <i>A < B > C</i>"'))
    custom = content_module.load(path)
    text = printed_text(poster.render(custom, paper="A4"))  # read by pdfium (conftest.py)
    assert "Zones <b>bold</b> & <i>A < B > C</i>" in " ".join(text.split())


def test_missing_glyph_is_an_error_before_drawing(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("    short: Neck", "    short: Neck ✿"))
    custom = content_module.load(path)
    with pytest.raises(InputError) as caught:
        poster.render(custom, paper="A4")
    message = str(caught.value)
    line = path.read_text(encoding="utf-8").splitlines().index("    short: Neck ✿") + 1
    assert f"{path}:{line}: zones.cervical.short: language 'en'" in message and "U+273F" in message


def test_text_too_long_to_fit_names_the_box(tmp_path):
    # 45 times: the row of tips, help and cautions widens the tips' panel, so 40 times still fits at the floor.
    long_tip = "Press gently and breathe slowly. " * 45
    path = write_locale(tmp_path, lambda t: t.replace(
        "    text: Each foot maps its own side of the back. Work both feet.", f"    text: {long_tip}"))
    with pytest.raises(InputError) as caught:
        poster.render(content_module.load(path), paper="A4")
    message = str(caught.value)
    assert "does not fit on A4" in message and "'tips'" in message


def test_unbreakable_word_wider_than_its_column_names_the_box(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("    name: Lumbar spine", "    name: " + "Lenden" * 12))
    with pytest.raises(InputError) as caught:
        poster.render(content_module.load(path), paper="A4")
    assert "a word in box 'zones.lumbar' is wider than its column" in str(caught.value)


@pytest.mark.parametrize("bleed", [False, True])
def test_qpdf_check_finds_nothing(bleed):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(poster_pdf("A3", bleed=bleed))) as document:
        assert document.check_pdf_syntax() == []
        assert document.get_warnings() == []
