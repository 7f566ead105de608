"""The pocket card: ID-1 pages, bleed, print sheets (count, duplex alignment, clean cut lines), text fit, legibility."""

from __future__ import annotations

import functools
import itertools
import re

import pikepdf
import pytest
from matplotlib.transforms import Bbox

from chartgen import cli
from chartgen import content as content_module
from chartgen.diagram.plan import medial_shape, plan_diagram
from chartgen.errors import InputError
from chartgen.formats import card
from chartgen.layout import CARD_MIN_PT, MM, load_card
from conftest import page_text, pdf_reader, printed_text, render_png, write_locale

CARD_MM = (85.6, 54.0)
SHEETS_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}
SHEET_DPI = 100
WHITE = 250
"""A pixel whose every channel is at least this is paper."""
INK = 160
"""A pixel whose darkest channel is below this carries ink (a cut mark, text)."""


@functools.cache
def card_pdf(sheet: str | None = None, bleed: bool = False, lang: str = "en") -> bytes:
    """The card for `lang`, made once per test run for each sheet and bleed setting."""
    return card.render(content_module.load_language(lang), sheet=sheet, bleed=bleed)


def _size_mm(box) -> tuple[float, float]:
    return float(box.width) / MM, float(box.height) / MM


# ---------------------------------------------------------------- the single card


def test_card_is_two_id1_pages():
    reader = pdf_reader(card_pdf())
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert _size_mm(page.mediabox) == pytest.approx(CARD_MM, abs=0.01)
        assert _size_mm(page.trimbox) == pytest.approx(CARD_MM, abs=0.01)


def test_bleed_card_has_3mm_bleed_and_crop_marks_outside_it():
    reader = pdf_reader(card_pdf(bleed=True))
    layout = load_card()
    slug = layout.bleed_mm + layout.cut_mark_offset_mm + layout.cut_mark_length_mm
    for page in reader.pages:
        assert _size_mm(page.mediabox) == pytest.approx((CARD_MM[0] + 2 * slug, CARD_MM[1] + 2 * slug), abs=0.01)
        assert _size_mm(page.trimbox) == pytest.approx(CARD_MM, abs=0.01)
        assert _size_mm(page.bleedbox) == pytest.approx((CARD_MM[0] + 6, CARD_MM[1] + 6), abs=0.01)
    pixels = render_png(card_pdf(bleed=True), "card-bleed-front", dpi=150)
    px = 150 / 25.4
    # the vertical crop mark at the left trim, above the bleed
    corner = pixels[: int((slug - layout.bleed_mm - 0.3) * px), : int((slug + 0.5) * px)]
    assert corner.min() < INK, "no crop mark in the top left slug"
    bleed_band = pixels[int((slug - layout.bleed_mm + 0.3) * px): int((slug - 0.3) * px),
                        int(slug * px):-int(slug * px)]
    assert bleed_band.min() >= WHITE, "something is drawn in the bleed above the trim"


def test_metadata_and_language():
    reader = pdf_reader(card_pdf())
    assert reader.metadata.title == "Spine reflex zones"
    assert reader.metadata.subject and reader.metadata.author
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_card_text_is_there_front_and_back(en):
    front = " ".join(page_text(card_pdf(), 0)[0].split())
    back = " ".join(page_text(card_pdf(), 1)[0].split())
    assert en.card.title in front
    for _, zone in en.zones.ordered():
        assert zone.short in front
    assert en.steps.heading in back
    for step, short in zip(en.steps.items, en.card.steps, strict=True):
        assert step.title in back and short in back
    for text in (en.card.do_not_use, en.card.disclaimer):
        assert " ".join(text.split()) in back
    assert "\x00" not in front + back


def _text_sizes(data: bytes, page: int) -> list[float]:
    return [run.font_size * (abs(run.tm[3] * run.cm[3]) or 1.0) for run in page_text(data, page)[1]
            if run.text.strip()]


def test_nothing_is_set_below_6_5_pt():
    reader = pdf_reader(card_pdf())
    for page in range(len(reader.pages)):
        sizes = _text_sizes(card_pdf(), page)
        assert sizes, "no text found"
        assert min(sizes) >= CARD_MIN_PT - 0.01


