"""Glyph coverage: a character the font lacks is an error naming it, never tofu."""

from __future__ import annotations

import pytest

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
