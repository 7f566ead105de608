"""Content + A4/letter paper + brand -> the poster's whole text in large print, over as many pages as it takes, PDF.

`poster --large-print`: body 18 pt down to 16 pt, 1.5 line spacing, nothing below 12 pt (the diagram's labels
included), every text in full-contrast ink (RNIB and APH large-print guidance). Nothing of the poster is left
out: large print carries the same information as the standard print. The first page is the one for the wall
(title, diagram, the zones); the running title and page number stand at each page's foot, so loose sheets
find their order. Stages: `plan` (set the blocks at each body size and flow them onto pages) ->
`diagram_request` -> `draw_pages` -> `pdf.finish`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from chartgen import diagram, pdf, tagging
from chartgen.brand import Brand
from chartgen.colour import WHITE, mix
from chartgen.content import ZONE_SEGMENTS, Content
from chartgen.diagram import PAGE, DiagramRequest
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, first_fit
from chartgen.fonts import FontFamily
from chartgen.formats import brand_block
from chartgen.formats.common import Badged, Sheet, check_content
from chartgen.formats.common import diagram_request as common_diagram_request
from chartgen.formats.kit.blocks import (
    BADGE_GAP,
    FIT_TOLERANCE,
    ITEM_SPACE,
    Block,
    BlockStyle,
    BlockText,
    Placed,
    draw_block,
    measure,
)
from chartgen.formats.kit.bullets import bulleted
from chartgen.formats.kit.metadata import document_info
from chartgen.layout import MM, Palette, PosterLargePrint, load_poster, palette_for
from chartgen.text import TextStyle, paragraph, rich_paragraph

DIAGRAM_KEY = "diagram"
"""The key of the block that holds the diagram's room."""
BULLET_SPACE = 0.25
"""Space below a bulleted item, as a multiple of the body size."""
QR_CODE_MM = 20.0
"""The brand's QR code: 20 mm reads from arm's length with any phone."""


@dataclass(frozen=True)
class LargePrintPlan:
    """Everything to draw the large-print poster: fonts, colours, the sheet, each page's blocks (pt)."""

    content: Content
    family: FontFamily
    layout: PosterLargePrint
    palette: Palette
    sheet: Sheet
    paper_name: str
    body_pt: float
    pages: Pages
    diagram_box: pdf.Box
    folio_height: float
    brand: Brand | None = None
    rtl: bool = False


Pages = tuple[tuple[Placed, ...], ...]
"""Each page's blocks at their places."""
Flowed = tuple[float, Pages]
"""A body size (pt) and the pages its blocks flow onto."""


@dataclass(frozen=True)
class TooTall:
    """Why the blocks did not flow: the block to blame, and whether a word is wider than the page or the block
    is taller than a page (by `excess` pt)."""

    key: str
    excess: float = 0.0
    wide: bool = False


