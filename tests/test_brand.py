"""brand.yaml loading: a good file gives a Brand; every bad value is one clear file:line message (and exit 2)."""

from __future__ import annotations

import io
import itertools
import time
from pathlib import Path

import pytest
from PIL import Image

from chartgen import brand as brand_module
from chartgen.colour import WHITE, contrast
from chartgen.errors import InputError

GOOD = """\
name: Praxis Fußwohl
person: Anna Berg
phone: +49 30 1234 5678
email: anna@fusswohl.example
website: https://fusswohl.example/termine
address: Gartenstraße 5, 10115 Berlin
logo: logo.png
accent: "#1F5C99"
line:
  en: Appointments Monday to Friday.
"""


def make_logo(folder: Path, name: str = "logo.png", size: tuple[int, int] = (400, 200),
              colour: tuple[int, int, int] = (230, 0, 0)) -> Path:
    """A plain-coloured test logo made with Pillow (no binary files in the repository)."""
    path = folder / name
    Image.new("RGB", size, colour).save(path)
    return path


def write_brand(folder: Path, text: str = GOOD, *, logo: bool = True) -> Path:
    if logo:
        make_logo(folder)
    path = folder / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        brand_module.load(path)
    return [str(p) for p in caught.value.problems]


def test_good_file_loads_with_logo_relative_to_the_file(tmp_path):
    brand = brand_module.load(write_brand(tmp_path))
    assert brand.name == "Praxis Fußwohl"
    assert brand.logo == tmp_path / "logo.png"
    assert brand.accent == "#1F5C99"
    assert brand.line_for("en") == "Appointments Monday to Friday."
    assert brand.line_for("de") is None
    assert brand.website_label == "fusswohl.example/termine"
    assert brand.author == "Anna Berg, Praxis Fußwohl"


def test_only_the_name_is_needed(tmp_path):
    brand = brand_module.load(write_brand(tmp_path, "name: Praxis\n", logo=False))
    assert (brand.name, brand.website, brand.logo, brand.accent) == ("Praxis", None, None, None)


def test_the_example_file_is_valid(tmp_path):
    make_logo(tmp_path)
    path = tmp_path / "brand.yaml"
    path.write_text(brand_module.EXAMPLE, encoding="utf-8")
    brand = brand_module.load(path)
    assert brand.website == "https://fusswohl.example" and brand.line_for("de")


def test_missing_name_and_unknown_key(tmp_path):
    found = problems(write_brand(tmp_path, "person: Anna\ncolour: red\n", logo=False))
    assert any("brand.yaml:2: colour: unknown key" in p for p in found)
    assert any("name: is missing" in p for p in found)


@pytest.mark.parametrize(("line", "key", "expected"), [
    ("email: anna(at)example.com", "email", "is not an e-mail address"),
    ("website: fusswohl.example", "website", "is not a web address: it does not start with https://; write it "
                                             "in full, like https://"),
    ("website: ftp://fusswohl.example", "website", "is not a web address"),
    ("phone: call me", "phone", "is not a phone number"),
    ('accent: "#FFDD00"', "accent", "too light to read on white paper (contrast 1.3 : 1"),
    ("accent: cmyk(0, 10, 80, 0)", "accent", "too light to read on white paper"),
    ("accent: red", "accent", "is not a colour; write #RRGGBB"),
    ("accent: cmyk(120, 0, 0, 0)", "accent", "percentage from 0 to 100"),
    ("logo: nowhere.png", "logo", "nowhere.png: file not found"),
    ("logo: logo.gif", "logo", "use a PNG, JPEG or SVG file"),
    ("logo: broken.png", "logo", "broken.png: cannot read this image"),
    ("logo: broken.svg", "logo", "broken.svg: cannot read this SVG file"),
])
def test_each_bad_value_is_one_line_naming_file_line_and_key(tmp_path, line, key, expected):
    (tmp_path / "broken.png").write_bytes(b"not a png at all")
    (tmp_path / "broken.svg").write_text("<svg oops", encoding="utf-8")
    found = problems(write_brand(tmp_path, f"name: Praxis\n{line}\n", logo=False))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'brand.yaml'}:2: {key}: ")
    assert expected in found[0]


