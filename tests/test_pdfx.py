"""--pdfx: a bleed file converted by Ghostscript to PDF/X-3 for an offset print shop, read as a preflight reads it:
the output intent and PDF/X entries, the boxes, every font embedded, no RGB in any content stream, colour space or
image, no transparency, body text in black ink alone; each scan first fails on the RGB file (negative controls).
Also the options' errors, the file name, the same bytes on every run, and the flattening of transparency.

Ghostscript is an external program: without it these tests are skipped, except in CI (CI=true), where its absence
is a failure (CI installs the Debian package ghostscript).
"""

from __future__ import annotations

import functools
import io
import os
import shutil
from collections.abc import Iterator

import numpy as np
import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageCms
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

import preflight
from chartgen import brand as brand_module
from chartgen import content as content_module
from chartgen import flatten, pdf, pdfx
from chartgen.errors import InputError
from chartgen.formats import Request, Settings, format_named
from chartgen.formats.kit import pdfx_options
from conftest import EPOCH
from programs import system_tool

MM = 72 / 25.4
BODY_TEXT = "Reflexology sees the foot"
"""The start of the poster's first paragraph, set in the palette's ink."""
pytestmark = pytest.mark.background  # Ghostscript's conversions: beside the other tests, on the other core

MUTED_TEXT = "The left foot is the mirror image."
"""A diagram caption set in the palette's muted grey."""
HEADING_TEXT = "How your feet and your back connect"
"""A heading in the accent colour (blue): converted to CMYK like any colour, not to black ink."""


def _ghostscript() -> None:
    """Skip the test without Ghostscript, except in CI, where it must be installed (tests/programs.py)."""
    system_tool(pdfx.GHOSTSCRIPT, "ghostscript")


needs_ghostscript = pytest.mark.usefixtures("ghostscript")


@pytest.fixture
def ghostscript() -> None:
    _ghostscript()


def _with_epoch(make):
    """`make()` with SOURCE_DATE_EPOCH set as the command-line tests set it, so the dates are fixed."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return make()
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _en() -> content_module.Content:
    return content_module.load_language("en")


@functools.cache
def rgb_poster() -> bytes:
    """The A2 poster with bleed, untagged: what `poster --paper A2 --bleed --pdfx` converts."""
    from chartgen.formats import poster

    return _with_epoch(lambda: poster.render(_en(), paper="A2", bleed=True, tagged=False))


@functools.cache
def document(name: str) -> bytes:
    """The PDF/X files, each made once per test run through its format (settings from the options, as the CLI)."""
    options = {
        "poster": ("poster", {"paper": "A2", "bleed": True, "pdfx": True}),
        "card": ("card", {"bleed": True, "pdfx": True}),
        "booklet": ("booklet", {"paper": "A6", "bleed": True, "pdfx": True}),
    }[name]
    fmt = format_named(options[0])
    settings = fmt.settings(options[1])
    if name == "poster":  # the untagged bleed poster the other tests use, converted as PosterFormat.render does
        return _with_epoch(lambda: pdfx_options.finished(rgb_poster(), settings))
    return _with_epoch(lambda: fmt.render(Request(_en(), settings)))


# ---------------------------------------------------------------- reading a file as a preflight does


def _forms_and_pages(pdf_: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    """Every page and every form XObject reachable from them (at any depth), once each, with where it is."""
    seen: set[tuple[int, int]] = set()

    def forms(owner: pikepdf.Object, where: str) -> Iterator[tuple[str, pikepdf.Object]]:
        xobjects = owner.get("/Resources", {}).get("/XObject", {})
        for name, xobject in xobjects.items():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield f"{where}/{name}", xobject
                yield from forms(xobject, f"{where}/{name}")

    for number, page in enumerate(pdf_.pages, start=1):
        yield f"page {number}", page.obj
        yield from forms(page.obj, f"page {number}")


def _is_rgb(space: object) -> bool:
    if isinstance(space, pikepdf.Name):
        return str(space) in ("/DeviceRGB", "/CalRGB")
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/CalRGB" or (family == "/ICCBased" and int(space[1].get("/N")) == 3):
            return True
        if family == "/Indexed":
            return _is_rgb(space[1])
        if family in ("/Separation", "/DeviceN"):
            return _is_rgb(space[2])
    return False


def rgb_uses(data: bytes) -> list[str]:
    """Every use of RGB: a DeviceRGB, CalRGB or three-component ICC colour space in any resources (pages, forms at
    any depth) or image, and every rg/RG operator or `cs`/`CS` to DeviceRGB in any content stream."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as document_:
        for where, owner in _forms_and_pages(document_):
            resources = owner.get("/Resources", {})
            found += [f"{where}: colour space {name}" for name, space in resources.get("/ColorSpace", {}).items()
                      if _is_rgb(space)]
            for name, xobject in resources.get("/XObject", {}).items():
                if xobject.get("/Subtype") == "/Image" and _is_rgb(xobject.get("/ColorSpace")):
                    found.append(f"{where}: image {name}")
            for instruction in pikepdf.parse_content_stream(owner):
                op = str(instruction.operator)
                if op in ("rg", "RG") or (op in ("cs", "CS") and str(instruction.operands[0]) == "/DeviceRGB"):
                    found.append(f"{where}: {op} {list(instruction.operands)}")
    return found


