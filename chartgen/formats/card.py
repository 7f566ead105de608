"""Content + sheet and bleed options -> the pocket card as PDF bytes: ID-1 front and back, or imposed on sheets.

Stages as for the poster: `plan` (fit every text box) -> `diagram_request` -> `draw_pages` -> `finish`;
`render_sheets` then imposes the finished card n-up with cut marks (chartgen.impose).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from chartgen import diagram, impose, pdf, tagging
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.diagram import COMPACT, DiagramRequest
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, first_fit, shrink_to_fit
from chartgen.fonts import FontFamily, missing_glyphs
from chartgen.formats import brand_block
from chartgen.formats.base import Request, Settings, Variant, problems_of, register
from chartgen.formats.common import Badged, Sheet, check_content, make_sheet, parse_focus
from chartgen.formats.common import diagram_request as common_diagram_request
from chartgen.formats.kit import marks, pdfx_options
from chartgen.formats.kit.metadata import document_info, print_only
from chartgen.formats.kit.panels import Band, draw_panel
from chartgen.layout import MM, CardBox, CardLayout, Palette, Paper, load_card, palette_for
from chartgen.text import Fitted, TextStyle, draw_stack, paragraph, rich_paragraph, stack_height, too_wide

BADGE_GAP = 0.55
"""Space between a step's badge and its text, as a multiple of the text size."""
STEP_SPACE = 0.45
"""Space below each step, as a multiple of the text size."""
CAUTION_BAR_MM = 0.8
"""Width of the solid caution-coloured bar at the start of the do-not-use-if panel."""
NOTE_LEADING = 1.2
"""Line spacing of the printing note on sheets."""
FIT_STEP = 0.25
"""Type shrinks in steps of this many points while fitting."""
FIT_TOLERANCE = 0.01
"""Rounding slack (pt) when comparing a text's height with its room."""
RUN_IN_DASH = "\u2013"
"""En dash joining a run-in step title to its text (when steps must save lines)."""
BRAND_BOX = CardBox(height_mm=16.5, max_pt=7.5, min_pt=6.5, leading=1.2)
"""The practitioner's line at the foot of the back: name, phone and website (nothing below 6.5 pt)."""
BRAND_NAME_RATIO = 1.15
"""The practice name is this much larger than the phone and website."""
BRAND_QR_MM = 12.0
"""The QR code's side without its quiet zone: smaller codes do not scan reliably from a card, so a back too
full for it goes without the code rather than shrinking it. It sits in the back's bottom outer corner, its quiet
zone there reaching into the blank safe margin (4 mm, wider than the quiet zone)."""
BRAND_TIGHT_GAP = 0.5
"""Last resort for a full back: the gaps between its boxes shrink to this share to make room for the brand."""

Align = Literal["top", "middle", "bottom"]


@dataclass(frozen=True)
class TextBlock:
    """A fitted text box on one side of the card: `box` in pt, `key` names the text for error messages."""

    key: str
    name: str
    """The layout's name for the box, e.g. `back.steps`."""
    box: pdf.Box
    fitted: Fitted
    padding: float = 0.0
    """Clear space inside the box on every side (pt)."""
    bar: float = 0.0
    """Width of a solid bar at the start of the line, inside the padding (pt)."""
    align: Align = "top"
    fill: str | None = None
    bar_colour: str | None = None

    @property
    def text_width(self) -> float:
        """The width the text was fitted to (pt)."""
        return self.box.width - 2 * self.padding - self.bar


@dataclass(frozen=True)
class CardPlan:
    """Everything needed to draw one card: content, fonts, geometry, fitted text and the diagram's box (pt)."""

    content: Content
    family: FontFamily
    layout: CardLayout
    palette: Palette
    sheet: Sheet
    crop_marks: bool
    front: tuple[TextBlock, ...]
    back: tuple[TextBlock, ...]
    diagram_box: pdf.Box
    brand: Brand | None = None
    focus: tuple[str, ...] = ()
    """Zone ids the front's diagram highlights (the others muted); empty shows all zones alike."""


