"""Content + booklet paper + print sheet -> the booklet imposed for saddle stitching, as PDF bytes.

The booklet's pages are laid out again at the largest size of the same shape that fits the sheet inside its
margins (so the sheets print at 100 % and no text falls below its size floor; an A6 booklet on A4 comes out
smaller than A6), then placed two to a sheet side by `impose.SaddleStitch` (A6: the spread twice, each copy in
the middle of its half of the sheet, a gutter between them), with cut marks in line with every trim edge (the
gutter's two included), fold marks at the spine, and the printing note in three numbered steps (print, cut,
fold): in the gutter between two copies, or in the margins above and below one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from chartgen import impose, pdf
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, first_fit, steps_down
from chartgen.fonts import FontFamily
from chartgen.formats import booklet
from chartgen.formats.common import check_content
from chartgen.formats.kit import marks
from chartgen.formats.kit.metadata import document_info, print_only
from chartgen.layout import MM, BookletLayout, BookletPaper, Paper, load_booklet, load_palette
from chartgen.text import TextStyle, rich_paragraph, stack_height, too_wide

NOTE_MIN_SHRINK = 1.0
"""The printing note may be set up to this many pt below its layout size to fit its margin box."""
SPINE_CLEARANCE_MM = 4.0
"""The note keeps this far from the fold (where the fold mark is) and from the spread's outer corners; in the
gutter it is also the space between the note's columns."""
DASH = (3, 2)
"""Dash and gap (pt) of the fold marks."""
MM_DECIMALS = 1
"""Imposed page sizes are rounded down to 0.1 mm."""
NOTE_LEADING = 1.2
"""Line spacing of the printing note."""
NOTE_STEP = 0.25
"""The printing note shrinks in steps of this many pt while fitting."""
NOTE_GUTTER_GAP_MM = 1.0
"""In the gutter, the note keeps this far (mm) from the pages above and below it."""
FIT_SLACK = 0.01
"""Rounding allowance (pt) when a note's height is compared with its box."""


@dataclass(frozen=True)
class Imposition:
    """The page size that fits the sheet, the scheme that places the pages, and the sheet's name."""

    paper: BookletPaper
    scheme: impose.SaddleStitch
    sheet: Paper


def imposition(layout: BookletLayout, paper_key: str, sheet_key: str, *, rtl: bool = False) -> Imposition:
    """Fit the booklet paper's shape, two pages wide, inside the sheet's margins: one copy on a landscape sheet
    with the note's margins above and below, or `imposed_copies` copies on a portrait sheet, each in its share of
    the sheet with half the gutter above and below it."""
    paper, sheet, imp = layout.papers[paper_key], layout.imposition.sheets[sheet_key], layout.imposition
    copies = paper.imposed_copies
    long_side, short_side = max(sheet.width_mm, sheet.height_mm), min(sheet.width_mm, sheet.height_mm)
    sheet_w, sheet_h = (long_side, short_side) if copies == 1 else (short_side, long_side)
    room_h = sheet_h - 2 * imp.note_margin_mm if copies == 1 else sheet_h / copies - imp.gutter_mm
    factor = min(1.0, (sheet_w - 2 * imp.margin_mm) / (2 * paper.width_mm), room_h / paper.height_mm)
    width, height = (_floor_mm(paper.width_mm * factor), _floor_mm(paper.height_mm * factor))
    fitted = replace(paper, name=f"{paper.name} ({width:g} x {height:g} mm on {sheet.name})",
                     width_mm=width, height_mm=height)
    scheme = impose.SaddleStitch(sheet_w * MM, sheet_h * MM, width * MM, height * MM, copies=copies, rtl=rtl)
    return Imposition(fitted, scheme, sheet)


def _floor_mm(value: float) -> float:
    step: int = 10 ** MM_DECIMALS
    return int(value * step) / step