def transparency(data: bytes) -> list[str]:
    """Every use of transparency: a transparency group, a soft mask (image or graphics state), an opacity below
    1 or a blend mode other than Normal in any graphics state."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as document_:
        for where, owner in _forms_and_pages(document_):
            group = owner.get("/Group")
            if group is not None and group.get("/S") == "/Transparency":
                found.append(f"{where}: transparency group")
            resources = owner.get("/Resources", {})
            for name, state in resources.get("/ExtGState", {}).items():
                for key in ("/ca", "/CA"):
                    if key in state and float(state[key]) < 1:
                        found.append(f"{where}: graphics state {name} {key} {state[key]}")
                if state.get("/SMask", pikepdf.Name("/None")) != pikepdf.Name("/None"):
                    found.append(f"{where}: graphics state {name} soft mask")
                if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
                    found.append(f"{where}: graphics state {name} blend mode")
            for name, xobject in resources.get("/XObject", {}).items():
                if xobject.get("/Subtype") == "/Image" and "/SMask" in xobject:
                    found.append(f"{where}: image {name} has a soft mask")
    return found


def text_fills(data: bytes, page: int = 0) -> list[tuple[str, tuple[str, tuple[float, ...]]]]:
    """Each piece of text of a page with the fill colour set when it was shown: (text, (operator, values)), the
    operator that set the colour (rg, k, g, sc...). Read with pypdf, which calls us before every operator."""
    fill: tuple[str, tuple[float, ...]] = ("g", (0.0,))
    saved: list[tuple[str, tuple[float, ...]]] = []
    found: list[tuple[str, tuple[str, tuple[float, ...]]]] = []

    def before(operator: bytes, operands: list, _cm: list, _tm: list) -> None:
        nonlocal fill
        op = operator.decode("latin-1")
        if op == "q":
            saved.append(fill)
        elif op == "Q" and saved:
            fill = saved.pop()
        elif op in ("rg", "k", "g", "sc", "scn") and all(isinstance(v, int | float) for v in operands):
            fill = (op, tuple(float(v) for v in operands))

    def text(shown: str, _cm: list, _tm: list, _font: object, _size: float) -> None:
        if shown.strip():
            found.append((shown, fill))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def colour_of(fills: list[tuple[str, tuple[str, tuple[float, ...]]]], words: str) -> tuple[str, tuple[float, ...]]:
    """The fill colour of the text that starts with `words` (the piece of text holding their first 16 letters)."""
    start = words[:16]
    holding = [fill for text, fill in fills if start in text]
    assert holding, f"no text with {start!r} on the page"
    return holding[0]


def is_black_ink(fill: tuple[str, tuple[float, ...]]) -> bool:
    """Black ink alone: CMYK with no cyan, magenta or yellow, or DeviceGray (which a CMYK output intent prints
    with the black plate alone)."""
    op, values = fill
    return (op == "k" and values[:3] == (0.0, 0.0, 0.0) and values[3] > 0) or op == "g"


# ---------------------------------------------------------------- the negative controls


def test_the_scans_find_rgb_transparency_and_four_colour_text_in_the_rgb_file():
    """The RGB bleed poster fails each check the PDF/X file must pass: the scans can fail."""
    data = rgb_poster()
    uses = rgb_uses(data)
    assert any(": rg " in use for use in uses) and any("/ChartgenArt0" in use for use in uses)
    assert any("/DeviceRGB" in use for use in uses)
    assert any("/ca" in found for found in transparency(data))
    body = colour_of(text_fills(data), BODY_TEXT)
    assert body[0] == "rg" and not is_black_ink(body)
    with pikepdf.open(io.BytesIO(data)) as document_:
        assert "/OutputIntents" not in document_.Root
        assert "/GTS_PDFXVersion" not in document_.docinfo


def test_the_image_and_colour_space_scans_find_rgb_ones():
    """An RGB image with a soft mask and an ICC colour space of three components, in a form: both found."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    image = Image.new("RGBA", (4, 4), (200, 30, 30, 128))
    canvas.drawImage(ImageReader(image), 10, 10, 20, 20, mask="auto")
    canvas.showPage()
    canvas.save()
    data = pdf.finish(_blank(), stamps=[pdf.Stamp(0, buffer.getvalue(), 0, 0)],
                      info=pdf.DocumentInfo(title="T", subject="S", author="A", lang="en"))
    with pikepdf.open(io.BytesIO(data)) as document_:
        form = document_.pages[0].Resources.XObject["/ChartgenArt0"]
        icc = document_.make_stream(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(), N=3)
        form.Resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc]))
        out = io.BytesIO()
        document_.save(out)
    uses = rgb_uses(out.getvalue())
    assert any("ChartgenArt0: image" in use for use in uses)
    assert any("colour space /CS0" in use for use in uses)
    assert any("soft mask" in found for found in transparency(out.getvalue()))