def render(content: Content, *, sheet: str | None = None, bleed: bool = False, brand: Brand | None = None,
           focus: tuple[str, ...] = (), tagged: bool = True) -> bytes:
    """The card for `content`: two ID-1 pages (front, back), or with `sheet` (e.g. "A4") the print sheets;
    a `brand` puts the practitioner's name, phone, website (and QR code when it fits) at the foot of the back;
    `focus` highlights those zones on the front. The card alone is a tagged PDF unless not `tagged` (the press
    file for PDF/X); the sheets, print-only, never are."""
    if sheet is not None:
        return render_sheets(content, sheet=sheet, bleed=bleed, brand=brand, focus=focus)
    card_plan = plan(content, bleed=bleed, brand=brand, focus=focus)
    tags = tagging.Tags(lang=content.meta.code) if tagged else None
    return finish(card_plan, draw_pages(card_plan, tags), diagram.render(diagram_request(card_plan)), tags)


def plan(content: Content, *, bleed: bool = False, for_sheet: bool = False, brand: Brand | None = None,
         focus: tuple[str, ...] = ()) -> CardPlan:
    """Check the content and fit every text box; `for_sheet` gives pages of trim plus bleed, without crop marks.

    Text that does not fit its box even at the box's smallest size is an InputError naming each such box.
    """
    layout = load_card()
    family = check_content(content)
    if brand is not None:
        brand_block.check_glyphs(brand, family, content.meta.code)
    bleed_mm = layout.bleed_mm if bleed else 0.0
    if for_sheet:
        sheet = Sheet(layout.width_mm * MM, layout.height_mm * MM, bleed_mm * MM, bleed_mm * MM)
    else:
        sheet = make_sheet(layout.width_mm, layout.height_mm, bleed_mm=layout.bleed_mm,
                           mark_offset_mm=layout.bleed_mm + layout.cut_mark_offset_mm,
                           mark_length_mm=layout.cut_mark_length_mm, with_bleed=bleed)
    safe = layout.safe_mm * MM
    left = sheet.slug + safe
    width = sheet.trim_width - 2 * safe
    top = sheet.slug + sheet.trim_height - safe
    bottom = sheet.slug + safe
    palette = palette_for(brand.accent if brand else None)
    fitter = _Fitter(content, family)
    front_spec, card = layout.front, content.card
    text_width = width * front_spec.text_share
    # The free corner above the toes: top left beside a right foot's leg, top right beside a left foot's.
    text_left = left + width - text_width if fitter.rtl else left
    column_bottom = top - front_spec.text_height_mm * MM
    # The line names the foot the diagram shows: the left one in right-to-left languages.
    view_key, view_line = ("card.view_line_left", card.view_line_left) if fitter.rtl else \
        ("card.view_line", card.view_line)
    front = fitter.stack((
        _Part("card.title", "front.title", front_spec.title,
              lambda size: [tagging.tag(fitter.para(card.title, TextStyle(size, front_spec.title.leading,
                                                                          palette.accent, bold=True)), "H1")]),
        _Part(view_key, "front.view_line", front_spec.view_line,
              lambda size: [fitter.para(view_line, TextStyle(size, front_spec.view_line.leading, palette.muted))]),
    ), x=text_left, width=text_width, top=top, bottom=column_bottom, gap=front_spec.gap_mm * MM, spread=False)

    def back_side(way: BackLayout) -> tuple[TextBlock, ...] | NoFit[tuple[Problem, ...]]:
        parts = _back_parts(content, layout, palette, fitter, run_in=way.run_in)
        if brand is not None and way.qr_code:  # the disclaimer moves into the brand's column, beside the QR code
            parts = (*parts[:-1], _brand_part(brand, palette, fitter, qr=True, one_line=False, lead=parts[-1]))
        elif brand is not None:
            parts += (_brand_part(brand, palette, fitter, qr=False, one_line=way.one_line),)
        return fitter.stack(parts, x=left, width=width, top=top, bottom=bottom,
                            gap=layout.gap_mm * MM * way.gap_share, spread=True)

    back: tuple[TextBlock, ...] | NoFit[tuple[Problem, ...]] = first_fit(back_layouts(brand), back_side)
    if isinstance(front, NoFit) or isinstance(back, NoFit):
        raise InputError([problem for side in (front, back) if isinstance(side, NoFit) for problem in side.why])
    diagram_box = pdf.Box(left, bottom, width, top - bottom)
    return CardPlan(content, family, layout, palette, sheet, not for_sheet, front, back, diagram_box, brand, focus)


