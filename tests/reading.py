"""Read printed text off a PDF page as a reader does: glyph positions -> lines -> words in reading order.

Used by the right-to-left tests (and ready for the next RTL language): characters are taken with their boxes
from pypdfium2, grouped into lines by vertical overlap and horizontal closeness, and each line is read in its
paragraph direction. A right-to-left line is read from right to left, except that a run of left-to-right
characters (Latin, digits) inside it is read left to right, as an Arabic reader reads "C1–C7" or a phone number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2
import pypdfium2.raw as pdfium_c
from bidi import get_display

COLUMN_GAP_EMS = 1.0
"""Two glyphs on one baseline farther apart than this many ems (of the type size) belong to different columns
or labels: words of one line stand a space (about 0.26 em) apart."""
SIZE_CHANGE = 1.15
"""Glyphs side by side whose sizes differ by more than this factor belong to different texts (a heading and
the small line beside it): one line of our paragraphs keeps one size."""
SPACE_EMS = 0.14
"""A gap wider than this share of the type size between two glyphs' advance boxes is a word space (Noto's
space is 0.26 em; kerning moves glyphs by far less)."""


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float
    top: float
    size: float
    """The font size (pt) the glyph was set at."""

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True)
class Line:
    """One printed line: its glyphs from left to right on the page (visual order)."""

    glyphs: tuple[Glyph, ...]

    @property
    def visual(self) -> str:
        return "".join(self.clusters())

    def clusters(self) -> list[str]:
        """The line's glyphs' texts, left to right, with a space wherever two glyphs stand a word space apart."""
        out = [self.glyphs[0].char]
        for before, after in pairwise(self.glyphs):
            if after.left - before.right > SPACE_EMS * max(before.size, after.size):
                out.append(" ")
            out.append(after.char)
        return out

    def read(self, *, rtl: bool) -> str:
        """The line as a reader reads it (logical order)."""
        return read_visual(self.clusters(), rtl=rtl)


def page_glyphs(pdf: bytes, page_index: int) -> list[Glyph]:
    """Every printed (non-space) character of one page with its box (pt)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text_page = document[page_index].get_textpage()
        glyphs = []
        for index in range(text_page.count_chars()):
            char = text_page.get_text_range(index, 1)
            if not char or char.isspace() or char in "\ufffe\uffff\x00\u200b" or unicodedata.category(char) == "Mn":
                # Spaces come from the gaps (pdfium's own space characters can stand inside a neighbour's box);
                # diacritics sit over their letter and say nothing about order (see `words`).
                continue
            # The font's box: the glyph's advance across (boxes of one word abut; a space leaves a gap), the
            # font's ascent and descent up and down (ink boxes overlap in joined scripts).
            left, bottom, right, top = text_page.get_charbox(index, loose=True)
            if right <= left or top <= bottom:
                continue
            size = pdfium_c.FPDFText_GetFontSize(text_page.raw, index)
            if glyphs and (glyphs[-1].left, glyphs[-1].right) == (left, right):
                # One glyph for several characters (a ligature such as lam-alef): they stay in text order.
                last = glyphs.pop()
                glyphs.append(Glyph(last.char + char, last.left, last.right, last.bottom, last.top, last.size))
                continue
            glyphs.append(Glyph(char, left, right, bottom, top, size))
        return glyphs
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_lines(pdf: bytes, page_index: int) -> list[Line]:
    """The printed lines of one page: glyphs that share a baseline band and stand close together."""
    glyphs = sorted(page_glyphs(pdf, page_index), key=lambda g: (-(g.top + g.bottom) / 2, g.left))
    bands: list[list[Glyph]] = []
    for glyph in glyphs:
        middle = (glyph.top + glyph.bottom) / 2
        for band in bands:
            first = band[0]
            similar = abs(first.height - glyph.height) < 0.6 * first.height
            if first.bottom <= middle <= first.top and similar:
                band.append(glyph)
                break
        else:
            bands.append([glyph])
    lines = []
    for band in bands:
        band.sort(key=lambda g: g.left + g.right)
        current = [band[0]]
        for before, after in pairwise(band):
            if (after.left - before.right > COLUMN_GAP_EMS * max(before.size, after.size)
                    or max(before.size, after.size) > SIZE_CHANGE * min(before.size, after.size)):
                lines.append(Line(tuple(current)))
                current = []
            current.append(after)
        lines.append(Line(tuple(current)))
    return lines


