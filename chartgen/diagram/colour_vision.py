"""#RRGGBB colours -> how readers with a colour-vision deficiency, and a greyscale print, see them (CIELAB, numpy).

The zone palette is checked with these (tests/diagram/test_draw.py); plain colour arithmetic (parsing,
the sRGB curve, luminance, contrast, mixes) is in chartgen.colour.
"""

from __future__ import annotations

import numpy as np

from chartgen import colour as colour_maths

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

Colour = str | np.ndarray | tuple[float, float, float]
"""A #RRGGBB colour, or its sRGB components (0..1)."""


def _components(colour: Colour) -> np.ndarray:
    """sRGB components (0..1) of a #RRGGBB colour, or the components given."""
    return np.array(colour_maths.rgb(colour)) if isinstance(colour, str) else np.asarray(colour, dtype=float)


def to_linear(components: np.ndarray) -> np.ndarray:
    """sRGB components (0..1) -> linear light, each as chartgen.colour.to_linear."""
    return np.array([colour_maths.to_linear(float(c)) for c in components])


def from_linear(components: np.ndarray) -> np.ndarray:
    """Linear light -> sRGB components (0..1), clipped to the gamut, each as chartgen.colour.from_linear."""
    return np.array([colour_maths.from_linear(float(c)) for c in components])


def lab(colour: Colour) -> np.ndarray:
    """CIELAB (D65) of a #RRGGBB colour or of sRGB components."""
    xyz = _SRGB_TO_XYZ @ to_linear(_components(colour)) / _D65_WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(colour: str, deficiency: str) -> np.ndarray:
    """sRGB components of `colour` as seen with a colour-vision deficiency (see MACHADO_2009)."""
    return from_linear(MACHADO_2009[deficiency] @ to_linear(_components(colour)))


def delta_e(a: Colour, b: Colour) -> float:
    """CIE76 colour difference (Euclidean distance in CIELAB); about 2.3 is just noticeable."""
    return float(np.linalg.norm(lab(a) - lab(b)))


def lightness(colour: str) -> float:
    """CIELAB L* (0 black .. 100 white): what a greyscale print keeps of a colour."""
    return float(lab(colour)[0])
