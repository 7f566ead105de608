"""A finished poster + a home-printer sheet (A4, letter) -> the poster split over overlapping sheets, as PDF bytes.

Page 1 is the assembly map (the poster in miniature with the grid, each sheet's name, how to trim and glue); then
one page per sheet, row by row from the top, left to right. Each sheet shows its window of the poster (placed
whole as one Form XObject and clipped, so it stays vector), the glue strip its right and lower neighbours cover,
cut marks, alignment crosses and its label. Nothing is printed within PRINTABLE_MARGIN_MM of a sheet's edge, so
every sheet prints whole at 100 % on a printer that cannot print its outer few millimetres.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from chartgen import pdf
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit
from chartgen.fonts import FontFamily
from chartgen.formats.common import check_content
from chartgen.formats.kit import marks
from chartgen.formats.kit.metadata import document_info, print_only
from chartgen.layout import MM, load_palette, load_poster
from chartgen.pdf import Box
from chartgen.text import TextStyle, fit_box, rich_paragraph

TILE_SHEETS: tuple[str, ...] = ("A4", "letter")
"""The home-printer sheets a poster can be tiled on (keys of layouts/poster.yaml's papers)."""
PRINTABLE_MARGIN_MM = 5.0
"""Nothing is printed this close to a sheet's edge: home printers leave the outer 3-4 mm of a sheet blank."""
MARK_BAND_MM = 6.0
"""Between the printable edge and the poster's window: the cut marks, alignment crosses and the sheet's label."""
OVERLAP_MM = 10.0
"""Neighbouring sheets show the same 10 mm of the poster: the glue strip, covered by the next sheet."""
MARK_GAP_MM = 1.0
"""Cut marks start this far outside the window, so they never touch the poster."""
CROSS_ARM_MM = 2.0
"""Half the width of an alignment cross."""
LABEL_PT = 8.0
"""The sheet label's size; it may shrink to LABEL_MIN_PT to fit its band."""
LABEL_MIN_PT = 6.0
TITLE_PT = 14.0
"""The assembly map's heading; it may shrink to TITLE_MIN_PT."""
TITLE_MIN_PT = 10.0
HOW_TO_PT = 10.0
"""The assembly map's instructions; they may shrink to HOW_TO_MIN_PT."""
HOW_TO_MIN_PT = 8.0
HOW_TO_HEIGHT_MM = 30.0
"""The map's instructions take at most this height below the miniature."""
MAP_GAP_MM = 5.0
"""Space between the map's heading, miniature and instructions."""
MAP_NAME_SHARE = 0.35
"""A sheet's name on the map is this share of its cell's shorter side tall (at most TITLE_PT)."""
LEADING = 1.25
NAME_PAD_SHARE = 0.3
"""White space around a sheet's name on the map, as a share of the name's size."""
NAME_BACKGROUND_ALPHA = 0.85
"""Opacity of the white behind a sheet's name on the map: the name reads, the poster shows through a little."""
"""Line spacing of the tiles' texts."""
GLUE_WORD_SHARE = 0.4
"""The word for glue is this share of the glue strip's width tall."""
CENTRING_SLACK = 1.0
"""Points added to a one-line paragraph's width when it is set again to be centred, so it never re-breaks."""
GLUE_GREY = 0.55
"""Grey level (0 black, 1 white) of the glue strip's tint."""
GLUE_ALPHA = 0.35
"""Opacity of the glue strip's tint: the poster stays visible under it, to line the next sheet up by."""
DASH = (3, 2)
"""Dash and gap (pt) of the line the next sheet's edge goes on."""
PLACEHOLDER = re.compile(r"\{(\w+)\}")
LABEL_FIELDS = ("row", "column", "name", "rows", "columns")
TITLE_FIELDS = ("sheets", "rows", "columns")


@dataclass(frozen=True)
class Tile:
    """One sheet of the grid: its row and column (0-based, from the top left) and its window on the poster
    (pt, poster coordinates: origin at the poster's lower left)."""

    row: int
    column: int
    window: Box

    @property
    def name(self) -> str:
        """The sheet's name: the row's letter and the column's number (B3: second row, third column)."""
        return f"{_row_letter(self.row)}{self.column + 1}"


def _row_letter(row: int) -> str:
    """A, B, ... Z, AA, AB ... for rows 0, 1, ..."""
    letters = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


EDGE_MM = PRINTABLE_MARGIN_MM + MARK_BAND_MM
"""The poster's window keeps at least this far from a sheet's edges."""


@dataclass(frozen=True)
class TileGrid:
    """The poster (pt) cut into `rows` x `columns` windows of one size, neighbours overlapping by `overlap`, each
    window in the middle of its sheet. The windows share the poster out equally, so no sheet is left nearly
    blank: each is as large as the poster needs, at most the sheet less EDGE_MM on every side."""

    poster_width: float
    poster_height: float
    sheet_width: float
    sheet_height: float
    rows: int
    columns: int
    overlap: float = OVERLAP_MM * MM

    @classmethod
    def plan(cls, *, poster_width: float, poster_height: float, sheet_width: float,
             sheet_height: float) -> TileGrid:
        """The grid with the fewest sheets, upright or turned (upright when both need as many); ValueError when
        the sheet's window is no wider than the overlap or the poster fits one window."""
        best: TileGrid | None = None
        overlap, edge = OVERLAP_MM * MM, EDGE_MM * MM
        for width, height in ((sheet_width, sheet_height), (sheet_height, sheet_width)):
            most_x, most_y = width - 2 * edge, height - 2 * edge
            if min(most_x, most_y) <= overlap:
                raise ValueError("the sheet is too small for a window")
            columns = max(1, math.ceil((poster_width - overlap) / (most_x - overlap)))
            rows = max(1, math.ceil((poster_height - overlap) / (most_y - overlap)))
            candidate = cls(poster_width, poster_height, width, height, rows, columns, overlap)
            if best is None or rows * columns < best.rows * best.columns:
                best = candidate
        assert best is not None
        if best.rows * best.columns < 2:
            raise ValueError("the poster fits on one sheet")
        return best

    @property
    def step_x(self) -> float:
        """From one column's window to the next (pt): the part of the poster each sheet adds."""
        return (self.poster_width - self.overlap) / self.columns

    @property
    def step_y(self) -> float:
        return (self.poster_height - self.overlap) / self.rows

    @property
    def window_width(self) -> float:
        return self.step_x + self.overlap

    @property
    def window_height(self) -> float:
        return self.step_y + self.overlap

    @property
    def window_on_sheet(self) -> Box:
        """Where every sheet shows its window (pt, sheet coordinates): in the middle of the sheet."""
        return Box((self.sheet_width - self.window_width) / 2, (self.sheet_height - self.window_height) / 2,
                   self.window_width, self.window_height)

    def tiles(self) -> tuple[Tile, ...]:
        """Every sheet, row by row from the top, left to right."""
        step_x, step_y = self.step_x, self.step_y
        return tuple(
            Tile(row, column, Box(column * step_x, self.poster_height - row * step_y - self.window_height,
                                  self.window_width, self.window_height))
            for row in range(self.rows) for column in range(self.columns))

    def poster_origin(self, tile: Tile) -> tuple[float, float]:
        """Where the poster's lower-left corner goes on `tile`'s sheet (pt), so that its window fills the
        sheet's."""
        window = self.window_on_sheet
        return window.x - tile.window.x, window.y - tile.window.y

    def content_on_sheet(self, tile: Tile) -> Box:
        """The part of `tile`'s window the poster covers (the last row and column may run past it), in sheet
        coordinates (pt)."""
        x0, y0 = self.poster_origin(tile)
        window = self.window_on_sheet
        left, bottom = max(window.x, x0), max(window.y, y0)
        right = min(window.x + window.width, x0 + self.poster_width)
        top = min(window.y + window.height, y0 + self.poster_height)
        return Box(left, bottom, right - left, top - bottom)


def fill(template: str, values: dict[str, object]) -> str:
    """`template` with each {name} of `values` replaced; other text in braces stays as it is."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def _placeholder_problems(content: Content) -> list[Problem]:
    """A problem for each placeholder a tile text lacks or does not know (a translation must keep them all)."""
    problems = []
    for key, text, fields in (("tiles.label", content.tiles.label, LABEL_FIELDS),
                              ("tiles.map_title", content.tiles.map_title, TITLE_FIELDS)):
        found = set(PLACEHOLDER.findall(text))
        missing = [f"{{{name}}}" for name in fields if name not in found]
        unknown = sorted(f"{{{name}}}" for name in found - set(fields))
        if missing or unknown:
            detail = "; ".join(part for part in (f"missing {', '.join(missing)}" if missing else "",
                                                 f"unknown {', '.join(unknown)}" if unknown else "") if part)
            problems.append(content.problem(key, f"{detail} (it must hold {', '.join('{' + f + '}' for f in fields)})"))
    return problems


def sheet_key(name: str) -> str:
    """The poster layout's spelling of a tile sheet given in any case, or an InputError naming the choices."""
    for key in TILE_SHEETS:
        if key.lower() == name.lower():
            return key
    raise InputError(Problem(f"a home printer's sheet, one of {', '.join(TILE_SHEETS)}; got {name!r}", key="--tile"))


def tiles_paper(paper: str, sheet: str) -> bool:
    """Whether a poster of `paper` can be tiled on `sheet` (layout keys): the sheet is smaller both ways."""
    try:
        grid_for(paper, sheet)
    except InputError:
        return False
    return True


def grid_for(paper: str, sheet: str) -> TileGrid:
    """The grid of poster `paper` on `sheet` (layout keys); an InputError when the sheet is not smaller than the
    poster."""
    layout = load_poster()
    poster, page = layout.paper(paper), layout.paper(sheet)
    (page_short, page_long), (poster_short, poster_long) = (sorted((page.width_mm, page.height_mm)),
                                                            sorted((poster.width_mm, poster.height_mm)))
    if page_short >= poster_short or page_long >= poster_long:
        raise InputError(Problem(f"the {page.name} sheet is not smaller than the {poster.name} poster both "
                                 "ways; tile a larger --paper, or print this one as it is", key="--tile"))
    try:
        return TileGrid.plan(poster_width=poster.width_mm * MM, poster_height=poster.height_mm * MM,
                             sheet_width=page.width_mm * MM, sheet_height=page.height_mm * MM)
    except ValueError as error:
        raise InputError(Problem(f"the {page.name} sheet cannot carry the {poster.name} poster: {error}",
                                 key="--tile")) from None


@dataclass(frozen=True)
class Texts:
    """The fitted texts: every sheet's label (in tile order), the map's heading and instructions."""

    labels: tuple[Flowable, ...]
    title: Flowable
    how_to: Flowable
    how_to_height: float


def _texts(content: Content, family: FontFamily, grid: TileGrid) -> Texts:
    """Fit the texts to their places; an InputError naming the text that does not fit even at its smallest."""
    problems = _placeholder_problems(content)
    if problems:
        raise InputError(*problems)
    rtl, lang, ink = content.meta.direction == "rtl", content.meta.code, load_palette().ink
    text = content.tiles
    # The label sits in the lower band between the alignment crosses near each end of the window.
    label_width = grid.window_width - 2 * (grid.overlap + 2 * CROSS_ARM_MM * MM)
    labels = []
    for tile in grid.tiles():
        words = fill(text.label, {"row": tile.row + 1, "column": tile.column + 1, "name": tile.name,
                                  "rows": grid.rows, "columns": grid.columns})
        def label(size: float, words: str = words) -> list[Flowable]:
            # rich_paragraph sets each run in a font that has it (the sheet's name in Latin letters, too)
            return [rich_paragraph([(words, False)], TextStyle(size, LEADING, ink), family, rtl=rtl, lang=lang)]

        # one line: the band holds no second one
        fitted = fit_box(label, width=label_width, height=LABEL_PT * LEADING, max_size=LABEL_PT,
                         min_size=LABEL_MIN_PT)
        if isinstance(fitted, NoFit):
            raise InputError(content.problem("tiles.label", f"language {lang!r}: the sheet label does not fit "
                                             f"its {label_width / MM:.0f} mm band even at {LABEL_MIN_PT:g} pt; "
                                             "shorten it"))
        labels.append(fitted.flowables[0])
    area = _map_area(grid)
    title_words = fill(text.map_title, {"sheets": grid.rows * grid.columns, "rows": grid.rows,
                                        "columns": grid.columns})
    title = fit_box(lambda size: [rich_paragraph([(title_words, True)], TextStyle(size, LEADING, ink), family,
                                            rtl=rtl, lang=lang)],
                    width=area.width, height=TITLE_PT * LEADING * 2, max_size=TITLE_PT, min_size=TITLE_MIN_PT)
    if isinstance(title, NoFit):
        raise InputError(content.problem("tiles.map_title", f"language {lang!r}: the assembly map's heading "
                                         "does not fit two lines; shorten it"))
    how_to = fit_box(lambda size: [rich_paragraph([(text.assemble, False)], TextStyle(size, LEADING, ink), family,
                                                  rtl=rtl, lang=lang)],
                     width=area.width, height=HOW_TO_HEIGHT_MM * MM, max_size=HOW_TO_PT, min_size=HOW_TO_MIN_PT)
    if isinstance(how_to, NoFit):
        raise InputError(content.problem("tiles.assemble", f"language {lang!r}: the assembly instructions do not "
                                         f"fit {HOW_TO_HEIGHT_MM:g} mm under the map even at {HOW_TO_MIN_PT:g} pt; "
                                         "shorten them"))
    return Texts(tuple(labels), title.flowables[0], how_to.flowables[0], how_to.height)


def _map_area(grid: TileGrid) -> Box:
    """The assembly map page's printable area, less a band's width (pt)."""
    return Box(0, 0, grid.sheet_width, grid.sheet_height).inset(EDGE_MM * MM)


def check(content: Content, *, paper: str, sheet: str) -> None:
    """Plan the tiles and fit their texts, drawing nothing; an InputError for any problem."""
    _texts(content, check_content(content), grid_for(paper, sheet))


def render(poster: bytes, content: Content, *, paper: str, sheet: str, brand: Brand | None) -> bytes:
    """The poster PDF `poster` (its own page, no bleed, of `paper`) on `sheet`s: the assembly map, then the
    tiles."""
    grid = grid_for(paper, sheet)
    family = check_content(content)
    texts = _texts(content, family, grid)
    tiles = grid.tiles()
    overlay = _overlay(content, family, grid, texts)
    map_scale, map_origin = _miniature(grid, texts)
    stamps = [pdf.Stamp(0, poster, *map_origin, scale=map_scale), pdf.Stamp(0, overlay, 0, 0, art_page=0)]
    for index, tile in enumerate(tiles, start=1):
        stamps.append(pdf.Stamp(index, poster, *grid.poster_origin(tile), clip=grid.content_on_sheet(tile)))
        stamps.append(pdf.Stamp(index, overlay, 0, 0, art_page=index))
    blank = _blank_pages(family, grid, len(tiles) + 1)
    layout = load_poster()
    info = print_only(document_info(content, brand, keywords=("poster", layout.paper(paper).name, f"tiled {sheet}")),
                      content)
    return pdf.finish(blank, stamps=stamps, info=info)


def _blank_pages(family: FontFamily, grid: TileGrid, count: int) -> bytes:
    """`count` empty sheets (the art and the overlay are stamped onto them)."""
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=(grid.sheet_width, grid.sheet_height), font=family.face())
    for _ in range(count):
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def miniature_box(content: Content, *, paper: str, sheet: str) -> Box:
    """Where the assembly map shows the poster (pt, on page 1)."""
    grid = grid_for(paper, sheet)
    scale, (x, y) = _miniature(grid, _texts(content, check_content(content), grid))
    return Box(x, y, grid.poster_width * scale, grid.poster_height * scale)