def _blank() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- the A2 poster as PDF/X-3


@needs_ghostscript
def test_the_a2_poster_has_a_pdfx_output_intent_with_a_cmyk_profile():
    data = document("poster")
    assert data.startswith(b"%PDF-1.4\n")
    with pikepdf.open(io.BytesIO(data)) as document_:
        intents = document_.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFX" and intent.Type == "/OutputIntent"
        assert str(intent.OutputConditionIdentifier) and str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        header = profile.read_bytes()[:40]
        assert header[16:20] == b"CMYK" and header[36:40] == b"acsp" and header[12:16] == b"prtr"
        info = document_.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-3:2003"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title) == "Foot reflex zones of the spine"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20260101000000Z"
        assert str(document_.Root.Lang) == "en"
        assert document_.check_pdf_syntax() == []  # qpdf --check
    assert preflight.declared_version(data) == preflight.needed_version(data) == pdf.PDF_VERSION


@needs_ghostscript
def test_the_trim_and_bleed_boxes_are_those_of_the_bleed_file():
    with pikepdf.open(io.BytesIO(document("poster"))) as made, pikepdf.open(io.BytesIO(rgb_poster())) as bleed:
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
            assert [float(v) for v in made.pages[0].obj[box]] == [float(v) for v in bleed.pages[0].obj[box]], box
        trim = [float(v) for v in made.pages[0].TrimBox]
    assert round((trim[2] - trim[0]) / MM) == 420 and round((trim[3] - trim[1]) / MM) == 594  # A2