def render(content: Content, *, paper: str = "A6", sheet: str = "A4", brand: Brand | None = None) -> bytes:
    """The booklet on `paper` imposed on `sheet` (A4 or letter, any case), in duplex print order; `brand` as for
    booklet.render."""
    layout = load_booklet()
    family = check_content(content)
    paper_key, sheet_key = layout.paper_key(paper), layout.sheet_key(sheet)
    plan = imposition(layout, paper_key, sheet_key, rtl=content.meta.direction == "rtl")
    pages = booklet.render(content, paper=plan.paper, layout=layout, brand=brand, tagged=False)
    notes = _notes(content, family, layout, plan)
    if isinstance(notes, Problem):
        raise InputError(notes)
    info = print_only(document_info(content, brand, keywords=("booklet", layout.papers[paper_key].name, "imposed",
                                                              plan.sheet.name)), content)

    def decorate(canvas: Canvas, _index: int, _side: impose.SheetSide) -> None:
        _draw_marks(canvas, layout, plan.scheme)
        for flowables, box in notes:
            _draw_note(canvas, flowables, box)

    return impose.impose(pages, plan.scheme, font=family.face(), info=info, decorate=decorate)


def check(content: Content, *, paper: str, sheet: str, brand: Brand | None = None) -> None:
    """Plan the imposed booklet, place its diagrams' labels and fit its printing notes without drawing (an
    InputError names a problem)."""
    layout = load_booklet()
    family = check_content(content)
    plan = imposition(layout, layout.paper_key(paper), layout.sheet_key(sheet), rtl=content.meta.direction == "rtl")
    booklet.check_plan(booklet.plan(content, paper=plan.paper, layout=layout, brand=brand))
    notes = _notes(content, family, layout, plan)
    if isinstance(notes, Problem):
        raise InputError(notes)


def _gutter(scheme: impose.SaddleStitch) -> pdf.Box:
    """The gutter between the first two copies' spreads (pt)."""
    upper, lower = scheme.spreads()[:2]
    return pdf.Box(upper.x, lower.y + lower.height, upper.width, upper.y - lower.y - lower.height)


def _note_boxes(layout: BookletLayout, scheme: impose.SaddleStitch) -> tuple[pdf.Box, pdf.Box, pdf.Box]:
    """Boxes (pt) for the note's three steps (print, cut, fold), in reading order: with two copies, three columns
    in the gutter between them, clear of the cut marks at its ends; with one, above the first page, above the
    second, below the first (mirrored for right-to-left)."""
    spreads = scheme.spreads()
    top, bottom = spreads[0], spreads[-1]
    imp = layout.imposition
    gap, safe, clear = imp.mark_offset_mm * MM, imp.safe_edge_mm * MM, SPINE_CLEARANCE_MM * MM
    if scheme.copies > 1:
        gutter = _gutter(scheme)
        width = (gutter.width - 4 * clear) / 3
        columns = [pdf.Box(gutter.x + clear + index * (width + clear), gutter.y + NOTE_GUTTER_GAP_MM * MM, width,
                           gutter.height - 2 * NOTE_GUTTER_GAP_MM * MM) for index in range(3)]
        if scheme.rtl:
            columns.reverse()
        return columns[0], columns[1], columns[2]
    width = scheme.page_width - 2 * clear
    above_y, above_h = top.y + top.height + gap, scheme.sheet_height - safe - (top.y + top.height + gap)
    below_h = bottom.y - gap - safe
    first_x, second_x = top.x + clear, top.x + scheme.page_width + clear
    if scheme.rtl:
        first_x, second_x = second_x, first_x
    return (pdf.Box(first_x, above_y, width, above_h), pdf.Box(second_x, above_y, width, above_h),
            pdf.Box(first_x, safe, width, below_h))


Note = list[tuple[list[Flowable], pdf.Box]]
"""The printing note: each step's flowables and the box (pt) they are drawn in."""


