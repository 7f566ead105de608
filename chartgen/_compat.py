"""Library mends: ReportLab and matplotlib behaviour we correct, each with the version it was written for.

`install()` applies every mend; it is idempotent. It is called once, explicitly, at the top of
`chartgen/__init__.py`, so every way into chartgen (the command line, a batch worker, a test or a script that
calls a renderer or `chartgen.text` directly) runs with the same mends and so makes the same bytes. It is not
called from each entry point instead, for two reasons:

- the `rlbidi` registration must come before the first import of `reportlab.pdfgen.textobject` (ReportLab looks
  for `rlbidi` once, then). Importing any format module or `chartgen.text` imports it, before any entry point
  could run, so the registration has to happen when the package is imported anyway;
- the text functions the mends affect (`chartgen.text.paragraph`, `fit_box`, `RtlParagraph`) are called by
  formats, the brand block, the booklet flow and the tests directly; calls at a few entry points would leave
  their behaviour depending on what ran first in the process.

Cost: the ReportLab modules mended here (`pdfgen.textobject`, `lib.textsplit`, `platypus.paragraph`) are
imported by `import chartgen`. Every `chartgen` command imports them anyway (building the parser imports every
format, hence `chartgen.text` and ReportLab's paragraph), so the command line pays nothing more.

Each mend is a function below whose docstring names the library version it was written for, what goes wrong
without it and the upstream report. `tests/test_compat.py` runs the unmended library on the failing case and
fails once upstream no longer needs a mend: then delete the mend.

Not here: `chartgen.fonts._register_matplotlib`, which gives matplotlib our font files and drops other files of
the same family names. It corrects no library defect (it decides which files our font names mean, which is the
font registry's job, and needs `fonts.FAMILIES`), and it stays lazy so that work which draws no diagram does not
import matplotlib.
"""

from __future__ import annotations

import sys
import types

WRITTEN_FOR = {"reportlab": "5.1.0"}
"""The library versions these mends were written for and checked against."""

CHINESE_CANNOT_START = "，：；！？）》」』】〕｝"
"""Full-width punctuation that Chinese never starts a line with (see `_extend_kinsoku`)."""

_MENDED = "_chartgen_mend"
"""Attribute set on a function that replaces a library's, so that a second install sees it is done."""


def _register_rlbidi() -> None:
    """Make `import rlbidi` find chartgen's bidi adapter (`chartgen.rtl.log2vis`). Written for ReportLab 5.1.0.

    Without it: ReportLab sets right-to-left text (`wordWrap='RTL'`, `Canvas.drawString(direction='RTL')`) only
    when a module named `rlbidi` can be imported, and looks once, when `reportlab.pdfgen.textobject` is first
    imported; ReportLab does not ship that module, so without ours its own right-to-left support stays
    off (`textobject.rtlSupport` False; `log2vis` raises "rlbidi is not installed"). Must therefore run before
    anything imports ReportLab's text object, which is why `install()` runs it first. A module named `rlbidi`
    that is already there (the user's own) is left alone.

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

    def set_rise(self: PDFTextObject, rise: float) -> None:
        if self._code:
            original(self, rise)
            return
        self._rise = rise
        self._y -= rise
        self._code.append(f"{fp_str(rise)} Ts")

    set_rise.__doc__ = original.__doc__
    set_rise.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(set_rise, _MENDED, True)
    PDFTextObject.setRise = set_rise


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
        module.ALL_CANNOT_START += "".join(c for c in CHINESE_CANNOT_START if c not in module.ALL_CANNOT_START)


MENDS = (_register_rlbidi, _mend_set_rise, _extend_kinsoku)
"""Every mend, in the order `install()` applies them (the `rlbidi` registration first: see its docstring)."""


def install() -> None:
    """Apply every mend (see MENDS); applying them again changes nothing."""
    for mend in MENDS:
        mend()
