"""Content + paper and bleed options -> the A6/A5 booklet as finished PDF bytes (pages, diagrams, bookmarks).

Stages, as for the poster: `plan` (page sequence padded to a multiple of 4, one body size that fits every
page, positions) -> `diagram_requests` (the whole foot for the cover, one highlighted zone per zone page) ->
`booklet_draw.draw_pages` (ReportLab) -> `booklet_draw.finish` (diagrams stamped, metadata, print boxes,
bookmarks).
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from chartgen import diagram, pdf, tagging
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.diagram import PAGE, DiagramRequest
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, first_fit, shrink_to_fit
from chartgen.fonts import FontFamily
from chartgen.formats import booklet_pages as pages_module
from chartgen.formats import brand_block
from chartgen.formats.base import Request, Settings, Variant, problems_of, register
from chartgen.formats.booklet_draw import draw_pages, finish
from chartgen.formats.booklet_flow import (
    DiagramSlot,
    Placed,
    column_height,
    place_stack,
)
from chartgen.formats.booklet_pages import (
    ContentsEntry,
    PageContext,
    PageSpec,
    Sizes,
)
from chartgen.formats.common import Sheet, check_content, make_sheet
from chartgen.formats.common import diagram_request as common_diagram_request
from chartgen.formats.kit import pdfx_options
from chartgen.layout import MM, BookletLayout, BookletPaper, BookletType, Palette, load_booklet, palette_for
from chartgen.resources import LAYOUTS_DIR
from chartgen.text import Overflow, fit_box, too_wide


@dataclass(frozen=True)
class Frame:
    """The page geometry of one paper: trim and bleed, and margins that mirror on facing pages (pt)."""

    layout: BookletLayout
    paper: BookletPaper
    sheet: Sheet
    scale: float
    """Lengths relative to the reference paper (A6 = 1)."""
    rtl: bool

    def length(self, mm: float) -> float:
        """A layout length in mm at A6 -> pt on this paper."""
        return mm * MM * self.scale

    @property
    def type(self) -> BookletType:
        """The paper's type scale (pt)."""
        return self.layout.type_for(self.paper)

    @property
    def text_width(self) -> float:
        m = self.layout.margins
        return self.sheet.trim_width - self.length(m.inner_mm) - self.length(m.outer_mm)

    @property
    def text_height(self) -> float:
        m = self.layout.margins
        return self.sheet.trim_height - self.length(m.top_mm) - self.length(m.bottom_mm)

    @property
    def text_top(self) -> float:
        return self.sheet.slug + self.sheet.trim_height - self.length(self.layout.margins.top_mm)

    @property
    def text_bottom(self) -> float:
        return self.text_top - self.text_height

    def fold_on_left(self, number: int) -> bool:
        """Whether page `number` (1-based) has the fold on its left: odd pages are right-hand pages (mirrored RTL)."""
        return (number % 2 == 1) != self.rtl

    def text_x(self, number: int) -> float:
        m = self.layout.margins
        left = m.inner_mm if self.fold_on_left(number) else m.outer_mm
        return self.sheet.slug + self.length(left)

    diagram_height_mm: float = 0.0
    """Height of the diagram at the reference paper (the layout's, or less when the text needs the room)."""

    @property
    def slot(self) -> tuple[float, float]:
        """Size (pt) of the diagram on the cover and on every zone page: one size, so each drawing is made once."""
        return (round(self.text_width, 3), round(self.length(self.diagram_height_mm), 3))


@dataclass(frozen=True)
class PlannedPage:
    """One page: its number (1-based), what it is, its column of positioned flowables and its diagram box."""

    number: int
    spec: PageSpec
    column: tuple[Placed, ...]
    slot: pdf.Box | None


@dataclass(frozen=True)
class BookletPlan:
    """Everything needed to draw the booklet: content, paper, fonts, frame, the fitted body size and the pages."""

    content: Content
    paper_key: str
    frame: Frame
    family: FontFamily
    palette: Palette
    body_size: float
    pages: tuple[PlannedPage, ...]
    brand: Brand | None = None

    @property
    def sizes(self) -> Sizes:
        return Sizes.at(self.body_size, self.frame.type)


