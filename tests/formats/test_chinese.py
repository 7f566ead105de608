"""The Chinese poster, card and booklet (A6, and imposed on A4 and Letter) as a Chinese reader reads them.

Every printed line is read from glyph positions (tests/reading.py): no paragraph may end on a line holding one
character (with its punctuation), such as "方。". Headings, zone names, run-in labels and step titles are printed
in the bold face, body text in the regular one; every character is printed in a font that has it (no .notdef).
"""

from __future__ import annotations

import ctypes
import functools
import io
import unicodedata
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from chartgen import content, fonts
from chartgen.formats import booklet, booklet_imposed, card, poster, poster_rows
from chartgen.text import TextStyle, paragraph, rich_paragraph
from tests import reading

DOCUMENTS = ("poster", "card", "booklet", "imposed-A4", "imposed-letter")
MIN_CHINESE_LINES = {"poster": 80, "card": 15, "booklet": 120, "imposed-A4": 240, "imposed-letter": 240}
"""Printed lines with Chinese in them that each reading must find (one that finds fewer read nothing)."""


@functools.cache
def _chinese() -> content.Content:
    return content.load_language("zh")


@functools.cache
def _document(kind: str) -> bytes:
    zh = _chinese()
    if kind == "poster":
        return poster.render(zh, paper="A3")
    if kind == "card":
        return card.render(zh)
    if kind == "booklet":
        return booklet.render(zh)
    return booklet_imposed.render(zh, sheet=kind.removeprefix("imposed-"))


def _is_hanzi(char: str) -> bool:
    return unicodedata.east_asian_width(char) == "W" and unicodedata.category(char).startswith("L")


def lone_character_lines(pdf: bytes) -> tuple[list[str], int]:
    """(printed lines whose only letter is one Chinese character, number of printed lines with Chinese)."""
    lone, chinese = [], 0
    for page in range(reading.page_count(pdf)):
        for line in reading.page_lines(pdf, page):
            text = line.visual
            letters = [c for c in text if unicodedata.category(c)[0] in "LN"]
            chinese += any(_is_hanzi(c) for c in text)
            if len(letters) == 1 and _is_hanzi(letters[0]):
                lone.append(f"page {page + 1}: {text}")
    return lone, chinese


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_no_paragraph_ends_on_a_lone_character(kind):
    lone, chinese = lone_character_lines(_document(kind))
    assert lone == [], (kind, lone)
    assert chinese >= MIN_CHINESE_LINES[kind], (kind, chinese)


ORPHAN_TEXT = "反射疗法把脚看作身体的一张小地图。脊柱在这张地图上有自己的一条线，一直到足跟底部的地方。"
STYLE = TextStyle(10, 1.3, "#000000")


def _widths_with_orphans(make: type[Paragraph] | None) -> list[float]:
    """Column widths (pt) at which the paragraph, set by `make` (None: chartgen's), ends on a lone character."""
    found = []
    for width in range(60, 300, 2):
        item = paragraph(ORPHAN_TEXT, STYLE, fonts.CJK)
        if make is not None:
            item = make(item.text, item.style)
        item.wrap(width, 1000)
        last = "".join(str(w) for w in item.blPara.lines[-1][1]) if item.blPara.kind == 0 else \
            "".join(str(getattr(w, "text", "")) for w in item.blPara.lines[-1].words)
        if sum(unicodedata.category(c)[0] in "LN" for c in last) == 1:
            found.append(width)
    return found


