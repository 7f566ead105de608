"""Saddle-stitch imposition: a simulated fold of the imposed sheets reads 1..N; sheet size, marks and note."""

from __future__ import annotations

import functools
import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from chartgen import content as content_module
from chartgen import impose, pdf
from chartgen.errors import InputError
from chartgen.formats import booklet_imposed
from chartgen.formats.kit import marks
from chartgen.layout import MM, load_booklet
from conftest import pdf_reader, printed_text, render_png

PAGE_W, PAGE_H = 105 * MM, 148 * MM


def numbered_pages(count: int) -> bytes:
    """A PDF of `count` A6 pages, each showing only its own number ("P1", "P2"...) in its middle."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for number in range(1, count + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H / 2, f"P{number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def folded_reading_order(sheets: list[dict[str, list[int]]]) -> list[int]:
    """Fold a stack of printed sheets in the middle and read it, from where each page physically is.

    `sheets` are outermost first; each maps "front"/"back" to the page numbers printed on its left and right
    half. Turning a sheet over like a book page puts the back's left half behind the front's right half. In the
    folded stack the right halves are the leaves read first (outer sheet first, front then back), and the left
    halves come after the middle, read from the innermost sheet out (back then front).
    """
    first_half = []
    for sheet in sheets:
        first_half += [sheet["front"][1], sheet["back"][0]]
    second_half = []
    for sheet in reversed(sheets):
        second_half += [sheet["back"][1], sheet["front"][0]]
    return first_half + second_half


def printed_sheets(data: bytes, *, copies: int) -> list[list[dict[str, list[int]]]]:
    """Read back each copy's sheets from an imposed PDF: the page number in each half of each spread."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        sides = []
        for page in document:
            width, height = page.get_width(), page.get_height()
            text = page.get_textpage()
            per_copy = []
            band = height / copies
            for copy in range(copies):
                top = height - copy * band
                halves = [text.get_text_bounded(x0, top - band, x0 + width / 2, top).strip()
                          for x0 in (0, width / 2)]
                per_copy.append([int(h.split()[0].lstrip("P")) for h in halves])
            sides.append(per_copy)
    finally:
        document.close()
    return [[{"front": sides[i][copy], "back": sides[i + 1][copy]} for i in range(0, len(sides), 2)]
            for copy in range(copies)]


@pytest.mark.parametrize("copies", [1, 2])
@pytest.mark.parametrize("count", [8, 12, 16])
def test_simulated_fold_of_imposed_sheets_reads_in_order(count, copies):
    if copies == 1:
        sheet_w, sheet_h = 2 * PAGE_W + 40, PAGE_H + 40
    else:
        sheet_w, sheet_h = 2 * PAGE_W + 20, 2 * PAGE_H + 40
    scheme = impose.SaddleStitch(sheet_w, sheet_h, PAGE_W, PAGE_H, copies=copies)
    info = pdf.DocumentInfo(title="t", subject="s", author="a", lang="en")
    data = impose.impose(numbered_pages(count), scheme, font="Helvetica", info=info)
    assert len(pdf_reader(data).pages) == count // 2
    for copy in printed_sheets(data, copies=copies):
        assert len(copy) == count // 4
        assert folded_reading_order(copy) == list(range(1, count + 1))


@pytest.mark.parametrize("count", [8, 12, 16])
def test_scheme_slots_match_the_fold(count):
    scheme = impose.SaddleStitch(700, 500, PAGE_W, PAGE_H)
    slots = [(left + 1, right + 1) for left, right in scheme.slots(count)]
    sheets = [{"front": list(slots[i]), "back": list(slots[i + 1])} for i in range(0, len(slots), 2)]
    assert folded_reading_order(sheets) == list(range(1, count + 1))
    assert slots[0] == (count, 1) and slots[1] == (2, count - 1)


def test_right_to_left_booklets_mirror_every_spread():
    ltr = impose.SaddleStitch(700, 500, PAGE_W, PAGE_H).slots(8)
    rtl = impose.SaddleStitch(700, 500, PAGE_W, PAGE_H, rtl=True).slots(8)
    assert rtl == tuple((right, left) for left, right in ltr)


