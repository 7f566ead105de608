"""Format layout YAML (layouts/<format>.yaml) -> validated, frozen layout dataclasses (mm and pt)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from chartgen import schema
from chartgen.errors import InputError, Problem
from chartgen.resources import LAYOUTS_DIR

MM = 72.0 / 25.4
"""Points per millimetre."""


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float = field(metadata={"min": 50, "max": 2000})
    height_mm: float = field(metadata={"min": 50, "max": 2000})


@dataclass(frozen=True)
class Grid:
    """The poster's grid at the reference paper (mm), and the room it may give up before any type shrinks."""

    margin_mm: float = field(metadata={"min": 3, "max": 60})
    gutter_mm: float = field(metadata={"min": 1, "max": 40})
    row_gap_mm: float = field(metadata={"min": 1, "max": 40})
    tight_row_gap_mm: float = field(metadata={"min": 1, "max": 40})
    """The row gap when all room is used (tried before type shrinks)."""
    min_diagram_share: float = field(metadata={"min": 0.1, "max": 0.8})
    """The diagram's least share of the page height while spacing can still tighten."""
    tight_diagram_share: float = field(metadata={"min": 0.1, "max": 0.8})
    """The diagram's least share once spacing is tight (tried before type shrinks)."""
    max_diagram_share: float = field(metadata={"min": 0.1, "max": 0.8})
    panel_padding_mm: float = field(metadata={"min": 0, "max": 20})
    tight_panel_padding_mm: float = field(metadata={"min": 0, "max": 20})
    panel_radius_mm: float = field(metadata={"min": 0, "max": 20})

    def __post_init__(self) -> None:
        for loose, tight in (("row_gap_mm", "tight_row_gap_mm"), ("min_diagram_share", "tight_diagram_share"),
                             ("panel_padding_mm", "tight_panel_padding_mm")):
            if getattr(self, tight) > getattr(self, loose):
                raise ValueError(f"{tight} {getattr(self, tight)} is larger than {loose} {getattr(self, loose)}")
        if self.min_diagram_share > self.max_diagram_share:
            raise ValueError(f"min_diagram_share {self.min_diagram_share} is larger than max_diagram_share "
                             f"{self.max_diagram_share}")


@dataclass(frozen=True)
class TypeScale:
    """Type sizes in points at the reference paper."""

    title: float = field(metadata={"min": 6, "max": 200})
    subtitle: float = field(metadata={"min": 6, "max": 200})
    heading: float = field(metadata={"min": 6, "max": 200})
    zone_name: float = field(metadata={"min": 6, "max": 200})
    body: float = field(metadata={"min": 6, "max": 200})
    label: float = field(metadata={"min": 6, "max": 200})
    small: float = field(metadata={"min": 5, "max": 200})
    leading: float = field(metadata={"min": 1.0, "max": 2.0})
    """Baseline distance of body text as a multiple of its size."""
    tight_leading: float = field(metadata={"min": 1.0, "max": 2.0})
    """The body leading when all room is used (tried before type shrinks)."""
    shrink_step: float = field(metadata={"min": 0.01, "max": 0.2})
    min_scale: float = field(metadata={"min": 0.5, "max": 1.0})
    """The floor: no type is set smaller than this share of its size (body 12 pt x 0.92 = 11 pt at A3)."""

    def __post_init__(self) -> None:
        if self.tight_leading > self.leading:
            raise ValueError(f"tight_leading {self.tight_leading} is larger than leading {self.leading}")

    def scaled(self, factor: float) -> TypeScale:
        """Every size times `factor` (leading and the shrink rules unchanged)."""
        return TypeScale(
            title=self.title * factor,
            subtitle=self.subtitle * factor,
            heading=self.heading * factor,
            zone_name=self.zone_name * factor,
            body=self.body * factor,
            label=self.label * factor,
            small=self.small * factor,
            leading=self.leading,
            tight_leading=self.tight_leading,
            shrink_step=self.shrink_step,
            min_scale=self.min_scale,
        )


@dataclass(frozen=True)
class ZoneColours:
    cervical: str
    thoracic: str
    lumbar: str
    sacral: str


