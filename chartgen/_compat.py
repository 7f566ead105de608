"""Library mends: ReportLab and matplotlib behaviour we correct, each with the version it was written for.

`install()` applies every mend, once per process. It is called explicitly, in one place: `chartgen.text`, right
before it makes the first paragraph style, since every paragraph chartgen sets is made there (and the mends
concern paragraphs: their wrapping and their drawing). So `import chartgen` stays cheap, and a command that makes
no PDF (`langs`, `brand-example`, `--version`, a usage error of those) imports no ReportLab at all.

One mend cannot wait for that: the `rlbidi` registration must come before the first import of
`reportlab.pdfgen.textobject` (ReportLab looks for `rlbidi` once, then), and importing any format module imports
it, long before the first paragraph. `chartgen/__init__.py` therefore calls `register_rlbidi()` when the
package is imported, before any chartgen module can import ReportLab; it imports neither ReportLab nor
anything large (`chartgen.rtl` and python-bidi, about a millisecond). `install()` applies it too (a second
registration changes nothing), so `MENDS` stays the whole list.

Each mend is a function below whose docstring names the library version it was written for, what goes wrong
without it and the upstream report. `tests/test_compat.py` runs the unmended library on the failing case and
fails once upstream no longer needs a mend: then delete the mend.

Not here: `chartgen.fonts._register_matplotlib`, which gives matplotlib our font files and drops other files of
the same family names. It corrects no library defect (it decides which files our font names mean, which is the
font registry's job, and needs `fonts.FAMILIES`), and it stays lazy so that work which draws no diagram does not
import matplotlib.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any

WRITTEN_FOR = {"reportlab": "5.1.0"}
"""The library versions these mends were written for and checked against."""

CHINESE_CANNOT_START = "，：；！？）》」』】〕｝"
"""Full-width punctuation that Chinese never starts a line with (see `_extend_kinsoku`)."""

_MENDED = "_chartgen_mend"
"""Attribute set on a function that replaces a library's, so that a second install sees it is done."""


def register_rlbidi() -> None:
    """Make `import rlbidi` find chartgen's bidi adapter (`chartgen.rtl.log2vis`). Written for ReportLab 5.1.0.

    Without it: ReportLab sets right-to-left text (`wordWrap='RTL'`, `Canvas.drawString(direction='RTL')`) only
    when a module named `rlbidi` can be imported, and looks once, when `reportlab.pdfgen.textobject` is first
    imported; ReportLab does not ship that module, so without ours its own right-to-left support stays
    off (`textobject.rtlSupport` False; `log2vis` raises "rlbidi is not installed"). Must therefore run before
    anything imports ReportLab's text object: `chartgen/__init__.py` runs it when the package is imported. A
    module named `rlbidi` that is already there (the user's own) is left alone.

    Upstream: no report; ReportLab treats `rlbidi` as optional (the `try: import rlbidi` at the top of
    reportlab/pdfgen/textobject.py) and does not ship it. When this was written, the Arabic poster, card and
    booklet came out byte-identical without it (`RtlParagraph` does its own bidi); it keeps ReportLab's own
    right-to-left paths working for anything that reaches them.
    """
    if "rlbidi" in sys.modules:
        return
    from chartgen.rtl import log2vis

    module = types.ModuleType("rlbidi", "chartgen's adapter of python-bidi for ReportLab")
    module.log2vis = log2vis  # type: ignore[attr-defined]
    sys.modules["rlbidi"] = module


def _mend_set_rise() -> None:
    """Stop `PDFTextObject.setRise` crashing on an empty code list. Written for ReportLab 5.1.0.

    Without it: IndexError in `setRise` on a shaped right-to-left line whose first glyph in visual order is
    raised by HarfBuzz (an Arabic mark such as shadda): `_formatText` starts each run with an empty code list,
    and `setRise` reads `_code[-1]` to merge consecutive rise operators. With no earlier operator there is
    nothing to merge, so the rise is appended, as ReportLab does in its other branch; with one, ReportLab's own
    `setRise` runs unchanged.

    Upstream: not reported upstream yet.
    """
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfgen.textobject import PDFTextObject

    original = PDFTextObject.setRise
    if getattr(original, _MENDED, False):
        return

    def set_rise(self: Any, rise: float) -> None:  # Any: the mend uses private state types-reportlab omits
        if self._code:
            original(self, rise)
            return
        self._rise = rise
        self._y -= rise
        self._code.append(f"{fp_str(rise)} Ts")

    set_rise.__doc__ = original.__doc__
    set_rise.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(set_rise, _MENDED, True)
    setattr(PDFTextObject, "setRise", set_rise)  # noqa: B010 (mypy refuses assigning to a method)


