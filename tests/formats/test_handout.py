"""The client handout: client details read off the page, focus highlighting in pixels, 12 pt body, 5 mm margin,
right-to-left reading, duplex and letter, the card's --focus, and every bad input as one line with exit 2."""

from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path

import numpy as np
import pytest

from chartgen import content as content_module
from chartgen.colour import mix, rgb
from chartgen.content import ZONE_IDS
from chartgen.diagram.draw import MUTED_ZONE, WHITE
from chartgen.formats import card, handout
from chartgen.formats.common import content_texts
from chartgen.layout import (
    HANDOUT_BODY_MIN_PT,
    LARGE_PRINT_BODY_MIN_PT,
    LARGE_PRINT_MIN_PT,
    MM,
    load_handout,
    palette_for,
)
from conftest import render_png
from tests import reading
from tests.printed import assert_large_print, body_line_spacing, body_size, printed_glyphs

DPI = 100
PX_PER_PT = DPI / 72
COLOUR_NEAR = 14
"""A pixel within this distance (RGB, 0-255) of a colour shows that colour (anti-aliased edges are not counted)."""
ZONE_PIXELS = 40
"""A zone shown in a colour covers at least this many pixels of it at DPI (its band is ~25 x 5 mm)."""
PAPER = 250
"""A pixel whose every channel is at least this is paper."""
CLIENT = handout.Client(name="Frau Meier", date=datetime.date(2026, 12, 2), note="Jeden Abend 5 Minuten, beide Füße.",
                        focus=("lumbar", "sacral"))


@functools.cache
def _pdf(lang: str = "en", focus: tuple[str, ...] = ("lumbar", "sacral"), paper: str = "A4",
         duplex: bool = False, client: bool = True, large_print: bool = False) -> bytes:
    details = handout.Client(name=CLIENT.name, date=CLIENT.date, note=CLIENT.note, focus=focus) if client else \
        handout.Client(focus=focus)
    return handout.render(content_module.load_language(lang), paper=paper, duplex=duplex, client=details,
                          large_print=large_print)


def _diagram_pixels(focus: tuple[str, ...]) -> np.ndarray:
    """The rendered diagram box of the English handout with `focus`, as RGB pixels."""
    plan = handout.plan(content_module.load_language("en"), client=handout.Client(focus=focus))
    image = render_png(_pdf("en", focus, client=False), f"handout-focus-{'-'.join(focus) or 'none'}", dpi=DPI)
    box, height = plan.diagram_box, image.shape[0]
    top, bottom = int(height - (box.y + box.height) * PX_PER_PT), int(height - box.y * PX_PER_PT)
    return image[top:bottom, int(box.x * PX_PER_PT):int((box.x + box.width) * PX_PER_PT)].astype(int)


def _pixels_of(image: np.ndarray, colour: str) -> int:
    target = np.array([round(c * 255) for c in rgb(colour)])
    return int((np.abs(image - target).max(axis=2) <= COLOUR_NEAR).sum())


def _zone_colours() -> dict[str, str]:
    zones = palette_for(None).zones
    return dict(zip(ZONE_IDS, (zones.cervical, zones.thoracic, zones.lumbar, zones.sacral), strict=True))


def test_focus_zones_are_saturated_and_the_others_muted_but_visible():
    image = _diagram_pixels(("lumbar", "sacral"))
    colours = _zone_colours()
    for zone_id in ("lumbar", "sacral"):
        assert _pixels_of(image, colours[zone_id]) >= ZONE_PIXELS, f"{zone_id} is not in its full colour"
    for zone_id in ("cervical", "thoracic"):
        assert _pixels_of(image, colours[zone_id]) < ZONE_PIXELS / 4, f"{zone_id} is not muted"
        assert _pixels_of(image, mix(colours[zone_id], WHITE, MUTED_ZONE)) >= ZONE_PIXELS, f"{zone_id} is gone"


def test_negative_control_without_focus_every_zone_is_saturated():
    image = _diagram_pixels(())
    for zone_id, colour in _zone_colours().items():
        assert _pixels_of(image, colour) >= ZONE_PIXELS, zone_id  # what the focus test requires to be absent


