"""brand.yaml (a practitioner's name, contact, logo, accent colour) -> a checked, frozen `Brand`, or file:line errors.

Loaded through `chartgen.schema` (unknown keys, wrong types, missing name), then each value is checked: e-mail and
web address shape, phone characters, accent colour legible on white, logo file readable. `EXAMPLE` is the
commented example that `chartgen brand-example` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import yaml

from chartgen import schema
from chartgen.errors import InputError, Problem

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

MIN_CONTRAST = 4.5
"""WCAG AA contrast ratio for normal text: the accent colour is used for headings on white paper."""
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
"""Logo file types we can place: raster PNG/JPEG, or SVG kept as vector."""
MIN_PHONE_DIGITS = 5
"""Fewer digits than this is not a phone number anyone can call."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^[0-9+()\-./ \u00a0]+$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CMYK = re.compile(r"^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$", re.IGNORECASE)

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

    name: str
    person: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    logo: str | None = None
    accent: str | None = None
    line: dict[str, str] | None = None


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

    def problem(self, key: str, message: str) -> Problem:
        """A problem with the value of `key`, located in the brand file."""
        return Problem(message, file=self.source, line=dict(self.key_lines).get(key), key=key)


def load(path: Path) -> Brand:
    """Read and check brand.yaml; every problem at once as an InputError (file:line: key: message)."""
    raw = schema.load(BrandFile, path)
    lines = _key_lines(schema.load_yaml(path))
    problems: list[Problem] = []

    def fail(key: str, message: str) -> None:
        problems.append(Problem(message, file=path, line=lines.get(key), key=key))

    if raw.email is not None and not _EMAIL.match(raw.email):
        fail("email", f"{raw.email!r} is not an e-mail address; write it like name@example.com")
    if raw.website is not None and not _is_web_address(raw.website):
        fail("website", f"{raw.website!r} is not a web address; write it in full, like https://example.com")
    if raw.phone is not None and (not _PHONE.match(raw.phone)
                                  or sum(c.isdigit() for c in raw.phone) < MIN_PHONE_DIGITS):
        fail("phone", f"{raw.phone!r} is not a phone number; use digits, spaces, + - ( ) / . only")
    accent = None
    if raw.accent is not None:
        accent, message = _accent(raw.accent)
        if message:
            fail("accent", message)
    logo = None
    if raw.logo is not None:
        logo = Path(raw.logo).expanduser()
        if not logo.is_absolute():
            logo = path.parent / logo
        message = _logo_problem(logo)
        if message:
            fail("logo", message)
    if problems:
        raise InputError(problems)
    return Brand(raw.name, raw.person, raw.phone, raw.email, raw.website, raw.address, logo, accent,
                 tuple(sorted((raw.line or {}).items())), path, tuple(sorted(lines.items())))


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line (1-based) of every top-level key of the file."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and " " not in url and not host.endswith(".")


def _accent(value: str) -> tuple[str | None, str | None]:
    """(#RRGGBB, None) for a good accent colour, else (None, what is wrong)."""
    text = value.strip()
    match = _CMYK.match(text)
    if match:
        c, m, y, k = (float(v) / 100 for v in match.groups())
        if not all(0 <= v <= 1 for v in (c, m, y, k)):
            return None, f"{value!r}: each CMYK part is a percentage from 0 to 100"
        rgb = tuple(round(255 * (1 - part) * (1 - k)) for part in (c, m, y))
        text = "#{:02X}{:02X}{:02X}".format(*rgb)
    elif not _HEX.match(text):
        return None, f"{value!r} is not a colour; write #RRGGBB (like \"#1F5C99\", in quotes) or cmyk(80, 40, 0, 20)"
    ratio = contrast_on_white(text)
    if ratio < MIN_CONTRAST:
        return None, (f"{value!r} is too light to read on white paper (contrast {ratio:.1f} : 1, needs at least "
                      f"{MIN_CONTRAST:g} : 1); choose a darker colour")
    return text.upper(), None


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of #RRGGBB text on white (1 to 21)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def load_svg(path: Path) -> Drawing | None:
    """The SVG file as a ReportLab drawing (vector, via svglib), or None if it cannot be read."""
    from lxml import etree
    from svglib.svglib import svg2rlg

    try:
        drawing = svg2rlg(str(path))
    except (OSError, ValueError, etree.LxmlError):
        return None
    if drawing is None or not drawing.width or not drawing.height:
        return None
    return drawing


def _logo_problem(logo: Path) -> str | None:
    """What is wrong with the logo file, or None if it can be placed."""
    if logo.suffix.lower() not in LOGO_SUFFIXES:
        return f"{logo}: use a PNG, JPEG or SVG file"
    if not logo.is_file():
        return f"{logo}: file not found; check the path (it is read from the brand file's folder)"
    if logo.suffix.lower() == ".svg":
        return None if load_svg(logo) is not None else f"{logo}: cannot read this SVG file; save it again as SVG"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(logo) as image:
            image.load()
    except (UnidentifiedImageError, OSError) as exc:
        return f"{logo}: cannot read this image ({exc.__class__.__name__}); save it again as PNG or JPEG"
    return None