@dataclass(frozen=True)
class Palette:
    """Colours as #RRGGBB."""

    ink: str
    muted: str
    accent: str
    rule: str
    panel: str
    caution_panel: str
    caution_ink: str
    skin: str
    skin_shadow: str
    outline: str
    zones: ZoneColours

    def __post_init__(self) -> None:
        for name, value in [*vars(self).items(), *vars(self.zones).items()]:
            if isinstance(value, str) and not _is_hex_colour(value):
                raise ValueError(f"colour {name} must be #RRGGBB (found {value!r})")

    def without_grey(self) -> Palette:
        """The palette for large print, which sets no grey text: secondary words (a diagram's vertebra ranges and
        mirror note) in the ink colour."""
        return dataclasses.replace(self, muted=self.ink)


@dataclass(frozen=True)
class PosterLargePrint:
    """`poster --large-print` (mm, pt): the poster's whole text over as many home-printer pages as it takes."""

    papers: tuple[str, ...] = field(metadata={"min": 1, "max": 4})
    """The papers it is made on (keys of the poster's papers): a home printer's."""
    margin_mm: float = field(metadata={"min": 5, "max": 30})
    gap_mm: float = field(metadata={"min": 1, "max": 20})
    """Space between two blocks one above the other."""
    body_pt: tuple[float, ...] = field(metadata={"min": 1, "max": 8})
    """The body sizes tried, largest first: the largest that needs no more pages than the smallest is used."""
    leading: float = field(metadata={"min": 1.0, "max": 2.0})
    title_ratio: float = field(metadata={"min": 1.0, "max": 3.0})
    heading_ratio: float = field(metadata={"min": 1.0, "max": 2.0})
    """Headings and zone names, as a multiple of the body size."""
    diagram_mm: float = field(metadata={"min": 40, "max": 250})
    """The diagram's height on the first page."""
    diagram_label_pt: float = field(metadata={"min": 8, "max": 30})
    diagram_small_pt: float = field(metadata={"min": 7, "max": 30})
    folio_pt: float = field(metadata={"min": 7, "max": 30})
    """The running title and page number at each page's foot."""
    badge_scale: float = field(metadata={"min": 1.0, "max": 3.0})
    """Step and zone badges' diameter as a multiple of the size of the text beside them."""
    panel_padding_mm: float = field(metadata={"min": 0, "max": 10})
    panel_radius_mm: float = field(metadata={"min": 0, "max": 10})
    band_mm: float = field(metadata={"min": 0, "max": 5})
    panel_tint: float = field(metadata={"min": 0.5, "max": 0.97})
    """How far a zone's colour is mixed towards white for its panel's fill."""

    def __post_init__(self) -> None:
        if list(self.body_pt) != sorted(self.body_pt, reverse=True):
            raise ValueError("body_pt must be listed largest first")
        if min(self.body_pt) < LARGE_PRINT_BODY_MIN_PT:
            raise ValueError(f"body_pt below {LARGE_PRINT_BODY_MIN_PT:g} pt is not large print")
        if min(self.diagram_label_pt, self.diagram_small_pt, self.folio_pt) < LARGE_PRINT_MIN_PT:
            raise ValueError(f"large print sets no text below {LARGE_PRINT_MIN_PT:g} pt")


@dataclass(frozen=True, eq=False)  # one per process (load_poster): compared and hashed as itself, so a Frame keys
class PosterLayout:                # a cache although `papers` is a dict
    reference_short_side_mm: float
    """Lengths and type scale with the paper's short side against this one's (A3's)."""
    reference_long_side_mm: float = field(metadata={"min": 50, "max": 3000})
    """A paper whose long side is shorter than its short side's scale gives (US Letter, 18 x 24 in) has less room
    than the reference for the same type: its type floor scales with the long side instead."""
    papers: dict[str, Paper]
    default_paper: str
    bleed_mm: float = field(metadata={"min": 0, "max": 10})
    crop_mark_length_mm: float = field(metadata={"min": 2, "max": 20})
    crop_mark_offset_mm: float = field(metadata={"min": 0, "max": 10})
    grid: Grid
    type: TypeScale
    large_print: PosterLargePrint

    def __post_init__(self) -> None:
        if self.default_paper not in self.papers:
            raise ValueError(f"default_paper {self.default_paper!r} is not one of the papers")
        unknown = [paper for paper in self.large_print.papers if paper not in self.papers]
        if unknown:
            raise ValueError(f"large_print.papers {unknown} are not among the papers")

    def paper_key(self, name: str) -> str:
        """The layout's own spelling of a paper name given in any case, or an InputError listing the choices."""
        return _choice(self.papers, name, "paper", "--paper")

    def paper(self, name: str) -> Paper:
        """The paper called `name` (any case)."""
        return self.papers[self.paper_key(name)]