def test_card_focus_highlights_the_chosen_zones_on_its_front():
    request = card.diagram_request(card.plan(content_module.load_language("en"), focus=("cervical",)))
    assert request.highlight == ("cervical",)
    assert request.dimmed("lumbar") and not request.dimmed("cervical")
    data = card.render(content_module.load_language("en"), focus=("cervical",))
    image = render_png(data, "card-focus-cervical", dpi=300).astype(int)
    colours = _zone_colours()
    assert _pixels_of(image, colours["cervical"]) >= ZONE_PIXELS
    assert _pixels_of(image, colours["lumbar"]) < ZONE_PIXELS / 4
    plain = render_png(card.render(content_module.load_language("en")), "card-plain", dpi=300).astype(int)
    assert _pixels_of(plain, colours["lumbar"]) >= ZONE_PIXELS  # negative control: unfocused, lumbar is saturated


def test_client_date_and_note_are_printed_in_german():
    lines = reading.document_lines(_pdf("de"), rtl=False)
    text = "\n".join(lines)
    assert "Für Frau Meier · 2. Dezember 2026" in text
    assert "Jeden Abend 5 Minuten, beide Füße." in text
    de = content_module.load_language("de")
    for needed in (de.handout.title, de.handout.note_heading.split()[0], de.handout.focus_heading,
                   de.zones.lumbar.name, de.zones.sacral.name, de.handout.other_zones, de.steps.heading,
                   de.cautions.heading):
        assert needed in text, needed


def test_focus_panels_come_first_and_larger():
    en = content_module.load_language("en")
    lines = reading.page_lines(_pdf("en"), 0)

    def line_of(text: str) -> reading.Line:
        """The panel's line (the diagram's labels of the same name are smaller than the body)."""
        return next(line for line in lines if line.read(rtl=False).lstrip("1234 ").startswith(text)
                    and line.glyphs[-1].size >= HANDOUT_BODY_MIN_PT - 0.01)

    lumbar, cervical = line_of(en.zones.lumbar.name), line_of(en.zones.cervical.name)
    assert lumbar.glyphs[-1].top > cervical.glyphs[-1].top, "the chosen zone's panel is not above the others"
    assert lumbar.glyphs[-1].size > cervical.glyphs[-1].size, "the chosen zone's name is not larger"


def test_no_date_or_client_unless_given():
    text = "\n".join(reading.document_lines(_pdf("en", client=False), rtl=False))
    assert "2026" not in text and "For " not in text


BRAND_YAML = """\
name: Praxis Anna Berg
person: Anna Berg, Reflexologin
phone: +49 30 1234 5678
email: anna@berg.example
website: https://berg.example/termine
"""


def _body_glyphs(lang: str, brand_file: Path | None) -> tuple[list, list]:
    """The done-when handout's glyphs outside the diagram's box, and inside it."""
    from chartgen import brand as brand_module

    brand = brand_module.load(brand_file) if brand_file else None
    language = content_module.load_language(lang)
    box = handout.plan(language, client=CLIENT, brand=brand).diagram_box
    glyphs = printed_glyphs(handout.render(language, client=CLIENT, brand=brand), 0)
    inside = [g for g in glyphs if box.x <= (g.left + g.right) / 2 <= box.x + box.width
              and box.y <= (g.top + g.bottom) / 2 <= box.y + box.height]
    return [g for g in glyphs if g not in inside], inside


@pytest.mark.parametrize(("lang", "with_brand"), [("en", False), ("de", True), ("ar", True)])
def test_nothing_outside_the_diagram_is_below_12_pt(tmp_path, lang, with_brand):
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text(BRAND_YAML, encoding="utf-8")
    body, diagram = _body_glyphs(lang, brand_file if with_brand else None)
    assert len(body) > 800
    small = "".join(g.char for g in body if g.size < HANDOUT_BODY_MIN_PT - 0.01)
    assert not small, f"printed below {HANDOUT_BODY_MIN_PT} pt: {small}"
    # Negative control: the measurement sees small type where there is some (the diagram's 9 pt vertebrae).
    assert min(g.size for g in diagram) < HANDOUT_BODY_MIN_PT


@pytest.mark.parametrize(("paper", "duplex"), [("A4", False), ("letter", True)])
def test_everything_stays_inside_the_5mm_printable_margin(paper, duplex):
    data = _pdf("en", paper=paper, duplex=duplex)
    margin = load_handout().margin_mm
    for page in range(2 if duplex else 1):
        image = render_png(data, f"handout-{paper}-{page}", dpi=DPI, page=page)
        ink = np.argwhere(image.min(axis=2) < PAPER)
        height, width = image.shape[:2]
        px_per_mm = DPI / 25.4
        top, left = ink.min(axis=0) / px_per_mm
        bottom, right = (np.array([height, width]) - 1 - ink.max(axis=0)) / px_per_mm
        assert min(top, left, bottom, right) >= margin - 0.3, (page, top, left, bottom, right)
        if page == 0:  # negative control: the title reaches the margin, so the measurement sees real edges
            assert top < margin + 3 and left < margin + 1