@dataclass(frozen=True)
class BackLayout:
    """One way to set the back; the ways are tried in order (see `back_layouts`) until one fits."""

    run_in: bool = False
    """Each step's title starts its text's first line (else it has a line of its own)."""
    qr_code: bool = False
    """The brand with its QR code, the disclaimer moved into the brand's column beside it."""
    one_line: bool = False
    """The brand's name, phone and website all on one line."""
    gap_share: float = 1.0
    """The gaps between the back's boxes, as a share of the layout's gap."""


PLAIN_BACK = (BackLayout(), BackLayout(run_in=True))
"""Without a brand: steps with their titles on lines of their own, else run in."""
BRAND_BACK_WITH_QR = (BackLayout(qr_code=True), BackLayout(run_in=True, qr_code=True),
                      BackLayout(run_in=True, qr_code=True, gap_share=BRAND_TIGHT_GAP))
"""With a brand that has a website: first with its QR code."""
BRAND_BACK = (BackLayout(), BackLayout(run_in=True), BackLayout(run_in=True, one_line=True),
              BackLayout(run_in=True, one_line=True, gap_share=BRAND_TIGHT_GAP))
"""With a brand (after the ways with a QR code, if it has a website): the brand's line under the disclaimer,
steps run in, then the brand's name, phone and website on one line, then tighter gaps."""


def back_layouts(brand: Brand | None) -> tuple[BackLayout, ...]:
    """The ways to set the back, tried in this order; the last one's problems are reported if none fits."""
    if brand is None:
        return PLAIN_BACK
    return (BRAND_BACK_WITH_QR if brand.website else ()) + BRAND_BACK


def _brand_part(brand: Brand, palette: Palette, fitter: _Fitter, *, qr: bool, one_line: bool,
                lead: _Part | None = None) -> _Part:
    """The practitioner's line at the foot of the back, with a QR code of BRAND_QR_MM beside it if `qr`, or
    name, phone and website all on `one_line`; the `lead` box's text (at its own largest size) goes above it."""
    colours = brand_block.Colours(palette.accent, palette.ink, palette.muted)

    def build(size: float) -> list[Flowable]:
        spec = brand_block.BlockSpec(max_pt=size, min_pt=size, name_ratio=BRAND_NAME_RATIO,
                                     qr_code=BRAND_QR_MM * MM if qr else 0.0, logo_height=0.0,
                                     gap=size * BADGE_GAP * 2, compact=True, single_line=one_line,
                                     quiet_outside=True)
        before = tuple(lead.build(min(size, lead.spec.max_pt))) if lead else ()
        return [brand_block.BrandBlock(brand, spec, size=size, lang=fitter.content.meta.code, family=fitter.family,
                                       rtl=fitter.rtl, colours=colours, lead=before)]

    def problem(message: str, too_wide_word: bool) -> Problem:
        # The brand file's key whose text most likely overflowed (the website's address is one long word). With
        # a `lead` the box holds the disclaimer too; those ways are never the last tried (see back_layouts).
        key = brand_block.culprit(brand, fitter.content.meta.code, too_wide_word=too_wide_word,
                                  shown=brand_block.COMPACT_KEYS)
        return brand.problem(key, message)

    return _Part("name", "back.brand", BRAND_BOX, build, problem=problem)


