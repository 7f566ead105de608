"""The practitioner's brand on poster, card and booklet: placed in its box, QR code decodes, logo inside its box,
accent colour used, metadata author, byte-identical output without a brand, clear errors when it cannot fit."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from chartgen import brand as brand_module
from chartgen import content as content_module
from chartgen.errors import InputError
from chartgen.formats import BUILT_IN as FORMATS
from chartgen.formats import booklet, booklet_imposed, brand_block, card, poster
from chartgen.layout import MM
from conftest import pdf_reader, poster_pdf, printed_text, render_png

URL = "https://fusswohl.example/termine"
RED = (230, 0, 0)
LOGO_PIXELS = (4000, 2000)
"""A large 2:1 logo: far more pixels than 300 dpi needs at its printed size."""


def _brand(folder: Path, *, name: str = "Praxis Fußwohl", logo: str = "logo.png",
           extra: str = "") -> brand_module.Brand:
    folder.mkdir(parents=True, exist_ok=True)
    if logo.endswith(".png") and not (folder / logo).exists():
        Image.new("RGB", LOGO_PIXELS, RED).save(folder / logo)
    path = folder / "brand.yaml"
    path.write_text(
        f"name: {name}\nperson: Anna Berg\nphone: +49 30 1234 5678\nemail: anna@fusswohl.example\n"
        f"website: {URL}\naddress: Gartenstraße 5, 10115 Berlin\nlogo: {logo}\naccent: \"#6A1B9A\"\n"
        f"line:\n  en: Appointments Monday to Friday.\n{extra}", encoding="utf-8")
    return brand_module.load(path)


@pytest.fixture(scope="module")
def brand(tmp_path_factory) -> brand_module.Brand:
    return _brand(tmp_path_factory.mktemp("brand"))


@functools.cache
def en() -> content_module.Content:
    return content_module.load_language("en")


@pytest.fixture(scope="module")
def branded_poster(brand) -> bytes:
    return poster.render(en(), brand=brand)


def decode_qr(pixels: np.ndarray) -> list[str]:
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(pixels)]


def check_syntax(data: bytes) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []


def test_unbranded_output_does_not_change():
    c = en()
    assert poster_pdf("A3") == poster.render(c, brand=None)  # poster_pdf("A3") is poster.render(c), made once
    assert card.render(c) == card.render(c, brand=None)
    assert pdf_reader(poster_pdf("A3")).metadata["/Author"] == "chartgen"


def test_poster_footer_band_with_qr_and_metadata(branded_poster, brand):
    check_syntax(branded_poster)
    assert branded_poster == poster.render(en(), brand=brand)  # deterministic
    reader = pdf_reader(branded_poster)
    assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl"
    text = " ".join(printed_text(branded_poster).split())  # lines joined: the band's text column wraps
    for expected in ("Praxis Fußwohl", "Anna Berg", "anna@fusswohl.example", "fusswohl.example/termine",
                     "Appointments Monday to Friday."):
        assert expected in text
    pixels = render_png(branded_poster, "brand-poster-A3", dpi=110)
    assert decode_qr(pixels) == [URL]
    # The accent colour (#6A1B9A) colours the headings: none of it without the brand.
    accent = np.all(np.abs(pixels.astype(int) - (0x6A, 0x1B, 0x9A)) < 12, axis=2)
    assert accent.sum() > 500
    plain = render_png(poster_pdf("A3"), "brand-poster-plain", dpi=110).astype(int)  # poster.render(en())
    assert np.all(np.abs(plain - (0x6A, 0x1B, 0x9A)) < 12, axis=2).sum() == 0


def test_poster_band_takes_room_from_the_diagram_not_the_margin(brand):
    plain, branded = poster.plan(en()), poster.plan(en(), brand=brand)
    band = branded.brand_band
    assert band is not None and band.y == pytest.approx(branded.frame.sheet.slug + branded.frame.margin)
    # At least the band's own height (its QR code and logo fill that); taller when the disclaimer stands in it.
    assert band.height >= poster.BRAND_BAND_MM * MM - 0.01
    assert branded.fit.type.body == plain.fit.type.body == 12  # the room comes from spacing and the diagram
    # The band's room came from tighter spacing (tried first) or else from the diagram.
    assert (branded.fit.room.spacing, branded.diagram_box.height) < (plain.fit.room.spacing,
                                                                      plain.diagram_box.height)
    # The last row below the diagram ends one (unstretched) row gap above the band: nothing overlaps it.
    fit = branded.fit
    bottom = branded.diagram_box.y - fit.row_gap - sum(height + fit.row_gap * row.gap_share
                                                       for row, height in fit.rows_below)
    bottom += fit.row_gap * fit.rows_below[-1][0].gap_share
    assert bottom == pytest.approx(band.y + band.height + fit.base_row_gap)
    assert branded.frame.palette.accent == "#6A1B9A"


def test_poster_disclaimer_stands_in_the_band_when_that_takes_less_room(brand):
    """With the brand the disclaimer moves from its own row into the band, beside the block; the texts keep
    their sizes, and the band is lower than the band and the disclaimer's row were together."""
    branded = poster.plan(en(), brand=brand)
    band = branded.band
    assert band is not None and band.disclaimer is not None
    assert [panel.key for row, _ in branded.fit.rows_below for panel in row.panels][-1] == "cautions"
    assert band.block.size == pytest.approx(poster.BRAND_TYPE[0])
    assert band.disclaimer.style.fontSize == pytest.approx(12)
    assert band.block_width + band.disclaimer_width < branded.brand_band.width
    plain = poster.plan(en())
    own_row = [height for row, height in plain.fit.rows_below if row.panels[0].key == "disclaimer"]
    assert own_row and band.height < poster.BRAND_BAND_MM * MM + own_row[0] + plain.fit.base_row_gap


