"""A BookletPlan -> the booklet's PDF: its pages drawn by ReportLab (cover band, stripe, tabs, writing lines,
page feet), then the diagrams stamped, metadata, print boxes and bookmarks."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.pdfgen.canvas import Canvas

from chartgen import pdf, tagging
from chartgen.colour import text_colour_on
from chartgen.content import ZONE_IDS
from chartgen.formats import booklet_pages as pages_module
from chartgen.formats.booklet_flow import HAIRLINE, Panel, draw_placed
from chartgen.formats.booklet_pages import (
    COVER_BAND_ITEMS,
    PRACTITIONER_LINE_GAP,
    PRACTITIONER_LINES,
    PRACTITIONER_PANEL,
)
from chartgen.formats.common import NUMERAL_HALF_HEIGHT, SAFE_ZONE_MM
from chartgen.formats.kit.marks import draw_crop_marks
from chartgen.formats.kit.metadata import document_info
from chartgen.layout import MM
from chartgen.text import TextStyle, paragraph

if TYPE_CHECKING:
    from chartgen.formats.booklet import BookletPlan, PlannedPage

COVER_BAND_PAD = 1.4
"""The cover's accent band reaches this many body sizes below the subtitle."""
STRIPE_MM = 3.0
"""Height of the four-colour zone stripe at the foot of both covers (mm at A6)."""
FOOT_NUMBER_WIDTH = 3.2
"""Width of the page number's place in the running foot, in multiples of the foot size."""
FOOT_DESCENT = 0.27
"""A one-line paragraph's box starts this share of its size below the baseline (Noto Sans descent + leading)."""
TAB_NUMERAL_SHARE = 0.62
"""Zone number size in a thumb tab, as a share of the width of the tab's part beyond the safe zone (at A6)."""
UNNUMBERED = ("cover", "back_cover")
"""Page kinds without a page number or running foot."""


def draw_pages(booklet_plan: BookletPlan, tags: tagging.Tags | None = None) -> bytes:
    """All pages without the diagrams, as PDF bytes from ReportLab; marked with `tags` if given. The cover band,
    stripe, thumb tabs, writing lines and running feet are page furniture (Artifacts): the tab's number and the
    foot's title repeat what the page's heading says, and the page number is the viewer's to tell."""
    frame = booklet_plan.frame
    layout, sheet = frame.layout, frame.sheet
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=sheet.media_size, font=booklet_plan.family.face())
    if tags is not None:
        tags.attach(canvas)
    for page in booklet_plan.pages:
        kind = page.spec.kind
        with tagging.artifact(canvas):
            if kind == "cover":
                _draw_cover_band(canvas, booklet_plan, page)
            if kind in ("cover", "back_cover"):
                _draw_stripe(canvas, booklet_plan)
            if kind == "zones":
                _draw_tab(canvas, booklet_plan, page)
        draw_placed(canvas, list(page.column), frame.text_width)
        with tagging.artifact(canvas):
            if kind == "notes":
                _draw_writing_lines(canvas, booklet_plan, page)
            if kind == "back_cover" and booklet_plan.brand is None:
                _draw_practitioner_lines(canvas, booklet_plan, page)
            if kind not in UNNUMBERED:
                _draw_foot(canvas, booklet_plan, page)
        draw_crop_marks(canvas, sheet, offset=layout.crop_mark_offset_mm * MM,
                        length=layout.crop_mark_length_mm * MM)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_cover_band(canvas: Canvas, booklet_plan: BookletPlan, page: PlannedPage) -> None:
    """The accent band behind the title and subtitle, from the top edge (into the bleed; without bleed, from the
    safe zone's inner edge) to below the subtitle."""
    art = booklet_plan.frame.sheet.art_box
    bottom = page.column[COVER_BAND_ITEMS - 1].y - booklet_plan.body_size * COVER_BAND_PAD
    canvas.setFillColor(HexColor(booklet_plan.palette.accent))
    canvas.rect(art.x, bottom, art.width, art.y + art.height - bottom, stroke=0, fill=1)


