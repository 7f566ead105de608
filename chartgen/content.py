"""Locale YAML (assets/locales/<lang>.yaml or a user's file) -> validated, frozen `Content`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from chartgen import schema
from chartgen.errors import InputError, Problem
from chartgen.resources import LOCALES_DIR

ZONE_IDS: tuple[str, ...] = ("cervical", "thoracic", "lumbar", "sacral")
"""The spine's zones, head to tail; also the order of their numbers 1-4."""

ZONE_SEGMENTS: dict[str, str] = {
    "cervical": "C1–C7",
    "thoracic": "T1–T12",
    "lumbar": "L1–L5",
    "sacral": "S1–S5 · Co",
}
"""Vertebrae of each zone, in the international notation every language uses."""


@dataclass(frozen=True)
class Meta:
    code: str
    english_name: str
    native_name: str
    direction: Literal["ltr", "rtl"]
    status: Literal["draft", "reviewed"]


@dataclass(frozen=True)
class Section:
    heading: str
    body: str


@dataclass(frozen=True)
class Zone:
    name: str
    short: str
    where: str
    find: str
    helps: str


@dataclass(frozen=True)
class Zones:
    heading: str
    where_label: str
    find_label: str
    helps_label: str
    cervical: Zone
    thoracic: Zone
    lumbar: Zone
    sacral: Zone

    def ordered(self) -> tuple[tuple[str, Zone], ...]:
        """(zone id, zone) head to tail."""
        return tuple((zone_id, getattr(self, zone_id)) for zone_id in ZONE_IDS)


@dataclass(frozen=True)
class Step:
    title: str
    text: str


@dataclass(frozen=True)
class Steps:
    heading: str
    intro: str
    items: tuple[Step, Step, Step]
    note: str


@dataclass(frozen=True)
class Tip:
    title: str
    text: str


@dataclass(frozen=True)
class Tips:
    heading: str
    outer_edge: Tip
    mat: Tip
    both_feet: Tip

    def ordered(self) -> tuple[Tip, ...]:
        return (self.outer_edge, self.mat, self.both_feet)


@dataclass(frozen=True)
class Helps:
    heading: str
    intro: str
    items: tuple[str, ...] = field(metadata={"min": 3, "max": 8})


@dataclass(frozen=True)
class Cautions:
    heading: str
    items: tuple[str, ...] = field(metadata={"min": 2, "max": 6})
    note: str = ""


@dataclass(frozen=True)
class Disclaimer:
    heading: str
    text: str


@dataclass(frozen=True)
class DiagramText:
    """Every word the foot diagram prints."""

    inner_view: str
    outer_view: str
    sole_view: str
    left_foot: str
    right_foot: str
    mirror_note: str
    big_toe: str
    little_toe: str
    ball: str
    arch: str
    ankle: str
    heel: str
    outer_points: str
    spine_line: str


@dataclass(frozen=True)
class Content:
    """All the text of one language."""

    meta: Meta
    title: str
    subtitle: str
    connection: Section
    zones: Zones
    steps: Steps
    tips: Tips
    helps: Helps
    cautions: Cautions
    disclaimer: Disclaimer
    convention: str
    diagram: DiagramText
    source: str = field(default="", compare=False)
    """Path of the file it came from (for error messages); not part of the text."""


def locale_path(lang: str) -> Path:
    """The shipped locale file for a language code."""
    return LOCALES_DIR / f"{lang}.yaml"


def available_languages() -> tuple[str, ...]:
    """Codes of the shipped locales, sorted."""
    return tuple(sorted(p.stem for p in LOCALES_DIR.glob("*.yaml")))


@functools.cache
def load(path: Path) -> Content:
    """Load and validate one locale file (cached: each file is read once per process)."""
    return replace(schema.load(Content, path), source=str(path))


def load_language(lang: str) -> Content:
    """Load a shipped language by code, with a helpful error for an unknown code."""
    path = locale_path(lang)
    if not path.is_file():
        known = ", ".join(available_languages())
        raise InputError(Problem(f"unknown language {lang!r}; available: {known}", key="--lang"))
    return load(path)