def test_logo_inside_its_box_keeping_its_shape(branded_poster, brand):
    """The red logo's pixels all lie inside the footer band, in a 2:1 rectangle at the band's start."""
    dpi = 72.0
    pixels = render_png(branded_poster, "brand-poster-logo", dpi=dpi).astype(int)
    red = (pixels[:, :, 0] > 200) & (pixels[:, :, 1] < 40) & (pixels[:, :, 2] < 40)
    rows, cols = np.nonzero(red)
    assert rows.size > 0
    plan = poster.plan(en(), brand=brand)
    band, page_height = plan.brand_band, plan.frame.sheet.media_size[1]
    top, bottom = (page_height - (band.y + band.height)), (page_height - band.y)
    assert rows.min() >= top - 1 and rows.max() <= bottom + 1
    assert cols.min() >= band.x - 1 and cols.max() <= band.x + band.width / 3
    width, height = cols.max() - cols.min() + 1, rows.max() - rows.min() + 1
    assert width / height == pytest.approx(2.0, rel=0.05)


def test_raster_logo_is_at_most_300_dpi(branded_poster, brand):
    reader = pdf_reader(branded_poster)
    images = reader.pages[0].images
    assert len(images) == 1
    block = poster.plan(en(), brand=brand).brand_block.flowables[0]
    block.wrap(poster.plan(en(), brand=brand).brand_band.width, 1e6)
    printed_width = block.placements()["logo"][2]
    assert images[0].image.width <= printed_width / 72 * brand_block.MAX_DPI + 1
    assert images[0].image.width < LOGO_PIXELS[0]


def test_card_back_has_name_phone_website_and_author(brand):
    data = card.render(en(), brand=brand)
    check_syntax(data)
    reader = pdf_reader(data)
    back = reader.pages[1].extract_text()
    assert "Praxis Fußwohl" in back and "+49 30 1234 5678" in back and "fusswohl.example/termine" in back
    assert "anna@" not in back  # the card is compact: name, phone, website only
    assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl"
    last = card.plan(en(), brand=brand).back[-1]
    assert last.name == "back.brand"
    assert last.box.y >= card.plan(en()).back[-1].box.y - 0.01  # inside the safe area, like the other boxes


