"""Content + one client's details (name, date, note, focus zones) -> a one-sheet handout for a home printer, PDF.

Stages as for the other formats: `plan` (try body sizes and diagram heights, largest first, until every section
fits the sheet inside its printable margin) -> `diagram_request` -> `draw_pages` -> `pdf.finish`. Front only, or
front and back for duplex printing; A4 or US Letter; no bleed (a home printer leaves the edge white).
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from reportlab.platypus import Flowable

from chartgen import characters, diagram, files, pdf, tagging
from chartgen.brand import Brand
from chartgen.colour import WHITE, mix
from chartgen.content import ZONE_IDS, Content
from chartgen.diagram import PAGE, DiagramRequest
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, first_fit
from chartgen.fonts import FontFamily
from chartgen.formats import brand_block
from chartgen.formats.base import Request, Settings, Variant, problems_of, register
from chartgen.formats.common import Badged, Sheet, check_content, parse_focus
from chartgen.formats.common import diagram_request as common_diagram_request
from chartgen.formats.kit.blocks import (
    BADGE_GAP,
    FIT_TOLERANCE,
    ITEM_SPACE,
    Block,
    BlockStyle,
    BlockText,
    Placed,
    draw_blocks,
    measure,
)
from chartgen.formats.kit.metadata import document_info
from chartgen.layout import MM, HandoutLayout, HandoutType, Palette, load_handout, palette_for

NOTE_FILE_LIMIT = 20_000
"""Largest --note-file (bytes): a note for one sheet is a few paragraphs; a larger file is the wrong file."""
CLIENT_MAX_CHARS = 80
"""Longest --client name (characters)."""
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEPARATOR = " \u00b7 "
"""Between the client's name and the date on the line under the title (a middle dot)."""


@dataclass(frozen=True)
class Client:
    """One client's details, checked: what the practitioner typed for this handout."""

    name: str | None = None
    date: datetime.date | None = None
    note: str | None = None
    note_source: str = "--note"
    """Where the note came from (the option or the file's path), for the message when it does not fit."""
    how_often: str | None = None
    """The practitioner's own line on how long and how often; None prints the language's default."""
    focus: tuple[str, ...] = ()
    """The chosen zone ids, head to tail; empty shows the four zones equally."""


@dataclass(frozen=True)
class Section:
    """One band of a page: a full-width stack of blocks, the diagram, or two columns of blocks."""

    kind: Literal["stack", "diagram", "columns"]
    blocks: tuple[Block, ...] = ()
    second: tuple[Block, ...] = ()
    """The second column (the first is `blocks`), in reading order."""


@dataclass(frozen=True)
class HandoutPlan:
    """Everything to draw the handout: fonts, colours, the sheet and every block's place (pt)."""

    content: Content
    family: FontFamily
    layout: HandoutLayout
    sizes: HandoutType
    """The type sizes and diagram heights tried (usual or large print)."""
    palette: Palette
    sheet: Sheet
    client: Client
    body_pt: float
    pages: tuple[tuple[Placed, ...], ...]
    diagram_box: pdf.Box
    brand: Brand | None = None
    rtl: bool = False


@dataclass(frozen=True)
class Overfull:
    """Why one arrangement did not fit: the block to blame and how much too tall its page was (pt)."""

    key: str
    page: int
    excess: float
    wide: bool = False


