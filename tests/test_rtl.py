"""The rlbidi adapter ReportLab uses for right-to-left paragraphs."""

from __future__ import annotations

import sys

from chartgen import rtl


def test_registered_for_reportlab():
    import reportlab.pdfgen.textobject as textobject

    assert sys.modules["rlbidi"].log2vis is rtl.log2vis
    assert textobject.rtlSupport


def test_arabic_is_reversed_with_positions():
    positions: list[int] = []
    text = "سلام عليكم"
    visual = rtl.log2vis(text, "RTL", positions_V_to_L=positions)
    assert visual == text[::-1]
    assert positions == list(range(len(text)))[::-1]


def test_latin_run_inside_arabic_keeps_its_order_and_brackets_mirror():
    visual = rtl.log2vis("العمود C1–C7 (الرقبة)", "RTL")
    assert "C1–C7" in visual
    assert visual.startswith("(") and "ةبقرلا" in visual


def test_left_to_right_text_is_unchanged():
    assert rtl.log2vis("abc def", "LTR") == "abc def"