def _notes(content: Content, family: FontFamily, layout: BookletLayout, plan: Imposition) -> Note | Problem:
    """The printing note's three numbered steps (duplex, the cuts, the fold), fitted to their boxes at one size
    (the largest at which every step fits); or the problem of the first step that does not fit even at the
    smallest size."""
    text = content.booklet
    duplex = text.print_short_edge if plan.scheme.flip_edge == "short" else text.print_long_edge
    key = "booklet.print_short_edge" if plan.scheme.flip_edge == "short" else "booklet.print_long_edge"
    cut_key, cut = ("booklet.print_cut", text.print_cut) if plan.scheme.copies > 1 else \
        ("booklet.print_trim", text.print_trim)
    parts = [(key, duplex), (cut_key, cut), ("booklet.print_fold", text.print_fold)]
    boxes = _note_boxes(layout, plan.scheme)
    rtl, ink, gutter = content.meta.direction == "rtl", load_palette().ink, plan.scheme.copies > 1

    def attempt(size: float) -> list[tuple[Flowable, float]] | NoFit[str]:
        steps: list[tuple[Flowable, float]] = []
        for number, ((part_key, words), box) in enumerate(zip(parts, boxes, strict=True), start=1):
            step = rich_paragraph([(str(number), True), ("\u2002" + words, False)],
                                  TextStyle(size, NOTE_LEADING, ink), family, rtl=rtl, lang=content.meta.code)
            needed = stack_height([step], box.width)
            if needed > box.height + FIT_SLACK or too_wide([step], box.width):
                return NoFit(part_key)
            steps.append((step, needed))
        return steps

    note_pt = layout.imposition.note_pt
    result: list[tuple[Flowable, float]] | NoFit[str] = first_fit(
        steps_down(note_pt, note_pt - NOTE_MIN_SHRINK, NOTE_STEP), attempt)
    if isinstance(result, NoFit):
        where = "gutter between the copies" if gutter else "margin"
        return content.problem(
            result.why, f"language {content.meta.code!r}: the printing note does not fit the {where} of the "
            f"{plan.sheet.name} sheet even at {note_pt - NOTE_MIN_SHRINK:g} pt; shorten it")
    # In the gutter the steps start on one line, their block in its middle; above the spread a step sits on the
    # margin's bottom, next to the pages; below it, at the top.
    tallest = max(needed for _, needed in result)
    placed: Note = []
    for (step, needed), box in zip(result, boxes, strict=True):
        if gutter:
            top = box.y + (box.height + tallest) / 2
        elif box.y > plan.scheme.spreads()[-1].y:
            top = box.y + needed
        else:
            top = box.y + box.height
        placed.append(([step], pdf.Box(box.x, top - needed, box.width, needed)))
    return placed


def _draw_note(canvas: Canvas, flowables: list[Flowable], box: pdf.Box) -> None:
    y = box.y + box.height
    for flowable in flowables:
        _, height = flowable.wrap(box.width, box.height * 10)
        y -= height
        flowable.drawOn(canvas, box.x, y)


def _draw_marks(canvas: Canvas, layout: BookletLayout, scheme: impose.SaddleStitch) -> None:
    """Cut marks in line with every trim edge, all outside the pages. One copy: marks above, below and beside
    the spread, and fold marks at the spine. Two copies: the margins above and below are too narrow to print
    marks in, so the vertical edges are marked across the gutter, and the horizontal ones (the gutter's two
    included) beside the copies; no fold mark (the sheets are folded after every edge is cut off)."""
    imp = layout.imposition
    offset, length = imp.mark_offset_mm * MM, imp.mark_length_mm * MM
    spreads = scheme.spreads()
    around = impose.bounds(spreads)
    if scheme.copies > 1:
        edges = (around.x, around.x + around.width)
        marks.draw(canvas, marks.cut_marks(spreads, around=around, offset=offset, length=length,
                                           above_and_below=False)
                   + marks.gutter_marks(edges, gutter=_gutter(scheme), offset=offset))
        return
    marks.draw(canvas, marks.cut_marks(spreads, around=around, offset=offset, length=length))
    folds = marks.fold_marks(around.x + scheme.page_width, around=around, offset=offset, length=length)
    marks.draw(canvas, folds, dash=DASH)