@dataclass(frozen=True)
class _Builder(BlockText):
    """Makes the handout's blocks at one body size."""

    layout: HandoutLayout
    sizes: HandoutType
    client: Client
    brand: Brand | None
    qr: bool = field(default=True)

    @property
    def large_print(self) -> bool:
        """Whether these are the large-print sizes (their own page plan, no grey text)."""
        return self.sizes is self.layout.large_print

    @property
    def quiet(self) -> str:
        """The colour of secondary text: muted grey, or in large print the full-contrast ink."""
        return self.palette.ink if self.large_print else self.palette.muted

    def header(self) -> Block:
        title = self.para(self.content.handout.title, colour=self.palette.accent, bold=True,
                          scale=self.sizes.title_ratio, role="H1")
        parts = []
        if self.client.name:
            parts.append(f"{self.content.handout.prepared_for} {self.client.name}")
        if self.client.date:
            parts.append(format_date(self.client.date, format="long", locale=_babel_locale(self.content.meta.code)))
        flowables: list[Flowable] = [title]
        if parts:
            title.spaceAfter = self.body * ITEM_SPACE
            flowables.append(self.para(SEPARATOR.join(parts), scale=self.heading_ratio))
        return Block("--client" if self.client.name else "handout.title", flowables)

    def badged(self, number: int, colour: str, body: list[Flowable], *, list_item: bool = False) -> Badged:
        made = Badged(str(number), colour, body, family=self.family, diameter=self.body * self.layout.badge_scale,
                      gap=self.body * BADGE_GAP, rtl=self.rtl, space_after=self.body * ITEM_SPACE,
                      list_item=list_item)
        return tagging.tag(made, tagging.LIST_ITEM) if list_item else made

    def zones(self) -> tuple[Block, ...]:
        """The chosen zones first, each in a tinted panel (name, where, how to find it); then the others,
        smaller and muted (name and where). Without a focus the four zones alike, name and where."""
        content, palette, focus = self.content, self.palette, self.client.focus
        colours = dict(zip(ZONE_IDS, (palette.zones.cervical, palette.zones.thoracic, palette.zones.lumbar,
                                      palette.zones.sacral), strict=True))
        numbers = {zone_id: index for index, zone_id in enumerate(ZONE_IDS, start=1)}
        zones = dict(content.zones.ordered())
        pad = self.layout.panel_padding_mm * MM
        blocks = [Block("handout.focus_heading" if focus else "zones.heading",
                        [self.heading(content.handout.focus_heading if focus else content.zones.heading)])]
        for zone_id in focus or ZONE_IDS:
            zone = zones[zone_id]
            body: list[Flowable] = [
                self.para(zone.name, bold=True, scale=self.heading_ratio if focus else 1.0, role="H3"),
                self.para(zone.where, space_after=self.body * ITEM_SPACE / 2 if focus else 0.0)]
            if focus:
                body.append(self.para(zone.find))
            item = self.badged(numbers[zone_id], colours[zone_id], body)
            item.spaceAfter = 0.0
            blocks.append(Block(f"zones.{zone_id}", [item], padding=pad, bar=colours[zone_id],
                                fill=mix(colours[zone_id], WHITE, self.layout.focus_tint), role="Sect") if focus else
                          Block(f"zones.{zone_id}", [item], role="Sect"))
        others = [zone_id for zone_id in ZONE_IDS if focus and zone_id not in focus]
        if others:
            items: list[Flowable] = [self.para(content.handout.other_zones, colour=self.quiet, bold=True,
                                               space_after=self.body * ITEM_SPACE, role="H2")]
            for zone_id in others:
                zone = zones[zone_id]
                items.append(self.badged(numbers[zone_id], mix(colours[zone_id], WHITE, 0.55),
                                         [self.para(f"{zone.name}: {zone.where}", colour=self.quiet)]))
            blocks.append(Block("handout.other_zones", items, role="Sect"))
        return tuple(blocks)

    def steps(self) -> Block:
        steps = self.content.steps
        items: list[Flowable] = [self.heading(steps.heading)]
        for number, step in enumerate(steps.items, start=1):
            items.append(self.badged(number, self.palette.accent,
                                     [self.para(step.title, bold=True), self.para(step.text)], list_item=True))
        return Block("steps.items", items, role="Sect")

    def how_often(self) -> Block:
        handout = self.content.handout
        text = self.client.how_often or handout.how_often
        return Block("--how-often" if self.client.how_often else "handout.how_often",
                     [self.para(handout.how_often_heading, bold=True, colour=self.palette.accent, role="H2"),
                      self.para(text)],
                     fill=self.palette.panel, padding=self.layout.panel_padding_mm * MM, role="Sect")

    def note(self) -> Block | None:
        if not self.client.note:
            return None
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", self.client.note) if part.strip()]
        flowables: list[Flowable] = [self.para(self.content.handout.note_heading, bold=True, colour=self.palette.accent,
                                               role="H2")]
        flowables += [self.para(text, space_after=self.body * ITEM_SPACE) for text in paragraphs]
        return Block(self.client.note_source, flowables, padding=self.layout.panel_padding_mm * MM,
                     outline=self.palette.accent, role="Sect")

    def caution(self) -> Block:
        return Block("card.do_not_use",
                     [self.para(self.content.cautions.heading, bold=True, colour=self.palette.caution_ink, role="H2"),
                      self.para(self.content.card.do_not_use, colour=self.palette.caution_ink)],
                     fill=self.palette.caution_panel, bar=self.palette.caution_ink,
                     padding=self.layout.panel_padding_mm * MM, role="Sect")

    def disclaimer(self) -> Block:
        return Block("disclaimer.text", [self.para(self.content.disclaimer.text, colour=self.quiet)])

    def practitioner(self) -> Block:
        if self.brand is None:
            return Block("booklet.practitioner",
                         [self.para(self.content.booklet.practitioner, colour=self.quiet)],
                         padding=self.layout.panel_padding_mm * MM, outline=self.palette.muted,
                         min_height=self.layout.practitioner_box_mm * MM)
        return Block("--brand", [self.brand_text(self.brand, qr_code=self.layout.qr_mm * MM if self.qr else 0.0,
                                                 secondary=self.quiet)])