def _is_hex_colour(value: str) -> bool:
    return len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:])


@functools.cache
def load_palette() -> Palette:
    """The colours every format prints with (layouts/palette.yaml, validated once per process)."""
    return schema.load(Palette, LAYOUTS_DIR / "palette.yaml")


def palette_for(accent: str | None) -> Palette:
    """The shared palette, with a practitioner's accent colour (#RRGGBB) in place of ours if given."""
    palette = load_palette()
    return dataclasses.replace(palette, accent=accent) if accent else palette


@functools.cache
def load_poster() -> PosterLayout:
    """The poster layout shipped with chartgen (validated once per process)."""
    return schema.load(PosterLayout, LAYOUTS_DIR / "poster.yaml")


# ---------------------------------------------------------------- pocket card

CARD_MIN_PT = 6.5
"""No text on the card is set smaller than this (pt): the legibility floor for a hand-held card."""


@dataclass(frozen=True)
class CardBox:
    """One text box of the card: its height (mm) and the type sizes (pt) its text may be fitted between."""

    height_mm: float = field(metadata={"min": 2, "max": 50})
    max_pt: float = field(metadata={"min": CARD_MIN_PT, "max": 30})
    min_pt: float = field(metadata={"min": CARD_MIN_PT, "max": 30})
    leading: float = field(metadata={"min": 1.0, "max": 1.6})
    """Baseline distance as a multiple of the type size."""

    def __post_init__(self) -> None:
        if self.min_pt > self.max_pt:
            raise ValueError(f"min_pt {self.min_pt} is larger than max_pt {self.max_pt}")


@dataclass(frozen=True)
class CardFront:
    """The front: the diagram fills the safe area; title and view line stack in its top left corner."""

    text_share: float = field(metadata={"min": 0.3, "max": 1.0})
    """Share of the safe width for the title and the view line."""
    text_height_mm: float = field(metadata={"min": 5, "max": 40})
    """Height of the corner the title and the view line share."""
    gap_mm: float = field(metadata={"min": 0, "max": 10})
    title: CardBox
    view_line: CardBox
    diagram_label_pt: float = field(metadata={"min": CARD_MIN_PT, "max": 20})
    diagram_small_pt: float = field(metadata={"min": CARD_MIN_PT, "max": 20})


@dataclass(frozen=True)
class CardBack:
    """The back, top to bottom: steps heading, the three steps, do-not-use-if panel, disclaimer.

    A box's `height_mm` is the height it is designed for: when the back is too full even at the smallest
    sizes, the boxes taller than designed are the ones named in the error.
    """

    heading: CardBox
    steps: CardBox
    caution: CardBox
    disclaimer: CardBox
    badge_scale: float = field(metadata={"min": 1.0, "max": 3.0})
    panel_padding_mm: float = field(metadata={"min": 0, "max": 5})
    panel_radius_mm: float = field(metadata={"min": 0, "max": 5})

    def boxes(self) -> tuple[tuple[str, CardBox], ...]:
        """(name, box) top to bottom."""
        return (("heading", self.heading), ("steps", self.steps), ("caution", self.caution),
                ("disclaimer", self.disclaimer))