@pytest.mark.parametrize("count", [0, 6, 10])
def test_page_counts_not_a_multiple_of_four_are_refused(count):
    with pytest.raises(ValueError, match="multiple of 4"):
        impose.SaddleStitch(700, 500, PAGE_W, PAGE_H).sides(count)


@pytest.mark.parametrize(("paper", "sheet", "size_mm", "copies", "edge"), [
    ("A6", "A4", (210, 297), 2, "long"),
    ("A5", "A4", (297, 210), 1, "short"),
    ("A6", "letter", (215.9, 279.4), 2, "long"),
    ("A5", "letter", (279.4, 215.9), 1, "short"),
])
def test_imposition_fits_the_pages_inside_the_sheet_margins(paper, sheet, size_mm, copies, edge):
    layout = load_booklet()
    plan = booklet_imposed.imposition(layout, paper, sheet)
    scheme = plan.scheme
    assert (scheme.sheet_width / MM, scheme.sheet_height / MM) == pytest.approx(size_mm)
    assert scheme.copies == copies and scheme.flip_edge == edge
    around = impose.bounds(scheme.spreads())
    assert around.x >= layout.imposition.margin_mm * MM - 0.01
    if copies == 1:
        assert around.y >= layout.imposition.note_margin_mm * MM - 0.01
    else:  # the note is in the gutter, half of which is the margin above and below the copies
        assert scheme.gutter >= layout.imposition.gutter_mm * MM - 0.01
        assert around.y == pytest.approx(scheme.gutter / 2)
    original = layout.papers[paper]
    assert plan.paper.width_mm / plan.paper.height_mm == pytest.approx(original.width_mm / original.height_mm,
                                                                       rel=0.01)
    assert plan.paper.min_body_pt == original.min_body_pt  # laid out again, never scaled below the floor


@functools.cache
def imposed_pdf(paper: str, sheet: str) -> bytes:
    return booklet_imposed.render(content_module.load_language("en"), paper=paper, sheet=sheet)


def test_real_a6_booklet_imposed_on_a4_reads_in_order(en):
    data = imposed_pdf("A6", "A4")
    reader = pdf_reader(data)
    assert len(reader.pages) == 6  # 12 pages: 3 sheets, both sides
    assert float(reader.pages[0].mediabox.width) == pytest.approx(210 * MM, abs=0.01)
    # Every half carries its booklet page's running foot (covers have none): check the numbers found there.
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    scheme = booklet_imposed.imposition(load_booklet(), "A6", "A4").scheme
    expected = scheme.sides(12)
    try:
        for side, page in zip(expected, document, strict=True):
            text = page.get_textpage()
            for placement in side.placements:
                foot = text.get_text_bounded(placement.x, placement.y, placement.x + scheme.page_width,
                                             placement.y + load_booklet().margins.bottom_mm * MM * 0.9)
                number = placement.source_page + 1
                words = foot.split()
                if number in (1, 12):
                    assert en.booklet.running_title not in foot
                else:
                    assert str(number) in words, f"page {number} expected in {foot!r}"
    finally:
        document.close()
    top = " ".join(printed_text(data, 0).split())  # read by pdfium (conftest.py)
    for step, words in enumerate((en.booklet.print_long_edge, en.booklet.print_cut, en.booklet.print_fold), 1):
        assert f"{step} {words}" in top  # every step, numbered in the order a user goes


def test_a5_on_letter_has_short_edge_note_and_trims_only(en):
    data = imposed_pdf("A5", "letter")
    text = " ".join(printed_text(data, 0).split())  # read by pdfium (conftest.py)
    assert en.booklet.print_short_edge in text and en.booklet.print_trim in text and en.booklet.print_fold in text
    assert en.booklet.print_cut not in text
    pixels = render_png(data, "booklet-imposed-A5-letter", dpi=40)
    assert pixels.shape[1] > pixels.shape[0]  # landscape sheet


