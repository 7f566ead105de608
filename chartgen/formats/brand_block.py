"""A Brand + a box (pt) -> the practitioner's block (logo, name, contact lines, QR code) as a fitted flowable.

Every format uses it: `fit_block` sets the block at the largest type size that fits the box (text.fit_box) and
turns a block that cannot fit into a problem naming the brand file, the key and the box. The QR code is vector
(ReportLab's QR encoder, error correction M, drawn as one path with a 4-module quiet zone inside its square, no
font); the logo keeps its shape,
SVG stays vector, raster logos are embedded at no more than 300 dpi for their printed size.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import black, white
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from chartgen import tagging
from chartgen.brand import Brand
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit
from chartgen.fonts import FontFamily, missing_glyphs
from chartgen.text import (
    Fitted,
    Overflow,
    Stacked,
    TextStyle,
    draw_stack,
    fit_box,
    left_to_right,
    min_width,
    paragraph,
    rich_paragraph,
    stack_height,
)

MAX_DPI = 300
"""Raster logos are downsampled to at most this many pixels per inch of their printed size."""
QR_LEVEL = "M"
"""QR error correction M: about 15 % of the code may be scuffed and it still scans."""
QR_QUIET_MODULES = 4
"""White border around the code, in modules, as the QR standard asks."""
LOGO_MAX_ASPECT = 3.0
"""A wide logo is at most this many times as wide as its box is tall."""
SEPARATOR = " · "
"""Between contact details set on one line."""
LEADING = 1.2
"""Line spacing of the block's text, as a multiple of the size."""
LINE_GAP = 0.25
"""Space below each line of the block, as a share of the text size."""


COMPACT_KEYS = ("name", "phone", "website")
"""The brand file's keys a compact block (the card's) prints."""


@dataclass(frozen=True)
class BlockSpec:
    """How one format sets the block: type sizes (pt), QR code and logo sizes (pt), what it shows."""

    max_pt: float
    """Largest size of the contact text; the name is `name_ratio` times larger."""
    min_pt: float
    name_ratio: float
    qr_code: float
    """Side of the QR code itself, without its quiet zone (pt); 0 for no code."""
    logo_height: float
    """Height of the logo's box (pt); 0 for no logo."""
    gap: float
    """Space between logo, text and code (pt)."""
    logo_above: bool = False
    """The logo sits above the text (narrow boxes) instead of before it."""
    compact: bool = False
    """Only name, phone and website (the card): the keys in COMPACT_KEYS."""
    one_line_contact: bool = True
    """Phone, e-mail and website share a line (wide boxes) rather than a line each."""
    single_line: bool = False
    """With `compact`: the name, phone and website all on one line (a crowded card back)."""
    wide: bool = False
    """A wide, low box (the poster's band): the person joins the contact line, the address the own line."""
    quiet_outside: bool = False
    """The block sits in the bottom corner of a page's safe area: the QR code's quiet zone on its bottom and outer
    side lies in the blank safe margin, outside the block (the card, where every millimetre counts)."""


@dataclass(frozen=True)
class Colours:
    """#RRGGBB colours of the block: the name in the accent, the details in ink, the own line muted."""

    accent: str
    ink: str
    muted: str


def check_glyphs(brand: Brand, family: FontFamily, lang: str) -> None:
    """Fail before drawing if a brand text printed in `lang` has a character the language's fonts cannot draw.

    Own lines of other languages are not printed in this one, so they are not checked here.
    """
    problems = []
    for key, text in _texts(brand, lang).items():
        missing = missing_glyphs(family, text, bold=key == "name")
        if missing:
            shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in missing)
            problems.append(brand.problem(key, f"the fonts of this language cannot draw {shown}; "
                                               f"write it in this language's script or leave it out"))
    if problems:
        raise InputError(problems)


