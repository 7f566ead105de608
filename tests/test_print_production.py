"""Print production of every format, read off the files as a print shop's preflight reads them (tests/preflight.py):
every font embedded, the header's PDF version what the file uses, nothing but paper (or, with bleed, art running
on into the bleed) within 3 mm of any trim, marks in registration colour, hairline, clear of the pages and their
bleed. Each check first shows on a broken file that it finds the fault (negative controls)."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfWriter
from reportlab.lib.colors import CMYKColorSep, HexColor
from reportlab.pdfgen.canvas import Canvas

import preflight
import tagged
from chartgen import brand as brand_module
from chartgen import content as content_module
from chartgen import pdf, tagging
from chartgen.formats import booklet, booklet_imposed, card, handout, poster
from chartgen.formats.common import check_content
from chartgen.layout import MM
from conftest import poster_pdf

INFO = pdf.DocumentInfo(title="T", subject="S", author="A", lang="en")
A6 = (105 * MM, 148 * MM)
BLEED = 3 * MM
SLUG = 8 * MM
"""Room around a test page's trim for bleed and marks (pt)."""


# ---------------------------------------------------------------- the documents


@functools.cache
def _brand_folder() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="chartgen-print-brand-"))


@functools.cache
def _brand(logo: str = "png") -> brand_module.Brand:
    """A practitioner with a website (a QR code) and a logo: a PNG with transparency (a soft mask), or an SVG
    drawn as vectors (a ReportLab drawing, as the QR code once was)."""
    folder = _brand_folder() / logo
    folder.mkdir(parents=True, exist_ok=True)
    if logo == "png":
        image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
        image.paste((200, 30, 30, 255), (20, 20, 220, 220))
        image.save(folder / "logo.png")
    else:
        (folder / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><rect width="60" height="30" '
            'fill="#c33"/><circle cx="15" cy="15" r="10" fill="#fff"/></svg>', encoding="utf-8")
    (folder / "brand.yaml").write_text(
        f"name: Praxis Fußwohl\nperson: Anna Berg\nphone: +49 30 1234 5678\nwebsite: https://fusswohl.example\n"
        f"logo: logo.{logo}\n", encoding="utf-8")
    return brand_module.load(folder / "brand.yaml")


def _content(lang: str = "en") -> content_module.Content:
    return content_module.load_language(lang)


SHEETS = ("card-A4", "card-A4-brand", "card-letter-bleed", "booklet-imposed-A4", "booklet-imposed-A4-brand",
          "booklet-imposed-letter")
"""Documents whose pages are print sheets carrying several pages (each with its own trim)."""

DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "poster": lambda: poster_pdf("A3"),
    "poster-bleed": lambda: poster_pdf("A3", bleed=True),
    "poster-brand": lambda: poster.render(_content(), brand=_brand()),
    "poster-bleed-brand-svg": lambda: poster.render(_content(), bleed=True, brand=_brand("svg")),
    "card": lambda: card.render(_content()),
    "card-bleed": lambda: card.render(_content(), bleed=True),
    "card-brand-hi": lambda: card.render(_content("hi"), brand=_brand()),  # with its QR code (room for it in hi)
    "card-bleed-brand": lambda: card.render(_content(), bleed=True, brand=_brand()),
    "card-A4": lambda: card.render(_content(), sheet="A4"),
    "card-A4-brand": lambda: card.render(_content(), sheet="A4", brand=_brand()),
    "card-letter-bleed": lambda: card.render(_content(), sheet="letter", bleed=True),
    "booklet-A6": lambda: booklet.render(_content()),
    "booklet-A6-brand": lambda: booklet.render(_content(), brand=_brand()),
    "booklet-A6-bleed": lambda: booklet.render(_content(), bleed=True),
    "booklet-A6-bleed-brand-ar": lambda: booklet.render(_content("ar"), bleed=True, brand=_brand()),
    "booklet-A5": lambda: booklet.render(_content(), paper="A5"),
    "booklet-A5-bleed": lambda: booklet.render(_content(), paper="A5", bleed=True),
    "booklet-imposed-A4": lambda: booklet_imposed.render(_content()),
    "booklet-imposed-A4-brand": lambda: booklet_imposed.render(_content(), brand=_brand()),
    "booklet-imposed-letter": lambda: booklet_imposed.render(_content(), sheet="letter"),
    "handout": lambda: handout.render(_content()),
    "handout-letter-duplex-brand-ar": lambda: handout.render(
        _content("ar"), paper="letter", duplex=True, brand=_brand(),
        client=handout.Client(name="A. Berg", focus=("lumbar",), note="Five minutes, both feet.")),
}
"""Every format, with and without a brand and bleed where the format takes them (ar: tabs on the other side)."""


@functools.cache
def document(name: str) -> bytes:
    return DOCUMENTS[name]()


def _trims(name: str, data: bytes) -> list[list[preflight.Trim]]:
    """Each page's trims: its TrimBox, or on a sheet the placed pages (cards on a bleed sheet carry 3 mm)."""
    if name in SHEETS:
        return preflight.sheet_trims(data, bleed=BLEED if "bleed" in name else 0.0)
    return preflight.page_trims(data)


