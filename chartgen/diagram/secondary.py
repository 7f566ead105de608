"""Region (pt) + diagram text -> the outer-side and sole views placed in it, with their titles and labels, or the
label that blocks.

The two small views stand side by side or one above the other, at the largest size at
which every title and label finds room; titles and labels wrap (titles onto 2 lines,
labels onto up to 3) before the views are made smaller. When nothing works, the
result names the label that got least far, so the error can tell the user what to shorten.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from chartgen.content import DiagramText
from chartgen.diagram import geometry as geo
from chartgen.diagram.labels import (
    LEADING,
    Block,
    Box,
    Font,
    Obstacles,
    Placed,
    block,
    place_at,
    place_free,
    wrap_choices,
)
from chartgen.diagram.shapes import ellipse_path, extents, outline_of, sole_line, view_box

LEADER_DISTANCES_EM = (1.4, 2.0, 2.8, 3.7, 4.8, 6.0, 7.5, 9.0)
"""Leader lengths tried for a label, shortest first (em = the diagram's label size)."""
VIEW_GAP_EM = 1.6
"""Space between the two views."""
TITLE_GAP_EM = 0.35
"""Space between a view's title and the view."""
TITLE_PAD_SHARE = 0.5
"""Titles keep this share of the label padding from the views (they belong to them)."""
TITLE_CLEAR_EM = 1.0
"""Labels keep this much more room beside a title, so a label never reads as part of the title next to it."""
ROOM_BELOW_EM = 2.0
"""Room kept under the views for the labels hung below them, on top of two lines of small text."""
SHRINK = 0.94
"""Factor by which the views are made smaller when a label finds no room."""
MIN_LATERAL_EM = 6.0
"""The outer-side view is never made shorter than this (em): smaller, it would show nothing."""
MAX_STEPS = 30
"""Most sizes tried per arrangement (SHRINK ** 30 is about a sixth)."""
SOLE_LABEL_AT = 0.45
"""Where along the sole view's line its label points (fraction of the line's length)."""
TITLE_LINES = 2
LABEL_LINES = 3

Arrangement = Literal["side", "stacked"]
TITLES = ("outer_view", "sole_view")
LABELS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("outer_points", (270, 300, 240, 315, 225, 330, 210)),
    ("little_toe", (90, 60, 120, 45, 30, 135, 0, 270, 300, 330)),
    ("spine_line", (180, 200, 160, 215, 145, 230, 130, 250, 110, 270, 90)),
)
"""The views' labels in the order they are placed, with their preferred leader directions (degrees)."""


@dataclass(frozen=True)
class ViewFonts:
    """Type of the small views: titles, the labels in ink, and the quieter little-toe label (all small size)."""

    title: Font
    label: Font
    quiet: Font


@dataclass(frozen=True)
class Views:
    """The placed views: L -> pt matrices, titles and labels, and the shapes later labels must keep clear of."""

    lateral: np.ndarray
    sole: np.ndarray
    labels: tuple[Placed, ...]
    shapes: tuple[Path, ...]

    def shifted(self, dy: float) -> Views:
        """The same views moved up by `dy` pt."""
        move = geo.affine(1.0, (0.0, dy))
        up = np.array((0.0, dy))
        return Views(
            move @ self.lateral,
            move @ self.sole,
            tuple(p.shifted(0.0, dy) for p in self.labels),
            tuple(Path(np.asarray(shape.vertices) + up, shape.codes) for shape in self.shapes),
        )

    def extent(self) -> Box:
        """The box around both views and their labels, in pt."""
        boxes = [p.box for p in self.labels] + [view_box("lateral", self.lateral), view_box("sole", self.sole)]
        return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes),
                   max(b.y1 for b in boxes))

    def obstacles(self) -> Obstacles:
        """What the main view's labels must keep clear of."""
        found = Obstacles(list(self.shapes), [], [])
        for placed in self.labels:
            found.add(placed)
        return found


@dataclass(frozen=True)
class Blocked:
    """No size worked: `key` (a DiagramText field) is the label that found no room; `progress` how many were placed
    first."""

    key: str
    progress: int