def _back_parts(content: Content, layout: CardLayout, palette: Palette, fitter: _Fitter, *,
                run_in: bool) -> tuple[_Part, ...]:
    """The back's boxes top to bottom. With `run_in`, each step's title starts its text's first line."""
    spec = layout.back
    steps = content.steps

    def heading(size: float) -> list[Flowable]:
        return [tagging.tag(fitter.para(steps.heading, TextStyle(size, spec.heading.leading, palette.accent,
                                                                 bold=True)), "H2")]

    def step_list(size: float) -> list[Flowable]:
        items: list[Flowable] = []
        style = TextStyle(size, spec.steps.leading, palette.ink)
        for number, (item, short) in enumerate(zip(steps.items, content.card.steps, strict=True), start=1):
            body: list[Flowable]
            if run_in:
                body = [rich_paragraph([(item.title, True), (fitter.run_in_separator() + short, False)], style,
                                       fitter.family, rtl=fitter.rtl, lang=content.meta.code)]
            else:
                body = [fitter.para(item.title, TextStyle(size, spec.steps.leading, palette.ink, bold=True)),
                        fitter.para(short, style)]
            items.append(tagging.tag(Badged(str(number), palette.accent, body, family=fitter.family,
                                            diameter=size * spec.badge_scale, gap=size * BADGE_GAP, rtl=fitter.rtl,
                                            space_after=size * STEP_SPACE, list_item=True), tagging.LIST_ITEM))
        return items

    def caution(size: float) -> list[Flowable]:
        return [fitter.para(content.card.do_not_use, TextStyle(size, spec.caution.leading, palette.caution_ink))]

    def disclaimer(size: float) -> list[Flowable]:
        return [fitter.para(content.card.disclaimer, TextStyle(size, spec.disclaimer.leading, palette.muted))]

    return (
        _Part("steps.heading", "back.heading", spec.heading, heading),
        _Part("card.steps", "back.steps", spec.steps, step_list),
        _Part("card.do_not_use", "back.caution", spec.caution, caution, padding=spec.panel_padding_mm * MM,
              bar=CAUTION_BAR_MM * MM, align="middle", fill=palette.caution_panel, bar_colour=palette.caution_ink),
        _Part("card.disclaimer", "back.disclaimer", spec.disclaimer, disclaimer),
    )


@dataclass(frozen=True)
class _Part:
    """A text box before fitting: what it says (`build(size)`), its sizes and its look; lengths in pt."""

    key: str
    name: str
    spec: CardBox
    build: Callable[[float], list[Flowable]]
    padding: float = 0.0
    bar: float = 0.0
    align: Align = "top"
    fill: str | None = None
    bar_colour: str | None = None
    problem: Callable[[str, bool], Problem] | None = None
    """How the box names its problem, from the message and whether a word is too wide; None: the locale's text
    at `key`. (A brand box names the brand file's key at fault.)"""


@dataclass(frozen=True)
class _Measured:
    """A stack of boxes set at `sizes` (pt): their flowables, heights (pt) and whether a word sticks out."""

    sizes: tuple[float, ...]
    built: list[list[Flowable]]
    heights: list[float]
    wide: list[bool]