def _extend_kinsoku() -> None:
    """Add Chinese full-width punctuation to ReportLab's kinsoku table. Written for ReportLab 5.1.0.

    Without it: a Chinese line can begin with "，" (or "：", "；", "！", "？", "》", "｝"): ReportLab's table of
    characters that cannot start a line (`reportlab.lib.textsplit.ALL_CANNOT_START`) has the Japanese marks
    but not these. The missing ones are appended to both tables ReportLab's CJK wrap reads: textsplit's (one-
    font paragraphs) and `reportlab.platypus.paragraph`'s own copy (paragraphs with several fonts). A line then
    hangs the mark in its margin, as ReportLab does for the Japanese ones.

    Upstream: not reported upstream yet.
    """
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        # getattr/setattr: the tables are not in types-reportlab's stubs.
        table: str = getattr(module, "ALL_CANNOT_START")  # noqa: B009
        setattr(module, "ALL_CANNOT_START", table + "".join(c for c in CHINESE_CANNOT_START if c not in table))  # noqa: B010


def _shape_each_font_run() -> None:
    """Shape a word set in several fonts one font run at a time. Written for ReportLab 5.1.0.

    Without it: tofu or wrong letters. `ttfonts.shapeFragWord` shapes a whole word (fragments up to the next
    space) with HarfBuzz in the font of its FIRST fragment, then reads each glyph id back through the font of the
    fragment it came from. A word whose fragments use different fonts, e.g. Hindi "1\u00a0C1–C7" (the digit bound to
    what follows, the digit in Noto Sans Devanagari, the Latin in Noto Sans) or "(A1)", prints the Latin letters
    as Devanagari glyph ids: boxes and stray marks. Here such a word is split into runs of one font, each run is
    shaped by ReportLab's own function, and the runs are joined again; words in one font go straight to it.

    Upstream: not reported upstream yet.
    """
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph

    original = ttfonts.shapeFragWord
    if getattr(original, _MENDED, False):
        return

    def font_of(fragment: Any) -> tuple[str, float] | None:
        return None if hasattr(fragment, "cbDefn") else (fragment.fontName, fragment.fontSize)

    def shape_frag_word(word: Any, *args: Any, **kwargs: Any) -> Any:
        pieces = word[1:]
        fonts = {font_of(fragment) for fragment, _ in pieces} - {None}
        if isinstance(word, ttfonts.ShapedFragWord) or len(fonts) < 2:
            return original(word, *args, **kwargs)
        runs: list[list[Any]] = []
        for piece in pieces:  # a callback fragment (cbDefn) stays with the run it stands in
            if runs and font_of(piece[0]) in (None, font_of(runs[-1][-1][0])):
                runs[-1].append(piece)
            else:
                runs.append([piece])
        shaped = []
        for run in runs:
            width = sum(stringWidth(text, fragment.fontName, fragment.fontSize)
                        for fragment, text in run if font_of(fragment) is not None)
            shaped.append(original(word.__class__([width, *run]), *args, **kwargs))
        if not any(isinstance(part, ttfonts.ShapedFragWord) for part in shaped):
            return word
        joined = ttfonts.makeShapedFragWord(word)([sum(part[0] for part in shaped)])
        for part in shaped:
            joined.extend(part[1:])
        return joined

    shape_frag_word.__doc__ = original.__doc__
    shape_frag_word.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(shape_frag_word, _MENDED, True)
    for module in (ttfonts, paragraph):  # paragraph imported the name: both must see the mend
        setattr(module, "shapeFragWord", shape_frag_word)  # noqa: B010


MENDS = (register_rlbidi, _mend_set_rise, _extend_kinsoku, _shape_each_font_run)
"""Every mend, in the order `install()` applies them (the `rlbidi` registration first: see its docstring)."""


@functools.cache
def install() -> None:
    """Apply every mend (see MENDS), the first time it is called; later calls do nothing.

    Once only, so that a test may take a mend out again (to show upstream still needs it) without the next
    paragraph putting it back. Each mend is idempotent as well.
    """
    for mend in MENDS:
        mend()
