"""Read a finished PDF as a print shop's preflight does: fonts, the header's version, marks, and what is printed
near each trim. Each check returns the problems it finds (empty: none), so a test can show both that our files
pass and that a broken file fails.

Used by tests/test_print_production.py. Lengths are PDF points (origin at the page's lower left) unless a name
says pixels.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pikepdf
import pypdfium2

MM = 72 / 25.4
SAFE = 3 * MM
"""The safe zone: no text, number or tab closer than this to a trim."""
HAIRLINE = 0.25
"""The widest a mark may be stroked (pt)."""
DPI = 150
"""Renders for the safe-zone check: a pixel is 0.17 mm, so the 3 mm band is 17 pixels deep."""
PAPER_TOLERANCE = 3
"""A pixel is blank paper when no channel is more than this below white (0..255)."""
RUN_ON_TOLERANCE = 6
"""A pixel continues into the bleed when no channel differs from the bleed's pixel by more than this."""
EDGE_PIXELS = 1.5
"""Pixels this close to a band's edges are left out: a trim (or art ending exactly at the safe zone) may fall
inside a pixel, and pdfium snaps a filled rectangle's edge to the nearest whole pixel."""


# ---------------------------------------------------------------- fonts


def unembedded_fonts(data: bytes) -> list[str]:
    """Every font the file uses without its program (no FontFile, FontFile2 or FontFile3), with where it is used:
    page resources, Form XObjects at any depth, tiling patterns, Type 3 glyph resources and annotation
    appearances. A Type 3 font is its own program (glyph procedures in the file); a Type 0 font is embedded when
    its descendant is."""
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    with pikepdf.open(_stream(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for where, resources in _resources(page.obj, f"page {number}", seen):
                fonts = resources.get("/Font")
                for name, font in (fonts.items() if isinstance(fonts, pikepdf.Dictionary) else ()):
                    if not _embedded(font):
                        problems.append(f"{where}: font {name} ({font.get('/BaseFont')}, "
                                        f"{font.get('/Subtype')}) is not embedded")
    return problems


def _embedded(font: pikepdf.Object) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        return all(_embedded(descendant) for descendant in font.get("/DescendantFonts", []))
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _resources(owner: pikepdf.Object, where: str,
               seen: set[tuple[int, int]]) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    """`owner`'s resource dictionary and every one reachable from it (forms, patterns, Type 3 fonts, annotation
    appearances), each once, with a path saying where it is."""
    resources = owner.get("/Resources")
    if isinstance(resources, pikepdf.Dictionary):
        if resources.is_indirect:
            if resources.objgen in seen:
                return
            seen.add(resources.objgen)
        yield where, resources
        for kind in ("/XObject", "/Pattern", "/Font"):
            children = resources.get(kind)
            for name, child in (children.items() if isinstance(children, pikepdf.Dictionary) else ()):
                yield from _resources(child, f"{where} {kind[1:]} {name}", seen)
    for annotation in owner.get("/Annots", []):
        appearances = annotation.get("/AP")
        for state, stream in (appearances.items() if isinstance(appearances, pikepdf.Dictionary) else ()):
            variants = stream.values() if isinstance(stream, pikepdf.Dictionary) and not isinstance(
                stream, pikepdf.Stream) else [stream]
            for variant in variants:
                yield from _resources(variant, f"{where} annotation {state}", seen)


# ---------------------------------------------------------------- PDF version


FEATURE_VERSIONS = {
    "transparency (ExtGState ca/CA below 1)": "1.4",
    "a soft mask (SMask)": "1.4",
    "a blend mode other than Normal": "1.4",
    "the catalog's /Lang": "1.4",
    "an object stream": "1.5",
    "a cross-reference stream": "1.5",
    "optional content (/OCProperties)": "1.5",
    "JPEG 2000 (JPXDecode)": "1.5",
    "a page's tab order (/Tabs)": "1.5",
}
"""The first PDF version that has each feature (ISO 32000-1, the version notes of each key)."""


def features(data: bytes) -> set[str]:
    """The features of FEATURE_VERSIONS that the file uses, read from every object in it."""
    found: set[str] = set()
    with pikepdf.open(_stream(data)) as pdf:
        if "/Lang" in pdf.Root:
            found.add("the catalog's /Lang")
        if "/OCProperties" in pdf.Root:
            found.add("optional content (/OCProperties)")
        if pdf.trailer.get("/Type") == "/XRef" or b"/Type /XRef" in data or b"/Type/XRef" in data:
            found.add("a cross-reference stream")
        for value in _dictionaries(pdf):
            for key in ("/ca", "/CA"):
                if key in value and float(value[key]) < 1:
                    found.add("transparency (ExtGState ca/CA below 1)")
            if value.get("/SMask") not in (None, pikepdf.Name("/None")):
                found.add("a soft mask (SMask)")
            if value.get("/BM") not in (None, pikepdf.Name("/Normal"), pikepdf.Name("/Compatible")):
                found.add("a blend mode other than Normal")
            if value.get("/Type") == "/Page" and "/Tabs" in value:
                found.add("a page's tab order (/Tabs)")
            if value.get("/Type") == "/ObjStm":
                found.add("an object stream")
            filters = value.get("/Filter")
            if filters == "/JPXDecode" or (isinstance(filters, pikepdf.Array) and "/JPXDecode" in list(filters)):
                found.add("JPEG 2000 (JPXDecode)")
    return found


def _dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary in the file (stream dictionaries too), direct ones inside others included."""
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [pdf.trailer, *pdf.objects]
    while stack:
        value = stack.pop()
        if isinstance(value, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)) and value.is_indirect:
            if value.objgen in seen:
                continue
            seen.add(value.objgen)
        if isinstance(value, pikepdf.Stream):
            value = value.stream_dict
        if isinstance(value, pikepdf.Dictionary):
            yield value
            stack.extend(item for key, item in value.items() if key != "/Parent")
        elif isinstance(value, pikepdf.Array):
            stack.extend(value)


def needed_version(data: bytes) -> str:
    """The lowest PDF version that has every feature the file uses (1.3 for none of them)."""
    return max((FEATURE_VERSIONS[feature] for feature in features(data)), default="1.3",
               key=lambda version: tuple(int(part) for part in version.split(".")))


def declared_version(data: bytes) -> str:
    """The version in the file's header (%PDF-x.y); a catalog /Version would override it, and is reported."""
    header = data[:16].split(b"\n")[0].split(b"\r")[0]
    assert header.startswith(b"%PDF-"), header
    with pikepdf.open(_stream(data)) as pdf:
        assert "/Version" not in pdf.Root, "the catalog overrides the header's version"
    return header[5:].decode("ascii")


# ---------------------------------------------------------------- boxes


@dataclass(frozen=True)
class Box:
    """A rectangle in pt, origin at the page's lower left."""

    x0: float
    y0: float
    x1: float
    y1: float

    def inset(self, amount: float) -> Box:
        return Box(self.x0 + amount, self.y0 + amount, self.x1 - amount, self.y1 - amount)

    def overlaps(self, other: Box, *, slack: float = 0.01) -> bool:
        """Whether the two boxes share more than an edge (`slack` pt)."""
        return (self.x0 < other.x1 - slack and other.x0 < self.x1 - slack
                and self.y0 < other.y1 - slack and other.y0 < self.y1 - slack)


@dataclass(frozen=True)
class Trim:
    """One page's trim on a printed page or sheet, and how far its art may run past it (its bleed, pt)."""

    box: Box
    bleed: float


def _box(array: pikepdf.Array) -> Box:
    x0, y0, x1, y1 = (float(v) for v in array)
    return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def page_trims(data: bytes) -> list[list[Trim]]:
    """For every page: its TrimBox and the bleed its BleedBox gives (a page without a TrimBox: its MediaBox)."""
    trims = []
    with pikepdf.open(_stream(data)) as pdf:
        for page in pdf.pages:
            media = _box(page.obj["/MediaBox"])
            trim = _box(page.obj["/TrimBox"]) if "/TrimBox" in page.obj else media
            bleed = _box(page.obj["/BleedBox"]) if "/BleedBox" in page.obj else trim
            trims.append([Trim(trim, round(trim.x0 - bleed.x0, 3))])
    return trims


def placed_pages(data: bytes) -> list[list[Box]]:
    """For every sheet side: where each Form XObject drawn in its content stream lands (its BBox through the
    current matrix), i.e. the pages placed on a print sheet."""
    placed: list[list[Box]] = []
    with pikepdf.open(_stream(data)) as pdf:
        for page in pdf.pages:
            boxes = []
            xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
            for operation in _operations(page):
                if operation.op == "Do":
                    form = xobjects.get(str(operation.name))
                    if form is not None and form.get("/Subtype") == "/Form":
                        boxes.append(_through(operation.ctm, _box(form["/BBox"])))
            placed.append(boxes)
    return placed


def sheet_trims(data: bytes, *, bleed: float) -> list[list[Trim]]:
    """The trims of the pages placed on each sheet side: each placed page inset by its `bleed` (pt)."""
    return [[Trim(box.inset(bleed), bleed) for box in boxes] for boxes in placed_pages(data)]


# ---------------------------------------------------------------- content streams


@dataclass(frozen=True)
class Operation:
    """One operator of a page's own content stream, with the graphics state it runs in."""

    op: str
    operands: tuple[object, ...]
    ctm: tuple[float, ...]
    stroke_space: str
    """The stroke colour space: a device space's name (/DeviceRGB...) or a /ColorSpace resource's name."""
    line_width: float
    name: str = ""
    """For Do: the XObject's resource name."""


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _operations(page: pikepdf.Page) -> Iterator[Operation]:
    """The page's own operators (not those inside forms it draws) with the state each runs in."""
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    space, width = "/DeviceGray", 1.0
    saved: list[tuple[tuple[float, ...], str, float]] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append((ctm, space, width))
        elif op == "Q" and saved:
            ctm, space, width = saved.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "w":
            width = float(operands[0])
        elif op == "CS":
            space = str(operands[0])
        elif op in ("RG", "K", "G"):
            space = {"RG": "/DeviceRGB", "K": "/DeviceCMYK", "G": "/DeviceGray"}[op]
        name = str(operands[0]) if op == "Do" else ""
        yield Operation(op, tuple(operands), ctm, space, width, name)


def _point(ctm: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def _through(ctm: tuple[float, ...], box: Box) -> Box:
    corners = [_point(ctm, x, y) for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
    return Box(min(x for x, _ in corners), min(y for _, y in corners),
               max(x for x, _ in corners), max(y for _, y in corners))


@dataclass(frozen=True)
class Stroke:
    """A stroked path of a page's own content: its extent, colour space and width (pt on the page)."""

    box: Box
    space: str
    colour_space: tuple[str, ...]
    """The colour space itself: the family, name and alternate of the resource the name stands for (e.g.
    ('/Separation', '/All', '/DeviceCMYK')), or the device space's name alone."""
    width: float


def strokes(data: bytes) -> list[list[Stroke]]:
    """Every stroked path of each page's own content stream (marks are drawn there, never inside forms)."""
    pages: list[list[Stroke]] = []
    with pikepdf.open(_stream(data)) as pdf:
        for page in pdf.pages:
            spaces = page.obj.get("/Resources", {}).get("/ColorSpace", {})
            found: list[Stroke] = []
            points: list[tuple[float, float]] = []
            for operation in _operations(page):
                if operation.op == "re":
                    x, y, w, h = (float(v) for v in operation.operands)
                    points += [_point(operation.ctm, x, y), _point(operation.ctm, x + w, y + h)]
                elif operation.op in ("m", "l", "c", "v", "y"):
                    values = [float(v) for v in operation.operands]
                    points += [_point(operation.ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)]
                elif operation.op in ("S", "s", "B", "B*", "b", "b*") and points:
                    ctm = operation.ctm
                    scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
                    space = operation.stroke_space
                    found.append(Stroke(Box(min(x for x, _ in points), min(y for _, y in points),
                                            max(x for x, _ in points), max(y for _, y in points)),
                                        space, _describe(spaces.get(space, space)), operation.line_width * scale))
                    points = []
                elif operation.op in ("f", "F", "f*", "n"):
                    points = []
            pages.append(found)
    return pages


def _describe(colour_space: object) -> tuple[str, ...]:
    if isinstance(colour_space, pikepdf.Array):
        return tuple(str(part) for part in list(colour_space)[:3])
    return (str(colour_space),)


def is_registration(colour_space: tuple[str, ...]) -> bool:
    """Whether a colour space is registration colour: the Separation named All (on every plate)."""
    return colour_space[:2] == ("/Separation", "/All")


def mark_problems(data: bytes, pieces: list[list[Box]]) -> list[str]:
    """Problems with the marks of each page: every stroke that reaches outside the page's pieces (the trim of a
    page, or each placed page of a sheet) and every stroke in registration colour is a mark; a mark must be in
    registration colour, at most HAIRLINE wide, and clear of every piece (`pieces`: bleed boxes or placed pages,
    per page)."""
    problems = []
    for number, (found, boxes) in enumerate(zip(strokes(data), pieces, strict=True), start=1):
        for stroke in found:
            inside = any(stroke.box.x0 >= b.x0 - 0.01 and stroke.box.x1 <= b.x1 + 0.01
                         and stroke.box.y0 >= b.y0 - 0.01 and stroke.box.y1 <= b.y1 + 0.01 for b in boxes)
            registration = is_registration(stroke.colour_space)
            if inside and not registration:
                continue  # drawing on the page itself (rules, writing lines)
            where = f"page {number}: the mark at {stroke.box}"
            if not registration:
                problems.append(f"{where} is stroked in {stroke.space}, not registration colour")
            if stroke.width > HAIRLINE + 1e-6:
                problems.append(f"{where} is {stroke.width:g} pt wide, more than a hairline ({HAIRLINE} pt)")
            for box in boxes:
                if stroke.box.overlaps(box):
                    problems.append(f"{where} reaches into the page or its bleed {box}")
    return problems


# ---------------------------------------------------------------- safe zone


def render(data: bytes, page_index: int, *, dpi: float = DPI) -> np.ndarray:
    """One page as an RGB array (rows top to bottom)."""
    document = pypdfium2.PdfDocument(data)
    try:
        return np.asarray(document[page_index].render(scale=dpi / 72).to_pil().convert("RGB")).astype(np.int16)
    finally:
        document.close()


def safe_zone_problems(pixels: np.ndarray, page_height: float, trims: list[Trim], *, dpi: float = DPI,
                       where: str = "") -> list[str]:
    """What is printed in the band within SAFE of each trim on a rendered page.

    How printed art is told from text, a number or a tab in pixels: without bleed, the band must be blank paper,
    so anything at all in it is wrong, whatever it is. With bleed, a pixel in the band may also carry art that
    runs on across the trim into the bleed: the pixel in the bleed on the same line across the edge (the same row
    for a side edge, the same column for the top and bottom), one pixel short of the bleed's outer edge, must
    have the same colour. A band, strip or tab running into the bleed passes (its colour is the same all along
    that line, antialiased edges too, since they run straight across); text or a number printed on it does not
    (the bleed there has the tab's colour, not the glyph's), nor does art that stops short of the bleed's edge.
    """
    scale = dpi / 72
    rows, columns = pixels.shape[:2]
    band = SAFE * scale
    problems = []
    for trim in trims:
        box = trim.box
        left, right = box.x0 * scale, box.x1 * scale
        top, bottom = (page_height - box.y1) * scale, (page_height - box.y0) * scale
        r0, r1 = max(0, math.floor(top)), min(rows, math.ceil(bottom))
        c0, c1 = max(0, math.floor(left)), min(columns, math.ceil(right))
        centre_y = np.arange(r0, r1) + 0.5
        centre_x = np.arange(c0, c1) + 0.5
        # Each pixel's distance from each edge depends on its row or its column alone; the nearest edge's is
        # the smaller of its nearest side edge's and its nearest top or bottom edge's.
        distances = {"left": centre_x - left, "right": right - centre_x, "top": centre_y - top,
                     "bottom": bottom - centre_y}
        across = np.minimum(distances["left"], distances["right"])
        down = np.minimum(distances["top"], distances["bottom"])
        nearest = np.minimum(down[:, None], across[None, :])
        in_band = (nearest > EDGE_PIXELS) & (nearest < band - EDGE_PIXELS)
        # Only the pixels in the band are judged (the page's inside never is): their rows and columns within
        # the trim, in reading order (row by row), so the first one reported is the same as on the whole page.
        ys, xs = np.nonzero(in_band)
        judged = pixels[r0 + ys, c0 + xs]
        ok = (255 - judged).max(axis=1) <= PAPER_TOLERANCE
        if trim.bleed > 0:
            reach = trim.bleed * scale - EDGE_PIXELS  # pixels out from the trim: just inside the bleed's edge
            outside = {
                "left": pixels[r0 + ys, _clip(math.floor(left - reach), columns)],
                "right": pixels[r0 + ys, _clip(math.floor(right + reach), columns)],
                "top": pixels[_clip(math.floor(top - reach), rows), c0 + xs],
                "bottom": pixels[_clip(math.floor(bottom + reach), rows), c0 + xs],
            }
            for edge, bleed_pixels in outside.items():
                d = distances[edge][xs if edge in ("left", "right") else ys]
                near = (d > EDGE_PIXELS) & (d < band - EDGE_PIXELS)
                runs_on = np.abs(judged - bleed_pixels).max(axis=1) <= RUN_ON_TOLERANCE
                ok |= near & runs_on
        wrong = ~ok
        if wrong.any():
            first = int(np.argmax(wrong))
            y, x = ys[first], xs[first]
            x_pt, y_pt = (c0 + x + 0.5) / scale, page_height - (r0 + y + 0.5) / scale
            what = "not blank paper" if trim.bleed == 0 else "neither blank paper nor art running into the bleed"
            problems.append(f"{where}{wrong.sum()} pixels within {SAFE / MM:g} mm of the trim {box} are {what}, "
                            f"e.g. at ({x_pt:.1f}, {y_pt:.1f}) pt, {x_pt / MM:.1f} x {y_pt / MM:.1f} mm: "
                            f"RGB {tuple(int(v) for v in judged[first])}")
    return problems


def _clip(index: int, size: int) -> int:
    return min(max(index, 0), size - 1)


def _stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
