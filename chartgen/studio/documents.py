"""A submitted studio form -> the Request the command line would make -> PDF bytes, PNG previews, or problems.

The same functions as the command line do the work (`Format.settings`, `overrides.from_mapping`,
`brand.load`, `Format.render`), so a download is byte for byte what `chartgen <format> ...` writes with the same
options. Each problem keeps the command line's one-line words and is given the form field it belongs to.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image

from chartgen import brand as brand_module
from chartgen import content as content_module
from chartgen import overrides
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.errors import InputError, Problem
from chartgen.formats import Format, Request, format_named, names
from chartgen.formats.common import content_texts
from chartgen.studio.fields import Field, format_fields, options_from

LOGO_MAX_BYTES = 5_000_000
"""Largest logo upload (bytes)."""
LOGO_MAX_PIXELS = 40_000_000
"""Largest logo upload (pixels): Pillow's decompression-bomb limit while the studio opens it."""
TEXT_FILE_MAX_BYTES = 1_000_000
"""Largest uploaded text file (a brand.yaml or a --text file)."""
BRAND_KEYS = ("name", "person", "phone", "email", "website", "address", "accent")
"""The brand's one-line texts, as in brand.yaml (the logo is uploaded, the own line is per language)."""
LOGO_TYPES = {"PNG": ".png", "JPEG": ".jpg"}
UPLOADED_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
"""The image parsers an uploaded logo is shown to: ours, and the common ones a logo may be saved as, only to name
them in the message; no other Pillow plugin reads the upload."""
BRANDS_KEPT = 8
"""Checked brands kept in memory (each with its logo's bytes)."""
"""Raster logos the studio takes (by what the bytes are, never by the uploaded name)."""
SVG_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<svg[\s>]", re.DOTALL)
ITEM = re.compile(r"^(?P<key>[a-z_]+)\[(?P<index>\d+)\]$")
TEXT_PREFIX = "text."
"""Form fields of the text overrides are named text.<dotted key> (text.zones.lumbar.name)."""
BRAND_PREFIX = "brand."
FORM_SOURCE = "your texts"
"""How problems with the page's text overrides name their source (there is no file)."""
BRAND_SOURCE = "your practice"
"""How problems with the page's brand fields name their source: the brand's file is the server's, for a moment."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem, in the command line's words, and the form field it is shown beside ("" for the whole form)."""

    field: str
    message: str


class FormError(Exception):
    """The form cannot make a document: its problems, each for a field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Upload:
    """An uploaded file's bytes (its name is never used as a path)."""

    data: bytes


@dataclass(frozen=True)
class Job:
    """What one submitted form asks for: the format and its options, the language, texts and brand."""

    fmt: Format
    fields: tuple[Field, ...]
    request: Request
    name: str
    """The file name the command line would write."""


def job_from(form: Mapping[str, str], logo: Upload | None = None, *, lang: str | None = None) -> Job:
    """The document a submitted form describes (`lang` replaces the form's language), or a FormError naming
    every field that is wrong."""
    format_name = form.get("format", "")
    if format_name not in names():
        raise FormError([FieldProblem("format", f"format: choose one of {', '.join(names())}")])
    fmt = format_named(format_name)
    fields = format_fields(fmt)
    code = lang or form.get("lang", "")
    problems: list[FieldProblem] = []
    settings = content = brand = None
    try:
        settings = fmt.settings(options_from(fields, dict(form)))
    except InputError as error:
        problems += located(error, fields)
    try:
        # The page's own wording is for the page's language: every other language is made as shipped.
        content = content_for(code, text_overrides(form, code) if lang is None or lang == form.get("lang") else {})
    except InputError as error:
        problems += located(error, fields)
    try:
        brand = brand_from(form, logo)
    except InputError as error:
        problems += located(error, fields)
    if problems:
        raise FormError(problems)
    assert settings is not None and content is not None
    return Job(fmt, fields, Request(content, settings, brand), fmt.default_name(content.meta.code, settings))


def render(job: Job) -> bytes:
    """The PDF, exactly as the command line makes it; a FormError if it cannot be made (a text that does not
    fit, a glyph the fonts lack)."""
    try:
        return job.fmt.render(job.request)
    except InputError as error:
        raise FormError(located(error, job.fields)) from None


def content_for(code: str, changed: Mapping[str, object]) -> Content:
    """The shipped language `code` with the changed texts (a nested mapping as in a --text file) merged on."""
    return overrides.load_language(code, overrides.from_mapping(changed, source=FORM_SOURCE) if changed else None)


def text_overrides(form: Mapping[str, str], code: str) -> dict[str, object]:
    """The page's changed texts as a --text file's nested mapping. A changed list item brings its whole list
    (a --text file replaces a list whole), the other items as shipped."""
    changed = {key[len(TEXT_PREFIX):]: value for key, value in form.items()
               if key.startswith(TEXT_PREFIX) and value.strip()}
    if not changed:
        return {}
    shipped = content_texts(content_module.load_language(code)) if code in content_module.available_languages() \
        else {}
    nested: dict[str, object] = {}
    for dotted, value in sorted(changed.items()):
        parts = dotted.split(".")
        node = nested
        for depth, part in enumerate(parts):
            item = ITEM.match(part)
            last = depth == len(parts) - 1
            if item is None:
                if last:
                    node[part] = value
                else:
                    node = node.setdefault(part, {})  # type: ignore[assignment]
                continue
            prefix = ".".join([*parts[:depth], item["key"]])
            listed = node.setdefault(item["key"], _shipped_list(shipped, prefix, parts[depth + 1:]))
            index = int(item["index"])
            if not isinstance(listed, list) or index >= len(listed):
                raise InputError(Problem("is not a text of this language", file=FORM_SOURCE, key=dotted))
            if last:
                listed[index] = value
                break
            node = listed[index]
    return nested


