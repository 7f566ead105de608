"""#RRGGBB colours -> sRGB components, WCAG luminance and contrast, CIE lightness, mixes and tints, readable text
colours.

Pure Python, the one place for colour arithmetic: the formats (panel tints, text on a coloured badge), the
brand check (is an accent dark enough for white paper), the diagram (shading mixes, numerals on markers) and
PDF/X (a black-ink tint as light as a text grey) all call it. Components are floats from 0 to 1. Each formula
keeps its operations in a fixed order, because a colour's last bit reaches the PDF's bytes.
"""

from __future__ import annotations

WHITE = "#FFFFFF"
BLACK = "#000000"
NEAR_BLACK = "#111111"
"""The dark choice of `text_colour_on`: softer than pure black on a coloured fill."""

RGB = tuple[float, float, float]
"""sRGB components, each 0 (none) .. 1 (full)."""

_LUMINANCE_WEIGHTS = (0.2126, 0.7152, 0.0722)
"""WCAG 2 weights of linear red, green and blue in relative luminance."""
_CONTRAST_FLARE = 0.05
"""WCAG's allowance for ambient light, added to both luminances of a contrast ratio."""


def rgb(colour: str) -> RGB:
    """#RRGGBB -> its sRGB components (the same numbers ReportLab's HexColor gives)."""
    return (int(colour[1:3], 16) / 255.0, int(colour[3:5], 16) / 255.0, int(colour[5:7], 16) / 255.0)


def to_hex(components: RGB) -> str:
    """sRGB components -> #RRGGBB, each rounded to the nearest step (halves to even) and clipped to 0..255."""
    return "#" + "".join(f"{max(0, min(255, round(c * 255.0))):02X}" for c in components)


def from_cmyk(cyan: float, magenta: float, yellow: float, black: float) -> str:
    """CMYK parts (each 0..1) -> #RRGGBB by the naive conversion (no colour profile): what a screen would show."""
    return "#{:02X}{:02X}{:02X}".format(*(round(255 * (1 - part) * (1 - black)) for part in (cyan, magenta, yellow)))


def to_linear(component: float) -> float:
    """One sRGB component -> linear light (the sRGB transfer curve undone)."""
    return component / 12.92 if component <= 0.04045 else ((component + 0.055) / 1.055) ** 2.4


def from_linear(light: float) -> float:
    """Linear light -> one sRGB component, clipped to 0..1 (the sRGB transfer curve)."""
    light = min(1.0, max(0.0, light))
    return 12.92 * light if light <= 0.0031308 else 1.055 * light ** (1 / 2.4) - 0.055


def luminance(colour: str) -> float:
    """WCAG relative luminance of #RRGGBB: 0 (black) .. 1 (white)."""
    red, green, blue = (to_linear(c) for c in rgb(colour))
    weight_red, weight_green, weight_blue = _LUMINANCE_WEIGHTS
    return weight_red * red + weight_green * green + weight_blue * blue


def lightness(colour: str) -> float:
    """CIE L* of #RRGGBB: 0 (black) .. 100 (white), from its relative luminance Y (white's Y is 1)."""
    y = luminance(colour)
    return 116 * (y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29) - 16


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two #RRGGBB colours, in either order: 1 (none) .. 21 (black on white)."""
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + _CONTRAST_FLARE) / (darker + _CONTRAST_FLARE)


def readable_on(background: str, dark: str) -> str:
    """White or `dark`, whichever contrasts more with `background` (white on a tie)."""
    return WHITE if contrast(WHITE, background) >= contrast(dark, background) else dark


def text_colour_on(background: str) -> str:
    """White or NEAR_BLACK text for a `background` fill: white unless pure black would contrast more."""
    return WHITE if readable_on(background, BLACK) == WHITE else NEAR_BLACK


def mix(a: str, b: str, t: float) -> str:
    """The colour `t` of the way from `a` to `b` (t = 0 gives a, 1 gives b), mixed in sRGB like paint on paper
    and rounded to #RRGGBB."""
    (red_a, green_a, blue_a), (red_b, green_b, blue_b) = rgb(a), rgb(b)
    return to_hex(((1.0 - t) * red_a + t * red_b, (1.0 - t) * green_a + t * green_b, (1.0 - t) * blue_a + t * blue_b))


def tint(colour: str, amount: float) -> RGB:
    """#RRGGBB mixed with white, not rounded to #RRGGBB: amount 0 gives white, 1 the colour (a panel's light fill)."""
    red, green, blue = rgb(colour)
    return (1 - (1 - red) * amount, 1 - (1 - green) * amount, 1 - (1 - blue) * amount)
