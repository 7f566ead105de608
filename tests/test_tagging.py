"""Tagged PDF (chartgen/tagging.py and every reading format): the structure tree is read back independently
(tests/tagged.py: pikepdf, pdfium), checked by the `pdfua` checker from PyPI and shown by poppler's
`pdfinfo -struct-text`; its text, in tree order, must follow the content's logical order in English, Arabic and
Chinese, and the same check must fail on the drawing order (the negative control)."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import pikepdf
import pytest
from pdfua import validate
from reportlab.pdfgen.canvas import Canvas

import tagged
from chartgen import content as content_module
from chartgen import pdf, tagging
from chartgen.content import ZONE_IDS, ZONE_SEGMENTS, Content
from chartgen.formats import booklet, booklet_imposed, card, handout, poster, poster_large
from chartgen.formats.kit.metadata import PRINT_ONLY_KEYWORDS

LANGUAGES = ("en", "ar", "zh")
ALLOWED_PDFUA = {"UA-28-004"}
"""The one finding pdfua may report: no PDF/UA identifier in XMP metadata. Deliberate: that identifier claims PDF/UA
conformance, which needs a full veraPDF or PAC run that has not been done (README, "Accessible PDF")."""


def _zone_texts(c: Content, *, where: bool = True) -> list[str]:
    texts: list[str] = []
    for zone_id, zone in c.zones.ordered():
        texts += [zone.name, ZONE_SEGMENTS[zone_id]]
        if where:
            texts += [c.zones.where_label, zone.where, c.zones.find_label, zone.find, c.zones.helps_label, zone.helps]
    return texts


def _steps(c: Content) -> list[str]:
    return [text for step in c.steps.items for text in (step.title, step.text)]


def poster_order(c: Content) -> list[str]:
    return [c.title, c.subtitle, c.connection.heading, c.connection.body, c.zones.heading, c.convention,
            *_zone_texts(c), c.steps.heading, c.steps.intro, *_steps(c), c.tips.heading,
            *[t for tip in c.tips.ordered() for t in (tip.title, tip.text)], c.helps.heading, c.helps.intro,
            *c.helps.items, c.cautions.heading, *c.cautions.items, c.disclaimer.heading, c.disclaimer.text]


def card_order(c: Content) -> list[str]:
    view = c.card.view_line_left if c.meta.direction == "rtl" else c.card.view_line
    return [c.card.title, view, c.steps.heading,
            *[t for step, short in zip(c.steps.items, c.card.steps, strict=True) for t in (step.title, short)],
            c.card.do_not_use, c.card.disclaimer]


def booklet_order(c: Content) -> list[str]:
    return [c.title, c.subtitle, c.booklet.cover_line, c.booklet.contents, c.connection.heading, c.connection.body,
            *[t for _, zone in c.zones.ordered() for t in (zone.name, zone.where, zone.find, zone.helps)],
            c.steps.heading, c.steps.intro, *_steps(c), c.helps.heading, *c.helps.items, c.cautions.heading,
            *c.cautions.items, c.disclaimer.text]


def handout_order(c: Content) -> list[str]:
    focus = [z for z in ZONE_IDS if z in ("lumbar", "sacral")]
    zones = dict(c.zones.ordered())
    return [c.handout.title, "A. Berg", c.handout.focus_heading,
            *[t for z in focus for t in (zones[z].name, zones[z].where, zones[z].find)], c.handout.other_zones,
            *[zones[z].name for z in ZONE_IDS if z not in focus], c.steps.heading, *_steps(c),
            c.handout.how_often_heading, c.handout.how_often, c.cautions.heading, c.card.do_not_use,
            c.disclaimer.text]


def large_order(c: Content) -> list[str]:
    return [c.title, c.subtitle, c.booklet.at_a_glance, *[zone.name for _, zone in c.zones.ordered()],
            c.connection.heading, c.connection.body, c.zones.heading, *_zone_texts(c), c.convention,
            c.steps.heading, c.steps.intro, *_steps(c), c.steps.note, c.tips.heading, c.helps.heading,
            *c.helps.items, c.cautions.heading, *c.cautions.items, c.disclaimer.text]


def _handout(c: Content) -> bytes:
    return handout.render(c, client=handout.Client(name="A. Berg", focus=("lumbar", "sacral")))


FORMATS: dict[str, tuple[Callable[[Content], bytes], Callable[[Content], list[str]]]] = {
    "poster-A3": (lambda c: poster.render(c, paper="A3"), poster_order),
    "card": (lambda c: card.render(c), card_order),
    "booklet-A6": (lambda c: booklet.render(c, paper="A6"), booklet_order),
    "handout-A4": (_handout, handout_order),
    "poster-A4-large-print": (lambda c: poster_large.render(c, paper="A4"), large_order),
}
CASES = [(name, lang) for name in FORMATS for lang in LANGUAGES]


@functools.cache
def document(name: str, lang: str) -> bytes:
    return FORMATS[name][0](content_module.load_language(lang))


each_document = pytest.mark.parametrize(("name", "lang"), CASES)


# ---------------------------------------------------------------- every tagged document


@pytest.mark.background  # 15 documents: beside the other tests (conftest.py)
@each_document
def test_the_pdfua_checker_finds_no_error(name, lang, tmp_path):
    path = tmp_path / f"{name}-{lang}.pdf"
    path.write_bytes(document(name, lang))
    report = validate(str(path))
    found = {finding.rule_id for finding in report.findings}
    assert found <= ALLOWED_PDFUA, [(f.rule_id, f.message) for f in report.findings]


def test_the_pdfua_checker_finds_errors_in_an_untagged_file(tmp_path):
    """The negative control of the test above: on the German card sheet (print-only, untagged) pdfua reports more
    than ALLOWED_PDFUA: no structure tree (UA-01-005), not marked as tagged (UA-01-002), no DisplayDocTitle
    (UA-07-002)."""
    path = tmp_path / "card-sheet-de.pdf"
    path.write_bytes(card.render(content_module.load_language("de"), sheet="A4"))
    found = {finding.rule_id for finding in validate(str(path)).findings}
    assert {"UA-01-002", "UA-01-005", "UA-07-002"} <= found - ALLOWED_PDFUA


@pytest.mark.background
@each_document
def test_everything_on_every_page_is_marked(name, lang):
    unmarked, problems = tagged.content_problems(document(name, lang))
    assert unmarked == [] and problems == []


@pytest.mark.background
@each_document
def test_catalog_pages_and_parent_tree_agree(name, lang):
    data = document(name, lang)
    nodes = tagged.structure(data)
    owner = {mark: node for node in nodes for mark in node.marks}
    used = tagged.page_mcids(data)
    with pikepdf.open(io.BytesIO(data)) as document_:
        root = document_.Root
        assert str(root.Lang) == lang
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(document_.docinfo.Title)
        assert document_.pdf_version == tagging.TAGGED_PDF_VERSION
        parents = list(root.StructTreeRoot.ParentTree.Nums)
        assert int(root.StructTreeRoot.ParentTreeNextKey) == len(document_.pages)
        for index, page in enumerate(document_.pages):
            assert page.obj.Tabs == "/S" and int(page.obj.StructParents) == index
            assert int(parents[2 * index]) == index
            elements = list(parents[2 * index + 1])
            assert sorted(used.get(index, [])) == list(range(len(elements)))  # each MCID once, 0 to n - 1
            for mcid, element in enumerate(elements):
                assert element.objgen == owner[(index, mcid)].objgen, (index, mcid)
    assert set(owner) == {(page, mcid) for page, mcids in used.items() for mcid in mcids}


@pytest.mark.background
@each_document
def test_the_diagram_is_one_figure_with_the_languages_alternative_text(name, lang):
    c = content_module.load_language(lang)
    figures = [node for node in tagged.structure(document(name, lang)) if node.role == "Figure"]
    assert figures and all(node.alt == c.diagram_alt for node in figures)
    assert all(len(node.marks) == 1 for node in figures)
    assert c.accessibility.diagram in c.diagram_alt


@pytest.mark.background
@each_document
def test_the_structure_reads_in_the_logical_order(name, lang):
    data = document(name, lang)
    text = " ".join(t for _, t in tagged.tree_text(data))
    expected = FORMATS[name][1](content_module.load_language(lang))
    assert tagged.in_order(expected, text) == []


@pytest.mark.background
@each_document
def test_headings_lists_and_sections_are_there(name, lang):
    nodes = tagged.structure(document(name, lang))
    roles = [node.role for node in nodes]
    assert roles[0] == "Document" and roles.count("H1") == 1 and roles.index("H1") < roles.index("H2")
    assert {"P", "Figure", "L", "LI", "Lbl", "LBody"} <= set(roles), set(roles)
    for index, node in enumerate(nodes):
        if node.role == "LI":
            kids = [n.role for n in nodes[index + 1:] if n.depth == node.depth + 1][:2]
            assert kids == ["Lbl", "LBody"]
    if name != "card":
        assert "Sect" in roles or "TOC" in roles


def _drawing_order_text(data: bytes) -> str:
    """The elements' texts in the order their content is drawn (page, then MCID): a tree built in drawing order."""
    nodes = tagged.structure(data)
    shown = tagged.marked_texts(data)
    by_mark = {mark: node for node in nodes for mark in node.marks}
    texts = []
    for mark in sorted(by_mark):
        node = by_mark[mark]
        texts.append(node.actual_text if node.actual_text is not None else shown.get(mark, ""))
    return " ".join(texts)


