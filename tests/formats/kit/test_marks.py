"""formats/kit/marks.py: crop, cut and fold marks stay outside the pages and line up with their edges; one
function strokes them, as hairlines, dashed when asked."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from chartgen import impose
from chartgen.formats.common import make_sheet
from chartgen.formats.kit import marks
from chartgen.layout import MM
from chartgen.pdf import Box
from conftest import pdf_reader

A4 = (210 * MM, 297 * MM)
CARD_BLEED = ((85.6 + 6) * MM, (54 + 6) * MM)
MARGIN = 10 * MM


def _crosses(mark: marks.Segment, box: Box) -> bool:
    inside_x = box.x < max(mark.x0, mark.x1) and min(mark.x0, mark.x1) < box.x + box.width
    inside_y = box.y < max(mark.y0, mark.y1) and min(mark.y0, mark.y1) < box.y + box.height
    return inside_x and inside_y


def test_cut_marks_stay_outside_every_page_and_line_up_with_every_trim():
    grid = impose.CardGrid.fit(sheet_width=A4[0], sheet_height=A4[1], page_width=CARD_BLEED[0],
                               page_height=CARD_BLEED[1], margin=MARGIN)
    cells = grid.cells()
    trims = tuple(cell.inset(3 * MM) for cell in cells)
    around = impose.bounds(cells)
    cuts = marks.cut_marks(trims, around=around, offset=1 * MM, length=4 * MM)
    for mark in cuts:
        for cell in cells:
            assert not _crosses(mark, cell), f"{mark} crosses {cell}"
    verticals = {round(m.x0, 3) for m in cuts if m.x0 == m.x1}
    horizontals = {round(m.y0, 3) for m in cuts if m.y0 == m.y1}
    assert verticals == {round(e, 3) for t in trims for e in (t.x, t.x + t.width)}
    assert horizontals == {round(e, 3) for t in trims for e in (t.y, t.y + t.height)}
    assert len(verticals) == 4 and len(horizontals) == 8  # bleed: every card has its own cuts


def test_two_copies_get_marks_beside_them_and_across_their_gutter_never_on_a_page():
    """A6 spreads twice on A4 with a gutter: without marks above and below (too narrow a margin there), every
    horizontal trim edge (the gutter's two included) is marked beside the copies, and the vertical edges across
    the gutter; with `above_and_below` (the default) the vertical edges are marked there too."""
    scheme = impose.SaddleStitch(A4[0], A4[1], 98 * MM, 138.1 * MM, copies=2)
    spreads = scheme.spreads()
    around = impose.bounds(spreads)
    upper, lower = spreads
    gutter = Box(around.x, lower.y + lower.height, around.width, upper.y - lower.y - lower.height)
    beside = marks.cut_marks(spreads, around=around, offset=1.5 * MM, length=4 * MM, above_and_below=False)
    across = marks.gutter_marks((around.x, around.x + around.width), gutter=gutter, offset=1.5 * MM)
    assert all(m.y0 == m.y1 for m in beside) and len(beside) == 8  # 4 edges, left and right
    assert {round(m.y0, 3) for m in beside} == {round(e, 3) for s in spreads for e in (s.y, s.y + s.height)}
    assert [(m.x0, m.x1) for m in across] == [(around.x, around.x), (around.x + around.width,) * 2]
    assert all(gutter.y < min(m.y0, m.y1) and max(m.y0, m.y1) < gutter.y + gutter.height for m in across)
    for mark in beside + across:
        assert not any(_crosses(mark, spread) for spread in spreads), mark
    both = marks.cut_marks(spreads, around=around, offset=1.5 * MM, length=4 * MM)
    assert len(both) == len(beside) + 4  # and the two vertical edges above and below


def test_crop_marks_sit_in_line_with_the_trim_outside_the_bleed():
    trim, bleed, offset, length = Box(20, 20, 100, 60), 8.5, 9.0, 14.0
    crops = marks.crop_marks(trim, offset=offset, length=length)
    assert len(crops) == 8
    for mark in crops:
        assert not _crosses(mark, trim.inset(-bleed)), f"{mark} enters the bleed"
        horizontal = mark.y0 == mark.y1
        line, ends = (mark.y0, (mark.x0, mark.x1)) if horizontal else (mark.x0, (mark.y0, mark.y1))
        edges = (trim.y, trim.y + trim.height) if horizontal else (trim.x, trim.x + trim.width)
        across = (trim.x, trim.x + trim.width) if horizontal else (trim.y, trim.y + trim.height)
        assert line in edges  # in line with a trim edge
        corner = min(across, key=lambda edge: abs(ends[0] - edge))
        assert sorted(abs(end - corner) for end in ends) == pytest.approx([offset, offset + length])


def test_fold_marks_stand_above_and_below_the_spine():
    around = Box(10, 20, 200, 100)
    top, bottom = marks.fold_marks(110, around=around, offset=3, length=5)
    assert top == marks.Segment(110, 123, 110, 128) and bottom == marks.Segment(110, 17, 110, 12)


def _content_stream(draw) -> str:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 200), invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return pdf_reader(buffer.getvalue()).pages[0].get_contents().get_data().decode()


@pytest.mark.parametrize("dash", [None, (3, 2)])
def test_marks_are_registration_colour_hairlines_dashed_when_asked(dash):
    stream = _content_stream(lambda canvas: marks.draw(canvas, (marks.Segment(0, 1, 2, 3),), dash=dash))
    assert marks.HAIRLINE == 0.25 and "\n.25 w\n" in stream and "/All CS 1 SCN" in stream
    assert "0 1 m 2 3 l S" in stream
    assert ("[3 2] 0 d" in stream) == (dash is not None)


def test_a_page_without_bleed_gets_no_crop_marks():
    plain = make_sheet(100, 50, bleed_mm=3, mark_offset_mm=3, mark_length_mm=5, with_bleed=False)
    with_bleed = make_sheet(100, 50, bleed_mm=3, mark_offset_mm=3, mark_length_mm=5, with_bleed=True)
    draw = marks.draw_crop_marks
    assert " l S" not in _content_stream(lambda canvas: draw(canvas, plain, offset=3 * MM, length=5 * MM))
    assert _content_stream(lambda canvas: draw(canvas, with_bleed, offset=3 * MM, length=5 * MM)).count(" l S") == 8
