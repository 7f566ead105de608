"""A PDF whose pages use transparency -> the same pages without it, as PDF/X-3 requires (chartgen/pdfx.py).

In: a `pikepdf.Pdf`, changed in place. Out: the same pages, looking the same, with nothing painted see-through:

- opacity 0 or 1 is rewritten exactly: a stroke or fill painted at opacity 0 is left out (matplotlib sets a stroke
  opacity of 0 for every shape it only fills), and every graphics state's opacity becomes 1;
- an object painted partly see-through (a fill or stroke at an opacity between 0 and 1, such as the diagram's arch
  shading, or an image with a soft mask, such as a PNG logo's transparent edge) is replaced by an opaque image of
  what the page shows there once that object is painted: pdfium renders the page up to that object at
  RESOLUTION, and the image is clipped to the object's outline (a fill), its square (an image) or its box (a
  stroke), so that its surroundings and everything painted after it stay vector;
- a form's transparency group (/Group /S /Transparency) is removed once nothing in it is see-through.

A soft mask in a graphics state, a blend mode other than Normal, and see-through text, shadings, inline images or
groups are not flattened (chartgen draws none): `CannotFlattenError` names what was found.
"""

from __future__ import annotations

import ctypes
import io
import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import pikepdf
from pikepdf import Name, Operator

RESOLUTION = 300.0
"""Pixels per inch of the images that replace see-through objects: what an offset print shop asks of images, and
what Ghostscript's /prepress settings keep without resampling. They hold soft shading; edges stay vector clips."""

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in points, in the page's default space."""
Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PATH = {"m", "re", "l", "c", "v", "y", "h"}
_FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKES = {"S", "s", "B", "B*", "b", "b*"}
_WITHOUT_STROKE = {"B": "f", "B*": "f*", "b": "f", "b*": "f*", "S": "n", "s": "n"}
_WITHOUT_FILL = {"B": "S", "B*": "S", "b": "s", "b*": "s", "f": "n", "F": "n", "f*": "n"}
_TEXT_SHOWS = {"Tj", "TJ", "'", '"'}
_FILLING_TEXT_MODES = {0, 2, 4, 6}
_STROKING_TEXT_MODES = {1, 2, 5, 6}
_NORMAL_BLENDS = {"/Normal", "/Compatible"}


