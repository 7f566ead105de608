"""Right-to-left paragraph markup -> ReportLab lines in visual order: bidi runs shaped in their own direction.

Why this exists: ReportLab 5.1 sets a shaped right-to-left paragraph by shaping each word on its own and merging
the words of one style into one fragment per line; when drawing, it reverses the order of the *fragments* of a
line but not of the words inside a fragment. Every line of Arabic thus came out with its words in logical
(left-to-right) order: each word correct, the sentence backwards. HarfBuzz, which ReportLab asks to guess each
word's direction, also reverses digits inside a word that starts with Arabic ("10 دقائق" joined by a no-break
space printed "01").

`RtlParagraph` keeps ReportLab's Paragraph for parsing, styles, bullets, alignment and drawing, and replaces
its line breaking: the logical text gets its embedding levels from the Unicode Bidirectional Algorithm (python-
bidi), lines are filled word by word (breaks at spaces only), every run of one level and one font is shaped by
HarfBuzz in the run's own direction, and the runs of each line are reordered as UAX #9 rule L2 says. The line's
runs are handed to ReportLab right to left, because ReportLab reverses a right-to-left line's runs when it
draws them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # a private helper the stubs leave out
    FragLine,
    Paragraph,
    ParaLines,
    _handleBulletWidth,
)

from chartgen.rtl import embedding_levels

LEFT_TO_RIGHT_EMBEDDING, POP_DIRECTIONAL_FORMATTING = "\u202a", "\u202c"
BREAK = " "
"""Lines break at spaces only; a no-break space (a number and its unit) binds like a letter."""
SHAPED_RUNS_KEPT = 8192
"""Shaped runs kept for reuse: fit loops set the same words at the same sizes many times."""
FITS_WITHIN = 1e-6
"""Rounding allowance (pt) when a line's width is compared with the width available."""


@dataclass(frozen=True)
class _Char:
    """One character of the logical text, the ReportLab fragment (style) it belongs to, and its bidi level."""

    char: str
    frag: Any
    level: int


@dataclass(frozen=True)
class _Piece:
    """A run of characters of one level and one fragment, shaped in its direction (visual order inside)."""

    frag: Any
    level: int
    text: ShapedStr
    width: float


class RtlParagraph(Paragraph):
    """A ReportLab Paragraph (style `wordWrap='RTL'`) whose lines come out in correct visual order."""

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> ParaLines:  # noqa: N802 (ReportLab's name)
        # Like ReportLab's own breakLines, the bullet's room is taken from the caller's list of widths in place
        # (drawing reads the first line's width back from it).
        widths = width if isinstance(width, list) else list(width) if isinstance(width, tuple) else [width]
        _handleBulletWidth(self.bulletText, self.style, widths)
        lines: list[FragLine] = []
        for words in self._words():
            lines.extend(_fill(words, widths, len(lines)))
        return ParaLines(kind=1, lines=lines)

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        """The widest unbreakable word (pt), measured shaped."""
        return max((word.width for words in self._words() for word in words), default=0.0)

    def _words(self) -> list[list[_Word]]:
        """The words of each hard line, levelled and shaped once per paragraph (fit loops wrap it often)."""
        cached: list[list[_Word]] | None = getattr(self, "_chartgen_words", None)
        if cached is None:
            cached = [_words(line) for line in _hard_lines(self.frags)]
            self._chartgen_words = cached
        return cached

    def split(self, _avail_width: float, _avail_height: float, /) -> list[Any]:
        """Not split between frames: chartgen places every paragraph whole (fit loops size the boxes)."""
        return []


def _hard_lines(frags: list[Any]) -> list[list[_Char]]:
    """The paragraph's characters with their levels, one list per forced line break (<br/>)."""
    lines: list[list[tuple[str, Any]]] = [[]]
    for frag in frags:
        if getattr(frag, "lineBreak", False):
            lines.append([])
            continue
        lines[-1].extend((char, frag) for char in getattr(frag, "text", ""))
    result = []
    for line in lines:
        line = _numbers_left_to_right(line)
        text = "".join(char for char, _ in line)
        levels = embedding_levels(text, rtl=True)
        result.append([_Char(char, frag, level) for (char, frag), level in zip(line, levels, strict=True)
                       if level is not None])
    return result


@dataclass(frozen=True)
class _Word:
    """A run between spaces as shaped pieces in logical order, and the space before it (None first on a line)."""

    pieces: list[_Piece]
    space_before: _Piece | None

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)


GROUPED_NUMBER = re.compile(r"\+?\d+(?:[ ./-]\d+)+")
"""A number written in groups (a phone number "+49 30 1234 5678", a date "01.12.2026"): read left to right as
one run, where the bidirectional algorithm alone would order the groups from the right."""


