"""`poster --tile`: the tiles stitched back give the poster, print inside a home printer's margin, carry their
labels, start with the assembly map; bad combinations are refused in one line; `check` covers the tiles."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from PIL import Image, ImageFilter

from chartgen import content as content_module
from chartgen.errors import InputError
from chartgen.formats import poster, poster_tiles
from chartgen.formats.base import Request, Settings
from chartgen.layout import MM
from conftest import pdf_reader, poster_pdf, printed_text, render_png, write_locale

DPI = 72
"""Renders for stitching: 1 px is 1 pt (0.35 mm); a tile 5 mm out of place is 14 px off."""
BLUR_PX = 2
"""Both images are blurred this much before comparing, so that the two renders' different anti-aliasing of the
same edges (a tile's window starts at a fraction of a pixel) does not count; a misplaced tile still does."""
PX_PER_PT = DPI / 72
SHIFT_MM = 5.0
"""The negative control moves one tile by this much."""
STITCH_LIMIT = 2.5
"""Mean absolute difference (0-255, per channel) allowed between a stitched tile's region and the poster (both
blurred): measured 0.4-1.0 for the eight tiles of A2 on A4; one tile 5 mm out of place gives 7.9 in its region,
two tiles swapped about 31."""
WHITE = 250
"""A pixel counts as printed when a channel is darker than this."""


@functools.cache
def tiled(paper: str = "A2", sheet: str = "A4", lang: str = "en") -> bytes:
    """The poster tiled, made once per test run."""
    content = content_module.load_language(lang)
    settings = poster.PosterFormat().settings({"paper": paper, "tile": sheet})
    return poster.PosterFormat().render(Request(content, settings))


def _grid(paper: str = "A2", sheet: str = "A4") -> poster_tiles.TileGrid:
    return poster_tiles.grid_for(paper, sheet)


def _px(value_pt: float) -> int:
    return round(value_pt * PX_PER_PT)


def _windows(data: bytes, grid: poster_tiles.TileGrid) -> list[np.ndarray]:
    """Each tile's window as rendered (page 2 on), in tile order."""
    window = grid.window_on_sheet
    crops = []
    for index in range(len(grid.tiles())):
        image = render_png(data, f"tiles-A2-A4-{index + 1}", dpi=DPI, page=index + 1)
        top = _px(grid.sheet_height - window.y - window.height)
        left = _px(window.x)
        crops.append(image[top:top + _px(window.height), left:left + _px(window.width)])
    return crops


def _stitch(grid: poster_tiles.TileGrid, crops: list[np.ndarray], *, size: tuple[int, int],
            moved: dict[int, tuple[int, int]] | None = None) -> np.ndarray:
    """The crops glued as the assembly map says: row by row from the top, each sheet on the ones to its left and
    above it. `moved` shifts tile i by (dx, dy) px (a negative control)."""
    height, width = size
    poster_image = np.full((height, width, 3), 255, dtype=np.uint8)
    for index, (tile, crop) in enumerate(zip(grid.tiles(), crops, strict=True)):
        dx, dy = (moved or {}).get(index, (0, 0))
        left = _px(tile.window.x) + dx
        top = _px(grid.poster_height - tile.window.y - tile.window.height) + dy
        x0, y0 = max(left, 0), max(top, 0)
        x1, y1 = min(left + crop.shape[1], width), min(top + crop.shape[0], height)
        poster_image[y0:y1, x0:x1] = crop[y0 - top:y1 - top, x0 - left:x1 - left]
    return poster_image


def _region_differences(grid: poster_tiles.TileGrid, stitched: np.ndarray, original: np.ndarray) -> list[float]:
    """Mean absolute difference in the part of the poster each tile shows after gluing."""
    stitched, original = _blurred(stitched), _blurred(original)
    differences = []
    for tile in grid.tiles():
        left = _px(tile.window.x)
        top = _px(grid.poster_height - tile.window.y - tile.window.height)
        right, bottom = left + _px(grid.step_x), top + _px(grid.step_y)
        a = stitched[top:bottom, left:right].astype(int)
        b = original[top:bottom, left:right].astype(int)
        differences.append(float(np.abs(a - b).mean()))
    return differences


def _blurred(image: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(image).filter(ImageFilter.GaussianBlur(BLUR_PX)))


@pytest.fixture(scope="module")
def stitch_parts():
    grid = _grid()
    original = render_png(poster_pdf("A2"), "tiles-A2-poster", dpi=DPI)
    return grid, _windows(tiled(), grid), original


def test_stitched_tiles_equal_the_poster(stitch_parts):
    grid, crops, original = stitch_parts
    stitched = _stitch(grid, crops, size=original.shape[:2])
    differences = _region_differences(grid, stitched, original)
    assert max(differences) < STITCH_LIMIT, differences


def test_a_tile_out_of_place_is_seen(stitch_parts):
    """Negative controls: one tile shifted by 5 mm, or two tiles swapped, differ from the poster."""
    grid, crops, original = stitch_parts
    shift = _px(SHIFT_MM * MM)
    shifted = _stitch(grid, crops, size=original.shape[:2], moved={3: (shift, 0)})
    assert max(_region_differences(grid, shifted, original)) > STITCH_LIMIT
    swapped = list(crops)
    swapped[2], swapped[5] = swapped[5], swapped[2]
    assert max(_region_differences(grid, _stitch(grid, swapped, size=original.shape[:2]), original)) > STITCH_LIMIT


def test_neighbours_overlap_by_10_mm_and_windows_cover_the_poster():
    grid = _grid()
    tiles = grid.tiles()
    by_place = {(t.row, t.column): t.window for t in tiles}
    for (row, column), window in by_place.items():
        right = by_place.get((row, column + 1))
        if right is not None:
            assert window.x + window.width - right.x == pytest.approx(10 * MM)
        below = by_place.get((row + 1, column))
        if below is not None:
            assert below.y + below.height - window.y == pytest.approx(10 * MM)
    assert min(w.x for w in by_place.values()) == pytest.approx(0)
    assert max(w.x + w.width for w in by_place.values()) == pytest.approx(420 * MM)
    assert min(w.y for w in by_place.values()) == pytest.approx(0)
    assert max(w.y + w.height for w in by_place.values()) == pytest.approx(594 * MM)


def test_the_grid_takes_the_fewest_sheets():
    """A1 on A4: upright sheets need 4 x 4, turned ones 3 x 5; the grid turns them."""
    grid = poster_tiles.grid_for("A1", "A4")
    assert (grid.rows, grid.columns) == (5, 3)
    assert grid.sheet_width > grid.sheet_height
    reader = pdf_reader(tiled("A1", "A4"))
    assert len(reader.pages) == 1 + 15
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((297 * MM, 210 * MM),
                                                                                          abs=0.01)


def _printed_outside(image: np.ndarray, margin_mm: float) -> int:
    """How many printed pixels lie within `margin_mm` of the page's edge."""
    edge = int(np.ceil(margin_mm * MM * PX_PER_PT))
    printed = (image < WHITE).any(axis=2)
    inner = np.zeros_like(printed)
    inner[edge:-edge, edge:-edge] = True
    return int((printed & ~inner).sum())


def test_every_sheet_prints_inside_the_printable_margin():
    data = tiled()
    for page in range(len(pdf_reader(data).pages)):
        image = render_png(data, f"tiles-A2-A4-margin-{page}", dpi=DPI, page=page)
        assert _printed_outside(image, poster_tiles.PRINTABLE_MARGIN_MM) == 0, page
        assert (image < WHITE).any(axis=2).mean() > 0.05, f"page {page} is nearly blank"


def test_the_margin_check_sees_art_at_the_edge(monkeypatch):
    """Negative control: tiles whose poster is not clipped to the window print to the sheet's edges."""
    monkeypatch.setattr(poster_tiles.TileGrid, "content_on_sheet",
                        lambda self, _tile: poster_tiles.Box(0, 0, self.sheet_width, self.sheet_height))
    settings = Settings(paper="A2", sheet="A4")
    data = poster.PosterFormat().render(Request(content_module.load_language("en"), settings))
    image = render_png(data, "tiles-unclipped", dpi=DPI, page=1)
    assert _printed_outside(image, poster_tiles.PRINTABLE_MARGIN_MM) > 0


def _words(data: bytes, page: int) -> str:
    """The words printed on one page, white space made single spaces."""
    return " ".join(printed_text(data, page).split())


def test_each_sheet_is_labelled_with_its_row_and_column():
    data = tiled()
    grid = _grid()
    assert (grid.rows, grid.columns) == (4, 2)
    for index, tile in enumerate(grid.tiles(), start=1):
        text = _words(data, index)
        label = f"Row {tile.row + 1}, column {tile.column + 1} ({tile.name}) of 4 × 2"
        assert label in text, (index, text[-200:])
        assert tile.name == "ABCD"[tile.row] + str(tile.column + 1)
    assert [t.name for t in grid.tiles()] == ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2"]


def test_labels_are_in_the_documents_language():
    data = tiled("A2", "A4", "de")
    text = _words(data, 4)  # B2
    assert "Reihe 2, Spalte 2 (B2) von 4 × 2" in text
    assert "Montageplan: 8 Blätter" in _words(data, 0)


def test_the_first_page_is_the_assembly_map():
    data = tiled()
    text = _words(data, 0)
    assert "Assembly map: 8 sheets, 4 rows × 2 columns" in text
    assert "100%" in text and "glue" in text.lower()
    for name in ("A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2"):
        assert name in text
    # The poster in miniature: its title is on the map; its box has the poster's shape, takes most of the
    # page's height, and the poster prints in it
    assert "Foot reflex zones" in text
    box = poster_tiles.miniature_box(content_module.load_language("en"), paper="A2", sheet="A4")
    assert box.height / box.width == pytest.approx(594 / 420, rel=0.001)
    assert box.height > 0.6 * 210 * MM
    image = render_png(data, "tiles-A2-A4-map", dpi=DPI, page=0)
    top = _px(_grid().sheet_height - box.y - box.height)
    inside = image[top:top + _px(box.height), _px(box.x):_px(box.x + box.width)]
    assert (inside < WHITE).any(axis=2).mean() > 0.25
    # and its frame is drawn: the map's left and right edges are printed all the way down
    assert (inside[5:-5, [0, -1]] < WHITE).any(axis=2).mean() > 0.95


def test_the_glue_strip_lies_where_the_next_sheet_covers_it(stitch_parts):
    """Under its glue strips (the right and lower 10 mm the next sheets cover) a sheet prints the poster greyed
    down; elsewhere, and on the last column's right and the last row's bottom, it prints the poster as it is."""
    grid, crops, original = stitch_parts
    strip, clear = _px(9 * MM), _px(12 * MM)  # inside the strip; just outside it
    for tile, crop in zip(grid.tiles(), crops, strict=True):
        left = _px(tile.window.x)
        top = _px(grid.poster_height - tile.window.y - tile.window.height)
        poster_part = original[top:top + crop.shape[0], left:left + crop.shape[1]].astype(int)
        crop = crop[:poster_part.shape[0], :poster_part.shape[1]].astype(int)
        middle = slice(crop.shape[0] // 4, crop.shape[0] * 3 // 4)
        right_strip = (poster_part[middle, -strip:-2] - crop[middle, -strip:-2]).mean()
        beside = np.abs(poster_part[middle, -2 * clear:-clear] - crop[middle, -2 * clear:-clear]).mean()
        assert beside < STITCH_LIMIT * 2, tile.name
        if tile.column < grid.columns - 1:
            assert right_strip > 30, tile.name  # darker by the strip's grey
        else:
            assert abs(right_strip) < STITCH_LIMIT * 2, tile.name


@pytest.mark.parametrize(("args", "words"), [
    (["--paper", "A4", "--tile", "A4"], "not smaller than the A4 poster"),
    (["--paper", "letter", "--tile", "A4"], "not smaller than the US Letter poster"),
    (["--paper", "A1", "--tile", "A3"], "one of A4, letter"),
    (["--paper", "A1", "--tile", "A4", "--bleed"], "not with --bleed"),
])
def test_bad_combinations_are_one_line_each(run, tmp_path, args, words):
    result = run("poster", *args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "--tile" in lines[0], result.stderr
    assert not list(tmp_path.iterdir())


def test_the_default_name_names_the_tile_sheet(run, tmp_path):
    result = run("poster", "--paper", "A2", "--tile", "letter", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "chartgen-poster-en-A2-tiled-letter.pdf"
    assert written.exists()
    assert len(pdf_reader(written.read_bytes()).pages) > 2
    again = tmp_path / "again.pdf"
    assert run("poster", "--paper", "A2", "--tile", "letter", "-o", str(again), cwd=tmp_path).returncode == 0
    assert again.read_bytes() == written.read_bytes()


def test_check_lays_out_the_tiles(tmp_path):
    """A label too long for its band is found by `check` in the tiled variant only; a label that lost a
    placeholder is named too."""
    fmt = poster.PosterFormat()
    long_label = write_locale(tmp_path, lambda text: text.replace(
        'label: "Row {row}', 'label: "' + "A very long label " * 12 + 'Row {row}', 1))
    content = content_module.load(long_label)
    tiled_settings = Settings(paper="A1", sheet="A4")
    assert any(v.settings == tiled_settings for v in fmt.variants())
    problems = fmt.check(Request(content, tiled_settings))
    assert [p.key for p in problems] == ["tiles.label"] and "does not fit" in str(problems[0])
    assert fmt.check(Request(content, Settings(paper="A1"))) == []
    lost = write_locale(tmp_path, lambda text: text.replace("({name}) ", "", 1), name="lost.yaml")
    problems = fmt.check(Request(content_module.load(lost), tiled_settings))
    assert [p.key for p in problems] == ["tiles.label"] and "{name}" in str(problems[0])
    assert problems[0].line is not None


def test_render_refuses_what_check_refuses():
    content = content_module.load_language("en")
    with pytest.raises(InputError):
        poster_tiles.check(content, paper="A4", sheet="A4")


# ---------------------------------------------------------------- batch --tile


def test_batch_tiles_each_poster_and_leaves_the_other_formats_alone(run, tmp_path):
    """The same tiled poster as `poster --tile` (byte for byte), named as it, listed in the manifest."""
    import json

    result = run("batch", "--langs", "de", "--formats", "poster,card", "--paper", "A2", "--tile", "A4",
                 "--out-dir", "out", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(entry["file"] for entry in manifest["files"]) == ["chartgen-card-de.pdf",
                                                                    "chartgen-poster-de-A2-tiled-A4.pdf"]
    alone = run("poster", "--lang", "de", "--paper", "A2", "--tile", "A4", "-o", "alone.pdf", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert (out / "chartgen-poster-de-A2-tiled-A4.pdf").read_bytes() == (tmp_path / "alone.pdf").read_bytes()
    assert len(pdf_reader((out / "chartgen-card-de.pdf").read_bytes()).pages) == 2


@pytest.mark.parametrize(("options", "message"), [
    (("--formats", "card", "--tile", "A4"), "--tile: none of the formats chosen takes it (only poster)"),
    (("--paper", "A4", "--tile", "A4"), "--tile: the A4 sheet is not smaller than the A4 poster"),
    (("--tile", "A5"), "--tile: a home printer's sheet, one of A4, letter; got 'A5'"),
])
def test_batch_refuses_a_tile_it_cannot_make_before_any_work(run, tmp_path, options, message):
    result = run("batch", "--langs", "de,fr", *options, "--out-dir", "out", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"chartgen: {message}"), line
    assert not (tmp_path / "out").exists()