@dataclass(frozen=True)
class CardLayout:
    """The ID-1 card (mm, pt) and the print sheets it is imposed on."""

    width_mm: float = field(metadata={"min": 40, "max": 200})
    height_mm: float = field(metadata={"min": 25, "max": 200})
    bleed_mm: float = field(metadata={"min": 0, "max": 10})
    safe_mm: float = field(metadata={"min": 3, "max": 15})
    gap_mm: float = field(metadata={"min": 0, "max": 10})
    front: CardFront
    back: CardBack
    sheets: dict[str, Paper] = field(metadata={"min": 1})
    sheet_margin_mm: float = field(metadata={"min": 5, "max": 40})
    cut_mark_offset_mm: float = field(metadata={"min": 0.5, "max": 10})
    cut_mark_length_mm: float = field(metadata={"min": 2, "max": 20})
    note_pt: float = field(metadata={"min": CARD_MIN_PT, "max": 12})
    note_gap_mm: float = field(metadata={"min": 0.5, "max": 10})
    printer_edge_mm: float = field(metadata={"min": 0, "max": 15})

    def __post_init__(self) -> None:
        inner = self.height_mm - 2 * self.safe_mm
        back = sum(box.height_mm for _, box in self.back.boxes()) + 3 * self.gap_mm
        if back > inner + 1e-6:
            raise ValueError(f"the back's boxes and gaps are {back:.1f} mm tall; the safe area is {inner:.1f} mm")
        if self.front.text_height_mm > inner / 2:
            raise ValueError("the front's title and view line take more than half the card's height")
        if "none" in self.sheets:
            raise ValueError("'none' is reserved for --sheet none; rename that sheet")

    def sheet_key(self, name: str) -> str | None:
        """The layout's spelling of a sheet name in any case, None for 'none', or an InputError listing choices."""
        key = _choice(["none", *self.sheets], name, "sheet", "--sheet")
        return None if key == "none" else key


@functools.cache
def load_card() -> CardLayout:
    """The pocket card layout shipped with chartgen (validated once per process)."""
    return schema.load(CardLayout, LAYOUTS_DIR / "card.yaml")


# ---------------------------------------------------------------- booklet

BOOKLET_PAGE_KINDS = ("cover", "contents", "connection", "zones", "steps", "acupressure", "helps", "cautions",
                      "notes", "back_cover")
"""What a booklet page can be; `zones` stands for one page per zone, head to tail."""


@dataclass(frozen=True)
class BookletPaper:
    """A booklet page size (mm), its type scale and floor for body text (pt), and how its pages use their room."""

    name: str
    width_mm: float = field(metadata={"min": 50, "max": 500})
    height_mm: float = field(metadata={"min": 50, "max": 500})
    min_body_pt: float = field(metadata={"min": 8, "max": 30})
    type_factor: float = field(default=1.0, metadata={"min": 0.5, "max": 3})
    """The layout's type scale (pt at A6) times this, unless the paper has a `type` of its own."""
    type: BookletType | None = None
    """The paper's own type scale (pt on this paper), in place of the layout's times `type_factor`."""
    diagram_height_mm: float | None = field(default=None, metadata={"min": 20, "max": 200})
    """The diagram's height on this paper (mm at the reference paper), in place of the layout's."""
    gap_stretch: float = field(default=1.0, metadata={"min": 1.0, "max": 4.0})
    """A page with height to spare (and no flexible space of its own) widens the gaps between its parts up to
    this factor, so that a large page does not end in a band of empty paper."""
    page_maps: tuple[str, ...] = ()
    """Page kinds that also show the whole map (all zones) below their text when the page has room for it."""
    imposed_copies: int = field(default=1, metadata={"min": 1, "max": 2})
    """Copies of each two-page spread per sheet side when imposed: 1 on a landscape sheet, 2 stacked on a portrait
    one."""


@dataclass(frozen=True)
class BookletMargins:
    """Page margins (mm at the reference paper); `inner` is on the stapled fold, `foot` the running foot's baseline."""

    top_mm: float = field(metadata={"min": 3, "max": 40})
    bottom_mm: float = field(metadata={"min": 3, "max": 40})
    inner_mm: float = field(metadata={"min": 3, "max": 40})
    outer_mm: float = field(metadata={"min": 3, "max": 40})
    foot_mm: float = field(metadata={"min": 2, "max": 30})