def _shipped_list(shipped: dict[str, str], prefix: str, rest: list[str]) -> list[object]:
    """The shipped items of the list at `prefix` (texts, or mappings of texts when `rest` goes deeper)."""
    items: list[object] = []
    index = 0
    while True:
        key = f"{prefix}[{index}]"
        if key in shipped:
            items.append(shipped[key])
        elif rest and any(k.startswith(key + ".") for k in shipped):
            items.append({k[len(key) + 1:]: v for k, v in shipped.items() if k.startswith(key + ".")})
        else:
            return items
        index += 1


def brand_from(form: Mapping[str, str], logo: Upload | None) -> Brand | None:
    """The brand of the form's brand fields, checked by `brand.load` as a brand.yaml would be; None without any
    (no brand). Its problems name BRAND_SOURCE, never the server's temporary folder."""
    values = tuple((key, form.get(BRAND_PREFIX + key, "").strip()) for key in BRAND_KEYS)
    line = form.get(BRAND_PREFIX + "line", "").strip()
    if not any(value for _, value in values) and logo is None and not line:
        return None
    return _brand(values, (form.get("lang", "en"), line) if line else None, logo)


@functools.lru_cache(maxsize=BRANDS_KEPT)
def _brand(values: tuple[tuple[str, str], ...], line: tuple[str, str] | None, logo: Upload | None) -> Brand:
    """The checked brand of these fields (kept: a preview after each keystroke checks the same brand, and its logo,
    again; a failure is not kept)."""
    document: dict[str, object] = {key: value for key, value in values if value}
    if line:
        document["line"] = dict([line])
    with tempfile.TemporaryDirectory(prefix="chartgen-studio-") as folder:
        try:
            if logo is not None:
                document["logo"] = "logo" + _logo_suffix(logo)
                (Path(folder) / str(document["logo"])).write_bytes(logo.data)
            path = Path(folder) / "brand.yaml"
            path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
            loaded = brand_module.load(path)
        except InputError as error:  # named as the page's brand fields, without the server's folder
            raise InputError([Problem(problem.message.replace(f"{folder}/", ""), file=BRAND_SOURCE, key=problem.key)
                              for problem in error.problems]) from None
    # The temporary files are gone: the brand keeps the logo's checked bytes, and names the page's fields.
    return dataclasses.replace(loaded, source=Path(BRAND_SOURCE))


def _logo_suffix(logo: Upload) -> str:
    """The file suffix of an uploaded logo by what its bytes are, after the studio's size limits."""
    if len(logo.data) > LOGO_MAX_BYTES:
        raise InputError(Problem(f"the file has {len(logo.data) / 1e6:.1f} MB; the studio takes logos up to "
                                 f"{LOGO_MAX_BYTES / 1e6:g} MB", key="logo"))
    if SVG_START.match(logo.data[:4096]):
        return ".svg"
    try:
        # Opening reads the header only; Pillow's own decompression-bomb limit stays on, and the size is checked
        # against the studio's smaller one before anything decodes the pixels (brand.load does, once).
        with Image.open(io.BytesIO(logo.data), formats=UPLOADED_FORMATS) as image:
            kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        raise InputError(Problem(f"the image has more than {LOGO_MAX_PIXELS / 1e6:g} megapixels; use a smaller "
                                 "one", key="logo")) from None
    except (OSError, SyntaxError, ValueError):
        raise InputError(Problem("is not a PNG, JPEG or SVG image", key="logo")) from None
    if width * height > LOGO_MAX_PIXELS:
        raise InputError(Problem(f"the image has {width * height / 1e6:.0f} megapixels; the studio takes up to "
                                 f"{LOGO_MAX_PIXELS / 1e6:g}", key="logo"))
    if kind not in LOGO_TYPES:
        raise InputError(Problem(f"is a {kind} image; use a PNG, JPEG or SVG file", key="logo"))
    return LOGO_TYPES[kind]


def located(error: InputError, fields: tuple[Field, ...]) -> list[FieldProblem]:
    """Each problem of `error` in the command line's words, with the form field it is about, told by where the
    problem comes from: an option of the format (one of `fields`), the brand fields, or a text."""
    by_option = {field.option: field.name for field in fields}
    return [FieldProblem(_field_of(problem, by_option), _words(problem)) for problem in error.problems]


def _field_of(problem: Problem, by_option: dict[str, str]) -> str:
    key = problem.key or ""
    if key in by_option:
        return by_option[key]
    if key in ("--lang", "--content"):
        return "lang"
    if str(problem.file) == BRAND_SOURCE or key == "--brand":
        return BRAND_PREFIX + ("name" if key in ("", "--brand") else key.split(".")[0])
    if key and not key.startswith("-") and key != overrides.OPTION:
        return TEXT_PREFIX + key  # a text: the page's own wording, or a shipped one (e.g. one that does not fit)
    return ""


def _words(problem: Problem) -> str:
    """The problem as the command line prints it, without the server's temporary file names (the field is beside
    it) and without the shipped locale file's path (the user did not write that file)."""
    if problem.file is None or problem.file == FORM_SOURCE:
        return str(problem)
    if str(problem.file) == BRAND_SOURCE:
        return str(dataclasses.replace(problem, file=None, line=None))
    return str(dataclasses.replace(problem, file=None, line=None))
