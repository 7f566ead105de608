"""Right-to-left paragraphs as a reader reads them: glyph positions off the page, read right to left."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from chartgen import fonts
from chartgen.rtl_paragraph import RtlParagraph, reorder, shape
from chartgen.text import TextStyle, paragraph
from tests import reading

STYLE = TextStyle(12, 1.3, "#000000")
SENTENCE = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة"


def _printed(flowable, *, width: float = 160) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 20, 400), initialFontName=fonts.LATIN.face())
    _, height = flowable.wrap(width, 1000)
    flowable.drawOn(canvas, 10, 390 - height)
    canvas.save()
    return buffer.getvalue()


def _read(pdf: bytes) -> list[str]:
    return reading.document_lines(pdf, rtl=True)


def test_words_read_right_to_left_in_logical_order_over_several_lines():
    lines = _read(_printed(paragraph(SENTENCE, STYLE, fonts.ARABIC, rtl=True)))
    assert len(lines) >= 2, lines
    assert " ".join(lines) == SENTENCE
    report = reading.word_order(lines, [SENTENCE])
    assert report.reversed == 0 and report.in_order == len(SENTENCE.split()) - len(lines)


def test_negative_control_reportlabs_own_rtl_paragraph_reads_backwards():
    """ReportLab's Paragraph with wordWrap='RTL' and shaping: the defect the reader must catch."""
    style = ParagraphStyle("broken", fontName=fonts.ARABIC.face(), fontSize=12, leading=15, wordWrap="RTL",
                           shaping=1, alignment=2)
    lines = _read(_printed(Paragraph(SENTENCE, style)))
    report = reading.word_order(lines, [SENTENCE])
    assert report.in_order == 0 and report.reversed >= len(SENTENCE.split()) - 2 * len(lines)


def test_negative_control_reversed_words_are_counted_as_reversed():
    backwards = " ".join(reversed(SENTENCE.split()))
    assert reading.word_order([backwards], [SENTENCE]).reversed == len(SENTENCE.split()) - 1


@pytest.mark.parametrize("text", [
    "العمود الفقري C1–C7 في الرقبة",
    "انتظر 10\u00a0دقائق ثم كرر",
    "اطبع بمقياس 100% (الحجم الفعلي) ثم قص",
    "عيادة Praxis Müller Berlin ترحب بكم",
    "الموقع www.example.com/de?a=1 والهاتف +49 30 1234567 للحجز",
    "الفقرات (L1–L5) أسفل الظهر",
])
def test_mixed_runs_keep_their_own_order(text):
    lines = _read(_printed(paragraph(text, STYLE, fonts.ARABIC, rtl=True), width=400))
    assert [reading.same_brackets(line) for line in lines] == [reading.same_brackets(text.replace("\xa0", " "))]


def test_brackets_in_a_right_to_left_run_are_mirrored_glyphs():
    fonts.ARABIC.face()
    opening, closing = (shape(c, fonts.ARABIC.face(), 12, rtl=False) for c in "()")
    assert str(shape("(", fonts.ARABIC.face(), 12, rtl=True)) == str(closing)
    assert str(shape(")", fonts.ARABIC.face(), 12, rtl=True)) == str(opening)
    assert str(shape("(ب)", fonts.ARABIC.face(), 12, rtl=True))[0] == str(opening)


def test_digits_bound_to_a_word_are_not_reversed():
    """HarfBuzz reverses digits inside a right-to-left run; they must be shaped as a left-to-right run."""
    pdf = _printed(paragraph("مدة 15\u00a0دقيقة فقط", STYLE, fonts.ARABIC, rtl=True), width=400)
    (line,) = reading.page_lines(pdf, 0)
    assert "15" in line.visual and "51" not in line.visual


def test_line_breaks_follow_the_logical_order_and_the_width():
    item = paragraph(SENTENCE, STYLE, fonts.ARABIC, rtl=True)
    _, height = item.wrap(90, 1000)
    lines = _read(_printed(item, width=90))
    assert len(lines) == round(height / (12 * 1.3))
    assert lines[0].split()[0] == SENTENCE.split()[0]  # the first word starts the first line, at the right
    for line in reading.page_lines(_printed(item, width=90), 0):
        assert line.glyphs[-1].right <= 10 + 90 + 0.5  # right-aligned inside the column
        assert line.glyphs[0].left >= 10 - 0.5


def test_forced_line_break_and_bold_runs():
    item = RtlParagraph(f'<b>{SENTENCE.split()[0]}</b> {SENTENCE.split()[1]}<br/>{SENTENCE.split()[2]}',
                        ParagraphStyle("x", fontName=fonts.ARABIC.face(), fontSize=12, leading=15,
                                       wordWrap="RTL", alignment=2))
    assert _read(_printed(item)) == [" ".join(SENTENCE.split()[:2]), SENTENCE.split()[2]]


def test_min_width_is_the_widest_shaped_word():
    item = paragraph("قصير الكلمةالطويلةجدا قصير", STYLE, fonts.ARABIC, rtl=True)
    long_word = paragraph("الكلمةالطويلةجدا", STYLE, fonts.ARABIC, rtl=True)
    assert item.minWidth() == pytest.approx(long_word.wrap(1000, 1000) and long_word.minWidth())
    assert item.minWidth() > paragraph("قصير", STYLE, fonts.ARABIC, rtl=True).minWidth()


def test_reorder_follows_uax9_rule_l2():
    # levels 1 1 2 2 1: the level-2 pair keeps its order, the whole line is reversed
    assert reorder(list("abcde"), [1, 1, 2, 2, 1]) == list("ecdba")
    assert reorder(list("abc"), [0, 0, 0]) == list("abc")
    assert reorder([], []) == []
