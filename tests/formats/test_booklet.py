"""The booklet: page count and sizes, padding, page numbers, bookmarks, type sizes, fitting errors, determinism."""

from __future__ import annotations

import dataclasses
import functools
import io

import numpy as np
import pytest

from chartgen import content as content_module
from chartgen import diagram
from chartgen.diagram import PAGE
from chartgen.errors import InputError
from chartgen.formats import booklet
from chartgen.layout import MM, load_booklet
from conftest import missing_glyphs, pdf_reader, printed_text, render_png, write_locale
from printed import printed_glyphs

PAPERS_MM = {"A6": (105, 148), "A5": (148, 210)}


@functools.cache
def booklet_pdf(paper: str = "A6", bleed: bool = False) -> bytes:
    """The English booklet, made once per test run for each paper and bleed setting."""
    return booklet.render(content_module.load_language("en"), paper=paper, bleed=bleed)


def _text(data: bytes, page: int) -> str:
    """The text of one page (read once per document and page, by pdfium: see conftest.printed_text), its white
    space made single spaces."""
    return " ".join(printed_text(data, page).split())


def _texts(data: bytes) -> list[str]:
    return [_text(data, page) for page in range(len(pdf_reader(data).pages))]


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_twelve_pages_of_the_paper_size(paper):
    reader = pdf_reader(booklet_pdf(paper))
    assert len(reader.pages) == 12
    width_mm, height_mm = PAPERS_MM[paper]
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width_mm * MM, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height_mm * MM, abs=0.01)


def test_bleed_sets_trim_and_bleed_boxes_on_every_page():
    reader = pdf_reader(booklet_pdf("A5", bleed=True))
    layout = load_booklet()
    slug = (layout.crop_mark_offset_mm + layout.crop_mark_length_mm) * MM
    for page in reader.pages:
        trim, bleed = page.trimbox, page.bleedbox
        assert float(trim.left) == pytest.approx(slug, abs=0.01)
        assert float(trim.width) == pytest.approx(148 * MM, abs=0.01)
        assert float(trim.left) - float(bleed.left) == pytest.approx(3 * MM, abs=0.01)
        assert float(page.mediabox.width) == pytest.approx(148 * MM + 2 * slug, abs=0.01)


def test_pages_in_order_with_numbers_except_on_the_covers(en):
    texts = _texts(booklet_pdf())
    assert en.title in texts[0] and en.booklet.cover_line in texts[0]
    assert en.booklet.contents in texts[1]
    assert en.connection.heading in texts[2]
    for index, (_, zone) in enumerate(en.zones.ordered()):
        assert zone.name in texts[3 + index] and zone.find in texts[3 + index]
    assert en.steps.heading in texts[7]
    assert en.booklet.acupressure_heading in texts[8]
    assert en.helps.heading in texts[9]
    assert en.cautions.heading in texts[10] and en.disclaimer.text in texts[10]
    assert en.booklet.practitioner in texts[11] and en.convention in texts[11]
    for number, foot in enumerate(_bottom_texts(booklet_pdf(), height_mm=load_booklet().margins.bottom_mm), 1):
        line = " ".join(foot)
        if number in (1, 12):
            assert line == "", f"page {number}"
        else:
            assert line.split()[0 if number % 2 == 0 else -1] == str(number), f"page {number}: {line}"
            assert en.booklet.running_title in line
    assert all(missing_glyphs(booklet_pdf(), page) == 0 for page in range(len(texts)))