def _pieces(name: str, data: bytes) -> list[list[preflight.Box]]:
    """What marks must stay clear of on each page: its BleedBox, or on a sheet every placed page."""
    if name in SHEETS:
        return preflight.placed_pages(data)
    return [[trim.box.inset(-trim.bleed) for trim in trims] for trims in preflight.page_trims(data)]


def _page_heights(data: bytes) -> list[float]:
    with pikepdf.open(io.BytesIO(data)) as document_:
        return [float(page.obj["/MediaBox"][3]) - float(page.obj["/MediaBox"][1]) for page in document_.pages]


# ---------------------------------------------------------------- test pages for the negative controls


def _page(draw: Callable[[Canvas], None], *, bleed: bool, font: str | None = None,
          stamp: bytes | None = None) -> bytes:
    """An A6 page (with bleed: 8 mm slug around the trim, 3 mm bleed, boxes set) drawn by `draw`, finished by
    chartgen's pdf.finish; `stamp` is placed on it as a form, as the diagram is."""
    slug = SLUG if bleed else 0.0
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=(A6[0] + 2 * slug, A6[1] + 2 * slug), font=font) if font else \
        Canvas(buffer, pagesize=(A6[0] + 2 * slug, A6[1] + 2 * slug), invariant=1)
    canvas.translate(slug, slug)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    trim = pdf.Box(slug, slug, *A6)
    boxes = pdf.PrintBoxes(trim=trim, bleed=trim.inset(-BLEED)) if bleed else None
    stamps = [pdf.Stamp(0, stamp, 0, 0)] if stamp else []
    return pdf.finish(buffer.getvalue(), stamps=stamps, info=INFO, boxes=boxes)


def _text_at(x_mm: float) -> Callable[[Canvas], None]:
    """Black 9 pt text whose left edge is `x_mm` from the trim's left edge, half way up."""
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.drawString(x_mm * MM, A6[1] / 2, "12 Zone")
    return draw


def _tab(numeral_mm: float, *, to_bleed: bool = True) -> Callable[[Canvas], None]:
    """A blue tab on the left edge, 7 mm wide inside the trim (into the bleed when `to_bleed`), its numeral's
    centre `numeral_mm` from the trim."""
    def draw(canvas: Canvas) -> None:
        canvas.setFillColor(HexColor("#1F3A8A"))
        left = -BLEED if to_bleed else 0.0
        canvas.rect(left, A6[1] / 2, 7 * MM - left, 11 * MM, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#FFFFFF"))
        canvas.setFont("Helvetica-Bold", 7)
        canvas.drawCentredString(numeral_mm * MM, A6[1] / 2 + 4 * MM, "1")
    return draw


def _safe_zone(data: bytes, trims: list[list[preflight.Trim]] | None = None) -> list[str]:
    trims = trims or preflight.page_trims(data)
    heights = _page_heights(data)
    return [problem for index, page_trims in enumerate(trims)
            for problem in preflight.safe_zone_problems(preflight.render(data, index), heights[index], page_trims,
                                                        where=f"page {index + 1}: ")]


# ---------------------------------------------------------------- negative controls


def test_a_plain_reportlab_helvetica_is_found_unembedded_in_a_page_a_form_or_an_annotation():
    helvetica = _page(_text_at(20), bleed=False)  # ReportLab's own canvas: Helvetica, a standard font
    assert any("/Helvetica" in p for p in preflight.unembedded_fonts(helvetica))
    stamped = _page(lambda _canvas: None, bleed=False, font=check_content(_content()).face(), stamp=helvetica)
    assert not any("XObject" not in p for p in preflight.unembedded_fonts(stamped))  # the page's own: embedded
    assert any("XObject /ChartgenArt0" in p and "/Helvetica" in p for p in preflight.unembedded_fonts(stamped))
    # A form field's appearance stream, on a page whose own font is embedded: ReportLab sets fields in Helvetica.
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=A6, font=check_content(_content()).face())
    canvas.acroForm.textfield(name="client", x=20, y=20, width=100, height=20, value="Anna")
    canvas.showPage()
    canvas.save()
    assert [p for p in preflight.unembedded_fonts(buffer.getvalue()) if "annotation" in p and "/Helvetica" in p]


def test_the_version_check_tells_a_transparent_1_3_file_from_a_right_one():
    def transparent(canvas: Canvas) -> None:
        canvas.setFillAlpha(0.5)
        canvas.rect(10, 10, 50, 50, stroke=0, fill=1)

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, invariant=1)
    transparent(canvas)
    canvas.showPage()
    canvas.save()
    written = io.BytesIO()
    PdfWriter(clone_from=io.BytesIO(buffer.getvalue())).write(written)  # as pdf.finish did: pypdf says 1.3
    raw = written.getvalue()
    assert preflight.declared_version(raw) == "1.3" and preflight.needed_version(raw) == "1.4"
    finished = _page(transparent, bleed=False)
    assert preflight.declared_version(finished) == preflight.needed_version(finished) == pdf.PDF_VERSION