def _numbers_left_to_right(line: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """`line` with each grouped number embedded left to right (U+202A ... U+202C, removed after levelling)."""
    text = "".join(char for char, _ in line)
    out = list(line)
    for match in reversed(list(GROUPED_NUMBER.finditer(text))):
        frag = line[match.start()][1]
        out[match.end():match.end()] = [(POP_DIRECTIONAL_FORMATTING, frag)]
        out[match.start():match.start()] = [(LEFT_TO_RIGHT_EMBEDDING, frag)]
    return out


def _words(line: list[_Char]) -> list[_Word]:
    """The line's words (runs between spaces), in logical order."""
    words: list[tuple[_Char | None, list[_Char]]] = [(None, [])]
    for char in line:
        if char.char == BREAK:
            words.append((char, []))
        else:
            words[-1][1].append(char)
    return [_Word(_pieces(chars), _pieces([space])[0] if space else None) for space, chars in words if chars]


def _pieces(chars: list[_Char]) -> list[_Piece]:
    """`chars` cut where the level or the fragment changes, each cut shaped (logical order of pieces)."""
    pieces: list[_Piece] = []
    start = 0
    for index in range(1, len(chars) + 1):
        if index == len(chars) or (chars[index].level, id(chars[index].frag)) != (chars[start].level,
                                                                                   id(chars[start].frag)):
            run = chars[start:index]
            text = shape("".join(c.char for c in run), run[0].frag.fontName, run[0].frag.fontSize,
                         rtl=run[0].level % 2 == 1)
            pieces.append(_Piece(run[0].frag, run[0].level, text, _width(text, run[0].frag)))
            start = index
    return pieces


def _fill(words: list[_Word], widths: list[float], first_line_index: int) -> list[FragLine]:
    """Greedy line filling of one hard line's words; each output line's pieces in the order ReportLab wants."""
    out: list[FragLine] = []
    current: list[_Word] = []
    current_width = 0.0
    for word in words:
        available = widths[min(first_line_index + len(out), len(widths) - 1)]
        space = word.space_before.width if current and word.space_before else 0.0
        if current and current_width + space + word.width > available + FITS_WITHIN:
            out.append(_frag_line(current, current_width, available))
            current, current_width, space = [], 0.0, 0.0
        current.append(word)
        current_width += space + word.width
    available = widths[min(first_line_index + len(out), len(widths) - 1)]
    out.append(_frag_line(current, current_width, available))
    return out


def _frag_line(words: list[_Word], width: float, available: float) -> FragLine:
    """One FragLine: the words' pieces with spaces between, reordered (UAX #9 L2) and listed right to left."""
    logical: list[_Piece] = []
    for index, word in enumerate(words):
        if index and word.space_before is not None:
            logical.append(word.space_before)
        logical.extend(word.pieces)
    visual = reorder(logical, [p.level for p in logical])
    frags = [p.frag.clone(text=p.text) for p in reversed(visual)]
    size = max((p.frag.fontSize for p in logical), default=0.0)
    ascent, descent = _ascent_descent(logical, size)
    return FragLine(extraSpace=available - width, wordCount=len(words), lineBreak=False, words=frags,
                    fontSize=size, ascent=ascent, descent=descent, maxWidth=available)


def reorder(items: list[Any], levels: list[int]) -> list[Any]:
    """`items` (logical order, one level each) in visual order, left to right: UAX #9 rule L2."""
    visual = list(zip(items, levels, strict=True))
    if not visual:
        return []
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(visual):
            if visual[index][1] >= level:
                end = index
                while end < len(visual) and visual[end][1] >= level:
                    end += 1
                visual[index:end] = visual[index:end][::-1]
                index = end
            else:
                index += 1
    return [item for item, _ in visual]


def _ascent_descent(pieces: list[_Piece], size: float) -> tuple[float, float]:
    """The line's highest ascent and lowest descent (pt) over its pieces' fonts."""
    pairs = [pdfmetrics.getAscentDescent(p.frag.fontName, p.frag.fontSize) for p in pieces] or [(size, -0.2 * size)]
    return max(a for a, _ in pairs), min(d for _, d in pairs)


def _width(text: ShapedStr, frag: Any) -> float:
    return float(pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize))


def _truetype(font_name: str) -> TTFont:
    """The registered TrueType font of that name (only those are shaped by HarfBuzz)."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont):
        raise TypeError(f"{font_name} is not a TrueType font: only those are shaped")
    return font


@functools.lru_cache(maxsize=SHAPED_RUNS_KEPT)
def shape(text: str, font_name: str, size: float, *, rtl: bool) -> ShapedStr:
    """`text` (one bidi run, logical order) shaped by HarfBuzz in the given direction: glyphs in visual order.

    The result is ReportLab's ShapedStr (one character per glyph, with advances and offsets in 1/1000 em), as
    ReportLab's own shaping makes it, but with the direction set rather than guessed from the script.
    """
    font = _truetype(font_name)
    hb_font = font.hbFont(size)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.guess_segment_properties()  # script and language; the direction set above is kept
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    glyph_chars = []
    shape_data = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyph = info.codepoint
        mapped = font.face.glyphToChar.get(glyph)  # type: ignore[attr-defined]  # filled at run time, not in stubs
        # Glyphs no character maps to (joined forms, ligatures) get a private code point, as ReportLab does.
        # (hbFont() above gives the font its hbAddPrivate at run time: the stubs cannot know it.)
        code = mapped[0] if mapped else font.hbAddPrivate(  # type: ignore[attr-defined]
            hb_font.glyph_to_string(glyph), glyph, position.x_advance)
        glyph_chars.append(chr(code))
        shape_data.append(ShapeData(info.cluster, font.pdfScale(position.x_advance),
                                    font.pdfScale(position.y_advance), font.pdfScale(position.x_offset),
                                    font.pdfScale(position.y_offset), font.face.charWidths[code]))
    # ReportLab keeps one ShapeData per glyph; types-reportlab says a single one.
    return ShapedStr("".join(glyph_chars), shapeData=shape_data)  # type: ignore[arg-type]