@dataclass(frozen=True)
class _Builder(BlockText):
    """Makes the large-print blocks at one body size (pt)."""

    layout: PosterLargePrint
    brand: Brand | None

    def labelled(self, label: str, text: str, *, space_after: float = 0.0) -> Paragraph:
        return rich_paragraph([(label, True), (" " + text, False)], self.style(space_after=space_after),
                              self.family, rtl=self.rtl, lang=self.content.meta.code)

    def bullets(self, items: tuple[str, ...]) -> list[Flowable]:
        return [bulleted(paragraph(item, self.style(space_after=self.body * BULLET_SPACE), self.family, rtl=self.rtl,
                                   lang=self.content.meta.code), size=self.body, rtl=self.rtl)
                for item in items]

    def badged(self, number: int, colour: str, body: list[Flowable], *, size: float,
               list_item: bool = False) -> Badged:
        return Badged(str(number), colour, body, family=self.family, diameter=size * self.layout.badge_scale,
                      gap=self.body * BADGE_GAP, rtl=self.rtl, list_item=list_item)

    def blocks(self, diagram_height: float) -> list[Block]:
        """Every block in reading order: the wall page's first, then the rest of the poster's text."""
        content, palette = self.content, self.palette
        space = self.body * ITEM_SPACE
        title = self.para(content.title, bold=True, scale=self.layout.title_ratio, space_after=space, role="H1")
        blocks = [
            Block("title", [title, self.para(content.subtitle, colour=palette.accent,
                                             scale=self.heading_ratio)]),
            Block(DIAGRAM_KEY, [Spacer(0, diagram_height)]),
            self.legend(),
            Block("connection.body", [self.heading(content.connection.heading), self.para(content.connection.body)],
                  new_page=True, role="Sect"),
            Block("zones.heading", [self.heading(content.zones.heading)], keep_with_next=True),
            *self.zones(),
            Block("convention", [self.para(content.convention)]),
            Block("steps.intro", [self.heading(content.steps.heading), self.para(content.steps.intro)],
                  keep_with_next=True),
        ]
        for number, step in enumerate(content.steps.items, start=1):
            blocks.append(Block(f"steps.items[{number - 1}]", [self.badged(
                number, palette.accent, [self.para(step.title, bold=True), self.para(step.text)], size=self.body,
                list_item=True)], role=tagging.LIST_ITEM))
        blocks.append(Block("steps.note", [self.para(content.steps.note)]))
        blocks.append(Block("tips.heading", [self.heading(content.tips.heading)], keep_with_next=True))
        blocks += [Block(f"tips.{tip_id}", [self.labelled(tip.title, tip.text)])
                   for tip_id, tip in zip(("outer_edge", "mat", "both_feet"), content.tips.ordered(), strict=True)]
        blocks.append(Block("helps.items", [self.heading(content.helps.heading),
                                            self.para(content.helps.intro, space_after=space),
                                            *self.bullets(content.helps.items)], role="Sect"))
        cautions = [self.heading(content.cautions.heading, colour=palette.caution_ink),
                    *self.bullets(content.cautions.items)]
        if content.cautions.note:
            cautions.append(self.para(content.cautions.note, bold=True))
        pad = self.layout.panel_padding_mm * MM
        blocks.append(Block("cautions.items", cautions, fill=palette.caution_panel, bar=palette.caution_ink,
                            padding=pad, role="Sect"))
        blocks.append(Block("disclaimer.text", [self.labelled(content.disclaimer.heading, content.disclaimer.text)]))
        if self.brand is not None:
            blocks.append(self.brand_block())
        return blocks

    def legend(self) -> Block:
        """The wall page's key to the diagram: each zone's badge, name and part of the spine."""
        colours = vars(self.palette.zones)
        items: list[Flowable] = [self.heading(self.content.booklet.at_a_glance)]  # the zones at a glance: a Sect
        for number, (zone_id, zone) in enumerate(self.content.zones.ordered(), start=1):
            item = self.badged(number, colours[zone_id],
                               [self.para(zone.name, bold=True), self.para(f"{zone.short} · {ZONE_SEGMENTS[zone_id]}")],
                               size=self.body)
            item.spaceAfter = self.body * ITEM_SPACE
            items.append(item)
        return Block("booklet.at_a_glance", items, role="Sect")

    def zones(self) -> list[Block]:
        """Each zone in a panel of its colour: badge, name, its part of the spine, where, how to find it, good for."""
        content, palette = self.content, self.palette
        colours = vars(palette.zones)
        labels = content.zones
        space = self.body * ITEM_SPACE
        blocks = []
        for number, (zone_id, zone) in enumerate(content.zones.ordered(), start=1):
            colour = colours[zone_id]
            name = self.para(zone.name, bold=True, scale=self.heading_ratio, role="H3")
            head = self.badged(number, colour, [name, self.para(f"{zone.short} · {ZONE_SEGMENTS[zone_id]}")],
                               size=self.body * self.heading_ratio)
            head.spaceAfter = space
            blocks.append(Block(f"zones.{zone_id}", [
                head,
                self.labelled(labels.where_label, zone.where, space_after=space),
                self.labelled(labels.find_label, zone.find, space_after=space),
                self.labelled(labels.helps_label, zone.helps)],
                fill=mix(colour, WHITE, self.layout.panel_tint), bar=colour,
                padding=self.layout.panel_padding_mm * MM, role="Sect"))
        return blocks

    def brand_block(self) -> Block:
        assert self.brand is not None
        qr_code = QR_CODE_MM * MM if self.brand.website else 0.0
        return Block("--brand", [self.brand_text(self.brand, qr_code=qr_code, secondary=self.palette.ink)],
                     padding=self.layout.panel_padding_mm * MM, fill=self.palette.panel)


