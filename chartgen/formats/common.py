"""Pieces every format shares: checks before drawing, the diagram request and its --focus, page geometry with bleed,
badges."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from chartgen import fonts, tagging
from chartgen.colour import text_colour_on
from chartgen.content import ZONE_IDS, Content
from chartgen.diagram import DiagramPalette, DiagramRequest, DiagramStyle
from chartgen.errors import InputError, Problem
from chartgen.fonts import FontFamily
from chartgen.layout import MM, Palette
from chartgen.pdf import Box, PrintBoxes
from chartgen.text import Stacked, min_width


def diagram_request(content: Content, family: FontFamily, palette: Palette, *, width_pt: float, height_pt: float,
                    label_pt: float, small_pt: float, style: DiagramStyle,
                    short_names: bool = False, highlight: tuple[str, ...] = ()) -> DiagramRequest:
    """The diagram a format needs in its box: the language's words, fonts and direction, the format's colours,
    box size and type sizes (pt, rounded so that equal boxes give equal, cached drawings)."""
    zones = palette.zones
    return DiagramRequest(
        lang=content.meta.code,
        text=content.diagram,
        zone_names=tuple(zone.short if short_names else zone.name  # type: ignore[arg-type]
                         for _, zone in content.zones.ordered()),
        width_pt=round(width_pt, 3),
        height_pt=round(height_pt, 3),
        label_size_pt=round(label_pt, 3),
        small_size_pt=round(small_pt, 3),
        palette=DiagramPalette(
            ink=palette.ink, muted=palette.muted, skin=palette.skin, skin_shadow=palette.skin_shadow,
            outline=palette.outline, zones=(zones.cervical, zones.thoracic, zones.lumbar, zones.sacral),
        ),
        font_regular=family.regular_path,
        font_bold=family.bold_path,
        style=style,
        highlight=highlight,
        # Right to left, the left foot: its inner side reads right to left, zones 1 to 4 in reading order.
        side="left" if content.meta.direction == "rtl" else "right",
        rtl=content.meta.direction == "rtl",
        zone_name_key="short" if short_names else "name",
        source=content.source,
        key_lines=tuple((key, line) for key, line in content.key_lines
                        if key.startswith(("diagram.", "zones."))),
        key_files=tuple((key, file) for key, file in content.key_files if key.startswith(("diagram.", "zones."))),
    )


ZONE_ALIASES = {"neck": "cervical", "thorax": "thoracic", "sacrum": "sacral", "tailbone": "sacral"}
"""Other names a practitioner may type for a zone in --focus (the zone ids are ZONE_IDS)."""


def parse_focus(value: str | None) -> tuple[str, ...]:
    """--focus "lumbar,sacral" -> the zone ids head to tail; unknown, empty or repeated zones are InputErrors."""
    if value is None:
        return ()
    names = [name.strip().lower() for name in value.split(",")]
    choices = ", ".join(ZONE_IDS)
    if not value.strip() or any(not name for name in names):
        raise InputError(Problem(f"an empty zone in {value!r}; list zones separated by commas, from: {choices}",
                                 key="--focus"))
    ids = []
    for name in names:
        zone_id = ZONE_ALIASES.get(name, name)
        if zone_id not in ZONE_IDS:
            raise InputError(Problem(f"unknown zone {name!r}; choose from: {choices}", key="--focus"))
        if zone_id in ids:
            raise InputError(Problem(f"zone {name!r} is listed twice; name each zone once", key="--focus"))
        ids.append(zone_id)
    return tuple(zone_id for zone_id in ZONE_IDS if zone_id in ids)


def content_texts(content: Content) -> dict[str, str]:
    """Every printable string of the content, keyed by its dotted path (e.g. `zones.lumbar.find`)."""
    return dict(_walk(content, ""))


def _walk(value: object, key: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.compare:
                yield from _walk(getattr(value, f.name), f"{key}.{f.name}" if key else f.name)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{key}[{index}]")


def check_content(content: Content) -> FontFamily:
    """Fail before drawing if any character lacks a glyph; returns the family that draws the language."""
    family = fonts.family_for_texts(content_texts(content).values())
    fonts.check_glyphs(family, content_texts(content), lang=content.meta.code, source=content.source,
                       lines=dict(content.key_lines), files=dict(content.key_files))
    return family


SAFE_ZONE_MM = 3.0
"""Clear band inside every trim (mm, on every paper): no text, number or tab in it, since a cut may stray that far.
Without bleed it shows only the paper; with bleed, only art that runs on into the bleed."""


@dataclass(frozen=True)
class Sheet:
    """A page's geometry in points: the trim size, and the bleed and slug around it when printing to a shop."""

    trim_width: float
    trim_height: float
    bleed: float
    """Art extends this far past the trim (0 without --bleed)."""
    slug: float
    """Distance from the trim to the media edge, room for bleed and crop marks (0 without --bleed)."""

    @property
    def media_size(self) -> tuple[float, float]:
        return (self.trim_width + 2 * self.slug, self.trim_height + 2 * self.slug)

    @property
    def boxes(self) -> PrintBoxes:
        trim = Box(self.slug, self.slug, self.trim_width, self.trim_height)
        return PrintBoxes(trim=trim, bleed=trim.inset(-self.bleed))

    @property
    def art_box(self) -> Box:
        """How far coloured art that runs to the page's edge may go (pt): into the bleed when there is one;
        without, it stops at the safe zone, so a cut a little off never leaves a sliver of colour or of white."""
        boxes = self.boxes
        return boxes.bleed if self.bleed else boxes.trim.inset(SAFE_ZONE_MM * MM)


