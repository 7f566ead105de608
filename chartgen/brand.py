"""brand.yaml (a practitioner's name, contact, logo, accent colour) -> a checked, frozen `Brand`, or file:line errors.

Loaded through `chartgen.schema` (unknown keys, wrong types, missing name), then each value is checked: e-mail and
web address shape (and a web address short enough for a QR code), phone characters, accent colour legible on white,
logo file readable within its limits. The logo's bytes are read once, checked, and kept on the Brand, so what is
printed is what was checked; an SVG logo is parsed once per process. `EXAMPLE` is the commented example that
`chartgen brand-example` prints.
"""

from __future__ import annotations

import binascii
import contextlib
import hashlib
import inspect
import io
import logging
import math
import re
import struct
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import yaml

from chartgen import files, schema
from chartgen.colour import WHITE, contrast, from_cmyk
from chartgen.content import available_languages
from chartgen.errors import InputError, Problem

if TYPE_CHECKING:
    from lxml import etree
    from PIL import Image
    from reportlab.graphics.shapes import Drawing

MIN_CONTRAST = 4.5
"""WCAG AA contrast ratio for normal text: the accent colour is used for headings on white paper."""
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
"""Logo file types we can place: raster PNG/JPEG, or SVG kept as vector."""
RASTER_FORMATS = ("PNG", "JPEG")
"""Pillow formats a raster logo may be in, whatever its name ends with (no other image parser sees the file)."""
MIN_PHONE_DIGITS = 5
"""Fewer digits than this is not a phone number anyone can call."""
RASTER_LOGO_MAX_BYTES = 10_000_000
"""Bytes a PNG or JPEG logo may have: a logo printed a few centimetres wide at 300 dpi needs well under 1 MB."""
SVG_LOGO_MAX_BYTES = 2_000_000
"""Bytes an SVG logo may have: a logo drawn as vectors is rarely over 100 KB (but embedded pictures count too)."""
LOGO_MAX_PIXELS = 50_000_000
"""Pixels (width x height) a raster logo, or all pictures embedded in an SVG logo together, may have: a 45 MP
camera photo fits; decoding that many takes at most 200 MB (4 bytes a pixel). The largest logo box needs < 1 MP."""
SVG_MAX_ELEMENTS = 20_000
"""Elements an SVG logo may draw, counting every copy a <use> makes; a logo has hundreds. Each <use> adds at least
two, so this also keeps <use> copies under svglib's 10,000, beyond which it silently leaves the rest out."""
SVG_MAX_USE_DEPTH = 5
"""How deep <use> elements may refer to <use> elements (a <use> of a <use> is 2)."""
WEBSITE_MAX_BYTES = 84
"""Longest web address (UTF-8 bytes) in its QR code: up to 84 bytes, error correction M needs version 5 (37 modules
a side), so the card's 12 mm code has modules of 0.32 mm; version 6 (85-106 bytes) would be 0.29 mm, under the
0.3 mm a phone reads reliably from a printed card."""
SHOWN_CHARS = 60
"""A value quoted in a message is cut to this many characters (a message stays one readable line)."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^[0-9+()\-./ \u00a0]+$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CMYK = re.compile(r"^cmyk\s*\((.*)\)$", re.IGNORECASE | re.DOTALL)
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)\s*%?$")
_HOST_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-)*[^\W_])?$")
"""One dot-separated part of a host name: letters (any script), digits and inner hyphens."""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_COMMENTED_COLOUR = re.compile(r":\s*(#[0-9A-Fa-f]{3,8})\b")
"""`accent: #1F5C99` as written: YAML reads the # as the start of a comment, and the value as empty."""
_DATA_IMAGE = re.compile(r"^data:image/(jpe?g|png);base64")
"""An embedded PNG or JPEG picture, as svglib recognises it (the data starts one character after the match)."""
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
Fail = Callable[[str, str], None]
"""Records a problem with the value of a key: fail(key, message)."""
_SVG_DRAWINGS: dict[str, Drawing] = {}
"""Checked SVG logos by the SHA-256 of their bytes: each is parsed once per process."""

