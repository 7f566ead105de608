"""The library mends (chartgen/_compat.py): rlbidi registered by `import chartgen` (which imports no ReportLab),
the others installed before chartgen makes its first paragraph; idempotent, and each still needed.

The tests named `test_upstream_*` run the library without its mend on the case the mend exists for; they fail
once upstream has fixed it, and say which mend to delete.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
from typing import Any

import pytest
import reportlab
from reportlab.lib import textsplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl_paragraph

from chartgen import _compat, fonts, rtl
from chartgen.text import TextStyle, paragraph

RAISED_MARK_FIRST = "ضغط في أسفل الظهر، يحسّ"
"""Arabic that, set 30 pt wide, has a line whose first glyph in visual order is raised (the shadda of يحسّ)."""


def _python(code: str) -> dict[str, Any]:
    """What `code` prints as JSON, run in a fresh interpreter (so nothing is imported before it)."""
    run = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    seen: dict[str, Any] = json.loads(run.stdout)
    return seen


@functools.cache
def _unmended_reportlab() -> dict[str, Any]:
    """ReportLab as it is without chartgen: chartgen is not imported in that interpreter."""
    return _python(
        "import json, sys\n"
        "from reportlab.lib import textsplit\n"
        "from reportlab.platypus import paragraph\n"
        "import reportlab.pdfgen.textobject as textobject\n"
        "assert 'chartgen' not in sys.modules\n"
        "print(json.dumps({'rtl_support': textobject.rtlSupport,\n"
        "                  'textsplit': textsplit.ALL_CANNOT_START, 'paragraph': paragraph.ALL_CANNOT_START}))\n")


def _draw_raised_mark_first() -> None:
    item = paragraph(RAISED_MARK_FIRST, TextStyle(12, 1.3, "#000000"), fonts.ARABIC, rtl=True)
    item.wrap(30, 1000)
    item.drawOn(Canvas(io.BytesIO(), initialFontName=fonts.LATIN.face()), 10, 10)


def _state() -> tuple[object, ...]:
    """Everything the mends change, to compare before and after an install."""
    return (sys.modules.get("rlbidi"), PDFTextObject.setRise, textsplit.ALL_CANNOT_START,
            rl_paragraph.ALL_CANNOT_START)


def test_import_of_chartgen_registers_rlbidi_before_reportlab_looks_for_it() -> None:
    """In a fresh interpreter, `import chartgen` alone imports no ReportLab and registers rlbidi, so that ReportLab
    finds it when its text object is first imported (ReportLab looks once)."""
    seen = _python(
        "import json, sys\n"
        "import chartgen\n"
        "reportlab_imported = 'reportlab' in sys.modules\n"
        "import reportlab.pdfgen.textobject as textobject\n"
        "from chartgen import rtl\n"
        "print(json.dumps({'reportlab_imported': reportlab_imported, 'rtl_support': textobject.rtlSupport,\n"
        "                  'adapter': textobject.log2vis is rtl.log2vis}))\n")
    assert not seen["reportlab_imported"], "import chartgen imports ReportLab"
    assert seen["rtl_support"] and seen["adapter"]


def test_the_first_paragraph_installs_every_other_mend() -> None:
    """In a fresh interpreter, a format module (which imports ReportLab) then the first paragraph chartgen makes:
    by then every mend is in."""
    seen = _python(
        "import json\n"
        "from chartgen.formats import poster\n"
        "import reportlab.pdfgen.textobject as textobject\n"
        "from reportlab.lib import textsplit\n"
        "from reportlab.platypus import paragraph\n"
        "from chartgen import fonts, rtl, text\n"
        "text.paragraph('x', text.TextStyle(12, 1.2, '#000000'), fonts.LATIN)\n"
        "print(json.dumps({'rtl_support': textobject.rtlSupport,\n"
        "                  'adapter': textobject.log2vis is rtl.log2vis,\n"
        "                  'set_rise': getattr(textobject.PDFTextObject.setRise, '_chartgen_mend', False),\n"
        "                  'textsplit': textsplit.ALL_CANNOT_START, 'paragraph': paragraph.ALL_CANNOT_START}))\n")
    assert seen["rtl_support"] and seen["adapter"] and seen["set_rise"]
    for table in (seen["textsplit"], seen["paragraph"]):
        assert set(_compat.CHINESE_CANNOT_START) <= set(table)


def test_each_mend_is_installed() -> None:
    _compat.install()
    assert sys.modules["rlbidi"].log2vis is rtl.log2vis
    assert getattr(PDFTextObject.setRise, "_chartgen_mend", False)
    assert PDFTextObject.setRise.__wrapped__ is not PDFTextObject.setRise
    for table in (textsplit.ALL_CANNOT_START, rl_paragraph.ALL_CANNOT_START):
        assert set(_compat.CHINESE_CANNOT_START) <= set(table)


def test_installing_twice_changes_nothing() -> None:
    _compat.install()
    before = _state()
    _compat.install()
    _compat.install()
    after = _state()
    assert all(a is b or a == b for a, b in zip(before, after, strict=True)), "install() is not idempotent"
    assert not getattr(PDFTextObject.setRise.__wrapped__, "_chartgen_mend", False), "setRise was mended twice"


def test_every_mend_names_its_version_and_upstream() -> None:
    for mend in _compat.MENDS:
        doc = mend.__doc__ or ""
        assert f"Written for ReportLab {_compat.WRITTEN_FOR['reportlab']}" in doc, mend.__name__
        assert "Without it:" in doc and "Upstream:" in doc, mend.__name__
    assert _compat.MENDS[0] is _compat.register_rlbidi, "rlbidi must be registered before ReportLab is imported"


def test_arabic_line_starting_with_a_raised_mark_draws() -> None:
    """ReportLab 5.1 crashed (IndexError in setRise) when a shaped RTL line began with a shadda."""
    _draw_raised_mark_first()


def test_upstream_reportlab_set_rise_still_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails once ReportLab's own setRise no longer crashes: then delete `_compat._mend_set_rise`."""
    _compat.install()  # now, so that the paragraph below does not put the mend back (install() acts once)
    monkeypatch.setattr(PDFTextObject, "setRise", PDFTextObject.setRise.__wrapped__)
    try:
        _draw_raised_mark_first()
    except IndexError as error:
        assert error.__traceback__ is not None
        frame = error.__traceback__
        while frame.tb_next is not None:
            frame = frame.tb_next
        assert frame.tb_frame.f_code.co_name == "setRise", "an IndexError, but not from setRise"
        return
    pytest.fail(f"ReportLab {reportlab.Version}'s own PDFTextObject.setRise no longer raises IndexError on a line "
                f"that starts with a raised mark: the mend is not needed any more; remove _mend_set_rise from "
                f"chartgen/_compat.py (and this test)")


