"""Content + paper and bleed options -> the wall poster as finished PDF bytes (ReportLab page, stamped diagram)."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from chartgen import diagram, pdf, tagging
from chartgen.brand import Brand
from chartgen.colour import tint
from chartgen.content import Content
from chartgen.diagram import FULL, DiagramRequest
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, first_fit, steps_down
from chartgen.fonts import FontFamily
from chartgen.formats import brand_block, poster_large, poster_rows, poster_tiles
from chartgen.formats.base import Request, Settings, Variant, problems_of, register
from chartgen.formats.common import Sheet, check_content, make_sheet
from chartgen.formats.common import diagram_request as common_diagram_request
from chartgen.formats.kit import pdfx_options
from chartgen.formats.kit.marks import draw_crop_marks
from chartgen.formats.kit.metadata import document_info
from chartgen.formats.kit.panels import Band, draw_panel
from chartgen.formats.poster_rows import FIT_TOLERANCE_PT, ZONE_STRIP_SHARE, Panel, Row
from chartgen.layout import MM, Palette, Paper, PosterLayout, TypeScale, load_poster, palette_for
from chartgen.text import Fitted, TextStyle, draw_stack, rich_paragraph, stack_height, too_wide

ZONE_PANEL_TINT = 0.10
"""How much of its zone colour a zone panel's background carries (0 white, 1 full colour)."""
BRAND_BAND_MM = 32.0
"""Height of the practitioner's footer band at A3 (scaled with the paper): room for a QR code of 12 mm or more
inside the panel padding on every paper down to A4."""
BRAND_TYPE = (12.0, 7.5, 1.6)
"""The band's contact text size at A3 (pt), its floor (pt), and the name's size as a multiple of it."""
BAND_DISCLAIMER_SHARES = (0.26, 0.30, 0.34, 0.38, 0.42, 0.46, 0.50)
"""With a brand, the disclaimer stands in the band beside the brand block: the shares of the band's inner width
it may take, in the order tried; the one that sets the brand block largest in the lowest band wins."""


@dataclass(frozen=True)
class Room:
    """One arrangement the fit tries (layouts/poster.yaml): how tight the spacing is, how low the diagram may
    go, and the type factor, which stays 1 until all room is used."""

    spacing: float
    """1: the grid's row gap, panel padding and body leading; 0: their tight values; in between, between them."""
    diagram_share: float
    """The diagram's least share of the page height."""
    type_factor: float = 1.0


SPACING_STEPS = (1.0, 0.75, 0.5, 0.25, 0.0)
"""How tight the spacing is in the arrangements tried, loose to tight (see Room.spacing)."""


@dataclass(frozen=True)
class Fit:
    """Type sizes and rows that fit the page, with the diagram height and row gap they leave (pt)."""

    type: TypeScale
    rows_above: tuple[tuple[Row, float], ...]
    rows_below: tuple[tuple[Row, float], ...]
    diagram_height: float
    row_gap: float
    """The gap between rows, with the height the diagram could not use shared out among them."""
    room: Room
    padding: float
    """Panel padding (pt)."""
    base_row_gap: float
    """The arrangement's row gap before sharing out (the gap kept above the brand's band)."""


@dataclass(frozen=True)
class Frame:
    """The page's geometry for one paper: sheet, scale and the grid lengths it gives (pt)."""

    layout: PosterLayout
    sheet: Sheet
    scale: float
    """Lengths and type relative to the reference paper (A3 = 1)."""
    palette: Palette
    """The shared palette, with the brand's accent if it has one."""
    floor_scale: float
    """The type floor's scale: `scale`, or less on a paper relatively lower than the reference (US Letter)."""

    @property
    def margin(self) -> float:
        return self.layout.grid.margin_mm * MM * self.scale

    @property
    def gutter(self) -> float:
        return self.layout.grid.gutter_mm * MM * self.scale

    @property
    def padding(self) -> float:
        """The grid's panel padding (the brand band keeps it; the rows' padding is the fit's)."""
        return self.layout.grid.panel_padding_mm * MM * self.scale

    def spaced(self, loose_mm: float, tight_mm: float, spacing: float) -> float:
        """A length (pt) between its tight and loose values at the reference paper, scaled to this paper."""
        return (tight_mm + (loose_mm - tight_mm) * spacing) * MM * self.scale

    @property
    def text_width(self) -> float:
        return self.sheet.trim_width - 2 * self.margin


