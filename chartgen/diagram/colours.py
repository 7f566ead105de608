"""#RRGGBB colours -> mixes, contrast, CIELAB and colour-vision-deficiency simulations (numpy only)."""

from __future__ import annotations

import numpy as np

WHITE = "#FFFFFF"

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", severity 1.0 matrices, applied to linear RGB.
MACHADO_2009: dict[str, np.ndarray] = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}

_SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_D65_WHITE = np.array([0.95047, 1.0, 1.08883])


def rgb(colour: str) -> np.ndarray:
    """#RRGGBB -> sRGB components in 0..1."""
    return np.array([int(colour[i : i + 2], 16) / 255.0 for i in (1, 3, 5)])


def hex_of(components: np.ndarray) -> str:
    """sRGB components in 0..1 -> #RRGGBB (clipped, rounded)."""
    values = np.clip(np.round(np.asarray(components) * 255.0), 0, 255).astype(int)
    return "#" + "".join(f"{v:02X}" for v in values)


def mix(a: str, b: str, t: float) -> str:
    """The colour `t` of the way from `a` to `b` (t = 0 gives a), mixed in sRGB like paint on paper."""
    return hex_of((1.0 - t) * rgb(a) + t * rgb(b))


def to_linear(components: np.ndarray) -> np.ndarray:
    """sRGB (0..1) -> linear light."""
    c = np.asarray(components, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def from_linear(components: np.ndarray) -> np.ndarray:
    """Linear light -> sRGB (0..1), clipped to the gamut."""
    c = np.clip(np.asarray(components, dtype=float), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) .. 1 (white)."""
    return float(to_linear(rgb(colour)) @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 .. 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str, dark: str) -> str:
    """White or `dark`, whichever reads better on `background` (for numerals on markers)."""
    return WHITE if contrast(WHITE, background) >= contrast(dark, background) else dark


def lab(colour: str | np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a #RRGGBB colour or of sRGB components."""
    components = rgb(colour) if isinstance(colour, str) else np.asarray(colour)
    xyz = _SRGB_TO_XYZ @ to_linear(components) / _D65_WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(colour: str, deficiency: str) -> np.ndarray:
    """sRGB components of `colour` as seen with a colour-vision deficiency (see MACHADO_2009)."""
    return from_linear(MACHADO_2009[deficiency] @ to_linear(rgb(colour)))


def delta_e(a: str | np.ndarray, b: str | np.ndarray) -> float:
    """CIE76 colour difference (Euclidean distance in CIELAB); about 2.3 is just noticeable."""
    return float(np.linalg.norm(lab(a) - lab(b)))


def lightness(colour: str) -> float:
    """CIELAB L* (0 black .. 100 white): what a greyscale print keeps of a colour."""
    return float(lab(colour)[0])
