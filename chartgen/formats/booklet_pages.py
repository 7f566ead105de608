"""Booklet page kinds -> the column of flowables on each page, at given type sizes (pt); no drawing, no geometry.

One builder per page kind (cover, contents, connection, zone, steps, acupressure, helps, cautions, notes, back
cover). Builders are pure: the same context and sizes give the same flowables, so the fitting loop can call them
again at a smaller size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph, Spacer

from chartgen import tagging
from chartgen.brand import Brand
from chartgen.content import ZONE_IDS, ZONE_SEGMENTS, Content
from chartgen.fonts import FontFamily
from chartgen.formats import brand_block
from chartgen.formats.booklet_flow import UNLIMITED_HEIGHT, ContentsLine, DiagramSlot, Fill, Panel, Rule
from chartgen.formats.common import Badged
from chartgen.formats.kit.bullets import bulleted
from chartgen.layout import BookletType, Palette
from chartgen.text import TextStyle, paragraph, rich_paragraph

TIGHT_LEADING = 1.12
"""Display type (titles, headings) is set tighter than body text."""
BADGE_SIZE = 1.9
"""Badge diameter as a multiple of the text size beside it."""
PARAGRAPH_GAP = 0.55
"""Space after a body paragraph, as a share of the body size."""
SECTION_GAP = 1.3
"""Space between the parts of a page, as a share of the body size."""
PANEL_PADDING = 0.9
"""Padding inside a panel, as a share of the body size."""
PANEL_RADIUS = 0.45
"""Corner radius of a panel, as a share of the body size."""
RULE_LENGTH = 3.2
"""Length of the short coloured rule under a page heading, in multiples of the heading size."""
RULE_THICKNESS = 0.16
"""Its thickness, as a share of the heading size."""
NUMBER_COLUMN = 3.0
"""Width of the contents' page-number column, in multiples of the body size."""
GLANCE_BADGE = 0.75
"""The badges of the zones at a glance are this much smaller than the text's own badges: a compact list."""
PRACTITIONER_LINES = 3
"""Writing lines in the practitioner's box on the back cover (name, phone, address)."""
PRACTITIONER_LINE_GAP = 2.4
"""Distance between those lines, in multiples of the body size."""
BRAND_QR_SHARE = 0.28
"""With a brand, the QR code (without its quiet zone) is this share of the column wide: about 24 mm at A6."""
BRAND_LOGO_LINES = 4.0
"""The logo's box above the practice name is this many body sizes tall."""
BRAND_NAME_RATIO = 1.45
"""The practice name is this much larger than the body text."""
MAP_GAP = 1.0
"""Space above a map added below a page's text, as a share of the body size."""


@dataclass(frozen=True)
class Sizes:
    """Type sizes (pt) of one fitting try; all keep their layout ratio to `body`."""

    title: float
    subtitle: float
    heading: float
    subheading: float
    body: float
    small: float
    foot: float
    leading: float

    @staticmethod
    def at(body: float, scale: BookletType) -> Sizes:
        """Every size of `scale` (given at A6) times the ratio body / scale.body."""
        ratio = body / scale.body
        return Sizes(scale.title * ratio, scale.subtitle * ratio, scale.heading * ratio,
                     scale.subheading * ratio, body, scale.small * ratio, scale.foot * ratio, scale.leading)


WHOLE, FIRST_PART, REST = 0, 1, 2
"""A page's text on one page, or split: what fits on the first page, and the rest on the next."""