def place_views(
    text: DiagramText,
    fonts: ViewFonts,
    region: Box,
    *,
    max_scale: float,
    em: float,
    pad: float,
    rtl: bool = False,
    avoid: tuple[Path, float] | None = None,
) -> Views | Blocked:
    """Both views inside `region` (pt), each at most `max_scale` pt per L, as large as their labels allow.

    `avoid` is a shape the views stay a distance clear of (the main foot, for views set above it);
    with `rtl` the titles are right-aligned over their views.
    """
    titles = {key: _choices(getattr(text, key), fonts.title, TITLE_LINES) for key in TITLES}
    labels = {
        key: _choices(getattr(text, key), fonts.quiet if key == "little_toe" else fonts.label, LABEL_LINES)
        for key, _ in LABELS
    }
    for progress, key in enumerate(TITLES + tuple(k for k, _ in LABELS)):
        narrowest = min(b.width for b in (titles | labels)[key])
        if narrowest > region.width:
            return Blocked(key, progress)
    attempt = _Attempt(text, titles, labels, region, em, pad, rtl, avoid)
    ladder: list[tuple[float, Arrangement]] = []
    smallest = MIN_LATERAL_EM * em / _size("lateral")[0]
    for arrangement in ("side", "stacked"):
        largest = attempt.largest(arrangement)
        scale = min(largest, max(max_scale, smallest))  # the cap never makes the views too small to show anything
        for _ in range(MAX_STEPS):
            if scale < smallest:
                break
            ladder.append((scale, arrangement))
            scale *= SHRINK
    blocked = Blocked(TITLES[0], 0)
    for scale, arrangement in sorted(ladder, key=lambda item: -item[0]):
        result = attempt.run(arrangement, scale)
        if isinstance(result, Views):
            return result
        if result.progress >= blocked.progress:
            blocked = result
    return blocked


def _choices(value: str, font: Font, lines: int) -> tuple[Block, ...]:
    return tuple(block((choice, font)) for choice in wrap_choices(value, font, lines))


def _size(view: str) -> tuple[float, float]:
    """(width, height) of a view in L."""
    x0, y0, x1, y1 = extents(view)
    return x1 - x0, y1 - y0


