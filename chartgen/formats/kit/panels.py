"""A box (pt) + fill, optional band, corner radius and direction -> a rounded panel drawn on a ReportLab canvas.

The poster's panels and brand band, the card's text blocks and the booklet's panels are all drawn here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from chartgen import tagging
from chartgen.colour import RGB
from chartgen.pdf import Box


@dataclass(frozen=True)
class Band:
    """A solid band of colour inside a panel, along its top edge or along its line start (left; right for RTL)."""

    colour: str
    """#RRGGBB."""
    thickness: float
    """Height of a top band, width of a line-start band (pt)."""
    edge: Literal["top", "start"]


def draw_panel(canvas: Canvas, box: Box, *, radius: float, fill: str | RGB | None, band: Band | None = None,
               rtl: bool = False, outline: str | None = None, outline_width: float = 0.0,
               clipped: bool = True) -> None:
    """A panel with rounded corners of `radius` pt filling `box`: its `fill` (#RRGGBB or sRGB components), and
    a `band` of colour inside it, or a hairline `outline`.

    Clipped (the default), the fill and the band are rectangles clipped to the rounded box, so that a band
    follows the corners; without a fill nothing shows. Not clipped, the rounded box itself is filled and/or
    outlined as one path, and takes no band. Both look the same where both apply; they give different PDF
    operators, so each format keeps the one it was made with (the booklet draws its panels unclipped).
    """
    if clipped and outline:
        raise ValueError("a clipped panel takes no outline")
    if band is not None and not clipped:
        raise ValueError("a band needs a clipped panel")
    with tagging.artifact(canvas):  # a panel is decoration: its text is drawn (and tagged) after it
        _draw(canvas, box, radius, fill, band, rtl, outline, outline_width, clipped)


def _draw(canvas: Canvas, box: Box, radius: float, fill: str | RGB | None, band: Band | None, rtl: bool,
          outline: str | None, outline_width: float, clipped: bool) -> None:
    canvas.saveState()
    if not clipped:
        if fill:
            canvas.setFillColor(_paint(fill))
        if outline:
            canvas.setStrokeColor(HexColor(outline))
            canvas.setLineWidth(outline_width)
        canvas.roundRect(box.x, box.y, box.width, box.height, radius, stroke=int(bool(outline)), fill=int(bool(fill)))
    elif fill:
        clip = canvas.beginPath()
        clip.roundRect(box.x, box.y, box.width, box.height, radius)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.setFillColor(_paint(fill))
        canvas.rect(box.x, box.y, box.width, box.height, stroke=0, fill=1)
        if band is not None:
            canvas.setFillColor(HexColor(band.colour))
            if band.edge == "top":
                canvas.rect(box.x, box.y + box.height - band.thickness, box.width, band.thickness, stroke=0, fill=1)
            else:
                band_x = box.x + box.width - band.thickness if rtl else box.x
                canvas.rect(band_x, box.y, band.thickness, box.height, stroke=0, fill=1)
    canvas.restoreState()


def _paint(fill: str | RGB) -> Color:
    return HexColor(fill) if isinstance(fill, str) else Color(*fill)
