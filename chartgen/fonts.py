"""The one font registry: committed TTF files -> ReportLab fonts, matplotlib font properties, glyph coverage.

Each script has a family (Latin/Greek/Cyrillic, Arabic, Devanagari, Chinese). Script fonts lack Latin letters
and some punctuation, so every family falls back to Noto Sans for the characters it cannot draw: ReportLab gets
the text split into runs per font, matplotlib gets a family list.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chartgen.errors import InputError, Problem
from chartgen.resources import FONTS_DIR

if TYPE_CHECKING:  # matplotlib is imported only when a diagram is drawn (start-up time)
    from matplotlib.font_manager import FontProperties


@dataclass(frozen=True)
class FontFamily:
    """A regular and a bold TrueType face that draw the same scripts, with the family that fills their gaps."""

    key: str
    regular_name: str
    """ReportLab name of the regular face; the bold face's is `bold_name` (the same when there is no bold)."""
    bold_name: str
    regular_path: Path
    bold_path: Path
    matplotlib_name: str
    """The family name inside the font files, which matplotlib looks fonts up by."""
    shaping: bool = False
    """Whether the script needs HarfBuzz shaping (joining, conjuncts, reordering) to be legible."""
    fallback: FontFamily | None = None
    wraps_anywhere: bool = False
    """Whether lines may break between any two characters (Chinese and Japanese have no spaces)."""
    coverage: str = ""
    """What a font that covers only part of its script draws, told to a user whose text it cannot draw."""

    def face(self, *, bold: bool = False) -> str:
        """ReportLab font name of one face (the whole chain is registered on first use)."""
        register_reportlab(self)
        return self.bold_name if bold else self.regular_name

    def chain(self) -> tuple[FontFamily, ...]:
        """This family, then its fallbacks in order."""
        return (self,) + (self.fallback.chain() if self.fallback else ())

    def font_for(self, char: str, *, bold: bool = False) -> FontFamily | None:
        """The first family in the chain that draws `char`, or None if none does."""
        # Asked for every character of every text set (millions of times in a `check --lang all`): the answer is
        # kept, as the files it comes from are.
        key = (self.key, bold, char)
        try:
            return _FONT_FOR[key]
        except KeyError:
            pass
        found = None
        for family in self.chain():
            if ord(char) in _codepoints(family.bold_path if bold else family.regular_path):
                found = family
                break
        _FONT_FOR[key] = found
        return found


_FONT_FOR: dict[tuple[str, bool, str], FontFamily | None] = {}
"""FontFamily.font_for's answers, by (family key, bold, character): part of the registry."""


LATIN = FontFamily(
    key="latin",
    regular_name="NotoSans",
    bold_name="NotoSans-Bold",
    regular_path=FONTS_DIR / "NotoSans-Regular.ttf",
    bold_path=FONTS_DIR / "NotoSans-Bold.ttf",
    matplotlib_name="Noto Sans",
)
ARABIC = FontFamily(
    # Noto Sans Arabic with Noto Sans's Latin merged in (tools/build_arabic_font.py): right-to-left paragraphs
    # must not switch fonts, which ReportLab cannot set correctly.
    key="arabic",
    regular_name="ChartgenSansArabic",
    bold_name="ChartgenSansArabic-Bold",
    regular_path=FONTS_DIR / "ChartgenSansArabic-Regular.ttf",
    bold_path=FONTS_DIR / "ChartgenSansArabic-Bold.ttf",
    matplotlib_name="Chartgen Sans Arabic",
    shaping=True,
    fallback=LATIN,
)
DEVANAGARI = FontFamily(
    key="devanagari",
    regular_name="NotoSansDevanagari",
    bold_name="NotoSansDevanagari-Bold",
    regular_path=FONTS_DIR / "NotoSansDevanagari-Regular.ttf",
    bold_path=FONTS_DIR / "NotoSansDevanagari-Bold.ttf",
    matplotlib_name="Noto Sans Devanagari",
    shaping=True,
    fallback=LATIN,
)
CJK = FontFamily(
    # Noto Sans CJK SC in TrueType outlines, cut to GB 2312 and CJK punctuation (tools/build_chinese_font.py):
    # Simplified-Chinese punctuation (the comma sits low left) and a real bold for headings and labels.
    key="cjk",
    regular_name="ChartgenSansSC",
    bold_name="ChartgenSansSC-Bold",
    regular_path=FONTS_DIR / "ChartgenSansSC-Regular.ttf",
    bold_path=FONTS_DIR / "ChartgenSansSC-Bold.ttf",
    matplotlib_name="Chartgen Sans SC",
    fallback=LATIN,
    wraps_anywhere=True,
    coverage=("the Chinese font draws Simplified Chinese: the 6,763 hanzi of GB 2312 and CJK punctuation; "
              "write a Traditional character in its simplified form, or a rare one in other words"),
)
FAMILIES: tuple[FontFamily, ...] = (LATIN, ARABIC, DEVANAGARI, CJK)


