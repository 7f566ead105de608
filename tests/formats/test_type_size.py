"""Type keeps its size, read off the PDFs: the A3 poster's body text is 12 pt in every language, with and without
a brand, and nothing on it (the diagram's labels included) is smaller than 9 pt; the layout makes room before
type shrinks, and text that would need type below the floor is an error naming its box. Line spacing is
script-aware: the ink of two lines never touches, in any script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from chartgen import brand as brand_module
from chartgen import content as content_module
from chartgen import ink, text
from chartgen.errors import InputError
from chartgen.formats import poster, poster_rows
from chartgen.layout import MM
from conftest import write_locale
from printed import Printed, body_size, line_gaps, printed_glyphs

A3_MM = (297, 420)
BODY_PT = 12.0
"""The A3 poster's body size in every shipped language, with or without a brand (DESIGN.md)."""
LABEL_FLOOR_PT = 9.0
"""Nothing on the A3 poster, the diagram's landmark and zone labels included, is smaller than this."""
LANGUAGES = content_module.available_languages()


def _check_a3(pdf: bytes, what: str) -> None:
    glyphs = printed_glyphs(pdf)
    assert body_size(glyphs) == pytest.approx(BODY_PT, abs=0.01), what
    at_body = sum(glyph.size == BODY_PT for glyph in glyphs)
    assert at_body > 0.5 * len(glyphs), f"{what}: only {at_body} of {len(glyphs)} characters at {BODY_PT} pt"
    smallest = min(glyphs, key=lambda glyph: glyph.size)
    assert smallest.size >= LABEL_FLOOR_PT, f"{what}: {smallest.char!r} printed at {smallest.size} pt"


def _page_mm(pdf: bytes) -> tuple[float, float]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return round(width / MM), round(height / MM)


def test_a3_poster_body_is_12pt_and_nothing_is_below_9pt_in_every_language(all_documents):
    """The batch's posters (A3, every shipped language), as a user gets them from `chartgen batch`."""
    manifest = json.loads((all_documents.out / "manifest.json").read_text(encoding="utf-8"))
    posters = {entry["language"]: all_documents.out / entry["file"]
               for entry in manifest["files"] if entry["format"] == "poster"}
    assert sorted(posters) == sorted(LANGUAGES) and len(LANGUAGES) >= 13
    for lang, path in posters.items():
        pdf = path.read_bytes()
        assert _page_mm(pdf) == A3_MM, lang
        _check_a3(pdf, lang)


@pytest.fixture(scope="module")
def brand(tmp_path_factory) -> brand_module.Brand:
    """A brand with every field, a 2:1 logo and a QR code: the band as full as a practice makes it."""
    folder = tmp_path_factory.mktemp("brand")
    Image.new("RGB", (800, 400), (31, 92, 153)).save(folder / "logo.png")
    path = folder / "brand.yaml"
    path.write_text("name: Praxis Fußwohl\nperson: Anna Berg\nphone: +49 30 1234 5678\n"
                    "email: anna@fusswohl.example\nwebsite: https://fusswohl.example\n"
                    "address: Gartenstraße 5, 10115 Berlin\nlogo: logo.png\naccent: \"#1F5C99\"\n"
                    "line:\n  en: Appointments Monday to Friday, 9 to 18.\n"
                    "  de: Termine Montag bis Freitag, 9 bis 18 Uhr.\n", encoding="utf-8")
    return brand_module.load(path)


@pytest.mark.background  # 13 posters with their diagrams: beside the other tests (conftest.py)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a3_branded_poster_body_is_12pt_and_nothing_is_below_9pt(lang, brand):
    pdf = poster.render(content_module.load_language(lang), brand=brand)
    _check_a3(pdf, f"{lang} with a brand")
    assert "PraxisFußwohl" in "".join(glyph.char for glyph in printed_glyphs(pdf))  # spaces are not glyphs


LONG_TIP = "Press gently and breathe slowly. "


def _long_tips(tmp_path: Path, times: int) -> content_module.Content:
    return content_module.load(write_locale(tmp_path, lambda t: t.replace(
        "    text: Each foot maps its own side of the back. Work both feet.", f"    text: {LONG_TIP * times}")))


def test_negative_control_a_poster_that_had_to_shrink_is_measured_below_12pt(tmp_path):
    """A tip 40 times as long fits only once all room is used and type shrinks to the floor: the reading above
    sees it (body under 12 pt, the small labels under 9 pt), and the floor holds (11 pt at A3)."""
    content = _long_tips(tmp_path, 40)
    plan = poster.plan(content)
    assert plan.fit.room.spacing == 0.0 and plan.fit.room.type_factor < 1
    glyphs = printed_glyphs(poster.render(content))
    assert 11.0 <= body_size(glyphs) < BODY_PT
    assert min(glyph.size for glyph in glyphs) < LABEL_FLOOR_PT
    with pytest.raises(AssertionError):
        _check_a3(poster.render(content), "shrunk")


def test_text_that_needs_type_below_the_floor_is_an_error_naming_its_box(tmp_path):
    with pytest.raises(InputError) as caught:
        poster.plan(_long_tips(tmp_path, 45))
    message = str(caught.value)
    assert ": tips: language 'en': the poster text does not fit on A3" in message
    assert "body text at 11.0 pt, the smallest allowed" in message


