"""Label text + anchors + obstacles (all in pt) -> measured, wrapped, placed label boxes with leader lines.

Text is measured with the same font files and shaping matplotlib uses for the PDF
(matplotlib.textpath), so a box here is the ink box on the page. Nothing is
ever clipped: a label either gets a place clear of the foot, the other labels
and the box edge, or the caller reports that it does not fit.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import Literal

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox

from chartgen import fonts

LEADING = 1.22
"""Baseline-to-baseline distance as a multiple of the type size."""

TOLERANCE = 1e-6
"""pt: far below anything visible, far above floating-point rounding."""

Align = Literal["left", "center", "right"]

_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class Font:
    """A face and size for one line of text; sizes in pt, colour #RRGGBB."""

    path: FilePath
    size: float
    colour: str


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pt (y up)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def grown(self, pad: float) -> Box:
        """The box with `pad` pt added on every side."""
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def within(self, other: Box) -> bool:
        """Whether this box lies inside `other` (to within TOLERANCE, so rounding in sums does not count)."""
        t = TOLERANCE
        return (self.x0 >= other.x0 - t and self.y0 >= other.y0 - t
                and self.x1 <= other.x1 + t and self.y1 <= other.y1 + t)

    def mirrored(self, width: float) -> Box:
        """The box reflected across x = width / 2."""
        return Box(width - self.x1, self.y0, width - self.x0, self.y1)


def font_properties(path: FilePath, size: float) -> FontProperties:
    """matplotlib properties for the face `path` at `size` pt, with its family's fallback fonts behind it."""
    family = fonts.family_of_path(path)
    bold = path == family.bold_path and family.bold_path != family.regular_path
    return fonts.matplotlib_properties(family, size=size, bold=bold)


@functools.lru_cache(maxsize=4096)
def measure(text: str, path: FilePath, size: float) -> tuple[float, float, float]:
    """(advance width, ascent above baseline, descent below baseline) of one line, in pt."""
    prop = font_properties(path, size)
    width, height, descent = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return float(width), float(height - descent), float(descent)


@dataclass(frozen=True)
class Line:
    text: str
    font: Font
    width: float
    ascent: float
    descent: float

    @classmethod
    def of(cls, text: str, font: Font) -> Line:
        return cls(text, font, *measure(text, font.path, font.size))


@dataclass(frozen=True)
class Block:
    """Lines stacked top to bottom, aligned together; sizes in pt."""

    lines: tuple[Line, ...]

    @property
    def width(self) -> float:
        return max(line.width for line in self.lines)

    def baselines(self) -> tuple[float, ...]:
        """Baseline of each line measured down from the block's top edge (positive numbers)."""
        first = self.lines[0]
        result = [max(first.ascent, 0.7 * first.font.size)]
        for line in self.lines[1:]:
            result.append(result[-1] + LEADING * line.font.size)
        return tuple(result)

    @property
    def height(self) -> float:
        return self.baselines()[-1] + max(self.lines[-1].descent, 0.2 * self.lines[-1].font.size)


def block(*parts: tuple[str, Font]) -> Block:
    """A block from (text, font) pairs; a text containing newlines becomes several lines."""
    lines = [Line.of(piece, font) for text, font in parts for piece in text.split("\n")]
    return Block(tuple(lines))


@functools.lru_cache(maxsize=4096)
def wrap_choices(text: str, font: Font, max_lines: int = 2) -> tuple[str, ...]:
    """The text as given, then its narrowest split into 2, 3, ... up to `max_lines` lines.

    Lines break at spaces or after hyphens, or between characters for Chinese and Japanese
    (`FontFamily.wraps_anywhere`). A split is only offered when it is narrower than the one before.
    """
    pieces = _break_points(text, anywhere=fonts.family_of_path(font.path).wraps_anywhere)
    choices = [text]
    widest = measure(text, font.path, font.size)[0]
    for lines in range(2, min(max_lines, len(pieces)) + 1):
        width, split = _narrowest_split(tuple(pieces), lines, font)
        if width < widest - 1e-6:
            choices.append(split)
            widest = width
    return tuple(choices)