def test_dark_cmyk_accent_becomes_its_rgb(tmp_path):
    brand = brand_module.load(write_brand(tmp_path, "name: P\naccent: cmyk(100, 50, 0, 40)\n", logo=False))
    assert brand.accent == "#004C99"
    assert contrast(brand.accent, WHITE) >= brand_module.MIN_CONTRAST


def test_cli_brand_example_prints_a_loadable_file(run, tmp_path):
    result = run("brand-example", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == brand_module.EXAMPLE
    assert "# " in result.stdout  # commented


def test_cli_bad_brand_is_exit_2_one_line_no_pdf(run, tmp_path):
    write_brand(tmp_path, "name: Praxis\nemail: nope\n", logo=False)
    for command in (["poster"], ["card"], ["booklet"], ["batch", "--langs", "en", "--out-dir", "dist"]):
        result = run(*command, "--brand", "brand.yaml", cwd=tmp_path)
        assert result.returncode == 2, command
        assert result.stderr.strip().splitlines() == [
            "chartgen: brand.yaml:2: email: 'nope' is not an e-mail address; write it like name@example.com"]
        assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path / "dist").exists()


def test_cli_card_with_brand(run, tmp_path):
    write_brand(tmp_path)
    result = run("card", "--brand", "brand.yaml", "-o", "card.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "card.pdf")
    assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl"
    assert "Praxis Fußwohl" in reader.pages[1].extract_text()


# --- Hostile input: logo limits, SVG limits, brand values (issue 10, items 4 and 5) ---------------------------------

SVG_OPEN = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" '
            'height="10">\n')


def tiny_png(path: Path, width: int, height: int) -> Path:
    """A valid black-and-white PNG of `width` x `height` pixels: a few KB on disk, however many pixels it has."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row, packer = b"\0" * (1 + (width + 7) // 8), zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def logo_problem(tmp_path: Path, name: str, content: bytes | str | None = None) -> str:
    """The one problem loading a brand whose logo is `name` (written with `content` unless None)."""
    if isinstance(content, str):
        (tmp_path / name).write_text(content, encoding="utf-8")
    elif content is not None:
        (tmp_path / name).write_bytes(content)
    found = problems(write_brand(tmp_path, f"name: Praxis\nlogo: {name}\n", logo=False))
    assert len(found) == 1 and "\n" not in found[0], found
    assert found[0].startswith(f"{tmp_path / 'brand.yaml'}:2: logo: "), found[0]
    return found[0]


@pytest.fixture(scope="module")
def gigabyte_png(tmp_path_factory) -> Path:
    """A PNG of about 110 KB that decodes to 900 million pixels (900 MB in Pillow's 1-bit mode)."""
    return tiny_png(tmp_path_factory.mktemp("bomb") / "bomb.png", 30_000, 30_000)


def _no_decoding(monkeypatch) -> None:
    """Make any decoding of pixels fail the test: a refused logo must be refused from its header alone."""
    from PIL import ImageFile

    def refuse(_image):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_png_over_the_pixel_limit_is_refused_before_decoding(tmp_path, monkeypatch):
    tiny_png(tmp_path / "wide.png", 10_000, 6_000)  # 60 MP: over our limit, under Pillow's own warning
    _no_decoding(monkeypatch)
    message = logo_problem(tmp_path, "wide.png")
    assert message.endswith(f"logo: {tmp_path / 'wide.png'}: this image has more than the 50 megapixels a logo may "
                            "have (10,000 x 6,000 pixels); save a smaller copy (2,000 pixels across is plenty for "
                            "print)")


@pytest.mark.parametrize(("size", "pixels"), [((12_000, 12_000), "144,000,000"), ((30_000, 30_000), "900,000,000")],
                         ids=["pillow-warning", "pillow-error"])
def test_decompression_bomb_is_one_line_and_never_decoded(tmp_path, monkeypatch, gigabyte_png, size, pixels):
    """Pillow's DecompressionBombWarning (over 89 MP) counts as an error, like its DecompressionBombError."""
    path = gigabyte_png if size == (30_000, 30_000) else tiny_png(tmp_path / "bomb.png", *size)
    assert path.stat().st_size < 150_000
    (tmp_path / "bomb.png").write_bytes(path.read_bytes())
    _no_decoding(monkeypatch)
    message = logo_problem(tmp_path, "bomb.png")
    assert f"this image has more than the 50 megapixels a logo may have ({pixels} pixels)" in message


def test_cli_decompression_bomb_is_exit_2_in_a_second_with_one_line(run, tmp_path, gigabyte_png):
    (tmp_path / "bomb.png").write_bytes(gigabyte_png.read_bytes())
    write_brand(tmp_path, "name: Praxis\nlogo: bomb.png\n", logo=False)
    started = time.monotonic()
    result = run("card", "--brand", "brand.yaml", "-o", "card.pdf", cwd=tmp_path)
    assert time.monotonic() - started < 10  # an interpreter's start would fit too; the check itself is milliseconds
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "chartgen: brand.yaml:2: logo: bomb.png: this image has more than the 50 megapixels a logo may have "
        "(900,000,000 pixels); save a smaller copy (2,000 pixels across is plenty for print)"]
    assert not (tmp_path / "card.pdf").exists()