def fit_block(brand: Brand, spec: BlockSpec, *, width: float, height: float, lang: str, family: FontFamily,
              rtl: bool, colours: Colours, box: str) -> Fitted | Problem:
    """The block at the largest size that fits `width` x `height` pt, else the problem naming `box` and the key."""

    def build(size: float) -> list[Flowable]:
        return [BrandBlock(brand, spec, size=size, lang=lang, family=family, rtl=rtl, colours=colours)]

    fitted = fit_box(build, width=width, height=height, max_size=spec.max_pt, min_size=spec.min_pt)
    if isinstance(fitted, NoFit):
        return no_fit(brand, lang, fitted.why, box=box, size=spec.min_pt)
    return fitted


def no_fit(brand: Brand, lang: str, failure: Overflow, *, box: str, size: float) -> Problem:
    """The problem for a block that does not fit `box` at `size` pt: it names the text most likely at fault."""
    key = culprit(brand, lang, too_wide_word=failure.too_wide_word)
    if failure.too_wide_word:
        return brand.problem(key, f"a word is too wide for {box} even at {size:g} pt; shorten it")
    return brand.problem(key, f"the brand's texts do not fit {box} even at {size:g} pt; shorten the longest "
                              f"(this one) or leave some out")


def culprit(brand: Brand, lang: str, *, too_wide_word: bool, shown: Collection[str] | None = None) -> str:
    """The brand file's key most likely at fault when a block does not fit: the text with the longest word when
    a word is too wide, else the longest text; `shown` limits the choice to the keys the block prints."""
    texts = {key: text for key, text in _texts(brand, lang).items() if shown is None or key in shown}
    if too_wide_word:
        return max(texts, key=lambda k: max(len(word) for word in texts[k].split()))
    return max(texts, key=lambda k: len(texts[k]))


def _texts(brand: Brand, lang: str) -> dict[str, str]:
    """Every brand text printed in language `lang`, by its key in the brand file."""
    texts = {"name": brand.name, "person": brand.person, "phone": brand.phone, "email": brand.email,
             "website": brand.website_label, "address": brand.address, f"line.{lang}": brand.line_for(lang)}
    return {key: text for key, text in texts.items() if text}