@dataclass(frozen=True)
class PageSpec:
    """One page of the sequence: its kind, the content key its text comes from, its section title, its zone."""

    kind: str
    key: str
    title: str
    """Title in the contents and the bookmarks; empty for pages not listed there."""
    zone: str | None = None
    part: int = WHOLE
    """WHOLE, or FIRST_PART / REST when the page's text runs on to the next page (it did not fit one)."""


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: title, page number (1-based), and the zone it belongs to, if any."""

    title: str
    number: int
    zone: str | None = None


@dataclass(frozen=True)
class PageContext:
    """What every builder needs: the text, fonts, colours, direction, column width (pt) and diagram size (pt)."""

    content: Content
    family: FontFamily
    palette: Palette
    width: float
    slot: tuple[float, float]
    contents: tuple[ContentsEntry, ...]
    group_title: str
    """Title of the zone pages as a group (the contents lists the zones under it)."""
    brand: Brand | None = None
    """The practitioner's brand, filling the back cover's box (else that box has writing lines)."""

    @property
    def rtl(self) -> bool:
        return self.content.meta.direction == "rtl"

    def zone_colour(self, zone_id: str) -> str:
        return str(getattr(self.palette.zones, zone_id))


class _Kit:
    """Paragraph makers at one set of sizes (keeps the builders short)."""

    def __init__(self, ctx: PageContext, sizes: Sizes) -> None:
        self.ctx, self.s = ctx, sizes
        p = ctx.palette
        self.body = TextStyle(sizes.body, sizes.leading, p.ink, space_after=sizes.body * PARAGRAPH_GAP)
        self.muted = TextStyle(sizes.body, sizes.leading, p.muted, space_after=sizes.body * PARAGRAPH_GAP)
        self.small = TextStyle(sizes.small, sizes.leading, p.muted)
        self.heading = TextStyle(sizes.heading, TIGHT_LEADING, p.accent, bold=True, space_after=sizes.heading * 0.35)
        self.sub = TextStyle(sizes.subheading, TIGHT_LEADING + 0.08, p.ink, bold=True,
                             space_after=sizes.subheading * 0.45)

    def para(self, text: str, style: TextStyle) -> Paragraph:
        item = paragraph(text, style, self.ctx.family, rtl=self.ctx.rtl, lang=self.ctx.content.meta.code)
        # A heading stays with what follows it when a page's text runs on to the next page.
        item.keepWithNext = style in (self.heading, self.sub)
        if style is self.heading or style is self.sub:
            tagging.tag(item, "H2" if style is self.heading else "H3")
        return item

    def labelled(self, label: str, text: str, style: TextStyle | None = None) -> Paragraph:
        return rich_paragraph([(label, True), (" " + text, False)], style or self.body, self.ctx.family,
                              rtl=self.ctx.rtl, lang=self.ctx.content.meta.code)

    def bullet(self, text: str) -> Paragraph:
        style = TextStyle(self.s.body, self.s.leading, self.ctx.palette.ink, space_after=self.s.body * 0.25)
        return bulleted(self.para(text, style), size=style.size, rtl=self.ctx.rtl)

    def gap(self, share: float = SECTION_GAP) -> Spacer:
        return Spacer(0, self.s.body * share)

    def heading_block(self, text: str, colour: str | None = None) -> list[Flowable]:
        """A page heading with a short coloured rule under it."""
        colour = colour or self.ctx.palette.accent
        rule = Rule(colour, self.s.heading * RULE_THICKNESS, length=self.s.heading * RULE_LENGTH, rtl=self.ctx.rtl,
                    space_after=self.s.body * SECTION_GAP)
        rule.keepWithNext = True
        return [self.para(text, self.heading), rule]

    def badge(self, number: str, colour: str, body: list[Flowable], size: float, space_after: float = 0.0, *,
              list_item: bool = False) -> Badged:
        made = Badged(number, colour, body, family=self.ctx.family, diameter=size * BADGE_SIZE, gap=size * 0.6,
                      rtl=self.ctx.rtl, space_after=space_after, list_item=list_item)
        return tagging.tag(made, tagging.LIST_ITEM) if list_item else made

    def panel(self, body: Sequence[Flowable], *, fill: str | None = None, stroke: str | None = None,
              min_height: float = 0.0) -> Panel:
        return Panel(list(body), padding=self.s.body * PANEL_PADDING, radius=self.s.body * PANEL_RADIUS, fill=fill,
                     stroke=stroke, min_height=min_height, space_after=self.s.body * SECTION_GAP)


def cover(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """Title and subtitle (on the accent band), the whole diagram, and the cover line."""
    kit, c = _Kit(ctx, sizes), ctx.content
    title = TextStyle(sizes.title, TIGHT_LEADING, "#FFFFFF", bold=True, space_after=sizes.title * 0.3)
    subtitle = TextStyle(sizes.subtitle, 1.25, "#FFFFFF")
    line = TextStyle(sizes.subheading, 1.25, ctx.palette.accent, bold=True)
    return [tagging.tag(kit.para(c.title, title), "H1"), kit.para(c.subtitle, subtitle), Fill(),
            DiagramSlot(*ctx.slot, alt=c.diagram_alt), Fill(), kit.para(c.booklet.cover_line, line)]


COVER_BAND_ITEMS = 2
"""The cover's first two flowables (title, subtitle) stand on the accent band."""