@pytest.mark.parametrize(("name", "limit"), [("big.png", brand_module.RASTER_LOGO_MAX_BYTES),
                                             ("big.svg", brand_module.SVG_LOGO_MAX_BYTES)])
def test_logo_file_over_its_size_limit(tmp_path, name, limit):
    with open(tmp_path / name, "wb") as handle:
        handle.truncate(limit + 1)  # sparse: no disk used
    assert logo_problem(tmp_path, name).endswith(
        f"logo: {tmp_path / name}: the logo is {limit + 1:,} bytes, more than the {limit:,} a logo may have; check "
        "that this is the right file")


def test_logo_that_is_a_fifo_a_folder_or_a_device_is_refused_at_once(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "folder.svg").mkdir()
    (tmp_path / "zero.png").symlink_to("/dev/zero")
    assert logo_problem(tmp_path, "pipe.png").endswith("pipe.png: is a named pipe (FIFO), not a logo; give the "
                                                       "path of a logo")
    assert logo_problem(tmp_path, "folder.svg").endswith("folder.svg: is a folder, not a logo; give the path of a "
                                                         "logo")
    assert logo_problem(tmp_path, "zero.png").endswith("zero.png: is a device, not a logo; give the path of a logo")


def test_missing_logo_says_where_it_was_looked_for(tmp_path):
    assert logo_problem(tmp_path, "nowhere.png").endswith(
        "nowhere.png: file not found; check the path (a relative path is read from the brand file's folder)")


def test_raster_logo_is_opened_only_as_png_or_jpeg(tmp_path):
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    assert logo_problem(tmp_path, "logo.png", gif.getvalue()).endswith(
        "logo.png: cannot read this image (UnidentifiedImageError); save it again as PNG or JPEG")


def test_truncated_png_is_refused_at_load(tmp_path):
    full = io.BytesIO()
    Image.effect_noise((300, 300), 50).save(full, "PNG")
    message = logo_problem(tmp_path, "cut.png", full.getvalue()[:2_000])
    assert "cut.png: cannot read this image (" in message and message.endswith("save it again as PNG or JPEG")


def test_good_logos_keep_their_size_and_bytes(tmp_path):
    make_logo(tmp_path, "logo.png", (400, 200))
    brand = brand_module.load(write_brand(tmp_path, "name: P\nlogo: logo.png\n", logo=False))
    assert brand.logo_size == (400.0, 200.0) and brand.logo_data == (tmp_path / "logo.png").read_bytes()
    assert "logo_data" not in repr(brand)
    Image.new("RGB", (300, 100), (0, 0, 128)).save(tmp_path / "logo.jpg", "JPEG")
    brand = brand_module.load(write_brand(tmp_path, "name: P\nlogo: logo.jpg\n", logo=False))
    assert brand.logo_size == (300.0, 100.0)
    (tmp_path / "logo.svg").write_text(SVG_OPEN + '<rect width="20" height="10"/></svg>', encoding="utf-8")
    brand = brand_module.load(write_brand(tmp_path, "name: P\nlogo: logo.svg\n", logo=False))
    assert brand.logo_size == pytest.approx((15.0, 7.5))  # 20 x 10 px at 96 px to the inch, in pt