class BrandBlock(Stacked):
    """The block as one flowable: [logo] [text] [QR], mirrored right to left; text centred on the tallest part."""

    def __init__(self, brand: Brand, spec: BlockSpec, *, size: float, lang: str, family: FontFamily, rtl: bool,
                 colours: Colours, lead: tuple[Flowable, ...] = ()) -> None:
        """`lead`: flowables set above the name in the text column (the card's disclaimer beside the QR code)."""
        super().__init__()
        tagging.tag(self, "Sect")
        self.brand, self.spec, self.rtl = brand, spec, rtl
        self.qr_full = qr_box(brand.website, spec.qr_code) if brand.website and spec.qr_code else 0.0
        """Side of the QR code with its quiet zone all round (pt)."""
        quiet = (self.qr_full - spec.qr_code) / 2
        self.qr_side = self.qr_full - quiet if self.qr_full and spec.quiet_outside else self.qr_full
        """Side of the QR code's square inside the block (pt)."""
        self.logo_size = _logo_size(brand, spec.logo_height) if brand.logo_size and spec.logo_height else None

        def para(text: str, style: TextStyle) -> Flowable:
            return paragraph(text, style, family, rtl=rtl, lang=lang)

        text = TextStyle(size, LEADING, colours.ink, space_after=size * LINE_GAP)
        phone, email, website = (left_to_right(item, rtl=rtl) if item else item
                                 for item in (brand.phone, brand.email, brand.website_label))
        if spec.compact and spec.single_line:
            rest = "".join(SEPARATOR + item for item in (phone, website) if item)
            line = TextStyle(size, LEADING, colours.accent)
            self.flowables: list[Flowable] = [
                *lead, rich_paragraph([(brand.name, True), (rest, False)], line, family, rtl=rtl, lang=lang)]
            return
        self.flowables = [*lead,
            para(brand.name, TextStyle(size * spec.name_ratio, LEADING, colours.accent, bold=True,
                                       space_after=size * LINE_GAP))]
        if brand.person and not spec.compact and not spec.wide:
            self.flowables.append(para(brand.person, text))
        wanted = [phone, website] if spec.compact else [brand.person if spec.wide else None, phone, email, website]
        contact = [item for item in wanted if item]
        if spec.one_line_contact and contact:
            self.flowables.append(para(SEPARATOR.join(contact), text))
        else:
            self.flowables += [para(item, text) for item in contact]
        own = brand.line_for(lang) if not spec.compact else None
        if spec.wide and (brand.address or own):
            self.flowables.append(para(SEPARATOR.join(t for t in (brand.address, own) if t), text))
            return
        if brand.address and not spec.compact:
            self.flowables.append(para(brand.address, text))
        if own:
            self.flowables.append(para(own, TextStyle(size, LEADING, colours.muted)))

    def _side_widths(self) -> tuple[float, float]:
        """(logo's width and gap before the text, QR's width and gap) in pt."""
        logo = self.logo_size[0] + self.spec.gap if self.logo_size and not self.spec.logo_above else 0.0
        qr = self.qr_side + self.spec.gap if self.qr_side else 0.0
        return logo, qr

    def text_width(self, width: float) -> float:
        logo, qr = self._side_widths()
        return width - logo - qr

    def _text_height(self, width: float) -> float:
        height = stack_height(self.flowables, self.text_width(width))
        if self.logo_size and self.spec.logo_above:
            height += self.logo_size[1] + self.spec.gap
        return height

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        logo_height = self.logo_size[1] if self.logo_size and not self.spec.logo_above else 0.0
        self.width = available_width
        self.height = max(self._text_height(available_width), self.qr_side, logo_height)
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        logo, qr = self._side_widths()
        words = max((min_width(f) for f in self.flowables), default=0.0)
        if self.logo_size and self.spec.logo_above:
            words = max(words, self.logo_size[0])
        return words + logo + qr

    def placements(self) -> dict[str, tuple[float, float, float, float]]:
        """Where each part goes in the block (x, y, width, height in pt from its lower left); after wrap."""
        logo_w, qr_w = self._side_widths()
        text_w = self.width - logo_w - qr_w
        text_h = self._text_height(self.width)
        text_x = qr_w if self.rtl else logo_w
        parts = {"text": (text_x, (self.height - text_h) / 2, text_w, text_h)}
        if self.qr_side and self.spec.quiet_outside:  # in the block's bottom outer corner, quiet zone beyond
            outside = self.qr_full - self.qr_side
            parts["qr"] = (-outside if self.rtl else self.width - self.qr_side, -outside, self.qr_full, self.qr_full)
        elif self.qr_side:
            parts["qr"] = (0.0 if self.rtl else self.width - self.qr_side, (self.height - self.qr_side) / 2,
                           self.qr_side, self.qr_side)
        if self.logo_size:
            w, h = self.logo_size
            if self.spec.logo_above:
                x = text_x + text_w - w if self.rtl else text_x
                parts["logo"] = (x, parts["text"][1] + text_h - h, w, h)
            else:
                parts["logo"] = (self.width - w if self.rtl else 0.0, (self.height - h) / 2, w, h)
        return parts

    def draw(self) -> None:
        # Tagged, the block is a Sect of paragraphs; its logo and QR code are decoration (the name and the web
        # address stand beside them as text).
        parts = self.placements()
        x, y, width, height = parts["text"]
        top = y + height
        if "logo" in parts:
            lx, ly, lw, lh = parts["logo"]
            draw_logo(self.canv, self.brand, lx, ly, lw, lh)
            if self.spec.logo_above:
                top -= lh + self.spec.gap
        draw_stack(self.canv, self.flowables, x, top, width)
        if "qr" in parts and self.brand.website:
            qx, qy, side, _ = parts["qr"]
            draw_qr(self.canv, self.brand.website, qx, qy, side)


# ReportLab's graphics (QR widget, drawings) are imported by the functions that draw a brand: a document without
# one does not pay for them (about 10 ms).