EXAMPLE = """\
# brand.yaml: your practice on every chart (chartgen poster|card|booklet|batch --brand brand.yaml).
# Only `name` is needed; leave out any line you do not want printed.

# The name of your practice, as large as it fits (it must fit its box on the card).
name: Praxis Fußwohl
# Your own name.
person: Anna Berg
phone: +49 30 1234 5678
email: anna@fusswohl.example
# Your web site, starting with https:// (or http://). It is printed, and shown as a QR code
# that phones can scan.
website: https://fusswohl.example
address: Gartenstraße 5, 10115 Berlin
# Your logo: a PNG, JPEG or SVG file. A path that does not start with / is read from the
# folder this file is in. It keeps its shape; a photo is printed at no more than 300 dpi.
logo: logo.png
# The colour of headings and rules: #RRGGBB, or cmyk(C, M, Y, K) in percent. It must be dark
# enough to read on white paper (contrast at least 4.5 : 1).
accent: "#1F5C99"
# A line of your own, per language code (optional). Languages without a line print none.
line:
  en: Appointments Monday to Friday, 9 to 18.
  de: Termine Montag bis Freitag, 9 bis 18 Uhr.
"""


@dataclass(frozen=True)
class BrandFile:
    """The shape of brand.yaml, as written (checked by chartgen.schema)."""

    MISSING_HINT: ClassVar[str] = "see 'chartgen brand-example'"

    name: str
    person: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    logo: str | None = None
    accent: str | None = None
    line: dict[str, str] | None = None


class LogoError(ValueError):
    """What is wrong with a logo file's contents (the message says what to do), reported as a `logo` problem."""


@dataclass(frozen=True)
class Brand:
    """A practitioner's checked brand: texts, an http(s) `website`, a resolved `logo` path and `accent` #RRGGBB."""

    name: str
    person: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    logo: Path | None = None
    accent: str | None = None
    lines: tuple[tuple[str, str], ...] = ()
    """(language code, own line) pairs."""
    source: Path | None = None
    key_lines: tuple[tuple[str, int], ...] = ()
    """(key, line in the file) for error messages about a value, e.g. a name too long for its box."""
    logo_data: bytes | None = field(default=None, repr=False, compare=False)
    """The logo file's bytes as checked when the brand was loaded: what is printed (the file is not read again)."""
    logo_size: tuple[float, float] | None = None
    """The logo's own width and height: pixels for PNG/JPEG, pt for SVG (only their ratio matters)."""

    def line_for(self, lang: str) -> str | None:
        """The practitioner's own line in language `lang`, if they wrote one."""
        return dict(self.lines).get(lang)

    @property
    def author(self) -> str:
        """The PDF's author: the person and the practice, or the practice alone."""
        return f"{self.person}, {self.name}" if self.person else self.name

    @property
    def website_label(self) -> str | None:
        """The web address as printed: without http(s):// and a lone trailing slash."""
        if not self.website:
            return None
        parts = urlsplit(self.website)
        rest = parts.path.rstrip("/") if parts.path in ("", "/") else parts.path
        query = f"?{parts.query}" if parts.query else ""
        return f"{parts.netloc}{rest}{query}"

    @property
    def logo_is_svg(self) -> bool:
        """Whether the logo is an SVG file (drawn as vectors) rather than a PNG or JPEG."""
        return self.logo is not None and self.logo.suffix.lower() == ".svg"

    def logo_drawing(self) -> Drawing:
        """The SVG logo as a ReportLab drawing (size in pt), from the bytes checked at load; parsed once."""
        assert self.logo is not None and self.logo_data is not None and self.logo_is_svg
        try:
            return svg_drawing(self.logo, self.logo_data)
        except LogoError as error:  # only in a fresh process (spawn), and only if svglib changed since load
            raise InputError(self.problem("logo", f"{self.logo}: {error}")) from None

    def open_logo(self) -> Image.Image:
        """The PNG or JPEG logo opened with Pillow (pixels not yet decoded), from the bytes checked at load."""
        assert self.logo is not None and self.logo_data is not None and not self.logo_is_svg
        try:
            return open_raster(self.logo_data)
        except LogoError as error:
            raise InputError(self.problem("logo", f"{self.logo}: {error}")) from None

    def problem(self, key: str, message: str) -> Problem:
        """A problem with the value of `key`, located in the brand file."""
        return Problem(message, file=self.source, line=dict(self.key_lines).get(key), key=key)


