"""Complex scripts: the right font family per script, Latin fallback, shaping and right-to-left setting."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from chartgen import fonts
from chartgen.text import TextStyle, paragraph

ARABIC_TEXT = "منطقة العمود الفقري"
HINDI_TEXT = "रीढ़ की हड्डी क्षेत्र"
STYLE = TextStyle(14, 1.3, "#000000")


def test_family_is_picked_by_script():
    assert fonts.family_for_texts([ARABIC_TEXT, "C1–C7"]) is fonts.ARABIC
    assert fonts.family_for_texts([HINDI_TEXT]) is fonts.DEVANAGARI
    assert fonts.family_for_texts(["脊柱反射区"]) is fonts.CJK
    assert fonts.family_for_texts(["Позвоночник", "Wirbelsäule"]) is fonts.LATIN


def test_script_fonts_fall_back_to_latin():
    assert fonts.missing_glyphs(fonts.DEVANAGARI, HINDI_TEXT + " C1–C7 (L5)") == ()
    assert fonts.missing_glyphs(fonts.CJK, "脊柱：C1–C7。") == ()
    assert fonts.missing_glyphs(fonts.ARABIC, ARABIC_TEXT + " C1–C7 (S1)") == ()
    assert fonts.CJK.font_for("C") is fonts.LATIN
    assert fonts.ARABIC.font_for("C") is fonts.ARABIC  # merged in, so RTL lines never switch fonts


def test_fallback_runs_are_marked_up_in_the_latin_font():
    markup = paragraph("脊柱 C1–C7", STYLE, fonts.CJK).text
    assert '<font face="NotoSans">C1–C7</font>' in markup


def test_shaping_changes_arabic_and_devanagari_widths():
    for family, text in ((fonts.ARABIC, ARABIC_TEXT), (fonts.DEVANAGARI, HINDI_TEXT)):
        face = family.face()
        shaped = shapeStr(text, face, 20)
        shaped_width = sum(glyph.x_advance for glyph in shaped.__shapeData__) * 20 / 1000
        assert abs(shaped_width - stringWidth(text, face, 20)) > 1.0, family.key


def _render(flowable: Paragraph, width: float = 260) -> np.ndarray:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 20, 60), initialFontName=fonts.LATIN.face(), invariant=1)
    flowable.wrap(width, 60)
    flowable.drawOn(canvas, 10, 10)
    canvas.showPage()
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        return np.asarray(document[0].render(scale=2).to_pil().convert("L"))
    finally:
        document.close()


def test_arabic_is_joined_right_to_left_not_naive():
    ours = _render(paragraph(ARABIC_TEXT, STYLE, fonts.ARABIC, rtl=True))
    naive = Paragraph(ARABIC_TEXT, paragraph(ARABIC_TEXT, STYLE, fonts.ARABIC).style.clone("naive", shaping=0))
    naive_pixels = _render(naive)
    assert (np.abs(ours.astype(int) - naive_pixels.astype(int)) > 96).mean() > 0.01
    ink_columns = np.where((ours < 128).any(axis=0))[0]
    assert ink_columns.max() > ours.shape[1] - 40, "right-to-left text is not set against the right edge"


def test_devanagari_conjuncts_are_formed_not_naive():
    ours = _render(paragraph(HINDI_TEXT, STYLE, fonts.DEVANAGARI))
    naive = Paragraph(HINDI_TEXT, paragraph(HINDI_TEXT, STYLE, fonts.DEVANAGARI).style.clone("naive", shaping=0))
    assert (np.abs(ours.astype(int) - _render(naive).astype(int)) > 96).mean() > 0.005


def test_chinese_lines_never_start_with_a_full_width_comma():
    text = ("反射疗法把脚看作身体的一张小地图，脊柱在这张地图上有自己的一条线，"
            "沿着足内侧缘，从大脚趾下方开始，经过足弓。")
    item = paragraph(text, STYLE, fonts.CJK)
    starts = set()
    for width in range(60, 260, 3):
        item.wrap(width, 1000)
        starts |= {"".join(words)[:1] for _, words in item.blPara.lines}
    assert "，" not in starts and "。" not in starts