def _bottom_texts(data: bytes, *, height_mm: float) -> list[list[str]]:
    """The text lines in the bottom `height_mm` of every page (the running foot), one list per page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        found = []
        for page in document:
            text = page.get_textpage().get_text_bounded(0, 0, page.get_width(), height_mm * MM)
            found.append([line.strip() for line in text.replace("\r", "").split("\n") if line.strip()])
        return found
    finally:
        document.close()


def test_contents_lists_the_right_page_numbers(en):
    contents = _text(booklet_pdf(), 1)
    assert f"{en.connection.heading} 3" in contents
    assert f"{en.zones.lumbar.name} 6" in contents
    assert f"{en.cautions.heading} 11" in contents


def test_bookmarks_for_every_section_with_zones_nested(en):
    reader = pdf_reader(booklet_pdf())
    outline = reader.outline
    top = [(item.title, reader.get_destination_page_number(item)) for item in outline if not isinstance(item, list)]
    assert top == [(en.title, 0), (en.booklet.contents, 1), (en.connection.heading, 2), (en.zones.heading, 3),
                   (en.steps.heading, 7), (en.booklet.acupressure_heading, 8), (en.helps.heading, 9),
                   (en.cautions.heading, 10)]
    children = next(item for item in outline if isinstance(item, list))
    assert [(c.title, reader.get_destination_page_number(c)) for c in children] == [
        (zone.name, 3 + index) for index, (_, zone) in enumerate(en.zones.ordered())]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize(("paper", "floor"), [("A6", 9.0), ("A5", 11.0)])
def test_body_text_is_at_least_the_floor(paper, floor):
    # Each printed character's size as a ruler gives it (tests/printed.py, as for the poster in test_type_size.py),
    # read by pdfium: the same body size as pypdf's text runs gave (9.25 and 12 pt when this was written), 1.2 s
    # sooner for the A5 pages.
    sizes = [glyph.size for page in range(2, 11) for glyph in printed_glyphs(booklet_pdf(paper), page)]
    body = max(set(sizes), key=sizes.count)  # the most common size is the body text
    assert body >= floor
    assert load_booklet().papers[paper].min_body_pt == floor


def test_metadata_fonts_embedded_and_qpdf_clean(en):
    import pikepdf

    data = booklet_pdf()
    reader = pdf_reader(data)
    assert reader.metadata.title == en.title
    assert reader.trailer["/Root"]["/Lang"] == "en"
    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                assert "Helvetica" not in str(font.BaseFont)


def test_same_input_same_bytes():
    assert booklet.render(content_module.load_language("en")) == booklet_pdf()


def test_each_diagram_is_one_request_of_one_size(en):
    requests = booklet.diagram_requests(booklet.plan(en))
    assert sorted(requests) == [0, 3, 4, 5, 6]
    assert [requests[i].highlight for i in sorted(requests)] == [(), ("cervical",), ("thoracic",), ("lumbar",),
                                                                   ("sacral",)]
    assert len({(r.width_pt, r.height_pt, r.label_size_pt) for r in requests.values()}) == 1
    assert all(r.style == PAGE for r in requests.values())


def test_zone_page_shows_its_zone_colour_strongly(en):
    """The highlighted zone's colour is on its page's diagram, the other zones only faded."""
    page_plan = booklet.plan(en)
    art = diagram.render(booklet.diagram_requests(page_plan)[5])  # lumbar
    pixels = render_png(art, "booklet-diagram-lumbar", dpi=100).reshape(-1, 3).astype(int)
    lumbar, cervical = np.array([0xE8, 0xA5, 0x30]), np.array([0x1F, 0x3A, 0x8A])
    near = lambda colour: int((np.abs(pixels - colour).sum(axis=1) < 40).sum())  # noqa: E731
    assert near(lumbar) > 50
    assert near(cervical) < near(lumbar) / 5


def test_cover_and_zone_page_pictures():
    cover = render_png(booklet_pdf(), "booklet-cover", dpi=40)
    accent = np.array([0x2C, 0x5F, 0x7C])
    top = cover[: cover.shape[0] // 6].reshape(-1, 3).astype(int)
    assert (np.abs(top - accent).sum(axis=1) < 30).mean() > 0.5, "the accent band is missing from the cover"
    page = render_png(booklet_pdf(), "booklet-zone-1", dpi=40, page=3)
    assert (page < 200).any(axis=2).mean() > 0.03, "the zone page looks blank"


def test_padding_adds_notes_pages_before_the_back_cover(en):
    layout = dataclasses.replace(load_booklet(), pages=("cover", "contents", "zones", "back_cover"))
    assert [s.kind for s in booklet.page_sequence(en, layout)] == [
        "cover", "contents", "zones", "zones", "zones", "zones", "notes", "back_cover"]
    padded = dataclasses.replace(load_booklet(), pages=("cover", "connection", "back_cover"))
    assert [s.kind for s in booklet.page_sequence(en, padded)] == [
        "cover", "connection", "notes", "notes", "notes", "notes", "notes", "back_cover"]
    assert len(booklet.page_sequence(en, load_booklet())) == 12  # the shipped sequence needs no padding


def test_notes_page_is_drawn_and_listed(en):
    layout = dataclasses.replace(load_booklet(), pages=("cover", "contents", "connection", "zones", "steps",
                                                        "helps", "cautions", "back_cover"))
    data = booklet.render(en, layout=layout)
    assert len(pdf_reader(data).pages) == 12
    assert en.booklet.notes in _text(data, 10)
    assert f"{en.booklet.notes} 11" in _text(data, 1)
    lines = render_png(data, "booklet-notes", dpi=40, page=10)
    assert (lines < 235).any(axis=2)[lines.shape[0] // 3: lines.shape[0] * 3 // 4].mean() > 0.01


def test_too_many_pages_is_an_error(en):
    layout = dataclasses.replace(load_booklet(), max_pages=8)
    with pytest.raises(InputError) as caught:
        booklet.page_sequence(en, layout)
    assert "12 pages, more than max_pages 8" in str(caught.value)


def test_text_that_cannot_fit_names_the_page_and_box(tmp_path):
    """Even run on to a second page, three long texts of one zone do not fit: the error names page and box."""
    long = " ".join(["Press gently along the inner edge of the foot and breathe out slowly."] * 20)

    def edit(text: str) -> str:
        text = text.replace("helps: A stiff neck and tight shoulders from desk work or phone use.", f"helps: {long}")
        return text.replace("    where: The inner side of the big toe's base, down to the big-toe joint.",
                            f"    where: {long}")

    path = write_locale(tmp_path, edit)
    with pytest.raises(InputError) as caught:
        booklet.render(content_module.load(path))
    message = str(caught.value)
    assert "zones.cervical" in message and "(Cervical spine, run on from page 4)" in message
    assert "does not fit on A6 even with 9 pt body text" in message and "language 'en'" in message


def test_unknown_paper_lists_the_choices(en):
    with pytest.raises(InputError) as caught:
        booklet.render(en, paper="A4")
    assert "unknown paper 'A4'; choose one of A6|A5" in str(caught.value)


@pytest.mark.background  # 26 plans, needing nothing from the other tests: beside them (conftest.py)
@pytest.mark.parametrize("lang", content_module.available_languages())
@pytest.mark.parametrize("paper", PAPERS_MM)
def test_every_language_fits_every_paper(lang, paper):
    plan = booklet.plan(content_module.load_language(lang), paper=paper)
    assert len(plan.pages) % 4 == 0
    assert plan.body_size >= load_booklet().papers[paper].min_body_pt


def test_cli_default_name_and_option_errors(tmp_path, monkeypatch, capsys):
    from chartgen.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["booklet", "--paper", "a5"]) == 0
    assert (tmp_path / "chartgen-booklet-en-A5.pdf").is_file()
    assert main(["booklet", "--sheet", "A4"]) == 2
    assert main(["booklet", "--imposed", "--bleed"]) == 2
    assert main(["booklet", "--imposed", "--sheet", "A3"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "chartgen: --sheet: --sheet only applies to --imposed; add --imposed or leave --sheet out",
        "chartgen: --bleed: --bleed and --imposed do not go together: --imposed is for printing at home or in an "
        "office; a print shop takes the --bleed file and imposes it itself",
        "chartgen: --sheet: unknown sheet 'A3'; choose one of A4|letter",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chartgen-booklet-en-A5.pdf"]


def test_text_too_long_for_one_page_runs_on_to_the_next(tmp_path):
    """A zone page whose text does not fit runs on to a next page; the booklet grows to 16 pages, the contents
    and bookmarks list the zone once, on the page where it starts."""
    long = " ".join(["Press gently along the inner edge of the foot and breathe out slowly."] * 14)
    path = write_locale(tmp_path, lambda text: text.replace(
        "helps: A stiff neck and tight shoulders from desk work or phone use.", f"helps: {long}"))
    data = booklet.render(content_module.load(path))
    reader = pdf_reader(data)
    assert len(reader.pages) == 16
    assert "Press gently along the inner edge" in reader.pages[4].extract_text()  # page 5: the run-on
    assert [item.title for item in reader.outline if not isinstance(item, list)].count("Cervical spine") <= 1


INTRO_END = "      upper back.\n    thoracic:"
"""Where en.yaml's booklet intro to the cervical zone ends (a text only the booklet prints)."""
INTRO_SENTENCE = "Rest your hands on your knees and breathe slowly."