def entity_svg(levels: int) -> str:
    """An SVG whose text is an entity that expands to 10 ** `levels` characters (9: the "billion laughs")."""
    names = "abcdefghij"[:levels + 1]
    return ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
            + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">\n' for a, b in itertools.pairwise(names))
            + "]>\n" + SVG_OPEN + f"<text>&{names[-1]};</text></svg>")


def _use_chain(levels: int) -> str:
    """An SVG whose last <use> is `levels` <use> elements deep."""
    uses = "".join(f'<use id="u{i}" xlink:href="#u{i - 1}"/>' for i in range(1, levels))
    return SVG_OPEN + f'<defs><rect id="u0" width="1" height="1"/>{uses}</defs><use xlink:href="#u{levels - 1}"/></svg>'


FAN_OUT = (SVG_OPEN + '<defs><rect id="l0" width="1" height="1"/>'
           + "".join(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 5))
           + '</defs><use xlink:href="#l4"/></svg>')
"""Four levels of ten <use> each: 38 elements in the file, over 20,000 to draw."""


def _embedded_png(width: int, height: int) -> str:
    import base64

    data = io.BytesIO()
    Image.new("RGB", (width, height), (230, 0, 0)).save(data, "PNG")
    return f"data:image/png;base64,{base64.b64encode(data.getvalue()).decode('ascii')}"


@pytest.mark.parametrize(("svg", "expected"), [
    (entity_svg(2), "declares XML entities (<!ENTITY>), which chartgen does not expand; save it again as plain "
                     "SVG, without a DOCTYPE"),
    ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
     + SVG_OPEN + "<text>&nbsp;</text></svg>",
     "line 3: uses the XML entity '&nbsp;', which chartgen does not expand; save it again as plain SVG"),
    (SVG_OPEN + '<image xlink:href="https://example.com/logo.png" width="5" height="5"/></svg>',
     "line 2: <image> refers to 'https://example.com/logo.png'; a logo may not load anything from the web or "
     "elsewhere: embed pictures in it (Inkscape: Embed), or save it as PNG"),
    (SVG_OPEN + '<image href="file:///etc/passwd" width="5" height="5"/></svg>',
     "line 2: <image> refers to 'file:///etc/passwd'; a logo may not load"),
    (SVG_OPEN + '<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+" width="5" height="5"/></svg>',
     "line 2: <image> refers to 'data:image/svg+xml;base64,PHN2Zy8+'; a logo may not load"),
    (SVG_OPEN + '<use xlink:href="../outside.svg#a"/></svg>',
     "line 2: <use> refers to the file '../outside.svg#a'; a logo must be one file that reads no other: embed "
     "pictures in it (Inkscape: Embed), or save it as PNG"),
    (SVG_OPEN + '<image xlink:href="photo.png" width="5" height="5"/></svg>',
     "line 2: <image> refers to the file 'photo.png'; a logo must be one file"),
    (SVG_OPEN + '<use id="me" xlink:href="#me"/></svg>',
     "line 2: <use> refers to itself or to an element that contains it; remove that reference"),
    (SVG_OPEN + '<g id="g">\n<rect width="1" height="1"/>\n<use xlink:href="#g"/></g></svg>',
     "line 4: <use> refers to itself or to an element that contains it"),
    (SVG_OPEN + '<use id="a" xlink:href="#b"/>\n<use id="b" href="#a"/></svg>',
     "line 2: <use> refers to itself or to an element that contains it"),
    (_use_chain(6), "has <use> elements nested 6 deep (a <use> of a <use> ...), more than the 5 a logo may have; "
                    "unlink the clones (Inkscape: Edit > Clone > Unlink Clone)"),
    (FAN_OUT, "has more than 20,000 elements to draw (counting the copies its <use> elements make); simplify it, or "
              "save it as PNG"),
    (SVG_OPEN + '<rect width="1" height="1"/>' * 20_001 + "</svg>", "has more than 20,000 elements to draw"),
    (SVG_OPEN + '<image xlink:href="data:image/png;base64,ü!" width="5" height="5"/></svg>',
     "line 2: <image> holds picture data that cannot be read; embed the picture again"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
     "has no size; give its <svg> element a width and height, or a viewBox"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "cannot read this SVG file (it does not start with <svg>)"),
    ("", "cannot read this SVG file (Document is empty, line 1, column 1); save it again as SVG"),
    (SVG_OPEN + '<rect width="4" height="4"/>\n<g><text x="5" y="8">Praxis <tspan>Berg</tspan></text></g></svg>',
     "line 3: <text> sets text in a font this computer may not have; convert the text to outlines (Inkscape: "
     "Path > Object to Path), or save the logo as PNG"),
], ids=["entities", "entity-reference", "https", "file-url", "data-svg", "outside-folder", "beside-it",
        "use-itself", "use-ancestor", "use-cycle", "use-depth-6", "use-fan-out", "too-many-elements",
        "bad-embedded-data", "no-size", "not-svg", "empty", "text"])