def read_visual(visual: list[str], *, rtl: bool) -> str:
    """A reader's reading of a line given as its glyphs' texts from left to right on the page.

    Left to right: as it stands. Right to left: the Unicode Bidirectional Algorithm applied to the visual line
    again (its reordering is its own inverse for the same levels), which is how a reader reads it: runs of
    Arabic from right to left, a run of Latin letters or digits ("C1–C7", "100") from left to right. This uses
    python-bidi's Rust implementation (unicode-bidi), not the Python one chartgen sets its lines with. A glyph
    standing for several characters (lam-alef) keeps its characters in text order. Brackets: pdfium reports a
    mirrored bracket glyph sometimes by its shape, sometimes by the character the text holds (it guesses from
    the neighbours), so compare readings with `same_brackets`; mirroring itself is tested on glyph ids.
    """
    if not rtl:
        return "".join(visual)
    # The algorithm will reverse each right-to-left glyph's characters with the run: reverse them first.
    flat = "".join(text[::-1] if _is_rtl(text[0]) else text for text in visual)
    # A reader reads a number written in groups ("+49 30 1234 5678") as one left-to-right run, which the
    # algorithm alone would split at the spaces: each such number stands in as one left-to-right placeholder.
    numbers = GROUPED_NUMBER.findall(flat)
    for index, number in enumerate(numbers):
        flat = flat.replace(number, chr(PLACEHOLDERS + index), 1)
    read = get_display(flat, base_dir="R")
    for index, number in enumerate(numbers):
        read = read.replace(chr(PLACEHOLDERS + index), number)
    return read


GROUPED_NUMBER = re.compile(r"\+?\d+(?:[ ./-]\d+)+")
PLACEHOLDERS = 0xE000
"""Private-use characters (strong left to right) that stand in for grouped numbers while reading."""


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


BRACKETS = str.maketrans("()[]{}", "||||||")


def same_brackets(text: str) -> str:
    """`text` with every round, square and curly bracket made one neutral mark (see `read_visual`)."""
    return text.translate(BRACKETS)


def words(text: str) -> list[str]:
    """Words of a text, without the punctuation that clings to them and without diacritics (Arabic harakat,
    which `page_glyphs` leaves out), for comparing word order."""
    out = []
    for raw in text.split():
        word = "".join(c for c in raw if unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Mc")
        if word:
            out.append(word)
    return out


@dataclass(frozen=True)
class OrderReport:
    """Adjacent word pairs of printed lines: found in the source in order, reversed, or not at all."""

    in_order: int
    reversed: int
    reversed_examples: tuple[str, ...]


def word_order(lines: list[str], sources: list[str]) -> OrderReport:
    """Compare adjacent word pairs of printed `lines` (as read) with the pairs of the logical `sources`."""
    forward: set[tuple[str, str]] = set()
    for source in sources:
        forward.update(pairwise(words(source)))
    in_order = backward = 0
    examples = []
    for line in lines:
        for pair in pairwise(words(line)):
            if pair[0] == pair[1]:
                continue
            if pair in forward:
                in_order += 1
            elif (pair[1], pair[0]) in forward:
                backward += 1
                examples.append(f"{pair[0]} {pair[1]}  in: {line}")
    return OrderReport(in_order, backward, tuple(examples[:5]))


def document_lines(pdf: bytes, *, rtl: bool) -> list[str]:
    """Every printed line of every page, read in the given direction."""
    return [line.read(rtl=rtl) for index in range(page_count(pdf)) for line in page_lines(pdf, index)]
