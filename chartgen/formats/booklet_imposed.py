"""Content + booklet paper + print sheet -> the booklet imposed for saddle stitching, as PDF bytes.

The booklet's pages are laid out again at the largest size of the same shape that fits the sheet inside its
margin (so the sheets print at 100 % and no text falls below its size floor), then placed two to a sheet side
by `impose.SaddleStitch` (A6: the spread twice, one above the other, to cut apart), with fold marks, cut marks,
a dashed cut line between copies and the printing note in the sheet's margin.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from chartgen import impose, pdf
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit
from chartgen.fonts import FontFamily
from chartgen.formats import booklet
from chartgen.formats.common import check_content
from chartgen.formats.kit import marks
from chartgen.formats.kit.metadata import document_info
from chartgen.layout import MM, BookletLayout, BookletPaper, Paper, load_booklet, load_palette
from chartgen.text import TextStyle, fit_box, paragraph

NOTE_MIN_SHRINK = 1.0
"""The printing note may be set up to this many pt below its layout size to fit its margin box."""
SPINE_CLEARANCE_MM = 4.0
"""The note keeps this far from the fold (where the fold mark is) and from the spread's outer corners."""
DASH = (3, 2)
"""Dash and gap (pt) of the fold marks and of the cut line between two copies."""
MM_DECIMALS = 1
"""Imposed page sizes are rounded down to 0.1 mm."""


@dataclass(frozen=True)
class Imposition:
    """The page size that fits the sheet, the scheme that places the pages, and the sheet's name."""

    paper: BookletPaper
    scheme: impose.SaddleStitch
    sheet: Paper


def imposition(layout: BookletLayout, paper_key: str, sheet_key: str, *, rtl: bool = False) -> Imposition:
    """Fit the booklet paper's shape, two pages wide and `imposed_copies` high, inside the sheet's margin."""
    paper, sheet, imp = layout.papers[paper_key], layout.imposition.sheets[sheet_key], layout.imposition
    copies = paper.imposed_copies
    long_side, short_side = max(sheet.width_mm, sheet.height_mm), min(sheet.width_mm, sheet.height_mm)
    sheet_w, sheet_h = (long_side, short_side) if copies == 1 else (short_side, long_side)
    factor = min(1.0, (sheet_w - 2 * imp.margin_mm) / (2 * paper.width_mm),
                 (sheet_h - 2 * imp.note_margin_mm) / (copies * paper.height_mm))
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
    pages = booklet.render(content, paper=plan.paper, layout=layout, brand=brand)
    notes = _notes(content, family, layout, plan)
    if isinstance(notes, Problem):
        raise InputError(notes)
    info = document_info(content, brand, subject=content.booklet.cover_line,
                         keywords=("booklet", layout.papers[paper_key].name, "imposed", plan.sheet.name))

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


def _note_boxes(layout: BookletLayout, scheme: impose.SaddleStitch) -> tuple[pdf.Box, pdf.Box, pdf.Box]:
    """Margin boxes (pt) for the note: above the left page, above the right page, below the left page."""
    spreads = scheme.spreads()
    top, bottom = spreads[0], spreads[-1]
    imp = layout.imposition
    gap, safe, clear = imp.mark_offset_mm * MM, imp.safe_edge_mm * MM, SPINE_CLEARANCE_MM * MM
    width = scheme.page_width - 2 * clear
    above_y, above_h = top.y + top.height + gap, scheme.sheet_height - safe - (top.y + top.height + gap)
    below_h = bottom.y - gap - safe
    return (pdf.Box(top.x + clear, above_y, width, above_h),
            pdf.Box(top.x + scheme.page_width + clear, above_y, width, above_h),
            pdf.Box(bottom.x + clear, safe, width, below_h))


def _notes(content: Content, family: FontFamily, layout: BookletLayout,
           plan: Imposition) -> list[tuple[list[Flowable], pdf.Box]] | Problem:
    """The printing note's parts, fitted to their margin boxes: duplex, fold, and (with two copies) the cut; or
    the problem of the first part that does not fit its box even at its smallest size."""
    text = content.booklet
    duplex = text.print_short_edge if plan.scheme.flip_edge == "short" else text.print_long_edge
    key = "booklet.print_short_edge" if plan.scheme.flip_edge == "short" else "booklet.print_long_edge"
    above_left, above_right, below_left = _note_boxes(layout, plan.scheme)
    parts = [(key, duplex, above_left), ("booklet.print_fold", text.print_fold, above_right)]
    if plan.scheme.copies > 1:
        parts.append(("booklet.print_cut", text.print_cut, below_left))
    rtl = content.meta.direction == "rtl"
    ink = load_palette().ink
    note_pt = layout.imposition.note_pt
    fitted = []
    for part_key, words, box in parts:
        def build(size: float, words: str = words) -> list[Flowable]:
            return [paragraph(words, TextStyle(size, 1.2, ink), family, rtl=rtl)]

        result = fit_box(build, width=box.width, height=box.height, max_size=note_pt,
                         min_size=note_pt - NOTE_MIN_SHRINK)
        if isinstance(result, NoFit):
            return content.problem(
                part_key, f"language {content.meta.code!r}: the printing note does not fit the margin of the "
                f"{plan.sheet.name} sheet even at {note_pt - NOTE_MIN_SHRINK:g} pt; shorten it")
        # Above the spread the note sits on the margin's bottom, next to the pages; below it, at the top.
        y = box.y if box.y > plan.scheme.spreads()[-1].y else box.y + box.height - result.height
        fitted.append((result.flowables, pdf.Box(box.x, y, box.width, result.height)))
    return fitted


def _draw_note(canvas: Canvas, flowables: list[Flowable], box: pdf.Box) -> None:
    y = box.y + box.height
    for flowable in flowables:
        _, height = flowable.wrap(box.width, box.height * 10)
        y -= height
        flowable.drawOn(canvas, box.x, y)


def _draw_marks(canvas: Canvas, layout: BookletLayout, scheme: impose.SaddleStitch) -> None:
    """Cut marks at the spreads' corners and between copies, fold marks at the spine, all outside the pages."""
    imp = layout.imposition
    offset, length = imp.mark_offset_mm * MM, imp.mark_length_mm * MM
    spreads = scheme.spreads()
    around = impose.bounds(spreads)
    marks.draw(canvas, marks.cut_marks(spreads, around=around, offset=offset, length=length))
    folds = marks.fold_marks(around.x + scheme.page_width, around=around, offset=offset, length=length)
    # The cut between copies runs across the sheet on the trim edge they share.
    copy_cuts = tuple(marks.Segment(0, spread.y + spread.height, scheme.sheet_width, spread.y + spread.height)
                      for spread in spreads[1:])
    marks.draw(canvas, folds + copy_cuts, dash=DASH)
