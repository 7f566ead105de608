"""formats/kit/panels.py: a rounded panel's fill, its band at the top or the line start (mirrored RTL), its
rounded corners, and the unclipped outline form; checked on the rendered pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest
from reportlab.pdfgen.canvas import Canvas

from chartgen.colour import tint
from chartgen.formats.kit.panels import Band, draw_panel
from chartgen.pdf import Box
from conftest import render_png

PAGE = 100.0
"""Side of the test page (pt); at 72 dpi one pixel is one point."""
BOX = Box(10, 10, 80, 80)
FILL, BAND = "#FFE066", "#1F5C99"


def _rendered(name: str, **options) -> np.ndarray:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE, PAGE), invariant=1)
    draw_panel(canvas, BOX, **options)
    canvas.showPage()
    canvas.save()
    return render_png(buffer.getvalue(), name, dpi=72)


def _at(pixels: np.ndarray, x: float, y: float) -> tuple[int, ...]:
    """The pixel at (x, y) pt from the page's lower left."""
    return tuple(int(v) for v in pixels[int(PAGE - y), int(x)])


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _near(found: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    return max(abs(a - b) for a, b in zip(found, expected, strict=True)) <= 2


def test_a_band_on_top_fills_the_top_and_the_corners_stay_round():
    pixels = _rendered("kit-panel-top", radius=15, fill=FILL, band=Band(BAND, 10, "top"))
    assert _near(_at(pixels, 50, 50), _rgb(FILL))
    assert _near(_at(pixels, 50, 85), _rgb(BAND))
    assert _near(_at(pixels, 11, 89), (255, 255, 255))  # outside the rounded corner: paper
    assert _near(_at(pixels, 5, 50), (255, 255, 255))


@pytest.mark.parametrize(("rtl", "band_x", "text_x"), [(False, 13, 87), (True, 87, 13)])
def test_a_line_start_band_follows_the_reading_direction(rtl, band_x, text_x):
    pixels = _rendered(f"kit-panel-start-{'rtl' if rtl else 'ltr'}", radius=2, fill=FILL,
                       band=Band(BAND, 6, "start"), rtl=rtl)
    assert _near(_at(pixels, band_x, 50), _rgb(BAND))
    assert _near(_at(pixels, text_x, 50), _rgb(FILL))


def test_a_tinted_fill_is_drawn_as_given():
    pixels = _rendered("kit-panel-tint", radius=4, fill=tint(BAND, 0.1))
    assert _near(_at(pixels, 50, 50), tuple(round(c * 255) for c in tint(BAND, 0.1)))


def test_a_panel_without_fill_draws_nothing():
    pixels = _rendered("kit-panel-none", radius=4, fill=None)
    assert (pixels == 255).all()


def test_an_unclipped_panel_can_be_outlined_only():
    pixels = _rendered("kit-panel-outline", radius=4, fill=None, outline=BAND, outline_width=2, clipped=False)
    assert not _near(_at(pixels, 50, 10), (255, 255, 255))  # on the outline
    assert _near(_at(pixels, 50, 50), (255, 255, 255))  # inside: not filled


def test_bands_need_a_clip_and_outlines_need_none():
    canvas = Canvas(io.BytesIO(), pagesize=(PAGE, PAGE))
    with pytest.raises(ValueError, match="band"):
        draw_panel(canvas, BOX, radius=4, fill=FILL, band=Band(BAND, 5, "top"), clipped=False)
    with pytest.raises(ValueError, match="outline"):
        draw_panel(canvas, BOX, radius=4, fill=FILL, outline=BAND, outline_width=1)