def load(path: Path) -> Brand:
    """Read and check brand.yaml; every problem at once as an InputError (file:line: key: message)."""
    raw = schema.load(BrandFile, path)
    tree = schema.load_yaml(path)
    lines = _key_lines(tree)
    problems: list[Problem] = []

    def fail(key: str, message: str) -> None:
        problems.append(Problem(message, file=path, line=lines.get(key), key=key))

    if raw.email is not None and not _EMAIL.match(raw.email):
        fail("email", f"{_shown(raw.email)} is not an e-mail address; write it like name@example.com")
    if raw.website is not None:
        message = _website_problem(raw.website)
        if message:
            fail("website", message)
    if raw.phone is not None and (not _PHONE.match(raw.phone)
                                  or sum(c.isdigit() for c in raw.phone) < MIN_PHONE_DIGITS):
        fail("phone", f"{_shown(raw.phone)} is not a phone number; use digits, spaces, + - ( ) / . only")
    for code in raw.line or {}:
        if code not in available_languages():
            fail(f"line.{code}", f"{_shown(code)} is not a language chartgen prints, so this line would never be "
                                 f"printed; use one of: {', '.join(available_languages())}")
    accent = _accent_value(raw.accent, path, tree, fail)
    logo, logo_data, logo_size = _logo_value(raw.logo, path, fail) if raw.logo is not None else (None, None, None)
    if problems:
        raise InputError(problems)
    return Brand(raw.name, raw.person, raw.phone, raw.email, raw.website, raw.address, logo, accent,
                 tuple(sorted((raw.line or {}).items())), path, tuple(sorted(lines.items())),
                 logo_data=logo_data, logo_size=logo_size)


def _accent_value(value: str | None, path: Path, tree: yaml.Node | None, fail: Fail) -> str | None:
    """The accent as #RRGGBB, or None (none given, or a problem passed to `fail`)."""
    if value is None:
        colour = _colour_read_as_comment(path, tree, "accent")
        if colour:
            fail("accent", f"YAML reads # as the start of a comment (so the colour was read as empty): put the "
                           f"colour in quotes, like accent: \"{colour}\"")
        return None
    accent, message = _accent(value)
    if message:
        fail("accent", message)
    return accent


def _logo_value(value: str, path: Path, fail: Fail) -> tuple[Path | None, bytes | None, tuple[float, float] | None]:
    """(path, bytes, own size) of the logo named `value` in the brand file `path`; Nones after a problem."""
    logo = None
    try:
        logo = _logo_path(value, path)
        data, size = load_logo(logo)
    except InputError as error:  # from chartgen.files: the path, not the contents
        for found in error.problems:
            fail("logo", f"{found.file}: {found.message}" if found.file else found.message)
        return None, None, None
    except LogoError as error:
        fail("logo", f"{logo}: {error}")
        return None, None, None
    return logo, data, size


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line (1-based) of every top-level key of the file, and of each language under `line` (as line.xx)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines = {}
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if key.value == "line" and isinstance(value, yaml.MappingNode):
            lines.update({f"line.{code.value}": code.start_mark.line + 1 for code, _ in value.value})
    return lines


