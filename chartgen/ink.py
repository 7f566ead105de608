"""Text + a TrueType file -> how far its glyphs, shaped by HarfBuzz, reach above and below the baseline (em).

Line spacing is set from these real extents, not from a font's declared ascent and descent: Noto Sans
Devanagari declares less than Noto Sans (0.896 + 0.408 em against 1.069 + 0.293) while its vowel signs reach
0.9 em above the baseline in nearly every word and its stacked conjuncts up to 0.39 em below it, and Noto Sans
Arabic declares 2.1 em for clipping, far more than its letters use (chartgen.text).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz


@dataclass(frozen=True)
class Extent:
    """How far ink reaches above (`ascent`) and below (`descent`, positive downward) the baseline, in em."""

    ascent: float
    descent: float

    def union(self, other: Extent) -> Extent:
        return Extent(max(self.ascent, other.ascent), max(self.descent, other.descent))


NONE = Extent(0.0, 0.0)
"""The extent of text without ink (spaces)."""


@functools.cache
def _font(path: Path) -> tuple[uharfbuzz.Font, int]:
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))
    return uharfbuzz.Font(face), face.upem


@functools.cache
def extent(text: str, path: Path) -> Extent:
    """The ink extent (em) of `text` shaped in the font file `path` (script and direction guessed from the text)."""
    font, units_per_em = _font(path)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    top, bottom = 0, 0
    for info in buffer.glyph_infos:
        box = font.get_glyph_extents(info.codepoint)
        if box is None or box.height == 0:
            continue
        top = max(top, box.y_bearing)
        bottom = min(bottom, box.y_bearing + box.height)
    return Extent(top / units_per_em, -bottom / units_per_em)