def test_upstream_reportlab_kinsoku_table_still_lacks_chinese_punctuation() -> None:
    """Fails once ReportLab's table has "，": then delete `_compat._extend_kinsoku` (if it has all of
    CHINESE_CANNOT_START) or shorten CHINESE_CANNOT_START to what it still lacks."""
    unmended = _unmended_reportlab()
    for name in ("textsplit", "paragraph"):
        assert "，" not in unmended[name], (
            f"ReportLab {reportlab.Version}'s {name} kinsoku table now has the full-width comma: check which of "
            f"CHINESE_CANNOT_START it still lacks and remove _extend_kinsoku from chartgen/_compat.py if none")


def test_upstream_reportlab_still_ships_no_rlbidi() -> None:
    """Fails once ReportLab supports right-to-left text without a module of ours: then delete
    `_compat.register_rlbidi` (after checking the Arabic outputs are unchanged)."""
    assert not _unmended_reportlab()["rtl_support"], (
        f"ReportLab {reportlab.Version} has right-to-left support without chartgen's rlbidi: remove "
        f"register_rlbidi from chartgen/_compat.py if the Arabic outputs stay the same")


MIXED_FONT_WORDS = ("स्तंभ 1 C1–C7 कुल", "पंक्ति (A1) कुल", "10 मिनट (C1–C7) ठीक")
"""Hindi with words whose fragments use two fonts: a digit or "(" in Noto Sans Devanagari bound to Latin in Noto
Sans (the digit by chartgen's no-break space)."""


def _latin(text: str) -> str:
    """The Latin letters, digits, brackets and dashes of `text`, in order (shaped Devanagari reads back as private-use
    code points, so only these can be compared)."""
    return "".join(c for c in text if (c.isascii() and (c.isalnum() or c in "()")) or c == "–")


def _printed_text(line: str) -> str:
    """The Latin part (`_latin`) of what a PDF reader reads back from `line` set as a chartgen paragraph in the
    Devanagari family."""
    import pypdfium2

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 100), initialFontName=fonts.DEVANAGARI.face())
    made = paragraph(line, TextStyle(14, 1.3, "#000000"), fonts.DEVANAGARI, lang="hi")
    _, height = made.wrap(580, 100)
    made.drawOn(canvas, 10, 90 - height)
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        return _latin(str(document[0].get_textpage().get_text_range()))
    finally:
        document.close()


@pytest.mark.parametrize("line", MIXED_FONT_WORDS)
def test_a_word_in_two_fonts_prints_its_own_letters(line: str) -> None:
    """Each letter prints as itself (before the mend, the Latin letters came out as Devanagari glyph ids)."""
    assert _printed_text(line) == _latin(line)


def test_upstream_reportlab_still_shapes_a_word_in_its_first_fragments_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails once ReportLab shapes each font of a word in its own font: then delete `_compat._shape_each_font_run`.
    Also the negative control of the test above: without the mend its reading differs."""
    _compat.install()
    from reportlab.pdfbase import ttfonts

    unmended = ttfonts.shapeFragWord.__wrapped__
    monkeypatch.setattr(ttfonts, "shapeFragWord", unmended)
    monkeypatch.setattr(rl_paragraph, "shapeFragWord", unmended)
    wrong = [line for line in MIXED_FONT_WORDS if _printed_text(line) != _latin(line)]
    assert wrong, (f"ReportLab {reportlab.Version} now prints words set in two fonts correctly: the mend is not "
                   f"needed any more; remove _shape_each_font_run from chartgen/_compat.py (and this test)")
