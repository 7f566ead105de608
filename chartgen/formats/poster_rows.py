"""Content + type sizes -> the poster's text rows: panels of flowables side by side, and their heights when set
(pt), a row's widths balanced so that its tallest panel is as low as it can be."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from chartgen import tagging
from chartgen.content import ZONE_SEGMENTS, Content
from chartgen.fonts import FontFamily
from chartgen.formats.common import Badged
from chartgen.formats.kit.bullets import bulleted
from chartgen.layout import Palette, TypeScale
from chartgen.text import TextStyle, paragraph, rich_paragraph, run_on, stack_height, too_wide

HEADER_SPLIT = 0.54
"""Share of the text width taken by the title column; the intro text takes the rest."""
ZONE_STRIP_SHARE = 0.4
"""Height of the solid colour strip on top of a panel, as a share of the panel padding (1.8 mm at A3)."""
BADGE_SIZE = 1.75
"""Badge diameter as a multiple of the text size it sits beside."""
TITLE_LEADING = 1.08
"""Display type is set tighter than body text."""
STEPS_HEADING_SHARE = 0.34
"""Share of the text width for the steps heading; the intro runs beside it."""
ZONES_HEADING_SPLIT = 0.45
"""Share of the text width for the zones' heading; the map convention takes the rest in small print."""


@dataclass(frozen=True)
class Panel:
    """A box of stacked flowables; `key` names its text for error messages."""

    key: str
    flowables: list[Flowable]
    fill: str | None = None
    strip: str | None = None
    padded: bool = True
    role: str = "Div"
    """Tagged (chartgen.tagging), the element holding the panel's text: a Sect, an LI of its row's list..."""


@dataclass(frozen=True)
class Row:
    """Panels side by side; `shares` are their parts of the text width (summing to 1)."""

    panels: tuple[Panel, ...]
    shares: tuple[float, ...]
    balanced: bool = False
    """Whether the panels' shares may move (see `balance`) when that makes the row lower."""
    gap_share: float = 1.0
    """The gap below the row as a share of the row gap: a heading row stays close to the panels it heads."""
    section: str | None = None
    """Tagged, rows with the same section (the zones' heading and panels) are one Sect of the structure."""
    role: str | None = None
    """Tagged, the element holding the row's panels (an L for the steps), if any."""


HEADING_GAP_SHARE = 0.4
"""Gap below a heading row, as a share of the row gap (a heading belongs to what follows it)."""


BALANCE_STEP = 0.02
"""Share of the text width moved at a time from the lowest panel of a balanced row to the tallest."""
BALANCE_MIN_SHARE = 0.22
"""No panel of a balanced row gets narrower than this share of the text width."""
BALANCE_MAX_STEPS = 12
FIT_TOLERANCE_PT = 0.01
"""Height differences (pt) below this are rounding, not a lower row."""


def column_widths(row: Row, text_width: float, gutter: float) -> list[float]:
    usable = text_width - gutter * (len(row.panels) - 1)
    return [usable * share for share in row.shares]


def balance(row: Row, text_width: float, gutter: float, padding: float) -> tuple[Row, float]:
    """A balanced row with width moved, step by step, from its lowest panel to its tallest: the lowest row seen,
    with its height (pt); any other row as it is.

    So a long panel (six safety lines) widens instead of making the whole row tall. Bounded: at most
    BALANCE_MAX_STEPS moves of BALANCE_STEP, no panel below BALANCE_MIN_SHARE. Line heights come in steps, so
    a move that does not lower the row yet may still lead to one that does. A move changes two panels' widths:
    the others keep their measured heights.
    """
    usable = text_width - gutter * (len(row.panels) - 1)
    measured: dict[tuple[int, float], float] = {}

    def height(index: int, share: float) -> float:
        key = (index, round(share, 6))
        if key not in measured:
            measured[key] = panel_height(row.panels[index], usable * share, padding)
        return measured[key]

    shares = list(row.shares)
    heights = [height(index, share) for index, share in enumerate(shares)]
    best, best_height = row, max(heights)
    if not row.balanced:
        return best, best_height
    for _ in range(BALANCE_MAX_STEPS):
        tallest, lowest = heights.index(max(heights)), heights.index(min(heights))
        if tallest == lowest or shares[lowest] - BALANCE_STEP < BALANCE_MIN_SHARE:
            break
        shares[tallest] += BALANCE_STEP
        shares[lowest] -= BALANCE_STEP
        heights[tallest], heights[lowest] = height(tallest, shares[tallest]), height(lowest, shares[lowest])
        if max(heights) < best_height - FIT_TOLERANCE_PT:
            best, best_height = dataclasses.replace(row, shares=tuple(shares)), max(heights)
    return best, best_height


