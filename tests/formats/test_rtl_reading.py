"""The Arabic poster, card, booklet, imposed booklet and large-print poster as an Arabic reader reads them off the
printed page.

Every printed line is read from glyph positions, right to left (tests/reading.py), and its adjacent word pairs
are looked up in the logical strings of ar.yaml: none may come out reversed. The diagram shows the left foot,
so zones 1 to 4 run right to left, and the card's step badges stand at the right.
"""

from __future__ import annotations

import functools

import pytest

from chartgen import content
from chartgen.formats import booklet, booklet_imposed, card, poster, poster_large
from chartgen.formats.common import content_texts
from tests import reading

MIN_PAIRS_IN_ORDER = {"poster": 150, "card": 40, "booklet": 300, "imposed": 600, "large-print": 250}
"""Adjacent word pairs found in logical order (a reading that finds too few read nothing, not correctly)."""


@functools.cache
def _arabic() -> content.Content:
    return content.load_language("ar")


@functools.cache
def _document(kind: str) -> bytes:
    arabic = _arabic()
    if kind == "poster":
        return poster.render(arabic)
    if kind == "card":
        return card.render(arabic)
    if kind == "booklet":
        return booklet.render(arabic)
    if kind == "large-print":
        return poster_large.render(arabic)
    return booklet_imposed.render(arabic)


def _sources() -> list[str]:
    """Every string of ar.yaml, and each run-in label with the text it is printed with (one line on the page)."""
    arabic = _arabic()
    labelled = [f"{label} {text}" for _, zone in arabic.zones.ordered() for label, text in (
        (arabic.zones.where_label, zone.where), (arabic.zones.find_label, zone.find),
        (arabic.zones.helps_label, zone.helps))]
    labelled += [f"{tip.title} {tip.text}" for tip in arabic.tips.ordered()]
    labelled += [f"{step.title} {step.text}" for step in arabic.steps.items]
    labelled.append(f"{arabic.disclaimer.heading} {arabic.disclaimer.text}")
    labelled += [f"{zone.name} {zone.short}" for _, zone in arabic.zones.ordered()]  # the booklet's overview
    return list(content_texts(arabic).values()) + labelled


@pytest.mark.parametrize("kind", list(MIN_PAIRS_IN_ORDER))
def test_arabic_reads_right_to_left_in_logical_order(kind):
    pdf = _document(kind)
    for page in range(reading.page_count(pdf)):  # every page, so a card's back counts as much as its front
        lines = [line.read(rtl=True) for line in reading.page_lines(pdf, page)]
        report = reading.word_order(lines, _sources())
        assert report.reversed == 0, (kind, page, report.reversed_examples)
    report = reading.word_order(reading.document_lines(pdf, rtl=True), _sources())
    assert report.in_order >= MIN_PAIRS_IN_ORDER[kind], report


def test_negative_control_reportlabs_own_rtl_lines_fail_the_reading(monkeypatch):
    """The poster set with ReportLab's own right-to-left Paragraph (the shipped defect) must fail the check."""
    from reportlab.platypus import Paragraph

    from chartgen import text

    monkeypatch.setattr(text, "_paragraph_class", lambda _rtl, _family: Paragraph)
    report = reading.word_order(reading.document_lines(poster.render(_arabic()), rtl=True), _sources())
    assert report.reversed >= MIN_PAIRS_IN_ORDER["poster"] and report.in_order < report.reversed / 4, report


def test_vertebra_ranges_read_in_their_own_order():
    lines = [reading.same_brackets(line) for line in reading.document_lines(_document("poster"), rtl=True)]
    for segment in ("C1–C7", "T1–T12", "L1–L5"):
        assert any(segment in line for line in lines), segment
    assert not any("7C" in line or "C7–C1" in line for line in lines)


def test_print_note_keeps_100_percent_in_order():
    lines = reading.document_lines(_document("imposed"), rtl=True)
    assert any("100%" in line for line in lines), [line for line in lines if "100" in line]