def test_layout_refuses_type_below_the_floor(tmp_path):
    from chartgen import layout, schema
    from chartgen.resources import LAYOUTS_DIR

    path = tmp_path / "card.yaml"
    path.write_text((LAYOUTS_DIR / "card.yaml").read_text().replace("min_pt: 6.5", "min_pt: 5", 1))
    with pytest.raises(InputError, match=r"min_pt: must be between 6.5"):
        schema.load(layout.CardLayout, path)


def test_front_title_corner_stays_clear_of_the_foot():
    plan = card.plan(content_module.load_language("en"))
    request = card.diagram_request(plan)
    foot = medial_shape()[0].transformed(plan_diagram(request).main).path()
    box = plan.diagram_box
    clearance = 1 * MM
    for block in plan.front:
        b = block.box
        corner = Bbox.from_extents(b.x - box.x, b.y - box.y - clearance, b.x - box.x + b.width + clearance,
                                   b.y - box.y + b.height)
        assert not foot.intersects_bbox(corner, filled=True), f"{block.name} touches the foot"


def test_everything_stays_in_the_safe_area():
    plan = card.plan(content_module.load_language("en"))
    safe = load_card().safe_mm * MM
    for block in plan.front + plan.back + (card.TextBlock("diagram", "diagram", plan.diagram_box, None),):
        b = block.box
        assert b.x >= safe - 0.01 and b.y >= safe - 0.01
        assert b.x + b.width <= CARD_MM[0] * MM - safe + 0.01
        assert b.y + b.height <= CARD_MM[1] * MM - safe + 0.01


def test_back_boxes_do_not_overlap():
    plan = card.plan(content_module.load_language("en"))
    boxes = [b.box for b in plan.back]
    for upper, lower in itertools.pairwise(boxes):
        assert lower.y + lower.height <= upper.y + 0.01


def test_card_is_deterministic():
    assert card.render(content_module.load_language("en")) == card_pdf()
    assert card.render(content_module.load_language("en"), sheet="a4") == card_pdf("A4")


@pytest.mark.parametrize(("sheet", "bleed"), [(None, False), (None, True), ("A4", False), ("letter", True)])
def test_pdf_syntax_is_clean(sheet, bleed):
    with pikepdf.open(__import__("io").BytesIO(card_pdf(sheet, bleed))) as document:
        assert document.check_pdf_syntax() == []


@pytest.mark.parametrize("lang", content_module.available_languages())
def test_every_language_makes_a_card(lang, all_documents):
    """The batch's card for each language (the batch makes it as card.render does; see conftest.py)."""
    reader = pdf_reader((all_documents.out / f"chartgen-card-{lang}.pdf").read_bytes())
    assert len(reader.pages) == 2


# ---------------------------------------------------------------- text that does not fit


def _render_custom(tmp_path, edit, sheet=None):
    path = write_locale(tmp_path, edit)
    content = content_module.load(path)
    return card.render(content, sheet=sheet)


def test_overlong_title_is_an_error_naming_the_box(tmp_path):
    with pytest.raises(InputError) as caught:
        _render_custom(tmp_path, lambda t: t.replace("  title: Spine reflex zones",
                                                     "  title: " + "Spine reflex zones " * 6))
    problems = caught.value.problems
    assert [p.key for p in problems] == ["card.title"]
    assert "'front.title'" in problems[0].message and "language 'en'" in problems[0].message
    assert "shorten it" in problems[0].message and problems[0].file


def test_overlong_steps_are_an_error_naming_the_box(tmp_path):
    long_step = "Press gently in small circles and breathe calmly while you do it. " * 3
    with pytest.raises(InputError) as caught:
        _render_custom(tmp_path, lambda t: t.replace(
            "    - Press gently in small circles. Hold tender spots a few seconds.", f"    - {long_step}"))
    assert [p.key for p in caught.value.problems] == ["card.steps"]
    assert "'back.steps'" in str(caught.value) and "6.5 pt" in str(caught.value)


def test_overlong_word_is_an_error(tmp_path):
    with pytest.raises(InputError) as caught:
        _render_custom(tmp_path, lambda t: t.replace("    For relaxation and self-care only.",
                                                     "    " + "Selbstfürsorge" * 8))
    assert [p.key for p in caught.value.problems] == ["card.disclaimer"]
    assert "wider than the box" in str(caught.value)