def test_the_order_check_fails_on_the_arabic_posters_drawing_order():
    """Negative control: right to left, each row of the poster is drawn from its last panel (on the left) to its
    first; read in that order the zones come 4, 3, 2, 1 and the check must say so. The structure tree, built in
    reading order, passes."""
    data = document("poster-A3", "ar")
    expected = poster_order(content_module.load_language("ar"))
    drawn = _drawing_order_text(data)
    assert tagged.in_order(expected, drawn)  # fails: zones and steps out of order
    assert tagged.in_order(expected, " ".join(t for _, t in tagged.tree_text(data))) == []


def test_the_order_check_fails_when_two_zones_swap():
    c = content_module.load_language("en")
    text = " ".join(t for _, t in tagged.tree_text(document("poster-A3", "en")))
    swapped = poster_order(c)
    first, second = swapped.index(c.zones.cervical.name), swapped.index(c.zones.thoracic.name)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    assert tagged.in_order(swapped, text)


def test_pdfinfo_shows_the_tree_with_its_text(tmp_path):
    c = content_module.load_language("en")
    shown = tagged.pdfinfo_struct_text(document("poster-A3", "en"), tmp_path)
    lines = [line.strip() for line in shown.splitlines()]
    assert lines[0] == "Document"
    roles = [line.split()[0] for line in lines if line and not line.startswith('"')]
    for role in ("H1", "H2", "H3", "Figure", "Sect", "L", "LI", "Lbl", "LBody", "P"):
        assert role in roles
    texts = " ".join(line for line in lines if line.startswith('"'))
    assert tagged.in_order([c.title, c.connection.heading, c.zones.cervical.name, c.zones.sacral.name,
                            c.disclaimer.text], texts) == []