def _miniature(grid: TileGrid, texts: Texts) -> tuple[float, tuple[float, float]]:
    """The poster's scale on the map and its lower-left corner (pt): as large as fits between the heading and
    the instructions, centred."""
    area = _map_area(grid)
    _, title_height = texts.title.wrap(area.width, grid.sheet_height)
    top = area.y + area.height - title_height - MAP_GAP_MM * MM
    bottom = area.y + texts.how_to_height + MAP_GAP_MM * MM
    scale = min(area.width / grid.poster_width, (top - bottom) / grid.poster_height)
    width, height = grid.poster_width * scale, grid.poster_height * scale
    return scale, (area.x + (area.width - width) / 2, bottom + (top - bottom - height) / 2)


def _overlay(content: Content, family: FontFamily, grid: TileGrid, texts: Texts) -> bytes:
    """The marks and words drawn over the poster: the map's grid, names and texts on page 1, each sheet's glue
    strips, marks and label on the others."""
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=(grid.sheet_width, grid.sheet_height), font=family.face())
    _draw_map(canvas, family, grid, texts)
    canvas.showPage()
    for tile, label in zip(grid.tiles(), texts.labels, strict=True):
        _draw_tile(canvas, content, family, grid, tile, label)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_map(canvas: Canvas, family: FontFamily, grid: TileGrid, texts: Texts) -> None:
    area = _map_area(grid)
    _, title_height = texts.title.wrap(area.width, grid.sheet_height)
    texts.title.drawOn(canvas, area.x, area.y + area.height - title_height)
    texts.how_to.wrap(area.width, grid.sheet_height)
    texts.how_to.drawOn(canvas, area.x, area.y)
    scale, (x0, y0) = _miniature(grid, texts)
    width, height = grid.poster_width * scale, grid.poster_height * scale
    ink = load_palette().ink
    canvas.saveState()
    canvas.setStrokeColor(ink)
    canvas.setLineWidth(marks.HAIRLINE * 2)
    canvas.rect(x0, y0, width, height)
    step_x, step_y = grid.step_x, grid.step_y
    # After gluing, each sheet shows the poster from its window's left and top edge up to the next sheet's.
    for column in range(1, grid.columns):
        canvas.line(x0 + column * step_x * scale, y0, x0 + column * step_x * scale, y0 + height)
    for row in range(1, grid.rows):
        y = y0 + height - row * step_y * scale
        canvas.line(x0, y, x0 + width, y)
    cell_w, cell_h = min(step_x * scale, width), min(step_y * scale, height)
    size = min(TITLE_PT, MAP_NAME_SHARE * min(cell_w, cell_h))
    for tile in grid.tiles():
        left = x0 + tile.window.x * scale
        right = min(left + step_x * scale if tile.column < grid.columns - 1 else x0 + width, x0 + width)
        top = y0 + height - tile.row * step_y * scale
        bottom = max(top - step_y * scale if tile.row < grid.rows - 1 else y0, y0)
        cx, cy = (left + right) / 2, (top + bottom) / 2
        name = rich_paragraph([(tile.name, True)], TextStyle(size, 1.0, ink), family)
        name.wrap(cell_w, cell_h)
        name_width = max(name.getActualLineWidths0(), default=0.0)
        pad = size * NAME_PAD_SHARE
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFillAlpha(NAME_BACKGROUND_ALPHA)
        canvas.rect(cx - name_width / 2 - pad, cy - size / 2 - pad, name_width + 2 * pad, size + 2 * pad,
                    stroke=0, fill=1)
        canvas.setFillAlpha(1)
        _draw_centred(canvas, name, cx, cy, cell_w)
    canvas.restoreState()


