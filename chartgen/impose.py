"""Imposition: a finished PDF's pages + a scheme (where each page goes on which sheet side) -> print-sheet PDF bytes.

A scheme only computes geometry (points, origin at the sheet's lower left). `impose` draws each sheet side's
marks and notes with ReportLab (the caller's `decorate`), then places the source pages on top as Form XObjects
(each source page stored once, however often it is placed), via chartgen.pdf.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from reportlab.pdfgen.canvas import Canvas

from chartgen import pdf
from chartgen.pdf import Box


@dataclass(frozen=True)
class Placement:
    """Source page `source_page` (0-based) with the lower-left corner of its MediaBox at (x, y) pt on the sheet."""

    source_page: int
    x: float
    y: float


@dataclass(frozen=True)
class SheetSide:
    """One printed side of a sheet: the pages placed on it."""

    placements: tuple[Placement, ...]


class Scheme(Protocol):
    """Where every source page goes: sheet size (pt) and the sheet sides, in the order they are printed."""

    @property
    def sheet_width(self) -> float: ...

    @property
    def sheet_height(self) -> float: ...

    def sides(self, page_count: int) -> tuple[SheetSide, ...]:
        """The sheet sides for a source PDF of `page_count` pages; ValueError if the scheme cannot take it."""
        ...


def behind(box: Box, *, sheet_width: float, sheet_height: float) -> Box:
    """Where `box` on a sheet's front lies on its back, printed duplex and flipped on the long edge (pt).

    A portrait sheet turns about its vertical axis (x is mirrored), a landscape sheet about its horizontal one.
    """
    if sheet_height >= sheet_width:
        return Box(sheet_width - box.x - box.width, box.y, box.width, box.height)
    return Box(box.x, sheet_height - box.y - box.height, box.width, box.height)


@dataclass(frozen=True)
class CardGrid:
    """Cards n-up: a grid of identical cells centred on the sheet, each front's back right behind it.

    The source PDF holds pairs of pages (front, back). Pair k fills every cell of sheet side 2k (a front) and
    of side 2k + 1 (its back), the back's cells mirrored for a duplex print flipped on the long edge. Cells
    touch: a page's MediaBox is its trim plus its bleed, so neighbouring bleeds meet and never cover a
    neighbour's trim (the grid is spaced, not clipped). Lengths in pt.
    """

    sheet_width: float
    sheet_height: float
    page_width: float
    page_height: float
    columns: int
    rows: int
    bottom: float | None = None
    """Distance from the sheet's bottom edge to the grid on the fronts (pt); None centres the grid."""

    @classmethod
    def fit(cls, *, sheet_width: float, sheet_height: float, page_width: float, page_height: float,
            margin: float) -> CardGrid:
        """As many cells as fit inside `margin` pt of clear space along every sheet edge; ValueError if none."""
        columns = int((sheet_width - 2 * margin) // page_width)
        rows = int((sheet_height - 2 * margin) // page_height)
        if columns < 1 or rows < 1:
            raise ValueError("the page does not fit the sheet inside its margins")
        return cls(sheet_width, sheet_height, page_width, page_height, columns, rows)

    @property
    def height(self) -> float:
        """Height of the whole grid (pt)."""
        return self.rows * self.page_height

    @property
    def per_side(self) -> int:
        return self.columns * self.rows

    @property
    def origin(self) -> tuple[float, float]:
        """Lower-left corner of the whole grid (pt)."""
        bottom = (self.sheet_height - self.height) / 2 if self.bottom is None else self.bottom
        return ((self.sheet_width - self.columns * self.page_width) / 2, bottom)

    def cells(self) -> tuple[Box, ...]:
        """The cells on a front, in reading order: top row first, left to right (pt)."""
        x0, y0 = self.origin
        return tuple(
            Box(x0 + column * self.page_width, y0 + (self.rows - 1 - row) * self.page_height,
                self.page_width, self.page_height)
            for row in range(self.rows) for column in range(self.columns)
        )

    def back_cells(self) -> tuple[Box, ...]:
        """The cell behind each front cell, in the same order (pt)."""
        return tuple(behind(cell, sheet_width=self.sheet_width, sheet_height=self.sheet_height)
                     for cell in self.cells())

    def sides(self, page_count: int) -> tuple[SheetSide, ...]:
        if page_count < 2 or page_count % 2:
            raise ValueError(f"a card grid needs pairs of pages (front, back); got {page_count}")
        sides = []
        for front in range(0, page_count, 2):
            sides.append(SheetSide(tuple(Placement(front, c.x, c.y) for c in self.cells())))
            sides.append(SheetSide(tuple(Placement(front + 1, c.x, c.y) for c in self.back_cells())))
        return tuple(sides)


def bounds(boxes: tuple[Box, ...]) -> Box:
    """The smallest box holding all `boxes` (pt)."""
    x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
    x1, y1 = max(b.x + b.width for b in boxes), max(b.y + b.height for b in boxes)
    return Box(x0, y0, x1 - x0, y1 - y0)


Decorate = Callable[[Canvas, int, SheetSide], None]
"""Draws marks and notes on sheet side `index` (0-based) before the pages are placed on top."""


def _no_decoration(canvas: Canvas, index: int, side: SheetSide) -> None:
    """Draw nothing."""


def impose(pages: bytes, scheme: Scheme, *, font: str, info: pdf.DocumentInfo,
           decorate: Decorate = _no_decoration) -> bytes:
    """The sheets for the PDF `pages` under `scheme`, as finished PDF bytes.

    `font` is a registered ReportLab font name used as the canvas's initial font, so that no unembedded
    standard font gets into the file.
    """
    sides = scheme.sides(pdf.page_count(pages))
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=(scheme.sheet_width, scheme.sheet_height), font=font)
    for index, side in enumerate(sides):
        decorate(canvas, index, side)
        canvas.showPage()
    canvas.save()
    stamps = [pdf.Stamp(index, pages, p.x, p.y, art_page=p.source_page)
              for index, side in enumerate(sides) for p in side.placements]
    return pdf.finish(buffer.getvalue(), stamps=stamps, info=info)


@dataclass(frozen=True)
class SaddleStitch:
    """A saddle-stitched booklet: each sheet side holds a spread of two pages, `copies` times one above the other.

    Sheet k (0-based) of an N-page booklet carries pages N-2k and 2k+1 on its front and 2k+2 and N-2k-1 on its
    back (1-based), left to right (right to left when `rtl`). Stacked in print order, folded in the middle and
    stapled on the fold, the pages read 1..N. The back is printed for turning the sheet over like a book page,
    about its vertical axis: a landscape sheet flips on its short edge, a portrait sheet on its long edge.

    The sheet is shared out equally between the copies (`copies` bands, top to bottom) and each spread sits in
    the middle of its band: the copies are placed identically, the margins above and below each copy are equal,
    and between two copies lies a gutter as tall as those two margins together (`gutter`), cut on both sides.
    Lengths in pt; pages have no bleed.
    """

    sheet_width: float
    sheet_height: float
    page_width: float
    page_height: float
    copies: int = 1
    rtl: bool = False

    def __post_init__(self) -> None:
        if self.copies < 1 or 2 * self.page_width > self.sheet_width + 1e-6 \
                or self.copies * self.page_height > self.sheet_height + 1e-6:
            raise ValueError("the spreads do not fit the sheet")

    @property
    def flip_edge(self) -> str:
        """'short' or 'long': the sheet edge to turn over on when printing duplex."""
        return "short" if self.sheet_width > self.sheet_height else "long"

    @property
    def band_height(self) -> float:
        """Height of each copy's equal share of the sheet (pt)."""
        return self.sheet_height / self.copies

    @property
    def gutter(self) -> float:
        """Space between two copies' spreads (pt): the margin below one copy plus the margin above the next."""
        return self.band_height - self.page_height

    def spreads(self) -> tuple[Box, ...]:
        """The box of each copy's two-page spread, top copy first, each in the middle of its band (pt)."""
        width, height = 2 * self.page_width, self.page_height
        x0 = (self.sheet_width - width) / 2
        margin = (self.band_height - height) / 2
        return tuple(Box(x0, (self.copies - 1 - copy) * self.band_height + margin, width, height)
                     for copy in range(self.copies))

    def slots(self, page_count: int) -> tuple[tuple[int, int], ...]:
        """The 0-based source pages (left, right) on every sheet side, in print order."""
        if page_count < 4 or page_count % 4:
            raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages; got {page_count}")
        last = page_count - 1
        pairs: list[tuple[int, int]] = []
        for sheet in range(page_count // 4):
            front = (last - 2 * sheet, 2 * sheet)
            back = (2 * sheet + 1, last - 2 * sheet - 1)
            if self.rtl:  # pages run from right to left: each side's two pages change places
                front, back = (front[1], front[0]), (back[1], back[0])
            pairs += [front, back]
        return tuple(pairs)

    def sides(self, page_count: int) -> tuple[SheetSide, ...]:
        sides = []
        for left, right in self.slots(page_count):
            placements = []
            for spread in self.spreads():
                placements += [Placement(left, spread.x, spread.y),
                               Placement(right, spread.x + self.page_width, spread.y)]
            sides.append(SheetSide(tuple(placements)))
        return tuple(sides)