class CannotFlattenError(Exception):
    """The document uses a kind of transparency this module does not flatten (the message says which)."""


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies `first`, then `then` (PDF's `first x then`)."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = then
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    if det == 0:
        raise CannotFlattenError("a see-through object drawn with a flat (non-invertible) transformation")
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _matrix(values: list[float]) -> Matrix:
    a, b, c, d, e, f = values
    return (a, b, c, d, e, f)


def _bounds(points: list[tuple[float, float]], m: Matrix, grow: float) -> Box:
    a, b, c, d, e, f = m
    moved = [(a * x + c * y + e, b * x + d * y + f) for x, y in points]
    xs, ys = [p[0] for p in moved], [p[1] for p in moved]
    return min(xs) - grow, min(ys) - grow, max(xs) + grow, max(ys) + grow


def _numbers(values: object) -> list[float]:
    return [float(value) for value in values]  # type: ignore[attr-defined]


def _dictionary(owner: pikepdf.Object, key: str) -> pikepdf.Dictionary | None:
    found = owner.get(key)
    return found if isinstance(found, pikepdf.Dictionary) else None


def _resource(resources: pikepdf.Dictionary, kind: str, name: object) -> pikepdf.Object | None:
    table = _dictionary(resources, kind)
    return table.get(str(name)) if table is not None else None


@dataclass
class _State:
    """The part of the graphics state that flattening needs."""

    ctm: Matrix
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    line_width: float = 1.0
    text_mode: int = 0


@dataclass
class _Stream:
    """One content stream being read and rewritten: a page's (all its /Contents) or a form XObject's."""

    owner: pikepdf.Object
    """The page dictionary or the form's stream object."""
    resources: pikepdf.Dictionary
    instructions: list[Instruction]
    is_page: bool
    changed: bool = False


@dataclass(frozen=True)
class _Event:
    """A see-through object: where it is painted and what outline its opaque replacement is clipped to."""

    page: int
    chain: tuple[tuple[int, int], ...]
    """(stream id, instruction index) from the page's stream down to the object: the `Do` of each form on the way,
    then the object's own painting instruction."""
    path_start: int | None
    """For a fill: the index of the first instruction of its path (the clip); None for an image or a stroke."""
    even_odd: bool
    image: bool
    ctm: Matrix
    box: Box
    serial: int
    """Counts the page's painting instructions up to this one, see-through or not: events next to each other in
    this count share one rendered image."""


@dataclass
class _Walk:
    """What reading the pages found."""

    pdf: pikepdf.Pdf
    streams: dict[int, _Stream] = field(default_factory=dict)
    events: list[_Event] = field(default_factory=list)
    graphics_states: list[pikepdf.Dictionary] = field(default_factory=list)
    groups: list[pikepdf.Object] = field(default_factory=list)
    replaced_images: list[tuple[int, str]] = field(default_factory=list)
    """(stream id, name) of each image whose drawing was replaced."""
    serial: int = 0


def flatten(pdf: pikepdf.Pdf) -> int:
    """Make every page of `pdf` opaque (see the module docstring); returns how many see-through objects were
    replaced by images. CannotFlattenError if the document uses transparency this module does not flatten."""
    _unshare_forms(pdf)
    walk = _Walk(pdf)
    for index, page in enumerate(pdf.pages):
        stream = _Stream(page.obj, _resources(page.obj), list(pikepdf.parse_content_stream(page)), is_page=True)
        walk.streams[id(stream)] = stream
        _Reader(walk, stream, _State(IDENTITY), (), index).read()
    if walk.events:
        before = _saved(pdf)
        replacements = [found for group in _groups(walk.events) for found in _pictures(walk, group, before)]
        # From the last instruction of each stream back: a replacement changes the indices after it.
        for event, picture in sorted(replacements, key=lambda found: found[0].chain[-1][1], reverse=True):
            _put(walk, event, picture)
        _forget_replaced_images(walk)
    for stream in walk.streams.values():
        if stream.changed:
            _write(pdf, stream)
    for graphics_state in walk.graphics_states:
        for key in ("/ca", "/CA"):
            if key in graphics_state:
                graphics_state[key] = 1
    for form in walk.groups:
        del form[Name.Group]
    for page in pdf.pages:
        group = _dictionary(page.obj, "/Group")
        if group is not None and group.get("/S") == Name.Transparency:
            del page.obj[Name.Group]
    return len(walk.events)


# ---------------------------------------------------------------- reading


def _resources(owner: pikepdf.Object) -> pikepdf.Dictionary:
    """`owner`'s resource dictionary; a page without one of its own is given the one it inherits."""
    ancestor, resources = owner, _dictionary(owner, "/Resources")
    while resources is None and _dictionary(ancestor, "/Parent") is not None:
        ancestor = ancestor[Name.Parent]
        resources = _dictionary(ancestor, "/Resources")
    if resources is None:
        resources = pikepdf.Dictionary()
    if "/Resources" not in owner:
        owner[Name.Resources] = resources
    return resources


class _Reader:
    """Follows one stream's instructions from a graphics state: rewrites what opacity 0 hides, records every
    see-through object as an event, and reads each form it draws the same way."""

    def __init__(self, walk: _Walk, stream: _Stream, start: _State, chain: tuple[tuple[int, int], ...],
                 page: int) -> None:
        self.walk, self.stream, self.chain, self.page = walk, stream, chain, page
        self.state = replace(start)
        self.saved: list[_State] = []
        self.path: list[tuple[float, float]] = []
        self.path_start: int | None = None

    def read(self) -> None:
        for index, instruction in enumerate(self.stream.instructions):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self._inline_image()
                continue
            op, operands = str(instruction.operator), list(instruction.operands)
            if op in _PATH:
                self._path(index, op, _numbers(operands))
            elif op in _FILLS or op in _STROKES or op == "n":
                if op != "n":
                    self.walk.serial += 1
                    self._paint(index, op)
                self.path_start, self.path = None, []
            elif op in _TEXT_SHOWS or op == "sh":
                self._text_or_shading(op)
            elif op == "Do":
                self._draw(index, operands[0])
            else:
                self._set(op, operands)

    def _set(self, op: str, operands: list[pikepdf.Object]) -> None:
        """A graphics state operator (the others change nothing flattening needs)."""
        state = self.state
        if op == "q":
            self.saved.append(replace(state))
        elif op == "Q" and self.saved:
            self.state = self.saved.pop()
        elif op == "cm":
            state.ctm = multiply(_matrix(_numbers(operands)), state.ctm)
        elif op == "w":
            state.line_width = float(operands[0])
        elif op == "Tr":
            state.text_mode = int(operands[0])
        elif op == "gs":
            self._graphics_state(operands[0])

    def _graphics_state(self, name: pikepdf.Object) -> None:
        found = _resource(self.stream.resources, "/ExtGState", name)
        if not isinstance(found, pikepdf.Dictionary):
            return
        mask = found.get("/SMask")
        if mask is not None and mask != Name("/None"):
            raise CannotFlattenError(f"a soft mask in graphics state {name}")
        blend = found.get("/BM")
        first = str(blend[0]) if isinstance(blend, pikepdf.Array) and len(blend) else str(blend or "/Normal")
        if first not in _NORMAL_BLENDS:
            raise CannotFlattenError(f"blend mode {first} in graphics state {name}")
        if "/ca" in found:
            self.state.fill_alpha = float(found["/ca"])
        if "/CA" in found:
            self.state.stroke_alpha = float(found["/CA"])
        if "/LW" in found:
            self.state.line_width = float(found["/LW"])
        self.walk.graphics_states.append(found)

    def _path(self, index: int, op: str, values: list[float]) -> None:
        if self.path_start is None:
            self.path_start, self.path = index, []
        if op == "re":
            x, y, w, h = values
            self.path += [(x, y), (x + w, y + h)]
        else:
            self.path += list(zip(values[::2], values[1::2], strict=True))

    def _paint(self, index: int, op: str) -> None:
        """Leave out what opacity 0 hides; a part painted at an opacity between 0 and 1 is an event."""
        state, stream = self.state, self.stream
        kept = op
        if kept in _STROKES and state.stroke_alpha == 0:
            kept = _WITHOUT_STROKE[kept]
        if kept in _FILLS and state.fill_alpha == 0:
            kept = _WITHOUT_FILL[kept]
        if kept != op:
            stream.instructions[index] = pikepdf.ContentStreamInstruction([], Operator(kept))
            stream.changed = True
        strokes = kept in _STROKES
        see_through = (kept in _FILLS and state.fill_alpha < 1) or (strokes and state.stroke_alpha < 1)
        if not see_through or not self.path:
            return
        scale = math.sqrt(abs(state.ctm[0] * state.ctm[3] - state.ctm[1] * state.ctm[2]))
        grow = state.line_width * scale * 2 + 1 if strokes else 1.0  # miters and round caps stay inside
        self.walk.events.append(_Event(
            self.page, (*self.chain, (id(stream), index)), None if strokes else self.path_start,
            kept in ("f*", "B*", "b*"), False, state.ctm, _bounds(self.path, state.ctm, grow), self.walk.serial))

    def _text_or_shading(self, op: str) -> None:
        self.walk.serial += 1
        state = self.state
        if op == "sh":
            if state.fill_alpha < 1:
                raise CannotFlattenError("a see-through shading")
            return
        if (state.text_mode in _FILLING_TEXT_MODES and state.fill_alpha < 1) or \
                (state.text_mode in _STROKING_TEXT_MODES and state.stroke_alpha < 1):
            raise CannotFlattenError("see-through text")

    def _inline_image(self) -> None:
        self.walk.serial += 1
        if self.state.fill_alpha < 1:
            raise CannotFlattenError("a see-through inline image")

    def _draw(self, index: int, name: pikepdf.Object) -> None:
        xobject = _resource(self.stream.resources, "/XObject", name)
        if not isinstance(xobject, pikepdf.Stream):
            return
        state, here = self.state, (*self.chain, (id(self.stream), index))
        if xobject.get("/Subtype") == Name.Image:
            self.walk.serial += 1
            if "/SMask" in xobject or state.fill_alpha < 1:
                square = [(0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0)]
                self.walk.events.append(_Event(self.page, here, None, False, True, state.ctm,
                                               _bounds(square, state.ctm, 1.0), self.walk.serial))
            return
        if xobject.get("/Subtype") != Name.Form:
            return
        group = _dictionary(xobject, "/Group")
        if group is not None and group.get("/S") == Name.Transparency:
            if state.fill_alpha < 1 or state.stroke_alpha < 1:
                raise CannotFlattenError(f"a see-through transparency group ({name})")
            self.walk.groups.append(xobject)
        matrix = xobject.get("/Matrix")
        ctm = multiply(_matrix(_numbers(matrix)), state.ctm) if matrix is not None else state.ctm
        form = _Stream(xobject, _resources(xobject), list(pikepdf.parse_content_stream(xobject)), is_page=False)
        self.walk.streams[id(form)] = form
        _Reader(self.walk, form, replace(state, ctm=ctm), here, self.page).read()


def _unshare_forms(pdf: pikepdf.Pdf) -> None:
    """Give every placement of a form XObject its own copy: a see-through object in a form is replaced by what
    one placement shows, so a form drawn twice (a card on a sheet) needs a copy per placement."""
    seen: set[tuple[int, int]] = set()

    def visit(owner: pikepdf.Object, instructions: list[Instruction]) -> bool:
        resources = _dictionary(owner, "/Resources")
        xobjects = _dictionary(resources, "/XObject") if resources is not None else None
        if xobjects is None:
            return False
        changed = False
        for index, instruction in enumerate(instructions):
            if str(instruction.operator) != "Do":
                continue
            name = str(instruction.operands[0])
            form = xobjects.get(name)
            if not isinstance(form, pikepdf.Stream) or form.get("/Subtype") != Name.Form:
                continue
            if form.objgen in seen:
                copy = pdf.make_indirect(pikepdf.Stream(pdf, form.read_raw_bytes()))
                for key, value in form.items():
                    copy[key] = value
                fresh = _fresh_name(xobjects, "ChartgenPlaced")
                xobjects[fresh] = copy
                instructions[index] = pikepdf.ContentStreamInstruction([Name(fresh)], Operator("Do"))
                changed, form = True, copy
            seen.add(form.objgen)
            inner = list(pikepdf.parse_content_stream(form))
            if visit(form, inner):
                form.write(pikepdf.unparse_content_stream(inner))
        return changed

    for page in pdf.pages:
        instructions = list(pikepdf.parse_content_stream(page))
        if visit(page.obj, instructions):
            page.obj[Name.Contents] = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _fresh_name(table: pikepdf.Dictionary, stem: str) -> str:
    number = 0
    while f"/{stem}{number}" in table:
        number += 1
    return f"/{stem}{number}"


def _write(pdf: pikepdf.Pdf, stream: _Stream) -> None:
    data = pikepdf.unparse_content_stream(stream.instructions)
    if stream.is_page:
        stream.owner[Name.Contents] = pdf.make_stream(data)
    else:
        stream.owner.write(data)


# ---------------------------------------------------------------- replacing


def _groups(events: list[_Event]) -> Iterator[list[_Event]]:
    """Events painted one right after another on a page: nothing else is painted between them, so one rendering
    after the last of them shows what each of them leaves on the page."""
    group: list[_Event] = []
    for event in events:
        if group and (event.page != group[-1].page or event.serial != group[-1].serial + 1):
            yield group
            group = []
        group.append(event)
    if group:
        yield group


def _saved(pdf: pikepdf.Pdf) -> bytes:
    """`pdf` as it is now (forms unshared, nothing replaced yet): what each rendering starts from."""
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _page_box(page: pikepdf.Page) -> Box:
    box = page.obj.get("/CropBox") or page.obj.get("/MediaBox")
    x0, y0, x1, y1 = _numbers(box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


@dataclass(frozen=True)
class _Picture:
    """The opaque image that replaces a group of events, and where it lies (its unit square -> the page)."""

    image: pikepdf.Stream
    placement: Matrix


def _pictures(walk: _Walk, group: list[_Event], before: bytes) -> list[tuple[_Event, _Picture | None]]:
    """Render the page as it stands after the group's last event: the picture that replaces each event of the
    group (None for events wholly off the page)."""
    page_index = group[-1].page
    page_box = _page_box(walk.pdf.pages[page_index])
    scale = RESOLUTION / 72
    x0 = max(min(event.box[0] for event in group), page_box[0])
    y0 = max(min(event.box[1] for event in group), page_box[1])
    x1 = min(max(event.box[2] for event in group), page_box[2])
    y1 = min(max(event.box[3] for event in group), page_box[3])
    if x1 <= x0 or y1 <= y0:
        return [(event, None) for event in group]
    # On the rendering's pixel grid: whole pixels from the page box's left and top edges.
    left = page_box[0] + math.floor((x0 - page_box[0]) * scale) / scale
    top = page_box[3] - math.floor((page_box[3] - y1) * scale) / scale
    width = max(1, math.ceil((x1 - left) * scale))
    height = max(1, math.ceil((top - y0) * scale))
    pixels = _render(_truncated(before, group[-1]), page_index, page_box, (left, top, width, height), scale)
    image = walk.pdf.make_stream(zlib.compress(pixels, 9), {
        "/Type": Name.XObject, "/Subtype": Name.Image, "/Width": width, "/Height": height,
        "/ColorSpace": Name.DeviceRGB, "/BitsPerComponent": 8, "/Filter": Name.FlateDecode,
    })
    picture = _Picture(image, (width / scale, 0.0, 0.0, height / scale, left, top - height / scale))
    return [(event, picture) for event in group]


def _op(operator: str, *operands: object) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), Operator(operator))  # type: ignore[arg-type]