def _babel_locale(code: str) -> Locale:
    """Babel's locale for a language code ("de", "pt-BR"); English for a user's code Babel does not know."""
    try:
        return Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _pages(build: _Builder, *, duplex: bool) -> tuple[tuple[Section, ...], ...]:
    """The sections of each page, top to bottom: front only, or front and back."""
    note = build.note()
    right = (build.steps(), build.how_often(), *((note,) if note else ()))
    tail = (build.caution(), build.disclaimer(), build.practitioner())
    if not duplex:
        return ((Section("stack", (build.header(),)), Section("diagram"),
                 Section("columns", build.zones(), right), Section("stack", tail)),)
    if build.large_print:
        # Large print: the client's zones in front, across the page (two columns of large type hold few words a
        # line); how often and the note head the back, above the steps.
        return ((Section("stack", (build.header(),)), Section("diagram"), Section("stack", build.zones())),
                (Section("stack", (build.how_often(), *((note,) if note else ()), build.steps(), *tail)),))
    # Duplex: the client's own page in front (their zones, how often, the note), what to do and when not on the back.
    front_right = (build.how_often(), *((note,) if note else ()))
    return ((Section("stack", (build.header(),)), Section("diagram"), Section("columns", build.zones(), front_right)),
            (Section("stack", (build.steps(), *tail)),))


@dataclass(frozen=True)
class _Frame:
    """The printable area of a page and its spacing (pt)."""

    margin: float
    width: float
    room: float
    gap: float
    column_gap: float
    band: float
    rtl: bool

    @property
    def column(self) -> float:
        return (self.width - self.column_gap) / 2

    def measure(self, block: Block, inner: float) -> tuple[float, bool]:
        """The block's height across `inner` pt, and whether a word is wider than its text."""
        return measure(block, inner, BlockStyle(0.0, self.band))

    def columns(self, section: Section) -> tuple[tuple[tuple[Block, ...], float, float], ...]:
        """(blocks, x, width) of each column of `section`: the first column at the line start (right for RTL)."""
        if section.kind == "stack":
            return ((section.blocks, self.margin, self.width),)
        start, end = self.margin, self.margin + self.width - self.column
        return ((section.blocks, end if self.rtl else start, self.column),
                (section.second, start if self.rtl else end, self.column))


def _place(sections: tuple[Section, ...], frame: _Frame, *, diagram_height: float, number: int,
           blame_first: tuple[str, ...]) -> tuple[tuple[Placed, ...], pdf.Box | None] | NoFit[Overfull]:
    """Every block of one page at its place, top to bottom, and the diagram's box; or why the page overflows
    (blaming the first of `blame_first` on the page, else its tallest block)."""
    y, placed, diagram_box = frame.margin + frame.room, [], None
    for index, section in enumerate(sections):
        y -= frame.gap if index else 0.0
        if section.kind == "diagram":
            y -= diagram_height
            diagram_box = pdf.Box(frame.margin, y, frame.width, diagram_height)
            continue
        lowest = y
        for blocks, x, inner in frame.columns(section):
            top = y
            for at, block in enumerate(blocks):
                height, wide = frame.measure(block, inner)
                if wide:
                    return NoFit(Overfull(block.key, number, 0.0, wide=True))
                top -= height + (frame.gap if at else 0.0)
                placed.append(Placed(block, pdf.Box(x, top, inner, height)))
            lowest = min(lowest, top)
        y = lowest
    if y < frame.margin - FIT_TOLERANCE:
        keys = [p.block.key for p in placed]
        tallest = max(placed, key=lambda p: p.box.height).block.key
        return NoFit(Overfull(next((key for key in blame_first if key in keys), tallest), number, frame.margin - y))
    return tuple(placed), diagram_box