def contents(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """The sections with their page numbers; the zone pages listed under their group title."""
    kit, booklet = _Kit(ctx, sizes), ctx.content.booklet
    number_width = sizes.body * NUMBER_COLUMN
    align = "LEFT" if ctx.rtl else "RIGHT"
    small_bold = TextStyle(sizes.small, sizes.leading, ctx.palette.muted, bold=True)
    entry_style = TextStyle(sizes.body, sizes.leading, ctx.palette.ink)
    flowables = kit.heading_block(booklet.contents)
    header = kit.para(booklet.page_label, small_bold)
    header.style = header.style.clone(f"{header.style.name}-num", alignment=_alignment(align))
    flowables.append(ContentsLine(kit.para("", small_bold), header, number_width=number_width * 2,
                                  rtl=ctx.rtl, space_after=sizes.body * 0.3))
    group_done = False
    for entry in ctx.contents:
        if entry.zone is not None and not group_done:
            group_done = True
            flowables.append(ContentsLine(kit.para(ctx.group_title, TextStyle(sizes.body, sizes.leading,
                                                                              ctx.palette.ink, bold=True)),
                                          kit.para("", entry_style), number_width=number_width, rtl=ctx.rtl,
                                          space_after=sizes.body * 0.35))
        number = kit.para(str(entry.number), TextStyle(sizes.body, sizes.leading, ctx.palette.accent, bold=True))
        number.style = number.style.clone(f"{number.style.name}-num", alignment=_alignment(align))
        bold = entry.zone is None
        title = kit.para(entry.title, TextStyle(sizes.body, sizes.leading, ctx.palette.ink, bold=bold))
        indent = sizes.body * 1.6 if entry.zone else 0.0
        dot = ctx.zone_colour(entry.zone) if entry.zone else None
        flowables.append(ContentsLine(title, number, number_width=number_width, indent=indent, dot=dot,
                                      dot_size=sizes.body * 0.7, rtl=ctx.rtl, space_after=sizes.body * 0.7))
    return flowables


def _alignment(name: str) -> int:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT

    return TA_RIGHT if name == "RIGHT" else TA_LEFT


def connection(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """How feet and back connect, and the four zones at a glance when the page has room for them."""
    kit, c = _Kit(ctx, sizes), ctx.content
    return [*kit.heading_block(c.connection.heading), kit.para(c.connection.body, kit.body),
            kit.para(c.booklet.connection_more, kit.body)]


def at_a_glance(ctx: PageContext, sizes: Sizes) -> list[Flowable]:
    """The four zones in one compact list: number, name, body part, vertebrae."""
    kit, c = _Kit(ctx, sizes), ctx.content
    flowables: list[Flowable] = [kit.gap(0.6), kit.para(c.booklet.at_a_glance, kit.sub)]
    line = TextStyle(sizes.body, sizes.leading, ctx.palette.ink)
    for number, (zone_id, zone) in enumerate(c.zones.ordered(), start=1):
        text = rich_paragraph([(zone.name, True), (f"  {zone.short} · {ZONE_SEGMENTS[zone_id]}", False)], line,
                              ctx.family, rtl=ctx.rtl, lang=c.meta.code)
        flowables.append(kit.badge(str(number), ctx.zone_colour(zone_id), [text], sizes.body * GLANCE_BADGE,
                                   space_after=sizes.body * 0.35))
    return flowables


def page_map(ctx: PageContext, sizes: Sizes, *, height: float) -> list[Flowable]:
    """The whole map (every zone, as on the cover), `height` pt tall, below a page's text (papers with room)."""
    return [Spacer(0, sizes.body * MAP_GAP), DiagramSlot(ctx.slot[0], height, alt=ctx.content.diagram_alt)]


def zone(ctx: PageContext, sizes: Sizes, page: PageSpec) -> list[Flowable]:
    """One zone: numbered heading, why it matters, the diagram highlighting it, where, how to find it, good for."""
    kit, c = _Kit(ctx, sizes), ctx.content
    assert page.zone is not None
    number = ZONE_IDS.index(page.zone) + 1
    info = getattr(c.zones, page.zone)
    colour = ctx.zone_colour(page.zone)
    kicker = TextStyle(sizes.small, sizes.leading, ctx.palette.muted, bold=True)
    heading = TextStyle(sizes.heading, TIGHT_LEADING, ctx.palette.ink, bold=True)
    head = kit.badge(str(number), colour,
                     [kit.para(f"{c.booklet.zone_label} {number} · {info.short} · {ZONE_SEGMENTS[page.zone]}",
                               kicker),
                      tagging.tag(kit.para(info.name, heading), "H2")],
                     sizes.heading, space_after=sizes.body * 0.8)
    label_style = TextStyle(sizes.body, sizes.leading, ctx.palette.ink, space_after=sizes.body * 0.45)
    return [head, Rule(colour, sizes.heading * RULE_THICKNESS, space_after=sizes.body * 0.9),
            kit.para(getattr(c.booklet.zone_intros, page.zone), kit.body), kit.gap(0.2),
            DiagramSlot(*ctx.slot, space_after=sizes.body * 0.9, alt=c.diagram_alt),
            kit.labelled(c.zones.where_label, info.where, label_style),
            kit.labelled(c.zones.find_label, info.find, label_style),
            kit.labelled(c.zones.helps_label, info.helps, label_style)]


def steps(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """The massage technique: intro, three numbered steps, and the closing note."""
    kit, c = _Kit(ctx, sizes), ctx.content
    flowables = [*kit.heading_block(c.steps.heading), kit.para(c.steps.intro, kit.body), kit.gap(0.2)]
    bold = TextStyle(sizes.body, sizes.leading, ctx.palette.ink, bold=True, space_after=sizes.body * 0.15)
    for number, step in enumerate(c.steps.items, start=1):
        flowables.append(kit.badge(str(number), ctx.palette.accent,
                                   [kit.para(step.title, bold), kit.para(step.text, kit.body)],
                                   sizes.body, space_after=sizes.body * 0.7, list_item=True))
    flowables += [kit.gap(0.3), kit.panel([kit.para(c.steps.note, TextStyle(sizes.body, sizes.leading,
                                                                              ctx.palette.ink))],
                                          fill=ctx.palette.panel)]
    return flowables


def acupressure(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """Acupressure with a mat, and the tips (outer edge, both feet)."""
    kit, c = _Kit(ctx, sizes), ctx.content
    flowables = kit.heading_block(c.booklet.acupressure_heading)
    flowables.append(kit.para(c.booklet.acupressure_body, kit.body))
    flowables.append(kit.labelled(c.tips.mat.title, c.tips.mat.text))
    flowables.append(kit.gap(0.5))
    tips = [tagging.tag(kit.para(c.tips.heading, TextStyle(sizes.subheading, TIGHT_LEADING, ctx.palette.accent,
                                                           bold=True, space_after=sizes.body * 0.5)), "H3")]
    tips += [kit.labelled(tip.title, tip.text) for tip in (c.tips.outer_edge, c.tips.both_feet)]
    flowables.append(kit.panel(tips, fill=ctx.palette.panel))
    return flowables


def helps(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """Who it can help: intro, the list, a closing paragraph."""
    kit, c = _Kit(ctx, sizes), ctx.content
    flowables = [*kit.heading_block(c.helps.heading), kit.para(c.helps.intro, kit.body)]
    flowables += [kit.bullet(item) for item in c.helps.items]
    flowables += [kit.gap(0.8), kit.para(c.booklet.helps_more, kit.body)]
    return flowables


def cautions(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """Do not use if (on the caution panel), then the disclaimer."""
    kit, c = _Kit(ctx, sizes), ctx.content
    p = ctx.palette
    inner = [tagging.tag(kit.para(c.cautions.heading, TextStyle(sizes.heading, TIGHT_LEADING, p.caution_ink,
                                                                bold=True, space_after=sizes.body * 0.7)), "H2")]
    inner += [kit.bullet(item) for item in c.cautions.items]
    if c.cautions.note:
        inner.append(kit.para(c.cautions.note, TextStyle(sizes.body, sizes.leading, p.ink, bold=True)))
    return [kit.panel(inner, fill=p.caution_panel), kit.gap(0.2),
            kit.para(c.disclaimer.heading, kit.sub), kit.para(c.disclaimer.text, kit.body)]


def notes(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """A heading; the writing lines are drawn below it to the foot of the page."""
    return _Kit(ctx, sizes).heading_block(ctx.content.booklet.notes)


def back_cover(ctx: PageContext, sizes: Sizes, _page: PageSpec) -> list[Flowable]:
    """Title, a box for the practitioner's name and contact, and the map convention in small print."""
    kit, c = _Kit(ctx, sizes), ctx.content
    label = TextStyle(sizes.small, sizes.leading, ctx.palette.muted, bold=True)
    lines: Flowable = Spacer(0, sizes.body * PRACTITIONER_LINE_GAP * PRACTITIONER_LINES)
    if ctx.brand is not None:
        p = ctx.palette
        inner = ctx.width - 2 * sizes.body * PANEL_PADDING
        spec = brand_block.BlockSpec(max_pt=sizes.body, min_pt=sizes.body, name_ratio=BRAND_NAME_RATIO,
                                     qr_code=inner * BRAND_QR_SHARE, logo_height=sizes.body * BRAND_LOGO_LINES,
                                     gap=sizes.body, logo_above=True, one_line_contact=False)
        lines = brand_block.BrandBlock(ctx.brand, spec, size=sizes.body, lang=c.meta.code, family=ctx.family,
                                       rtl=ctx.rtl, colours=brand_block.Colours(p.accent, p.ink, p.muted))
    # The back cover repeats the title: a paragraph, not a second H1.
    return [kit.para(c.title, TextStyle(sizes.subheading, TIGHT_LEADING + 0.08, ctx.palette.accent, bold=True,
                                        space_after=sizes.body * 0.3)),
            kit.para(c.booklet.cover_line, kit.small), Fill(),
            kit.panel([kit.para(c.booklet.practitioner, label), lines], stroke=ctx.palette.rule),
            Fill(), kit.para(c.convention, kit.small)]


PRACTITIONER_PANEL = 3
"""Index of the practitioner's panel in the back cover's column (its writing lines are drawn on it)."""

BUILDERS: dict[str, Callable[[PageContext, Sizes, PageSpec], list[Flowable]]] = {
    "cover": cover, "contents": contents, "connection": connection, "zones": zone, "steps": steps,
    "acupressure": acupressure, "helps": helps, "cautions": cautions, "notes": notes, "back_cover": back_cover,
}
"""The builder of each page kind."""

OPTIONAL: dict[str, Callable[[PageContext, Sizes], list[Flowable]]] = {"connection": at_a_glance}
"""Extra flowables a page kind gets at the end when they fit at the fitted size (small pages go without)."""
SPLITTABLE = frozenset({"connection", "zones", "steps", "acupressure", "helps", "cautions"})
"""Page kinds whose text may run on to a next page (covers, contents and notes never do)."""


def build_page(ctx: PageContext, sizes: Sizes, spec: PageSpec, *, width: float, height: float) -> list[Flowable]:
    """The flowables of one page: all of its kind's, or for a split page the part that fits / the rest (pt)."""
    flowables = BUILDERS[spec.kind](ctx, sizes, spec)
    if spec.part == WHOLE:
        return flowables
    cut = _fitting_prefix(flowables, width, height)
    return flowables[:cut] if spec.part == FIRST_PART else flowables[cut:]


def _fitting_prefix(flowables: list[Flowable], width: float, height: float) -> int:
    """How many leading flowables fit `height` pt (at least one, and one always left for the next page); a
    heading is never the last of them (it goes on with its text)."""
    used, cut = 0.0, max(1, len(flowables) - 1)
    for index, flowable in enumerate(flowables):
        _, needed = flowable.wrap(width, UNLIMITED_HEIGHT)
        if index and used + needed > height:
            cut = min(index, len(flowables) - 1)
            break
        used += needed + flowable.getSpaceAfter()
    while cut > 1 and getattr(flowables[cut - 1], "keepWithNext", False):
        cut -= 1
    return cut