def render(content: Content, *, paper: str | BookletPaper = "A6", bleed: bool = False,
           layout: BookletLayout | None = None, brand: Brand | None = None, tagged: bool = True) -> bytes:
    """The booklet for `content` on `paper` (A6 or A5, any case, or a derived page size), optionally with 3 mm
    bleed and crop marks; a `brand` fills the back cover's practitioner box (name, contact, logo, QR code)."""
    booklet_plan = plan(content, paper=paper, bleed=bleed, layout=layout, brand=brand)
    requests = diagram_requests(booklet_plan)
    drawings = tuple(dict.fromkeys(requests.values()))  # each distinct drawing once, all in one PDF
    art = diagram.render_pages(drawings)
    tags = tagging.Tags(lang=content.meta.code) if tagged else None
    return finish(booklet_plan, draw_pages(booklet_plan, tags), art,
                  {index: drawings.index(request) for index, request in requests.items()}, tags)


def page_sequence(content: Content, layout: BookletLayout) -> tuple[PageSpec, ...]:
    """The pages in order: the layout's list with one page per zone, padded with notes pages to a multiple of 4."""
    c = content
    titles = {
        "cover": ("title", c.title), "contents": ("booklet.contents", c.booklet.contents),
        "connection": ("connection", c.connection.heading), "steps": ("steps", c.steps.heading),
        "acupressure": ("booklet.acupressure_body", c.booklet.acupressure_heading),
        "helps": ("helps", c.helps.heading), "cautions": ("cautions", c.cautions.heading),
        "notes": ("booklet.notes", c.booklet.notes), "back_cover": ("convention", ""),
    }
    specs: list[PageSpec] = []
    for kind in layout.pages:
        if kind == "zones":
            specs += [PageSpec("zones", f"zones.{zone_id}", zone.name, zone_id) for zone_id, zone in c.zones.ordered()]
        else:
            specs.append(PageSpec(kind, *titles[kind]))
    while len(specs) % 4 or len(specs) < layout.min_pages:
        specs.insert(len(specs) - 1, PageSpec("notes", *titles["notes"]))
    if len(specs) > layout.max_pages:
        raise InputError(Problem(f"the booklet has {len(specs)} pages, more than max_pages {layout.max_pages}; "
                                 "remove pages from the list", file=LAYOUTS_DIR / "booklet.yaml", key="pages"))
    return tuple(specs)


def contents_entries(specs: tuple[PageSpec, ...]) -> tuple[ContentsEntry, ...]:
    """The contents: every titled page after the contents page itself (repeated notes pages listed once)."""
    entries: list[ContentsEntry] = []
    for number, spec in enumerate(specs, start=1):
        if spec.kind in ("cover", "contents", "back_cover") or not spec.title or spec.part == pages_module.REST:
            continue
        if spec.kind == "notes" and any(e.title == spec.title for e in entries):
            continue
        entries.append(ContentsEntry(spec.title, number, spec.zone))
    return tuple(entries)


_FittedPages = tuple[tuple[PageSpec, ...], Frame, PageContext, float]
"""A page sequence that fits: its pages, frame, builders' context and body size (pt)."""


