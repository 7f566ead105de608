"""Text -> ReportLab flowables: escaping (text is never markup), styles, measuring and drawing stacks.

Line spacing is script-aware. The styles' leadings were designed for Latin and Cyrillic text in Noto Sans,
`SPACING_REFERENCE`, which that text keeps. Text set in another font is measured (its shaped glyphs' real extent,
chartgen.ink): its lines are spaced at least far enough apart that their ink keeps `MIN_LINE_CLEARANCE_EM` of
white between them, and its paragraph keeps its ink inside its box with half that to spare above the first line
and below the last, so that it never touches its neighbours (Devanagari vowel signs and stacked conjuncts,
Arabic letters with hamza and deep descenders).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from chartgen import _compat, ink, tagging
from chartgen.cjk_paragraph import CjkParagraph
from chartgen.fitting import NoFit, first_fit, steps_down
from chartgen.fonts import LATIN, FontFamily
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
    runs = _runs(text, family, style.bold)
    return _make_paragraph(_markup(runs, family, style.bold), style, family, rtl, lang, _ink(runs, style.bold))


class TextParagraph(Paragraph):
    """ReportLab's Paragraph, set the same at every width it is offered, with room for its ink above and below.

    ReportLab replaces a paragraph's fragments by the words of its last line breaking, and a word it broke at
    its own hyphen ("self-care") comes back without the hyphen when the paragraph is wrapped again at another
    width: every wrap here starts from the parsed fragments. ReportLab's box has one size above the first
    baseline and the leading less one size below the last; `room_above` (pt) is added above, and `depth` (pt),
    when set, is the room below the last baseline instead (see the module's docstring).
    """

    room_above = 0.0
    depth: float | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parsed = self.frags

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.frags = self._parsed
        width, height = super().wrap(available_width, available_height)
        lines = len(self.blPara.lines)  # type: ignore[attr-defined]  # set by wrap; not in ReportLab's stubs
        if self.depth is not None and lines:
            height = self.style.fontSize + (lines - 1) * self.style.leading + self.depth
        self.height = height + self.room_above
        return width, self.height

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        self.frags = self._parsed
        return float(super().minWidth())

    def draw(self) -> None:
        # ReportLab sets the first line one size below the top of `height`: lower it by the room above.
        self.canv.translate(0, -self.room_above)
        super().draw()


class TextRtlParagraph(RtlParagraph, TextParagraph):
    """A right-to-left TextParagraph (RtlParagraph's line breaking, TextParagraph's wrapping and room)."""


class TextCjkParagraph(CjkParagraph, TextParagraph):
    """A Chinese TextParagraph (CjkParagraph's line breaking, no lone last character; TextParagraph's wrapping
    and room)."""


def _paragraph_class(rtl: bool, family: FontFamily) -> type[TextParagraph]:
    if rtl:
        return TextRtlParagraph
    return TextCjkParagraph if family.wraps_anywhere else TextParagraph


def _make_paragraph(markup: str, style: TextStyle, family: FontFamily, rtl: bool, lang: str | None,
                    extent: ink.Extent) -> Paragraph:
    """The paragraph of `markup`, its leading and room set for its ink's extent (em; see the module's
    docstring); text without measured ink keeps ReportLab's box."""
    made = _paragraph_class(rtl, family)(markup, _style(style, family, rtl, lang,
                                                extra_leading=_extra_leading(extent, style.leading)))
    if extent != ink.NONE:
        made.room_above = max(0.0, extent.ascent + MIN_LINE_CLEARANCE_EM / 2 - 1.0) * style.size
        made.depth = max(style.leading - 1.0, extent.descent + MIN_LINE_CLEARANCE_EM / 2) * style.size
    return made


def _extra_leading(extent: ink.Extent, leading: float) -> float:
    """How much (em) the leading must grow for lines of this ink to keep the least clearance between them."""
    if extent == ink.NONE:
        return 0.0
    return max(0.0, extent.ascent + extent.descent + MIN_LINE_CLEARANCE_EM - leading)


MIN_LINE_CLEARANCE_EM = 0.1
"""The least white between the ink of two lines of one paragraph, as a share of the type size (Latin body text
in the reference font has about 0.3 em between descenders and ascenders, display type 0.08 em)."""
SPACING_REFERENCE = LATIN
"""The family the layouts' line spacing was designed with (see the module's docstring)."""


def _ink(runs: list[tuple[FontFamily, str]], bold: bool) -> ink.Extent:
    """How far the glyphs of the runs not in the reference family reach, each run shaped in its own font (em)."""
    reach = ink.NONE
    for font, run in runs:
        if font is not SPACING_REFERENCE:
            reach = reach.union(ink.extent(run, font.bold_path if bold else font.regular_path))
    return reach