def test_paper_sizes_and_page_count():
    import io

    from pypdf import PdfReader

    for paper, duplex, size_mm, pages in (("A4", False, (210, 297), 1), ("letter", True, (215.9, 279.4), 2)):
        reader = PdfReader(io.BytesIO(_pdf("en", paper=paper, duplex=duplex)))
        assert len(reader.pages) == pages
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == size_mm


def test_arabic_handout_reads_right_to_left():
    arabic = content_module.load_language("ar")
    data = _pdf("ar")
    lines = reading.document_lines(data, rtl=True)
    sources = list(content_texts(arabic).values())
    sources += [f"{step.title} {step.text}" for step in arabic.steps.items]
    sources += [f"{zone.name}: {zone.where}" for _, zone in arabic.zones.ordered()]
    report = reading.word_order(lines, sources)
    assert report.reversed == 0, report.reversed_examples
    assert report.in_order > 60
    # The Arabic date, Babel's long form in the locale's own month name.
    assert any("ديسمبر" in line and "2026" in line for line in lines)


@pytest.mark.parametrize("lang", ["en", "de", "ar", "zh", "hi"])
def test_languages_fit_with_the_sample_client(lang):
    assert _pdf(lang).startswith(b"%PDF")


def test_is_deterministic():
    client = handout.Client(name="A", focus=("lumbar",))
    first = handout.render(content_module.load_language("en"), client=client)
    second = handout.render(content_module.load_language("en"), client=client)
    assert first == second


def test_only_the_handout_module_names_the_format():
    """Registry proof: outside its own module, only the registry's BUILT_IN line names the handout format."""
    package = Path(handout.__file__).parents[1]
    naming = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                    if re.search(r"[\"']handout[\"']", path.read_text(encoding="utf-8")))
    assert naming == ["formats/__init__.py", "formats/handout.py"]


# ---------------------------------------------------------------- bad input: one line each, exit 2


