"""All PDF reading and writing after ReportLab: stamp vector art (pypdf), set boxes and metadata, write atomically."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from chartgen.errors import InputError, Problem


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
    """One-page PDF `art` placed with its lower-left corner at (x, y) points on page `page_index`."""

    page_index: int
    art: bytes
    x: float
    y: float


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
    art_pages: dict[bytes, object] = {}
    for stamp in stamps:
        if stamp.art not in art_pages:
            art_pages[stamp.art] = PdfReader(io.BytesIO(stamp.art)).pages[0]
        writer.pages[stamp.page_index].merge_transformed_page(
            art_pages[stamp.art], Transformation().translate(stamp.x, stamp.y)
        )
    for page_index in sorted({stamp.page_index for stamp in stamps}):
        writer.pages[page_index].compress_content_streams()  # merging leaves the content uncompressed
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
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def source_date() -> str | None:
    """The PDF date string for SOURCE_DATE_EPOCH, or None when it is not set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        stamp = datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            Problem(f"SOURCE_DATE_EPOCH must be a whole number of seconds (found {raw!r})")
        ) from None
    return stamp.strftime("D:%Y%m%d%H%M%SZ")


def check_writable(path: Path) -> Path:
    """The folder `path` will be written into; an InputError if it does not exist (checked before any work)."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise InputError(Problem(f"the folder {folder} does not exist; create it or choose another -o", key="-o"))
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder, so no half-written PDF is left."""
    folder = check_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(Problem(f"cannot write into {folder}: {exc.strerror}", key="-o")) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