def test_long_steps_run_in_before_giving_up(tmp_path):
    # A little longer than fits with titles on their own lines: the titles run into the text instead.
    plan = card.plan(content_module.load(write_locale(tmp_path, lambda t: t.replace(
        "    - Feel along the inner edge of the foot with your thumb.",
        "    - Feel along the inner edge of the foot with your thumb until you find the zone you are looking for,"
        " then stay there a while and breathe."))))
    steps = next(b for b in plan.back if b.name == "back.steps")
    first = steps.fitted.flowables[0]
    assert len(first.body) == 1, "step titles should run in to save lines"


def test_brand_website_too_long_for_the_back_names_the_website_key(tmp_path):
    # The longest address a brand file allows (84 bytes) is one word wider than the back: the problem names the
    # key whose text overflowed (website, line 2), not the brand box's first key (name).
    from chartgen import brand as brand_module

    longest = "https://fusswohl.example/" + "a" * 59
    assert len(longest.encode()) == brand_module.WEBSITE_MAX_BYTES
    path = tmp_path / "brand.yaml"
    path.write_text(f"name: P\nwebsite: {longest}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        card.plan(content_module.load_language("en"), brand=brand_module.load(path))
    problems = [p for p in caught.value.problems if p.file == path]
    assert [(p.key, p.line) for p in problems] == [("website", 2)]
    assert str(problems[0]).startswith(f"{path}:2: website: language 'en': the text of the card's box 'back.brand'")
    assert "a word is wider than the box" in problems[0].message


def test_overlong_print_note_is_an_error_for_sheets_only(tmp_path):
    edit = lambda t: t.replace("    Print on both sides (duplex),", "    " + "Print on both sides (duplex), " * 20)  # noqa: E731
    assert _render_custom(tmp_path, edit)  # the single card has no note
    with pytest.raises(InputError) as caught:
        _render_custom(tmp_path, edit, sheet="A4")
    assert [p.key for p in caught.value.problems] == ["card.print_note"]


# ---------------------------------------------------------------- sheets


def _placements(page) -> list[tuple[float, float]]:
    data = page.get_contents().get_data().decode("latin-1")
    return [(float(x), float(y)) for x, y in re.findall(r"1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm /ChartgenArt\d+ Do", data)]


@pytest.mark.parametrize(("sheet", "bleed", "count"), [("A4", False, 10), ("A4", True, 8), ("letter", False, 8),
                                                      ("letter", True, 8)])
def test_sheet_size_and_cards_per_side(sheet, bleed, count):
    reader = pdf_reader(card_pdf(sheet, bleed))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert _size_mm(page.mediabox) == pytest.approx(SHEETS_MM[sheet], abs=0.01)
        assert len(_placements(page)) == count >= 8


@pytest.mark.parametrize(("sheet", "bleed"), [("A4", False), ("letter", True)])
def test_each_back_lies_behind_its_front_when_flipped_on_the_long_edge(sheet, bleed):
    reader = pdf_reader(card_pdf(sheet, bleed))
    width = SHEETS_MM[sheet][0] * MM
    card_width = (CARD_MM[0] + (6 if bleed else 0)) * MM
    fronts, backs = _placements(reader.pages[0]), _placements(reader.pages[1])
    assert len(fronts) == len(backs)
    for (fx, fy), (bx, by) in zip(fronts, backs, strict=True):
        assert bx == pytest.approx(width - fx - card_width, abs=0.01)
        assert by == pytest.approx(fy, abs=0.01)


def _cut_lines(sheet: str, bleed: bool) -> tuple[list[float], list[float], tuple[float, float, float, float]]:
    """Cut lines (mm from the left / from the top) and the cards' outer box (mm: left, top, right, bottom)."""
    layout = load_card()
    reader = pdf_reader(card_pdf(sheet, bleed))
    height = SHEETS_MM[sheet][1]
    bleed_mm = layout.bleed_mm if bleed else 0.0
    page_w, page_h = CARD_MM[0] + 2 * bleed_mm, CARD_MM[1] + 2 * bleed_mm
    cells = [(x / MM, y / MM) for x, y in _placements(reader.pages[0])]
    xs = sorted({round(x + bleed_mm + e, 3) for x, _ in cells for e in (0, CARD_MM[0])})
    ys = sorted({round(height - (y + bleed_mm + e), 3) for _, y in cells for e in (0, CARD_MM[1])})
    outer = (min(x for x, _ in cells), height - max(y for _, y in cells) - page_h,
             max(x for x, _ in cells) + page_w, height - min(y for _, y in cells))
    return xs, ys, outer


@pytest.mark.parametrize(("sheet", "bleed"), [("A4", False), ("A4", True), ("letter", False)])
def test_nothing_is_drawn_across_the_cut_lines_and_marks_are_outside(sheet, bleed):
    xs, ys, (left, top, right, bottom) = _cut_lines(sheet, bleed)
    px = SHEET_DPI / 25.4
    band = 2  # pixels either side of a cut line
    for page in (0, 1):
        pixels = render_png(card_pdf(sheet, bleed), f"card-sheet-{sheet}-{'bleed' if bleed else 'trim'}-{page + 1}",
                            dpi=SHEET_DPI, page=page)
        grey = pixels.min(axis=2)
        inner = grey[int(top * px) + 1:int(bottom * px) - 1, int(left * px) + 1:int(right * px) - 1]
        assert inner.min() < INK, "the cards are blank"
        for x in xs:
            column = grey[int(top * px) + 1:int(bottom * px) - 1, round(x * px) - band:round(x * px) + band + 1]
            assert column.min() >= WHITE, f"ink on the cut line x = {x} mm (page {page + 1})"
        for y in ys:
            row = grey[round(y * px) - band:round(y * px) + band + 1, int(left * px) + 1:int(right * px) - 1]
            assert row.min() >= WHITE, f"ink on the cut line y = {y} mm (page {page + 1})"
        if page == 0:  # cut marks in line with each cut, in the margin above the cards
            above = grey[int((top - 4.5) * px):int((top - 1.5) * px)]
            for x in xs:
                assert above[:, round(x * px) - 1:round(x * px) + 2].min() < INK, f"no cut mark at x = {x} mm"
            assert grey[int((top - 5) * px):int((top - 1.5) * px), int((left + 10) * px)].min() >= WHITE


def test_sheet_says_how_to_print_it(en):
    data = card_pdf("A4")
    for page in range(len(pdf_reader(data).pages)):
        text = " ".join(printed_text(data, page).split())  # pdfium's reading (conftest.py): pypdf took 1.7 s
        assert " ".join(en.card.print_note.split()) in text


# ---------------------------------------------------------------- command line


def test_cli_default_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["card"]) == 0
    assert cli.main(["card", "--sheet", "A4"]) == 0
    assert cli.main(["card", "--sheet", "LETTER", "--bleed"]) == 0
    assert cli.main(["card", "--sheet", "none"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["chartgen-card-en-A4.pdf", "chartgen-card-en-letter.pdf", "chartgen-card-en.pdf"]
    assert len(pdf_reader((tmp_path / "chartgen-card-en-A4.pdf").read_bytes()).pages) == 2


def test_cli_output_option(tmp_path):
    out = tmp_path / "praxis.pdf"
    assert cli.main(["card", "-o", str(out)]) == 0
    assert pdf_reader(out.read_bytes()).pages[0].mediabox.width == pytest.approx(CARD_MM[0] * MM, abs=0.01)


def test_cli_unknown_sheet_is_one_line_exit_2(tmp_path, capsys):
    assert cli.main(["card", "--sheet", "B5", "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["chartgen: --sheet: unknown sheet 'B5'; choose one of none|A4|letter"]
    assert not list(tmp_path.iterdir())


def test_cli_text_that_does_not_fit_leaves_no_pdf(tmp_path, capsys):
    path = write_locale(tmp_path, lambda t: t.replace("  title: Spine reflex zones",
                                                      "  title: " + "Spine reflex zones " * 6))
    out = tmp_path / "out"
    out.mkdir()
    assert cli.main(["card", "--content", str(path), "-o", str(out / "card.pdf")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "card.title" in err[0] and "front.title" in err[0]
    assert not list(out.iterdir())