@dataclass(frozen=True)
class _Attempt:
    text: DiagramText
    titles: dict[str, tuple[Block, ...]]
    labels: dict[str, tuple[Block, ...]]
    region: Box
    em: float
    pad: float
    rtl: bool
    avoid: tuple[Path, float] | None

    def largest(self, arrangement: Arrangement) -> float:
        """An upper bound on the views' scale (pt per L) for an arrangement, from the region's size alone."""
        (lw, lh), (sw, sh) = _size("lateral"), _size("sole")
        gap = VIEW_GAP_EM * self.em
        title_h = min(b.height for b in self.titles["outer_view"]) + TITLE_GAP_EM * self.em
        below = LEADING * self.labels["outer_points"][0].lines[0].font.size * 2 + ROOM_BELOW_EM * self.em
        if arrangement == "side":
            return min((self.region.width - gap) / (lw + sw), (self.region.height - title_h - below) / max(lh, sh))
        return min(self.region.width / max(lw, sw), (self.region.height - 2 * title_h - gap - below) / (lh + sh))

    def run(self, arrangement: Arrangement, s: float) -> Views | Blocked:
        """Views at scale `s` (pt per L) with every title and label placed, or the first label that finds no
        room."""
        laid = self.lay_out(arrangement, s)
        if isinstance(laid, Blocked):
            return laid
        lateral, sole, title_labels = laid
        if not self.views_fit(lateral, sole):
            return Blocked(TITLES[0], 0)
        shapes = [outline_of("lateral").transformed(lateral).path(), outline_of("sole").transformed(sole).path()]
        shapes.extend(ellipse_path(toe, sole) for toe in geo.sole_foot().toes)
        obstacles = Obstacles(list(shapes) + ([self.avoid[0]] if self.avoid else []), [], [])
        for progress, title in enumerate(title_labels):
            if not title.box.within(self.region) or not obstacles.box_clear(title.box, self.pad * TITLE_PAD_SHARE):
                return Blocked(title.key, progress)
            clear = self.em * TITLE_CLEAR_EM
            obstacles.boxes.append(Box(title.box.x0 - clear, title.box.y0, title.box.x1 + clear, title.box.y1))
        labels = self.place_labels(lateral, sole, obstacles)
        if isinstance(labels, Blocked):
            return labels
        return Views(lateral, sole, (*title_labels, *labels), tuple(shapes))

    def views_fit(self, lateral: np.ndarray, sole: np.ndarray) -> bool:
        """Whether both views (under their matrices) lie inside the region and clear of `avoid`."""
        lat_box, sole_box = view_box("lateral", lateral), view_box("sole", sole)
        if not (lat_box.within(self.region) and sole_box.within(self.region)):
            return False
        if self.avoid is not None:
            keep_out, room = self.avoid
            for box in (lat_box, sole_box):
                grown = box.grown(room)
                if keep_out.intersects_bbox(Bbox.from_extents(grown.x0, grown.y0, grown.x1, grown.y1), filled=True):
                    return False
        return True

    def place_labels(self, lateral: np.ndarray, sole: np.ndarray,
                     obstacles: Obstacles) -> tuple[Placed, ...] | Blocked:
        """The views' labels placed in turn (each then an obstacle for the next), or the first that finds no room."""
        line = sole_line()
        anchors = {
            "outer_points": geo.apply(lateral, geo.lateral_foot().label_anchors["outer_points"]),
            "little_toe": geo.apply(lateral, geo.lateral_foot().label_anchors["little_toe"]),
            "spine_line": geo.apply(sole, tuple(line.at(line.length * SOLE_LABEL_AT))),
        }
        distances = tuple(d * self.em for d in LEADER_DISTANCES_EM)
        placed: list[Placed] = []
        for progress, (key, directions) in enumerate(LABELS, start=len(TITLES)):
            label = None
            for choice in self.labels[key]:
                label = place_free(key, choice, anchors[key], self.region, obstacles, distances=distances,
                                   pad=self.pad, directions=directions)
                if label is not None:
                    break
            if label is None:
                return Blocked(key, progress)
            if key == "outer_points":
                label = replace(label, dot=False)  # the leader ends on a marked point
            obstacles.add(label)
            placed.append(label)
        return tuple(placed)

    def lay_out(self, arrangement: Arrangement,
                s: float) -> tuple[np.ndarray, np.ndarray, tuple[Placed, Placed]] | Blocked:
        """Matrices of both views and their titles at scale `s`; Blocked if the titles cannot be made narrow
        enough."""
        (lw, lh), (sw, _) = _size("lateral"), _size("sole")
        _, _, lx1, ly1 = extents("lateral")
        sx0, sy0, _, _ = extents("sole")
        gap, title_gap, region = VIEW_GAP_EM * self.em, TITLE_GAP_EM * self.em, self.region
        lat_titles, sole_titles = self.titles["outer_view"], self.titles["sole_view"]
        if arrangement == "side":
            # each view with its title is a column as wide as the wider of the two; the titles wrap when that helps
            options = sorted(
                ((a, b) for a in lat_titles for b in sole_titles),
                key=lambda ab: (len(ab[0].lines) + len(ab[1].lines),
                                max(lw * s, ab[0].width) + max(sw * s, ab[1].width)),
            )
            fitting = [ab for ab in options
                       if max(lw * s, ab[0].width) + gap + max(sw * s, ab[1].width) <= region.width]
            if not fitting:
                return Blocked(TITLES[0] if lat_titles[-1].width > lw * s else TITLES[1], 0)
            lat_title, sole_title = fitting[0]
            lat_col, sole_col = max(lw * s, lat_title.width), max(sw * s, sole_title.width)
            left = region.x0 + (region.width - (lat_col + gap + sole_col)) / 2
            view_top = region.y1 - max(lat_title.height, sole_title.height) - title_gap
            lat_left = left + (lat_col - lw * s if self.rtl else 0.0)
            sole_left = left + lat_col + gap + (sole_col - sw * s if self.rtl else 0.0)
            sole_top = view_top
        else:
            lat_title = next((b for b in lat_titles if b.width <= region.width), lat_titles[-1])
            sole_title = next((b for b in sole_titles if b.width <= region.width), sole_titles[-1])
            spare = max(region.width - lw * s, 0.0)
            lat_left = region.x0 + spare / 2
            view_top = region.y1 - lat_title.height - title_gap
            sole_left = lat_left + lw * s - sw * s  # right edges line up, the sole's label goes on its left
            sole_top = view_top - lh * s - gap - sole_title.height - title_gap
        lateral = geo.affine(s, (lat_left + s * lx1, view_top - s * ly1), flip_x=True)
        sole = geo.affine(s, (sole_left - s * sx0, sole_top + s * sy0), flip_y=True)
        titles = (
            self.title_over("outer_view", lat_title, view_box("lateral", lateral), title_gap),
            self.title_over("sole_view", sole_title, view_box("sole", sole), title_gap),
        )
        return lateral, sole, titles

    def title_over(self, key: str, blk: Block, view: Box, gap: float) -> Placed:
        """A title just above a view, flush with its left edge (right edge for right-to-left), kept inside the
        region."""
        top = view.y1 + gap + blk.height
        if self.rtl:
            x = max(view.x1, self.region.x0 + blk.width)
            return place_at(key, blk, x, top, "right")
        x = min(view.x0, self.region.x1 - blk.width)
        return place_at(key, blk, x, top, "left")