def _shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """`value` quoted for a message: cut to `limit` characters, anything unprintable escaped."""
    cut = value if len(value) <= limit else value[:limit] + "…"
    text = repr(cut)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _website_problem(url: str) -> str | None:
    """What is wrong with `url` as the practice's web address (printed, and as a QR code), or None."""
    shown = _shown(url)
    size = len(url.encode("utf-8"))
    if size > WEBSITE_MAX_BYTES:
        return (f"{shown} is {size} characters long (in UTF-8), too long for the QR code: at most "
                f"{WEBSITE_MAX_BYTES} keep its squares large enough to scan on the card's 12 mm code; give a "
                "shorter address, like your home page")
    odd = next((c for c in url if c.isspace() or not c.isprintable()), None)
    if odd is not None:
        what = "a space" if odd == " " else f"the invisible character U+{ord(odd):04X}"
        return f"{shown} contains {what}, which a web address cannot have; copy it again from the address bar"
    reason = _address_problem(url)
    return f"{shown} is not a web address: {reason}" if reason else None


def _address_problem(url: str) -> str | None:
    """Why `url` (no spaces or control characters) is not a full http(s) address with a host name, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks it: a port must be a number from 0 to 65535)
    except ValueError:
        return "its host name or port cannot be read; write it like https://example.com"
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme or not url[len(parts.scheme) + 1:].startswith("//"):
            return "it does not start with https://; write it in full, like https://example.com"
        return f"it starts with {parts.scheme}:, not https:// or http://; give the address of a web page"
    if "@" in parts.netloc:
        return "it contains a user name or password (before @); give the plain address, like https://example.com"
    host = parts.hostname or ""
    if not host:
        return "it has no host name after //; write it like https://example.com"
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return (f"{_shown(host)} is not a host name (letters, digits and hyphens, with dots between, like "
                "example.com); check it")
    return None


def _colour_read_as_comment(path: Path, tree: yaml.Node | None, key: str) -> str | None:
    """The unquoted #RRGGBB after the top-level `key` that YAML read as a comment (the value as empty), or None."""
    if not isinstance(tree, yaml.MappingNode):
        return None
    for key_node, value in tree.value:
        if key_node.value == key and isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            text = files.read_text(path).splitlines()
            line = key_node.start_mark.line
            found = _COMMENTED_COLOUR.search(text[line], key_node.start_mark.column) if line < len(text) else None
            return found.group(1) if found else None
    return None


def _accent(value: str) -> tuple[str | None, str | None]:
    """(#RRGGBB, None) for a good accent colour, else (None, what is wrong)."""
    text = value.strip()
    if text.lower().startswith("cmyk"):
        text, message = _cmyk(text)
        if message:
            return None, f"{_shown(value)}: {message}"
    elif not _HEX.match(text):
        return None, (f"{_shown(value)} is not a colour; write #RRGGBB (like \"#1F5C99\", in quotes) or "
                      "cmyk(80, 40, 0, 20)")
    ratio = contrast(text, WHITE)
    if ratio < MIN_CONTRAST:
        return None, (f"{_shown(value)} is too light to read on white paper (contrast {ratio:.1f} : 1, needs at "
                      f"least {MIN_CONTRAST:g} : 1); choose a darker colour")
    return text.upper(), None


def _cmyk(text: str) -> tuple[str, str | None]:
    """(#RRGGBB, None) for `cmyk(C, M, Y, K)` in percent, else ("", what is wrong and how to write it)."""
    example = "write it like cmyk(80, 40, 0, 20): cyan, magenta, yellow and black in percent"
    match = _CMYK.match(text)
    if not match:
        return "", example
    parts = [part.strip() for part in match.group(1).split(",")] if match.group(1).strip() else []
    if len(parts) != 4:
        return "", f"takes 4 numbers, {len(parts)} found; {example}"
    for part in parts:
        if not _PERCENT.match(part):
            if _PERCENT.match(part.lstrip("-")):
                return "", f"each CMYK part is a percentage from 0 to 100 (found {part})"
            return "", f"{_shown(part)} is not a number; {example}"
    c, m, y, k = (float(part.rstrip("% ")) / 100 for part in parts)
    if not all(0 <= v <= 1 for v in (c, m, y, k)):
        return "", "each CMYK part is a percentage from 0 to 100"
    return from_cmyk(c, m, y, k), None