def plan(content: Content, *, paper: str = "A4", duplex: bool = False, client: Client | None = None,
         brand: Brand | None = None, large_print: bool = False) -> HandoutPlan:
    """Fit the handout: the largest body size and diagram that fit every page; an InputError names the box.
    Large print takes both sides of the sheet."""
    layout = load_handout()
    sizes = layout.sizes(large_print=large_print)
    duplex = duplex or large_print
    client = client or Client()
    family = check_content(content)
    if brand is not None:
        brand_block.check_glyphs(brand, family, content.meta.code)
    _check_client_glyphs(client, family, content.meta.code)
    spec = layout.papers[paper]
    sheet = Sheet(spec.width_mm * MM, spec.height_mm * MM, 0.0, 0.0)
    palette = palette_for(brand.accent if brand else None)
    rtl = content.meta.direction == "rtl"
    margin = layout.margin_mm * MM
    frame = _Frame(margin, sheet.trim_width - 2 * margin, sheet.trim_height - 2 * margin, layout.gap_mm * MM,
                   layout.column_gap_mm * MM, layout.band_mm * MM, rtl)
    # What the practitioner typed is blamed first: it is what they can shorten.
    blame_first = (client.note_source, "--how-often", "--client")

    def attempt(choice: tuple[float, float, bool]) -> HandoutPlan | NoFit[Overfull]:
        body, diagram_mm, qr = choice
        build = _Builder(content, family, palette, body, sizes.leading, sizes.heading_ratio, layout, sizes, client,
                         brand, qr)
        pages, diagram_box = [], pdf.Box(0, 0, 0, 0)
        for number, sections in enumerate(_pages(build, duplex=duplex)):
            page = _place(sections, frame, diagram_height=diagram_mm * MM, number=number, blame_first=blame_first)
            if isinstance(page, NoFit):
                return page
            pages.append(page[0])
            diagram_box = page[1] or diagram_box
        return HandoutPlan(content, family, layout, sizes, palette, sheet, client, body, tuple(pages), diagram_box,
                           brand, rtl)

    # A brand with a website is tried with its QR code at every size first, then without.
    choices = [(body, height, qr) for qr in ((True, False) if brand is not None and brand.website else (False,))
               for body in sizes.body_pt for height in sizes.diagram_mm]
    fitted: HandoutPlan | NoFit[Overfull] = first_fit(choices, attempt)
    if isinstance(fitted, NoFit):
        raise InputError(_overfull_problem(content, client, fitted.why, paper=spec.name, size=min(sizes.body_pt),
                                           large_print=large_print))
    return fitted


def _overfull_problem(content: Content, client: Client, why: Overfull, *, paper: str, size: float,
                      large_print: bool) -> Problem:
    side = "front" if why.page == 0 else "back"
    what = ("a word is wider than its column" if why.wide else
            f"the {side} is {why.excess / MM:.1f} mm too full")
    message = (f"language {content.meta.code!r}: the {'large-print ' if large_print else ''}handout's box "
               f"{why.key!r} does not fit the {side} of the {paper} sheet even at {size:g} pt ({what}); shorten it")
    if why.key == client.note_source:
        if why.key == "--note":
            return Problem(message, key="--note")
        return Problem(message, file=why.key, key="--note-file")
    if why.key in ("--client", "--how-often", "--brand"):
        return Problem(message, key=why.key)
    return content.problem(why.key, message)


def _check_client_glyphs(client: Client, family: FontFamily, lang: str) -> None:
    from chartgen.fonts import missing_glyphs

    problems = []
    for key, text in (("--client", client.name), (client.note_source, client.note), ("--how-often", client.how_often)):
        missing = missing_glyphs(family, text or "", bold=False)
        if missing:
            shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in missing)
            problems.append(Problem(f"the fonts of language {lang!r} cannot draw {shown}; leave it out", key=key))
    if problems:
        raise InputError(problems)