@dataclass(frozen=True)
class PosterPlan:
    """Everything needed to draw one poster: content, paper, page frame, fitted text and the diagram box."""

    content: Content
    paper: Paper
    family: FontFamily
    frame: Frame
    fit: Fit
    diagram_box: pdf.Box
    brand: Brand | None = None
    brand_band: pdf.Box | None = None
    """The practitioner's footer band (pt), with a brand."""
    band: BandFit | None = None
    """What the band holds: the brand block and the disclaimer beside it."""

    @property
    def brand_block(self) -> Fitted | None:
        return self.band.block if self.band is not None else None


def render(content: Content, *, paper: str = "A3", bleed: bool = False, brand: Brand | None = None,
           tagged: bool = True) -> bytes:
    """The poster for `content` on `paper` (any case), optionally with 3 mm bleed and crop marks, and with the
    practitioner's `brand` in a footer band; a tagged PDF unless not `tagged` (the page that tiles are cut from)."""
    poster_plan = plan(content, paper=paper, bleed=bleed, brand=brand)
    art = diagram.render(diagram_request(poster_plan))
    tags = tagging.Tags(lang=content.meta.code) if tagged else None
    return finish(poster_plan, draw_page(poster_plan, tags), art, tags)


def plan(content: Content, *, paper: str = "A3", bleed: bool = False, brand: Brand | None = None) -> PosterPlan:
    """Check the content, then fit its text to the paper and reserve the diagram's box (and the brand's band);
    text that does not fit even at the smallest type is an InputError naming its box."""
    layout = load_poster()
    family = check_content(content)
    if brand is not None:
        brand_block.check_glyphs(brand, family, content.meta.code)
    paper_spec = layout.paper(paper)
    sheet = make_sheet(
        paper_spec.width_mm,
        paper_spec.height_mm,
        bleed_mm=layout.bleed_mm,
        mark_offset_mm=layout.crop_mark_offset_mm,
        mark_length_mm=layout.crop_mark_length_mm,
        with_bleed=bleed,
    )
    short, long = sorted((paper_spec.width_mm, paper_spec.height_mm))
    frame = Frame(layout, sheet, short / layout.reference_short_side_mm, palette_for(brand.accent if brand else None),
                  min(short / layout.reference_short_side_mm, long / layout.reference_long_side_mm))
    band_fit: BandFit | None = None
    if brand is not None:
        fitted_band = _fit_band(content, paper_spec, frame, family, brand)
        if isinstance(fitted_band, Problem):
            raise InputError(fitted_band)
        band_fit = fitted_band
    fit = _fit_once(content, paper_spec, family, _without_bleed(frame), band_fit.height if band_fit else 0.0,
                    band_fit is None or band_fit.disclaimer is None)
    if isinstance(fit, Problem):
        raise InputError(fit)
    above = sum(height + fit.row_gap * row.gap_share for row, height in fit.rows_above)
    top = sheet.slug + sheet.trim_height - frame.margin - above
    box = pdf.Box(sheet.slug + frame.margin, top - fit.diagram_height, frame.text_width, fit.diagram_height)
    if brand is None or band_fit is None:
        return PosterPlan(content, paper_spec, family, frame, fit, box)
    band = pdf.Box(sheet.slug + frame.margin, sheet.slug + frame.margin, frame.text_width, band_fit.height)
    return PosterPlan(content, paper_spec, family, frame, fit, box, brand, band, band_fit)


