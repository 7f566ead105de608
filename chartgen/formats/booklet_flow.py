"""Booklet building blocks: flowables (diagram slot, flexible space, panel, rule, contents line) and stack layout.

Every page of the booklet is one column of flowables; `place_stack` turns a column into positions (pt), sharing
any height left over among its `Fill`s, so that the same numbers serve planning, drawing and stamping.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from chartgen import tagging
from chartgen.formats.kit.panels import draw_panel
from chartgen.pdf import Box
from chartgen.text import Stacked, draw_stack, min_width, stack_height

UNLIMITED_HEIGHT = 1e6
"""Height offered to a flowable when we only want to know how tall it wants to be (pt)."""


class DiagramSlot(Flowable):
    """Empty room of a fixed size (pt) where the diagram is stamped after ReportLab has drawn the page."""

    def __init__(self, width: float, height: float, *, space_after: float = 0.0, alt: str | None = None) -> None:
        super().__init__()
        self.slot_width, self.slot_height = width, height
        self.spaceAfter = space_after
        self.alt = alt
        """The diagram's alternative text (chartgen.tagging: its Figure is made here, in reading order)."""

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.slot_height
        return self.width, self.height

    def draw(self) -> None:
        """Nothing is drawn: the art is stamped into this room later. Tagged, its Figure gets its MCID here."""
        tagging.reserve(self.canv, "Figure", alt=self.alt)


class Fill(Flowable):
    """Flexible vertical space: takes a share of the height a column leaves unused (0 pt when measuring)."""

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, 0.0
        return self.width, self.height

    def draw(self) -> None:
        """Nothing: it is only space."""


class Rule(Flowable):
    """A horizontal bar `thickness` pt high and `length` pt long (the full width when None), at the line start."""

    def __init__(self, colour: str, thickness: float, *, length: float | None = None, rtl: bool = False,
                 space_after: float = 0.0) -> None:
        super().__init__()
        self.colour, self.thickness, self.length, self.rtl = colour, thickness, length, rtl
        self.spaceAfter = space_after

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.thickness
        return self.width, self.height

    def draw(self) -> None:
        length = self.width if self.length is None else min(self.length, self.width)
        x = self.width - length if self.rtl else 0.0
        self.canv.setFillColor(HexColor(self.colour))
        with tagging.artifact(self.canv):
            self.canv.rect(x, 0, length, self.thickness, stroke=0, fill=1)


class Panel(Stacked):
    """Flowables on a rounded background (`fill`) or in a rounded outline (`stroke`), `padding` pt inside."""

    def __init__(self, body: list[Flowable], *, padding: float, radius: float, fill: str | None = None,
                 stroke: str | None = None, min_height: float = 0.0, space_after: float = 0.0) -> None:
        super().__init__()
        self.body, self.padding, self.radius = body, padding, radius
        self.fill, self.stroke, self.min_height = fill, stroke, min_height
        self.spaceAfter = space_after

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        inner = stack_height(self.body, available_width - 2 * self.padding)
        self.width, self.height = available_width, max(self.min_height, inner + 2 * self.padding)
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        return 2 * self.padding + max((min_width(f) for f in self.body), default=0.0)

    def draw(self) -> None:
        canvas: Canvas = self.canv
        draw_panel(canvas, Box(0, 0, self.width, self.height), radius=self.radius, fill=self.fill, outline=self.stroke,
                   outline_width=HAIRLINE, clipped=False)
        draw_stack(canvas, self.body, self.padding, self.height - self.padding, self.width - 2 * self.padding)


HAIRLINE = 0.5
"""Stroke width (pt) of outlines and writing lines: thin, but still printed by every printer."""