@functools.cache
def _matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `url` as rows of modules, top row first; True is a dark module."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(url, barLevel=QR_LEVEL)
    # The widget builds its QR code in `qr`, an attribute types-reportlab 5.0 does not declare.
    code = widget.qr  # type: ignore[attr-defined]
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def _modules(url: str) -> int:
    """Modules along a side of the QR code of `url`."""
    return len(_matrix(url))


def qr_box(url: str, code: float) -> float:
    """Side (pt) of the square holding a QR code of side `code` pt and its quiet zone."""
    modules = _modules(url)
    return code * (modules + 2 * QR_QUIET_MODULES) / modules


def draw_qr(canvas: Any, url: str, x: float, y: float, side: float) -> None:
    """The QR code of `url` as vector squares in the `side` pt square at (x, y), quiet zone included.

    The modules are drawn here from the code's matrix, one filled path, rather than by rendering ReportLab's
    QrCodeWidget: its drawing starts by setting the graphics default font, an unembedded Helvetica that
    preflight flags although no glyph is shown.
    """
    with tagging.artifact(canvas):  # the address is printed as text beside it
        _draw_qr(canvas, _matrix(url), x, y, side)


def _draw_qr(canvas: Any, matrix: tuple[tuple[bool, ...], ...], x: float, y: float, side: float) -> None:
    module = side / (len(matrix) + 2 * QR_QUIET_MODULES)
    canvas.saveState()
    canvas.setFillColor(white)  # the quiet zone must be light even on a tinted panel
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    top = y + side - QR_QUIET_MODULES * module
    for row, modules in enumerate(matrix):
        column = 0
        for dark, run in itertools.groupby(modules):
            length = len(list(run))
            if dark:  # a run of dark modules as one rectangle: no hairline seams between neighbours
                path.rect(x + (QR_QUIET_MODULES + column) * module, top - (row + 1) * module,
                          length * module, module)
            column += length
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _logo_size(brand: Brand, height: float) -> tuple[float, float]:
    """Printed size (pt) of the logo in a box `height` pt tall and at most LOGO_MAX_ASPECT times as wide."""
    assert brand.logo_size is not None  # measured when the brand file was loaded
    w, h = brand.logo_size
    scale = min(height / h, LOGO_MAX_ASPECT * height / w)
    return w * scale, h * scale


def draw_logo(canvas: Any, brand: Brand, x: float, y: float, width: float, height: float) -> None:
    """The brand's logo filling `width` x `height` pt at (x, y) (the box already has the logo's shape).

    Drawn from the bytes checked when the brand was loaded: the SVG's drawing parsed then, or the PNG/JPEG.
    Tagged, an Artifact: the practice's name is printed as text beside it.
    """
    with tagging.artifact(canvas):
        _draw_logo(canvas, brand, x, y, width, height)


def _draw_logo(canvas: Any, brand: Brand, x: float, y: float, width: float, height: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    if brand.logo_is_svg:
        drawing = brand.logo_drawing()
        # A drawing starts by setting its initial font (ReportLab's default: an unembedded Helvetica); the
        # canvas's own, embedded font instead, in a holder, so the parsed logo (shared per process) is unchanged.
        # The logo itself has no text (brand.py refuses SVG text).
        holder = Drawing(drawing.width, drawing.height, drawing, initialFontName=canvas._fontname)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / drawing.width, height / drawing.height)
        renderPDF.draw(holder, canvas, 0, 0)
        canvas.restoreState()
        return
    canvas.drawImage(ImageReader(_raster(brand, width, height)), x, y, width, height, mask="auto")


def _raster(brand: Brand, width: float, height: float) -> Any:
    """The logo as a Pillow image of at most MAX_DPI for `width` x `height` pt (RGB or RGBA)."""
    from PIL import Image

    with brand.open_logo() as image:
        image.load()
        picture = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    most = (round(width / 72 * MAX_DPI), round(height / 72 * MAX_DPI))
    if picture.width > most[0] or picture.height > most[1]:
        picture = picture.resize((max(1, most[0]), max(1, most[1])), Image.Resampling.LANCZOS)
    return picture