def plan(content: Content, *, paper: str | BookletPaper = "A6", bleed: bool = False,
         layout: BookletLayout | None = None, brand: Brand | None = None) -> BookletPlan:
    """Check the content, lay out the page sequence, and find the largest body size at which every page fits;
    a page that does not fit even with the smallest diagram and body text, nor run on, is an InputError."""
    layout = layout or load_booklet()
    family = check_content(content)
    if brand is not None:
        brand_block.check_glyphs(brand, family, content.meta.code)
    if isinstance(paper, BookletPaper):
        paper_key, paper_spec = paper.name, paper
    else:
        paper_key = layout.paper_key(paper)
        paper_spec = layout.papers[paper_key]
    sheet = make_sheet(paper_spec.width_mm, paper_spec.height_mm, bleed_mm=layout.bleed_mm,
                       mark_offset_mm=layout.crop_mark_offset_mm, mark_length_mm=layout.crop_mark_length_mm,
                       with_bleed=bleed)
    scale = min(paper_spec.width_mm, paper_spec.height_mm) / layout.reference_short_side_mm
    palette = palette_for(brand.accent if brand else None)

    def attempt(specs: tuple[PageSpec, ...]) -> _FittedPages | NoFit[Problem]:
        fitted = _fit_pages(content, family, palette, brand, specs, layout, paper_spec, sheet, scale)
        if isinstance(fitted, Problem):
            return NoFit(fitted)
        frame, ctx, body = fitted
        return specs, frame, ctx, body

    run_on_failure = ""

    def run_on(specs: tuple[PageSpec, ...], _problem: Problem) -> tuple[PageSpec, ...] | None:
        """The text that does not fit one page runs on to a next one (pages padded again to a multiple of 4)."""
        nonlocal run_on_failure
        overfull = _overfull(content, family, palette, brand, specs, layout, paper_spec, sheet, scale)
        longer = _run_on(specs, overfull, layout, content.booklet.notes)
        if isinstance(longer, str):
            run_on_failure = longer
            return None
        return longer

    # Two tries: the pages as listed, then with the overfull ones run on (their text already at its smallest).
    fitted = shrink_to_fit(page_sequence(content, layout), attempt, run_on, max_attempts=2)
    if isinstance(fitted, NoFit):
        why = fitted.why
        if run_on_failure:
            why = dataclasses.replace(why, message=f"{why.message}, nor run on: {run_on_failure}")
        raise PageFitError(why)
    specs, frame, ctx, body = fitted
    sizes = Sizes.at(body, frame.type)
    planned = tuple(_planned_page(ctx, sizes, frame, number, spec) for number, spec in enumerate(specs, start=1))
    return BookletPlan(content, paper_key, frame, family, palette, body, planned, brand)


def _planned_page(ctx: PageContext, sizes: Sizes, frame: Frame, number: int, spec: PageSpec) -> PlannedPage:
    """Page `number`'s column at the fitted sizes, positioned: its kind's flowables, plus the first of its extras
    that fits (the kind's optional part, or the whole map on the paper's `page_maps`), gaps widened as the paper
    allows."""
    flowables = pages_module.build_page(ctx, sizes, spec, width=frame.text_width, height=frame.text_height)
    extras = [pages_module.OPTIONAL[spec.kind](ctx, sizes)] if spec.kind in pages_module.OPTIONAL else []
    if spec.kind in frame.paper.page_maps and spec.part != pages_module.FIRST_PART:
        # The whole map as tall as on the other pages, else smaller, down to a share of that.
        extras += [pages_module.page_map(ctx, sizes, height=frame.slot[1] * share) for share in MAP_SHARES]
    for extra in extras:
        extended = flowables + extra
        if column_height(extended, frame.text_width) <= frame.text_height and \
                not too_wide(extended, frame.text_width):
            flowables = extended
            break
    column = place_stack(flowables, x=frame.text_x(number), top=frame.text_top, width=frame.text_width,
                         height=frame.text_height, stretch=frame.paper.gap_stretch)
    slots = [pdf.Box(p.x, p.y, p.flowable.slot_width, p.flowable.slot_height) for p in column
             if isinstance(p.flowable, DiagramSlot)]
    return PlannedPage(number, spec, tuple(column), slots[0] if slots else None)


MAP_SHARES = (1.0, 0.9, 0.8, 0.7)
"""A map added below a page's text (`page_maps`) is tried at these shares of the diagram's height, largest
first; smaller, it would not be worth its room."""
FIT_SLACK = 0.01
"""Rounding allowance (pt) when a column's height is compared with the text block's."""