class _Fitter:
    """Fits stacks of text boxes; a stack that cannot fit gives one problem per box at fault."""

    def __init__(self, content: Content, family: FontFamily) -> None:
        self.content, self.family = content, family
        self.rtl = content.meta.direction == "rtl"

    def para(self, text: str, style: TextStyle) -> Flowable:
        return paragraph(text, style, self.family, rtl=self.rtl, lang=self.content.meta.code)

    def run_in_separator(self) -> str:
        """What joins a run-in title to its text: a spaced en dash, or a space if the font lacks the dash."""
        return " " if missing_glyphs(self.family, RUN_IN_DASH) else f" {RUN_IN_DASH} "

    def stack(self, parts: tuple[_Part, ...], *, x: float, width: float, top: float, bottom: float, gap: float,
              spread: bool) -> tuple[TextBlock, ...] | NoFit[tuple[Problem, ...]]:
        """Boxes one under the other between `top` and `bottom` (pt), each at the largest size that lets all fit.

        Boxes taller than their design height (`height_mm`) shrink first, FIT_STEP pt at a time, then all
        others; a box never goes below its `min_pt`. Bounded: each round lowers at least one box, so there are at
        most 1 + the sum over the boxes of (max_pt - min_pt) / FIT_STEP (rounded up) rounds. With `spread`, spare
        height goes into the gaps, so the last box sits on `bottom`. A stack that does not fit with every box at
        its `min_pt` gives the problems of the boxes at fault.
        """
        room = top - bottom - gap * (len(parts) - 1)

        def attempt(sizes: tuple[float, ...]) -> _Measured | NoFit[_Measured]:
            built = [p.build(size) for p, size in zip(parts, sizes, strict=True)]
            measured = _Measured(sizes, built,
                                 [stack_height(flowables, self._inner(p, width)) + 2 * p.padding
                                  for p, flowables in zip(parts, built, strict=True)],
                                 [too_wide(flowables, self._inner(p, width))
                                  for p, flowables in zip(parts, built, strict=True)])
            fits = not any(measured.wide) and sum(measured.heights) <= room + FIT_TOLERANCE
            return measured if fits else NoFit(measured)

        def smaller(sizes: tuple[float, ...], measured: _Measured) -> tuple[float, ...] | None:
            over = [i for i, p in enumerate(parts)
                    if (measured.wide[i] or measured.heights[i] > p.spec.height_mm * MM) and sizes[i] > p.spec.min_pt]
            shrink = over or [i for i, p in enumerate(parts) if sizes[i] > p.spec.min_pt]
            if not shrink:
                return None
            return tuple(max(p.spec.min_pt, size - FIT_STEP) if i in shrink else size
                         for i, (p, size) in enumerate(zip(parts, sizes, strict=True)))

        rounds = 1 + sum(math.ceil((p.spec.max_pt - p.spec.min_pt) / FIT_STEP) for p in parts)
        fitted = shrink_to_fit(tuple(p.spec.max_pt for p in parts), attempt, smaller, max_attempts=rounds)
        if isinstance(fitted, NoFit):
            failed = fitted.why
            return NoFit(self._no_fit(parts, failed.heights, failed.wide, sum(failed.heights) - room, width))
        extra = (room - sum(fitted.heights)) / (len(parts) - 1) if spread and len(parts) > 1 else 0.0
        blocks, y = [], top
        for part, flowables, size, height in zip(parts, fitted.built, fitted.sizes, fitted.heights, strict=True):
            box = pdf.Box(x, y - height, width, height)
            blocks.append(TextBlock(part.key, part.name, box, Fitted(flowables, size, height - 2 * part.padding),
                                    part.padding, part.bar, part.align, part.fill, part.bar_colour))
            y -= height + gap + max(extra, 0.0)
        return tuple(blocks)

    @staticmethod
    def _inner(part: _Part, width: float) -> float:
        return width - 2 * part.padding - part.bar

    def _no_fit(self, parts: tuple[_Part, ...], heights: list[float], wide: list[bool], excess: float,
                width: float) -> tuple[Problem, ...]:
        """One problem for each box with a too-wide word or taller than designed (else for the tallest box)."""
        lang = self.content.meta.code
        named = [i for i, p in enumerate(parts) if wide[i] or heights[i] > p.spec.height_mm * MM + FIT_TOLERANCE]
        if not named:
            named = [max(range(len(parts)), key=lambda i: heights[i])]
        problems = []
        for i in named:
            part = parts[i]
            if wide[i]:
                what = f"a word is wider than the box ({self._inner(part, width) / MM:.1f} mm)"
            else:
                what = (f"{heights[i] / MM:.1f} mm tall, designed for {part.spec.height_mm:g} mm; "
                        f"the side is {max(excess / MM, 0.1):.1f} mm too full")
            message = (f"language {lang!r}: the text of the card's box {part.name!r} does not fit even at "
                       f"{part.spec.min_pt:g} pt ({what}); shorten it")
            problems.append(part.problem(message, wide[i]) if part.problem else
                            self.content.problem(part.key, message))
        return tuple(problems)


def diagram_request(card_plan: CardPlan) -> DiagramRequest:
    """The card's diagram: the card variant (thick lines, big numbers, short zone names) in its box."""
    palette, box, layout = card_plan.palette, card_plan.diagram_box, card_plan.layout
    content = card_plan.content
    return common_diagram_request(
        content, card_plan.family, palette, width_pt=box.width, height_pt=box.height,
        label_pt=layout.front.diagram_label_pt, small_pt=layout.front.diagram_small_pt, style=COMPACT,
        short_names=True, highlight=card_plan.focus)