def _narrowest_split(pieces: tuple[str, ...], lines: int, font: Font) -> tuple[float, str]:
    """(width in pt, text with newlines): `pieces` on exactly `lines` lines, the widest line as narrow as can be."""
    count = len(pieces)

    def width(a: int, b: int) -> float:
        return measure("".join(pieces[a:b]).strip(), font.path, font.size)[0]

    # best[k][i]: (widest line, break positions) for pieces[:i] on k lines (dynamic programming)
    best: list[dict[int, tuple[float, tuple[int, ...]]]] = [{0: (0.0, ())}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[float, tuple[int, ...]]] = {}
        for i in range(k, count - (lines - k) + 1):
            options = (
                (max(best[k - 1][j][0], width(j, i)), best[k - 1][j][1] + (i,))
                for j in range(k - 1, i)
                if j in best[k - 1]
            )
            row[i] = min(options)
        best.append(row)
    widest, ends = best[lines][count]
    starts = (0, *ends[:-1])
    return widest, "\n".join("".join(pieces[a:b]).strip() for a, b in zip(starts, ends, strict=True))


NO_BREAK_BEFORE = frozenset("。、，．・：；！？）」』】〕〉》”’%)]}!?,.:;")
"""Closing punctuation never starts a line in Chinese or Japanese text."""
NO_BREAK_AFTER = frozenset("（「『【〔〈《“‘([{")
"""Opening punctuation never ends a line."""