def _fit_pages(content: Content, family: FontFamily, palette: Palette, brand: Brand | None,
               specs: tuple[PageSpec, ...], layout: BookletLayout, paper_spec: BookletPaper, sheet: Sheet,
               scale: float) -> tuple[Frame, PageContext, float] | Problem:
    """(frame, context, body size) at the tallest diagram with which every page fits; else the problem of the
    first page that does not fit even with the smallest diagram (a value: the caller decides what to try next).

    Bounded: the diagram height falls by a step each round, to its minimum (see `_diagram_heights`).
    """

    def attempt(height_mm: float) -> tuple[Frame, PageContext, float] | NoFit[Problem]:
        frame = Frame(layout, paper_spec, sheet, scale, content.meta.direction == "rtl", height_mm)
        ctx = PageContext(content, family, palette, frame.text_width, frame.slot, contents_entries(specs),
                          content.zones.heading, brand)
        body = _fit(ctx, specs, frame)
        return NoFit(body) if isinstance(body, Problem) else (frame, ctx, body)

    fitted: tuple[Frame, PageContext, float] | NoFit[Problem] = first_fit(_diagram_heights(layout, paper_spec),
                                                                          attempt)
    return fitted.why if isinstance(fitted, NoFit) else fitted


def _diagram_heights(layout: BookletLayout, paper: BookletPaper) -> tuple[float, ...]:
    """The diagram heights tried (mm at the reference paper): the paper's, then a step less each time, down to
    the layout's minimum."""
    heights = [layout.diagram_height_for(paper)]
    while heights[-1] > layout.diagram_min_height_mm:
        heights.append(max(layout.diagram_min_height_mm, heights[-1] - layout.diagram_step_mm))
    return tuple(heights)


def _overfull(content: Content, family: FontFamily, palette: Palette, brand: Brand | None,
              specs: tuple[PageSpec, ...], layout: BookletLayout, paper_spec: BookletPaper, sheet: Sheet,
              scale: float) -> list[int]:
    """Indexes of the pages whose text does not fit even at the smallest body size and diagram."""
    frame = Frame(layout, paper_spec, sheet, scale, content.meta.direction == "rtl", layout.diagram_min_height_mm)
    ctx = PageContext(content, family, palette, frame.text_width, frame.slot, contents_entries(specs),
                      content.zones.heading, brand)
    sizes = Sizes.at(paper_spec.min_body_pt, frame.type)
    return [index for index, spec in enumerate(specs)
            if column_height(pages_module.build_page(ctx, sizes, spec, width=frame.text_width,
                                                     height=frame.text_height), frame.text_width)
            > frame.text_height + FIT_SLACK]


def _run_on(specs: tuple[PageSpec, ...], overfull: list[int], layout: BookletLayout,
            notes_title: str) -> tuple[PageSpec, ...] | str:
    """The sequence with each overfull page split over two pages, padded to a multiple of 4 with notes pages; or
    why that cannot be done (a page that never runs on, or more pages than the booklet may have; "" when no page
    is too tall, e.g. a word too wide for the column)."""
    if not overfull:
        return ""
    fixed = [specs[i].title or specs[i].kind for i in overfull if specs[i].kind not in pages_module.SPLITTABLE]
    if fixed:
        return f"{', '.join(fixed)} cannot run on to a next page"
    pages: list[PageSpec] = []
    for index, spec in enumerate(specs):
        if index in overfull:
            pages += [dataclasses.replace(spec, part=pages_module.FIRST_PART),
                      dataclasses.replace(spec, part=pages_module.REST)]
        else:
            pages.append(spec)
    while len(pages) % 4:
        pages.insert(len(pages) - 1, PageSpec("notes", "booklet.notes", notes_title))
    if len(pages) > layout.max_pages:
        return (f"{len(overfull)} overfull pages run on would make {len(pages)} pages, more than the "
                f"{layout.max_pages} a booklet may have")
    return tuple(pages)