def longer_intro(tmp_path, sentences: int, *, steps_note: int = 0):
    """en.yaml with `sentences` more sentences in the booklet's cervical intro (and `steps_note` more in the
    massage steps' closing note), written to a file of its own (locale files are cached by path)."""
    extra = " ".join([INTRO_SENTENCE] * sentences)

    def edit(text: str) -> str:
        text = text.replace(INTRO_END, f"      upper back. {extra}\n    thoracic:")
        note = "  note: A few minutes a day are enough."
        return text.replace(note, " ".join([note, *[INTRO_SENTENCE] * steps_note]))

    return write_locale(tmp_path, edit, name=f"intro-{sentences}-{steps_note}.yaml")


FAILS_ONLY_ON_LETTER = 15
"""How many sentences more the cervical intro needed to fail on letter sheets when the test was written: where the
search below looks first."""


@pytest.mark.background  # checks every combination; needs nothing from the other tests (conftest.py)
def test_check_finds_a_text_that_fails_only_imposed_on_letter(tmp_path, capsys):
    """The shortest cervical intro too long for the A6 pages on letter sheets (fine with every other option) is
    found by `check`, once, named with that option combination and with the workarounds that work; one
    sentence less passes every combination (the negative control). The suggested --sheet A4 then builds."""
    from chartgen import cli
    from chartgen.formats import Request, Settings, formats

    booklet_format = formats()["booklet"]
    letter = Settings(paper="A6", sheet="letter")

    def fails(sentences: int) -> bool:
        return bool(booklet_format.check(Request(content_module.load(longer_intro(tmp_path, sentences)), letter)))

    # The shortest failing intro: the one the search found when this was written is tried first (two checks
    # instead of seven); if the layout has moved it, the search runs, as before, from a bracket.
    if not fails(FAILS_ONLY_ON_LETTER - 1) and fails(FAILS_ONLY_ON_LETTER):
        low, high = FAILS_ONLY_ON_LETTER - 1, FAILS_ONLY_ON_LETTER
    else:
        low, high = 0, 26  # fits, does not fit (under the 1,500 characters a text may have)
        assert not fails(low) and fails(high)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if fails(middle) else (middle, high)
    # Only the booklet prints this intro: the other formats' combinations cannot fail on it.
    assert cli.main(["check", "--content", str(longer_intro(tmp_path, high)), "--formats", "booklet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "zones.cervical" in err[0] and "on US Letter" in err[0] and "shorten" not in err[0]
    assert err[0].endswith("; it fits with --sheet A4 or with --paper A5 [in: booklet --paper A6 --imposed "
                           "--sheet letter]")
    assert cli.main(["check", "--content", str(longer_intro(tmp_path, low)), "--formats", "booklet"]) == 0
    out = tmp_path / "sheets.pdf"
    assert cli.main(["booklet", "--content", str(longer_intro(tmp_path, high)), "--imposed", "--sheet", "A4",
                     "-o", str(out)]) == 0


def test_a_shipped_translation_is_reported_never_to_be_shortened(en, tmp_path):
    """With nothing else to try (A5 on its own pages), a page of a shipped translation that does not fit asks for
    a bug report; the same words in the user's own file ask to shorten them (the negative control)."""
    from chartgen.formats import Request, Settings

    def advice(content: content_module.Content) -> str:
        problem = content.problem("zones.cervical", "language 'en': the text of page 4 does not fit")
        error = booklet.PageFitError(problem)
        return str(booklet._advised(error, Request(content, Settings(paper="A5"))))

    assert en.shipped
    assert advice(en).endswith("does not fit; chartgen's own translations must fit every option: please report "
                               "this as a bug")
    own = content_module.load(write_locale(tmp_path, lambda text: text))
    assert not own.shipped
    assert advice(own).endswith("does not fit; shorten it")


@pytest.mark.background  # checks every combination; needs nothing from the other tests (conftest.py)
def test_pages_added_by_running_on_keep_contents_and_bookmarks_right(tmp_path):
    """Two texts made longer run on to next pages: the page count stays a multiple of 4, and every contents
    line and bookmark points to the page where its section starts, read off the pages."""
    import re

    data = booklet.render(content_module.load(longer_intro(tmp_path, 14, steps_note=12)))
    reader = pdf_reader(data)
    texts = _texts(data)
    assert len(texts) % 4 == 0 and len(texts) > 12
    marks = []
    for item in reader.outline:
        for mark in item if isinstance(item, list) else [item]:
            marks.append((mark.title, reader.get_destination_page_number(mark)))
    contents, checked = texts[1], 0
    for title, index in marks[2:]:  # after the cover and the contents page
        listed = re.search(re.escape(title) + r" (\d+)\b", contents)
        if listed is None:  # the zones' group title: listed without a number, its zones under it
            continue
        checked += 1
        assert int(listed.group(1)) == index + 1, f"contents: {title!r} on page {listed.group(1)}"
        assert title in texts[index], f"bookmark {title!r} points to page {index + 1}"
    assert checked == 10  # connection, four zones, steps, acupressure, helps, cautions, notes
    listed = {int(number) for number in re.findall(r" (\d+)\b", contents)}
    notes = content_module.load_language("en").booklet.notes
    run_on = [number for number in range(3, len(texts)) if number not in listed and notes not in texts[number - 1]]
    assert run_on == [5, 10]  # the rest of the cervical zone after page 4, of the steps after page 9


def empty_shares(data: bytes, plan: booklet.BookletPlan, *, dpi: float = 40) -> dict[int, float]:
    """For every page between the covers (which spread their parts on purpose): the longest run of blank pixel
    rows inside the text block, as a share of its height, read from a render (page number -> share)."""
    import pypdfium2

    frame, shares = plan.frame, {}
    document = pypdfium2.PdfDocument(data)
    try:
        for page in plan.pages[1:-1]:
            image = np.asarray(document[page.number - 1].render(scale=dpi / 72).to_pil().convert("L"))
            top = round(image.shape[0] - frame.text_top * dpi / 72)
            bottom = round(image.shape[0] - frame.text_bottom * dpi / 72)
            left = round(frame.text_x(page.number) * dpi / 72)
            block = image[top:bottom, left:left + round(frame.text_width * dpi / 72)]
            blank, longest = 0, 0
            for inked in (block < 235).any(axis=1):
                blank = 0 if inked else blank + 1
                longest = max(longest, blank)
            shares[page.number] = longest / block.shape[0]
    finally:
        document.close()
    return shares


A5_MOST_EMPTY = 0.30
"""No A5 page between the covers may end in (or hold) a blank band taller than this share of its text block."""


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a5_pages_use_their_room(lang):
    """A5 has its own type scale (12 pt body), widens the gaps of a page with room and puts the map under short
    pages' text: no page is more than 30 % blank (read from renders)."""
    content = content_module.load_language(lang)
    plan = booklet.plan(content, paper="A5")
    shares = empty_shares(booklet.render(content, paper="A5"), plan)
    assert max(shares.values()) < A5_MOST_EMPTY, {page: f"{share:.0%}" for page, share in shares.items()}
    assert plan.body_size >= 11.5 and plan.sizes.heading / plan.body_size == pytest.approx(1.5)


def test_a5_as_an_enlarged_a6_leaves_pages_empty(en):
    """Negative control for the measurement: A5 laid out as before, an A6 enlarged (A6 type times 1.2, no
    widened gaps, no maps), has pages more than 30 % blank."""
    layout = load_booklet()
    enlarged = dataclasses.replace(layout.papers["A5"], type=None, type_factor=1.2, diagram_height_mm=None,
                                   gap_stretch=1.0, page_maps=())
    layout = dataclasses.replace(layout, papers={**layout.papers, "A5": enlarged})
    plan = booklet.plan(en, paper="A5", layout=layout)
    shares = empty_shares(booklet.render(en, paper="A5", layout=layout), plan)
    assert sum(share > A5_MOST_EMPTY for share in shares.values()) >= 4