def _real(value: float) -> float:
    """A number for a content stream: rounded to 6 decimals (-0 written as 0)."""
    return round(value, 6) + 0.0


def _put(walk: _Walk, event: _Event, picture: _Picture | None) -> None:
    """In the event's stream, in place of its painting: `q <outline> W n <back to page space> <picture> Q`, the
    outline being the fill's path, the image's square or the stroke's box (nothing at all for an event off the
    page)."""
    stream_id, index = event.chain[-1]
    stream = walk.streams[stream_id]
    stream.changed = True
    start = event.path_start if event.path_start is not None else index
    if picture is None:
        stream.instructions[start:index + 1] = [] if event.image else [_op("n")]
        return
    xobjects = _dictionary(stream.resources, "/XObject")
    if xobjects is None:
        xobjects = pikepdf.Dictionary()
        stream.resources[Name.XObject] = xobjects
    name = _fresh_name(xobjects, "ChartgenFlat")
    xobjects[name] = picture.image
    back = _op("cm", *(_real(v) for v in invert(event.ctm)))
    ends_path: list[pikepdf.ContentStreamInstruction] = []
    if event.path_start is not None:
        outline = stream.instructions[event.path_start:index]
        if any(str(i.operator) in ("W", "W*") for i in outline):
            raise CannotFlattenError("a see-through fill that also sets a clip")
        clip = [*outline, _op("W*" if event.even_odd else "W"), _op("n"), back]
    elif event.image:
        walk.replaced_images.append((stream_id, str(stream.instructions[index].operands[0])))
        clip = [_op("re", 0, 0, 1, 1), _op("W"), _op("n"), back]
    else:  # a stroke: its path ends before the state is saved; its box in page space is the clip
        x0, y0, x1, y1 = event.box
        ends_path = [_op("n")]
        clip = [back, _op("re", *(_real(v) for v in (x0, y0, x1 - x0, y1 - y0))), _op("W"), _op("n")]
    stream.instructions[start:index + 1] = [
        *ends_path, _op("q"), *clip, _op("cm", *(_real(v) for v in picture.placement)), _op("Do", Name(name)),
        _op("Q"),
    ]