def _fit(ctx: PageContext, specs: tuple[PageSpec, ...], frame: Frame) -> float | Problem:
    """The largest body size (pt) at which every page's column fits its text block, or the problem of the first
    page that does not fit at the smallest size."""
    scale_type, paper = frame.type, frame.paper
    best = scale_type.body * frame.layout.script_type_factors.of(ctx.family.key)
    for number, spec in enumerate(specs, start=1):
        def build(size: float, spec: PageSpec = spec) -> list[Flowable]:
            return pages_module.build_page(ctx, Sizes.at(size, scale_type), spec, width=frame.text_width,
                                           height=frame.text_height)

        fitted = fit_box(build, width=frame.text_width, height=frame.text_height, max_size=best,
                         min_size=paper.min_body_pt, step=scale_type.step)
        if isinstance(fitted, NoFit):
            if spec.kind == "back_cover" and ctx.brand is not None:
                return brand_block.no_fit(ctx.brand, ctx.content.meta.code, fitted.why, size=paper.min_body_pt,
                                          box=f"the booklet's back cover on {paper.name}")
            return _no_fit(ctx.content, paper, number, spec, fitted.why, frame.text_height)
        best = fitted.size
    return best


def _no_fit(content: Content, paper: BookletPaper, number: int, spec: PageSpec, failure: Overflow,
            height: float) -> Problem:
    """The problem of a page whose text does not fit (what to do about it is added by `BookletFormat`)."""
    title = spec.title or spec.kind.replace("_", " ")
    if spec.part == pages_module.REST:
        title += f", run on from page {number - 1}"
    lang, where = content.meta.code, f"page {number} ({title})"
    if failure.too_wide_word:
        what = f"a word on {where} is wider than the text column on {paper.name}"
    else:
        over = (failure.needed_height - height) / MM
        what = (f"the text of {where} does not fit on {paper.name} even with {paper.min_body_pt:g} pt body text "
                f"({over:.0f} mm too tall)")
    return content.problem(spec.key, f"language {lang!r}: {what}")


class PageFitError(InputError):
    """A booklet page whose text does not fit even at the smallest sizes, nor run on to a next page."""


def diagram_requests(booklet_plan: BookletPlan) -> dict[int, DiagramRequest]:
    """The drawing each page with a diagram needs (page index -> request): all zones, or one highlighted."""
    content, palette, family = booklet_plan.content, booklet_plan.palette, booklet_plan.family
    type_scale = booklet_plan.frame.type
    ratio = booklet_plan.body_size / type_scale.body
    # The short names (Neck, Mid back...): a pocket page is too narrow for four long anatomical names in a row
    # in every language, and the page's heading gives the full name.
    return {page.number - 1: common_diagram_request(
                content, family, palette, width_pt=page.slot.width, height_pt=page.slot.height,
                label_pt=type_scale.label * ratio,
                small_pt=type_scale.diagram_small * ratio, style=PAGE, short_names=True,
                highlight=(page.spec.zone,) if page.spec.zone else ())
            for page in booklet_plan.pages if page.slot is not None}


def check_plan(booklet_plan: BookletPlan) -> None:
    """Place the labels of every diagram the planned booklet needs, drawing nothing; an InputError names a label
    that does not fit."""
    from chartgen.diagram.plan import plan_diagram

    for request in dict.fromkeys(diagram_requests(booklet_plan).values()):
        plan_diagram(request)


def _advised(error: PageFitError, request: Request) -> InputError:
    """`error` with what to do added to each problem: the options with which the same text fits (a larger
    paper, the other sheet), tried by planning them; else, for the user's own text, to shorten it, and for a
    translation chartgen ships, to report it (a user is never asked to edit chartgen's files)."""
    workarounds = _workarounds(request)
    content = request.content
    advised = []
    for problem in error.problems:
        if workarounds:
            advice = f"it fits with {' or with '.join(workarounds)}"
        elif problem.file is not None and content.source and str(problem.file) == content.source and \
                content.shipped:
            advice = "chartgen's own translations must fit every option: please report this as a bug"
        else:
            advice = "shorten it"
        advised.append(dataclasses.replace(problem, message=f"{problem.message}; {advice}"))
    return InputError(advised)