def test_card_back_too_full_drops_qr_rather_than_shrinking_it(brand):
    block = card.plan(en(), brand=brand).back[-1].fitted.flowables[0]
    assert block.qr_side == 0.0


def test_card_with_room_gets_a_scannable_qr_of_12_mm(brand):
    """Polish leaves room: the disclaimer moves beside the code, whose quiet zone reaches into the safe margin."""
    polish = content_module.load_language("pl")
    plan = card.plan(polish, brand=brand)
    block = plan.back[-1].fitted.flowables[0]
    assert block.qr_side > 0 and [b.name for b in plan.back][-2:] == ["back.caution", "back.brand"]
    modules = brand_block._modules(URL)
    assert block.qr_full * modules / (modules + 2 * brand_block.QR_QUIET_MODULES) == pytest.approx(
        card.BRAND_QR_MM * MM)
    quiet = block.qr_full - block.qr_side
    assert quiet < plan.layout.safe_mm * MM  # the quiet zone stays inside the blank safe margin
    data = card.render(polish, brand=brand)
    opening = " ".join(polish.card.disclaimer.split()[:3])
    assert opening in " ".join(pdf_reader(data).pages[1].extract_text().split())  # the disclaimer is still there
    pixels = render_png(data, "brand-card-qr", dpi=600, page=1)
    assert decode_qr(pixels) == [URL]


def test_card_sheet_carries_the_brand_on_every_back(brand):
    data = card.render(en(), sheet="A4", brand=brand)
    reader = pdf_reader(data)
    assert reader.pages[1].extract_text().count("Praxis Fußwohl") == 10
    assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl"


def test_booklet_back_cover_has_everything_and_a_large_qr(brand):
    data = booklet.render(en(), brand=brand)
    check_syntax(data)
    reader = pdf_reader(data)
    back = reader.pages[-1].extract_text().replace("\n", " ")
    for expected in ("Praxis Fußwohl", "Anna Berg", "+49 30 1234 5678", "anna@fusswohl.example",
                     "fusswohl.example/termine", "Gartenstraße 5", "Appointments Monday to Friday."):
        assert expected in back
    assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl"
    pixels = render_png(data, "brand-booklet-back", dpi=150, page=len(reader.pages) - 1)
    assert decode_qr(pixels) == [URL]
    plan = booklet.plan(en(), brand=brand)
    block = plan.pages[-1].column[booklet.pages_module.PRACTITIONER_PANEL].flowable.body[-1]
    assert block.qr_side >= 20 * MM  # large: easy to scan from a booklet on a table


def test_booklet_imposed_and_a5_carry_the_brand(brand):
    for data in (booklet_imposed.render(en(), brand=brand), booklet.render(en(), paper="A5", brand=brand)):
        count = len(pdf_reader(data).pages)
        # Read page by page, the back cover's first (the last booklet page; the first imposed sheet), by pdfium
        # (conftest.py): the name is found on the first one read.
        back_first = [count - 1, 0, *range(1, count - 1)]
        assert any("Praxis Fußwohl" in printed_text(data, page) for page in back_first)


def test_svg_logo_stays_vector(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
                   '<rect width="200" height="100" fill="#E60000"/></svg>', encoding="utf-8")
    brand = _brand(tmp_path, logo="logo.svg")
    data = booklet.render(en(), brand=brand)
    reader = pdf_reader(data)
    assert len(reader.pages[-1].images) == 0
    pixels = render_png(data, "brand-booklet-svg", dpi=72, page=len(reader.pages) - 1).astype(int)
    red = (pixels[:, :, 0] > 200) & (pixels[:, :, 1] < 40) & (pixels[:, :, 2] < 40)
    rows, cols = np.nonzero(red)
    assert (cols.max() - cols.min() + 1) / (rows.max() - rows.min() + 1) == pytest.approx(2.0, rel=0.1)


