"""Content + sheet and bleed options -> the pocket card as PDF bytes: ID-1 front and back, or imposed on sheets.

Stages as for the poster: `plan` (fit every text box) -> `diagram_request` -> `draw_pages` -> `finish`;
`render_sheets` then imposes the finished card n-up with cut marks (chartgen.impose).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Literal

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from chartgen import diagram, impose, pdf
from chartgen.content import Content
from chartgen.diagram import DiagramPalette, DiagramRequest
from chartgen.errors import InputError, Problem
from chartgen.fonts import FontFamily
from chartgen.formats.common import Badged, Sheet, check_content, draw_crop_marks, make_sheet
from chartgen.layout import MM, CardBox, CardLayout, Palette, Paper, load_card, load_poster
from chartgen.text import DoesNotFit, Fitted, TextStyle, draw_stack, fit_box, paragraph, rich_paragraph

BADGE_GAP = 0.55
"""Space between a step's badge and its text, as a multiple of the text size."""
STEP_SPACE = 0.45
"""Space below each step, as a multiple of the text size."""
CAUTION_BAR_MM = 0.8
"""Width of the solid caution-coloured bar at the start of the do-not-use-if panel."""
NOTE_LEADING = 1.2
"""Line spacing of the printing note on sheets."""

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


def render(content: Content, *, sheet: str | None = None, bleed: bool = False) -> bytes:
    """The card for `content`: two ID-1 pages (front, back), or with `sheet` (e.g. "A4") the print sheets."""
    if sheet is not None:
        return render_sheets(content, sheet=sheet, bleed=bleed)
    card_plan = plan(content, bleed=bleed)
    return finish(card_plan, draw_pages(card_plan), diagram.render(diagram_request(card_plan)))


def plan(content: Content, *, bleed: bool = False, for_sheet: bool = False) -> CardPlan:
    """Check the content and fit every text box; `for_sheet` gives pages of trim plus bleed, without crop marks."""
    layout = load_card()
    family = check_content(content)
    bleed_mm = layout.bleed_mm if bleed else 0.0
    if for_sheet:
        sheet = Sheet(layout.width_mm * MM, layout.height_mm * MM, bleed_mm * MM, bleed_mm * MM)
    else:
        sheet = make_sheet(layout.width_mm, layout.height_mm, bleed_mm=layout.bleed_mm,
                           mark_offset_mm=layout.bleed_mm + layout.cut_mark_offset_mm,
                           mark_length_mm=layout.cut_mark_length_mm, with_bleed=bleed)
    safe, gap = layout.safe_mm * MM, layout.gap_mm * MM
    left = sheet.slug + safe
    width = sheet.trim_width - 2 * safe
    top = sheet.slug + sheet.trim_height - safe
    bottom = sheet.slug + safe
    palette = load_poster().palette
    fitter = _Fitter(content, family, width)
    front_spec = layout.front
    text_width = width * front_spec.text_share
    text_left = left + width - text_width if fitter.rtl else left
    title_box = pdf.Box(text_left, top - front_spec.title.height_mm * MM, text_width,
                        front_spec.title.height_mm * MM)
    sub_box = pdf.Box(text_left, title_box.y - front_spec.subtitle.height_mm * MM, text_width,
                      front_spec.subtitle.height_mm * MM)
    card = content.card
    front = (
        fitter.fit("card.title", "front.title", title_box, front_spec.title,
                   lambda size: [fitter.para(card.title, TextStyle(size, front_spec.title.leading, palette.accent,
                                                                   bold=True))]),
        fitter.fit("card.view_line", "front.subtitle", sub_box, front_spec.subtitle,
                   lambda size: [fitter.para(card.view_line,
                                             TextStyle(size, front_spec.subtitle.leading, palette.muted))]),
    )
    diagram_box = pdf.Box(left, bottom, width, top - bottom)
    back = _plan_back(content, layout, palette, fitter, left, width, top, bottom)
    fitter.raise_problems()
    return CardPlan(content, family, layout, palette, sheet, not for_sheet, front, back, diagram_box)