@dataclass(frozen=True)
class BandFit:
    """The brand's band: its height and the brand block (pt); with `disclaimer`, the disclaimer stands beside the
    block (else in its own row above the band)."""

    height: float
    block: Fitted
    block_width: float
    disclaimer: Flowable | None = None
    disclaimer_width: float = 0.0
    disclaimer_height: float = 0.0


def _fit_band(content: Content, paper: Paper, frame: Frame, family: FontFamily,
              brand: Brand) -> BandFit | Problem:
    """The band at the foot of the page, in whichever arrangement takes less of the page's height: the brand block
    alone (its QR code and logo fill the band's inner height) with the disclaimer in its own row above, or the
    disclaimer at body size beside the block, the band as tall as the taller of the two with the block's type at
    its largest. A brand block that does not fit gives the problem naming the brand's key."""
    padding, gap, layout = frame.padding, frame.gutter, frame.layout
    rtl, lang = content.meta.direction == "rtl", content.meta.code
    inner = BRAND_BAND_MM * MM * frame.scale - 2 * padding
    inner_width = frame.text_width - 2 * padding
    size, floor, name_ratio = BRAND_TYPE
    code = inner / brand_block.qr_box(brand.website, 1.0) if brand.website else 0.0
    spec = brand_block.BlockSpec(max_pt=size * frame.scale, min_pt=floor * frame.scale, name_ratio=name_ratio,
                                 qr_code=code, logo_height=inner, gap=gap, wide=True)
    colours = brand_block.Colours(frame.palette.accent, frame.palette.ink, frame.palette.muted)
    box = f"the poster's footer band on {paper.name}"

    def block_in(width: float, height: float) -> Fitted | Problem:
        return brand_block.fit_block(brand, spec, width=width, height=height, lang=lang, family=family, rtl=rtl,
                                     colours=colours, box=box)

    alone = block_in(inner_width, inner)
    if isinstance(alone, Problem):
        return alone
    disclaimer = rich_paragraph([(content.disclaimer.heading, True), (" " + content.disclaimer.text, False)],
                                TextStyle(layout.type.body * frame.scale, layout.type.leading, frame.palette.ink),
                                family, rtl=rtl, lang=lang)
    # The height each arrangement takes at the foot of the page: the band alone takes the disclaimer's own row
    # and the row gap above that too.
    best = BandFit(inner + 2 * padding, alone, inner_width)
    best_total = best.height + stack_height([disclaimer], frame.text_width) + layout.grid.row_gap_mm * MM * frame.scale
    for share in BAND_DISCLAIMER_SHARES:
        disclaimer_width = (inner_width - gap) * share
        block = block_in(inner_width - gap - disclaimer_width, _UNLIMITED)
        if too_wide([disclaimer], disclaimer_width) or isinstance(block, Problem) or block.size < alone.size:
            continue
        disclaimer_height = stack_height([disclaimer], disclaimer_width)
        height = max(inner, disclaimer_height, block.height) + 2 * padding
        if height < best_total - FIT_TOLERANCE_PT:
            best = BandFit(height, block, inner_width - gap - disclaimer_width, disclaimer, disclaimer_width,
                           disclaimer_height)
            best_total = height
    return best


_UNLIMITED = 1e6
"""Height offered to a block that is set at its largest size whatever height it takes (pt)."""


def finish(poster_plan: PosterPlan, page: bytes, art: bytes, tags: tagging.Tags | None = None) -> bytes:
    """Stamp the diagram into its box and set metadata and print boxes, and with `tags` (the page drawn with them)
    write the structure tree; returns the final PDF."""
    info = document_info(poster_plan.content, poster_plan.brand, keywords=("poster", poster_plan.paper.name))
    box = poster_plan.diagram_box
    figure = tags.figure_mcid(0) if tags is not None else None
    data = pdf.finish(page, stamps=[pdf.Stamp(0, art, box.x, box.y, mcid=figure)], info=info,
                      boxes=poster_plan.frame.sheet.boxes)
    return data if tags is None else tagging.finish(data, tags)


