"""Locale YAML (assets/locales/<lang>.yaml or a user's file) -> validated, frozen `Content`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

import yaml

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


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
"""A language code as file names use it ("de", "pt-BR"): letters and digits only, so that a code can never
name another folder when it becomes part of an output file name."""


@dataclass(frozen=True)
class Meta:
    code: str = field(metadata={"max_chars": 12})
    english_name: str = field(metadata={"max_chars": 60})
    native_name: str = field(metadata={"max_chars": 60})
    direction: Literal["ltr", "rtl"]
    status: Literal["draft", "reviewed"]

    def __post_init__(self) -> None:
        if not LANGUAGE_CODE.match(self.code):
            raise ValueError(f"code {self.code!r} is not a language code; write it like de or pt-BR")


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
    """Printed with the right foot (left-to-right languages): the left foot is its mirror image."""
    mirror_note_left: str
    """Printed with the left foot (right-to-left languages): the right foot is its mirror image."""
    big_toe: str
    little_toe: str
    ball: str
    arch: str
    ankle: str
    heel: str
    outer_points: str
    spine_line: str


@dataclass(frozen=True)
class CardText:
    """The pocket card's own, shorter texts (the card also uses the steps' titles)."""

    title: str
    view_line: str
    """A line under the title: which foot and side the diagram shows (the right foot, left to right)."""
    view_line_left: str
    """The same line when the diagram shows the left foot (right-to-left languages)."""
    steps: tuple[str, str, str]
    """One short sentence for each massage step, in the order of `steps.items`."""
    do_not_use: str
    """One sentence: when not to use the massage."""
    disclaimer: str
    print_note: str
    """How to print the card sheets (small print in the sheet's margin)."""


@dataclass(frozen=True)
class BookletZones:
    """One or two sentences per zone that open its booklet page: why this part of the back gets strained."""

    cervical: str
    thoracic: str
    lumbar: str
    sacral: str


@dataclass(frozen=True)
class BookletText:
    """The booklet's own texts; its pages also use the poster's sections (zones, steps, tips...)."""

    cover_line: str
    """A short line on the cover under the diagram: what the booklet is."""
    running_title: str
    """The short title in the running foot of every inner page."""
    contents: str
    page_label: str
    """Heading of the page-number column in the contents."""
    connection_more: str
    """A second paragraph for the page on how feet and back connect."""
    at_a_glance: str
    """Heading of the list of the four zones on that page."""
    zone_label: str
    """The word before a zone's number on its page ("Zone" 2)."""
    zone_intros: BookletZones
    acupressure_heading: str
    acupressure_body: str
    helps_more: str
    """A closing paragraph for the page on who it can help."""
    notes: str
    """Heading of a page left for the reader's notes."""
    practitioner: str
    """Label of the box on the back cover where a practitioner writes or stamps their name and contact."""
    print_short_edge: str
    """Printing note on sheets that are turned over on their short edge (small print in the sheet's margin)."""
    print_long_edge: str
    """The same for sheets turned over on their long edge."""
    print_cut: str
    """On sheets that hold two copies: where to cut (both sides of the middle strip, then the outer edges)."""
    print_trim: str
    """On sheets that hold one copy: cut the outer edges along the cut marks."""
    print_fold: str
    """Keep the sheets in order, fold in the middle, staple on the fold."""


@dataclass(frozen=True)
class TileText:
    """The texts of a poster split over home-printer sheets (`poster --tile`); {names} in braces are filled in."""

    label: str
    """Each sheet's label: {row}, {column} (numbers), {name} (e.g. B3: row letter, column number), {rows} and
    {columns} (the grid)."""
    map_title: str
    """Heading of the assembly map (page 1): {sheets}, {rows} and {columns}."""
    assemble: str
    """How to print, trim and glue the sheets (on the assembly map)."""
    glue: str
    """The word printed in the glue strip (the overlap the next sheet covers)."""


@dataclass(frozen=True)
class AccessibilityText:
    """Texts that are not printed: for screen readers and the file's metadata (chartgen.tagging)."""

    diagram: str
    """The diagram's alternative text after the card's view line (which names the foot shown): what the diagram
    shows, zone by zone, in two or three sentences."""
    print_only: str
    """The subject of the print-only files (tiles, card sheets, imposed booklet sheets), which carry no tags."""


@dataclass(frozen=True)
class HandoutText:
    """The one-sheet client handout's own texts; it also uses the zones, steps, cautions and disclaimer."""

    title: str
    prepared_for: str
    """The word before the client's name ("For" Mrs Meier), printed only when a client is named."""
    focus_heading: str
    """Heading of the panels of the zones the practitioner chose (or of all four zones, when none is chosen)."""
    other_zones: str
    """Heading of the smaller, muted panels of the zones not chosen."""
    how_often_heading: str
    how_often: str
    """The default line on how long and how often to massage (the practitioner may give their own)."""
    note_heading: str
    """Heading of the practitioner's own note, printed only when there is one."""


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
    card: CardText
    booklet: BookletText
    tiles: TileText = field(metadata={"added_later": True})
    handout: HandoutText = field(metadata={"added_later": True})
    accessibility: AccessibilityText = field(metadata={"added_later": True})
    source: str = field(default="", compare=False, metadata={"schema": False})
    """Path of the file it came from (for error messages); not part of the text."""
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, metadata={"schema": False})
    """(key path, line in its file) for every text, so that any message about a text names its line."""
    key_files: tuple[tuple[str, str], ...] = field(default=(), compare=False, metadata={"schema": False})
    """(key path, file) for every text that came from a file other than `source` (a text override, --text)."""
    filled: tuple[str, ...] = field(default=(), compare=False, metadata={"schema": False})
    """Sections a user's own file lacked, taken from chartgen's file of its language (see `locale_node`)."""

    def filled_note(self) -> str | None:
        """One line for the user when their own file lacked sections that were filled in (`locale_node`)."""
        if not self.filled:
            return None
        sections = " or ".join(self.filled) if len(self.filled) < 3 else \
            f"{', '.join(self.filled[:-1])} or {self.filled[-1]}"
        return (f"note: {self.source} has no {sections} texts (they came with a newer chartgen): "
                f"chartgen's own {self.meta.code!r} texts are used; copy those sections from "
                f"{locale_path(self.meta.code)} into your file to word them yourself")

    @property
    def diagram_alt(self) -> str:
        """The diagram's alternative text: which foot and side it shows (as the card says), then what it shows."""
        view = self.card.view_line_left if self.meta.direction == "rtl" else self.card.view_line
        # Full-width punctuation ends a sentence without a space (Chinese: "…镜像。脊柱…").
        return f"{view}{'' if view.endswith(('。', '！', '？')) else ' '}{self.accessibility.diagram}"

    def file_of(self, key: str) -> str | None:
        """The file the text at `key` came from: a text override's, else the locale's."""
        return dict(self.key_files).get(key) or self.source or None

    def problem(self, key: str, message: str) -> Problem:
        """A problem with the text at `key` (e.g. "zones.lumbar.find"), located in its file and line."""
        return Problem(message, file=self.file_of(key), line=dict(self.key_lines).get(key), key=key)

    @property
    def shipped(self) -> bool:
        """Whether the text is one of chartgen's own translations (a problem in it is chartgen's to fix, not the
        user's)."""
        return bool(self.source) and Path(self.source).resolve().parent == LOCALES_DIR.resolve()