# ---------------------------------------------------------------- print-only files


@pytest.mark.parametrize("make", [
    pytest.param(lambda c: card.render(c, sheet="A4"), id="card-sheet"),
    pytest.param(lambda c: booklet_imposed.render(c, paper="A6", sheet="A4"), id="booklet-imposed"),
    pytest.param(lambda c: poster.PosterFormat().render(_tiled_request(c)), id="poster-tiles"),
])
def test_print_only_files_carry_no_tags_and_say_so(make):
    c = content_module.load_language("de")
    data = make(c)
    with pikepdf.open(io.BytesIO(data)) as document_:
        assert "/StructTreeRoot" not in document_.Root and "/MarkInfo" not in document_.Root
        assert str(document_.docinfo.Subject) == c.accessibility.print_only
        assert str(document_.docinfo.Keywords).endswith(", ".join(PRINT_ONLY_KEYWORDS))
    assert tagged.page_mcids(data) == {}  # not even marked content left from the pages they are made of


def _tiled_request(c: Content):
    from chartgen.formats.base import Request, Settings

    return Request(content=c, settings=Settings(paper="A2", sheet="A4"))


# ---------------------------------------------------------------- determinism


@pytest.mark.background
def test_the_same_input_gives_the_same_bytes():
    c = content_module.load_language("ar")
    assert booklet.render(c, paper="A6") == document("booklet-A6", "ar")
    assert poster.render(content_module.load_language("en"), paper="A3") == document("poster-A3", "en")


