"""Imposition: grid geometry, duplex mirroring and the imposed PDF (its marks: tests/formats/kit/test_marks.py)."""

from __future__ import annotations

import io
import re

import pytest
from reportlab.pdfgen.canvas import Canvas

from chartgen import fonts, impose, pdf
from chartgen.layout import MM
from chartgen.pdf import Box
from conftest import pdf_reader

A4 = (210 * MM, 297 * MM)
LETTER = (215.9 * MM, 279.4 * MM)
CARD = (85.6 * MM, 54 * MM)
CARD_BLEED = ((85.6 + 6) * MM, (54 + 6) * MM)
MARGIN = 10 * MM


def _grid(sheet=A4, page=CARD, margin=MARGIN) -> impose.CardGrid:
    return impose.CardGrid.fit(sheet_width=sheet[0], sheet_height=sheet[1], page_width=page[0],
                               page_height=page[1], margin=margin)


@pytest.mark.parametrize(("sheet", "page", "count"), [
    (A4, CARD, 10), (A4, CARD_BLEED, 8), (LETTER, CARD, 8), (LETTER, CARD_BLEED, 8),
])
def test_grid_holds_at_least_eight_cards(sheet, page, count):
    grid = _grid(sheet, page)
    assert grid.per_side == count
    cells = grid.cells()
    assert len(cells) == count
    for cell in cells:  # inside the margin on every side
        assert cell.x >= MARGIN - 1e-6 and cell.y >= MARGIN - 1e-6
        assert cell.x + cell.width <= sheet[0] - MARGIN + 1e-6
        assert cell.y + cell.height <= sheet[1] - MARGIN + 1e-6


def test_cells_never_overlap():
    cells = _grid(A4, CARD_BLEED).cells()
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            overlap_x = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
            overlap_y = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
            assert overlap_x <= 1e-6 or overlap_y <= 1e-6


def test_page_too_big_for_the_sheet_is_refused():
    with pytest.raises(ValueError):
        _grid(A4, (300 * MM, 54 * MM))


def test_backs_mirror_fronts_on_a_portrait_sheet():
    grid = _grid()
    front, back = grid.sides(2)
    assert {p.source_page for p in front.placements} == {0}
    assert {p.source_page for p in back.placements} == {1}
    for f, b in zip(front.placements, back.placements, strict=True):
        assert b.x == pytest.approx(A4[0] - f.x - CARD[0])
        assert b.y == pytest.approx(f.y)
    # the card top left on the front is top right on the back
    assert back.placements[0].x > front.placements[0].x


def test_backs_mirror_top_to_bottom_on_a_landscape_sheet():
    grid = _grid((A4[1], A4[0]))
    front, back = grid.sides(2)
    for f, b in zip(front.placements, back.placements, strict=True):
        assert b.x == pytest.approx(f.x)
        assert b.y == pytest.approx(A4[0] - f.y - CARD[1])


def test_a_moved_grid_still_has_its_backs_behind_the_fronts():
    grid = impose.CardGrid(*A4, *CARD, columns=2, rows=5, bottom=10 * MM)
    front, back = grid.sides(2)
    assert min(p.y for p in front.placements) == pytest.approx(10 * MM)
    for f, b in zip(front.placements, back.placements, strict=True):
        assert (b.x, b.y) == pytest.approx((A4[0] - f.x - CARD[0], f.y))


def test_more_pairs_give_more_sheets_fronts_odd_backs_even():
    sides = _grid().sides(4)
    assert [side.placements[0].source_page for side in sides] == [0, 1, 2, 3]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_odd_page_counts_are_refused(count):
    with pytest.raises(ValueError, match="pairs"):
        _grid().sides(count)


def test_bounds_holds_all_boxes():
    assert impose.bounds((Box(1, 2, 3, 4), Box(10, -1, 1, 1))) == Box(1, -1, 10, 7)


def _two_pages() -> bytes:
    """A small front (red) and back (blue) page, the size of a card."""
    family = fonts.LATIN
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=CARD, invariant=1, initialFontName=family.face())
    for colour in ((1, 0, 0), (0, 0, 1)):
        canvas.setFillColorRGB(*colour)
        canvas.rect(10, 10, CARD[0] - 20, CARD[1] - 20, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


INFO = pdf.DocumentInfo(title="t", subject="s", author="a", lang="en")


def _impose() -> bytes:
    def decorate(canvas, index, _side):
        canvas.drawString(20, 20, f"side {index + 1}")

    return impose.impose(_two_pages(), _grid(), font=fonts.LATIN.face(), info=INFO, decorate=decorate)


def _placements(page) -> list[tuple[float, float]]:
    data = page.get_contents().get_data().decode("latin-1")
    return [(float(x), float(y)) for x, y in re.findall(r"1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm /ChartgenArt\d+ Do", data)]


def test_imposed_pdf_has_one_sheet_per_side_each_page_stored_once():
    reader = pdf_reader(_impose())
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.01)
    front, back = reader.pages
    assert len(_placements(front)) == 10 and len(_placements(back)) == 10
    for page in reader.pages:
        forms = {x.idnum for x in page["/Resources"]["/XObject"].values()}
        assert len(forms) == 1, "the source page is stored once and placed many times"
    assert "side 1" in front.extract_text() and "side 2" in back.extract_text()


def test_imposition_is_deterministic():
    assert _impose() == _impose()