def draw_pages(card_plan: CardPlan, tags: tagging.Tags | None = None) -> bytes:
    """Front and back without the diagram, as two-page PDF bytes from ReportLab; marked with `tags` if given (the
    diagram's Figure after the front's title and view line)."""
    sheet, layout = card_plan.sheet, card_plan.layout
    rtl = card_plan.content.meta.direction == "rtl"
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=sheet.media_size, font=card_plan.family.face())
    if tags is not None:
        tags.attach(canvas)
    for side, blocks in enumerate((card_plan.front, card_plan.back)):
        for block in blocks:
            _draw_block(canvas, block, radius=layout.back.panel_radius_mm * MM, rtl=rtl)
        if side == 0:
            tagging.reserve(canvas, "Figure", alt=card_plan.content.diagram_alt)
        if card_plan.crop_marks:
            marks.draw_crop_marks(canvas, sheet, offset=(layout.bleed_mm + layout.cut_mark_offset_mm) * MM,
                                  length=layout.cut_mark_length_mm * MM)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_block(canvas: Canvas, block: TextBlock, *, radius: float, rtl: bool) -> None:
    """A text block: its panel and bar if it has them, then its text, aligned in the box."""
    box, fitted = block.box, block.fitted
    bar = Band(block.bar_colour, block.bar, "start") if block.bar and block.bar_colour else None
    draw_panel(canvas, box, radius=radius, fill=block.fill, band=bar, rtl=rtl)
    inner_height = box.height - 2 * block.padding
    drop = {"top": 0.0, "middle": (inner_height - fitted.height) / 2, "bottom": inner_height - fitted.height}
    top = box.y + box.height - block.padding - drop[block.align]
    text_x = box.x + block.padding + (0.0 if rtl else block.bar)
    draw_stack(canvas, fitted.flowables, text_x, top, block.text_width)


def finish(card_plan: CardPlan, pages: bytes, art: bytes, tags: tagging.Tags | None = None) -> bytes:
    """Stamp the diagram into the front's box, set metadata and print boxes, and with `tags` (the pages drawn with
    them) write the structure tree; returns the finished card PDF."""
    box = card_plan.diagram_box
    figure = tags.figure_mcid(0) if tags is not None else None
    data = pdf.finish(pages, stamps=[pdf.Stamp(0, art, box.x, box.y, mcid=figure)],
                      info=_info(card_plan.content, "ID-1", card_plan.brand),
                      boxes=card_plan.sheet.boxes)
    return data if tags is None else tagging.finish(data, tags)


def _info(content: Content, size: str, brand: Brand | None = None) -> pdf.DocumentInfo:
    """The card's metadata: its own title; `size` names the card or the sheet (keywords)."""
    return document_info(content, brand, title=content.card.title, keywords=("pocket card", size))


def sheet_grid(layout: CardLayout, paper: Paper, card_sheet: Sheet, *, top_room: float) -> impose.CardGrid:
    """The grid of cards (trim plus bleed each) on `paper`, inside the layout's sheet margin (pt).

    The grid is centred, but moves down when the sheet's top margin needs `top_room` pt for the cut marks and
    the printing note; it never comes nearer the bottom edge than the sheet margin.
    """
    width, height = card_sheet.media_size
    margin = layout.sheet_margin_mm * MM
    grid = impose.CardGrid.fit(sheet_width=paper.width_mm * MM, sheet_height=paper.height_mm * MM,
                               page_width=width, page_height=height, margin=margin)
    centred = (grid.sheet_height - grid.height) / 2
    lowest = grid.sheet_height - top_room - grid.height
    return dataclasses.replace(grid, bottom=max(margin, min(centred, lowest)))


@dataclass(frozen=True)
class SheetPlan:
    """The card imposed on a print sheet: the card's plan, the grid of cells, the printing note and the paper."""

    card: CardPlan
    grid: impose.CardGrid
    note: TextBlock
    paper: Paper


