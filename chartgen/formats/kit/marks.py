"""Trim boxes (pt) -> print marks as hairline segments, and the one function that strokes marks on a canvas.

Crop marks at a page's trim corners (poster, card and booklet with bleed), cut marks in line with the trims of
pages placed on a sheet (card sheets, imposed booklet), fold marks at a spine. Every mark starts some distance
outside the pages, so no mark touches printed art.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from chartgen import tagging
from chartgen.formats.common import Sheet
from chartgen.pdf import Box

HAIRLINE = 0.25
"""Stroke width of every mark (pt): thin enough to cut on, thick enough for any printer."""
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
"""Registration colour: the separation named All, which prints on every plate (its DeviceCMYK alternate is 100 %
of each ink), so a press or cutter can line up every separation on the marks. A home printer shows it black."""


@dataclass(frozen=True)
class Segment:
    """A straight line from (x0, y0) to (x1, y1), in pt."""

    x0: float
    y0: float
    x1: float
    y1: float


def crop_marks(trim: Box, *, offset: float, length: float) -> tuple[Segment, ...]:
    """Two marks at each corner of `trim`, in line with its edges, starting `offset` pt outside it and running
    `length` pt away from it."""
    left, bottom = trim.x, trim.y
    right, top = left + trim.width, bottom + trim.height
    marks = []
    for x, y, dx, dy in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1), (right, top, 1, 1)):
        marks.append(Segment(x + dx * offset, y, x + dx * (offset + length), y))
        marks.append(Segment(x, y + dy * offset, x, y + dy * (offset + length)))
    return tuple(marks)


def cut_marks(trims: tuple[Box, ...], *, around: Box, offset: float, length: float,
              above_and_below: bool = True) -> tuple[Segment, ...]:
    """Marks in line with every distinct trim edge, all outside `around` (the box holding every placed page).

    Each mark starts `offset` pt outside `around` and runs `length` pt away from it, so no mark touches a page.
    Without `above_and_below`, the vertical edges get no marks above and below `around` (a sheet whose margins
    there are too narrow to print them marks those edges in a gutter instead: `gutter_marks`).
    """
    xs = sorted({round(edge, 3) for trim in trims for edge in (trim.x, trim.x + trim.width)})
    ys = sorted({round(edge, 3) for trim in trims for edge in (trim.y, trim.y + trim.height)})
    bottom, top = around.y - offset, around.y + around.height + offset
    left, right = around.x - offset, around.x + around.width + offset
    marks = [Segment(x, y, x, y + sign * length) for x in xs for y, sign in ((bottom, -1), (top, 1))] \
        if above_and_below else []
    marks += [Segment(x, y, x + sign * length, y) for y in ys for x, sign in ((left, -1), (right, 1))]
    return tuple(marks)


def gutter_marks(xs: tuple[float, ...], *, gutter: Box, offset: float) -> tuple[Segment, ...]:
    """Marks in line with vertical cuts at `xs` across a gutter between pages above and below it: each from
    `offset` pt below the gutter's top to `offset` pt above its bottom, so no mark touches a page."""
    top, bottom = gutter.y + gutter.height - offset, gutter.y + offset
    return tuple(Segment(x, bottom, x, top) for x in xs)


def fold_marks(spine_x: float, *, around: Box, offset: float, length: float) -> tuple[Segment, ...]:
    """Marks in line with a fold at `spine_x`, above and below `around`, as far out as the cut marks."""
    top, bottom = around.y + around.height, around.y
    return (Segment(spine_x, top + offset, spine_x, top + offset + length),
            Segment(spine_x, bottom - offset, spine_x, bottom - offset - length))


def draw(canvas: Canvas, segments: tuple[Segment, ...], *, dash: tuple[float, float] | None = None) -> None:
    """Stroke `segments` as hairlines in registration colour; `dash` (on, off in pt) makes them dashed."""
    with tagging.artifact(canvas):  # print marks are never content (on a tagged page, an Artifact)
        _stroke(canvas, segments, dash)


def _stroke(canvas: Canvas, segments: tuple[Segment, ...], dash: tuple[float, float] | None) -> None:
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(HAIRLINE)
    if dash is not None:
        canvas.setDash(*dash)
    for s in segments:
        canvas.line(s.x0, s.y0, s.x1, s.y1)
    canvas.restoreState()


def draw_crop_marks(canvas: Canvas, sheet: Sheet, *, offset: float, length: float) -> None:
    """The crop marks of a page with bleed (`crop_marks` of its trim); nothing on a page without a slug."""
    if sheet.slug == 0:
        return
    draw(canvas, crop_marks(sheet.boxes.trim, offset=offset, length=length))
