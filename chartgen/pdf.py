"""PDF work after ReportLab, with pypdf: stamp vector art (the diagram; the pages of imposed sheets and tiles) into
pages as forms, set boxes, document information, /Lang and bookmarks, and give the bytes at PDF_VERSION.

Three modules read and write PDFs after this one, with pikepdf, which parses and rewrites content streams and
builds object trees: chartgen.tagging (a reading document's structure tree), chartgen.flatten (transparency
flattened for PDF/X) and chartgen.pdfx (content streams rewritten before Ghostscript; boxes, document information,
dates and ID set after it). Files reach the disk through chartgen.files (atomic writes).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfgen.canvas import Canvas

from chartgen.errors import InputError, Problem

PDF_VERSION = "1.4"
"""The version every file declares. Each uses PDF 1.4 features: the catalog's /Lang, the diagram's transparency
(ExtGState ca/CA below 1: the faded leg) and a raster logo's soft mask (SMask). None uses a later one (no object
or cross-reference streams, optional content or JPEG 2000), so 1.4 is what the files use, whatever the format;
tests/test_print_production.py reads each file's features and checks the header against them. A tagged reading
document is then written by chartgen.tagging at its TAGGED_PDF_VERSION (1.5, for each page's /Tabs)."""


def new_canvas(buffer: io.BytesIO, *, size: tuple[float, float], font: str) -> Canvas:
    """A ReportLab canvas writing reproducible (invariant), compressed pages of `size` (pt) into `buffer`, with
    `font` (a registered ReportLab name) as its first font, so no unembedded Helvetica is ever referenced."""
    # types-reportlab 5.0 types initialFontName as a number; ReportLab takes the font's name.
    return Canvas(buffer, pagesize=size, invariant=1, initialFontName=font,  # type: ignore[arg-type]
                  pageCompression=1)


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin at the bottom left of the page."""

    x: float
    y: float
    width: float
    height: float

    def as_pdf_array(self) -> ArrayObject:
        return ArrayObject(
            [FloatObject(round(v, 3)) for v in (self.x, self.y, self.x + self.width, self.y + self.height)]
        )

    def inset(self, amount: float) -> Box:
        return Box(self.x + amount, self.y + amount, self.width - 2 * amount, self.height - 2 * amount)


@dataclass(frozen=True)
class Stamp:
    """Page `art_page` of the PDF `art` placed with its lower-left corner at (x, y) points on page `page_index`."""

    page_index: int
    art: bytes
    x: float
    y: float
    art_page: int = 0
    scale: float = 1.0
    """The art is drawn at this multiple of its size (1: actual size)."""
    clip: Box | None = None
    """Only the part of the art inside this box of the page (pt) is drawn; None draws all of it."""
    mcid: int | None = None
    """On a tagged page: the MCID reserved for the art (chartgen.tagging.reserve), whose Figure element it is;
    the placement is drawn as that one marked-content sequence."""


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    subject: str
    author: str
    lang: str
    keywords: str = ""


@dataclass(frozen=True)
class PrintBoxes:
    """Trim and bleed boxes (points) that every page shares."""

    trim: Box
    bleed: Box


def finish(
    base: bytes,
    *,
    stamps: tuple[Stamp, ...] | list[Stamp] = (),
    info: DocumentInfo,
    boxes: PrintBoxes | None = None,
) -> bytes:
    """Stamp the art into the ReportLab pages, set boxes and metadata; returns the final PDF bytes."""
    writer = PdfWriter(clone_from=io.BytesIO(base))
    forms: dict[tuple[bytes, int], IndirectObject] = {}
    readers: dict[bytes, PdfReader] = {}  # one reader per art: its pages' shared fonts are copied once
    for stamp in stamps:
        key = (stamp.art, stamp.art_page)
        if key not in forms:
            reader = readers.setdefault(stamp.art, PdfReader(io.BytesIO(stamp.art)))
            forms[key] = page_as_form(writer, reader, stamp.art_page)
        place_form(writer, writer.pages[stamp.page_index], forms[key], stamp.x, stamp.y, scale=stamp.scale,
                   clip=stamp.clip, mcid=stamp.mcid)
    if boxes is not None:
        for page in writer.pages:
            page[NameObject("/TrimBox")] = boxes.trim.as_pdf_array()
            page[NameObject("/BleedBox")] = boxes.bleed.as_pdf_array()
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.lang)
    metadata = {
        "/Title": info.title,
        "/Subject": info.subject,
        "/Author": info.author,
        "/Creator": "chartgen",
        "/Producer": "chartgen (ReportLab, matplotlib, pypdf)",
    }
    if info.keywords:
        metadata["/Keywords"] = info.keywords
    date = source_date()
    if date:
        metadata["/CreationDate"] = date
        metadata["/ModDate"] = date
    writer.metadata = None
    writer.add_metadata(metadata)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    return _written(writer)


def _written(writer: PdfWriter) -> bytes:
    """The writer's PDF as bytes, declaring PDF_VERSION (pypdf declares 1.3 unless told, whatever it copied)."""
    writer.pdf_header = f"%PDF-{PDF_VERSION}"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_as_form(writer: PdfWriter, art: bytes | PdfReader, page_index: int = 0) -> IndirectObject:
    """Page `page_index` of the PDF `art` as a Form XObject in `writer`, stored once however often it is placed.

    Copying the page's content stream as it is (instead of pypdf's merge_transformed_page, which parses and
    rewrites every operator) keeps stamping a detailed drawing to milliseconds.
    """
    reader = art if isinstance(art, PdfReader) else PdfReader(io.BytesIO(art))
    page = reader.pages[page_index]
    contents = page[NameObject("/Contents")].get_object()
    parts = contents if isinstance(contents, ArrayObject) else [contents]
    streams: list[StreamObject] = []
    for part in parts:
        stream = part.get_object() if part is not None else None
        if not isinstance(stream, StreamObject):
            raise ValueError("the art page's /Contents is not a content stream")
        streams.append(stream)
    resources = page[NameObject("/Resources")].get_object()
    if not isinstance(resources, DictionaryObject):
        raise ValueError("the art page has no resource dictionary")
    form = DecodedStreamObject()
    form.set_data(b"\n".join(stream.get_data() for stream in streams))
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(v)) for v in page.mediabox]),
        NameObject("/Resources"): resources.clone(writer),
    })
    return writer._add_object(form.flate_encode())


