"""Text -> ReportLab flowables: escaping (text is never markup), styles, measuring and drawing stacks."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from chartgen import _compat
from chartgen.cjk_paragraph import CjkParagraph
from chartgen.fitting import NoFit, first_fit, steps_down
from chartgen.fonts import FontFamily
from chartgen.rtl_paragraph import LEFT_TO_RIGHT_EMBEDDING, POP_DIRECTIONAL_FORMATTING, RtlParagraph

_UNLIMITED_HEIGHT = 1e6
"""Height offered to a flowable when we only want to know how tall it wants to be (pt)."""


BULLET = "•"
"""The list bullet every format uses (drawn in the first font of the family's chain that has it)."""


def markup_safe(text: str) -> str:
    """Escape `text` for ReportLab's paragraph markup so that < & > print as themselves."""
    # html.escape, not xml.sax.saxutils.escape (the same three characters): that module imports urllib.request,
    # http.client and ssl, which nothing else here needs.
    return html.escape(text, quote=False).replace("\n", "<br/>")


@dataclass(frozen=True)
class TextStyle:
    """A type style: size in pt, leading as a multiple of the size, colour #RRGGBB."""

    size: float
    leading: float
    colour: str
    bold: bool = False
    space_after: float = 0.0
    """Points below the paragraph."""


def paragraph(text: str, style: TextStyle, family: FontFamily, *, rtl: bool = False,
              lang: str | None = None) -> Paragraph:
    """One paragraph of plain text (escaped), in `family`; `lang` (a locale code) turns on hyphenation."""
    return _paragraph_class(rtl, family)(_font_runs(text, family, style.bold), _style(style, family, rtl, lang))


def _paragraph_class(rtl: bool, family: FontFamily) -> type[Paragraph]:
    if rtl:
        return RtlParagraph
    return CjkParagraph if family.wraps_anywhere else Paragraph


def left_to_right(text: str, *, rtl: bool) -> str:
    """`text` marked as one left-to-right run when it is set in a right-to-left paragraph, else as it is.

    For data that is always written left to right (a phone number, an e-mail address, a web address): the
    bidirectional algorithm alone would order "+49 30 1234567" group by group from the right.
    """
    return f"{LEFT_TO_RIGHT_EMBEDDING}{text}{POP_DIRECTIONAL_FORMATTING}" if rtl and text else text


def rich_paragraph(parts: list[tuple[str, bool]], style: TextStyle, family: FontFamily, *, rtl: bool = False,
                   lang: str | None = None) -> Paragraph:
    """A paragraph of plain-text runs, each (text, bold); the text of every run is escaped."""
    markup = "".join(
        f"<b>{_font_runs(t, family, True)}</b>" if bold else _font_runs(t, family, style.bold) for t, bold in parts
    )
    return _paragraph_class(rtl, family)(markup, _style(style, family, rtl, lang))


def run_on(sentences: list[str], family: FontFamily) -> str:
    """Texts set one after the other in one paragraph: a space apart, or none in a script written without spaces
    (Chinese: "反应。每天", never "反应。 每天")."""
    return ("" if family.wraps_anywhere else " ").join(s.strip() for s in sentences if s.strip())


_NUMBER_THEN_UNIT = re.compile(r"\b(\d+(?:[.,]\d+)?) (?=[%°‰]|[^\W\d_])")
"""A space between a number and the unit or word it counts ("3 mm", "5 minutes", "100 %")."""


def bind_numbers(text: str) -> str:
    """`text` with the space after a number made non-breaking, so no line ends between a number and its unit."""
    return _NUMBER_THEN_UNIT.sub("\\1\u00a0", text)


def _font_runs(text: str, family: FontFamily, bold: bool) -> str:
    """Escaped markup of `text`, with runs the family cannot draw set in the first fallback font that can."""
    runs: list[tuple[FontFamily, str]] = []
    for char in bind_numbers(text):
        current = runs[-1][0] if runs else family
        # Spaces and punctuation stay with the run they are in, so that runs do not break on every space.
        chosen = current if current.font_for(char, bold=bold) is current else family.font_for(char, bold=bold)
        chosen = chosen or family  # a character no font has was reported by the glyph check before drawing
        if runs and runs[-1][0] is chosen:
            runs[-1] = (chosen, runs[-1][1] + char)
        else:
            runs.append((chosen, char))
    return "".join(
        markup_safe(run) if font is family else f'<font face="{font.face(bold=bold)}">{markup_safe(run)}</font>'
        for font, run in runs
    )


def _style(style: TextStyle, family: FontFamily, rtl: bool, lang: str | None) -> ParagraphStyle:
    _compat.install()  # every paragraph chartgen makes gets its style here: the mends go in before the first
    font = family.face(bold=style.bold)
    return ParagraphStyle(
        name=f"{font}-{style.size:.2f}",
        fontName=font,
        fontSize=style.size,
        leading=style.size * style.leading,
        textColor=HexColor(style.colour),
        alignment=TA_RIGHT if rtl else TA_LEFT,
        spaceAfter=style.space_after,
        bulletFontName=(family.font_for(BULLET) or family).face(),
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=0,
        shaping=1 if family.shaping else 0,
        wordWrap="RTL" if rtl else ("CJK" if family.wraps_anywhere else None),
        hyphenationLang=(hyphenation_language(lang) or "") if not style.bold else "",
        hyphenationMinWordLength=HYPHENATE_WORDS_FROM,
        embeddedHyphenation=1,
        uriWasteReduce=0,
    )


COMPOUNDING_LANGUAGES = frozenset({"de", "nl", "pl", "ru", "fi", "sv", "da", "nb", "hu", "cs"})
"""Languages whose long compound words overflow narrow columns unless hyphenated; others are set ragged."""
HYPHENATE_WORDS_FROM = 8
"""Only words of at least this many letters are hyphenated: short words break badly and rarely need to."""


@functools.cache
def hyphenation_language(lang: str | None) -> str | None:
    """pyphen's dictionary for a locale code that needs hyphenation (e.g. "de"), else None."""
    if not lang or lang.split("_")[0].lower() not in COMPOUNDING_LANGUAGES:
        return None
    import pyphen

    return pyphen.language_fallback(lang)


def stack_height(flowables: list[Flowable], width: float) -> float:
    """Total height (pt) of flowables set one under the other in a column `width` pt wide."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        _, height = flowable.wrap(width, _UNLIMITED_HEIGHT)
        total += height
        if index < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total


def too_wide(flowables: list[Flowable], width: float) -> bool:
    """True if some word cannot be broken to fit a column `width` pt wide (it would stick out)."""
    return any(min_width(f) > width + 0.01 for f in flowables)


CJK_GLYPH_EM = 1.0
"""Chinese and Japanese characters are one em wide, and a line may break after any of them."""


def min_width(flowable: Flowable) -> float:
    """The narrowest column (pt) the flowable fits: its widest unbreakable word (0 if it has no text)."""
    if isinstance(flowable, Paragraph):
        if flowable.style.wordWrap == "CJK":
            return flowable.style.fontSize * CJK_GLYPH_EM
        return flowable.minWidth()
    if isinstance(flowable, Stacked):
        return flowable.minWidth()
    return 0.0


class Stacked(Flowable):
    """A flowable that holds other flowables and knows the widest word among them (see `too_wide`)."""

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        raise NotImplementedError


class Stack(Stacked):
    """Flowables set one under the other as one block (for text that must not be split between boxes)."""

    def __init__(self, flowables: list[Flowable], *, space_after: float = 0.0) -> None:
        super().__init__()
        self.flowables = flowables
        self.spaceAfter = space_after

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        """Takes the width given and the height the flowables need (pt): a stack is never cut short."""
        self.width, self.height = available_width, stack_height(self.flowables, available_width)
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        return max((min_width(f) for f in self.flowables), default=0.0)

    def draw(self) -> None:
        draw_stack(self.canv, self.flowables, 0, self.height, self.width)


def draw_stack(canvas: Canvas, flowables: list[Flowable], x: float, top: float, width: float) -> float:
    """Draw flowables downward from `top` (pt) in a column at `x`; returns the y below the last one."""
    y = top
    for index, flowable in enumerate(flowables):
        _, height = flowable.wrap(width, _UNLIMITED_HEIGHT)
        y -= height
        flowable.drawOn(canvas, x, y)
        if index < len(flowables) - 1:
            y -= flowable.getSpaceAfter()
    return y


@dataclass(frozen=True)
class Fitted:
    """Flowables that fit their box, and the text size (pt) they were set at."""

    flowables: list[Flowable]
    size: float
    height: float


@dataclass(frozen=True)
class Overflow:
    """Text too tall or too wide for its box at the size tried: its flowables, column width and height (pt)."""

    flowables: list[Flowable]
    width: float
    needed_height: float

    @property
    def too_wide_word(self) -> bool:
        """Whether a word is wider than the column (else the text is only too tall)."""
        return too_wide(self.flowables, self.width)


def fit_box(build: Callable[[float], list[Flowable]], *, width: float, height: float, max_size: float,
            min_size: float, step: float = 0.25) -> Fitted | NoFit[Overflow]:
    """Set `build(size)` at the largest size from `max_size` down to `min_size` (pt, in `step`s) that fits.

    Bounded (chartgen.fitting): at most round((max_size - min_size) / step) + 1 tries. Text that does not fit
    even at the smallest size gives a NoFit with its Overflow there, so that the caller can name the box and the
    language in its problem.
    """

    def attempt(size: float) -> Fitted | NoFit[Overflow]:
        flowables = build(size)
        needed = stack_height(flowables, width)
        if needed <= height + 0.01 and not too_wide(flowables, width):
            return Fitted(flowables, size, needed)
        return NoFit(Overflow(flowables, width, needed))

    return first_fit(steps_down(max_size, min_size, step), attempt)