@pytest.mark.background  # needs nothing from the other tests: beside them (conftest.py)
def test_right_to_left_puts_the_qr_code_first(brand):
    data = poster.render(content_module.load_language("ar"), brand=brand)
    plan = poster.plan(content_module.load_language("ar"), brand=brand)
    block = plan.brand_block.flowables[0]
    block.wrap(plan.brand_band.width, 1e6)
    assert block.placements()["qr"][0] == 0.0
    assert decode_qr(render_png(data, "brand-poster-ar", dpi=110)) == [URL]


@pytest.mark.parametrize("render", [
    lambda c, b: poster.render(c, brand=b),
    lambda c, b: card.render(c, brand=b),
    lambda c, b: booklet.render(c, brand=b),
], ids=["poster", "card", "booklet"])
def test_overlong_name_is_an_error_naming_the_brand_file(tmp_path, render):
    long_name = "Praxisgemeinschaftfürganzheitlichefußreflexzonentherapieundentspannung" * 2
    brand = _brand(tmp_path, name=long_name)
    with pytest.raises(InputError) as caught:
        render(en(), brand)
    message = str(caught.value.problems[0])
    assert message.startswith(f"{tmp_path / 'brand.yaml'}:1: name: ")
    assert "shorten it" in message


def test_brand_text_the_fonts_cannot_draw_is_an_error(tmp_path):
    brand = _brand(tmp_path, name="Praxis \U0001F9B6")
    with pytest.raises(InputError) as caught:
        poster.render(en(), brand=brand)
    assert "brand.yaml:1: name: the fonts of this language cannot draw" in str(caught.value)
    assert "U+1F9B6" in str(caught.value)


@pytest.mark.background  # needs nothing from the other tests: beside them (conftest.py)
def test_batch_puts_the_brand_on_every_document(tmp_path, brand):
    from chartgen import batch

    outcomes = batch.run_task(batch.Task("it", FORMATS, "A4", tmp_path, brand=brand))
    assert [o.format for o in outcomes if o.ok] == list(FORMATS)
    for outcome in outcomes:
        reader = pdf_reader((tmp_path / outcome.file).read_bytes())
        assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl", outcome.format


def test_a_brand_with_only_a_name_fits_every_format(tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text("name: Praxis Berg\n", encoding="utf-8")
    only_name = brand_module.load(path)
    poster_plan = poster.plan(en(), brand=only_name)
    assert poster_plan.brand_block.flowables[0].qr_side == 0.0
    assert "logo" not in _placed(poster_plan.brand_block.flowables[0], poster_plan.brand_band.width)
    assert card.plan(en(), brand=only_name).back[-1].name == "back.brand"
    back = booklet.plan(en(), brand=only_name).pages[-1]
    assert back.column[booklet.pages_module.PRACTITIONER_PANEL].flowable.body[-1].brand is only_name


def _placed(block: brand_block.BrandBlock, width: float) -> dict:
    block.wrap(width, 1e6)
    return block.placements()


# --- Hostile input: the logo printed is the logo checked, parsed once; QR size; own lines (issue 10) ---------------


def test_svg_logo_is_parsed_once_for_every_document(tmp_path, monkeypatch):
    """Checking at load and drawing in three formats (twice) use one parse of the file."""
    from svglib import svglib

    renders = []
    original = svglib.SvgRenderer.render
    monkeypatch.setattr(svglib.SvgRenderer, "render", lambda self, node: renders.append(1) or original(self, node))
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" data-test="parsed-once">'
                   '<rect width="200" height="100" fill="#E60000"/></svg>', encoding="utf-8")
    brand = _brand(tmp_path, logo="logo.svg")
    first = booklet.render(en(), brand=brand)
    poster.render(en(), brand=brand)
    card.render(en(), brand=brand)
    assert booklet.render(en(), brand=brand) == first  # the kept drawing is not changed by drawing it
    assert len(renders) == 1


def test_printed_logo_is_the_one_checked_at_load(tmp_path):
    """Replacing the logo file after the brand was loaded (by a bomb, say) changes nothing that is printed."""
    brand = _brand(tmp_path)
    before = poster.render(en(), brand=brand)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG not any more")
    assert poster.render(en(), brand=brand) == before


