"""Reading a tagged PDF back, independently of chartgen.tagging: the structure tree (pikepdf), the text of each
marked-content sequence (pdfium's text objects and their MCIDs), and what of the pages' content is not marked.

Used by tests/test_tagging.py; nothing here imports chartgen.
"""

from __future__ import annotations

import ctypes
import io
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from programs import system_tool

PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI",
                      "INLINE IMAGE"})
"""Operators that put marks on the page (text, paths, shadings, XObjects, inline images)."""


@dataclass(frozen=True)
class Node:
    """A structure element read back: its role, depth, attributes, and the (page, MCID) of its own content."""

    role: str
    depth: int
    alt: str | None
    lang: str | None
    actual_text: str | None
    marks: tuple[tuple[int, int], ...]
    objgen: tuple[int, int]
    """The element's object number and generation in the file read."""


def structure(data: bytes) -> list[Node]:
    """Every structure element in tree order (depth first, kids in order), the Document first."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        nodes: list[Node] = []

        def visit(element: pikepdf.Dictionary, depth: int) -> None:
            page = pages.get(element.Pg.objgen) if "/Pg" in element else None
            kids = element.get("/K")
            items = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
            marks, children = [], []
            for kid in items:
                if isinstance(kid, int):
                    marks.append((page, int(kid)))
                elif kid.get("/Type") == "/MCR":
                    marks.append((pages[kid.Pg.objgen], int(kid.MCID)))
                else:
                    children.append(kid)
            nodes.append(Node(str(element.S)[1:], depth, _text(element, "/Alt"), _text(element, "/Lang"),
                              _text(element, "/ActualText"), tuple(marks), element.objgen))
            for child in children:
                visit(child, depth + 1)

        root = pdf.Root.StructTreeRoot
        for top in (root.K if isinstance(root.K, pikepdf.Array) else [root.K]):
            visit(top, 0)
        return nodes


def _text(element: pikepdf.Dictionary, key: str) -> str | None:
    return str(element[key]) if key in element else None


def marked_texts(data: bytes) -> dict[tuple[int, int], str]:
    """The text shown in each marked-content sequence with an MCID, by (page, MCID), as pdfium reads it (glyphs
    in the order they are drawn, each text object's text joined by a space)."""
    texts: dict[tuple[int, int], list[str]] = {}
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            for count in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                obj = pdfium_c.FPDFPage_GetObject(page.raw, count)
                mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
                if mcid < 0:
                    continue
                entry = texts.setdefault((index, mcid), [])
                if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT:
                    entry.append(_object_text(obj, textpage))
    finally:
        document.close()
    return {key: " ".join(parts) for key, parts in texts.items()}


def _object_text(obj: object, textpage: pdfium.PdfTextPage) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw.decode("utf-16-le").rstrip("\x00")


def tree_text(data: bytes, nodes: list[Node] | None = None) -> list[tuple[str, str]]:
    """(role, text) of every element with content of its own, in tree order: its /ActualText where it has one
    (the text of the element and all under it, which is then skipped), else the text of its marked sequences."""
    nodes = structure(data) if nodes is None else nodes
    shown = marked_texts(data)
    out: list[tuple[str, str]] = []
    skip_below: int | None = None
    for node in nodes:
        if skip_below is not None and node.depth > skip_below:
            continue
        skip_below = None
        if node.actual_text is not None:
            out.append((node.role, node.actual_text))
            skip_below = node.depth
        elif node.marks:
            out.append((node.role, " ".join(shown.get(mark, "") for mark in node.marks)))
    return out


def squeeze(text: str) -> str:
    """`text` without white space, soft hyphens and direction marks: what a reading-order comparison compares."""
    return "".join(c for c in text if not c.isspace() and c not in "\u00ad\u200e\u200f\u202a\u202b\u202c")


def in_order(expected: list[str], text: str) -> list[str]:
    """The texts of `expected` not found in `text` one after the other (squeezed): [] when all come in order."""
    haystack, at, missing = squeeze(text), 0, []
    for wanted in expected:
        found = haystack.find(squeeze(wanted), at)
        if found < 0:
            missing.append(wanted)
        else:
            at = found + len(squeeze(wanted))
    return missing


@dataclass(frozen=True)
class Unmarked:
    """A painting operator outside every marked-content sequence (page 0-based)."""

    page: int
    operator: str


def content_problems(data: bytes) -> tuple[list[Unmarked], list[str]]:
    """Painting operators outside marked content, and nesting problems (an MCID sequence inside another, an EMC
    without its BDC, a sequence left open at the end of a page), page by page."""
    unmarked: list[Unmarked] = []
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            stack: list[bool] = []  # each open sequence: whether it has an MCID
            for operands, operator in _operators(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    has_mcid = name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and \
                        "/MCID" in operands[1]
                    if has_mcid and any(stack):
                        problems.append(f"page {index + 1}: an MCID sequence inside another")
                    stack.append(has_mcid)
                elif name == "EMC":
                    if not stack:
                        problems.append(f"page {index + 1}: EMC without BDC/BMC")
                    else:
                        stack.pop()
                elif name in PAINTING and not stack:
                    unmarked.append(Unmarked(index, name))
            if stack:
                problems.append(f"page {index + 1}: {len(stack)} marked sequences left open")
    return unmarked, problems


def _operators(page: pikepdf.Page) -> Iterator[tuple[list[object], pikepdf.Operator]]:
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            yield [], pikepdf.Operator("INLINE IMAGE")
        else:
            yield list(instruction.operands), instruction.operator


def page_mcids(data: bytes) -> dict[int, list[int]]:
    """The MCIDs each page's content stream uses, in stream order."""
    found: dict[int, list[int]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            for operands, operator in _operators(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    found.setdefault(index, []).append(int(operands[1].MCID))
    return found


def pdfinfo_struct_text(data: bytes, tmp_path: os.PathLike[str]) -> str:
    """poppler's `pdfinfo -struct-text` of `data`: the structure tree with each element's text."""
    path = os.path.join(os.fspath(tmp_path), "tagged.pdf")
    with open(path, "wb") as file:
        file.write(data)
    done = subprocess.run([system_tool("pdfinfo", "poppler-utils"), "-struct-text", path], capture_output=True,
                          text=True, check=True, timeout=60)
    return done.stdout