def _printed(item: Paragraph, width: float) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 40, 200), initialFontName=fonts.LATIN.face(), invariant=1)
    _, height = item.wrap(width, 1000)
    item.drawOn(canvas, 20, 180 - height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_negative_control_reportlabs_own_cjk_lines_end_on_lone_characters():
    """ReportLab's own CJK Paragraph leaves lone last lines, and the reading of the printed page finds them."""
    orphan_widths = _widths_with_orphans(Paragraph)
    assert len(orphan_widths) >= 10, orphan_widths
    assert _widths_with_orphans(None) == []
    width = orphan_widths[0]
    ours = paragraph(ORPHAN_TEXT, STYLE, fonts.CJK)
    plain = Paragraph(ours.text, ours.style)
    assert lone_character_lines(_printed(plain, width))[0], "the reading misses a lone line ReportLab prints"
    assert lone_character_lines(_printed(ours, width))[0] == []


def test_moving_a_character_down_keeps_the_text_and_the_kinsoku():
    """Every character stays, in order; no line starts with closing punctuation; no line is added."""
    zh = _chinese()
    texts = [zh.connection.body, zh.steps.items[2].text, zh.zones.ordered()[3][1].find, zh.disclaimer.text]
    for text in texts:
        for width in range(50, 320, 3):
            ours = paragraph(text, STYLE, fonts.CJK)
            plain = Paragraph(ours.text, ours.style)
            ours.wrap(width, 1000)
            plain.wrap(width, 1000)
            lines = ["".join(str(w) for w in line[1]) if ours.blPara.kind == 0 else
                     "".join(str(getattr(w, "text", "")) for w in line.words) for line in ours.blPara.lines]
            assert "".join(lines) == text, (width, lines)
            assert len(lines) == len(plain.blPara.lines), width
            assert not any(line[:1] in "，。、；：！？）》" for line in lines[1:]), (width, lines)


def test_a_bulleted_and_a_labelled_paragraph_do_not_end_on_a_lone_character():
    """The bullet's room on the first line and the bold run-in label go through the same mend."""
    from chartgen.formats.kit.bullets import bulleted

    for width in range(50, 320, 3):
        item = bulleted(paragraph(ORPHAN_TEXT, STYLE, fonts.CJK), size=STYLE.size, rtl=False)
        labelled = rich_paragraph([("位置", True), (" " + ORPHAN_TEXT, False)], STYLE, fonts.CJK)
        for para in (item, labelled):
            para.wrap(width, 1000)
            last = para.blPara.lines[-1]
            text = "".join(str(w) for w in last[1]) if para.blPara.kind == 0 else \
                "".join(str(getattr(w, "text", "")) for w in last.words)
            assert sum(unicodedata.category(c)[0] in "LN" for c in text) > 1, (width, text)


# ---------------------------------------------------------------- fonts as printed


NO_CHARACTER = ""
"""What pdfium reads for a glyph that stands for no character: ReportLab prints a character its font lacks as
code 0, the .notdef glyph, which the font's ToUnicode map leaves empty."""


def _printed_fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(character, name of the font it is printed in, subset prefix removed) for every printed glyph but spaces;
    NO_CHARACTER for a glyph that stands for none."""
    document = pypdfium2.PdfDocument(pdf)
    out = []
    try:
        for page in document:
            text_page = page.get_textpage()
            for index in range(text_page.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(text_page.raw, index):
                    continue  # line ends and spaces pdfium adds while reading
                char = text_page.get_text_range(index, 1).replace("\x00", NO_CHARACTER)
                if char.isspace():
                    continue
                buffer = ctypes.create_string_buffer(256)
                flags = ctypes.c_int()
                pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, buffer, len(buffer), ctypes.byref(flags))
                out.append((char, buffer.value.decode("latin-1").split("+")[-1]))
    finally:
        document.close()
    return out


@functools.cache
def _font_files() -> dict[str, Path]:
    """PostScript name -> file, for every font chartgen ships."""
    from fontTools.ttLib import TTFont

    files = {}
    for family in fonts.FAMILIES:
        for path in (family.regular_path, family.bold_path):
            with TTFont(str(path), lazy=True) as font:
                files[font["name"].getDebugName(6)] = path
    return files


def _without_glyph(pdf: bytes) -> set[tuple[str, str]]:
    """(character, font) pairs printed as .notdef, or in a font that has no glyph for the character."""
    files = _font_files()
    return {(char, name) for char, name in _printed_fonts(pdf)
            if char == NO_CHARACTER or ord(char) not in fonts._codepoints(files[name])}


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_every_character_is_printed_in_a_font_that_has_it(kind):
    assert _without_glyph(_document(kind)) == set()


def test_negative_control_a_digit_in_the_chinese_face_is_found():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), initialFontName=fonts.CJK.face(), invariant=1)
    canvas.setFont(fonts.CJK.face(bold=True), 12)
    canvas.drawString(10, 10, "反射区 1")
    canvas.showPage()
    canvas.save()
    assert _without_glyph(buffer.getvalue()) == {(NO_CHARACTER, "ChartgenSansSC-Bold")}


def _faces(pdf: bytes, text: str) -> list[list[str]]:
    """For each place `text` is printed (spaces aside), the font of each of its characters."""
    printed = _printed_fonts(pdf)
    chars = "".join(c if len(c) == 1 else "\ufffd" for c, _ in printed)
    wanted = text.replace(" ", "")
    found, start = [], chars.find(wanted)
    while start >= 0:
        found.append([name for _, name in printed[start:start + len(wanted)]])
        start = chars.find(wanted, start + 1)
    assert found, f"{text!r} is not printed"
    return found


def _bold(names: list[str]) -> bool:
    return all(name.endswith("-Bold") for name in names)


def _regular(names: list[str]) -> bool:
    return not any(name.endswith("-Bold") for name in names)


def test_headings_names_labels_and_step_titles_are_bold_body_text_is_not():
    zh = _chinese()
    poster_pdf, card_pdf, booklet_pdf = _document("poster"), _document("card"), _document("booklet")
    for text in (zh.title, zh.zones.heading, zh.steps.heading, zh.cautions.heading, zh.zones.cervical.name):
        assert all(_bold(names) for names in _faces(poster_pdf, text)), text
    for text in (zh.connection.body[:12], zh.steps.items[0].text[:8], zh.cautions.items[0]):
        assert all(_regular(names) for names in _faces(poster_pdf, text)), text
    # A run-in label in bold, its text in regular: in every zone panel and tip of the poster.
    runs_in = [(label, text) for _, zone in zh.zones.ordered() for label, text in (
        (zh.zones.where_label, zone.where), (zh.zones.find_label, zone.find), (zh.zones.helps_label, zone.helps))]
    runs_in += [(tip.title, tip.text) for tip in (zh.tips.mat, zh.tips.outer_edge, zh.tips.both_feet)]
    for label, text in runs_in:
        for names in _faces(poster_pdf, label + text[:4]):
            assert _bold(names[:len(label)]) and _regular(names[len(label):]), (label, text[:4], names)
    for step in zh.steps.items:  # step titles (also said in body text) on the poster, card back and booklet
        for document in (poster_pdf, card_pdf, booklet_pdf):
            assert any(_bold(names) for names in _faces(document, step.title)), step.title
    for text in (zh.connection.heading, zh.booklet.at_a_glance, zh.zones.lumbar.name):
        assert any(_bold(names) for names in _faces(booklet_pdf, text)), text
    # The booklet's zones at a glance: the name in bold, then the short name in regular ("颈椎 颈部 · C1–C7").
    for _, zone in zh.zones.ordered():
        names = _faces(booklet_pdf, zone.name + zone.short)[0]
        assert _bold(names[:len(zone.name)]) and _regular(names[len(zone.name):]), (zone.name, names)


def _gaps_after_full_stops(pdf: bytes) -> list[str]:
    """Printed lines with a word space after a full-width full stop or comma ("反应。 每天")."""
    return [line.visual for page in range(reading.page_count(pdf)) for line in reading.page_lines(pdf, page)
            if "。 " in line.visual or "， " in line.visual]


def test_sentences_run_on_without_a_space(monkeypatch):
    zh = _chinese()
    for kind in DOCUMENTS:
        assert _gaps_after_full_stops(_document(kind)) == [], kind
    # The control: the steps' intro and note joined with a space, as they were, is read as such.
    monkeypatch.setattr(poster_rows, "run_on", lambda texts, _family: " ".join(texts))
    assert _gaps_after_full_stops(poster.render(zh, paper="A3"))


# ---------------------------------------------------------------- the booklet's pages are not half empty

EMPTY_DPI = 100
TEXT_PAGES = slice(2, -1)
"""The booklet's text pages: from "how feet and back connect" to the page before the back cover."""


def _empty_shares(pdf: bytes) -> list[float]:
    """For each page, the share of the text block (inside the margins) below its lowest ink, from a render."""
    import numpy as np

    layout = booklet.load_booklet()
    margins, mm = layout.margins, EMPTY_DPI / 25.4
    document = pypdfium2.PdfDocument(pdf)
    shares = []
    try:
        for page in document:
            pixels = np.asarray(page.render(scale=EMPTY_DPI / 72).to_pil().convert("L"))
            # Inside the top and bottom margins (the running foot is below), clear of the thumb tabs at the sides.
            side = int(max(margins.inner_mm, margins.outer_mm) * mm)
            block = pixels[int(margins.top_mm * mm):pixels.shape[0] - int(margins.bottom_mm * mm), side:-side]
            inked = np.where((block < 235).any(axis=1))[0]
            shares.append(1 - (inked.max() + 1) / block.shape[0] if len(inked) else 1.0)
    finally:
        document.close()
    return shares


def test_booklet_text_pages_are_not_half_empty():
    """Chinese is set 1.1 times larger (booklet.yaml's script_type_factors): its pages fill as the English ones do.
    Measured when this was written: empty shares 29 % on average, up to 50 % (at 9.5 pt) -> 20 %, up to 44 %."""
    shares = _empty_shares(_document("booklet"))[TEXT_PAGES]
    assert sum(shares) / len(shares) <= 0.24 and max(shares) <= 0.46, [round(s, 2) for s in shares]
    sizes = [round(glyph.size, 2) for glyph in reading.page_glyphs(_document("booklet"), 2)]
    body = max(set(sizes), key=sizes.count)  # the size most characters of the page are set at
    assert body >= 10.4, body


def test_negative_control_the_booklet_at_the_latin_size_is_emptier():
    import dataclasses

    layout = booklet.load_booklet()
    latin_size = dataclasses.replace(layout, script_type_factors=dataclasses.replace(layout.script_type_factors,
                                                                                     cjk=1.0))
    shares = _empty_shares(booklet.render(_chinese(), layout=latin_size))[TEXT_PAGES]
    assert sum(shares) / len(shares) > 0.24, [round(s, 2) for s in shares]