def test_brand_sent_to_a_fresh_process_draws_its_svg_logo(tmp_path):
    """Batch workers get a pickled Brand: the SVG logo is parsed again there from the same checked bytes."""
    import pickle

    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" '
                                       'data-test="pickled"><rect width="200" height="100" fill="#E60000"/></svg>',
                                       encoding="utf-8")
    brand = _brand(tmp_path, logo="logo.svg")
    expected = booklet.render(en(), brand=brand)
    copy = pickle.loads(pickle.dumps(brand))
    brand_module._SVG_DRAWINGS.clear()  # as in a process started by spawn
    assert copy == brand and booklet.render(en(), brand=copy) == expected


def test_svg_logo_with_an_embedded_picture_is_printed(tmp_path):
    import base64

    picture = io.BytesIO()
    Image.new("RGB", (40, 20), RED).save(picture, "PNG")
    href = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode("ascii")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" '
        f'height="100"><image xlink:href="{href}" width="200" height="100"/></svg>', encoding="utf-8")
    data = booklet.render(en(), brand=_brand(tmp_path, logo="logo.svg"))
    pixels = render_png(data, "brand-booklet-svg-picture", dpi=72, page=len(pdf_reader(data).pages) - 1)
    red = (pixels[:, :, 0] > 200) & (pixels[:, :, 1] < 40) & (pixels[:, :, 2] < 40)
    assert red.sum() > 100


MIN_MODULE_MM = 0.3
"""The smallest QR module a phone reads reliably from a printed card."""


def test_longest_website_keeps_qr_modules_of_0_3_mm_on_the_card():
    """WEBSITE_MAX_BYTES is what ReportLab's level-M code fits in modules of 0.3 mm or more at the card's size."""
    longest = "https://fusswohl.example/" + "a" * (brand_module.WEBSITE_MAX_BYTES - 25)
    assert card.BRAND_QR_MM / brand_block._modules(longest) >= MIN_MODULE_MM
    assert card.BRAND_QR_MM / brand_block._modules(longest + "a") < MIN_MODULE_MM


def test_longest_website_qr_scans_at_the_card_size():
    """The QR code of the longest allowed address, 12 mm wide, printed at 300 dpi: it decodes."""
    from reportlab.pdfgen.canvas import Canvas

    longest = "https://fusswohl.example/" + "a" * (brand_module.WEBSITE_MAX_BYTES - 25)
    side = brand_block.qr_box(longest, card.BRAND_QR_MM * MM)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(side + 20 * MM, side + 20 * MM))
    brand_block.draw_qr(canvas, longest, 10 * MM, 10 * MM, side)
    canvas.save()
    assert decode_qr(render_png(buffer.getvalue(), "brand-qr-longest", dpi=300)) == [longest]


def _brand_with_lines(folder: Path, lines: str) -> brand_module.Brand:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brand.yaml").write_text(f"name: Praxis Berg\nline:\n{lines}", encoding="utf-8")
    return brand_module.load(folder / "brand.yaml")


def test_own_line_in_the_printed_language_is_checked_for_glyphs(tmp_path):
    brand = _brand_with_lines(tmp_path, "  zh: 周一至周五预约 \U0001F9B6\n")
    with pytest.raises(InputError) as caught:
        poster.render(content_module.load_language("zh"), brand=brand)
    assert str(caught.value).startswith(f"{tmp_path / 'brand.yaml'}:3: line.zh: the fonts of this language cannot "
                                        "draw '\U0001F9B6' (U+1F9B6)")


def test_own_line_only_in_another_language_is_left_out(tmp_path):
    """A line only in Chinese: the English poster prints without it; the Chinese poster prints it."""
    brand = _brand_with_lines(tmp_path, "  zh: 周一至周五预约。\n")
    # Read by pdfium (conftest.py): the same words as pypdf's extract_text, which took 0.7 s for the two posters.
    assert "周一至周五预约" in printed_text(poster.render(content_module.load_language("zh"), brand=brand))
    text = printed_text(poster.render(en(), brand=brand))
    assert "Praxis Berg" in text and "周" not in text