def _workarounds(request: Request) -> list[str]:
    """The options with which the booklet of `request` fits where it does not (other sheets for the same paper,
    then larger papers), e.g. ["--sheet A4", "--paper A5"]; found by planning each, drawing nothing."""
    from chartgen.formats import booklet_imposed

    layout = load_booklet()
    settings, content, brand = request.settings, request.content, request.brand
    paper = settings.paper or layout.default_paper

    def area(key: str) -> float:
        return layout.papers[key].width_mm * layout.papers[key].height_mm

    larger = sorted((key for key in layout.papers if area(key) > area(paper)), key=area)
    tries: list[tuple[str, str | None, str]] = []
    if settings.sheet is not None:
        tries += [(paper, sheet, f"--sheet {sheet}") for sheet in layout.imposition.sheets if sheet != settings.sheet]
    tries += [(key, settings.sheet, f"--paper {key}") for key in larger]
    found = []
    for key, sheet, options in tries:
        try:
            if sheet is None:
                plan(content, paper=key, bleed=settings.bleed, brand=brand)
            else:
                plan(content, paper=booklet_imposed.imposition(layout, key, sheet).paper, layout=layout,
                             brand=brand)
        except InputError:
            continue
        found.append(options)
    return found


def imposed_sizes() -> str:
    """The trimmed page size of every paper on every imposition sheet, e.g. "A6 is 98 x 138.1 mm on A4, ..."."""
    from chartgen.formats import booklet_imposed

    layout = load_booklet()
    parts = []
    for paper in layout.papers:
        sizes = [booklet_imposed.imposition(layout, paper, sheet).paper for sheet in layout.imposition.sheets]
        on = ", ".join(f"{size.width_mm:g} x {size.height_mm:g} mm on {layout.imposition.sheets[sheet].name}"
                       for size, sheet in zip(sizes, layout.imposition.sheets, strict=True))
        parts.append(f"{paper} is {on}")
    return "; ".join(parts)