@dataclass(frozen=True)
class _Overfull:
    """Text rows that leave the diagram too little room, or hold a word too wide for its column (pt)."""

    rows: list[tuple[Row, float]]
    wide: Panel | None
    free: float
    """Height left for the diagram."""
    min_diagram: float
    padding: float


def _type_factors(type_scale: TypeScale, floor: float) -> tuple[float, ...]:
    """The factors all type is tried at: 1, then `shrink_step` less each time, down to `floor` (the last)."""
    return steps_down(1.0, floor, type_scale.shrink_step)


def _floor_factor(frame: Frame) -> float:
    """The smallest type factor allowed on this paper: `min_scale`, less on a relatively low paper."""
    return frame.layout.type.min_scale * frame.floor_scale / frame.scale


def _rooms(frame: Frame) -> tuple[Room, ...]:
    """The arrangements tried, in order: room first (spacing tightens, then the diagram may get smaller), and
    type shrinks only once all room is used, down to the floor."""
    grid = frame.layout.grid
    loose = tuple(Room(spacing, grid.min_diagram_share) for spacing in SPACING_STEPS)
    smaller_diagram = (Room(0.0, grid.tight_diagram_share),)
    shrunk = tuple(Room(0.0, grid.tight_diagram_share, factor)
                   for factor in _type_factors(frame.layout.type, _floor_factor(frame))[1:])
    return loose + smaller_diagram + shrunk


def _without_bleed(frame: Frame) -> Frame:
    """The frame on the trimmed sheet: bleed and slug do not change how the text fits inside the trim."""
    return dataclasses.replace(frame, sheet=dataclasses.replace(frame.sheet, bleed=0.0, slug=0.0))


@functools.lru_cache(maxsize=32)
def _fit_once(content: Content, paper: Paper, family: FontFamily, frame: Frame, band_height: float,
              footer: bool) -> Fit | Problem:
    """`_fit`, worked out once per run for each text, paper and band: `check` asks for the same poster with and
    without bleed and for each tiling of it, and a batch for each of these documents (frozen inputs, so the
    answer cannot go stale)."""
    return _fit(content, paper, family, frame, band_height=band_height, footer=footer)


def _fit(content: Content, paper: Paper, family: FontFamily, frame: Frame, *, band_height: float = 0.0,
         footer: bool = True) -> Fit | Problem:
    """The first arrangement (see `_rooms`) whose text rows leave the diagram its least share of the page;
    `band_height` pt at the foot of the page (and a row gap above) are kept for the brand's band, and the
    disclaimer has its own row only with `footer`. Text that does not fit even at the floor gives the problem of
    its widest word or tallest box."""
    layout, sheet = frame.layout, frame.sheet
    grid, type_scale = layout.grid, layout.type
    text_width, gutter = frame.text_width, frame.gutter
    max_diagram = grid.max_diagram_share * sheet.trim_height

    def attempt(room: Room) -> Fit | NoFit[_Overfull]:
        row_gap = frame.spaced(grid.row_gap_mm, grid.tight_row_gap_mm, room.spacing)
        padding = frame.spaced(grid.panel_padding_mm, grid.tight_panel_padding_mm, room.spacing)
        leading = type_scale.tight_leading + (type_scale.leading - type_scale.tight_leading) * room.spacing
        sizes = dataclasses.replace(type_scale.scaled(frame.scale * room.type_factor), leading=leading)
        above, below = poster_rows.rows(content, frame.palette, sizes, family, footer=footer)
        measured_above = [poster_rows.balance(row, text_width, gutter, padding) for row in above]
        measured_below = [poster_rows.balance(row, text_width, gutter, padding) for row in below]
        rows = measured_above + measured_below
        gap_units = sum(row.gap_share for row, _ in rows)
        # The band and one row gap above it are kept free at the foot of the page.
        reserve = band_height + row_gap if band_height else 0.0
        free = sheet.trim_height - 2 * frame.margin - reserve - sum(h for _, h in rows) - gap_units * row_gap
        wide = poster_rows.too_wide_panel(rows, text_width, gutter, padding)
        min_diagram = room.diagram_share * sheet.trim_height
        if free < min_diagram or wide is not None:
            return NoFit(_Overfull(rows, wide, free, min_diagram, padding))
        diagram_height = min(free, max_diagram)
        # Space the diagram cannot use goes evenly into the gaps between rows, keeping columns aligned.
        return Fit(sizes, tuple(measured_above), tuple(measured_below), diagram_height,
                   row_gap + (free - diagram_height) / gap_units, room, padding, row_gap)

    fitted: Fit | NoFit[_Overfull] = first_fit(_rooms(frame), attempt)
    if isinstance(fitted, NoFit):
        return _no_fit_problem(content, paper, fitted.why, type_scale.body * frame.scale * _floor_factor(frame),
                               frame)
    return fitted