def test_each_bad_svg_logo_is_one_line(tmp_path, svg, expected):
    (tmp_path / "photo.png").write_bytes(b"")
    message = logo_problem(tmp_path, "logo.svg", svg)
    assert message.startswith(f"{tmp_path / 'brand.yaml'}:2: logo: {tmp_path / 'logo.svg'}: {expected}")


def test_billion_laughs_svg_is_refused_at_once(tmp_path):
    started = time.monotonic()
    message = logo_problem(tmp_path, "logo.svg", entity_svg(9))
    assert time.monotonic() - started < 2
    assert ("logo.svg: declares XML entities" in message  # or libxml2 stops it first, as it does today:
            or "logo.svg: cannot read this SVG file (Maximum entity amplification factor exceeded" in message)


def test_svg_picture_embedded_over_the_pixel_limit(tmp_path, monkeypatch):
    import base64

    data = base64.b64encode(tiny_png(tmp_path / "wide.png", 10_000, 6_000).read_bytes()).decode("ascii")
    _no_decoding(monkeypatch)
    svg = SVG_OPEN + f'<image xlink:href="data:image/png;base64,{data}" width="5" height="5"/></svg>'
    assert logo_problem(tmp_path, "logo.svg", svg).endswith(
        "the picture embedded on line 2 has more than the 50 megapixels a logo may have (10,000 x 6,000 pixels); "
        "save a smaller copy (2,000 pixels across is plenty for print)")


def test_svg_pictures_embedded_count_together(tmp_path):
    """Two embedded pictures of 26 MP each: each under the limit, together over it."""
    import base64

    data = base64.b64encode(tiny_png(tmp_path / "part.png", 6_500, 4_000).read_bytes()).decode("ascii")
    picture = f'<image xlink:href="data:image/png;base64,{data}" width="5" height="5"/>'
    assert logo_problem(tmp_path, "logo.svg", SVG_OPEN + picture + "\n" + picture + "</svg>").endswith(
        "logo.svg: the pictures embedded in it together have more than the 50 megapixels a logo may have "
        "(52,000,000 pixels); save a smaller copy (2,000 pixels across is plenty for print)")


def test_svg_picture_embedded_that_cannot_be_decoded(tmp_path):
    import base64

    full = io.BytesIO()
    Image.effect_noise((300, 300), 50).save(full, "PNG")
    data = base64.b64encode(full.getvalue()[:2_000]).decode("ascii")
    svg = SVG_OPEN + f'<image xlink:href="data:image/png;base64,{data}" width="5" height="5"/></svg>'
    message = logo_problem(tmp_path, "logo.svg", svg)
    assert "logo.svg: cannot read the picture embedded on line 2 (" in message
    assert message.endswith("save it again as PNG or JPEG")