def test_marks_stay_outside_the_pages_and_sheet_is_clean():
    import pikepdf

    data = imposed_pdf("A6", "A4")
    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []
    pixels = render_png(data, "booklet-imposed-A6-A4", dpi=40)
    margin = int(load_booklet().imposition.safe_edge_mm * MM * 40 / 72) - 1
    edge = pixels[:margin].reshape(-1, 3)
    assert (edge > 250).all(), "something is printed where printers cannot print"


def test_bad_sheet_names_the_choices(en):
    with pytest.raises(InputError) as caught:
        booklet_imposed.render(en, paper="A6", sheet="A3")
    assert "unknown sheet 'A3'; choose one of A4|letter" in str(caught.value)


def test_same_input_same_bytes():
    assert booklet_imposed.render(content_module.load_language("en"), paper="A6", sheet="A4") == \
        imposed_pdf("A6", "A4")


def placed_pages_and_marks(data: bytes, index: int = 0) -> tuple[list[pdf.Box], list[tuple[float, ...]]]:
    """Read sheet side `index` as a print shop's preflight does: the box of every page placed on it (its
    placement's translation and its form's BBox) and every hairline it strokes (x0, y0, x1, y1), in pt."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        page = document.pages[index]
        xobjects = page.Resources.get("/XObject", {})
        boxes, segments = [], []
        stack, shift, width, start = [], (0.0, 0.0), 1.0, None
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "q":
                stack.append((shift, width))
            elif name == "Q":
                shift, width = stack.pop()
            elif name == "cm":
                shift = (shift[0] + float(operands[4]), shift[1] + float(operands[5]))
            elif name == "w":
                width = float(operands[0])
            elif name == "m":
                start = (float(operands[0]) + shift[0], float(operands[1]) + shift[1])
            elif name == "l" and start is not None and width <= marks.HAIRLINE:
                end = (float(operands[0]) + shift[0], float(operands[1]) + shift[1])
                segments.append((*start, *end))
                start = end
            elif name == "Do":
                x0, y0, x1, y1 = (float(v) for v in xobjects[operands[0]].BBox)
                boxes.append(pdf.Box(shift[0] + x0, shift[1] + y0, x1 - x0, y1 - y0))
    return boxes, segments


def two_copy_sheet_faults(data: bytes, *, sheet_height: float, gutter_min: float) -> list[str]:
    """What keeps a two-copy sheet from being cut cleanly at a copy shop: copies not placed alike, unequal
    margins, no gutter, a trim edge without its cut marks, a mark on a page (lengths in pt)."""
    boxes, segments = placed_pages_and_marks(data)
    faults = []
    tops = sorted({round(box.y, 2) for box in boxes}, reverse=True)
    if len(tops) != 2:
        return [f"{len(tops)} rows of pages, not two copies"]
    height, left = boxes[0].height, min(box.x for box in boxes)
    right = max(box.x + box.width for box in boxes)
    upper, lower = tops
    if abs((upper - lower) - sheet_height / 2) > 0.05:
        faults.append("the copies are not placed alike in their halves of the sheet")
    if abs(lower - (sheet_height - upper - height)) > 0.05:
        faults.append("the margins above and below the copies differ")
    gutter = upper - (lower + height)
    if gutter < gutter_min - 0.05:
        faults.append(f"the gutter between the copies is {gutter / MM:.1f} mm")
    horizontal = [s for s in segments if abs(s[1] - s[3]) < 0.01]
    vertical = [s for s in segments if abs(s[0] - s[2]) < 0.01]
    for y in (lower, lower + height, upper, upper + height):
        beside = [s for s in horizontal if abs(s[1] - y) < 0.05]
        if not any(max(s[0], s[2]) < left for s in beside) or not any(min(s[0], s[2]) > right for s in beside):
            faults.append(f"no cut marks beside the trim edge at {y / MM:.1f} mm")
    for x in (left, right):
        if not any(abs(s[0] - x) < 0.05 and min(s[1], s[3]) >= lower + height and max(s[1], s[3]) <= upper
                   for s in vertical):
            faults.append(f"no cut mark across the gutter at {x / MM:.1f} mm")
    for s in segments:
        for box in boxes:
            if min(s[0], s[2]) < box.x + box.width - 0.01 and max(s[0], s[2]) > box.x + 0.01 and \
                    min(s[1], s[3]) < box.y + box.height - 0.01 and max(s[1], s[3]) > box.y + 0.01:
                faults.append(f"a mark at {s[0] / MM:.1f}, {s[1] / MM:.1f} mm runs over a page")
    return faults


@pytest.mark.parametrize("sheet", ["A4", "letter"])
def test_two_copies_have_a_gutter_with_its_own_cut_marks_and_equal_margins(sheet):
    """Measured in the PDF: the copies are placed alike with equal margins, a gutter of at least the layout's
    between them, cut marks in line with all four horizontal trim edges (the gutter's two included) and across
    the gutter for the vertical ones, none on a page."""
    data = imposed_pdf("A6", sheet)
    reader = pdf_reader(data)
    height = float(reader.pages[0].mediabox.height)
    gutter = load_booklet().imposition.gutter_mm * MM
    assert two_copy_sheet_faults(data, sheet_height=height, gutter_min=gutter) == []


def test_the_measurement_finds_butted_copies_without_gutter_marks():
    """Negative control: A6 pages at full size on A4 touch in the middle (0.5 mm apart), as copies did before
    the gutter, with cut marks only around the whole block: every fault is found."""
    sheet_w, sheet_h = 210 * MM, 297 * MM
    scheme = impose.SaddleStitch(sheet_w, sheet_h, PAGE_W, PAGE_H, copies=2)

    def old_marks(canvas: Canvas, _index: int, _side: impose.SheetSide) -> None:
        spreads = scheme.spreads()
        around = impose.bounds((spreads[0], spreads[-1]))
        outer = (impose.bounds(spreads),)
        marks.draw(canvas, marks.cut_marks(outer, around=around, offset=1.5 * MM, length=4 * MM))

    info = pdf.DocumentInfo("t", "s", "a", "en")
    data = impose.impose(numbered_pages(8), scheme, font="Helvetica", info=info, decorate=old_marks)
    faults = two_copy_sheet_faults(data, sheet_height=sheet_h, gutter_min=10 * MM)
    assert "the gutter between the copies is 0.5 mm" in faults
    assert sum("no cut marks beside" in fault for fault in faults) == 2  # the two edges at the middle
    assert sum("across the gutter" in fault for fault in faults) == 2


def test_default_file_names_differ_per_sheet(tmp_path, monkeypatch):
    """A letter run no longer overwrites the A4 file: each sheet (and paper) has its own default name."""
    from chartgen.cli import main

    monkeypatch.chdir(tmp_path)
    for args in (["--imposed"], ["--imposed", "--sheet", "letter"], ["--paper", "A5", "--imposed"]):
        assert main(["booklet", *args]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chartgen-booklet-en-A5-imposed-A4.pdf", "chartgen-booklet-en-A6-imposed-A4.pdf",
        "chartgen-booklet-en-A6-imposed-letter.pdf"]


def test_help_names_the_page_size_the_sheets_really_give(capsys):
    """The imposed pages are not A6: `booklet --help` says the size measured on the sheet (here, letter)."""
    from chartgen.cli import main

    boxes, _ = placed_pages_and_marks(imposed_pdf("A6", "letter"))
    width, height = boxes[0].width / MM, boxes[0].height / MM
    with pytest.raises(SystemExit):
        main(["booklet", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"A6 is 98 x 138.1 mm on A4, {round(width, 1):g} x {round(height, 1):g} mm on US Letter" in text


@pytest.mark.background  # 26 plans, needing nothing from the other tests: beside them (conftest.py)
@pytest.mark.parametrize("lang", content_module.available_languages())
@pytest.mark.parametrize("sheet", ["letter", "A4"])
def test_every_language_builds_the_a6_booklet_imposed_on_every_sheet(lang, sheet):
    """What `chartgen booklet --imposed --sheet letter` lays out, in every language: no problem (planned, not
    drawn, as `check` does; the drawing of the same plan is covered by the tests above)."""
    from chartgen.formats import Request, Settings, formats

    content = content_module.load_language(lang)
    assert formats()["booklet"].check(Request(content, Settings(paper="A6", sheet=sheet))) == []