def test_card_diagram_shows_the_left_foot_zones_numbered_right_to_left():
    """The zone badges 1..4 are the only numerals on the card's front: 1 must stand rightmost, 4 leftmost."""
    xs = _badge_xs(_document("card"))
    assert xs == sorted(xs, reverse=True), xs


@pytest.mark.parametrize("lang, side", [("ar", "left"), ("en", "right")])
def test_poster_diagram_foot_follows_the_reading_direction(lang, side):
    from chartgen.diagram.plan import plan_diagram

    request = poster.diagram_request(poster.plan(content.load_language(lang)))
    assert request.side == side
    plan = plan_diagram(request)
    xs = [x for x, _ in plan.badges]
    assert xs == sorted(xs, reverse=side == "left"), xs
    caption = next(p for p in plan.labels if p.key == "caption")
    assert caption.block.lines[0].text == (request.text.left_foot if side == "left" else request.text.right_foot)


def test_english_diagram_still_shows_the_right_foot():
    xs = _badge_xs(card.render(content.load_language("en")))
    assert xs == sorted(xs), xs


def _badge_xs(pdf: bytes) -> list[float]:
    """Centres (pt) of the diagram's zone numerals 1..4: on the front page, the largest of each numeral."""
    glyphs = reading.page_glyphs(pdf, 0)
    xs = []
    for numeral in "1234":
        largest = max((g for g in glyphs if g.char == numeral), key=lambda g: g.size)
        xs.append((largest.left + largest.right) / 2)
    return xs


def test_card_back_step_badges_stand_right_of_their_text():
    pdf = _document("card")
    arabic = _arabic()
    lines = reading.page_lines(pdf, 1)
    for number, step in enumerate(arabic.steps.items, start=1):
        title_words = set(reading.words(step.title))
        title_line = next(line for line in lines if set(reading.words(line.read(rtl=True))) >= title_words)
        badge = [g for g in reading.page_glyphs(pdf, 1) if g.char == str(number)]
        assert badge, number
        assert min(g.left for g in badge) > max(g.right for g in title_line.glyphs if g.char != str(number))


def test_card_front_names_the_left_foot():
    arabic = _arabic()
    text = " ".join(reading.document_lines(_document("card"), rtl=True))
    assert set(reading.words(arabic.card.view_line_left)) <= set(reading.words(text))


def test_poster_bullets_stand_at_the_right_of_their_items():
    pdf = _document("poster")
    lines = reading.page_lines(pdf, 0)
    bulleted = [line for line in lines if "•" in line.visual]
    assert len(bulleted) >= len(_arabic().cautions.items) + len(_arabic().helps.items)
    for line in bulleted:
        assert line.glyphs[-1].char == "•", line.visual


PHONE = "+49 30 1234 5678"


@functools.cache
def _arabic_brand():
    import tempfile
    from pathlib import Path

    from chartgen import brand

    folder = Path(tempfile.mkdtemp())
    (folder / "brand.yaml").write_text(
        f"name: عيادة Praxis Berg\nphone: {PHONE}\nemail: anna@berg.example\nwebsite: https://berg.example/termine\n"
        "line:\n  ar: المواعيد من الإثنين إلى الجمعة.\n", encoding="utf-8")
    return brand.load(folder / "brand.yaml")


@pytest.mark.parametrize("kind", ["poster", "card", "booklet"])
def test_brand_contacts_read_left_to_right_inside_arabic(kind):
    """A phone number, e-mail address and web address keep their own order; a Latin name stays in order."""
    render = {"poster": poster.render, "card": card.render, "booklet": booklet.render}[kind]
    pdf = render(_arabic(), brand=_arabic_brand())
    text = "\n".join(reading.document_lines(pdf, rtl=True))
    assert PHONE in text, [line for line in text.splitlines() if "49" in line]
    assert "berg.example/termine" in text
    assert "Praxis Berg" in text
    if kind != "card":
        assert "anna@berg.example" in text
