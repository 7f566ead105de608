"""A PDF page -> its printed glyphs: the size each is printed at (pt) and its ink box; gaps between stacked lines.

Sizes are what a reader's ruler gives: the font size of the text operator times the scale of the text and
graphics matrices (pdfium's FPDFText_GetFontSize alone is the operator's size, blind to a scaled form or text
matrix). Boxes are pdfium's tight character boxes, the glyph's ink (for shaped scripts, the shaped glyph's).
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Printed:
    """One printed character: its size (pt), ink box and baseline height (pt from the page's bottom)."""

    char: str
    size: float
    left: float
    bottom: float
    right: float
    top: float
    baseline: float


def printed_glyphs(pdf: bytes, page_index: int = 0) -> list[Printed]:
    """Every printed character of a page but spaces and combining marks (whose boxes pdfium places at odd
    baselines; the letters they sit on say where the ink is)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text_page = document[page_index].get_textpage()
        glyphs = []
        for index in range(text_page.count_chars()):
            char = text_page.get_text_range(index, 1)
            if not char or char.isspace() or char in "\ufffe\uffff\x00" or unicodedata.category(char) == "Mn":
                continue
            left, bottom, right, top = text_page.get_charbox(index)
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(text_page.raw, index, matrix)
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text_page.raw, index, x, y)
            size = pdfium_c.FPDFText_GetFontSize(text_page.raw, index) * math.hypot(matrix.c, matrix.d)
            glyphs.append(Printed(char, round(size, 2), left, bottom, right, top, y.value))
        return glyphs
    finally:
        document.close()


def size_counts(glyphs: list[Printed]) -> Counter[float]:
    """How many characters are printed at each size (pt, to 0.01)."""
    return Counter(glyph.size for glyph in glyphs)


def body_size(glyphs: list[Printed]) -> float:
    """The size most characters are printed at: the body text's (pt)."""
    return size_counts(glyphs).most_common(1)[0][0]


LINE_STEP = (0.5, 2.0)
"""Two glyphs of one size whose baselines lie this many sizes apart stand on neighbouring lines."""


def line_gaps(glyphs: list[Printed]) -> list[tuple[float, Printed, Printed]]:
    """(white between their ink in pt, upper glyph, lower glyph) for every pair of same-size glyphs on
    neighbouring lines whose boxes overlap across; negative where the ink of the two lines overlaps. Smallest
    first."""
    by_size: dict[float, list[Printed]] = {}
    for glyph in glyphs:
        by_size.setdefault(glyph.size, []).append(glyph)
    gaps = []
    for size, same in by_size.items():
        same.sort(key=lambda g: -g.baseline)
        for index, upper in enumerate(same):
            for lower in same[index + 1:]:
                step = upper.baseline - lower.baseline
                if step > LINE_STEP[1] * size:
                    break
                if step >= LINE_STEP[0] * size and upper.left < lower.right and lower.left < upper.right:
                    gaps.append((upper.bottom - lower.top, upper, lower))
    return sorted(gaps, key=lambda gap: gap[0])


def body_line_spacing(pdf: bytes, page_index: int) -> float:
    """Baseline to baseline of the body text's neighbouring lines on a page, as a multiple of its size (the most
    common step)."""
    glyphs = printed_glyphs(pdf, page_index)
    size = body_size(glyphs)
    steps = [round((upper.baseline - lower.baseline) / size, 2) for _, upper, lower in line_gaps(glyphs)
             if upper.size == size]
    return max(set(steps), key=steps.count)


def assert_large_print(pdf: bytes, page_index: int, *, min_glyphs: int) -> None:
    """The page reads as large print (chartgen.layout's guidance): its body at least LARGE_PRINT_BODY_MIN_PT and
    no glyph at all below LARGE_PRINT_MIN_PT; `min_glyphs` guards against a page that printed (almost) nothing."""
    from chartgen.layout import LARGE_PRINT_BODY_MIN_PT, LARGE_PRINT_MIN_PT

    glyphs = printed_glyphs(pdf, page_index)
    assert len(glyphs) > min_glyphs, (page_index, len(glyphs))
    assert body_size(glyphs) >= LARGE_PRINT_BODY_MIN_PT, (page_index, body_size(glyphs))
    small = "".join(g.char for g in glyphs if g.size < LARGE_PRINT_MIN_PT - 0.01)
    assert not small, f"page {page_index + 1} prints below {LARGE_PRINT_MIN_PT:g} pt: {small}"