@dataclass(frozen=True)
class BookletType:
    """Type sizes in pt at A6; every size keeps its ratio to `body` when the body size is fitted."""

    title: float = field(metadata={"min": 6, "max": 100})
    subtitle: float = field(metadata={"min": 6, "max": 100})
    heading: float = field(metadata={"min": 6, "max": 100})
    subheading: float = field(metadata={"min": 6, "max": 100})
    body: float = field(metadata={"min": 6, "max": 100})
    small: float = field(metadata={"min": 5, "max": 100})
    foot: float = field(metadata={"min": 5, "max": 100})
    label: float = field(metadata={"min": 5, "max": 100})
    """Zone names in the diagram."""
    diagram_small: float = field(metadata={"min": 5, "max": 100})
    leading: float = field(metadata={"min": 1.0, "max": 2.0})
    step: float = field(metadata={"min": 0.05, "max": 1.0})
    """The fitting loop lowers the body size in steps of this many pt."""


@dataclass(frozen=True)
class ScriptTypeFactors:
    """How much larger than the type scale each script is set (1 = as given), by font family key (fonts.py)."""

    latin: float = field(default=1.0, metadata={"min": 0.8, "max": 1.5})
    arabic: float = field(default=1.0, metadata={"min": 0.8, "max": 1.5})
    devanagari: float = field(default=1.0, metadata={"min": 0.8, "max": 1.5})
    cjk: float = field(default=1.0, metadata={"min": 0.8, "max": 1.5})

    def of(self, family_key: str) -> float:
        """The factor of the family with key `family_key` (1 for a family not listed)."""
        return float(getattr(self, family_key, 1.0))


@dataclass(frozen=True)
class BookletImposition:
    """Sheets for the imposed booklet, and what goes around the pages on them (mm, pt)."""

    sheets: dict[str, Paper] = field(metadata={"min": 1})
    default_sheet: str
    margin_mm: float = field(metadata={"min": 3, "max": 30})
    """Clear space (mm) beside the pages, left and right: printers cannot print to the edge; cut marks go here."""
    note_margin_mm: float = field(metadata={"min": 3, "max": 30})
    """Clear space (mm) above and below the pages of a one-copy sheet, for the fold marks and the printing note."""
    gutter_mm: float = field(metadata={"min": 6, "max": 40})
    """On a two-copy sheet: space (mm) between the copies, cut away on both sides and carrying the printing note;
    each copy sits in the middle of its half of the sheet, so the margins above and below are half of it."""
    mark_offset_mm: float = field(metadata={"min": 0.5, "max": 10})
    mark_length_mm: float = field(metadata={"min": 1, "max": 20})
    note_pt: float = field(metadata={"min": 5, "max": 12})
    safe_edge_mm: float = field(metadata={"min": 0, "max": 15})
    """The printing note keeps this far from the sheet edge, where printers may not print."""

    def __post_init__(self) -> None:
        if self.default_sheet not in self.sheets:
            raise ValueError(f"default_sheet {self.default_sheet!r} is not one of the sheets")