def test_acceptable_svg_logos_load(tmp_path):
    """The limits leave room for real logos: a DOCTYPE without entities, <use> five deep, an embedded PNG."""
    svgs = {
        "doctype.svg": '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                       '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG_OPEN + '<rect width="20" '
                       'height="10"/></svg>',
        "uses.svg": _use_chain(5),
        "picture.svg": SVG_OPEN + f'<image xlink:href="{_embedded_png(4, 2)}" width="20" height="10"/></svg>',
        "deep.svg": SVG_OPEN + "<g>" * 250 + '<rect width="1" height="1"/>' + "</g>" * 250 + "</svg>",
    }
    for name, svg in svgs.items():
        (tmp_path / name).write_text(svg, encoding="utf-8")
        brand = brand_module.load(write_brand(tmp_path, f"name: P\nlogo: {name}\n", logo=False))
        assert brand.logo_size == pytest.approx((15.0, 7.5)), name


def test_website_of_84_bytes_is_accepted_and_85_refused(tmp_path):
    longest = "https://fusswohl.example/" + "a" * 59
    assert len(longest) == brand_module.WEBSITE_MAX_BYTES == 84
    brand = brand_module.load(write_brand(tmp_path, f"name: P\nwebsite: {longest}\n", logo=False))
    assert brand.website == longest
    found = problems(write_brand(tmp_path, f"name: P\nwebsite: {longest}a\n", logo=False))
    assert found == [f"{tmp_path / 'brand.yaml'}:2: website: 'https://fusswohl.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                     "a…' is 85 characters long (in UTF-8), too long for the QR code: at most 84 keep its squares "
                     "large enough to scan on the card's 12 mm code; give a shorter address, like your home page"]


def test_website_length_counts_utf8_bytes(tmp_path):
    address = "https://fußwohl.example/" + "a" * 60  # 84 characters, 85 bytes
    found = problems(write_brand(tmp_path, f"name: P\nwebsite: {address}\n", logo=False))
    assert len(found) == 1 and "is 85 characters long (in UTF-8), too long for the QR code" in found[0]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://fuss wohl.example", "'https://fuss wohl.example' contains a space, which a web address cannot have; "
                                  "copy it again from the address bar"),
    ("https://fusswohl.example/a\\u00a0b", "contains the invisible character U+00A0, which a web address cannot have"),
    ("https://", "'https://' is not a web address: it has no host name after //; write it like https://example.com"),
    ("https:///termine", "is not a web address: it has no host name after //"),
    ("https://localhost", "'https://localhost' is not a web address: 'localhost' is not a host name (letters, "
                          "digits and hyphens, with dots between, like example.com); check it"),
    ("https://fuss_wohl.example", "'fuss_wohl.example' is not a host name"),
    ("https://fusswohl..example", "'fusswohl..example' is not a host name"),
    ("https://fusswohl.example.", "'fusswohl.example.' is not a host name"),
    ("gopher://fusswohl.example", "is not a web address: it starts with gopher:, not https:// or http://; give the "
                                  "address of a web page"),
    ("ftp://fusswohl.example", "it starts with ftp:, not https:// or http://"),
    ("mailto:anna@fusswohl.example", "is not a web address: it does not start with https://; write it in full, "
                                     "like https://example.com"),
    ("www.fusswohl.example", "it does not start with https://"),
    ("https://[::1", "is not a web address: its host name or port cannot be read; write it like https://example.com"),
    ("https://fusswohl.example:99999", "its host name or port cannot be read"),
    ("https://fusswohl.example:port", "its host name or port cannot be read"),
    ("https://anna:secret@fusswohl.example", "it contains a user name or password (before @); give the plain "
                                             "address, like https://example.com"),
], ids=lambda value: value if len(value) < 40 else None)
def test_each_malformed_website_is_one_line(tmp_path, url, expected):
    found = problems(write_brand(tmp_path, f'name: P\nwebsite: "{url}"\n', logo=False))
    assert len(found) == 1 and "\n" not in found[0]
    assert found[0].startswith(f"{tmp_path / 'brand.yaml'}:2: website: ")
    assert expected in found[0]


@pytest.mark.parametrize("url", ["https://fußwohl.example/termine", "HTTPS://FUSSWOHL.EXAMPLE",
                                 "http://fusswohl.example:8080/a?b=c", "https://192.0.2.1/"])