# ---------------------------------------------------------------- the module on its own


def _canvas() -> tuple[Canvas, io.BytesIO]:
    buffer = io.BytesIO()
    return pdf.new_canvas(buffer, size=(200, 200), font="Helvetica"), buffer


def _finished(canvas: Canvas, buffer: io.BytesIO, tags: tagging.Tags) -> bytes:
    canvas.showPage()
    canvas.save()
    return tagging.finish(buffer.getvalue(), tags)


def test_the_tree_follows_creation_order_not_drawing_order():
    canvas, buffer = _canvas()
    tags = tagging.Tags(lang="en").attach(canvas)
    first, second = tags.node("P"), tags.node("P")
    with tags.marked(canvas, second):  # drawn first: MCID 0
        canvas.drawString(10, 10, "second")
    with tags.marked(canvas, first):
        canvas.drawString(10, 50, "first")
    data = _finished(canvas, buffer, tags)
    nodes = tagged.structure(data)
    assert [(n.role, n.marks) for n in nodes] == [("Document", ()), ("P", ((0, 1),)), ("P", ((0, 0),))]
    assert [t for _, t in tagged.tree_text(data)] == ["first", "second"]
    assert tagged.content_problems(data) == ([], [])


def test_marked_sequences_do_not_nest():
    canvas, _ = _canvas()
    tags = tagging.Tags(lang="en").attach(canvas)
    with pytest.raises(tagging.TaggingError, match="do not nest"), tags.element(canvas, "P"), \
            tags.artifact(canvas):
        pass
    with pytest.raises(tagging.TaggingError, match="unknown structure type"):
        tags.node("Paragraph")


def test_an_untagged_canvas_gets_no_marks():
    canvas, buffer = _canvas()
    with tagging.element(canvas, "P") as made, tagging.artifact(canvas):
        canvas.drawString(10, 10, "plain")
    assert made is None and tagging.reserve(canvas, "Figure", alt="x") is None
    canvas.showPage()
    canvas.save()
    unmarked, problems = tagged.content_problems(buffer.getvalue())
    assert [u.operator for u in unmarked] == ["Tj"] and problems == []  # the text is outside any marked content
    assert tagged.page_mcids(buffer.getvalue()) == {}


def test_unmarked_content_is_found_in_an_untagged_file():
    """The negative control of test_everything_on_every_page_is_marked: the German card sheet, drawn without tags,
    has painting operators outside marked content on every page."""
    data = card.render(content_module.load_language("de"), sheet="A4")
    unmarked, problems = tagged.content_problems(data)
    assert {u.page for u in unmarked} == set(range(pdf.page_count(data))) and problems == []


def test_a_language_other_than_the_documents_is_written_on_its_element():
    canvas, buffer = _canvas()
    tags = tagging.Tags(lang="de").attach(canvas)
    with tags.element(canvas, "P", lang="la"):
        canvas.drawString(10, 10, "Os sacrum")
    with tags.element(canvas, "P", lang="de"):
        canvas.drawString(10, 30, "Kreuzbein")
    nodes = tagged.structure(_finished(canvas, buffer, tags))
    assert [n.lang for n in nodes] == [None, "la", None]  # the document's own language only on the catalog