@dataclass(frozen=True)
class BookletLayout:
    """The A6/A5 booklet: papers, page sequence, margins, type and imposition (mm and pt)."""

    reference_short_side_mm: float = field(metadata={"min": 50, "max": 500})
    papers: dict[str, BookletPaper] = field(metadata={"min": 1})
    default_paper: str
    pages: tuple[str, ...] = field(metadata={"min": 3, "max": 16})
    min_pages: int = field(metadata={"min": 4, "max": 64})
    max_pages: int = field(metadata={"min": 4, "max": 64})
    bleed_mm: float = field(metadata={"min": 0, "max": 10})
    crop_mark_length_mm: float = field(metadata={"min": 2, "max": 20})
    crop_mark_offset_mm: float = field(metadata={"min": 0, "max": 10})
    margins: BookletMargins
    type: BookletType
    diagram_height_mm: float = field(metadata={"min": 20, "max": 200})
    """Height of the diagram on the cover and on every zone page, at the reference paper."""
    diagram_min_height_mm: float = field(metadata={"min": 20, "max": 200})
    """When the text does not fit even at its smallest size, the diagram gives way down to this height."""
    diagram_step_mm: float = field(metadata={"min": 0.5, "max": 10})
    tab_height_mm: float = field(metadata={"min": 3, "max": 40})
    """Height of a zone page's coloured thumb tab on the outer edge."""
    tab_width_mm: float = field(metadata={"min": 5, "max": 20})
    """Width of the thumb tab inside the trim; its number stands in the part beyond the 3 mm safe zone."""
    notes_line_mm: float = field(metadata={"min": 4, "max": 20})
    """Distance between the writing lines of a notes page."""
    imposition: BookletImposition
    script_type_factors: ScriptTypeFactors = field(default_factory=ScriptTypeFactors)
    """Each script's type is set this much larger than the paper's type scale (see `type_for`)."""

    def __post_init__(self) -> None:
        if self.default_paper not in self.papers:
            raise ValueError(f"default_paper {self.default_paper!r} is not one of the papers")
        unknown = [kind for kind in self.pages if kind not in BOOKLET_PAGE_KINDS]
        if unknown:
            raise ValueError(f"unknown page kind(s) {', '.join(unknown)}; use {', '.join(BOOKLET_PAGE_KINDS)}")
        if self.pages[0] != "cover" or self.pages[-1] != "back_cover":
            raise ValueError("pages must start with cover and end with back_cover")
        if self.min_pages % 4 or self.max_pages % 4 or self.min_pages > self.max_pages:
            raise ValueError("min_pages and max_pages must be multiples of 4, min_pages <= max_pages")
        for paper in self.papers.values():
            unknown = [kind for kind in paper.page_maps if kind not in BOOKLET_PAGE_KINDS]
            if unknown:
                raise ValueError(f"{paper.name}: unknown page kind(s) in page_maps: {', '.join(unknown)}")
            if self.diagram_height_for(paper) < self.diagram_min_height_mm:
                raise ValueError(f"{paper.name}: diagram_height_mm is below diagram_min_height_mm")

    def paper_key(self, name: str) -> str:
        """The layout's spelling of a page size given in any case, or an InputError listing the choices."""
        return _choice(self.papers, name, "paper", "--paper")

    def type_for(self, paper: BookletPaper) -> BookletType:
        """The type scale of `paper` (pt on it): its own, or the layout's times its type factor."""
        if paper.type is not None:
            return paper.type
        factor = paper.type_factor
        scale = self.type
        return dataclasses.replace(scale, title=scale.title * factor, subtitle=scale.subtitle * factor,
                                   heading=scale.heading * factor, subheading=scale.subheading * factor,
                                   body=scale.body * factor, small=scale.small * factor, foot=scale.foot * factor,
                                   label=scale.label * factor, diagram_small=scale.diagram_small * factor)

    def diagram_height_for(self, paper: BookletPaper) -> float:
        """The diagram's height on `paper` (mm at the reference paper): its own, or the layout's."""
        return paper.diagram_height_mm if paper.diagram_height_mm is not None else self.diagram_height_mm

    def sheet_key(self, name: str) -> str:
        """The layout's spelling of an imposition sheet given in any case, or an InputError listing the choices."""
        return _choice(self.imposition.sheets, name, "sheet", "--sheet")


def _choice(options: Iterable[str], name: str, what: str, option: str) -> str:
    """The option spelled as the layout spells it, matched in any case, or an InputError listing the choices."""
    for key in options:
        if key.lower() == name.strip().lower():
            return key
    raise InputError(Problem(f"unknown {what} {name!r}; choose one of {'|'.join(options)}", key=option))


@functools.cache
def load_booklet() -> BookletLayout:
    """The booklet layout shipped with chartgen (validated once per process)."""
    return schema.load(BookletLayout, LAYOUTS_DIR / "booklet.yaml")


# ---------------------------------------------------------------- handout

HANDOUT_BODY_MIN_PT = 12.0
"""No body text of the client handout is set smaller than this (pt): read at arm's length, often by older eyes."""
LARGE_PRINT_BODY_MIN_PT = 16.0
"""Large print: no body text below this (pt). RNIB's Clear Print guidance puts large print at 16 to 18 pt, APH's
large-print guidelines at 18 pt; the layout tries 18 first."""
LARGE_PRINT_MIN_PT = 12.0
"""Large print: no text at all below this (pt), the diagram's labels included."""