def test_room_comes_before_type_and_the_diagram_keeps_a_good_size():
    """Every shipped language fits at full type, the longest by tighter spacing and a smaller diagram, which
    keeps at least its tight share of the page (16 %, 67 mm at A3); English needs no tightening at all."""
    grid = poster.load_poster().grid
    for lang in LANGUAGES:
        plan = poster.plan(content_module.load_language(lang))
        assert plan.fit.room.type_factor == 1.0, lang
        assert plan.diagram_box.height >= grid.tight_diagram_share * A3_MM[1] * MM - 0.01, lang
    english = poster.plan(content_module.load_language("en"))
    assert english.fit.room.spacing == 1.0
    assert english.diagram_box.height >= grid.min_diagram_share * A3_MM[1] * MM - 0.01


@pytest.mark.parametrize("paper", ["A4", "A2", "A1", "letter", "tabloid", "18x24in", "24x36in"])
def test_every_paper_keeps_its_scaled_body_size(paper):
    """Same principle on every paper: the body is 12 pt times the paper's scale, for long languages too."""
    layout = poster.load_poster()
    spec = layout.paper(paper)
    scale = min(spec.width_mm, spec.height_mm) / layout.reference_short_side_mm
    for lang in ("de", "ru"):
        plan = poster.plan(content_module.load_language(lang), paper=paper)
        assert plan.fit.type.body == pytest.approx(BODY_PT * scale), (lang, paper)


# --- Script-aware line spacing (item 8) --------------------------------------------------------------------------


def _page(lang: str) -> tuple[poster.PosterPlan, list[Printed]]:
    """The A3 poster's plan and the glyphs of its page as ReportLab draws it (the diagram is stamped later)."""
    plan = poster.plan(content_module.load_language(lang))
    return plan, printed_glyphs(poster.draw_page(plan))


def _zone4_gap(lang: str) -> float:
    """White (pt) between the lowest ink of the last line of zone 4's heading and the highest ink of the line
    under it (the sub-label), measured in the fourth zone panel."""
    plan, glyphs = _page(lang)
    row = next(row for row, _ in plan.fit.rows_below if row.panels[0].key == "zones.cervical")
    widths = poster_rows.column_widths(row, plan.frame.text_width, plan.frame.gutter)
    start = plan.frame.sheet.slug + plan.frame.margin + sum(widths[:3]) + 3 * plan.frame.gutter
    panel = [glyph for glyph in glyphs if glyph.left >= start - 0.5]
    heading = [glyph for glyph in panel if glyph.size == round(plan.fit.type.zone_name, 2)]
    last = min(glyph.baseline for glyph in heading)
    lowest = min(glyph.bottom for glyph in heading if abs(glyph.baseline - last) < 1)
    below = [glyph for glyph in panel if glyph.baseline < last - 1]
    following = max(glyph.baseline for glyph in below)
    highest = max(glyph.top for glyph in below if abs(glyph.baseline - following) < 1)
    return lowest - highest


def _without_script_spacing(monkeypatch) -> None:
    """Every text measured as if its ink reached no further than the reference text's (the old spacing)."""
    monkeypatch.setattr(text, "_ink", lambda _runs, _bold: ink.NONE)


def test_hindi_zone_heading_clears_the_line_below():
    """The review's case: panel 4's two-line heading (…पूँछ की हड्डी) and its sub-label (त्रिकास्थि · S1–S5 · Co)."""
    assert _zone4_gap("hi") > 1.0
    assert _zone4_gap("en") > 1.0


def test_negative_control_hindi_heading_touches_without_script_spacing(monkeypatch):
    _without_script_spacing(monkeypatch)
    assert _zone4_gap("hi") <= 0.0


CLEARANCE_TOLERANCE_EM = 0.02
"""pdfium's glyph boxes and HarfBuzz's extents may differ by rounding."""


@pytest.mark.parametrize("lang", ["ar", "hi", "en", "zh"])
def test_no_two_lines_touch(lang):
    """Between the ink of neighbouring lines of one size there is at least the least clearance, in every script
    (Arabic letters with hamza under a line of deep descenders, Devanagari vowel signs under conjuncts)."""
    _, glyphs = _page(lang)
    gap, upper, lower = line_gaps(glyphs)[0]
    least = (text.MIN_LINE_CLEARANCE_EM - CLEARANCE_TOLERANCE_EM) * upper.size
    assert gap >= least, (gap, upper, lower)


def test_negative_control_arabic_lines_come_closer_without_script_spacing(monkeypatch):
    _without_script_spacing(monkeypatch)
    _, glyphs = _page("ar")
    gap, upper, _ = line_gaps(glyphs)[0]
    assert gap < (text.MIN_LINE_CLEARANCE_EM - CLEARANCE_TOLERANCE_EM) * upper.size


def test_latin_and_cyrillic_text_keeps_the_designed_spacing():
    """Text in the reference font gets no extra leading or room; Hindi and Arabic text does."""
    from chartgen.formats.common import check_content, content_texts

    style = text.TextStyle(12, 1.15, "#000000", bold=True)
    for lang in ("en", "de", "ru", "pl", "tr"):
        content = content_module.load_language(lang)
        family = check_content(content)
        for key, value in content_texts(content).items():
            made = text.paragraph(value, style, family)
            assert made.style.leading == pytest.approx(12 * 1.15), (lang, key)
            assert made.room_above == 0.0 and made.depth is None, (lang, key)
    for lang in ("hi", "ar"):
        content = content_module.load_language(lang)
        family = check_content(content)
        made = [text.paragraph(value, style, family, rtl=lang == "ar") for value in content_texts(content).values()]
        assert any(p.style.leading > 12 * 1.15 for p in made), lang
        assert any(p.depth is not None and p.depth > 12 * 0.15 for p in made), lang
