"""Tagged PDF: the logical structure of a reading document (poster, card, booklet, handout).

ReportLab's open-source edition writes no structure tree, so tagging happens in two steps, both here:

In, while ReportLab draws: a `Tags` attached to the canvas (`Tags.attach`) marks what is drawn. Real content is
drawn inside `element(canvas, "P")` (or "H1", "Lbl", ...): a marked-content sequence `/P <</MCID n>> BDC ... EMC`
whose MCID (numbered per page) belongs to one structure element. Decoration (panel fills, rules, badge discs,
crop marks, page numbers) is drawn inside `artifact(canvas)`: `/Artifact BMC ... EMC`. Elements are grouped by
`group(canvas, "Sect")` (or "L", "LI", "Div"...). Structure elements form a tree in the order they are *created*,
which is the logical reading order: where a format draws in another order (the columns of a right-to-left row,
right first), it creates the elements first in reading order (`Tags.node`) and draws into each later
(`Tags.inside`). The diagram, stamped later as a form XObject by chartgen.pdf, gets its Figure element and MCID
in advance (`Tags.reserve`).

Out, after the PDF is written: `finish(pdf_bytes, tags)` returns the same PDF with the structure tree written by
pikepdf: /StructTreeRoot (the tree, a /ParentTree number tree from each page's /StructParents to the elements of
its MCIDs), /MarkInfo <</Marked true>>, /ViewerPreferences <</DisplayDocTitle true>>, each page's /Tabs /S, at
TAGGED_PDF_VERSION. The catalog's /Lang is chartgen.pdf.finish's (DocumentInfo.lang), which every format sets to
the same language code as its `Tags(lang=...)`; the tags use their `lang` only to mark elements in another language.

Every helper taking a canvas does nothing on a canvas without tags, so the same drawing code makes the untagged
print-only files (imposed sheets, tiles). Marked sequences never nest in one another: a mistake in the drawing
code raises at once instead of writing a broken tree.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

if TYPE_CHECKING:
    import pikepdf

TAGGED_PDF_VERSION = "1.5"
"""The version a tagged file declares: each page's /Tabs (tab order by structure) is a PDF 1.5 key; everything
else the tags use (/StructTreeRoot, /MarkInfo, /Lang, DisplayDocTitle) is 1.4 or older. Object and
cross-reference streams (also 1.5) are still not written."""

ROLES = frozenset({
    "Document", "Part", "Sect", "Div", "H1", "H2", "H3", "H4", "P", "L", "LI", "Lbl", "LBody", "Figure", "Caption",
    "Span", "TOC", "TOCI", "Note",
})
"""The standard structure types chartgen uses (ISO 32000-1, 14.8.4): no /RoleMap is needed."""

GROUPS = frozenset({"Document", "Part", "Sect", "Div", "L", "LI", "LBody", "TOC", "TOCI", "Note"})
"""Roles that group other elements: a flowable tagged with one is drawn inside a new group, and marks its own parts
(a numbered step drawn as an LI marks its number as Lbl and its text in an LBody)."""

LIST_ITEM = "LI"
"""The role given to a bulleted paragraph (kit.bullets): drawn as an LI with the bullet as Lbl and the text as
LBody; consecutive items are grouped in one L by `draw_stack`."""

_FlowableT = TypeVar("_FlowableT", bound=Flowable)
_ROLE_ATTRIBUTE = "chartgen_role"
"""The attribute `tag` sets on a flowable: its role and language, read when it is drawn."""


@dataclass(frozen=True)
class Marked:
    """A marked-content sequence: page `page` (0-based), MCID `mcid` on it."""

    page: int
    mcid: int


@dataclass(eq=False)
class Element:
    """A structure element: its role, its kids in reading order (elements or marked content), and optional
    alternative text (a Figure's), language (a span in another language) and replacement text."""

    role: str
    parent: Element | None
    kids: list[Element | Marked] = field(default_factory=list)
    alt: str | None = None
    lang: str | None = None
    actual_text: str | None = None

    def walk(self) -> Iterator[Element]:
        """This element and every element under it, in tree (reading) order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


class TaggingError(RuntimeError):
    """The drawing code marked content wrongly (nested sequences, an unknown role): a bug, not a user error."""


class Tags:
    """The structure of one document, built while it is drawn (see the module's docstring)."""

    def __init__(self, *, lang: str) -> None:
        self.lang = lang
        self.root = Element("Document", None)
        self._groups: list[Element] = [self.root]
        self._next_mcid: dict[int, int] = {}
        self._open: str | None = None
        self._pending_bullet: tuple[Canvas, Element] | None = None

    def attach(self, canvas: Canvas) -> Tags:
        """Mark what is drawn on `canvas` from now on with these tags (helpers find them by the canvas)."""
        _ACTIVE[canvas] = self
        return self

    # ---- the tree

    @property
    def current(self) -> Element:
        """The group new elements go into."""
        return self._groups[-1]

    def node(self, role: str, *, alt: str | None = None, lang: str | None = None,
             actual_text: str | None = None) -> Element:
        """A new element, the last child of the current group so far: create elements in reading order."""
        if role not in ROLES:
            raise TaggingError(f"unknown structure type {role!r}")
        parent = self._groups[-1]
        made = Element(role, parent, alt=alt, lang=lang if lang != self.lang else None, actual_text=actual_text)
        parent.kids.append(made)
        return made

    @contextlib.contextmanager
    def inside(self, element: Element) -> Iterator[Element]:
        """Elements created in the block go under `element` (made earlier by `node`)."""
        self._groups.append(element)
        try:
            yield element
        finally:
            self._groups.pop()

    @contextlib.contextmanager
    def group(self, role: str, *, lang: str | None = None) -> Iterator[Element]:
        """A new grouping element (Sect, L, LI, Div...) holding the elements created in the block."""
        with self.inside(self.node(role, lang=lang)) as made:
            yield made

    # ---- marked content

    def _mcid(self, canvas: Canvas, element: Element) -> int:
        page = canvas.getPageNumber() - 1
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        element.kids.append(Marked(page, mcid))
        return mcid

    def _begin(self, what: str) -> None:
        if self._open is not None:
            raise TaggingError(f"{what} inside {self._open}: marked-content sequences do not nest")
        self._open = what

    @contextlib.contextmanager
    def marked(self, canvas: Canvas, element: Element) -> Iterator[Element]:
        """What is drawn in the block is content of `element` (one more marked sequence of it)."""
        self._begin(element.role)
        canvas.addLiteral(f"/{element.role} <</MCID {self._mcid(canvas, element)}>> BDC")
        try:
            yield element
        finally:
            canvas.addLiteral("EMC")
            self._open = None

    @contextlib.contextmanager
    def element(self, canvas: Canvas, role: str, *, alt: str | None = None, lang: str | None = None,
                actual_text: str | None = None) -> Iterator[Element]:
        """What is drawn in the block is the content of a new element of `role` in the current group."""
        with self.marked(canvas, self.node(role, alt=alt, lang=lang, actual_text=actual_text)) as made:
            yield made

    @contextlib.contextmanager
    def artifact(self, canvas: Canvas) -> Iterator[None]:
        """What is drawn in the block is decoration, not content (no element)."""
        self._begin("an Artifact")
        canvas.addLiteral("/Artifact BMC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")
            self._open = None

    def reserve(self, canvas: Canvas, role: str, *, alt: str | None = None) -> int:
        """A new element of `role` and an MCID for it on the canvas's current page, for content placed into the page
        later (the diagram's form XObject, chartgen.pdf.Stamp.mcid); returns the MCID."""
        return self._mcid(canvas, self.node(role, alt=alt))

    def figure_mcid(self, page: int) -> int | None:
        """The MCID reserved for the Figure on `page` (0-based), if one was (see `reserve`)."""
        for made in self.root.walk():
            if made.role == "Figure":
                for kid in _marks(made):
                    if kid.page == page:
                        return kid.mcid
        return None

    @contextlib.contextmanager
    def list_item(self, canvas: Canvas, paragraph: Paragraph) -> Iterator[None]:
        """An LI for a bulleted paragraph drawn in the block: its bullet an Lbl, its text an LBody (the bullet
        is marked by the hook on ReportLab's bullet drawing, `_install_bullet_hook`, which opens the LBody)."""
        if not getattr(paragraph, "bulletText", None):
            raise TaggingError("a list item without a bullet")
        _install_bullet_hook()
        with self.group(LIST_ITEM):
            label = self.node("Lbl")
            self.node("LBody", actual_text=visual_order_text(paragraph))
            self._pending_bullet = (canvas, label)
            try:
                yield
            finally:
                pending, self._pending_bullet = self._pending_bullet, None
            if pending is not None:
                raise TaggingError("the list item's bullet was not drawn")
            if self._open != "LBody":
                raise TaggingError("the list item's body was not marked")
            canvas.addLiteral("EMC")
            self._open = None

    def _bullet(self, canvas: Canvas) -> Element | None:
        """The Lbl of the bullet about to be drawn on `canvas`, if a list item waits for it."""
        if self._pending_bullet is None or self._pending_bullet[0] is not canvas:
            return None
        label = self._pending_bullet[1]
        self._pending_bullet = None
        return label


_ACTIVE: weakref.WeakKeyDictionary[Canvas, Tags] = weakref.WeakKeyDictionary()
"""The tags of each canvas being drawn with tags."""


def of(canvas: Canvas) -> Tags | None:
    """The tags attached to `canvas`, or None for an untagged (print-only) document."""
    return _ACTIVE.get(canvas)


@contextlib.contextmanager
def group(canvas: Canvas, role: str, *, lang: str | None = None) -> Iterator[Element | None]:
    """`Tags.group` on a tagged canvas; nothing on another."""
    tags = of(canvas)
    if tags is None:
        yield None
        return
    with tags.group(role, lang=lang) as made:
        yield made


@contextlib.contextmanager
def element(canvas: Canvas, role: str, *, alt: str | None = None, lang: str | None = None,
            actual_text: str | None = None) -> Iterator[Element | None]:
    """`Tags.element` on a tagged canvas; nothing on another."""
    tags = of(canvas)
    if tags is None:
        yield None
        return
    with tags.element(canvas, role, alt=alt, lang=lang, actual_text=actual_text) as made:
        yield made


@contextlib.contextmanager
def artifact(canvas: Canvas) -> Iterator[None]:
    """`Tags.artifact` on a tagged canvas; nothing on another."""
    tags = of(canvas)
    if tags is None:
        yield
        return
    with tags.artifact(canvas):
        yield


def reserve(canvas: Canvas, role: str, *, alt: str | None = None) -> int | None:
    """`Tags.reserve` on a tagged canvas; None on another."""
    tags = of(canvas)
    return None if tags is None else tags.reserve(canvas, role, alt=alt)


# ---- flowables


def tag(flowable: _FlowableT, role: str, *, lang: str | None = None) -> _FlowableT:
    """`flowable`, drawn as an element of `role` (and `lang`) when drawn on a tagged canvas; returned for
    chaining. A paragraph without a role is a P; a bulleted one (kit.bullets) an LI."""
    if role not in ROLES:
        raise TaggingError(f"unknown structure type {role!r}")
    setattr(flowable, _ROLE_ATTRIBUTE, (role, lang))
    return flowable


def role_of(flowable: Flowable) -> str | None:
    """The role `flowable` is drawn as: its tag, else P for a paragraph (LI with a bullet), else None (a flowable
    that marks its own parts, or draws nothing)."""
    tagged: tuple[str, str | None] | None = getattr(flowable, _ROLE_ATTRIBUTE, None)
    if tagged is not None:
        return tagged[0]
    if isinstance(flowable, Paragraph):
        return LIST_ITEM if getattr(flowable, "bulletText", None) else "P"
    return None


def draw_on(flowable: Flowable, canvas: Canvas, x: float, y: float) -> None:
    """`flowable.drawOn(canvas, x, y)`, inside its element when the canvas is tagged (see `role_of`)."""
    tags = of(canvas)
    role = role_of(flowable)
    if tags is None or role is None:
        flowable.drawOn(canvas, x, y)
        return
    if role == LIST_ITEM and isinstance(flowable, Paragraph):
        with tags.list_item(canvas, flowable):
            flowable.drawOn(canvas, x, y)
        return
    tagged: tuple[str, str | None] | None = getattr(flowable, _ROLE_ATTRIBUTE, None)
    lang = tagged[1] if tagged else None
    if role in GROUPS:
        with tags.group(role, lang=lang):
            flowable.drawOn(canvas, x, y)
        return
    with tags.element(canvas, role, lang=lang, actual_text=visual_order_text(flowable)):
        flowable.drawOn(canvas, x, y)


_MARKUP_TAG = re.compile(r"<[^>]*>")
_DIRECTION_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def visual_order_text(flowable: Flowable) -> str | None:
    """The logical text of a right-to-left paragraph, else None.

    Right to left, ReportLab shows each line's glyphs in visual order (reordered, Arabic letters in their joined
    forms), so text read from the page comes out backwards: the element's /ActualText gives assistive technology
    the paragraph as written. A left-to-right paragraph's glyphs are its text already.
    """
    if not isinstance(flowable, Paragraph) or getattr(flowable.style, "wordWrap", None) != "RTL":
        return None
    text = html.unescape(_MARKUP_TAG.sub("", str(flowable.text).replace("<br/>", "\n")))
    return " ".join(text.translate(_DIRECTION_CONTROLS).split())


RUNS = {LIST_ITEM: "L", "TOCI": "TOC"}
"""Items drawn one after the other that are grouped in one element: list items in an L, contents lines in a TOC."""


class ListGrouping:
    """Opens an L around each run of list items drawn one after the other, a TOC around contents lines (see RUNS;
    text.draw_stack and the booklet's columns use it)."""

    def __init__(self, canvas: Canvas) -> None:
        self._tags = of(canvas)
        self._stack = contextlib.ExitStack()
        self._open: str | None = None

    def before(self, flowable: Flowable) -> None:
        """Call before drawing each flowable of a stack."""
        self.before_role(role_of(flowable))

    def before_role(self, role: str | None) -> None:
        """Call before drawing each item of a sequence (a flowable, a block...) drawn as an element of `role`."""
        if self._tags is None:
            return
        run = RUNS.get(role) if role is not None else None
        if run == self._open:
            return
        self._stack.close()
        self._open = None
        if run is not None and self._tags.current.role != run:  # a panel drawn as one LI of its row's L
            self._stack.enter_context(self._tags.group(run))
            self._open = run

    def close(self) -> None:
        """Call after the last flowable of the stack."""
        self._stack.close()
        self._open = None


def draw_column(canvas: Canvas, placed: Iterable[tuple[Flowable, float, float]]) -> None:
    """Draw flowables already wrapped, each at its (x, y), as `draw_stack` does: each as its element, runs of
    items grouped (see RUNS)."""
    runs = ListGrouping(canvas)
    for flowable, x, y in placed:
        runs.before(flowable)
        draw_on(flowable, canvas, x, y)
    runs.close()


_BULLET_HOOKED = "_chartgen_tagged_bullet"
_BULLET_FUNCTION = "_drawBullet"


def _install_bullet_hook() -> None:
    """Wrap ReportLab's paragraph bullet drawing so that a list item's bullet is its Lbl and its text its LBody.

    ReportLab 5.1 draws a paragraph's bullet (`reportlab.platypus.paragraph._drawBullet`, looked up as a module
    global on each call) as a text object of its own right before the paragraph's text object: the hook puts the
    bullet in the Lbl's marked sequence and opens the LBody's after it; `Tags.list_item` closes it. Paragraphs
    drawn on untagged canvases are not touched.
    """
    from reportlab.platypus import paragraph as rl_paragraph

    original = getattr(rl_paragraph, _BULLET_FUNCTION)  # private, so not in ReportLab's type stubs
    if getattr(original, _BULLET_HOOKED, False):
        return

    def draw_bullet(canvas: Canvas, *args: Any, **kwargs: Any) -> Any:
        tags = of(canvas)
        label = tags._bullet(canvas) if tags is not None else None
        if tags is None or label is None:
            return original(canvas, *args, **kwargs)
        with tags.marked(canvas, label):
            result = original(canvas, *args, **kwargs)
        body = label.parent.kids[-1] if label.parent is not None else None
        if not isinstance(body, Element) or body.role != "LBody":
            raise TaggingError("a bullet without its list body")
        tags._begin(body.role)
        canvas.addLiteral(f"/LBody <</MCID {tags._mcid(canvas, body)}>> BDC")
        return result

    setattr(draw_bullet, _BULLET_HOOKED, True)
    setattr(rl_paragraph, _BULLET_FUNCTION, draw_bullet)


# ---- the tree, written


def finish(data: bytes, tags: Tags) -> bytes:
    """`data` (a finished PDF whose pages were drawn with `tags`) with its structure tree and the catalog and page
    entries of a tagged PDF (see the module's docstring); deterministic: the same input gives the same bytes."""
    import pikepdf  # only here: drawing with tags (and everything that imports this module) needs no pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        pages = list(document.pages)
        root = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        by_page: dict[int, dict[int, pikepdf.Object]] = {}
        top = _write(document, tags.root, root, pages, by_page)
        root.K = pikepdf.Array([top])
        numbers = pikepdf.Array()
        for index, page in enumerate(pages):
            marks = by_page.get(index, {})
            if sorted(marks) != list(range(len(marks))):
                raise TaggingError(f"page {index + 1}: MCIDs {sorted(marks)} are not 0 to {len(marks) - 1}")
            page.obj.StructParents = index
            page.obj.Tabs = pikepdf.Name.S
            numbers.append(index)
            numbers.append(document.make_indirect(pikepdf.Array([marks[m] for m in sorted(marks)])))
        root.ParentTree = document.make_indirect(pikepdf.Dictionary(Nums=numbers))
        root.ParentTreeNextKey = len(pages)
        catalog = document.Root
        catalog.StructTreeRoot = root
        catalog.MarkInfo = pikepdf.Dictionary(Marked=True)
        catalog.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, force_version=TAGGED_PDF_VERSION,
                      object_stream_mode=pikepdf.ObjectStreamMode.disable,
                      stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _write(document: pikepdf.Pdf, element: Element, parent: pikepdf.Object, pages: list[pikepdf.Page],
           by_page: dict[int, dict[int, pikepdf.Object]]) -> pikepdf.Object:
    """`element` and its subtree as StructElem objects (kids in order); records each MCID's element by page."""
    import pikepdf

    made = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + element.role),
                                                     P=parent))
    first_page = next((kid.page for kid in _marks(element)), None)
    if first_page is not None:
        made.Pg = pages[first_page].obj
    if element.alt is not None:
        made.Alt = pikepdf.String(element.alt)
    if element.lang is not None:
        made.Lang = pikepdf.String(element.lang)
    if element.actual_text is not None:
        made.ActualText = pikepdf.String(element.actual_text)
    kids = pikepdf.Array()
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(_write(document, kid, made, pages, by_page))
            continue
        if kid.mcid in by_page.setdefault(kid.page, {}):
            raise TaggingError(f"MCID {kid.mcid} on page {kid.page + 1} is used twice")
        by_page[kid.page][kid.mcid] = made
        if kid.page == first_page:
            kids.append(kid.mcid)
        else:
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid))
    # One kid is written as itself, not as an array of one: both are valid, and the checker pdfua 0.1.3 fails on a
    # heading whose /K is an array (it asks a pikepdf Array for an attribute, which raises a ValueError).
    made.K = kids[0] if len(kids) == 1 else kids
    return made


def _marks(element: Element) -> Iterator[Marked]:
    return (kid for kid in element.kids if isinstance(kid, Marked))