def left_to_right(text: str, *, rtl: bool) -> str:
    """`text` marked as one left-to-right run when it is set in a right-to-left paragraph, else as it is.

    For data that is always written left to right (a phone number, an e-mail address, a web address): the
    bidirectional algorithm alone would order "+49 30 1234567" group by group from the right.
    """
    return f"{LEFT_TO_RIGHT_EMBEDDING}{text}{POP_DIRECTIONAL_FORMATTING}" if rtl and text else text


def rich_paragraph(parts: list[tuple[str, bool]], style: TextStyle, family: FontFamily, *, rtl: bool = False,
                   lang: str | None = None) -> Paragraph:
    """A paragraph of plain-text runs, each (text, bold); the text of every run is escaped."""
    markup, reach = [], ink.NONE
    for text, bold in parts:
        runs = _runs(text, family, bold or style.bold)
        reach = reach.union(_ink(runs, bold or style.bold))
        markup.append(f"<b>{_markup(runs, family, True)}</b>" if bold else _markup(runs, family, style.bold))
    return _make_paragraph("".join(markup), style, family, rtl, lang, reach)


def run_on(sentences: list[str], family: FontFamily) -> str:
    """Texts set one after the other in one paragraph: a space apart, or none in a script written without spaces
    (Chinese: "反应。每天", never "反应。 每天")."""
    return ("" if family.wraps_anywhere else " ").join(s.strip() for s in sentences if s.strip())


_NUMBER_THEN_UNIT = re.compile(r"\b(\d+(?:[.,]\d+)?) (?=[%°‰]|[^\W\d_])")
"""A space between a number and the unit or word it counts ("3 mm", "5 minutes", "100 %")."""


def bind_numbers(text: str) -> str:
    """`text` with the space after a number made non-breaking, so no line ends between a number and its unit."""
    return _NUMBER_THEN_UNIT.sub("\\1\u00a0", text)


def _runs(text: str, family: FontFamily, bold: bool) -> list[tuple[FontFamily, str]]:
    """`text` in runs of one font each: the family's, or the first fallback that draws what it cannot."""
    runs: list[tuple[FontFamily, str]] = []
    for char in bind_numbers(text):
        current = runs[-1][0] if runs else family
        # Spaces and punctuation stay with the run they are in, so that runs do not break on every space.
        chosen = current if current.font_for(char, bold=bold) is current else family.font_for(char, bold=bold)
        chosen = chosen or family  # a character no font has was reported by the glyph check before drawing
        if runs and runs[-1][0] is chosen:
            runs[-1] = (chosen, runs[-1][1] + char)
            continue
        # A number bound to its word ("2\u00a0दिसंबर" after Latin text) goes with the word's font: ReportLab
        # shapes a word that changes font inside it in its first font, and the rest prints as empty boxes.
        bound = _BOUND_NUMBER.search(runs[-1][1]) if runs else None
        if bound and all(chosen.font_for(c, bold=bold) is chosen for c in bound.group()):
            head = runs[-1][1][:bound.start()]
            runs[-1:] = [(runs[-1][0], head)] if head else []
            char = bound.group() + char
        runs.append((chosen, char))
    return runs


_BOUND_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\u00a0$")
"""The end of a run that `bind_numbers` joined to the next word: a number and its no-break space."""


def _markup(runs: list[tuple[FontFamily, str]], family: FontFamily, bold: bool) -> str:
    """Escaped markup of the runs, each run not in `family` set in its own font."""
    return "".join(
        markup_safe(run) if font is family else f'<font face="{font.face(bold=bold)}">{markup_safe(run)}</font>'
        for font, run in runs
    )


def _style(style: TextStyle, family: FontFamily, rtl: bool, lang: str | None, *,
           extra_leading: float = 0.0) -> ParagraphStyle:
    """ReportLab's style for `style`; `extra_leading` (em) widens the line spacing for tall or deep scripts."""
    _compat.install()  # every paragraph chartgen makes gets its style here: the mends go in before the first
    font = family.face(bold=style.bold)
    return ParagraphStyle(
        name=f"{font}-{style.size:.2f}",
        fontName=font,
        fontSize=style.size,
        leading=style.size * (style.leading + extra_leading),
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
    """Draw flowables downward from `top` (pt) in a column at `x`; returns the y below the last one. On a tagged
    canvas each is drawn as its element (chartgen.tagging), a run of list items in one L."""
    y = top
    lists = tagging.ListGrouping(canvas)
    for index, flowable in enumerate(flowables):
        _, height = flowable.wrap(width, _UNLIMITED_HEIGHT)
        y -= height
        lists.before(flowable)
        tagging.draw_on(flowable, canvas, x, y)
        if index < len(flowables) - 1:
            y -= flowable.getSpaceAfter()
    lists.close()
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