def _no_fit_problem(content: Content, paper: Paper, overfull: _Overfull, floor_pt: float,
                    frame: Frame) -> Problem:
    lang = content.meta.code
    wide = overfull.wide
    if wide is not None:
        return content.problem(
            wide.key, f"language {lang!r}: a word in box {wide.key!r} is wider than its column on {paper.name}, "
            f"even with the body text at {floor_pt:.1f} pt; shorten it or allow a break")
    tallest, tallest_height = overfull.rows[0][0].panels[0], 0.0
    for row, _ in overfull.rows:
        for panel, height in poster_rows.panel_heights(row, frame.text_width, frame.gutter, overfull.padding):
            if height > tallest_height:
                tallest, tallest_height = panel, height
    return content.problem(
        tallest.key,
        f"language {lang!r}: the poster text does not fit on {paper.name} even with all spacing tightened and the "
        f"body text at {floor_pt:.1f} pt, the smallest allowed ({(overfull.min_diagram - overfull.free) / MM:.0f} "
        f"mm too tall); shorten the texts, the tallest is box {tallest.key!r}")


def diagram_request(poster_plan: PosterPlan) -> DiagramRequest:
    """What the diagram must draw for this poster: its box size, type sizes, palette and fonts."""
    content, palette, box = poster_plan.content, poster_plan.frame.palette, poster_plan.diagram_box
    return common_diagram_request(
        content, poster_plan.family, palette, width_pt=box.width, height_pt=box.height,
        label_pt=poster_plan.fit.type.label, small_pt=poster_plan.fit.type.small, style=FULL)


def draw_page(poster_plan: PosterPlan, tags: tagging.Tags | None = None) -> bytes:
    """The poster page without the diagram, as PDF bytes from ReportLab; marked with `tags` if given (the diagram's
    Figure comes after the rows above it, in reading order)."""
    frame, fit = poster_plan.frame, poster_plan.fit
    layout, sheet = frame.layout, frame.sheet
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=sheet.media_size, font=poster_plan.family.face())
    if tags is not None:
        tags.attach(canvas)
    rtl = poster_plan.content.meta.direction == "rtl"
    radius = layout.grid.panel_radius_mm * MM * frame.scale
    geometry = (frame.text_width, frame.gutter, fit.padding, radius, rtl)
    x = sheet.slug + frame.margin
    y = sheet.slug + sheet.trim_height - frame.margin
    sections = _Sections(tags)
    for row, height in fit.rows_above:
        with sections.of(row):
            _draw_row(canvas, row, x, y, height, *geometry)
        y -= height + fit.row_gap * row.gap_share
    tagging.reserve(canvas, "Figure", alt=poster_plan.content.diagram_alt)
    y = poster_plan.diagram_box.y - fit.row_gap
    for row, height in fit.rows_below:
        with sections.of(row):
            _draw_row(canvas, row, x, y, height, *geometry)
        y -= height + fit.row_gap * row.gap_share
    if poster_plan.brand_band is not None and poster_plan.band is not None:
        _draw_brand_band(canvas, poster_plan, poster_plan.brand_band, poster_plan.band, radius)
    draw_crop_marks(canvas, sheet, offset=layout.crop_mark_offset_mm * MM, length=layout.crop_mark_length_mm * MM)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Sections:
    """Tagged, one Sect for each run of rows of the same `Row.section` (the zones' heading row and their panels)."""

    def __init__(self, tags: tagging.Tags | None) -> None:
        self._tags = tags
        self._key: str | None = None
        self._section: tagging.Element | None = None

    def of(self, row: Row) -> contextlib.AbstractContextManager[object]:
        """The context to draw `row` in: inside its section's Sect, made when its first row comes."""
        if self._tags is None or row.section is None:
            self._key, self._section = None, None
            return contextlib.nullcontext()
        if row.section != self._key or self._section is None:
            self._key, self._section = row.section, self._tags.node("Sect")
        return self._tags.inside(self._section)


