"""Read printed text off a PDF page as a reader does: glyph positions -> lines -> words in reading order.

Used by the right-to-left tests (and ready for the next RTL language): characters are taken with their boxes
from pypdfium2, grouped into lines by vertical overlap and horizontal closeness, and each line is read in its
paragraph direction. A right-to-left line is read from right to left, except that a run of left-to-right
characters (Latin, digits) inside it is read left to right, as an Arabic reader reads "C1–C7" or a phone number.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2

LINE_GAP_EMS = 1.6
"""Two glyphs on one baseline farther apart than this many glyph heights belong to different columns."""


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float
    top: float

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
        """The line's glyphs' texts, left to right, runs of spaces folded into one."""
        out: list[str] = []
        for glyph in self.glyphs:
            if glyph.char == " " and (not out or out[-1] == " "):
                continue
            out.append(glyph.char)
        while out and out[-1] == " ":
            out.pop()
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
            if not char or char in "\ufffe\uffff\x00\u200b\r\n":
                continue
            # The ink box gives the horizontal extent (word gaps); the font's box the line band (ink heights vary).
            # A space has no ink: its font box stands for it.
            loose = text_page.get_charbox(index, loose=True)
            left, _, right, _ = loose if char.isspace() else text_page.get_charbox(index, loose=False)
            _, bottom, _, top = loose
            if not char.isspace() and (right <= left or top <= bottom):
                continue
            if glyphs and (glyphs[-1].left, glyphs[-1].right) == (left, right) and not char.isspace():
                # One glyph for several characters (a ligature such as lam-alef): they stay in text order.
                last = glyphs.pop()
                glyphs.append(Glyph(last.char + char, last.left, last.right, last.bottom, last.top))
                continue
            glyphs.append(Glyph(" " if char.isspace() else char, left, right, bottom, top))
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
    # Tallest first, so that a band is started by a letter, not by a space (whose box has no height).
    glyphs = sorted(page_glyphs(pdf, page_index), key=lambda g: (g.height == 0, -(g.top + g.bottom) / 2, g.left))
    bands: list[list[Glyph]] = []
    for glyph in glyphs:
        middle = (glyph.top + glyph.bottom) / 2
        for band in bands:
            first = band[0]
            similar = glyph.height == 0 or abs(first.height - glyph.height) < 0.6 * first.height
            if first.bottom <= middle <= first.top and similar:
                band.append(glyph)
                break
        else:
            bands.append([glyph])
    lines = []
    for band in bands:
        band.sort(key=lambda g: g.left)
        height = max(g.height for g in band)
        current = [band[0]]
        for before, after in pairwise(band):
            if after.left - before.right > LINE_GAP_EMS * height:
                lines.append(Line(tuple(current)))
                current = []
            current.append(after)
        lines.append(Line(tuple(current)))
    return lines


def _strength(char: str) -> str:
    """'L' for left-to-right letters and digits, 'R' for right-to-left letters, 'N' for the rest."""
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind in ("L", "EN", "AN"):
        return "L"
    return "N"


def read_visual(visual: str | list[str], *, rtl: bool) -> str:
    """A reader's reading of a visual (left-to-right on the page) line.

    Left to right: as it stands. Right to left: the runs of the line from right to left; a run of right-to-left
    letters is read from right to left, a run of left-to-right letters and digits, with the punctuation and spaces
    between them, is read left to right. Brackets need no mirroring: pdfium reports a mirrored glyph by the
    character the text holds (the "(" that an Arabic line shows as ")").
    """
    if not rtl:
        return "".join(visual)
    strengths = [_strength(c[0]) for c in visual]
    resolved = []
    for index, strength in enumerate(strengths):
        if strength != "N":
            resolved.append(strength)
            continue
        before = next((s for s in reversed(strengths[:index]) if s != "N"), "R")
        after = next((s for s in strengths[index + 1:] if s != "N"), "R")
        resolved.append("L" if before == after == "L" else "R")
    runs: list[str] = []
    start = 0
    for index in range(1, len(visual) + 1):
        if index == len(visual) or resolved[index] != resolved[start]:
            run = list(visual[start:index])
            runs.append("".join(run if resolved[start] == "L" else run[::-1]))
            start = index
    return "".join(reversed(runs))


def words(text: str) -> list[str]:
    """Words of a text, without the punctuation that clings to them (for comparing word order)."""
    out = []
    for raw in text.split():
        word = "".join(c for c in raw if unicodedata.category(c)[0] in "LMN")
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