def test_the_safe_zone_check_finds_text_near_the_trim_and_art_that_stops_at_it():
    assert _safe_zone(_page(_text_at(1.5), bleed=False))  # text 1.5 mm from the trim
    assert not _safe_zone(_page(_text_at(3.5), bleed=False))
    assert _safe_zone(_page(_tab(2.0, to_bleed=False), bleed=False))  # colour to the trim without bleed
    assert _safe_zone(_page(_tab(1.4), bleed=True))  # the numeral 1.4 mm from the trim (the old booklet's tab)
    assert not _safe_zone(_page(_tab(5.0), bleed=True))  # a tab running into the bleed, its numeral clear
    assert _safe_zone(_page(_tab(5.0, to_bleed=False), bleed=True))  # art that stops at the trim: no bleed


def test_the_mark_check_finds_rgb_thick_marks_and_marks_in_the_bleed():
    def mark(colour: object, width: float, start: float) -> Callable[[Canvas], None]:
        def draw(canvas: Canvas) -> None:
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(width)
            canvas.line(-start, A6[1], -start - 4 * MM, A6[1])
        return draw

    registration = CMYKColorSep(1, 1, 1, 1, spotName="All")
    pieces = [[preflight.Box(SLUG, SLUG, SLUG + A6[0], SLUG + A6[1]).inset(-BLEED)]]
    assert not preflight.mark_problems(_page(mark(registration, 0.25, 3.5 * MM), bleed=True), pieces)
    rgb = preflight.mark_problems(_page(mark(HexColor("#000000"), 0.25, 3.5 * MM), bleed=True), pieces)
    assert rgb and all("not registration colour" in p for p in rgb)
    thick = preflight.mark_problems(_page(mark(registration, 0.5, 3.5 * MM), bleed=True), pieces)
    assert thick and all("more than a hairline" in p for p in thick)
    inside = preflight.mark_problems(_page(mark(registration, 0.25, 1 * MM), bleed=True), pieces)
    assert inside and all("reaches into the page or its bleed" in p for p in inside)


# ---------------------------------------------------------------- every format

each_document = pytest.mark.parametrize("name", list(DOCUMENTS))


@pytest.mark.background  # builds 20 documents and renders their pages: beside the other tests (conftest.py)
@each_document
def test_every_font_is_embedded(name):
    assert preflight.unembedded_fonts(document(name)) == []


@pytest.mark.background
@each_document
def test_the_header_declares_the_version_the_file_uses(name):
    data = document(name)
    with pikepdf.open(io.BytesIO(data)) as checked:
        assert checked.check_pdf_syntax() == []  # qpdf --check
        tagged = "/StructTreeRoot" in checked.Root
    # A tagged reading document declares 1.5 for its pages' /Tabs (chartgen/tagging.py); a print-only file 1.4.
    expected = tagging.TAGGED_PDF_VERSION if tagged else pdf.PDF_VERSION
    assert preflight.declared_version(data) == preflight.needed_version(data) == expected
    assert tagged == (name not in SHEETS and "tile" not in name), name


@pytest.mark.background
@each_document
def test_nothing_but_paper_or_bleeding_art_within_3_mm_of_a_trim(name):
    data = document(name)
    trims = _trims(name, data)
    assert all(trims), f"{name}: a page without a trim to check"
    assert _safe_zone(data, trims) == []


@pytest.mark.background
@each_document
def test_marks_are_registration_hairlines_clear_of_the_bleed(name):
    data = document(name)
    assert preflight.mark_problems(data, _pieces(name, data)) == []
    marked = [any(preflight.is_registration(s.colour_space) for s in page) for page in preflight.strokes(data)]
    bleed_page = "bleed" in name and name not in SHEETS
    # Crop marks on every page with bleed, cut marks on the fronts of card sheets and on every imposed side.
    assert any(marked) == (bleed_page or name in SHEETS)
    if bleed_page or name.startswith("booklet-imposed"):
        assert all(marked)


@pytest.mark.background
@each_document
def test_reading_documents_are_tagged_throughout_and_print_sheets_are_not(name):
    """With and without bleed and brand (logo, QR code): everything drawn is in a tag or an Artifact."""
    data = document(name)
    with pikepdf.open(io.BytesIO(data)) as checked:
        assert ("/StructTreeRoot" in checked.Root) == (name not in SHEETS)
    if name in SHEETS:
        assert tagged.page_mcids(data) == {}  # made from untagged pages: no marked content left over
    else:
        assert tagged.content_problems(data) == ([], [])


def test_every_language_embeds_every_font_at_the_version_it_uses(all_documents):
    """Every file of the batch (every language x every format): the batch's reading documents are tagged."""
    files = sorted(all_documents.out.rglob("*.pdf"))
    assert files, all_documents.output
    for path in files:
        data = path.read_bytes()
        assert preflight.unembedded_fonts(data) == [], path.name
        assert preflight.declared_version(data) == preflight.needed_version(data), path.name
        with pikepdf.open(io.BytesIO(data)) as checked:
            assert "/StructTreeRoot" in checked.Root, path.name