def _draw_tile(canvas: Canvas, content: Content, family: FontFamily, grid: TileGrid, tile: Tile,
               label: Flowable) -> None:
    window = grid.window_on_sheet
    shown = grid.content_on_sheet(tile)
    gap, band = MARK_GAP_MM * MM, MARK_BAND_MM * MM
    length = band - gap
    right, top = window.x + window.width, window.y + window.height
    last_column, last_row = tile.column == grid.columns - 1, tile.row == grid.rows - 1
    # Glue strips: the parts of this window the right and lower neighbours cover.
    canvas.saveState()
    canvas.setFillColorRGB(GLUE_GREY, GLUE_GREY, GLUE_GREY)
    canvas.setFillAlpha(GLUE_ALPHA)
    strips = []
    if not last_column:
        strips.append(Box(right - grid.overlap, shown.y, grid.overlap, shown.height))
    if not last_row:
        strips.append(Box(shown.x, window.y, shown.width, grid.overlap))
    for strip in strips:
        canvas.rect(strip.x, strip.y, strip.width, strip.height, stroke=0, fill=1)
    canvas.restoreState()
    segments: list[marks.Segment] = []
    dashed: list[marks.Segment] = []
    arm = CROSS_ARM_MM * MM
    cross_above, cross_below = top + gap + arm, window.y - gap - arm
    cross_left, cross_right = window.x - gap - arm, right + gap + arm
    if not last_column:
        glue_x = right - grid.overlap
        dashed.append(marks.Segment(glue_x, shown.y, glue_x, shown.y + shown.height))
        for y in (cross_above, cross_below):
            segments += [marks.Segment(glue_x - arm, y, glue_x + arm, y), marks.Segment(glue_x, y - arm, glue_x,
                                                                                        y + arm)]
    if not last_row:
        glue_y = window.y + grid.overlap
        dashed.append(marks.Segment(shown.x, glue_y, shown.x + shown.width, glue_y))
        for x in (cross_left, cross_right):
            segments += [marks.Segment(x - arm, glue_y, x + arm, glue_y), marks.Segment(x, glue_y - arm, x,
                                                                                        glue_y + arm)]
    # Cut marks: the left and top edges are cut before gluing; the poster's own right and bottom edges last.
    cut_x = [shown.x] + ([shown.x + shown.width] if last_column else [])
    cut_y = [shown.y + shown.height] + ([shown.y] if last_row else [])
    for x in cut_x:
        segments += [marks.Segment(x, top + gap, x, top + gap + length),
                     marks.Segment(x, window.y - gap, x, window.y - gap - length)]
    for y in cut_y:
        segments += [marks.Segment(window.x - gap, y, window.x - gap - length, y),
                     marks.Segment(right + gap, y, right + gap + length, y)]
    marks.draw(canvas, tuple(segments))
    marks.draw(canvas, tuple(dashed), dash=DASH)
    _draw_glue_words(canvas, content, family, grid, strips)
    _draw_centred(canvas, label, window.x + window.width / 2, window.y - gap - (band - gap) / 2, window.width)