def _plan_back(content: Content, layout: CardLayout, palette: Palette, fitter: _Fitter, left: float,
               width: float, top: float, bottom: float) -> tuple[TextBlock, ...]:
    """The back's boxes top to bottom; spare height goes evenly into the gaps, the disclaimer sits on the bottom."""
    spec = layout.back
    boxes = spec.boxes()
    spare = (top - bottom) - sum(box.height_mm * MM for _, box in boxes)
    gap = spare / (len(boxes) - 1)
    places: dict[str, pdf.Box] = {}
    y = top
    for name, box in boxes:
        places[name] = pdf.Box(left, y - box.height_mm * MM, width, box.height_mm * MM)
        y -= box.height_mm * MM + gap
    steps, rtl = content.steps, content.meta.direction == "rtl"

    def heading(size: float) -> list[Flowable]:
        return [fitter.para(steps.heading, TextStyle(size, spec.heading.leading, palette.accent, bold=True))]

    def step_list(size: float) -> list[Flowable]:
        items: list[Flowable] = []
        for number, (item, short) in enumerate(zip(steps.items, content.card.steps), start=1):
            body = [fitter.para(item.title, TextStyle(size, spec.steps.leading, palette.ink, bold=True)),
                    fitter.para(short, TextStyle(size, spec.steps.leading, palette.ink))]
            items.append(Badged(str(number), palette.accent, body, family=fitter.family,
                                diameter=size * spec.badge_scale, gap=size * BADGE_GAP, rtl=rtl,
                                space_after=size * STEP_SPACE))
        return items

    def caution(size: float) -> list[Flowable]:
        return [fitter.para(content.card.do_not_use, TextStyle(size, spec.caution.leading, palette.caution_ink))]

    def disclaimer(size: float) -> list[Flowable]:
        return [fitter.para(content.card.disclaimer, TextStyle(size, spec.disclaimer.leading, palette.muted))]

    padding = spec.panel_padding_mm * MM
    bar = CAUTION_BAR_MM * MM
    return (
        fitter.fit("steps.heading", "back.heading", places["heading"], spec.heading, heading),
        fitter.fit("card.steps", "back.steps", places["steps"], spec.steps, step_list),
        fitter.fit("card.do_not_use", "back.caution", places["caution"], spec.caution, caution,
                   padding=padding, bar=bar, align="middle", fill=palette.caution_panel,
                   bar_colour=palette.caution_ink),
        fitter.fit("card.disclaimer", "back.disclaimer", places["disclaimer"], spec.disclaimer, disclaimer,
                   align="bottom"),
    )


class _Fitter:
    """Fits the card's text boxes one by one, collecting a problem for each box that does not fit."""

    def __init__(self, content: Content, family: FontFamily, width: float) -> None:
        self.content, self.family, self.width = content, family, width
        self.rtl = content.meta.direction == "rtl"
        self.problems: list[Problem] = []

    def para(self, text: str, style: TextStyle) -> Flowable:
        return paragraph(text, style, self.family, rtl=self.rtl)

    def fit(self, key: str, name: str, box: pdf.Box, spec: CardBox, build: Callable[[float], list[Flowable]], *,
            padding: float = 0.0, bar: float = 0.0, align: Align = "top", fill: str | None = None,
            bar_colour: str | None = None) -> TextBlock:
        """Fit `build(size)` into `box` less `padding` (and a `bar` at the line start), all pt."""
        inner_width = box.width - 2 * padding - bar
        inner_height = box.height - 2 * padding
        try:
            fitted = fit_box(build, width=inner_width, height=inner_height, max_size=spec.max_pt,
                             min_size=spec.min_pt)
        except DoesNotFit as exc:
            lang = self.content.meta.code
            what = ("a word is wider than the box" if exc.too_wide_word
                    else f"{(exc.needed_height - inner_height) / MM:.1f} mm too tall")
            self.problems.append(Problem(
                f"language {lang!r}: the text of the card's box {name!r} ({box.width / MM:.1f} x "
                f"{box.height / MM:.1f} mm) does not fit even at {spec.min_pt:g} pt ({what}); shorten it",
                file=self.content.source or None, key=key))
            fitted = Fitted([], spec.min_pt, 0.0)
        return TextBlock(key, name, box, fitted, padding, bar, align, fill, bar_colour)

    def raise_problems(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def diagram_request(card_plan: CardPlan) -> DiagramRequest:
    """The card's diagram: the card variant (thick lines, big numbers, short zone names) in its box."""
    palette, box, layout = card_plan.palette, card_plan.diagram_box, card_plan.layout
    zones = palette.zones
    content = card_plan.content
    return DiagramRequest(
        lang=content.meta.code,
        text=content.diagram,
        zone_names=tuple(zone.short for _, zone in content.zones.ordered()),  # type: ignore[arg-type]
        width_pt=round(box.width, 3),
        height_pt=round(box.height, 3),
        label_size_pt=layout.front.diagram_label_pt,
        small_size_pt=layout.front.diagram_small_pt,
        palette=DiagramPalette(
            ink=palette.ink, muted=palette.muted, skin=palette.skin, skin_shadow=palette.skin_shadow,
            outline=palette.outline, zones=(zones.cervical, zones.thoracic, zones.lumbar, zones.sacral),
        ),
        font_regular=card_plan.family.regular_path,
        font_bold=card_plan.family.bold_path,
        variant="card",
    )


def draw_pages(card_plan: CardPlan) -> bytes:
    """Front and back without the diagram, as two-page PDF bytes from ReportLab."""
    sheet, layout = card_plan.sheet, card_plan.layout
    rtl = card_plan.content.meta.direction == "rtl"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet.media_size, invariant=1, initialFontName=card_plan.family.face(),
                    pageCompression=1)
    for blocks in (card_plan.front, card_plan.back):
        for block in blocks:
            _draw_block(canvas, block, radius=layout.back.panel_radius_mm * MM, rtl=rtl)
        if card_plan.crop_marks:
            draw_crop_marks(canvas, sheet, offset=(layout.bleed_mm + layout.cut_mark_offset_mm) * MM,
                            length=layout.cut_mark_length_mm * MM)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_block(canvas: Canvas, block: TextBlock, *, radius: float, rtl: bool) -> None:
    """A text block: its panel and bar if it has them, then its text, aligned in the box."""
    box, fitted = block.box, block.fitted
    canvas.saveState()
    if block.fill:
        clip = canvas.beginPath()
        clip.roundRect(box.x, box.y, box.width, box.height, radius)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.setFillColor(HexColor(block.fill))
        canvas.rect(box.x, box.y, box.width, box.height, stroke=0, fill=1)
        if block.bar and block.bar_colour:
            canvas.setFillColor(HexColor(block.bar_colour))
            bar_x = box.x + box.width - block.bar if rtl else box.x
            canvas.rect(bar_x, box.y, block.bar, box.height, stroke=0, fill=1)
    canvas.restoreState()
    inner_height = box.height - 2 * block.padding
    drop = {"top": 0.0, "middle": (inner_height - fitted.height) / 2, "bottom": inner_height - fitted.height}
    top = box.y + box.height - block.padding - drop[block.align]
    text_x = box.x + block.padding + (0.0 if rtl else block.bar)
    draw_stack(canvas, fitted.flowables, text_x, top, block.text_width)