def diagram_request(handout: HandoutPlan) -> DiagramRequest:
    """The handout's diagram: the inner view with its caption, the chosen zones highlighted, the others muted."""
    box = handout.diagram_box
    palette = handout.palette.without_grey() if handout.sizes is handout.layout.large_print else handout.palette
    return common_diagram_request(handout.content, handout.family, palette, width_pt=box.width,
                                  height_pt=box.height, label_pt=handout.sizes.diagram_label_pt,
                                  small_pt=handout.sizes.diagram_small_pt, style=PAGE, highlight=handout.client.focus)


def draw_pages(handout: HandoutPlan, tags: tagging.Tags | None = None) -> bytes:
    """Every page's blocks without the diagram, as PDF bytes from ReportLab; marked with `tags` if given (the
    diagram's Figure after the blocks above it: they come first in reading order)."""
    style = BlockStyle(handout.layout.panel_radius_mm * MM, handout.layout.band_mm * MM)
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, size=handout.sheet.media_size, font=handout.family.face())
    if tags is not None:
        tags.attach(canvas)
    box = handout.diagram_box
    for number, page in enumerate(handout.pages):
        above = [p for p in page if number == 0 and p.box.y >= box.y + box.height - FIT_TOLERANCE]
        draw_blocks(canvas, above, style, rtl=handout.rtl)
        if number == 0:
            tagging.reserve(canvas, "Figure", alt=handout.content.diagram_alt)
        draw_blocks(canvas, page[len(above):], style, rtl=handout.rtl)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render(content: Content, *, paper: str = "A4", duplex: bool = False, client: Client | None = None,
           brand: Brand | None = None, large_print: bool = False) -> bytes:
    """The finished handout PDF (one page, or two for duplex and for large print)."""
    handout = plan(content, paper=paper, duplex=duplex, client=client, brand=brand, large_print=large_print)
    box = handout.diagram_box
    info = document_info(content, brand, title=content.handout.title,
                         keywords=("client handout", load_handout().papers[paper].name,
                                   *(("large print",) if large_print else ())))
    tags = tagging.Tags(lang=content.meta.code)
    pages = draw_pages(handout, tags)
    data = pdf.finish(pages, stamps=[pdf.Stamp(0, diagram.render(diagram_request(handout)), box.x, box.y,
                                               mcid=tags.figure_mcid(0))],
                      info=info, boxes=handout.sheet.boxes)
    return tagging.finish(data, tags)


# ---------------------------------------------------------------- options