def test_unusual_but_good_websites_load(tmp_path, url):
    brand = brand_module.load(write_brand(tmp_path, f'name: P\nwebsite: "{url}"\n', logo=False))
    assert brand.website == url


@pytest.mark.parametrize(("accent", "expected"), [
    ("cmyk(80, 40, 0)", ": takes 4 numbers, 3 found; write it like cmyk(80, 40, 0, 20): cyan, "
                        "magenta, yellow and black in percent"),
    ("cmyk(80, 40, 0, 20, 5)", "takes 4 numbers, 5 found"),
    ("cmyk()", "takes 4 numbers, 0 found"),
    ("cmyk(-5, 0, 0, 90)", ": each CMYK part is a percentage from 0 to 100 (found -5)"),
    ("cmyk(100, 100, 100, 100.5)", "each CMYK part is a percentage from 0 to 100"),
    ("cmyk(1.2.3, 0, 0, 90)", "'1.2.3' is not a number; write it like cmyk(80, 40, 0, 20)"),
    ("cmyk(nan, 0, 0, 90)", "'nan' is not a number"),
    ("cmyk(inf, 0, 0, 90)", "'inf' is not a number"),
    ("cmyk(1e2, 0, 0, 90)", "'1e2' is not a number"),
    ("cmyk(abc, 0, 0, 90)", "'abc' is not a number"),
    ("cmyk(, , , )", "'' is not a number"),
    ("cmyk(80, 40, 0, 20", ": write it like cmyk(80, 40, 0, 20)"),
    ("cmyk 80 40 0 20", "write it like cmyk(80, 40, 0, 20)"),
    ("0x1F5C99", " is not a colour; write #RRGGBB"),
])
def test_each_malformed_accent_is_one_line(tmp_path, accent, expected):
    found = problems(write_brand(tmp_path, f"name: P\naccent: {accent}\n", logo=False))
    assert len(found) == 1 and "\n" not in found[0]
    assert found[0].startswith(f"{tmp_path / 'brand.yaml'}:2: accent: {accent!r}")
    assert expected in found[0]


def test_cmyk_accent_may_have_percent_signs_and_spaces(tmp_path):
    brand = brand_module.load(write_brand(tmp_path, "name: P\naccent: CMYK( 100% , 50% , 0% , 40% )\n", logo=False))
    assert brand.accent == "#004C99"


@pytest.mark.parametrize("line", ["accent: #1F5C99", "accent:   #1F5C99   # our blue"])
def test_unquoted_hex_accent_says_yaml_read_it_as_a_comment(tmp_path, line):
    found = problems(write_brand(tmp_path, f"name: P\n{line}\n", logo=False))
    assert found == [f"{tmp_path / 'brand.yaml'}:2: accent: YAML reads # as the start of a comment (so the colour "
                     "was read as empty): put the colour in quotes, like accent: \"#1F5C99\""]


@pytest.mark.parametrize("line", ["accent:", "accent: # none for now", "# accent: #1F5C99"])
def test_an_accent_left_empty_on_purpose_is_no_accent(tmp_path, line):
    assert brand_module.load(write_brand(tmp_path, f"name: P\n{line}\n", logo=False)).accent is None


def test_own_lines_have_their_line_numbers(tmp_path):
    brand = brand_module.load(write_brand(tmp_path, "name: P\nline:\n  en: Hello.\n  zh: 你好。\n", logo=False))
    assert str(brand.problem("line.zh", "x")) == f"{tmp_path / 'brand.yaml'}:4: line.zh: x"


@pytest.mark.parametrize("lines, expected", [
    ("  12: x\n", ":3: line.12: '12' is not a language chartgen prints, so this line would never be printed"),
    ("  ? [a, b]\n  : x\n", ":3: line: a key must be plain text (a list found)"),
    ("  EN: Hello.\n", ":3: line.EN: 'EN' is not a language chartgen prints"),
])
def test_own_line_codes_must_be_shipped_languages(tmp_path, lines, expected):
    with pytest.raises(InputError) as caught:
        brand_module.load(write_brand(tmp_path, "name: P\nline:\n" + lines, logo=False))
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{tmp_path / 'brand.yaml'}{expected}")