@needs_ghostscript
def test_every_font_is_embedded_and_the_marks_are_registration_hairlines():
    data = document("poster")
    assert preflight.unembedded_fonts(data) == []
    with pikepdf.open(io.BytesIO(data)) as document_:
        descriptors = []
        for _where, owner in _forms_and_pages(document_):
            for _name, font in owner.get("/Resources", {}).get("/Font", {}).items():
                fonts = font.DescendantFonts if "/DescendantFonts" in font else [font]
                descriptors += [f.FontDescriptor for f in fonts]
        assert descriptors
        assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d.keys()) for d in descriptors)
    pieces = [[trim.box.inset(-trim.bleed) for trim in trims] for trims in preflight.page_trims(data)]
    assert preflight.mark_problems(data, pieces) == []
    assert any(preflight.is_registration(stroke.colour_space) for stroke in preflight.strokes(data)[0])


@needs_ghostscript
def test_no_rgb_and_no_transparency_are_left():
    data = document("poster")
    assert rgb_uses(data) == []
    assert transparency(data) == []
    with pikepdf.open(io.BytesIO(data)) as document_:
        assert pdfx.rgb_found(document_) == []  # the converter's own check agrees


@needs_ghostscript
def test_body_text_is_black_ink_alone_and_colour_stays_colour():
    fills = text_fills(document("poster"))
    assert colour_of(fills, BODY_TEXT) == ("k", (0.0, 0.0, 0.0, 1.0))
    muted = colour_of(fills, MUTED_TEXT)
    assert is_black_ink(muted) and 0.6 < muted[1][-1] < 0.95  # a black-ink tint as light as the muted grey
    heading = colour_of(fills, HEADING_TEXT)
    assert heading[0] == "k" and heading[1][0] > 0.5  # the blue heading keeps its cyan
    shown = [fill for _text, fill in fills]
    assert sum(is_black_ink(fill) for fill in shown) > 0.8 * len(shown)  # nearly all the text: black ink


@needs_ghostscript
def test_the_conversion_looks_like_the_rgb_file():
    """Rendered side by side (pdfium, 40 dpi): the same picture; colours move a little in CMYK, the ink text most
    (its slight blue goes: it is black ink now)."""
    before = _render(rgb_poster(), dpi=40)
    after = _render(document("poster"), dpi=40)
    assert before.shape == after.shape
    difference = np.abs(before.astype(int) - after.astype(int)).max(axis=2)
    assert np.mean(difference > 24) < 0.01, np.mean(difference > 24)


def _render(data: bytes, *, dpi: float, page: int = 0) -> np.ndarray:
    document_ = pypdfium2.PdfDocument(data)
    try:
        return np.asarray(document_[page].render(scale=dpi / 72).to_pil().convert("RGB"))
    finally:
        document_.close()


# ---------------------------------------------------------------- the card and the booklet


@needs_ghostscript
@pytest.mark.parametrize("name", ["card", "booklet"])
def test_the_card_and_booklet_are_pdfx_without_rgb_or_transparency(name):
    data = document(name)
    assert rgb_uses(data) == []
    assert transparency(data) == []
    assert preflight.unembedded_fonts(data) == []
    with pikepdf.open(io.BytesIO(data)) as document_:
        assert document_.Root.OutputIntents[0].S == "/GTS_PDFX"
        assert str(document_.docinfo.GTS_PDFXVersion) == "PDF/X-3:2003"
        assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in document_.pages)
        pages = len(document_.pages)
    assert pages == 2 if name == "card" else (pages % 4 == 0 and 8 <= pages <= 16)


# ---------------------------------------------------------------- the command and its file