def _draw_row(canvas: Canvas, row: Row, x0: float, top: float, height: float, text_width: float,
              gutter: float, padding: float, radius: float, rtl: bool) -> None:
    tags = tagging.of(canvas)
    with tags.group(row.role) if tags is not None and row.role else contextlib.nullcontext():
        # Tagged, the panels' elements are made first, in reading order: right to left, the row is drawn from its
        # last panel (on the left) to its first, and the structure must not follow.
        elements = [tags.node(panel.role) if tags is not None and len(row.panels) > 1 else None
                    for panel in row.panels]
        _draw_panels(canvas, row, elements, x0, top, height, text_width, gutter, padding, radius, rtl)


def _draw_panels(canvas: Canvas, row: Row, elements: list[tagging.Element | None], x0: float, top: float,
                 height: float, text_width: float, gutter: float, padding: float, radius: float, rtl: bool) -> None:
    tags = tagging.of(canvas)
    widths = poster_rows.column_widths(row, text_width, gutter)
    order = list(zip(row.panels, widths, elements, strict=True))
    if rtl:
        order.reverse()
    x = x0
    for panel, width, element in order:
        with tags.inside(element) if tags is not None and element is not None else contextlib.nullcontext():
            _draw_panel_in(canvas, panel, x, top, width, height, padding, radius)
        x += width + gutter


def _draw_panel_in(canvas: Canvas, panel: Panel, x: float, top: float, width: float, height: float,
                   padding: float, radius: float) -> None:
    pad = padding if panel.padded else 0.0
    if panel.fill:
        # A zone panel is a light tint of its zone's colour under a strip of the full colour.
        fill = tint(panel.fill, ZONE_PANEL_TINT) if panel.strip else panel.fill
        band = Band(panel.strip, poster_rows.strip_height(panel, padding), "top") if panel.strip else None
        draw_panel(canvas, pdf.Box(x, top - height, width, height), radius=radius, fill=fill, band=band)
    draw_stack(canvas, panel.flowables, x + pad, top - pad - poster_rows.strip_height(panel, padding),
               width - 2 * pad)


def _draw_brand_band(canvas: Canvas, poster_plan: PosterPlan, band: pdf.Box, band_fit: BandFit,
                     radius: float) -> None:
    """The practitioner's band: a light panel with an accent strip on top; inside its padding the brand block at
    the line start and the disclaimer at the line end (mirrored right to left), each centred on the band."""
    frame = poster_plan.frame
    palette = frame.palette
    draw_panel(canvas, band, radius=radius, fill=palette.panel,
               band=Band(palette.accent, frame.padding * ZONE_STRIP_SHARE, "top"))
    inner = band.height - 2 * frame.padding
    middle = band.y + frame.padding + inner / 2
    start = band.x + frame.padding
    end = band.x + band.width - frame.padding
    rtl = poster_plan.content.meta.direction == "rtl"
    block_x = end - band_fit.block_width if rtl else start
    disclaimer_x = start if rtl else end - band_fit.disclaimer_width
    block = band_fit.block
    draw_stack(canvas, block.flowables, block_x, middle + block.height / 2, band_fit.block_width)
    if band_fit.disclaimer is not None:
        draw_stack(canvas, [band_fit.disclaimer], disclaimer_x, middle + band_fit.disclaimer_height / 2,
                   band_fit.disclaimer_width)