@dataclass(frozen=True)
class _Page:
    """The room blocks flow into (pt): the text's left edge and width, its top and bottom, the gap between blocks."""

    x: float
    width: float
    top: float
    bottom: float
    gap: float
    style: BlockStyle

    @property
    def height(self) -> float:
        return self.top - self.bottom


def flow(blocks: list[Block], page: _Page) -> Pages | NoFit[TooTall]:
    """The blocks placed top to bottom, a new page where the next block (with the one a heading keeps with it)
    does not fit the rest of the page; or the block that does not fit even a page of its own."""
    heights = []
    for block in blocks:
        height, wide = measure(block, page.width, page.style)
        if wide:
            return NoFit(TooTall(block.key, wide=True))
        if height > page.height + FIT_TOLERANCE:
            return NoFit(TooTall(block.key, height - page.height))
        heights.append(height)
    pages: list[tuple[Placed, ...]] = []
    current: list[Placed] = []
    y = page.top
    for index, (block, height) in enumerate(zip(blocks, heights, strict=True)):
        needed = height
        if block.keep_with_next and index + 1 < len(blocks):
            needed += page.gap + heights[index + 1]
        gap = page.gap if current else 0.0
        if current and (block.new_page or y - gap - needed < page.bottom - FIT_TOLERANCE):
            pages.append(tuple(current))
            current, y, gap = [], page.top, 0.0
        y -= gap + height
        current.append(Placed(block, pdf.Box(page.x, y, page.width, height)))
    pages.append(tuple(current))
    return tuple(pages)


def plan(content: Content, *, paper: str = "A4", brand: Brand | None = None,
         body_sizes: tuple[float, ...] | None = None) -> LargePrintPlan:
    """Set the blocks at each body size (pt; the layout's unless given), largest first, and flow them onto pages:
    the largest size that needs no more pages than the smallest wins. An InputError names a block that does not
    fit a page even at the smallest."""
    poster_layout = load_poster()
    layout = poster_layout.large_print
    sizes = tuple(sorted(body_sizes or layout.body_pt, reverse=True))
    family = check_content(content)
    if brand is not None:
        brand_block.check_glyphs(brand, family, content.meta.code)
    spec = poster_layout.papers[paper]
    sheet = Sheet(spec.width_mm * MM, spec.height_mm * MM, 0.0, 0.0)
    palette = palette_for(brand.accent if brand else None)
    margin = layout.margin_mm * MM
    folio_height = layout.folio_pt * layout.leading
    gap = layout.gap_mm * MM
    page = _Page(margin, sheet.trim_width - 2 * margin, sheet.trim_height - margin, margin + folio_height + gap,
                 gap, BlockStyle(layout.panel_radius_mm * MM, layout.band_mm * MM))
    diagram_height = layout.diagram_mm * MM

    def flowed(body: float) -> Pages | NoFit[TooTall]:
        return flow(_Builder(content, family, palette, body, layout.leading, layout.heading_ratio, layout, brand)
                    .blocks(diagram_height), page)

    floor = flowed(min(sizes))
    if isinstance(floor, NoFit):
        raise InputError(_too_tall_problem(content, floor.why, paper=spec.name, size=min(sizes)))
    fewest = len(floor)

    def attempt(body: float) -> Flowed | NoFit[str]:
        pages = floor if body == min(sizes) else flowed(body)
        if isinstance(pages, NoFit) or len(pages) > fewest:
            return NoFit("more pages than the smallest size takes")
        return body, pages

    chosen: Flowed | NoFit[str] = first_fit(list(sizes), attempt)
    assert not isinstance(chosen, NoFit)  # the smallest size always passes: it set `fewest`
    body, pages = chosen
    diagram_box = next(placed.box for placed in pages[0] if placed.block.key == DIAGRAM_KEY)
    large = LargePrintPlan(content, family, layout, palette, sheet, spec.name, body, pages, diagram_box,
                           folio_height, brand, content.meta.direction == "rtl")
    problem = _folio_problem(large)
    if problem is not None:
        raise InputError(problem)
    return large