def locale_path(lang: str) -> Path:
    """The shipped locale file for a language code."""
    return LOCALES_DIR / f"{lang}.yaml"


def available_languages() -> tuple[str, ...]:
    """Codes of the shipped locales, sorted."""
    return tuple(sorted(p.stem for p in LOCALES_DIR.glob("*.yaml")))


NEWER_SECTIONS = tuple(f.name for f in fields(Content) if f.metadata.get("added_later"))
"""Sections added to the locale files after the first release (marked `added_later` above): a user's own file
copied from an older en.yaml lacks them, and must go on working for the documents it was made for."""


def locale_node(path: Path) -> tuple[yaml.Node | None, dict[int, str], tuple[str, ...]]:
    """The YAML tree of a locale file. A user's own file that lacks whole sections added since its copy was made
    (NEWER_SECTIONS) gets them from chartgen's file of the language its `meta.code` names; (tree, the file of
    each borrowed node by id, the sections borrowed). A file for a language chartgen does not ship keeps its
    gaps: they are reported as missing, as every other missing text is."""
    node = schema.load_yaml(path)
    if not isinstance(node, yaml.MappingNode) or Path(path).resolve().parent == LOCALES_DIR.resolve():
        return node, {}, ()
    present = {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    missing = [section for section in NEWER_SECTIONS if section not in present]
    code = _meta_code(node)
    if not missing or code not in available_languages():
        return node, {}, ()
    shipped = schema.load_yaml(locale_path(code))
    assert isinstance(shipped, yaml.MappingNode)
    borrowed: dict[int, str] = {}
    for key, value in shipped.value:
        if key.value in missing:
            node.value.append((key, value))
            borrowed.update((id(each), str(locale_path(code))) for each in (key, *_subtree(value)))
    return node, borrowed, tuple(missing)


def _meta_code(node: yaml.MappingNode) -> str | None:
    for key, value in node.value:
        if key.value == "meta" and isinstance(value, yaml.MappingNode):
            for meta_key, meta_value in value.value:
                if meta_key.value == "code" and isinstance(meta_value, yaml.ScalarNode):
                    return str(meta_value.value)
    return None


def _subtree(node: yaml.Node) -> list[yaml.Node]:
    nodes = [node]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            nodes += [key, *_subtree(value)]
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            nodes += _subtree(item)
    return nodes


@functools.cache
def load(path: Path) -> Content:
    """Load and validate one locale file (cached: each file is read once per process)."""
    node, borrowed, filled = locale_node(path)
    value, lines, files = schema.build_located(Content, node, source=path, node_files=borrowed)
    return replace(value, source=str(path), key_lines=tuple(sorted(lines.items())),
                   key_files=tuple(sorted(files.items())), filled=filled)


def load_language(lang: str) -> Content:
    """Load a shipped language by code, with a helpful error for any other code."""
    if lang not in available_languages():
        known = ", ".join(available_languages())
        raise InputError(Problem(f"unknown language {lang!r}; available: {known}", key="--lang"))
    return load(locale_path(lang))

