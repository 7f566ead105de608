"""The one font registry: committed TTF files -> ReportLab fonts, matplotlib font paths, glyph coverage."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from chartgen.errors import InputError, Problem
from chartgen.resources import FONTS_DIR


@dataclass(frozen=True)
class FontFamily:
    """A regular and a bold TrueType face that draw the same scripts."""

    key: str
    regular_name: str
    bold_name: str
    regular_path: Path
    bold_path: Path

    def face(self, *, bold: bool = False) -> str:
        """ReportLab font name of one face (registered on first use)."""
        _register_reportlab(self)
        return self.bold_name if bold else self.regular_name


LATIN = FontFamily(
    key="latin",
    regular_name="NotoSans",
    bold_name="NotoSans-Bold",
    regular_path=FONTS_DIR / "NotoSans-Regular.ttf",
    bold_path=FONTS_DIR / "NotoSans-Bold.ttf",
)


def family_for(lang: str) -> FontFamily:
    """The font family that draws a language's script."""
    return LATIN


@functools.cache
def _register_reportlab(family: FontFamily) -> None:
    # Imported here so that tools which only need coverage data do not pay for ReportLab.
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(family.regular_name, str(family.regular_path)))
    pdfmetrics.registerFont(TTFont(family.bold_name, str(family.bold_path)))
    addMapping(family.regular_name, 0, 0, family.regular_name)
    addMapping(family.regular_name, 1, 0, family.bold_name)
    addMapping(family.regular_name, 0, 1, family.regular_name)
    addMapping(family.regular_name, 1, 1, family.bold_name)


@functools.cache
def _codepoints(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


# Characters that are layout, not ink: a font need not draw them.
_INVISIBLE = frozenset({0x0A, 0x20, 0xA0, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD})


def missing_glyphs(family: FontFamily, text: str, *, bold: bool = False) -> tuple[str, ...]:
    """Characters of `text` the face cannot draw, in order of first appearance."""
    covered = _codepoints(family.bold_path if bold else family.regular_path)
    missing = dict.fromkeys(c for c in text if ord(c) not in covered and ord(c) not in _INVISIBLE)
    return tuple(missing)


def check_glyphs(family: FontFamily, texts: dict[str, str], *, lang: str, source: str) -> None:
    """Raise one problem per (key, missing character) over `texts` (key path -> text), both faces."""
    problems = []
    for key, text in texts.items():
        missing = dict.fromkeys(missing_glyphs(family, text) + missing_glyphs(family, text, bold=True))
        for char in missing:
            problems.append(
                Problem(
                    f"language {lang!r}: the font {family.regular_path.name} has no glyph for "
                    f"{char!r} (U+{ord(char):04X}); replace the character or use another",
                    file=source,
                    key=key,
                )
            )
    if problems:
        raise InputError(problems)