class ContentsLine(Stacked):
    """One contents entry: an optional coloured dot, the title, and its page number at the far end of the line."""

    def __init__(self, title: Paragraph, number: Paragraph, *, number_width: float, indent: float = 0.0,
                 dot: str | None = None, dot_size: float = 0.0, rtl: bool = False, space_after: float = 0.0) -> None:
        super().__init__()
        tagging.tag(self, "TOCI")  # its runs are grouped in a TOC (tagging.RUNS)
        self.title, self.number, self.number_width = title, number, number_width
        self.indent, self.dot, self.dot_size, self.rtl = indent, dot, dot_size, rtl
        self.spaceAfter = space_after
        self._title_height = 0.0

    def _title_width(self, width: float) -> float:
        return width - self.indent - self.number_width

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        _, self._title_height = self.title.wrap(self._title_width(available_width), _available_height)
        _, number_height = self.number.wrap(self.number_width, _available_height)
        self.width, self.height = available_width, max(self._title_height, number_height)
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.indent + self.number_width + min_width(self.title)

    def draw(self) -> None:
        canvas: Canvas = self.canv
        title_width = self._title_width(self.width)
        title_x = self.number_width if self.rtl else self.indent
        number_x = 0.0 if self.rtl else self.width - self.number_width
        self.title.wrap(title_width, UNLIMITED_HEIGHT)
        _, number_height = self.number.wrap(self.number_width, UNLIMITED_HEIGHT)
        # Tagged (a TOCI, see __init__): the title and its page number are one P of two marked sequences.
        tags = tagging.of(canvas)
        with tags.element(canvas, "P") if tags is not None else contextlib.nullcontext() as entry:
            self.title.drawOn(canvas, title_x, self.height - self._title_height)
        with tags.marked(canvas, entry) if tags is not None and entry is not None else contextlib.nullcontext():
            self.number.drawOn(canvas, number_x, self.height - number_height)
        if self.dot:
            first_line = self.title.style.leading
            centre_x = self.width - self.indent / 2 if self.rtl else self.indent / 2
            centre_y = self.height - first_line / 2 - self.title.style.fontSize * DOT_DROP
            canvas.setFillColor(HexColor(self.dot))
            with tagging.artifact(canvas):
                canvas.circle(centre_x, centre_y, self.dot_size / 2, stroke=0, fill=1)


DOT_DROP = 0.08
"""A contents dot is lowered by this share of the type size to sit on the x-height's middle, not the line's."""


@dataclass(frozen=True)
class Placed:
    """A flowable of a column and the lower-left corner (pt) where it is drawn."""

    flowable: Flowable
    x: float
    y: float
    height: float


def column_height(flowables: list[Flowable], width: float) -> float:
    """Height (pt) a column needs at `width` pt, with every `Fill` empty."""
    return stack_height(flowables, width)


def place_stack(flowables: list[Flowable], *, x: float, top: float, width: float, height: float,
                stretch: float = 1.0) -> list[Placed]:
    """Positions of a column's flowables from `top` down; the height left over goes evenly to its Fills, or, in a
    column without any, widens the gaps between its flowables up to `stretch` times (the rest stays at the
    foot): a large page then spreads its parts instead of ending in a band of empty paper."""
    spare = max(0.0, height - column_height(flowables, width))
    fills = sum(isinstance(f, Fill) for f in flowables)
    gaps = sum(f.getSpaceAfter() for f in flowables[:-1])
    widen = 1.0 + min(spare / gaps, stretch - 1.0) if not fills and gaps > 0 else 1.0
    placed: list[Placed] = []
    y = top
    for index, flowable in enumerate(flowables):
        _, used = flowable.wrap(width, UNLIMITED_HEIGHT)
        if isinstance(flowable, Fill):
            used = spare / fills
        y -= used
        placed.append(Placed(flowable, x, y, used))
        if index < len(flowables) - 1:
            y -= flowable.getSpaceAfter() * widen
    return placed


def draw_placed(canvas: Canvas, placed: list[Placed], width: float) -> None:
    """Draw a column laid out by `place_stack` (each flowable is wrapped again just before it is drawn)."""
    for item in placed:
        item.flowable.wrap(width, UNLIMITED_HEIGHT)
    tagging.draw_column(canvas, ((item.flowable, item.x, item.y) for item in placed))