@dataclass(frozen=True)
class HandoutType:
    """The handout's type and diagram sizes (pt; heights in mm), tried largest first: the usual ones, or those of
    `--large-print`."""

    body_pt: tuple[float, ...] = field(metadata={"min": 1, "max": 8})
    """The body sizes tried, largest first."""
    diagram_mm: tuple[float, ...] = field(metadata={"min": 1, "max": 8})
    """The diagram's heights tried at each body size, largest first."""
    leading: float = field(metadata={"min": 1.0, "max": 2.0})
    """Line spacing as a multiple of the type size (large-print guidance asks for about 1.5)."""
    title_ratio: float = field(metadata={"min": 1.0, "max": 3.0})
    heading_ratio: float = field(metadata={"min": 1.0, "max": 2.0})
    """Section headings and a chosen zone's name, as a multiple of the body size."""
    diagram_label_pt: float = field(metadata={"min": 8, "max": 30})
    diagram_small_pt: float = field(metadata={"min": 7, "max": 30})

    def __post_init__(self) -> None:
        for name, values in (("body_pt", self.body_pt), ("diagram_mm", self.diagram_mm)):
            if list(values) != sorted(values, reverse=True):
                raise ValueError(f"{name} must be listed largest first")


@dataclass(frozen=True)
class HandoutLayout:
    """The one-sheet client handout (mm, pt): papers, the printable margin, spacing, and the type sizes and
    diagram heights, usual and in large print."""

    papers: dict[str, Paper] = field(metadata={"min": 1})
    margin_mm: float = field(metadata={"min": 5, "max": 30})
    """Everything stays this far inside the paper's edge: a home printer cannot print nearer (no bleed)."""
    gap_mm: float = field(metadata={"min": 1, "max": 20})
    """Space between two sections one above the other."""
    column_gap_mm: float = field(metadata={"min": 2, "max": 30})
    type: HandoutType
    """Body never below HANDOUT_BODY_MIN_PT."""
    large_print: HandoutType
    """Body never below LARGE_PRINT_BODY_MIN_PT, no text (the diagram's labels included) below LARGE_PRINT_MIN_PT;
    the handout then takes both sides of the sheet."""
    badge_scale: float = field(metadata={"min": 1.0, "max": 3.0})
    panel_padding_mm: float = field(metadata={"min": 0, "max": 10})
    panel_radius_mm: float = field(metadata={"min": 0, "max": 10})
    band_mm: float = field(metadata={"min": 0, "max": 5})
    """Width of the coloured bar at the line start of a zone's or the caution's panel."""
    focus_tint: float = field(metadata={"min": 0.5, "max": 0.97})
    """How far a chosen zone's colour is mixed towards white for its panel's fill."""
    practitioner_box_mm: float = field(metadata={"min": 8, "max": 60})
    """Height of the empty box for a practitioner's stamp, when no brand is given."""
    qr_mm: float = field(metadata={"min": 10, "max": 40})

    def __post_init__(self) -> None:
        if min(self.type.body_pt) < HANDOUT_BODY_MIN_PT:
            raise ValueError(f"type.body_pt below {HANDOUT_BODY_MIN_PT:g} pt: the handout's body is never smaller")
        large = self.large_print
        if min(large.body_pt) < LARGE_PRINT_BODY_MIN_PT:
            raise ValueError(f"large_print.body_pt below {LARGE_PRINT_BODY_MIN_PT:g} pt is not large print")
        if min(large.diagram_label_pt, large.diagram_small_pt) < LARGE_PRINT_MIN_PT:
            raise ValueError(f"large print sets no text below {LARGE_PRINT_MIN_PT:g} pt")

    def sizes(self, *, large_print: bool) -> HandoutType:
        """The type sizes and diagram heights to try: the usual ones or the large-print ones."""
        return self.large_print if large_print else self.type

    def paper_key(self, name: str) -> str:
        """The layout's spelling of a paper name in any case, or an InputError listing the choices."""
        return _choice(self.papers, name, "paper", "--paper")



@functools.cache
def load_handout() -> HandoutLayout:
    """The client handout layout shipped with chartgen (validated once per process)."""
    return schema.load(HandoutLayout, LAYOUTS_DIR / "handout.yaml")
