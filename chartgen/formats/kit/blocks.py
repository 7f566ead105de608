"""Flowables + panel style -> a Block measured across a width and drawn in its box (pt) on a ReportLab canvas.

A block is one thing a reader takes in at once (a zone's panel, the steps, the disclaimer): set as a stack of
flowables, bare, in a tinted panel with a coloured bar at its line start, or in an outline. The handout and the
large-print poster lay their pages out as blocks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from chartgen import pdf, tagging
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.fonts import FontFamily
from chartgen.formats import brand_block
from chartgen.formats.kit.panels import Band, draw_panel
from chartgen.layout import Palette
from chartgen.text import TextStyle, draw_stack, paragraph, stack_height, too_wide

OUTLINE_WIDTH = 0.8
"""Line width of an outlined block (pt)."""
ITEM_SPACE = 0.45
"""Space below a paragraph, step or zone inside a block, as a multiple of the body size."""
BADGE_GAP = 0.5
"""Space between a number badge and its text, as a multiple of the body size."""
BRAND_NAME_RATIO = 1.2
"""The practice's name in a brand block, as a multiple of the body size."""
BRAND_LOGO_LINES = 3.0
"""Height of the brand's logo box, in body sizes."""
FIT_TOLERANCE = 0.01
"""Rounding slack (pt) when comparing a page's height with its room."""


@dataclass(frozen=True)
class BlockText:
    """Makes the text of blocks at one body size (pt) in one language: paragraphs, headings, the brand block.
    A format's own block builder extends it with the blocks it lays out."""

    content: Content
    family: FontFamily
    palette: Palette
    body: float
    leading: float
    """Line spacing as a multiple of the type size."""
    heading_ratio: float
    """Headings as a multiple of the body size."""

    @property
    def rtl(self) -> bool:
        return self.content.meta.direction == "rtl"

    def style(self, *, colour: str | None = None, bold: bool = False, scale: float = 1.0,
              space_after: float = 0.0) -> TextStyle:
        """The body style (in ink unless `colour`), `scale` times the body size."""
        return TextStyle(self.body * scale, self.leading, colour or self.palette.ink, bold=bold,
                         space_after=space_after)

    def para(self, text: str, *, colour: str | None = None, bold: bool = False, scale: float = 1.0,
             space_after: float = 0.0, role: str = "P") -> Paragraph:
        """One paragraph, tagged as `role` (P, H1, H3...)."""
        style = self.style(colour=colour, bold=bold, scale=scale, space_after=space_after)
        return tagging.tag(paragraph(text, style, self.family, rtl=self.rtl, lang=self.content.meta.code), role)

    def heading(self, text: str, *, colour: str | None = None) -> Paragraph:
        """A section heading (H2), bold, in the accent colour unless `colour`."""
        return self.para(text, colour=colour or self.palette.accent, bold=True, scale=self.heading_ratio,
                         space_after=self.body * ITEM_SPACE, role="H2")

    def brand_text(self, brand: Brand, *, qr_code: float, secondary: str) -> Flowable:
        """The practitioner's brand block at the body size: its name larger, a QR code `qr_code` pt wide (0: none),
        the contact lines in `secondary` colour."""
        spec = brand_block.BlockSpec(max_pt=self.body, min_pt=self.body, name_ratio=BRAND_NAME_RATIO,
                                     qr_code=qr_code, logo_height=self.body * BRAND_LOGO_LINES, gap=self.body)
        colours = brand_block.Colours(self.palette.accent, self.palette.ink, secondary)
        return brand_block.BrandBlock(brand, spec, size=self.body, lang=self.content.meta.code, family=self.family,
                                      rtl=self.rtl, colours=colours)


@dataclass(frozen=True)
class BlockStyle:
    """How blocks are framed (pt): the corner radius of panels and the width of a panel's line-start bar."""

    radius: float
    bar_width: float


@dataclass(frozen=True)
class Block:
    """A stack of flowables set in a box across a column: a tinted panel with a start bar, an outline, or bare."""

    key: str
    """What the block holds, for messages (a locale key, or an option such as --note)."""
    flowables: list[Flowable]
    fill: str | None = None
    bar: str | None = None
    padding: float = 0.0
    outline: str | None = None
    min_height: float = 0.0
    """Height (pt) the block keeps even with little text (the practitioner's empty stamp box)."""
    keep_with_next: bool = False
    """A heading of its own: a page never ends right after it."""
    new_page: bool = False
    """Where blocks flow over pages: this one starts a page."""
    role: str | None = None
    """Tagged (chartgen.tagging), the element holding the block's text (a zone's Sect, a step's LI), if any."""


@dataclass(frozen=True)
class Placed:
    """A block at its place on a page (pt)."""

    block: Block
    box: pdf.Box


def measure(block: Block, width: float, style: BlockStyle) -> tuple[float, bool]:
    """The block's height across `width` pt, and whether a word is wider than its text."""
    text_width = width - 2 * block.padding - (style.bar_width if block.bar else 0.0)
    height = stack_height(block.flowables, text_width) + 2 * block.padding
    return max(height, block.min_height), too_wide(block.flowables, text_width)


def draw_block(canvas: Canvas, placed: Placed, style: BlockStyle, *, rtl: bool) -> None:
    """The block's panel or outline, if any, and its text inside its padding (the bar at the line start)."""
    block, box = placed.block, placed.box
    bar = style.bar_width if block.bar else 0.0
    if block.fill:
        draw_panel(canvas, box, radius=style.radius, fill=block.fill,
                   band=Band(block.bar, bar, "start") if block.bar else None, rtl=rtl)
    elif block.outline:
        draw_panel(canvas, box, radius=style.radius, fill=None, outline=block.outline, outline_width=OUTLINE_WIDTH,
                   clipped=False)
    text_x = box.x + block.padding + (0.0 if rtl else bar)
    with tagging.group(canvas, block.role) if block.role else contextlib.nullcontext():
        draw_stack(canvas, block.flowables, text_x, box.y + box.height - block.padding,
                   box.width - 2 * block.padding - bar)


def draw_blocks(canvas: Canvas, placed: Iterable[Placed], style: BlockStyle, *, rtl: bool) -> None:
    """The blocks of one page in their order (the reading order); tagged, a run of list-item blocks is one L."""
    runs = tagging.ListGrouping(canvas)
    for each in placed:
        runs.before_role(each.block.role)
        draw_block(canvas, each, style, rtl=rtl)
    runs.close()