# --- Logos -----------------------------------------------------------------------------------------------------


def _logo_path(value: str, brand_file: Path) -> Path:
    """The logo's path: ~ expanded, a relative path read from the brand file's folder."""
    logo = files.user_path(value, key="logo")
    return logo if logo.is_absolute() else brand_file.parent / logo


def load_logo(logo: Path) -> tuple[bytes, tuple[float, float]]:
    """The logo file's bytes and its own (width, height) (pixels, or pt for SVG), all limits checked.

    A problem with the path (missing, a folder, a FIFO, too large) is an InputError from chartgen.files; one
    with the contents is a LogoError.
    """
    suffix = logo.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise LogoError("use a PNG, JPEG or SVG file")
    svg = suffix == ".svg"
    limit = SVG_LOGO_MAX_BYTES if svg else RASTER_LOGO_MAX_BYTES
    try:
        data = files.read_bytes(logo, limit=limit, what="logo", key="logo")
    except InputError as error:
        if any(p.message.startswith("file not found") for p in error.problems):
            raise LogoError("file not found; check the path (a relative path is read from the brand file's "
                            "folder)") from None
        raise
    if svg:
        drawing = svg_drawing(logo, data)
        return data, (float(drawing.width), float(drawing.height))
    return data, raster_size(data)


def _too_many_pixels(size: tuple[int, int] | int | None, what: str = "this image", verb: str = "has") -> str:
    """The message for a picture over LOGO_MAX_PIXELS (its width and height, or its pixels, if known)."""
    if isinstance(size, tuple):
        found = f" ({size[0]:,} x {size[1]:,} pixels)"
    elif size:
        found = f" ({size:,} pixels)"
    else:
        found = ""
    return (f"{what} {verb} more than the {LOGO_MAX_PIXELS // 1_000_000} megapixels a logo may have{found}; "
            "save a smaller copy (2,000 pixels across is plenty for print)")


_PILLOW_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)
"""What Pillow raises on a broken file (UnidentifiedImageError is an OSError)."""


def open_raster(data: bytes, *, what: str = "this image") -> Image.Image:
    """The PNG or JPEG in `data`, opened with Pillow: only its header is read, and its size is within the limit.

    Pillow's decompression-bomb warning counts as an error here, so nothing with more pixels is ever decoded.
    """
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=RASTER_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))  # Pillow: "Image size (N pixels) exceeds limit ..."
        raise LogoError(_too_many_pixels(int(found.group(1)) if found else None, what)) from None
    except _PILLOW_ERRORS as exc:
        raise LogoError(f"cannot read {what} ({exc.__class__.__name__}); save it again as PNG or JPEG") from None
    if image.width * image.height > LOGO_MAX_PIXELS:
        image.close()
        raise LogoError(_too_many_pixels(image.size, what))
    return image


def raster_size(data: bytes, *, what: str = "this image") -> tuple[float, float]:
    """(width, height) in pixels of the PNG or JPEG in `data`, after decoding it once to be sure it can be."""
    with open_raster(data, what=what) as image:
        try:
            image.load()
        except _PILLOW_ERRORS as exc:
            raise LogoError(f"cannot read {what} ({exc.__class__.__name__}); save it again as PNG or "
                            "JPEG") from None
        return float(image.width), float(image.height)


def svg_drawing(path: Path, data: bytes) -> Drawing:
    """The SVG logo `data` (from `path`) as a ReportLab drawing (pt), checked and parsed once per process."""
    key = hashlib.sha256(data).hexdigest()
    drawing = _SVG_DRAWINGS.get(key)
    if drawing is None:
        root = _parse_svg(data)
        _check_svg(root)
        drawing = _SVG_DRAWINGS[key] = _render_svg(path, root)
    return drawing