def panel_heights(row: Row, text_width: float, gutter: float, padding: float) -> list[tuple[Panel, float]]:
    """Each panel of the row with its height (pt) at the row's column widths."""
    return [(panel, panel_height(panel, width, padding))
            for panel, width in zip(row.panels, column_widths(row, text_width, gutter), strict=True)]


def panel_height(panel: Panel, width: float, padding: float) -> float:
    """Height (pt) of a panel `width` pt wide: its text, its padding and its colour strip."""
    pad = padding if panel.padded else 0.0
    return stack_height(panel.flowables, width - 2 * pad) + 2 * pad + strip_height(panel, padding)


def strip_height(panel: Panel, padding: float) -> float:
    return padding * ZONE_STRIP_SHARE if panel.strip else 0.0


def too_wide_panel(rows: list[tuple[Row, float]], text_width: float, gutter: float, padding: float) -> Panel | None:
    for row, _ in rows:
        for panel, width in zip(row.panels, column_widths(row, text_width, gutter), strict=True):
            pad = padding if panel.padded else 0.0
            if too_wide(panel.flowables, width - 2 * pad):
                return panel
    return None


def rows(content: Content, palette: Palette, sizes: TypeScale, family: FontFamily, *,
          footer: bool = True) -> tuple[list[Row], list[Row]]:
    """The poster's text rows above and below the diagram, at the given type sizes; the disclaimer's footer row
    only with `footer` (with a brand, it stands in the brand's band)."""
    rtl = content.meta.direction == "rtl"
    lang = content.meta.code
    body = TextStyle(sizes.body, sizes.leading, palette.ink, space_after=sizes.body * 0.45)
    body_tight = TextStyle(sizes.body, sizes.leading, palette.ink, space_after=sizes.body * 0.3)
    small = TextStyle(sizes.small, sizes.leading, palette.muted)
    heading = TextStyle(sizes.heading, 1.2, palette.accent, bold=True, space_after=sizes.heading * 0.5)

    def para(text: str, style: TextStyle, role: str = "P") -> Paragraph:
        return tagging.tag(paragraph(text, style, family, rtl=rtl, lang=lang), role)

    def labelled(label: str, text: str, style: TextStyle) -> Paragraph:
        return rich_paragraph([(label, True), (" " + text, False)], style, family, rtl=rtl, lang=lang)

    def badge(number: str, colour: str, flowables: list[Flowable], size: float, space_after: float, *,
              list_item: bool = False) -> Badged:
        return Badged(number, colour, flowables, family=family, diameter=size * BADGE_SIZE,
                      gap=size * 0.6, rtl=rtl, space_after=space_after, list_item=list_item)

    title = TextStyle(sizes.title, TITLE_LEADING, palette.ink, bold=True, space_after=sizes.title * 0.25)
    subtitle = TextStyle(sizes.subtitle, 1.25, palette.accent)
    header = Row(
        panels=(
            Panel("title", [para(content.title, title, "H1"), para(content.subtitle, subtitle)], padded=False),
            Panel("connection", [para(content.connection.heading, heading, "H2"),
                                 para(content.connection.body, TextStyle(sizes.body, sizes.leading, palette.ink))],
                  padded=False, role="Sect"),
        ),
        shares=(HEADER_SPLIT, 1 - HEADER_SPLIT),
        balanced=True,
    )

    zone_name = TextStyle(sizes.zone_name, 1.15, palette.ink, bold=True)
    zone_panels = []
    zone_colours = vars(palette.zones)
    for number, (zone_id, zone) in enumerate(content.zones.ordered(), start=1):
        colour = zone_colours[zone_id]
        segments = para(f"{zone.short} · {ZONE_SEGMENTS[zone_id]}", small)
        head = badge(str(number), colour, [para(zone.name, zone_name, "H3"), segments],
                     sizes.zone_name, sizes.body * 0.6)
        zone_panels.append(Panel(
            f"zones.{zone_id}",
            [head,
             labelled(content.zones.where_label, zone.where, body_tight),
             labelled(content.zones.find_label, zone.find, body_tight),
             labelled(content.zones.helps_label, zone.helps, TextStyle(sizes.body, sizes.leading, palette.ink))],
            fill=zone_colours[zone_id], strip=colour, role="Sect",
        ))
    # The map's convention (small print) stands beside the heading of the zones it is about.
    zones_heading = Row((Panel("zones.heading", [para(content.zones.heading, heading, "H2")], padded=False),
                         Panel("convention", [para(content.convention, small)], padded=False)),
                        (ZONES_HEADING_SPLIT, 1 - ZONES_HEADING_SPLIT), balanced=True, gap_share=HEADING_GAP_SHARE,
                        section="zones")
    zones = Row(tuple(zone_panels), (0.25,) * 4, balanced=True, section="zones")

    steps_heading = Row(
        (Panel("steps.heading", [para(content.steps.heading, heading, "H2")], padded=False),
         Panel("steps.intro", [para(run_on([content.steps.intro, content.steps.note], family), body_tight)],
               padded=False)),
        (STEPS_HEADING_SHARE, 1 - STEPS_HEADING_SHARE),
        balanced=True,
        gap_share=HEADING_GAP_SHARE,
        section="steps",
    )
    step_panels = []
    for number, step in enumerate(content.steps.items, start=1):
        step_panels.append(Panel(f"steps.items[{number - 1}]", [
            badge(str(number), palette.accent,
                  [para(step.title, TextStyle(sizes.body, sizes.leading, palette.ink, bold=True)),
                   para(step.text, TextStyle(sizes.body, sizes.leading, palette.ink))],
                  sizes.body, 0.0, list_item=True)], fill=palette.panel, role=tagging.LIST_ITEM))
    steps = Row(tuple(step_panels), (1 / 3,) * 3, balanced=True, section="steps", role="L")

    tips: list[Flowable] = [para(content.tips.heading, heading, "H2")]
    for tip in content.tips.ordered():
        tips.append(labelled(tip.title, tip.text, body))

    bullet = TextStyle(sizes.body, sizes.leading, palette.ink, space_after=sizes.body * 0.2)
    helps: list[Flowable] = [para(content.helps.heading, heading, "H2"), para(content.helps.intro, body_tight)]
    helps += [bulleted(paragraph(item, bullet, family, rtl=rtl, lang=lang), size=bullet.size, rtl=rtl)
              for item in content.helps.items]

    caution_heading = TextStyle(sizes.heading, 1.2, palette.caution_ink, bold=True, space_after=sizes.heading * 0.4)
    cautions: list[Flowable] = [para(content.cautions.heading, caution_heading, "H2")]
    cautions += [bulleted(paragraph(item, bullet, family, rtl=rtl, lang=lang), size=bullet.size, rtl=rtl)
                 for item in content.cautions.items]
    if content.cautions.note:
        cautions.append(para(content.cautions.note, TextStyle(sizes.body, sizes.leading, palette.ink, bold=True)))
    info = Row(
        (Panel("tips", tips, fill=palette.panel, role="Sect"), Panel("helps", helps, fill=palette.panel, role="Sect"),
         Panel("cautions", cautions, fill=palette.caution_panel, role="Sect")),
        (1 / 3,) * 3,
        balanced=True,
    )
    below = [zones_heading, zones, steps_heading, steps, info]
    if footer:
        below.append(Row((Panel("disclaimer", [labelled(content.disclaimer.heading, content.disclaimer.text,
                                                        TextStyle(sizes.body, sizes.leading, palette.ink))],
                                padded=False),), (1.0,)))
    return [header], below
