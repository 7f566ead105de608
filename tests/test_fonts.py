"""Glyph coverage: a character the font lacks is an error naming it, never tofu."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from chartgen import fonts
from chartgen.errors import InputError


def test_latin_text_is_covered():
    assert fonts.missing_glyphs(fonts.LATIN, "Fußreflexzonen – Lendenwirbelsäule, côté, żółw") == ()


def test_missing_glyph_is_named_with_code_point():
    with pytest.raises(InputError) as caught:
        fonts.check_glyphs(fonts.LATIN, {"title": "Spine ☃ map"}, lang="en", source="x.yaml")
    message = str(caught.value)
    assert "x.yaml: title: language 'en'" in message
    assert "'☃' (U+2603)" in message


def test_fonts_register_once():
    assert fonts.LATIN.face() == fonts.LATIN.face() == "NotoSans"
    assert fonts.LATIN.face(bold=True) == "NotoSans-Bold"


@functools.cache
def _font(path: Path) -> TTFont:
    """The font file at `path`, opened once (the Chinese faces hold 30,000 glyphs)."""
    return TTFont(str(path), lazy=True)


def _glyph_bounds(path: Path, char: str) -> tuple[float, float, float, float, float]:
    """(xMin, yMin, xMax, yMax, advance) of `char`'s glyph in the font file at `path`, in ems."""
    font = _font(path)
    name = font.getBestCmap()[ord(char)]
    glyph = font["glyf"][name]
    glyph.recalcBounds(font["glyf"])
    em = font["head"].unitsPerEm
    advance = font["hmtx"][name][0]
    return glyph.xMin / em, glyph.yMin / em, glyph.xMax / em, glyph.yMax / em, advance / em


def _in_left_half(path: Path, char: str, *, low: bool = False) -> bool:
    """Whether the ink of `char` lies in the left half of its full-width box (with `low`, its lower left
    quarter), as Simplified Chinese sets its punctuation; Traditional Chinese centres it."""
    _, _, x_max, y_max, advance = _glyph_bounds(path, char)
    return advance >= 0.99 and x_max < 0.5 * advance and (y_max < 0.3 or not low)


def test_chinese_punctuation_has_the_simplified_chinese_forms():
    for path in (fonts.CJK.regular_path, fonts.CJK.bold_path):
        for char in "，。、":
            assert _in_left_half(path, char, low=True), (path.name, char)
        for char in "；：！？":
            assert _in_left_half(path, char), (path.name, char)
        # The measure can fail: the middle dot of the same font sits in the middle of its box.
        assert not _in_left_half(path, "・")


def test_chinese_has_a_real_bold_face():
    assert fonts.CJK.bold_name != fonts.CJK.regular_name
    assert fonts.CJK.bold_path != fonts.CJK.regular_path
    assert fonts.CJK.face(bold=True) == "ChartgenSansSC-Bold"
    inks = {path: _ink_share(path, "脊柱反射区") for path in (fonts.CJK.regular_path, fonts.CJK.bold_path)}
    assert inks[fonts.CJK.bold_path] > 1.3 * inks[fonts.CJK.regular_path]


def _ink_share(path: Path, text: str) -> float:
    """Share of dark pixels when `text` is drawn at 40 pt in the font file at `path`."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (260, 60), 255)
    ImageDraw.Draw(image).text((5, 5), text, font=ImageFont.truetype(str(path), 40), fill=0)
    return float((np.asarray(image) < 128).mean())


def test_a_character_outside_the_chinese_font_is_named_with_what_the_font_draws():
    with pytest.raises(InputError) as caught:
        fonts.check_glyphs(fonts.CJK, {"zones.cervical.name": "頸椎"}, lang="zh", source="my.yaml")
    message = str(caught.value)
    assert "my.yaml: zones.cervical.name: language 'zh'" in message
    assert "'頸' (U+9838)" in message and "GB 2312" in message and "simplified form" in message
    assert fonts.missing_glyphs(fonts.CJK, "颈椎，腰椎。") == ()