def _parse_svg(data: bytes) -> etree._Element:
    """The SVG's root element, parsed without entities, network, DTDs or libxml2's 'huge' limits lifted."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        detail = _shown(str(exc.msg or "not XML"), 2 * SHOWN_CHARS)[1:-1]
        where = "" if "line" in detail else f"line {exc.lineno}: "
        raise LogoError(f"cannot read this SVG file ({where}{detail}); save it again as SVG") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise LogoError("cannot read this SVG file (it does not start with <svg>); save it again as SVG")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise LogoError("declares XML entities (<!ENTITY>), which chartgen does not expand; save it again as "
                        "plain SVG, without a DOCTYPE")
    return root


def _check_svg(root: etree._Element) -> None:
    """Refuse entity references, references to anything outside the file, too many elements or <use> levels."""
    from lxml import etree

    pictures: list[tuple[str, bytes]] = []
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise LogoError(f"line {node.sourceline}: uses the XML entity {_shown(node.text or '')}, which chartgen "
                            "does not expand; save it again as plain SVG")
        if isinstance(node.tag, str):
            pictures += [(f"the picture embedded on line {node.sourceline}", data)
                         for data in (_check_href(node, value) for value in _hrefs(node)) if data is not None]
    _check_pictures(pictures)
    _check_uses(root)
    _check_no_text(root)


SVG_TEXT_ELEMENTS = frozenset({"text", "tspan", "textPath", "tref"})
"""SVG elements that set type. svglib sets them in whatever font this machine has (or in an unembedded Helvetica,
which print shops refuse), so the same logo would print differently on every computer."""


def _check_no_text(root: etree._Element) -> None:
    """Refuse text in the logo: letters must be outlines (paths), as print shops ask of logos anyway."""
    from lxml import etree

    for node in root.iter(etree.Element):
        if _tag(node) in SVG_TEXT_ELEMENTS:
            raise LogoError(f"line {node.sourceline}: <{_tag(node)}> sets text in a font this computer may not "
                            "have; convert the text to outlines (Inkscape: Path > Object to Path), or save the "
                            "logo as PNG")


def _check_pictures(pictures: list[tuple[str, bytes]]) -> None:
    """Refuse embedded (name, PNG or JPEG) pictures over LOGO_MAX_PIXELS together (headers only), then decode each."""
    pixels = 0
    for what, data in pictures:
        with open_raster(data, what=what) as image:
            pixels += image.width * image.height
    if pixels > LOGO_MAX_PIXELS:
        raise LogoError(_too_many_pixels(pixels, "the pictures embedded in it", "together have"))
    for what, data in pictures:
        raster_size(data, what=what)


def _hrefs(node: etree._Element) -> list[str]:
    """The values of the node's href attributes, in any namespace (svglib reads xlink:href, then href)."""
    return [value for name, value in node.attrib.items() if str(name).rsplit("}", 1)[-1] == "href"]


def _tag(node: etree._Element) -> str:
    """The element's name without its namespace, e.g. 'use'."""
    return str(node.tag).rsplit("}", 1)[-1]


def _check_href(node: etree._Element, value: str) -> bytes | None:
    """The PNG or JPEG data an <image> embeds, None for a reference inside the file; anything else is a LogoError."""
    where = f"line {node.sourceline}: <{_tag(node)}>"
    if value.startswith("#"):
        return None
    match = _DATA_IMAGE.match(value)
    if match and _tag(node) == "image":
        try:
            data = binascii.a2b_base64(value[match.end() + 1:].encode("ascii"))
        except (UnicodeEncodeError, binascii.Error):
            raise LogoError(f"{where} holds picture data that cannot be read; embed the picture again") from None
        return data
    if _SCHEME.match(value):
        raise LogoError(f"{where} refers to {_shown(value)}; a logo may not load anything from the web or "
                        "elsewhere: embed pictures in it (Inkscape: Embed), or save it as PNG")
    raise LogoError(f"{where} refers to the file {_shown(value)}; a logo must be one file that reads no other: "
                    "embed pictures in it (Inkscape: Embed), or save it as PNG")


