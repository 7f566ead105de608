"""(font file, glyph ids) -> the subset font embedded in a diagram's PDF: without layout tables, made once per run.

matplotlib embeds each font of a diagram as a subset of the glyphs it uses, made by fontTools. Two things made
that two thirds of a diagram's drawing time, and both are changed here:

- matplotlib's subset keeps the font's OpenType layout tables (GSUB, GPOS, GDEF), and fontTools reads all of them
  to subset them. A PDF never uses them: the glyphs are already chosen and placed (HarfBuzz shaped and kerned
  them through matplotlib, from the full font file) and a viewer draws the glyph ids it is given, as it does for
  ReportLab's subsets on the same page, which have no layout tables either. Without them a Latin subset is made
  four times faster and a quarter smaller.
- A diagram of the same labels at another size, or in another document of the same language, needs the same
  subset again: a batch of every language and format asked for 160 subsets, 103 of them different; the test
  suite's main process 184, 44 different. Each subset is made once per process and kept, as the bytes
  written, and handed out again read back from them: the same bytes again.

The diagrams look the same, to the pixel (tests/diagram/test_subsets.py). It relies on a private function of
matplotlib's (written for matplotlib 3.11): `matplotlib.backends._backend_pdf_ps.get_glyphs_subset(fontfile,
glyphs)`, which returns a context manager of a `SubsetResults(font, glyph_index_map)` whose font the PDF backend
saves with `font_as_file`; `install` puts `kept_subset` in its place. If a later matplotlib has no such function,
nothing is installed and diagrams are drawn as matplotlib draws them; the test fails, so that this is adapted.
"""

from __future__ import annotations

import contextlib
import io
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

WRITTEN_FOR = "3.11"
"""The matplotlib release line this was written for and checked against."""

KEPT = 64
"""Subsets kept at most (the least recently used goes first): a batch of every language and format makes about
100, most of them about 10 kB."""

LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH")
"""OpenType layout tables: used to choose and place glyphs, which is done before the PDF is written."""

Subsetter = Callable[[Any, Iterable[int]], contextlib.AbstractContextManager[Any]]
"""The shape of matplotlib's `get_glyphs_subset(fontfile, glyphs)`."""

_store: OrderedDict[tuple[Any, frozenset[int]], tuple[bytes, dict[int, int]]] = OrderedDict()


def install() -> bool:
    """Put `kept_subset` in the place of matplotlib's subsetting (once per process); False if matplotlib has no
    such function to replace."""
    from matplotlib.backends import _backend_pdf_ps

    current = getattr(_backend_pdf_ps, "get_glyphs_subset", None)
    if current is None or not hasattr(_backend_pdf_ps, "SubsetResults"):
        return False
    if not hasattr(current, "made_by"):
        replacement = around(subset_without_layout)
        replacement.replaced = current  # type: ignore[attr-defined]  # matplotlib's own, for the tests to compare
        _backend_pdf_ps.get_glyphs_subset = replacement  # type: ignore[assignment]  # a stand-in of its shape
    return True


def around(make: Subsetter) -> Subsetter:
    """`make` with the store in front of it: each subset made once, then handed out again. The function that
    makes them is the result's `made_by`."""

    def kept_subset(fontfile: Any, glyphs: Iterable[int]) -> contextlib.AbstractContextManager[Any]:
        return _kept(make, fontfile, frozenset(glyphs))

    kept_subset.made_by = make  # type: ignore[attr-defined]
    return kept_subset


def subset_without_layout(fontfile: Any, glyphs: Iterable[int]) -> contextlib.AbstractContextManager[Any]:
    """matplotlib's subset (its options, its glyph renumbering) without the layout tables."""
    from fontTools import subset
    from matplotlib.backends._backend_pdf_ps import SubsetResults

    options = subset.Options(glyph_names=True, recommended_glyphs=True, layout_closure=False)
    options.drop_tables += list(LAYOUT_TABLES)
    options.font_number = fontfile.face_index
    font = subset.load_font(fontfile, options)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(gids=set(glyphs))
    subsetter.subset(font)
    return SubsetResults(font, subsetter.glyph_index_map)._as_cm()


@contextlib.contextmanager
def _kept(make: Subsetter, fontfile: Any, glyphs: frozenset[int]) -> Iterator[Any]:
    from fontTools.ttLib import TTFont
    from matplotlib.backends._backend_pdf_ps import SubsetResults

    key = (fontfile, glyphs)
    if key not in _store:
        with make(fontfile, set(glyphs)) as fresh:
            written = io.BytesIO()
            fresh.font.save(written, reorderTables=False)  # as matplotlib's `font_as_file` saves it
            _store[key] = (written.getvalue(), dict(fresh.glyph_index_map))
        while len(_store) > KEPT:
            _store.popitem(last=False)
    _store.move_to_end(key)
    data, glyph_index_map = _store[key]
    # Read back as written: no table is recomputed, so saving it again gives the same bytes.
    with TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False) as font:
        yield SubsetResults(font, dict(glyph_index_map))


def forget() -> None:
    """Drop every kept subset."""
    _store.clear()