def finish(card_plan: CardPlan, pages: bytes, art: bytes) -> bytes:
    """Stamp the diagram into the front's box, set metadata and print boxes; returns the finished card PDF."""
    box = card_plan.diagram_box
    return pdf.finish(pages, stamps=[pdf.Stamp(0, art, box.x, box.y)], info=_info(card_plan.content, "ID-1"),
                      boxes=card_plan.sheet.boxes)


def _info(content: Content, size: str) -> pdf.DocumentInfo:
    return pdf.DocumentInfo(title=content.card.title, subject=content.subtitle, author="chartgen",
                            lang=content.meta.code, keywords=f"reflexology, spine, pocket card, {size}")


def sheet_grid(layout: CardLayout, paper: Paper, card_sheet: Sheet) -> impose.CardGrid:
    """The grid of cards (trim plus bleed each) on `paper`, inside the layout's sheet margin."""
    width, height = card_sheet.media_size
    return impose.CardGrid.fit(sheet_width=paper.width_mm * MM, sheet_height=paper.height_mm * MM,
                               page_width=width, page_height=height, margin=layout.sheet_margin_mm * MM)


def render_sheets(content: Content, *, sheet: str, bleed: bool = False) -> bytes:
    """The card n-up on `sheet` paper (any case): fronts on odd pages, backs on even, with cut marks and a note."""
    layout = load_card()
    key = layout.sheet_key(sheet)
    if key is None:
        return render(content, bleed=bleed)
    paper = layout.sheets[key]
    card_plan = plan(content, bleed=bleed, for_sheet=True)
    cards = finish(card_plan, draw_pages(card_plan), diagram.render(diagram_request(card_plan)))
    grid = sheet_grid(layout, paper, card_plan.sheet)
    decorate = _sheet_decoration(card_plan, grid)
    return impose.impose(cards, grid, font=card_plan.family.face(), decorate=decorate,
                         info=_info(content, f"{paper.name} sheet"))


def _sheet_decoration(card_plan: CardPlan, grid: impose.CardGrid) -> impose.Decorate:
    """Cut marks on every front side and the printing note on every side, fitted before anything is drawn."""
    layout, palette, content = card_plan.layout, card_plan.palette, card_plan.content
    bleed = card_plan.sheet.bleed
    cells = grid.cells()
    around = impose.bounds(cells)
    offset, length = layout.cut_mark_offset_mm * MM, layout.cut_mark_length_mm * MM
    marks = impose.cut_marks(tuple(cell.inset(bleed) for cell in cells), around=around, offset=offset,
                             length=length)
    margin = layout.sheet_margin_mm * MM
    note_bottom = around.y + around.height + offset + length + layout.note_gap_mm * MM
    note_box = pdf.Box(margin, note_bottom, grid.sheet_width - 2 * margin,
                       grid.sheet_height - layout.printer_edge_mm * MM - note_bottom)
    fitter = _Fitter(content, card_plan.family, note_box.width)
    spec = CardBox(height_mm=note_box.height / MM, max_pt=layout.note_pt, min_pt=layout.note_pt,
                   leading=NOTE_LEADING)

    def note(size: float) -> list[Flowable]:
        flowable = fitter.para(content.card.print_note, TextStyle(size, NOTE_LEADING, palette.muted))
        flowable.style = flowable.style.clone(f"{flowable.style.name}-centred", alignment=TA_CENTER)
        return [flowable]

    block = fitter.fit("card.print_note", "sheet note", note_box, spec, note, align="bottom")
    fitter.raise_problems()
    rtl = content.meta.direction == "rtl"

    def decorate(canvas: Canvas, index: int, side: impose.SheetSide) -> None:
        if index % 2 == 0:
            impose.draw_segments(canvas, marks)
        _draw_block(canvas, block, radius=0.0, rtl=rtl)

    return decorate