class PosterFormat:
    """The wall poster as a registered format (see formats/base.py)."""

    name = "poster"
    help = "a wall poster (A4 to 24x36 in)"
    description = "Make the wall poster: diagram, the four zones, massage steps, tips and safety notes."
    examples = """\
examples:
  chartgen poster                       # A3 poster in English: chartgen-poster-en-A3.pdf
  chartgen poster --paper A1 --bleed    # for a print shop: 3 mm bleed and crop marks
  chartgen poster --paper A2 --bleed --pdfx  # PDF/X-3 (CMYK) for an offset print shop, with Ghostscript
  chartgen poster --paper A1 --tile A4  # on A4 sheets to print at home, trim and glue (assembly map first)
  chartgen poster --paper A4 --large-print  # the whole poster in large print (16-18 pt) on A4 pages
  chartgen poster --content my-de.yaml -o praxis-poster.pdf
  chartgen brand-example > brand.yaml   # then edit it, and:
  chartgen poster --brand brand.yaml    # your practice's name, contact, logo and QR code in a footer band
"""
    batch_options: tuple[str, ...] = ("paper", "tile", "bleed", "pdfx")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--paper, --bleed, --tile, --large-print, --pdfx and --icc."""
        parser.add_argument("--paper", metavar="SIZE",
                            help="A4|A3|A2|A1|letter|tabloid|18x24in|24x36in, any case (default: A3)")
        parser.add_argument("--bleed", action="store_true", help="add 3 mm bleed, crop marks, TrimBox and BleedBox")
        parser.add_argument("--tile", metavar="SHEET",
                            help=f"split the poster over {' or '.join(poster_tiles.TILE_SHEETS)} sheets for a home "
                                 f"printer: {poster_tiles.OVERLAP_MM:g} mm overlap to glue, nothing printed within "
                                 f"{poster_tiles.PRINTABLE_MARGIN_MM:g} mm of a sheet's edge, an assembly map first")
        parser.add_argument("--large-print", action="store_true",
                            help="large print on A4 or letter pages for a home printer: the whole poster, body 16 "
                                 "to 18 pt, 1.5 line spacing, nothing below 12 pt, over several pages, the first "
                                 "for the wall (RNIB and APH large-print guidance)")
        pdfx_options.add_options(parser)

    def settings(self, options: Mapping[str, Any]) -> Settings:
        """The paper as a layout key (A3 by default), the bleed, the tile sheet (--tile, as `sheet`) and PDF/X."""
        layout = load_poster()
        paper = layout.paper_key(options.get("paper") or layout.default_paper)
        bleed = bool(options.get("bleed"))
        tile = options.get("tile")
        home_printer = {"--tile": bool(tile), "--large-print": bool(options.get("large_print"))}
        pdfx = pdfx_options.extras(options, bleed=bleed, home_printer=home_printer)
        if options.get("large_print"):
            return _large_print_settings(paper, bleed=bleed, tiled=bool(tile))
        if not tile:
            return Settings(paper=paper, bleed=bleed, extras=pdfx)
        if bleed:
            raise InputError(Problem("not with --bleed: tiles are for a home printer, bleed is for a print shop "
                                     "that trims one large sheet", key="--tile"))
        sheet = poster_tiles.sheet_key(tile)
        poster_tiles.grid_for(paper, sheet)  # a sheet not smaller than the poster is refused here, before any work
        return Settings(paper=paper, sheet=sheet)

    def default_name(self, code: str, settings: Settings) -> str:
        """chartgen-poster-<code>-<paper>.pdf, with -tiled-<sheet>, -large-print or -pdfx before the suffix."""
        kind = f"-tiled-{settings.sheet}" if settings.sheet else "-large-print" if settings.extra("large_print") else ""
        return pdfx_options.file_name(f"chartgen-poster-{code}-{settings.paper}{kind}.pdf", settings)

    def paper_label(self, settings: Settings) -> str:
        """The paper key."""
        return settings.paper or ""

    def render(self, request: Request) -> bytes:
        """The finished poster (tiled on home-printer sheets with a sheet, as PDF/X-3 with --pdfx)."""
        settings = request.settings
        paper = settings.paper or load_poster().default_paper
        if settings.extra("large_print"):
            return poster_large.render(request.content, paper=paper, brand=request.brand)
        if settings.sheet is None:
            # A PDF/X file is for the press: Ghostscript's conversion keeps no structure tree, so none is made.
            return pdfx_options.finished(render(request.content, paper=paper, bleed=settings.bleed,
                                                brand=request.brand, tagged=not pdfx_options.wanted(settings)),
                                         settings)
        poster = render(request.content, paper=paper, brand=request.brand, tagged=False)  # tiles are print-only
        return poster_tiles.render(poster, request.content, paper=paper, sheet=settings.sheet, brand=request.brand)

    def variants(self) -> tuple[Variant, ...]:
        """Every paper, with and without bleed, tiled on every home-printer sheet smaller than it, and in large
        print on each paper it is made on."""
        layout = load_poster()
        papers = layout.papers
        plain = tuple(Variant(Settings(paper=paper, bleed=bleed), f"--paper {paper}{' --bleed' if bleed else ''}")
                      for paper in papers for bleed in (False, True))
        tiled = tuple(Variant(Settings(paper=paper, sheet=sheet), f"--paper {paper} --tile {sheet}")
                      for paper in papers for sheet in poster_tiles.TILE_SHEETS
                      if poster_tiles.tiles_paper(paper, sheet))
        return plain + tiled + tuple(Variant(_large_print_settings(paper, bleed=False, tiled=False),
                                             f"--paper {paper} --large-print")
                                     for paper in layout.large_print.papers)

    def check(self, request: Request) -> list[Problem]:
        """Fit the text and place the diagram's labels, drawing nothing (fast)."""
        from chartgen.diagram.plan import plan_diagram

        settings = request.settings

        paper = settings.paper or load_poster().default_paper

        def fit() -> None:
            if settings.extra("large_print"):
                plan_diagram(poster_large.diagram_request(poster_large.plan(request.content, paper=paper,
                                                                            brand=request.brand)))
                return
            plan_diagram(diagram_request(plan(request.content, paper=paper, bleed=settings.bleed,
                                              brand=request.brand)))

        def tiles() -> None:
            if settings.sheet is not None:
                poster_tiles.check(request.content, paper=paper, sheet=settings.sheet)

        return problems_of(fit, tiles)


def _large_print_settings(paper: str, *, bleed: bool, tiled: bool) -> Settings:
    """The settings of `--large-print` on `paper`, or an InputError: it is made on a home printer's paper, alone."""
    papers = load_poster().large_print.papers
    if paper not in papers:
        raise InputError(Problem(f"large print is made on {' or '.join(papers)} pages for a home printer, not on "
                                 f"{paper}: add --paper {papers[0]}", key="--large-print"))
    if bleed or tiled:
        raise InputError(Problem(f"not with {'--bleed' if bleed else '--tile'}: the large-print poster is a set of "
                                 f"{' or '.join(papers)} pages for a home printer", key="--large-print"))
    return Settings(paper=paper, extras=(("large_print", True),))


register(PosterFormat())