@needs_ghostscript
def test_the_command_writes_the_same_pdfx_bytes_every_run(run, tmp_path):
    """`chartgen poster --paper A2 --bleed --pdfx` writes chartgen-poster-en-A2-pdfx.pdf, byte for byte the file
    converted earlier in this run; converting the same file twice gives the same bytes too."""
    result = run("poster", "--paper", "A2", "--bleed", "--pdfx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "chartgen-poster-en-A2-pdfx.pdf"
    assert result.stdout.strip() == output.name
    assert output.read_bytes() == document("poster")
    again = _with_epoch(lambda: pdfx.to_pdfx(rgb_poster(), icc=None))
    assert again == document("poster")


@needs_ghostscript
def test_the_print_shops_profile_is_the_output_intent_and_the_conversion_target(tmp_path):
    """--icc with a CMYK profile that maps every colour to black ink alone (Ghostscript's gray_to_k.icc): the
    file carries it as its output intent, and every colour comes out in black ink, so the conversion used it.
    (gray_to_k.icc says it is an ICC version 4 profile, which PDF/X-3 does not take; with its header saying 2.1
    --icc takes it, and littleCMS and Ghostscript read its tables all the same.)"""
    folder = pdfx._profile_folder(pdfx.ghostscript())
    shop = tmp_path / "shop.icc"
    profile = bytearray((folder / "gray_to_k.icc").read_bytes())
    profile[8:10] = bytes([2, 0x10])
    shop.write_bytes(bytes(profile))
    fmt = format_named("card")
    settings = fmt.settings({"bleed": True, "pdfx": True, "icc": str(shop)})
    assert settings.extra("icc") == shop
    data = _with_epoch(lambda: fmt.render(Request(_en(), settings)))
    with pikepdf.open(io.BytesIO(data)) as document_:
        assert document_.Root.OutputIntents[0].DestOutputProfile.read_bytes() == shop.read_bytes()
        colours = [(str(i.operator), [float(v) for v in i.operands]) for page in document_.pages
                   for i in pikepdf.parse_content_stream(page) if str(i.operator) in ("k", "K")]
    assert colours and all(values[:3] == [0.0, 0.0, 0.0] for _op, values in colours)


@pytest.mark.parametrize(("name", "paper"), [("poster", "A2"), ("card", None), ("booklet", "A6")])
def test_the_file_converted_to_pdfx_is_untagged(name, paper, monkeypatch):
    """A PDF/X file is for the press, and Ghostscript keeps no structure tree: each format hands the conversion an
    untagged file. The card without --pdfx is tagged (the control)."""
    handed: list[bytes] = []
    monkeypatch.setattr(pdfx_options, "finished", lambda data, _settings: handed.append(data) or data)
    fmt = format_named(name)
    fmt.render(Request(_en(), Settings(paper=paper, bleed=True, extras=(("pdfx", True),))))
    if name == "card":
        fmt.render(Request(_en(), Settings(bleed=True)))
    structure = []
    for data in handed:
        with pikepdf.open(io.BytesIO(data)) as document_:
            structure.append("/StructTreeRoot" in document_.Root)
    assert structure == ([False, True] if name == "card" else [False])


def test_the_file_name_says_pdfx():
    settings = Settings(paper="A2", bleed=True, extras=(("pdfx", True),))
    assert format_named("poster").default_name("en", settings) == "chartgen-poster-en-A2-pdfx.pdf"
    assert format_named("card").default_name("de", Settings(bleed=True, extras=(("pdfx", True),))) == \
        "chartgen-card-de-pdfx.pdf"
    assert format_named("booklet").default_name("en", Settings(paper="A6", bleed=True, extras=(("pdfx", True),))) \
        == "chartgen-booklet-en-A6-pdfx.pdf"
    assert format_named("poster").default_name("en", Settings(paper="A2", bleed=True)) == "chartgen-poster-en-A2.pdf"


def test_pdfx_is_no_variant_for_check():
    """PDF/X changes no layout: `check` lays out the --bleed variants, without Ghostscript."""
    for name in ("poster", "card", "booklet"):
        assert not any(variant.settings.extra("pdfx") for variant in format_named(name).variants())


# ---------------------------------------------------------------- errors: one line each, exit 2, no file


@pytest.mark.parametrize(("args", "message"), [
    (["poster", "--paper", "A2", "--pdfx"],
     "--pdfx: an offset print shop trims the sheet, so a PDF/X file needs bleed: add --bleed"),
    (["poster", "--bleed", "--icc", "shop.icc"], "--icc: only goes with --pdfx"),
    (["poster", "--paper", "A1", "--tile", "A4", "--pdfx"], "--pdfx: not with --tile, which is for printing at home"),
    (["poster", "--paper", "A4", "--large-print", "--pdfx"], "--pdfx: not with --large-print"),
    (["card", "--sheet", "A4", "--bleed", "--pdfx"], "--pdfx: not with --sheet"),
    (["booklet", "--imposed", "--pdfx"], "--pdfx: not with --imposed"),
])
def test_options_that_do_not_go_with_pdfx(run, tmp_path, args, message):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"chartgen: {message}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_an_icc_profile(run, tmp_path):
    (tmp_path / "shop.icc").write_text("not a profile at all, but long enough to have a header " * 4)
    _ghostscript()
    result = run("card", "--bleed", "--pdfx", "--icc", "shop.icc", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "chartgen: shop.icc: --icc: is not an ICC colour profile; give the CMYK profile (.icc) " \
        "your print shop names, e.g. ISO Coated v2 (FOGRA39) or PSO Coated v3\n"
    assert [p.name for p in tmp_path.iterdir()] == ["shop.icc"]


def test_an_rgb_profile_is_refused(run, tmp_path):
    """An sRGB profile (made by littleCMS through Pillow) is a real ICC profile, of the wrong colour space."""
    (tmp_path / "srgb.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    _ghostscript()
    result = run("booklet", "--bleed", "--pdfx", "--icc", "srgb.icc", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("chartgen: srgb.icc: --icc: is an ICC profile for RGB colour, not CMYK; ")
    assert result.stderr.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["srgb.icc"]


@needs_ghostscript
def test_a_version_4_profile_is_refused(tmp_path):
    """PDF/X-3 is based on PDF 1.4, which takes ICC version 2 profiles: a version 4 one (Ghostscript's
    ps_cmyk.icc) is refused, naming the file."""
    shop = tmp_path / "v4.icc"
    shop.write_bytes((pdfx._profile_folder(pdfx.ghostscript()) / "ps_cmyk.icc").read_bytes())
    with pytest.raises(InputError) as caught:
        pdfx.read_icc(shop)
    assert str(caught.value).startswith(f"{shop}: --icc: is an ICC version 4 profile, and PDF/X-3 (PDF 1.4) takes "
                                        "version 2 profiles")


def test_read_icc_refuses_a_short_or_cut_profile(tmp_path):
    for data, message in ((b"acsp", "is not an ICC colour profile"),
                          (_icc_header(size=10_000, space=b"CMYK"), "is cut short")):
        path = tmp_path / "p.icc"
        path.write_bytes(data)
        with pytest.raises(InputError) as caught:
            pdfx.read_icc(path)
        assert message in str(caught.value)
    path.write_bytes(_icc_header(size=132, space=b"CMYK", device=b"mntr"))
    with pytest.raises(InputError, match="not of a printer"):
        pdfx.read_icc(path)
    path.write_bytes(_icc_header(size=132, space=b"CMYK"))  # the header of a CMYK profile, and nothing else
    with pytest.raises(InputError, match="littleCMS cannot use this CMYK profile"):
        pdfx.read_icc(path)


def _icc_header(*, size: int, space: bytes, device: bytes = b"prtr") -> bytes:
    header = bytearray(132)
    header[0:4] = size.to_bytes(4, "big")
    header[8] = 2
    header[12:16], header[16:20], header[36:40] = device, space, b"acsp"
    return bytes(header)


def test_without_ghostscript_one_line_names_the_package(run, tmp_path, monkeypatch):
    """No gs on PATH: one line saying which package to install, exit 2, nothing written (no Ghostscript needed)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("poster", "--paper", "A2", "--bleed", "--pdfx", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "chartgen: --pdfx: ghostscript is not installed: install the 'ghostscript' package " \
        "(apt-get install ghostscript) to make PDF/X\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bin"]


@needs_ghostscript
def test_a_failing_ghostscript_is_one_line_with_its_last_words(run, tmp_path, monkeypatch):
    """A gs that fails (here a script in front of the real one): its last line, exit 2, nothing written."""
    real = shutil.which("gs")
    fake = tmp_path / "bin" / "gs"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncase "$1" in -h|--version) exec "{real}" "$@";; esac\n'
                    'echo "GPL Ghostscript: something went wrong" >&2\necho "Error: /undefined in --run--" >&2\n'
                    "exit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    result = run("card", "--bleed", "--pdfx", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "chartgen: --pdfx: Ghostscript could not make the PDF/X file: Error: /undefined in " \
        "--run--\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bin"]


# ---------------------------------------------------------------- flattening transparency (no Ghostscript)


def test_flattening_the_poster_changes_no_pixel_that_matters():
    """The diagram's see-through arch shading becomes an opaque image of what it showed: no opacity below 1 is
    left, and the page renders (150 dpi) as before."""
    with pikepdf.open(io.BytesIO(rgb_poster())) as document_:
        replaced = flatten.flatten(document_)
        out = io.BytesIO()
        document_.save(out)
    assert replaced == 9  # the nine nested ellipses of the glaze
    assert transparency(out.getvalue()) == []
    before, after = _render(rgb_poster(), dpi=150), _render(out.getvalue(), dpi=150)
    difference = np.abs(before.astype(int) - after.astype(int)).max(axis=2)
    assert difference.max() <= 8, difference.max()


@functools.cache
def _logo_page() -> bytes:
    """A tinted panel with a PNG logo on it whose edge is transparent (a soft mask), and a half-opaque red square
    over black text (a fill at opacity 0.5) and a stroke at opacity 0 (left out)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 200), invariant=1)
    canvas.setFillColorRGB(0.95, 0.96, 0.97)
    canvas.rect(20, 20, 160, 160, stroke=0, fill=1)
    logo = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (10, 10, 50, 50))
    canvas.drawImage(ImageReader(logo), 30, 30, 60, 60, mask="auto")
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("Helvetica", 20)
    canvas.drawString(100, 120, "Text")
    canvas.saveState()
    canvas.setFillAlpha(0.5)
    canvas.setStrokeAlpha(0)
    canvas.setFillColorRGB(1, 0, 0)
    canvas.rect(110, 110, 50, 50, stroke=1, fill=1)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_flattening_a_logo_with_a_soft_mask_and_a_half_opaque_square():
    data = _logo_page()
    assert len(transparency(data)) >= 2  # the logo's soft mask, the square's opacity
    with pikepdf.open(io.BytesIO(data)) as document_:
        assert flatten.flatten(document_) == 2
        out = io.BytesIO()
        document_.save(out)
    assert transparency(out.getvalue()) == []
    before, after = _render(data, dpi=300), _render(out.getvalue(), dpi=300)
    difference = np.abs(before.astype(int) - after.astype(int)).max(axis=2)
    # The same picture; along the logo's and the square's edges a pixel may differ (resampled twice), no more.
    assert difference.mean() < 1 and np.mean(difference > 48) < 0.005, (difference.mean(), np.mean(difference > 48))
    logo_corner = after[int((200 - 32) / 72 * 300), int(32 / 72 * 300)]  # transparent in the logo: the panel
    assert tuple(logo_corner) == tuple(before[int((200 - 32) / 72 * 300), int(32 / 72 * 300)])


def test_a_blend_mode_is_not_flattened():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.rect(10, 10, 20, 20, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as document_:
        page = document_.pages[0]
        page.Resources.ExtGState = pikepdf.Dictionary(GS0=pikepdf.Dictionary(BM=pikepdf.Name.Multiply))
        page.Contents = document_.make_stream(b"/GS0 gs 10 10 20 20 re f")
        with pytest.raises(flatten.CannotFlattenError, match="blend mode /Multiply"):
            flatten.flatten(document_)


@needs_ghostscript
def test_text_greys_become_black_ink_tints_of_their_lightness():
    """The K for each text grey keeps its lightness on the press: ink and black are darker than black ink can
    print (100 %); the muted grey (L* 43) is a tint. Ghostscript's own CMYK profile is found where --pdfx finds
    it (an InputError, a failure, if Ghostscript is installed without it)."""
    ghostscript_profile = (pdfx._profile_folder(pdfx.ghostscript()) / pdfx.DEFAULT_PROFILE).read_bytes()
    greys = pdfx._k_for_text_greys(ghostscript_profile)
    assert greys[(30 / 255, 42 / 255, 54 / 255)] == 1.0
    assert greys[(0.0, 0.0, 0.0)] == 1.0
    assert 0.6 < greys[(90 / 255, 102 / 255, 115 / 255)] < 0.95


def test_greys_set_by_sc_in_an_rgb_space_become_black_ink_too():
    instructions = [pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op)) for operands, op in [
        ([pikepdf.Name.DeviceRGB], "cs"), ([30 / 255, 42 / 255, 54 / 255], "sc"), ([0.2, 0.5, 0.7], "sc"),
        ([1, 0, 0], "RG")]]
    assert pdfx._set_greys_in_k(instructions, {(30 / 255, 42 / 255, 54 / 255): 1.0})
    assert [(str(i.operator), [float(v) for v in i.operands]) for i in instructions[1:]] == [
        ("k", [0, 0, 0, 1.0]), ("rg", [0.2, 0.5, 0.7]), ("RG", [1, 0, 0])]