def page_count(data: bytes) -> int:
    """Number of pages in the PDF `data`."""
    return len(PdfReader(io.BytesIO(data)).pages)


def place_form(writer: PdfWriter, page: PageObject, form: IndirectObject, x: float, y: float, *,
               scale: float = 1.0, clip: Box | None = None, mcid: int | None = None) -> None:
    """Draw `form` on `page` with its lower-left corner at (x, y) points, `scale` times its size, above what is
    there; with `clip`, only inside that box of the page (pt); with `mcid`, as the marked-content sequence of
    that MCID of a Figure (a tagged page: the form's own content needs no tags then)."""
    resources = page[NameObject("/Resources")].get_object()
    if not isinstance(resources, DictionaryObject):
        raise ValueError("the page has no resource dictionary")
    if NameObject("/XObject") not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    xobjects = resources[NameObject("/XObject")].get_object()
    if not isinstance(xobjects, DictionaryObject):
        raise ValueError("the page's /XObject entry is not a dictionary")
    name = NameObject(f"/ChartgenArt{len(xobjects)}")
    xobjects[name] = form
    placement = DecodedStreamObject()
    window = "" if clip is None else \
        f"{clip.x:.3f} {clip.y:.3f} {clip.width:.3f} {clip.height:.3f} re W n "
    drawn = f"q {window}{scale:.5g} 0 0 {scale:.5g} {x:.3f} {y:.3f} cm {name} Do Q"
    if mcid is not None:
        drawn = f"/Figure <</MCID {mcid}>> BDC {drawn} EMC"
    placement.set_data(drawn.encode("ascii"))
    contents = page.raw_get(NameObject("/Contents"))
    existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    # The page's own stream is wrapped in q/Q so that any state it leaves cannot shift the art.
    save, restore = DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q")
    restore.set_data(b"Q")
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(save), *existing, writer._add_object(restore), writer._add_object(placement)]
    )


def source_date() -> str | None:
    """The PDF date string for SOURCE_DATE_EPOCH, or None when it is not set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        stamp = datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            Problem(f"SOURCE_DATE_EPOCH must be a whole number of seconds (found {raw!r})")
        ) from None
    return stamp.strftime("D:%Y%m%d%H%M%SZ")


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF outline: its title, the page it opens (0-based) and the entries under it."""

    title: str
    page_index: int
    children: tuple[Bookmark, ...] = ()


def add_bookmarks(data: bytes, bookmarks: tuple[Bookmark, ...] | list[Bookmark]) -> bytes:
    """The finished PDF `data` with an outline (bookmarks) of `bookmarks`, shown beside the pages when opened."""
    writer = PdfWriter(clone_from=io.BytesIO(data))

    def add(mark: Bookmark, parent: IndirectObject | None) -> None:
        item = writer.add_outline_item(title=mark.title, page_number=mark.page_index, parent=parent)
        for child in mark.children:
            add(child, item)

    for mark in bookmarks:
        add(mark, None)
    writer.page_mode = "/UseOutlines"
    return _written(writer)