def _check_uses(root: etree._Element) -> None:
    """Refuse a <use> that refers to itself (or to what contains it), <use> nested more than SVG_MAX_USE_DEPTH
    deep, and more than SVG_MAX_ELEMENTS elements to draw once every <use> is copied out."""
    from lxml import etree

    nodes = [node for node in root.iter(etree.Element)]
    targets: dict[str, list[etree._Element]] = {}
    for node in nodes:
        if node.get("id"):
            targets.setdefault(str(node.get("id")), []).append(node)
    done: dict[etree._Element, tuple[int, int]] = {}
    """Finished elements: (elements drawn, counting <use> copies; <use> depth)."""
    open_: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool, etree._Element | None]] = [(root, False, None)]
    while stack:
        node, finished, via = stack.pop()
        if finished:
            open_.discard(node)
            done[node] = _use_totals(node, done, _use_targets(node, targets))
            continue
        if node in done:
            continue
        if node in open_:
            assert via is not None  # a cycle closes through a <use>: children alone form a tree
            raise LogoError(f"line {via.sourceline}: <use> refers to itself or to an element that contains it; "
                            "remove that reference")
        open_.add(node)
        stack.append((node, True, None))
        stack.extend((child, False, node) for child in _children(node))
        stack.extend((target, False, node) for target in _use_targets(node, targets))
    drawn, depth = done[root]
    if depth > SVG_MAX_USE_DEPTH:
        raise LogoError(f"has <use> elements nested {depth} deep (a <use> of a <use> ...), more than the "
                        f"{SVG_MAX_USE_DEPTH} a logo may have; unlink the clones (Inkscape: Edit > Clone > Unlink "
                        "Clone)")
    if drawn > SVG_MAX_ELEMENTS:
        raise LogoError(f"has more than {SVG_MAX_ELEMENTS:,} elements to draw (counting the copies its <use> "
                        "elements make); simplify it, or save it as PNG")


def _children(node: etree._Element) -> list[etree._Element]:
    return [child for child in node if isinstance(child.tag, str)]


def _use_targets(node: etree._Element, targets: dict[str, list[etree._Element]]) -> list[etree._Element]:
    """The elements a <use> copies (every element with that id, to be safe); none for other elements."""
    if _tag(node) != "use":
        return []
    return [target for value in _hrefs(node) if value.startswith("#") for target in targets.get(value[1:], [])]


def _use_totals(node: etree._Element, done: dict[etree._Element, tuple[int, int]],
                targets: list[etree._Element]) -> tuple[int, int]:
    """(elements drawn, <use> depth) of `node` from its children's and targets' (capped past the limits)."""
    parts = [done[child] for child in _children(node)]
    copies = [done[target] for target in targets]
    drawn = 1 + sum(d for d, _ in parts) + sum(d for d, _ in copies)
    depth = max([d for _, d in parts] + [d + 1 for _, d in copies] + [0])
    return min(drawn, SVG_MAX_ELEMENTS + 1), depth


@contextlib.contextmanager
def _svglib_quiet() -> Iterator[None]:
    """svglib logs what it skips; our own checks already refused what matters, so its log stays out of stderr."""
    logger = logging.getLogger("svglib")
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


def _render_svg(path: Path, root: etree._Element) -> Drawing:
    """The checked SVG tree as a ReportLab drawing (pt); references may not leave the SVG's folder."""
    from svglib.svglib import SvgRenderer

    options: dict[str, Any] = {"external_reference_root": str(path.parent)}  # svglib 2.x; refs are refused anyway
    if "external_reference_root" not in inspect.signature(SvgRenderer.__init__).parameters:
        options = {}
    try:
        with _svglib_quiet():
            drawing = SvgRenderer(str(path), **options).render(root)
    except Exception as exc:  # noqa: BLE001 (svglib on anyone's file: any failure is the file's, told in one line)
        raise LogoError(f"cannot draw this SVG file ({exc.__class__.__name__}); save it again as plain SVG, "
                        "or as PNG") from None
    width, height = float(drawing.width), float(drawing.height)
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise LogoError("has no size; give its <svg> element a width and height, or a viewBox")
    return drawing