def plan_sheets(content: Content, *, sheet: str, bleed: bool = False, brand: Brand | None = None,
                focus: tuple[str, ...] = ()) -> SheetPlan:
    """Fit the card for a sheet (`sheet` a key of the layout's sheets) and place the grid and the printing note
    (pt); text that does not fit is an InputError naming its box."""
    layout = load_card()
    paper = layout.sheets[sheet]
    card_plan = plan(content, bleed=bleed, for_sheet=True, brand=brand, focus=focus)
    margin = layout.sheet_margin_mm * MM
    note = _note(card_plan, width=paper.width_mm * MM - 2 * margin)
    if isinstance(note, Problem):
        raise InputError(note)
    marks_room = (layout.cut_mark_offset_mm + layout.cut_mark_length_mm + layout.note_gap_mm) * MM
    top_room = marks_room + note.height + layout.printer_edge_mm * MM
    grid = sheet_grid(layout, paper, card_plan.sheet, top_room=top_room)
    grid_top = grid.origin[1] + grid.height
    if grid_top + top_room > grid.sheet_height + FIT_TOLERANCE:
        raise InputError(content.problem(
            "card.print_note",
            f"language {content.meta.code!r}: the printing note does not fit the top margin of the {paper.name} "
            f"sheet at {layout.note_pt:g} pt ({(grid_top + top_room - grid.sheet_height) / MM:.1f} mm too tall); "
            f"shorten it"))
    note_box = pdf.Box(margin, grid_top + marks_room, paper.width_mm * MM - 2 * margin, note.height)
    return SheetPlan(card_plan, grid, TextBlock("card.print_note", "sheet.note", note_box, note), paper)


def render_sheets(content: Content, *, sheet: str, bleed: bool = False, brand: Brand | None = None,
                  focus: tuple[str, ...] = ()) -> bytes:
    """The card n-up on `sheet` paper (any case): fronts on odd pages, backs on even, with cut marks and a note."""
    key = load_card().sheet_key(sheet)
    if key is None:
        return render(content, bleed=bleed, brand=brand, focus=focus)
    sheet_plan = plan_sheets(content, sheet=key, bleed=bleed, brand=brand, focus=focus)
    card_plan = sheet_plan.card
    cards = finish(card_plan, draw_pages(card_plan), diagram.render(diagram_request(card_plan)))
    decorate = _sheet_decoration(card_plan, sheet_plan.grid, sheet_plan.note)
    return impose.impose(cards, sheet_plan.grid, font=card_plan.family.face(), decorate=decorate,
                         info=print_only(_info(content, f"{sheet_plan.paper.name} sheet", brand), content))


def _note(card_plan: CardPlan, *, width: float) -> Fitted | Problem:
    """The printing note for the sheet's top margin, centred in `width` pt at the layout's note size (or the
    problem of a word wider than that)."""
    content, size = card_plan.content, card_plan.layout.note_pt
    flowable = paragraph(content.card.print_note, TextStyle(size, NOTE_LEADING, card_plan.palette.muted),
                         card_plan.family, rtl=content.meta.direction == "rtl", lang=content.meta.code)
    flowable.style = flowable.style.clone(f"{flowable.style.name}-centred", alignment=TA_CENTER)
    if too_wide([flowable], width):
        return content.problem(
            "card.print_note",
            f"language {content.meta.code!r}: a word of the printing note is wider than the sheet; shorten it")
    return Fitted([flowable], size, stack_height([flowable], width))


def _sheet_decoration(card_plan: CardPlan, grid: impose.CardGrid, note: TextBlock) -> impose.Decorate:
    """Cut marks in line with every trim edge on each front side; the printing note on every side."""
    layout = card_plan.layout
    cells = grid.cells()
    cuts = marks.cut_marks(tuple(cell.inset(card_plan.sheet.bleed) for cell in cells),
                           around=impose.bounds(cells), offset=layout.cut_mark_offset_mm * MM,
                           length=layout.cut_mark_length_mm * MM)
    rtl = card_plan.content.meta.direction == "rtl"

    def decorate(canvas: Canvas, index: int, _side: impose.SheetSide) -> None:
        if index % 2 == 0:
            marks.draw(canvas, cuts)
        _draw_block(canvas, note, radius=0.0, rtl=rtl)

    return decorate