def _forget_replaced_images(walk: _Walk) -> None:
    """Take each replaced image (a logo with a soft mask) out of the resources when nothing draws it any more,
    so that no soft mask is left in the file, used or not."""
    drawn: dict[tuple[int, int], set[str]] = {}
    for stream in walk.streams.values():
        if stream.resources.is_indirect:
            drawn.setdefault(stream.resources.objgen, set()).update(_drawn_names(stream))
    for stream_id, name in walk.replaced_images:
        stream = walk.streams[stream_id]
        still = _drawn_names(stream) | (drawn.get(stream.resources.objgen, set()) if stream.resources.is_indirect
                                        else set())
        xobjects = _dictionary(stream.resources, "/XObject")
        if name not in still and xobjects is not None and name in xobjects:
            del xobjects[name]


def _drawn_names(stream: _Stream) -> set[str]:
    return {str(i.operands[0]) for i in stream.instructions if str(i.operator) == "Do"}


def _truncated(before: bytes, event: _Event) -> bytes:
    """The document `before` with the event's page cut right after the event: each stream on its way ends after
    the instruction that leads to it (closing the states it saved), so the page shows what it shows then."""
    with pikepdf.open(io.BytesIO(before)) as copy:
        page = copy.pages[event.page]
        owner: pikepdf.Object = page.obj
        instructions: list[Instruction] = list(pikepdf.parse_content_stream(page))
        for depth, (_stream_id, index) in enumerate(event.chain):
            kept = instructions[:index + 1]
            operators = [str(i.operator) for i in kept]
            kept += [_op("Q")] * max(0, operators.count("q") - operators.count("Q"))
            data = pikepdf.unparse_content_stream(kept)
            if depth == 0:
                page.obj[Name.Contents] = copy.make_stream(data)
            else:
                owner.write(data)
            if depth + 1 < len(event.chain):
                resources = _dictionary(owner, "/Resources")
                form = _resource(resources, "/XObject", instructions[index].operands[0]) if resources else None
                if not isinstance(form, pikepdf.Stream):
                    raise CannotFlattenError("a form that cannot be found again")
                owner, instructions = form, list(pikepdf.parse_content_stream(form))
        out = io.BytesIO()
        copy.save(out)
        return out.getvalue()


def _render(data: bytes, page_index: int, page_box: Box, window: tuple[float, float, int, int],
            scale: float) -> bytes:
    """The RGB pixels (rows top down) of `window` (left and top in points, width and height in pixels) of page
    `page_index`, at `scale` pixels per point, on white paper."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    left, top, width, height = window
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[page_index]
        bitmap = pypdfium2.PdfBitmap.new_native(width, height, pdfium.FPDFBitmap_BGR)
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
        # pdfium maps the page box to a top-down space in points; this matrix moves that to the pixels wanted.
        matrix = pdfium.FS_MATRIX(scale, 0, 0, scale, -(left - page_box[0]) * scale, -(page_box[3] - top) * scale)
        clip = pdfium.FS_RECTF(0, 0, width, height)
        pdfium.FPDF_RenderPageBitmapWithMatrix(bitmap, page, ctypes.byref(matrix), ctypes.byref(clip), 0)
        return bytes(bitmap.to_pil().convert("RGB").tobytes())
    finally:
        document.close()