def _break_points(text: str, *, anywhere: bool = False) -> list[str]:
    """Pieces of `text` a line may end after: words with their trailing space, or up to a hyphen.

    With `anywhere` (Chinese, Japanese), every character is a piece, as those scripts break between
    characters, except that closing punctuation stays with the character before it, opening
    punctuation with the one after it, and runs of Latin letters and digits stay whole.
    """
    if anywhere:
        return _cjk_pieces(text)
    pieces: list[str] = []
    current = ""
    for char in text:
        current += char
        if char in " -‐–/":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _cjk_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    for char in text:
        if not pieces:
            pieces.append(char)
            continue
        last = pieces[-1][-1]
        joins = (
            char in NO_BREAK_BEFORE
            or last in NO_BREAK_AFTER
            or char == " "
            or (char.isascii() and char.isalnum() and last.isascii() and last.isalnum())
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return [p for p in pieces if p.strip()]


@dataclass(frozen=True)
class Placed:
    """A label put on the page: its block, ink box, alignment and optional leader (pt)."""

    key: str
    block: Block
    box: Box
    align: Align
    leader: tuple[tuple[float, float], ...] = ()
    """Polyline from the anchor (first point) to the label; empty for captions."""
    dot: bool = False
    """Whether the anchor end carries a small dot (landmark labels)."""

    def line_origins(self) -> tuple[tuple[float, float], ...]:
        """(x, baseline y) where each line is drawn with horizontal alignment `align`."""
        x = {"left": self.box.x0, "center": (self.box.x0 + self.box.x1) / 2, "right": self.box.x1}[self.align]
        return tuple((x, self.box.y1 - b) for b in self.block.baselines())

    def shifted(self, dx: float, dy: float) -> Placed:
        """The same label moved by (dx, dy) pt."""
        box = Box(self.box.x0 + dx, self.box.y0 + dy, self.box.x1 + dx, self.box.y1 + dy)
        return replace(self, box=box, leader=tuple((x + dx, y + dy) for x, y in self.leader))

    def mirrored(self, width: float) -> Placed:
        """The same label reflected across x = width / 2 (text itself is not mirrored)."""
        flip: dict[Align, Align] = {"left": "right", "center": "center", "right": "left"}
        leader = tuple((width - x, y) for x, y in self.leader)
        return replace(self, box=self.box.mirrored(width), align=flip[self.align], leader=leader)


def place_at(key: str, blk: Block, x: float, top: float, align: Align) -> Placed:
    """A label whose `align` edge is at x and whose top edge is at `top`."""
    x0 = {"left": x, "center": x - blk.width / 2, "right": x - blk.width}[align]
    return Placed(key, blk, Box(x0, top - blk.height, x0 + blk.width, top), align)


# ---------------------------------------------------------------- obstacles


@dataclass
class Obstacles:
    """What a new label must keep clear of: filled shapes, boxes and leader lines (pt)."""

    shapes: list[Path]
    boxes: list[Box]
    leaders: list[tuple[np.ndarray, np.ndarray]]

    def box_clear(self, box: Box, pad: float) -> bool:
        grown = box.grown(pad)
        if any(grown.overlaps(b) for b in self.boxes):
            return False
        bbox = Bbox.from_extents(grown.x0, grown.y0, grown.x1, grown.y1)
        if any(shape.intersects_bbox(bbox, filled=True) for shape in self.shapes):
            return False
        return not any(segment_hits_box(p, q, grown) for p, q in self.leaders)

    def leader_clear(self, p: np.ndarray, q: np.ndarray, pad: float) -> bool:
        if any(segment_hits_box(p, q, b.grown(pad)) for b in self.boxes):
            return False
        return not any(segments_cross(p, q, a, b) for a, b in self.leaders)

    def add(self, placed: Placed) -> None:
        self.boxes.append(placed.box)
        points = [np.asarray(pt) for pt in placed.leader]
        self.leaders.extend(itertools.pairwise(points))


def segment_hits_box(p: np.ndarray, q: np.ndarray, box: Box) -> bool:
    """Whether the segment p-q meets the box (Liang–Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    d = q - p
    for delta, low, high, start in ((d[0], box.x0, box.x1, p[0]), (d[1], box.y0, box.y1, p[1])):
        if abs(delta) < 1e-12:
            if start < low or start > high:
                return False
            continue
        a, b = (low - start) / delta, (high - start) / delta
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        if t0 > t1:
            return False
    return True


def segments_cross(p: np.ndarray, q: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    """Whether segments p-q and a-b properly intersect."""

    def orient(u: np.ndarray, v: np.ndarray, w: np.ndarray) -> float:
        return float((v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0]))

    d1, d2, d3, d4 = orient(a, b, p), orient(a, b, q), orient(p, q, a), orient(p, q, b)
    return d1 * d2 < 0 and d3 * d4 < 0


# ---------------------------------------------------------------- placement


DIRECTIONS = (90, 60, 120, 30, 150, 0, 180, 330, 210, 270, 300, 240)
"""Default leader directions in degrees, most preferred first (labels above their anchor read best)."""


def place_free(
    key: str,
    blk: Block,
    anchor: np.ndarray,
    region: Box,
    obstacles: Obstacles,
    *,
    distances: tuple[float, ...],
    pad: float,
    directions: tuple[int, ...] = DIRECTIONS,
) -> Placed | None:
    """The best spot for a label around `anchor` (pt) inside `region`, clear of `obstacles`; None if none is.

    Candidates are tried by score: leader length plus a penalty for less preferred directions.
    """
    candidates = []
    for rank, angle in enumerate(directions):
        for distance in distances:
            candidates.append((distance * (1.0 + 0.12 * rank), angle, distance))
    for _, angle, distance in sorted(candidates):
        rad = math.radians(angle)
        dx, dy = math.cos(rad), math.sin(rad)
        end = anchor + distance * np.array([dx, dy])
        align: Align = "left" if dx > 0.35 else "right" if dx < -0.35 else "center"
        if dy > 0.35:
            top = end[1] + blk.height
        elif dy < -0.35:
            top = end[1]
        else:
            top = end[1] + blk.height / 2
        placed = place_at(key, blk, float(end[0]), float(top), align)
        if not placed.box.within(region) or not obstacles.box_clear(placed.box, pad):
            continue
        start = anchor + (pad * 0.5) * np.array([dx, dy])
        tip = end - pad * np.array([dx, dy])
        if not obstacles.leader_clear(start, tip, pad * 0.5):
            continue
        return replace(placed, leader=(tuple(anchor), tuple(tip)), dot=True)
    return None


def solve_row(widths: list[float], ideal: list[float], lo: float, hi: float, gap: float) -> list[float] | None:
    """Centres for boxes in a row, in order, at least `gap` apart, inside [lo, hi], as near `ideal` as can be.

    Least squares under the ordering constraints (pool-adjacent-violators), then clamped;
    None if the boxes cannot fit side by side.
    """
    offsets = [0.0]
    for a, b in itertools.pairwise(widths):
        offsets.append(offsets[-1] + (a + b) / 2 + gap)
    targets = [c - o for c, o in zip(ideal, offsets, strict=True)]
    t_min = lo + widths[0] / 2
    t_max = hi - widths[-1] / 2 - offsets[-1]
    if t_min > t_max + 1e-9:
        return None
    pools: list[list[float]] = []  # [sum, count]
    for value in targets:
        pools.append([value, 1.0])
        while len(pools) > 1 and pools[-2][0] / pools[-2][1] > pools[-1][0] / pools[-1][1]:
            total, count = pools.pop()
            pools[-1][0] += total
            pools[-1][1] += count
    shifts: list[float] = []
    for total, count in pools:
        shifts.extend([min(max(total / count, t_min), t_max)] * int(count))
    return [s + o for s, o in zip(shifts, offsets, strict=True)]