def parse_date(value: str | None) -> datetime.date | None:
    """--date YYYY-MM-DD -> the date, or an InputError."""
    if value is None:
        return None
    try:
        if not DATE_PATTERN.match(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(Problem(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14",
                                 key="--date")) from None


def _checked_text(value: str, *, key: str, one_line: bool, file: str | None = None) -> str:
    reasons = characters.refusals(value)
    if one_line and "\n" in value:
        reasons.insert(0, "contains a line break; give it on one line")
    if reasons:
        raise InputError(Problem(reasons[0], file=file, key=key))
    return value


def client_from(options: Mapping[str, Any]) -> Client:
    """The client's details from the parsed options, each checked (one InputError line naming the option)."""
    name = options.get("client")
    if name is not None:
        name = _checked_text(name, key="--client", one_line=True).strip()
        if not name or len(name) > CLIENT_MAX_CHARS:
            raise InputError(Problem(f"give a name of 1 to {CLIENT_MAX_CHARS} characters", key="--client"))
    note, source = options.get("note"), "--note"
    note_file = options.get("note_file")
    if note is not None and note_file is not None:
        raise InputError(Problem("give the note either as --note or as --note-file, not both", key="--note-file"))
    if note_file is not None:
        path = files.user_path(note_file, key="--note-file")
        source = str(path)
        note = files.read_text(path, limit=NOTE_FILE_LIMIT, what="note file", key="--note-file")
        note = _checked_text(note, key="--note-file", one_line=False, file=source)
    elif note is not None:
        note = _checked_text(note, key="--note", one_line=False)
    how_often = options.get("how_often")
    if how_often is not None:
        how_often = _checked_text(how_often, key="--how-often", one_line=True).strip() or None
    return Client(name=name or None, date=parse_date(options.get("date")), note=(note or "").strip() or None,
                  note_source=source, how_often=how_often, focus=parse_focus(options.get("focus")))


class HandoutFormat:
    """The client handout as a registered format (see formats/base.py)."""

    name = "handout"
    help = "a one-sheet handout for one client (A4 or letter, front or duplex, large print)"
    description = ("Make a one-sheet handout for one client to take home: the foot diagram with the zones to work "
                   "on highlighted, those zones first, the three steps, how long and how often, your note, when not "
                   "to use it, the disclaimer and your details. Prints on a home printer (5 mm margin, no bleed).")
    examples = """\
examples:
  chartgen handout --client "A. Berg" --focus lumbar,sacral
  chartgen handout --lang de --client "Frau Meier" --date 2026-03-14 --focus lumbar,sacrum \\
      --note "Jeden Abend 5 Minuten, beide Füße." --brand brand.yaml
  chartgen handout --paper letter --duplex --note-file note.txt
  chartgen handout --large-print --client "Mr Okafor" --focus cervical
"""
    batch_options: tuple[str, ...] = ()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--paper, --duplex and the client's details."""
        parser.add_argument("--paper", metavar="PAPER", default="A4", help="A4|letter, any case (default: A4)")
        parser.add_argument("--duplex", action="store_true",
                            help="front and back (print on both sides): more room, larger type")
        parser.add_argument("--large-print", action="store_true",
                            help="large print: body 16 to 18 pt, 1.5 line spacing, nothing below 12 pt, "
                                 "front and back (RNIB and APH large-print guidance)")
        parser.add_argument("--client", metavar="NAME", help="the client's name, printed under the title")
        parser.add_argument("--date", metavar="YYYY-MM-DD",
                            help="a date, printed the language's way (none unless given)")
        parser.add_argument("--note", metavar="TEXT", help="your note for the client (plain text)")
        parser.add_argument("--note-file", metavar="FILE",
                            help="your note from a UTF-8 text file; a blank line starts a new paragraph")
        parser.add_argument("--focus", metavar="ZONES",
                            help=f"the zones to work on, e.g. lumbar,sacral (from: {', '.join(ZONE_IDS)})")
        parser.add_argument("--how-often", metavar="TEXT",
                            help="your own line on how long and how often (default: the language's)")

    def settings(self, options: Mapping[str, Any]) -> Settings:
        """The paper as a layout key and the client's details, all checked."""
        paper = load_handout().paper_key(options.get("paper") or "A4")
        large_print = bool(options.get("large_print"))
        return Settings(paper=paper, extras=(("duplex", bool(options.get("duplex")) or large_print),
                                             ("large_print", large_print), ("client", client_from(options))))

    def default_name(self, code: str, settings: Settings) -> str:
        """chartgen-handout-<code>-<paper>[-duplex|-large-print].pdf."""
        kind = "-large-print" if settings.extra("large_print") else "-duplex" if settings.extra("duplex") else ""
        return f"chartgen-handout-{code}-{settings.paper}{kind}.pdf"

    def paper_label(self, settings: Settings) -> str:
        """The paper's key (A4, letter)."""
        return settings.paper or "A4"

    def render(self, request: Request) -> bytes:
        """The finished handout."""
        settings = request.settings
        return render(request.content, paper=settings.paper or "A4", duplex=bool(settings.extra("duplex")),
                      client=settings.extra("client") or Client(), brand=request.brand,
                      large_print=bool(settings.extra("large_print")))

    def variants(self) -> tuple[Variant, ...]:
        """Every paper, front only, duplex and large print, without client data (a sample handout)."""
        kinds = {"": (False, False), "--duplex": (True, False), "--large-print": (True, True)}

        def options(paper: str, kind: str) -> str:
            return " ".join(([] if paper == "A4" else [f"--paper {paper}"]) + ([kind] if kind else []))

        return tuple(Variant(Settings(paper=paper, extras=(("duplex", duplex), ("large_print", large),
                                                           ("client", Client()))),
                             options(paper, kind))
                     for paper in load_handout().papers for kind, (duplex, large) in kinds.items())

    def check(self, request: Request) -> list[Problem]:
        """Fit every block and place the diagram's labels, drawing nothing."""
        from chartgen.diagram.plan import plan_diagram

        settings = request.settings

        def fit() -> None:
            handout = plan(request.content, paper=settings.paper or "A4", duplex=bool(settings.extra("duplex")),
                           client=settings.extra("client") or Client(), brand=request.brand,
                           large_print=bool(settings.extra("large_print")))
            plan_diagram(diagram_request(handout))

        return problems_of(fit)


register(HandoutFormat())

__all__ = ["Client", "HandoutFormat", "client_from", "parse_date", "plan", "render"]