def test_settings_refuse_icc_without_pdfx_before_anything_else():
    with pytest.raises(InputError, match="--icc: only goes with --pdfx"):
        format_named("card").settings({"bleed": True, "icc": "x.icc"})


def test_a_brand_logo_poster_is_flattened(tmp_path):
    """A practitioner's PNG logo with a transparent edge, in the poster's brand band: no soft mask is left."""
    (tmp_path / "logo.png").write_bytes(_png_with_alpha())
    (tmp_path / "brand.yaml").write_text("name: Praxis Fußwohl\nlogo: logo.png\n", encoding="utf-8")
    from chartgen.formats import poster

    data = poster.render(_en(), paper="A4", brand=brand_module.load(tmp_path / "brand.yaml"))
    assert any("soft mask" in found for found in transparency(data))
    with pikepdf.open(io.BytesIO(data)) as document_:
        flatten.flatten(document_)
        out = io.BytesIO()
        document_.save(out)
    assert transparency(out.getvalue()) == []
    difference = np.abs(_render(data, dpi=100).astype(int) - _render(out.getvalue(), dpi=100).astype(int)).max(axis=2)
    assert difference.mean() < 0.1 and np.mean(difference > 24) < 0.001  # at most the logo's edge pixels


def _png_with_alpha() -> bytes:
    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    image.paste((30, 90, 160, 255), (10, 10, 110, 110))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------- batch