def _too_tall_problem(content: Content, why: TooTall, *, paper: str, size: float) -> Problem:
    what = "a word is wider than the page" if why.wide else f"it is {why.excess / MM:.1f} mm taller than a page"
    message = (f"language {content.meta.code!r}: the large-print poster's box {why.key!r} does not fit an {paper} "
               f"page even at {size:g} pt ({what}); shorten it")
    if why.key == "--brand":
        return Problem(message, key="--brand")
    return content.problem(why.key, message)


def diagram_request(large: LargePrintPlan) -> DiagramRequest:
    """The first page's diagram: the inner view with its caption, labels at large-print sizes."""
    box = large.diagram_box
    return common_diagram_request(large.content, large.family, large.palette.without_grey(), width_pt=box.width,
                                  height_pt=box.height, label_pt=large.layout.diagram_label_pt,
                                  small_pt=large.layout.diagram_small_pt, style=PAGE)


def draw_pages(large: LargePrintPlan, tags: tagging.Tags | None = None) -> bytes:
    """Every page's blocks and folio, without the diagram, as PDF bytes from ReportLab; marked with `tags` if
    given (the diagram's Figure where its block is, the folio an Artifact: page furniture)."""
    layout = large.layout
    style = BlockStyle(layout.panel_radius_mm * MM, layout.band_mm * MM)
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=large.sheet.media_size, font=large.family.face())
    if tags is not None:
        tags.attach(canvas)
    for number, page in enumerate(large.pages, start=1):
        runs = tagging.ListGrouping(canvas)
        for placed in page:
            runs.before_role(placed.block.role)
            if placed.block.key == DIAGRAM_KEY:
                tagging.reserve(canvas, "Figure", alt=large.content.diagram_alt)
            draw_block(canvas, placed, style, rtl=large.rtl)
        runs.close()
        with tagging.artifact(canvas):
            _draw_folio(canvas, large, number)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def folio_lines(large: LargePrintPlan, number: int) -> tuple[Paragraph, Paragraph]:
    """The running title (aligned to the line start) and "Page n / total" (to the line end), each wrapped across
    the text width."""
    content, layout = large.content, large.layout
    width = large.sheet.trim_width - 2 * layout.margin_mm * MM
    style = TextStyle(layout.folio_pt, layout.leading, large.palette.ink)
    lines = []
    for text, at_end in ((content.booklet.running_title, False),
                         (f"{content.booklet.page_label} {number} / {len(large.pages)}", True)):
        line = paragraph(text, style, large.family, rtl=large.rtl, lang=content.meta.code)
        align = TA_LEFT if at_end == large.rtl else TA_RIGHT
        line.style = line.style.clone(f"{line.style.name}-folio-{align}", alignment=align)
        line.wrap(width, large.folio_height * 10)
        lines.append(line)
    return lines[0], lines[1]


def _folio_problem(large: LargePrintPlan) -> Problem | None:
    """A problem if the running title and the last page's number do not fit side by side on one line."""
    width = large.sheet.trim_width - 2 * large.layout.margin_mm * MM
    title, number = folio_lines(large, len(large.pages))
    widths = [*title.getActualLineWidths0(), *number.getActualLineWidths0()]
    if len(widths) == 2 and sum(widths) + large.layout.folio_pt <= width:
        return None
    return large.content.problem("booklet.running_title", f"language {large.content.meta.code!r}: the running "
                                 "title does not fit beside the page number at the large-print poster's foot; "
                                 "shorten it")


def _draw_folio(canvas: Canvas, large: LargePrintPlan, number: int) -> None:
    margin = large.layout.margin_mm * MM
    for line in folio_lines(large, number):
        line.drawOn(canvas, margin, margin)


def render(content: Content, *, paper: str = "A4", brand: Brand | None = None) -> bytes:
    """The finished large-print poster PDF."""
    large = plan(content, paper=paper, brand=brand)
    box = large.diagram_box
    info = document_info(content, brand, title=content.title, keywords=("wall poster", large.paper_name,
                                                                        "large print"))
    tags = tagging.Tags(lang=content.meta.code)
    pages = draw_pages(large, tags)
    data = pdf.finish(pages, stamps=[pdf.Stamp(0, diagram.render(diagram_request(large)), box.x, box.y,
                                               mcid=tags.figure_mcid(0))],
                      info=info, boxes=large.sheet.boxes)
    return tagging.finish(data, tags)