def family_for_texts(texts: Iterable[str]) -> FontFamily:
    """The family whose own faces draw the most letters of `texts` (Latin wins ties): picked by script."""
    letters = [c for text in texts for c in text if unicodedata.category(c).startswith("L")]
    latin = _codepoints(LATIN.regular_path)
    if all(ord(c) in latin for c in letters):
        return LATIN  # the common case decided without reading the other (large) fonts' character maps
    best, best_count = LATIN, -1
    for family in FAMILIES:
        covered = _codepoints(family.regular_path)
        count = sum(ord(c) in covered for c in letters)
        if count > best_count:
            best, best_count = family, count
    return best


def family_of_path(path: Path) -> FontFamily:
    """The registered family one of whose faces is the file `path`."""
    for family in FAMILIES:
        if Path(path) in (family.regular_path, family.bold_path):
            return family
    raise KeyError(f"{path} is not one of chartgen's fonts")


@functools.cache
def register_reportlab(family: FontFamily) -> None:
    """Register the family and its fallbacks with ReportLab, with <b> mapped to the bold face (once each)."""
    # Imported here so that tools which only need coverage data do not pay for ReportLab.
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in {family.regular_name: family.regular_path, family.bold_name: family.bold_path}.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for italic in (0, 1):
        addMapping(family.regular_name, 0, italic, family.regular_name)
        addMapping(family.regular_name, 1, italic, family.bold_name)
        if family.bold_name != family.regular_name:
            addMapping(family.bold_name, 0, italic, family.regular_name)
            addMapping(family.bold_name, 1, italic, family.bold_name)
    if family.fallback is not None:
        register_reportlab(family.fallback)


@functools.cache
def _register_matplotlib() -> None:
    """Add our files to matplotlib's font list, dropping other files of the same family names.

    Without that, a system copy of e.g. "Noto Sans" could win the lookup and change the output.
    """
    from matplotlib import font_manager

    ours = {path for family in FAMILIES for path in (family.regular_path, family.bold_path)}
    names = {family.matplotlib_name for family in FAMILIES}
    manager = font_manager.fontManager
    manager.ttflist = [entry for entry in manager.ttflist if entry.name not in names]
    for path in sorted(ours):
        manager.addfont(str(path))
    # Lookups made before now could name the dropped files. (A private cache of matplotlib's: not in its stubs.)
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def matplotlib_properties(family: FontFamily, *, size: float, bold: bool = False) -> FontProperties:
    """matplotlib FontProperties for `family` with its fallbacks, at `size` pt."""
    from matplotlib.font_manager import FontProperties

    _register_matplotlib()
    return FontProperties(family=[f.matplotlib_name for f in family.chain()], size=size,
                          weight="bold" if bold else "normal")


@functools.cache
def _codepoints(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


# Characters that are layout, not ink: a font need not draw them.
_INVISIBLE = frozenset({0x0A, 0x20, 0xA0, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD})


def missing_glyphs(family: FontFamily, text: str, *, bold: bool = False) -> tuple[str, ...]:
    """Characters of `text` that no font of the family's chain can draw, in order of first appearance."""
    missing = dict.fromkeys(
        c for c in dict.fromkeys(text) if ord(c) not in _INVISIBLE and family.font_for(c, bold=bold) is None
    )
    return tuple(missing)


def check_glyphs(family: FontFamily, texts: dict[str, str], *, lang: str, source: str,
                 lines: dict[str, int] | None = None, files: dict[str, str] | None = None) -> None:
    """Raise one problem per (key, missing character) over `texts` (key path -> text), both faces; each names
    the key's file (`files`, else `source`) and line."""
    problems = []
    for key, text in texts.items():
        missing = dict.fromkeys(missing_glyphs(family, text) + missing_glyphs(family, text, bold=True))
        for char in missing:
            fonts = " + ".join(f.regular_path.name for f in family.chain())
            problems.append(
                Problem(
                    f"language {lang!r}: the fonts ({fonts}) have no glyph for {char!r} (U+{ord(char):04X}); "
                    + (f"replace the character ({family.coverage})" if family.coverage else "replace the character"),
                    file=(files or {}).get(key) or source or None,
                    line=(lines or {}).get(key),
                    key=key,
                )
            )
    if problems:
        raise InputError(problems)