class CardFormat:
    """The pocket card as a registered format (see formats/base.py)."""

    name = "card"
    help = "a pocket card (85.6 x 54 mm), alone or on A4/letter sheets"
    description = ("Make the pocket card: the foot diagram on the front, the massage steps and safety notes on the "
                   "back. With --sheet, many cards on a sheet to print duplex and cut out.")
    examples = """\
examples:
  chartgen card                         # front and back, 85.6 x 54 mm: chartgen-card-en.pdf
  chartgen card --sheet A4              # cards to print duplex and cut: chartgen-card-en-A4.pdf
  chartgen card --sheet letter --bleed  # for a copy shop: 3 mm bleed, cut marks at the trim
  chartgen card --bleed --pdfx          # PDF/X-3 (CMYK) for an offset print shop, with Ghostscript
  chartgen card --sheet A4 --brand brand.yaml   # your name, phone and website on every card's back
  chartgen card --focus lumbar,sacral   # the front highlights these zones, the others muted
"""
    batch_options: tuple[str, ...] = ("bleed", "pdfx")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--sheet, --bleed, --focus, --pdfx and --icc."""
        parser.add_argument("--sheet", metavar="SHEET", default="none",
                            help="none|A4|letter, any case (default: none, the single card)")
        parser.add_argument("--bleed", action="store_true",
                            help="add 3 mm bleed to each card; crop marks (cut marks on sheets) at the trim")
        parser.add_argument("--focus", metavar="ZONES",
                            help="zones the front highlights, e.g. lumbar,sacral (the others muted)")
        pdfx_options.add_options(parser)

    def settings(self, options: Mapping[str, Any]) -> Settings:
        """The sheet as a layout key (None: the single card), the bleed, the focus zones and PDF/X."""
        focus = parse_focus(options.get("focus"))
        sheet, bleed = load_card().sheet_key(options.get("sheet") or "none"), bool(options.get("bleed"))
        pdfx = pdfx_options.extras(options, bleed=bleed, home_printer={"--sheet": sheet is not None})
        return Settings(sheet=sheet, bleed=bleed, extras=((("focus", focus),) if focus else ()) + pdfx)

    def default_name(self, code: str, settings: Settings) -> str:
        """chartgen-card-<code>[-<sheet>][-pdfx].pdf."""
        return pdfx_options.file_name(f"chartgen-card-{code}{'-' + settings.sheet if settings.sheet else ''}.pdf",
                                      settings)

    def paper_label(self, settings: Settings) -> str:
        """ID-1 for the card itself, else the sheet."""
        return settings.sheet or "ID-1"

    def render(self, request: Request) -> bytes:
        """The finished card or card sheet (the card as PDF/X-3 with --pdfx)."""
        settings = request.settings
        card = render(request.content, sheet=settings.sheet, bleed=settings.bleed, brand=request.brand,
                      focus=settings.extra("focus", ()),
                      tagged=not pdfx_options.wanted(settings))  # the press file keeps no tags
        return pdfx_options.finished(card, settings)

    def variants(self) -> tuple[Variant, ...]:
        """The card alone and on every sheet, with and without bleed."""
        return tuple(Variant(Settings(sheet=sheet, bleed=bleed),
                             " ".join(([f"--sheet {sheet}"] if sheet else []) + (["--bleed"] if bleed else [])))
                     for sheet in (None, *load_card().sheets) for bleed in (False, True))

    def check(self, request: Request) -> list[Problem]:
        """Fit the card's text boxes (and on a sheet, the grid and the printing note) and place the diagram's
        labels, drawing nothing."""
        from chartgen.diagram.plan import plan_diagram

        content, settings, brand = request.content, request.settings, request.brand

        def fit() -> None:
            if settings.sheet is None:
                card_plan = plan(content, bleed=settings.bleed, brand=brand)
            else:
                card_plan = plan_sheets(content, sheet=settings.sheet, bleed=settings.bleed, brand=brand).card
            plan_diagram(diagram_request(card_plan))

        return problems_of(fit)


register(CardFormat())