def test_batch_makes_pdfx_files_on_request(run, tmp_path):
    """`batch --bleed --pdfx`: the print-shop formats as PDF/X-3 (named -pdfx), the handout as usual."""
    _ghostscript()
    result = run("batch", "--langs", "de", "--formats", "card,handout", "--bleed", "--pdfx", "--jobs", "1",
                 "--out-dir", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = sorted(path.name for path in (tmp_path / "out").glob("*.pdf"))
    assert made == ["chartgen-card-de-pdfx.pdf", "chartgen-handout-de-A4.pdf"]
    with pikepdf.open(tmp_path / "out" / "chartgen-card-de-pdfx.pdf") as card:
        assert card.Root.OutputIntents[0].S == "/GTS_PDFX"
    with pikepdf.open(tmp_path / "out" / "chartgen-handout-de-A4.pdf") as handout:
        assert "/OutputIntents" not in handout.Root  # the control: a reading document stays as it is


@pytest.mark.parametrize(("args", "expected"), [
    (("--formats", "handout", "--pdfx"), "--pdfx: none of the formats chosen takes it (only poster, card, booklet)"),
    (("--formats", "card", "--pdfx"), "--pdfx: an offset print shop trims the sheet, so a PDF/X file needs bleed"),
])
def test_batch_refuses_pdfx_where_it_cannot_be_made(run, tmp_path, args, expected):
    result = run("batch", "--langs", "de", *args, "--out-dir", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"chartgen: {expected}"), line
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