def _draw_stripe(canvas: Canvas, booklet_plan: BookletPlan) -> None:
    """Four bars in the zone colours, head to tail, along the bottom edge (into the bleed; without bleed, from the
    safe zone's inner edge up)."""
    frame = booklet_plan.frame
    art, sheet = frame.sheet.art_box, frame.sheet
    colours = [str(getattr(booklet_plan.palette.zones, zone_id)) for zone_id in ZONE_IDS]
    if frame.rtl:
        colours.reverse()
    top = max(art.y, sheet.slug) + frame.length(STRIPE_MM)
    width = art.width / len(colours)
    for index, colour in enumerate(colours):
        canvas.setFillColor(HexColor(colour))
        canvas.rect(art.x + index * width, art.y, width, top - art.y, stroke=0, fill=1)


def _draw_tab(canvas: Canvas, booklet_plan: BookletPlan, page: PlannedPage) -> None:
    """A thumb tab in the zone's colour on the outer edge, lower for each zone, with the zone number.

    The tab reaches into the bleed (without bleed, it stops at the safe zone's inner edge); its number stands in
    the part of the tab beyond the safe zone, at least SAFE_ZONE_MM from the cut.
    """
    frame, layout = booklet_plan.frame, booklet_plan.frame.layout
    trim, art, safe = frame.sheet.boxes.trim, frame.sheet.art_box, SAFE_ZONE_MM * MM
    assert page.spec.zone is not None
    index = ZONE_IDS.index(page.spec.zone)
    colour = str(getattr(booklet_plan.palette.zones, page.spec.zone))
    tab_height, width = frame.length(layout.tab_height_mm), frame.length(layout.tab_width_mm)
    top = frame.text_top - index * tab_height
    if frame.fold_on_left(page.number):  # the outer edge on the right
        x0, x1 = trim.x + trim.width - width, art.x + art.width
        numeral_x0, numeral_x1 = x0, trim.x + trim.width - safe
    else:
        x0, x1 = art.x, trim.x + width
        numeral_x0, numeral_x1 = trim.x + safe, x1
    canvas.setFillColor(HexColor(colour))
    canvas.rect(x0, top - tab_height, x1 - x0, tab_height, stroke=0, fill=1)
    # Sized from the layout (as a 4 mm tab's number at A6, scaled like the page), so that the absolute safe zone
    # does not shrink the number on smaller pages.
    size = frame.length(layout.tab_width_mm - SAFE_ZONE_MM) * TAB_NUMERAL_SHARE
    canvas.setFillColor(HexColor(text_colour_on(colour)))
    numeral = str(index + 1)
    # The first font of the chain that draws the digit: the Chinese font leaves digits to Noto Sans.
    numeral_font = booklet_plan.family.font_for(numeral, bold=True) or booklet_plan.family
    canvas.setFont(numeral_font.face(bold=True), size)
    canvas.drawCentredString((numeral_x0 + numeral_x1) / 2, top - tab_height / 2 - size * NUMERAL_HALF_HEIGHT,
                             numeral)


def _draw_writing_lines(canvas: Canvas, booklet_plan: BookletPlan, page: PlannedPage) -> None:
    """Ruled lines under a notes page's heading, down to the bottom of the text block."""
    frame = booklet_plan.frame
    gap = frame.length(frame.layout.notes_line_mm)
    x = frame.text_x(page.number)
    canvas.setStrokeColor(HexColor(booklet_plan.palette.rule))
    canvas.setLineWidth(HAIRLINE)
    y = page.column[-1].y - gap
    while y >= frame.text_bottom - 0.01:
        canvas.line(x, y, x + frame.text_width, y)
        y -= gap


