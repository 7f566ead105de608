"""The diagram's font subsets (chartgen.diagram.subsets): no layout tables, each made once, and the diagram looks the
same to the pixel as with matplotlib's own subsets."""

from __future__ import annotations

import dataclasses
import io

import matplotlib
import numpy as np
import pikepdf
import pytest
from fontTools.ttLib import TTFont
from matplotlib.backends import _backend_pdf_ps

from chartgen import content
from chartgen.diagram import subsets
from chartgen.diagram.draw import render_pdf_pages
from chartgen.formats import poster
from conftest import render_png

DPI = 200
"""The A4 poster's labels of 6.7 pt and more are 18 pixels high and more: a glyph drawn from another outline
shows (the negative control changes one letter)."""


def _requests(lang: str, papers: tuple[str, ...]):
    loaded = content.load_language(lang)
    return [(poster.diagram_request(poster.plan(loaded, paper=paper)),) for paper in papers]


@pytest.fixture(autouse=True)
def fresh_store():
    subsets.forget()
    yield
    subsets.forget()


@pytest.fixture
def matplotlibs_own(monkeypatch):
    """Draw with matplotlib's own subsetting (undone with the monkeypatch)."""
    assert subsets.install()
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", _backend_pdf_ps.get_glyphs_subset.replaced)
    monkeypatch.setattr(subsets, "install", lambda: False)


def _embedded_fonts(data: bytes) -> list[TTFont]:
    with pikepdf.open(io.BytesIO(data)) as document:
        fonts = []
        for font in document.pages[0].Resources.Font.values():
            program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
            fonts.append(TTFont(io.BytesIO(program)))
        return fonts


@pytest.mark.background  # needs nothing from the other tests: runs beside them (conftest.py)
@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_the_diagram_looks_the_same_as_with_matplotlibs_subsets(lang, request):
    """Latin, shaped Arabic (its forms in a second subset) and Chinese, rendered at DPI."""
    (diagram,) = _requests(lang, ("A4",))
    ours = render_pdf_pages(diagram)
    request.getfixturevalue("matplotlibs_own")
    theirs = render_pdf_pages(diagram)
    assert ours != theirs
    assert np.array_equal(render_png(ours, f"subsets-{lang}-ours", dpi=DPI),
                          render_png(theirs, f"subsets-{lang}-matplotlib", dpi=DPI))


@pytest.mark.background
def test_negative_control_the_pixel_comparison_sees_one_letter_changed():
    ((diagram,),) = _requests("en", ("A4",))
    assert diagram.text.inner_view == "Inner side"
    changed = dataclasses.replace(diagram, text=dataclasses.replace(diagram.text, inner_view="Inner sido"))
    assert not np.array_equal(render_png(render_pdf_pages((diagram,)), "subsets-control-a", dpi=DPI),
                              render_png(render_pdf_pages((changed,)), "subsets-control-b", dpi=DPI))


def test_the_embedded_fonts_have_no_layout_tables(request):
    (diagram,) = _requests("ar", ("A4",))
    ours = _embedded_fonts(render_pdf_pages(diagram))
    request.getfixturevalue("matplotlibs_own")
    theirs = _embedded_fonts(render_pdf_pages(diagram))
    assert ours and not any(table in font for font in ours for table in subsets.LAYOUT_TABLES)
    assert any("GPOS" in font or "GSUB" in font for font in theirs)  # the control: matplotlib keeps them


def test_a_kept_subset_gives_the_same_bytes_as_a_new_one():
    requests = _requests("ar", ("A3",))
    subsets.install()
    made = [render_pdf_pages(request) for request in requests]
    again = [render_pdf_pages(request) for request in requests]
    subsets.forget()
    anew = [render_pdf_pages(request) for request in requests]
    assert made == again == anew


def _counting(made: list[object]):
    def counted(fontfile, glyphs):
        made.append(fontfile)
        return subsets.subset_without_layout(fontfile, glyphs)

    return counted


def test_the_same_labels_at_another_size_are_subset_once(monkeypatch):
    made: list[object] = []
    subsets.install()
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", subsets.around(_counting(made)))
    smaller, larger = _requests("de", ("A3", "A1"))
    render_pdf_pages(smaller)
    for_the_first = len(made)
    render_pdf_pages(larger)
    assert for_the_first >= 2  # the regular and the bold face at least
    assert len(made) == for_the_first, "the same labels' glyphs were subset again"


def test_negative_control_without_the_store_each_drawing_subsets_again(monkeypatch):
    made: list[object] = []
    subsets.install()
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", _counting(made))
    monkeypatch.setattr(subsets, "install", lambda: False)
    smaller, larger = _requests("de", ("A3", "A1"))
    render_pdf_pages(smaller)
    for_the_first = len(made)
    render_pdf_pages(larger)
    assert len(made) == 2 * for_the_first


def test_written_for_this_matplotlib():
    """The store replaces a private matplotlib function: a new matplotlib line must be checked against it (the
    tests above), then WRITTEN_FOR moved on."""
    assert matplotlib.__version__.startswith(subsets.WRITTEN_FOR + "."), matplotlib.__version__
    assert subsets.install()