def make_sheet(width_mm: float, height_mm: float, *, bleed_mm: float, mark_offset_mm: float,
               mark_length_mm: float, with_bleed: bool) -> Sheet:
    """Sheet geometry from millimetres; with bleed, the media grows to hold bleed and crop marks."""
    if not with_bleed:
        return Sheet(width_mm * MM, height_mm * MM, 0.0, 0.0)
    return Sheet(width_mm * MM, height_mm * MM, bleed_mm * MM, (mark_offset_mm + mark_length_mm) * MM)


class Badged(Stacked):
    """Flowables set beside a round numbered badge (the badge at the start of the line: left, or right for RTL)."""

    def __init__(self, label: str, colour: str, body: list[Flowable], *, family: FontFamily,
                 diameter: float, gap: float, rtl: bool = False, space_after: float = 0.0,
                 list_item: bool = False) -> None:
        super().__init__()
        self.list_item = list_item
        """Tagged (chartgen.tagging), a list item's number is its Lbl and its text its LBody (the caller makes the LI:
        `tagging.tag(badged, "LI")`, or a panel drawn as one); else the number is decoration (a zone's number only
        repeats the zones' order and the diagram's markers)."""
        self.label, self.colour, self.body = label, colour, body
        self.family, self.diameter, self.gap, self.rtl = family, diameter, gap, rtl
        self.spaceAfter = space_after
        self._heights: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = available_width - self.diameter - self.gap
        self._heights = [f.wrap(inner, available_height)[1] for f in self.body]
        gaps = sum(f.getSpaceAfter() for f in self.body[:-1])
        self.width = available_width
        self.height = max(self.diameter, self._body_offset() + sum(self._heights) + gaps)
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.diameter + self.gap + max((min_width(f) for f in self.body), default=0.0)

    def _first_leading(self) -> float:
        style = getattr(self.body[0], "style", None)
        return style.leading if style is not None else self.diameter

    def _body_offset(self) -> float:
        """Drop of the body (pt) that centres its first line on the badge when the badge is taller."""
        return max(0.0, (self.diameter - self._first_leading()) / 2)

    def draw(self) -> None:
        canvas: Canvas = self.canv
        badge_x = self.width - self.diameter / 2 if self.rtl else self.diameter / 2
        badge_y = self.height - max(self.diameter, self._first_leading()) / 2
        canvas.setFillColor(HexColor(self.colour))
        with tagging.artifact(canvas):
            canvas.circle(badge_x, badge_y, self.diameter / 2, stroke=0, fill=1)
        canvas.setFillColor(HexColor(text_colour_on(self.colour)))
        size = self.diameter * BADGE_NUMERAL_SHARE
        numeral_font = self.family.font_for(self.label[0], bold=True) or self.family
        canvas.setFont(numeral_font.face(bold=True), size)
        with tagging.element(canvas, "Lbl") if self.list_item else tagging.artifact(canvas):
            canvas.drawCentredString(badge_x, badge_y - size * NUMERAL_HALF_HEIGHT, self.label)
        body_x = 0.0 if self.rtl else self.diameter + self.gap
        y = self.height - self._body_offset()
        with tagging.group(canvas, "LBody") if self.list_item else contextlib.nullcontext():
            for flowable, height in zip(self.body, self._heights, strict=True):
                y -= height
                tagging.draw_on(flowable, canvas, body_x, y)
                y -= flowable.getSpaceAfter()


BADGE_NUMERAL_SHARE = 0.58
"""Numeral size as a share of the badge diameter: large, with a clear ring of colour around it."""
NUMERAL_HALF_HEIGHT = 0.357
"""Half the height of Noto Sans's lining numerals (714/1000 em): lowering the baseline by this centres them."""