def _draw_practitioner_lines(canvas: Canvas, booklet_plan: BookletPlan, page: PlannedPage) -> None:
    """Writing lines inside the practitioner's box on the back cover."""
    panel = page.column[PRACTITIONER_PANEL]
    box = panel.flowable
    if not isinstance(box, Panel):
        raise TypeError(f"the back cover's practitioner box is a {type(box).__name__}, not a Panel")
    gap = booklet_plan.body_size * PRACTITIONER_LINE_GAP
    canvas.setStrokeColor(HexColor(booklet_plan.palette.rule))
    canvas.setLineWidth(HAIRLINE)
    for index in range(PRACTITIONER_LINES):
        y = panel.y + box.padding + index * gap
        canvas.line(panel.x + box.padding, y, panel.x + box.width - box.padding, y)


def _draw_foot(canvas: Canvas, booklet_plan: BookletPlan, page: PlannedPage) -> None:
    """The running foot: page number on the outer side, the short title beside it towards the fold."""
    frame, sizes, family = booklet_plan.frame, booklet_plan.sizes, booklet_plan.family
    rtl = frame.rtl
    number_width = sizes.foot * FOOT_NUMBER_WIDTH
    outer_right = frame.fold_on_left(page.number)
    align = TA_RIGHT if outer_right else TA_LEFT
    number = paragraph(str(page.number), TextStyle(sizes.foot, 1.2, booklet_plan.palette.accent, bold=True),
                       family, rtl=rtl)
    title = paragraph(booklet_plan.content.booklet.running_title,
                      TextStyle(sizes.foot, 1.2, booklet_plan.palette.muted), family, rtl=rtl)
    for item in (number, title):
        item.style = item.style.clone(f"{item.style.name}-foot-{align}", alignment=align)
    x, width = frame.text_x(page.number), frame.text_width
    y = frame.sheet.slug + frame.length(frame.layout.margins.foot_mm) - sizes.foot * FOOT_DESCENT
    number_x = x + width - number_width if outer_right else x
    title_x = x if outer_right else x + number_width
    for item, item_x, item_width in ((number, number_x, number_width), (title, title_x, width - number_width)):
        item.wrap(item_width, sizes.foot * 10)
        item.drawOn(canvas, item_x, y)


def finish(booklet_plan: BookletPlan, pages: bytes, art: bytes, art_pages: dict[int, int],
           tags: tagging.Tags | None = None) -> bytes:
    """Stamp the diagrams (page `art_pages[i]` of `art` on booklet page i), set metadata, print boxes and
    the bookmarks, and with `tags` (the pages drawn with them) the structure tree; returns the final PDF."""
    content = booklet_plan.content
    info = document_info(content, booklet_plan.brand, subject=content.booklet.cover_line,
                         keywords=("booklet", booklet_plan.frame.paper.name))
    stamps = [pdf.Stamp(page.number - 1, art, page.slot.x, page.slot.y, art_page=art_pages[page.number - 1],
                        mcid=tags.figure_mcid(page.number - 1) if tags is not None else None)
              for page in booklet_plan.pages if page.slot is not None]
    data = pdf.finish(pages, stamps=stamps, info=info, boxes=booklet_plan.frame.sheet.boxes)
    data = pdf.add_bookmarks(data, bookmarks(booklet_plan))
    return data if tags is None else tagging.finish(data, tags)


def bookmarks(booklet_plan: BookletPlan) -> tuple[pdf.Bookmark, ...]:
    """One bookmark per section (cover, contents and each titled page); the zone pages under their group."""
    marks: list[pdf.Bookmark] = []
    zone_pages: list[pdf.Bookmark] = []
    group_at = len(marks)
    for page in booklet_plan.pages:
        spec = page.spec
        if not spec.title or spec.part == pages_module.REST or \
                (spec.kind == "notes" and any(m.title == spec.title for m in marks)):
            continue
        if spec.kind == "zones":
            if not zone_pages:
                group_at = len(marks)
            zone_pages.append(pdf.Bookmark(spec.title, page.number - 1))
            continue
        marks.append(pdf.Bookmark(spec.title, page.number - 1))
    if zone_pages:
        group = pdf.Bookmark(booklet_plan.content.zones.heading, zone_pages[0].page_index, tuple(zone_pages))
        marks.insert(group_at, group)
    return tuple(marks)