def _draw_centred(canvas: Canvas, flowable: Flowable, x: float, y: float, width: float) -> None:
    """Draw a one-line paragraph centred on (x, y) (pt), `width` the most it may take."""
    flowable.wrap(width, width)
    lines: list[float] = flowable.getActualLineWidths0() if isinstance(flowable, Paragraph) else [width]
    used = max(lines, default=width) + CENTRING_SLACK
    _, height = flowable.wrap(used, width)
    flowable.drawOn(canvas, x - used / 2, y - height / 2)


def _draw_glue_words(canvas: Canvas, content: Content, family: FontFamily, grid: TileGrid,
                     strips: list[Box]) -> None:
    """The word for glue in the middle of each strip, along it."""
    size = grid.overlap * GLUE_WORD_SHARE
    word = rich_paragraph([(content.tiles.glue, False)], TextStyle(size, LEADING, load_palette().ink), family,
                     rtl=content.meta.direction == "rtl", lang=content.meta.code)
    for strip in strips:
        canvas.saveState()
        canvas.translate(strip.x + strip.width / 2, strip.y + strip.height / 2)
        along = max(strip.width, strip.height)
        if strip.height > strip.width:
            canvas.rotate(90)
        _draw_centred(canvas, word, 0, 0, along)
        canvas.restoreState()
