"""Chinese and Japanese paragraph markup -> ReportLab lines in which no paragraph ends on a lone character.

Why this exists: ReportLab breaks a `wordWrap='CJK'` paragraph between any two characters, filling each line
to the margin, so a paragraph can end on a line that holds one character and its closing punctuation ("方。").
A Chinese reader sees such a line as a fault, as a Latin reader sees a one-letter widow. `CjkParagraph` keeps
ReportLab's breaking (and its kinsoku: the punctuation that may not start a line hangs in the margin, see
`chartgen._compat`) and, where a paragraph or a forced line break (`<br/>`) would leave a lone character, breaks
again with the line before it made a little narrower, so that it hands a character down.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.platypus.paragraph import Paragraph, ParaLines
from reportlab.platypus.paraparser import ParaFrag

Lines = ParaLines | ParaFrag
"""What ReportLab's line breaking gives: ParaLines, or for a one-font paragraph a ParaFrag with `lines`."""

NARROWING_STEPS = 4
"""How many times a line is made narrower (each time by NARROWING_STEP ems) to hand a character down: four
half-em steps move a full-width character and the full-width mark hanging after it."""
NARROWING_STEP = 0.5
"""By how much (in ems of the paragraph's type size) each step narrows the line."""


def line_text(line: Any) -> str:
    """The characters of one line of a ReportLab ParaLines (kind 0: (extra space, [text]); kind 1: a FragLine)."""
    if isinstance(line, (tuple, list)):
        return "".join(str(word) for word in line[1])
    return "".join(str(getattr(word, "text", "")) for word in line.words)


def is_lone(text: str) -> bool:
    """Whether a line holds at most one letter or digit (with or without punctuation): too little to stand alone."""
    return bool(text.strip()) and sum(unicodedata.category(c)[0] in "LN" for c in text) <= 1


class CjkParagraph(Paragraph):
    """A ReportLab Paragraph (style `wordWrap='CJK'`) whose paragraphs never end on a line with one character."""

    def breakLinesCJK(self, maxWidths: float | list[float] | tuple[float, ...]) -> Lines:  # noqa: N802, N803 (ReportLab's names)
        widths = [float(w) for w in (maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths])]
        # The first break gets the caller's list, which ReportLab shortens in place for a bullet, as always.
        para = super().breakLinesCJK(maxWidths)
        if getattr(self, "_splitpara", 0):
            return para  # the part of a split paragraph keeps the lines the whole one had
        given_up: set[int] = set()
        for _ in range(len(para.lines)):  # each round mends or gives up one paragraph end: bounded
            end = self._lone_end(para, given_up)
            if end is None:
                break
            mended = self._hand_down(para, end, widths)
            if mended is None:
                given_up.add(end)  # the line before cannot give a character without making a new line
            else:
                para = mended
        return para

    @staticmethod
    def _lone_end(para: Lines, given_up: set[int]) -> int | None:
        """The first line that ends a paragraph (or comes before a forced break) and holds a lone character,
        after a line of the same paragraph, and that is not in `given_up`; None if there is none."""
        lines = para.lines
        for index in range(1, len(lines)):
            ends_paragraph = index == len(lines) - 1 or _forced_break(lines[index])
            if ends_paragraph and index not in given_up and not _forced_break(lines[index - 1]) \
                    and is_lone(line_text(lines[index])):
                return index
        return None

    def _hand_down(self, para: Lines, end: int, widths: list[float]) -> Lines | None:
        """The lines broken again with line `end - 1` narrower, until line `end` holds more than a lone
        character and the paragraph has no more lines than before; None if no narrowing does that."""
        before = end - 1
        base = [widths[min(i, len(widths) - 1)] for i in range(len(para.lines) + 1)]
        # The width line `before` filled, in the terms of `widths` (before ReportLab takes a bullet's room from the
        # first line): its width less what it left over (a negative left-over is a mark hanging in the margin).
        used = base[before] - _extra_space(para.lines[before])
        step = self.style.fontSize * NARROWING_STEP
        for steps in range(1, NARROWING_STEPS + 1):
            trial = list(base)
            trial[before] = used - steps * step
            mended = super().breakLinesCJK(trial)
            if len(mended.lines) == len(para.lines) and not is_lone(line_text(mended.lines[end])):
                return mended
        return None


def _forced_break(line: Any) -> bool:
    """Whether the line ends at a `<br/>` (kind 1 lines only: a one-font paragraph has none)."""
    return bool(getattr(line, "lineBreak", False))


def _extra_space(line: Any) -> float:
    """The room (pt) a line leaves unused (negative when a mark hangs past the margin)."""
    return float(line[0] if isinstance(line, (tuple, list)) else line.extraSpace)