class BookletFormat:
    """The booklet, plain or imposed for saddle stitching, as a registered format (see formats/base.py)."""

    name = "booklet"
    help = "a small booklet (A6 or A5), also imposed on A4/letter sheets"

    @property
    def description(self) -> str:
        """For `chartgen booklet --help`: what it makes, and the page sizes the imposed sheets really give."""
        return ("Make the booklet: cover, how feet and back connect, one page per zone, massage, acupressure, who it "
                "can help, safety notes. --imposed lays it out on sheets to print at home or at a copy shop, "
                "duplex, then cut, fold and staple (A6: two copies per sheet with a gutter between them). A sheet "
                "also needs room for margins and cut marks, so the pages are laid out again a little smaller than "
                f"the paper: {imposed_sizes()}. For pages of the exact size, a print shop takes the --bleed file.")
    examples = """\
examples:
  chartgen booklet                      # A6 booklet in English: chartgen-booklet-en-A6.pdf
  chartgen booklet --paper A5 --bleed   # for a print shop: 3 mm bleed and crop marks
  chartgen booklet --bleed --pdfx       # PDF/X-3 (CMYK) for an offset print shop, with Ghostscript
  chartgen booklet --imposed            # A4 sheets to print duplex, fold and staple: reads 1..12
  chartgen booklet --imposed --sheet letter -o booklet-sheets.pdf
  chartgen booklet --brand brand.yaml   # your practice, logo and QR code on the back cover
"""
    batch_options: tuple[str, ...] = ("bleed", "pdfx")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--paper, --imposed, --sheet, --bleed, --pdfx and --icc."""
        parser.add_argument("--paper", metavar="SIZE", help="A6|A5, any case (default: A6)")
        parser.add_argument("--imposed", action="store_true",
                            help="sheets in duplex order for saddle stitching, pages a little smaller than the "
                                 "paper (see above)")
        parser.add_argument("--sheet", metavar="SHEET", help="sheet for --imposed: A4|letter, any case (default: A4)")
        parser.add_argument("--bleed", action="store_true",
                            help="add 3 mm bleed, crop marks, TrimBox and BleedBox (not with --imposed)")
        pdfx_options.add_options(parser)

    def settings(self, options: Mapping[str, Any]) -> Settings:
        """The paper, the sheet when imposed, and PDF/X; --sheet without --imposed and --bleed with it are refused."""
        layout = load_booklet()
        paper = layout.paper_key(options.get("paper") or layout.default_paper)
        imposed, sheet, bleed = bool(options.get("imposed")), options.get("sheet"), bool(options.get("bleed"))
        pdfx = pdfx_options.extras(options, bleed=bleed,
                                   home_printer={"--imposed": imposed, "--sheet": sheet is not None})
        if sheet is not None and not imposed:
            raise InputError(Problem("--sheet only applies to --imposed; add --imposed or leave --sheet out",
                                     key="--sheet"))
        if bleed and imposed:
            raise InputError(Problem("--bleed and --imposed do not go together: --imposed is for printing at home "
                                     "or in an office; a print shop takes the --bleed file and imposes it itself",
                                     key="--bleed"))
        return Settings(paper=paper, sheet=layout.sheet_key(sheet or layout.imposition.default_sheet)
                        if imposed else None, bleed=bleed, extras=pdfx)

    def default_name(self, code: str, settings: Settings) -> str:
        """chartgen-booklet-<code>-<paper>[-imposed-<sheet>][-pdfx].pdf: each sheet size has its own file."""
        imposed = f"-imposed-{settings.sheet}" if settings.sheet else ""
        return pdfx_options.file_name(f"chartgen-booklet-{code}-{settings.paper}{imposed}.pdf", settings)

    def paper_label(self, settings: Settings) -> str:
        """The booklet's page size."""
        return settings.paper or ""

    def render(self, request: Request) -> bytes:
        """The finished booklet (as PDF/X-3 with --pdfx), or its imposed sheets; a page that does not fit says what to
        do about it."""
        settings = request.settings
        paper = settings.paper or load_booklet().default_paper
        try:
            if settings.sheet is not None:
                from chartgen.formats import booklet_imposed

                return booklet_imposed.render(request.content, paper=paper, sheet=settings.sheet,
                                              brand=request.brand)
            booklet = render(request.content, paper=paper, bleed=settings.bleed, brand=request.brand,
                             tagged=not pdfx_options.wanted(settings))  # the press file keeps no tags
        except PageFitError as error:
            raise _advised(error, request) from None
        return pdfx_options.finished(booklet, settings)

    def variants(self) -> tuple[Variant, ...]:
        """Every paper, on its own pages (with and without bleed) and imposed on every sheet."""
        layout = load_booklet()
        found = []
        for paper in layout.papers:
            found += [Variant(Settings(paper=paper, bleed=bleed), f"--paper {paper}{' --bleed' if bleed else ''}")
                      for bleed in (False, True)]
            found += [Variant(Settings(paper=paper, sheet=sheet), f"--paper {paper} --imposed --sheet {sheet}")
                      for sheet in layout.imposition.sheets]
        return tuple(found)

    def check(self, request: Request) -> list[Problem]:
        """Lay out the pages (and on sheets, the printing notes) and place every diagram's labels, drawing nothing."""
        from chartgen.formats import booklet_imposed

        settings, content, brand = request.settings, request.content, request.brand
        paper, sheet = settings.paper or load_booklet().default_paper, settings.sheet

        def attempt() -> None:
            try:
                if sheet is not None:
                    booklet_imposed.check(content, paper=paper, sheet=sheet, brand=brand)
                else:
                    check_plan(plan(content, paper=paper, bleed=settings.bleed, brand=brand))
            except PageFitError as error:
                raise _advised(error, request) from None

        return problems_of(attempt)


register(BookletFormat())
