"""Format layout YAML (layouts/<format>.yaml) -> validated, frozen layout dataclasses (mm and pt)."""

from __future__ import annotations

import functools
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
    margin_mm: float = field(metadata={"min": 3, "max": 60})
    gutter_mm: float = field(metadata={"min": 1, "max": 40})
    row_gap_mm: float = field(metadata={"min": 1, "max": 40})
    min_diagram_share: float = field(metadata={"min": 0.1, "max": 0.8})
    max_diagram_share: float = field(metadata={"min": 0.1, "max": 0.8})
    panel_padding_mm: float = field(metadata={"min": 0, "max": 20})
    panel_radius_mm: float = field(metadata={"min": 0, "max": 20})


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
    shrink_step: float = field(metadata={"min": 0.01, "max": 0.2})
    min_scale: float = field(metadata={"min": 0.5, "max": 1.0})

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


@dataclass(frozen=True)
class PosterLayout:
    reference_short_side_mm: float
    papers: dict[str, Paper]
    default_paper: str
    bleed_mm: float = field(metadata={"min": 0, "max": 10})
    crop_mark_length_mm: float = field(metadata={"min": 2, "max": 20})
    crop_mark_offset_mm: float = field(metadata={"min": 0, "max": 10})
    grid: Grid
    type: TypeScale
    palette: Palette

    def __post_init__(self) -> None:
        if self.default_paper not in self.papers:
            raise ValueError(f"default_paper {self.default_paper!r} is not one of the papers")

    def paper_key(self, name: str) -> str:
        """The layout's own spelling of a paper name given in any case, or an InputError listing the choices."""
        for key in self.papers:
            if key.lower() == name.strip().lower():
                return key
        raise InputError(Problem(f"unknown paper {name!r}; choose one of {'|'.join(self.papers)}", key="--paper"))

    def paper(self, name: str) -> Paper:
        """The paper called `name` (any case)."""
        return self.papers[self.paper_key(name)]


def _is_hex_colour(value: str) -> bool:
    return len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:])


@functools.cache
def load_poster() -> PosterLayout:
    """The poster layout shipped with chartgen (validated once per process)."""
    return schema.load(PosterLayout, LAYOUTS_DIR / "poster.yaml")
