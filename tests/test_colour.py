"""chartgen.colour: hex parsing, WCAG luminance and contrast against known pairs, CIE lightness, mixes, tints, text
colours."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import HexColor

from chartgen.colour import (
    BLACK,
    NEAR_BLACK,
    WHITE,
    contrast,
    from_cmyk,
    from_linear,
    lightness,
    luminance,
    mix,
    readable_on,
    rgb,
    text_colour_on,
    tint,
    to_hex,
    to_linear,
)


def test_hex_parses_to_the_components_reportlab_draws():
    for colour in ("#000000", "#FFFFFF", "#1F5C99", "#c0ffee", "#777777"):
        expected = HexColor(colour)
        assert rgb(colour) == (expected.red, expected.green, expected.blue)


def test_hex_round_trips_and_clips():
    assert to_hex(rgb("#1F5C99")) == "#1F5C99"
    assert to_hex((-0.2, 0.5, 1.3)) == "#0080FF"


def test_luminance_ends():
    assert luminance(BLACK) == 0.0
    assert luminance(WHITE) == 1.0


def test_lightness_of_known_greys():
    """CIE L*: white 100, black 0; #777777 (Y 0.18447) is 50.03 and #808080 (Y 0.21586) 53.59, worked out by hand
    as 116 * Y ** (1/3) - 16; #010101 is dark enough for the straight line near black, 24389/27 * Y."""
    assert lightness(WHITE) == pytest.approx(100.0, abs=1e-9)
    assert lightness(BLACK) == 0.0
    assert lightness("#777777") == pytest.approx(50.0344, abs=1e-4)
    assert lightness("#808080") == pytest.approx(53.5850, abs=1e-4)
    assert lightness("#010101") == pytest.approx(24389 / 27 * (1 / 255 / 12.92), abs=1e-9)


def test_contrast_ratio_matches_wcag():
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, BLACK) == contrast(BLACK, WHITE)  # either order
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)  # just fails WCAG AA
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # just passes it


def test_mix_runs_from_one_colour_to_the_other():
    assert mix("#1F5C99", WHITE, 0.0) == "#1F5C99"
    assert mix("#1F5C99", WHITE, 1.0) == WHITE
    assert mix(BLACK, WHITE, 0.5) == "#808080"


def test_tint_runs_from_white_to_the_colour():
    assert tint("#1F5C99", 0.0) == (1.0, 1.0, 1.0)
    assert tint("#1F5C99", 1.0) == pytest.approx(rgb("#1F5C99"))
    assert tint(BLACK, 0.25) == (0.75, 0.75, 0.75)


def test_text_on_a_fill_is_white_on_dark_and_near_black_on_light():
    assert text_colour_on("#1F5C99") == WHITE
    assert text_colour_on("#F2D3BD") == NEAR_BLACK
    assert text_colour_on(BLACK) == WHITE and text_colour_on(WHITE) == NEAR_BLACK


def test_readable_on_picks_the_colour_with_more_contrast():
    assert readable_on("#FFE066", "#222222") == "#222222"
    assert readable_on("#1F5C99", "#222222") == WHITE


def test_cmyk_converts_naively():
    assert from_cmyk(0, 0, 0, 0) == WHITE
    assert from_cmyk(0, 0, 0, 1) == BLACK
    assert from_cmyk(1, 0.5, 0, 0.4) == "#004C99"


def test_the_srgb_curve_round_trips_and_clips():
    for component in (0.0, 0.02, 0.04045, 0.2, 0.5, 1.0):
        # 1e-6: the standard's two thresholds (0.04045, 0.0031308) are rounded and do not quite meet
        assert from_linear(to_linear(component)) == pytest.approx(component, abs=1e-6)
    assert from_linear(-0.5) == 0.0 and from_linear(2.0) == pytest.approx(1.0)
