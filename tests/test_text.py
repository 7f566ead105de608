"""Text helpers: escaping, and the bounded shrink-to-fit loop."""

from __future__ import annotations

from chartgen import fonts
from chartgen.fitting import NoFit
from chartgen.text import TextStyle, fit_box, markup_safe, paragraph


def _build(text: str):
    return lambda size: [paragraph(text, TextStyle(size, 1.2, "#000000"), fonts.LATIN)]


def test_markup_is_escaped():
    assert markup_safe("<b>a & b</b>") == "&lt;b&gt;a &amp; b&lt;/b&gt;"


def test_fit_keeps_the_largest_size_that_fits():
    fitted = fit_box(_build("short text"), width=200, height=50, max_size=12, min_size=6.5)
    assert not isinstance(fitted, NoFit)
    assert fitted.size == 12


def test_fit_shrinks_long_text():
    text = "Press gently in small circles and breathe. " * 4
    fitted = fit_box(_build(text), width=150, height=60, max_size=12, min_size=6.5)
    assert not isinstance(fitted, NoFit)
    assert 6.5 <= fitted.size < 12
    assert fitted.height <= 60.01


def test_fit_fails_below_the_floor():
    failure = fit_box(_build("word " * 300), width=100, height=40, max_size=9, min_size=6.5)
    assert isinstance(failure, NoFit)
    assert failure.why.needed_height > 40


def test_fit_fails_for_an_unbreakable_word():
    failure = fit_box(_build("Lendenwirbelsäulenbereichsmassage"), width=40, height=400, max_size=9, min_size=6.5)
    assert isinstance(failure, NoFit)
    assert failure.why.too_wide_word


def test_german_compounds_are_hyphenated_english_is_not():
    from chartgen.text import hyphenation_language

    assert hyphenation_language("de") in ("de", "de_DE")
    assert hyphenation_language("en") is None
    german = "Die Fußreflexzonen der Lendenwirbelsäule liegen im unteren Fußgewölbe."
    para = paragraph(german, TextStyle(10, 1.2, "#000000"), fonts.LATIN, lang="de")
    para.wrap(120, 1000)
    lines = [" ".join(words) for _, words in para.blPara.lines]
    assert any(line.rstrip().endswith("-") for line in lines), lines
    english = paragraph("Reflexology sees the foot as a small map of the body.", TextStyle(10, 1.2, "#000000"),
                        fonts.LATIN, lang="en")
    english.wrap(120, 1000)
    assert not any(" ".join(line[1]).rstrip().endswith("-") for line in english.blPara.lines)


def test_no_line_break_between_a_number_and_its_unit():
    from chartgen.text import bind_numbers

    assert bind_numbers("stand 3 minutes, 100 % and 12 mm") == "stand 3\u00a0minutes, 100\u00a0% and 12\u00a0mm"
    assert bind_numbers("C1–C7 and T1 to T12") == "C1–C7 and T1 to T12"  # codes, not numbers
    para = paragraph("Hold each point for 30 seconds then rest", TextStyle(10, 1.2, "#000000"), fonts.LATIN)
    for width in range(40, 200, 5):
        para.wrap(width, 1000)
        assert not any(words[-1].endswith("30") for _, words in para.blPara.lines), width


def _printed_after_wraps(made, widths: list[float], final: float) -> str:
    """The text pdfium reads off a page where `made` was drawn `final` pt wide after wraps at `widths`."""
    import io

    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    for width in widths:
        made.wrap(width, 1e6)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    made.wrap(final, 1e6)
    made.drawOn(canvas, 20, 400)
    canvas.showPage()
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        return " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()


def _disclaimer(paragraph_class=None):
    from chartgen.text import rich_paragraph

    made = rich_paragraph([("Important", True), (" This chart is for relaxation and self-care. It is not advice.",
                                                 False)], TextStyle(12, 1.32, "#000000"), fonts.LATIN, lang="en")
    if paragraph_class is not None:  # the same markup and style in another class
        made = paragraph_class(made.text, made.style)
    return made


def test_a_paragraph_wrapped_at_several_widths_keeps_its_hyphens():
    """Fitting wraps one paragraph at many widths (balancing a row's panels); at 150 pt the line breaks after
    "self-", and the wide paragraph drawn afterwards must still print "self-care"."""
    assert "self-care" in _printed_after_wraps(_disclaimer(), [150, 120, 225], 400)


def test_negative_control_reportlabs_paragraph_loses_the_hyphen():
    from reportlab.platypus import Paragraph

    printed = _printed_after_wraps(_disclaimer(Paragraph), [150], 400)
    assert "selfcare" in printed and "self-care" not in printed


def test_a_number_bound_to_a_word_in_another_script_takes_that_word_s_font():
    """"Meier 2 दिसंबर": the number and its no-break space go with the Devanagari word, never end the Latin run
    (ReportLab shapes a word that changes font inside it in its first font: the rest printed as empty boxes)."""
    from chartgen import content as content_module
    from chartgen.formats.common import check_content
    from chartgen.text import _runs

    hindi = check_content(content_module.load_language("hi"))
    runs = [(font.key, run) for font, run in _runs("Frau Meier · 2 दिसंबर 2026", hindi, False)]
    assert runs == [("latin", "Frau Meier · "), ("devanagari", "2\u00a0दिसंबर 2026")]
    # A number bound to a Latin word stays in the Latin run.
    latin = [(font.key, run) for font, run in _runs("Meier 2 Wochen", hindi, False)]
    assert latin == [("latin", "Meier 2\u00a0Wochen")]