@pytest.mark.parametrize(("args", "expected"), [
    (["--focus", "lumbar,knee"], "--focus: unknown zone 'knee'; choose from: cervical, thoracic, lumbar, sacral"),
    (["--focus", ""], "--focus: an empty zone in ''"),
    (["--focus", "lumbar,,sacral"], "--focus: an empty zone in 'lumbar,,sacral'"),
    (["--focus", "sacral,sacrum"], "--focus: zone 'sacrum' is listed twice"),
    (["--date", "2026-02-30"], "--date: '2026-02-30' is not a date; write it as YYYY-MM-DD"),
    (["--date", "2.12.2026"], "--date: '2.12.2026' is not a date"),
    (["--client", "Frau\x1bMeier"], "--client: contains the control character U+001B"),
    (["--client", "Frau\nMeier"], "--client: contains a line break; give it on one line"),
    (["--note", "ok\u202eevil"], "--note: contains the direction control U+202E"),
    (["--paper", "A3"], "--paper"),
    (["--note", "Jeden Abend. " * 400], "--note: language 'en': the handout's box '--note' does not fit"),
])
def test_bad_input_is_one_line_naming_it(run, tmp_path, args, expected):
    result = run("handout", *args, "-o", str(tmp_path / "out.pdf"), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out.pdf").exists()


def test_bad_note_files_are_named(run, tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Füße\n".encode("latin-1"))
    large = tmp_path / "large.txt"
    large.write_text("x" * (handout.NOTE_FILE_LIMIT + 1), encoding="utf-8")
    for path, expected in ((tmp_path / "missing.txt", "file not found"), (latin1, "not UTF-8 text"),
                           (large, "more than the")):
        result = run("handout", "--note-file", str(path), "-o", str(tmp_path / "out.pdf"), cwd=tmp_path)
        assert result.returncode == 2
        line, = result.stderr.strip().splitlines()
        assert str(path) in line and "--note-file" in line and expected in line, line


def test_note_file_too_long_to_fit_names_the_file(run, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("\n\n".join(["Jeden Abend fünf Minuten, beide Füße, in Ruhe."] * 60), encoding="utf-8")
    result = run("handout", "--note-file", str(note), "-o", str(tmp_path / "out.pdf"), cwd=tmp_path)
    assert result.returncode == 2
    line, = result.stderr.strip().splitlines()
    assert str(note) in line and "does not fit" in line and "12 pt" in line and "shorten it" in line


def test_note_is_text_never_markup():
    data = handout.render(content_module.load_language("en"),
                          client=handout.Client(note="<b>bold</b> & <font size=40>big</font>"))
    text = "\n".join(reading.document_lines(data, rtl=False))
    assert "<b>bold</b> & <font size=40>big</font>" in text


def test_command_line_writes_the_default_name(run, tmp_path):
    result = run("handout", "--lang", "de", "--client", "Frau Meier", "--focus", "lumbar,sacrum", "--note",
                 "Jeden Abend 5 Minuten, beide Füße.", "--paper", "letter", "--duplex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "chartgen-handout-de-letter-duplex.pdf").exists()


# ---------------------------------------------------------------- large print


@pytest.mark.parametrize("lang", ["de", "ar", "zh"])
def test_large_print_body_is_16_pt_or_more_and_nothing_anywhere_below_12_pt(lang):
    """Read off both printed pages, the diagram's labels included; the done-when handout's client details."""
    data = _pdf(lang, large_print=True)
    assert reading.page_count(data) == 2
    for page in (0, 1):
        assert_large_print(data, page, min_glyphs=150)


def test_negative_control_the_usual_handout_fails_the_large_print_measure():
    glyphs = printed_glyphs(_pdf("de"), 0)
    assert body_size(glyphs) < LARGE_PRINT_BODY_MIN_PT
    assert min(g.size for g in glyphs) < LARGE_PRINT_MIN_PT  # the diagram's 9 pt vertebrae


def test_large_print_lines_are_spaced_about_one_and_a_half():
    """Large-print guidance asks for about 1.5 line spacing; the usual handout's is tighter (the control)."""
    assert body_line_spacing(_pdf("en", large_print=True), 1) >= 1.45
    assert body_line_spacing(_pdf("en"), 0) < 1.4


def test_large_print_keeps_secondary_text_in_full_contrast_ink():
    """No grey text in large print: the disclaimer, the other zones and the stamp box print in the ink colour."""
    palette = palette_for(None)
    usual = handout.plan(content_module.load_language("en"), client=CLIENT, duplex=True)
    large = handout.plan(content_module.load_language("en"), client=CLIENT, large_print=True)

    def colours(plan: handout.HandoutPlan, key: str) -> set[str]:
        block = next(p.block for page in plan.pages for p in page if p.block.key == key)
        return {f.style.textColor.hexval()[2:].upper() for f in block.flowables if hasattr(f, "style")}

    assert colours(usual, "disclaimer.text") == {palette.muted.lstrip("#").upper()}
    assert colours(large, "disclaimer.text") == {palette.ink.lstrip("#").upper()}


def test_large_print_from_the_command_line_takes_both_sides(run, tmp_path):
    result = run("handout", "--lang", "de", "--large-print", "--client", "Frau Meier", "--focus", "lumbar,sacrum",
                 "--note", "Jeden Abend 5 Minuten, beide Füße.", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = tmp_path / "chartgen-handout-de-A4-large-print.pdf"
    assert reading.page_count(made.read_bytes()) == 2


def test_a_note_too_long_for_large_print_is_named(run, tmp_path):
    note = " ".join(["Jeden Abend fünf Minuten, beide Füße, langsam und ohne Druck."] * 30)
    result = run("handout", "--large-print", "--note", note, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("chartgen: --note: ") and "large-print handout" in line and "shorten it" in line
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("change", "message"), [
    (("  body_pt: [18, 17, 16]", "  body_pt: [18, 15]"), "large_print.body_pt below 16 pt is not large print"),
    (("  diagram_small_pt: 12\n", "  diagram_small_pt: 11\n"), "large print sets no text below 12 pt"),
])
def test_a_large_print_layout_below_the_guidance_is_refused(tmp_path, change, message):
    from chartgen import schema
    from chartgen.errors import InputError
    from chartgen.layout import LAYOUTS_DIR, HandoutLayout

    shipped = (LAYOUTS_DIR / "handout.yaml").read_text(encoding="utf-8")
    assert shipped.count(change[0]) == 1
    path = tmp_path / "handout.yaml"
    path.write_text(shipped.replace(*change), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        schema.load(HandoutLayout, path)
    assert message in str(refused.value)
