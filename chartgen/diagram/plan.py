"""DiagramRequest -> DiagramPlan: where every view, marker and label goes, in pt (no drawing).

The box is laid out in this order: the zone labels' row along the bottom (its
height decides where the floor line sits), the main medial view filling the
height above it, the secondary views (secondary.py) in a column beside it or
inset above the forefoot, then the caption and the landmark labels around the
foot. Labels wrap before anything is made smaller; the column grows, then the
foot shrinks; when nothing works, the error names the label that blocks.
Everything is computed for the right foot; the left foot is the exact mirror of
the finished plan (caption and secondary views move to the other side with it).
Right-to-left languages get the left foot, so that the zones 1 to 4 follow the
reading direction; a right foot in a right-to-left language puts the caption top
right beside the leg and the secondary views left.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from chartgen.diagram import geometry as geo
from chartgen.diagram.labels import (
    Block,
    Box,
    Font,
    Obstacles,
    Placed,
    block,
    place_at,
    place_free,
    solve_row,
    wrap_choices,
)
from chartgen.diagram.request import DiagramRequest, DiagramStyle
from chartgen.diagram.secondary import LEADER_DISTANCES_EM, Blocked, ViewFonts, Views, place_views
from chartgen.diagram.shapes import extents, medial_shape
from chartgen.errors import InputError, Problem
from chartgen.fitting import NoFit, shrink_to_fit

# All lengths below are in "em": multiples of the request's label size in pt, so the
# drawing keeps its proportions on every paper (the box and the type scale together).
MARGIN_EM = 0.25
"""Clear space kept inside the box edge, so nothing touches the trim of the stamped box."""
LABEL_PAD_EM = 0.35
"""Clear space around every label box."""
ROW_GAP_EM = 1.2
"""Least space between two zone labels in the bottom row."""
LEADER_DROP_EM = 1.5
"""Vertical room between the floor line and the tops of the zone labels."""
GUTTER_EM = 1.6
"""Space between the main view and the column of secondary views."""
HEEL_LABEL_ROOM_EM = 2.4
"""Leader room reserved beside the heel for its label."""
HEEL_ROOM_MAX_SHARE = 0.25
"""The room kept beside the heel never takes more than this share of the box width."""
SHRINK = 0.94
"""Factor by which the main view is made smaller when its labels find no room."""
MAX_SHRINK_STEPS = 12
COLUMN_SHARE = (0.24, 0.38)
"""Smallest and largest share of the box width first given to the secondary views."""
COLUMN_GROWN_SHARE = 0.5
"""When their labels need it, the secondary views' column may grow to this share of the box width..."""
COLUMN_STEP = 0.03
"""...in steps of this share, each taking the room from the main view."""
SECONDARY_MAX = 0.5
"""Secondary views are at most this fraction of the main view's size, so they stay secondary."""
SECONDARY_MIN = 0.3
"""In the inset layout the main view shrinks until the secondary views reach this fraction of its size."""
INSET_GAIN = 1.12
"""The inset layout (secondary views above the forefoot) is used when it makes the main view this much larger."""
INSET_HEIGHT_SHARE = 0.999
"""The inset layout never fills the full height (the caption and views need the room above the toes)."""
INSET_CLEAR_X = 0.1
"""Inset views stay left of this distance (L) in front of the inner ankle bone's x (the shin)."""
INSET_CLEAR_Y = 0.12
"""Inset views stay above this height (L), and clear of the foot by INSET_LABEL_ROOM_EM."""
INSET_LABEL_ROOM_EM = 3.0
"""Room (em) kept between the instep height and inset views, for the landmark labels."""

CAPTION_WRAP_EM = 20.0
"""A caption line goes on two lines when wider than this."""
RTL_CAPTION_WRAP_EM = 9.0
"""Right to left, the caption stands in the narrow room beside the leg, so its lines wrap sooner."""
LABEL_LINES = 2
"""Landmark labels and caption lines wrap onto at most this many lines."""
DISTANCES_EM = LEADER_DISTANCES_EM
"""Leader lengths tried for landmark labels, shortest first."""

LANDMARK_DIRECTIONS: dict[str, tuple[int, ...]] = {
    "ankle": (150, 135, 165, 120, 180, 30, 0, 60),
    "heel": (0, 20, 340, 40, 320, 60),
    "big_toe": (90, 110, 70, 130, 50, 150),
    "ball": (90, 75, 105, 60, 120),
    "arch": (90, 75, 105, 60, 120, 45),
}
"""Preferred leader directions (degrees) per landmark label, placed in this order."""


@dataclass(frozen=True)
class DiagramPlan:
    """The finished layout in pt; `main`, `lateral`, `sole` map their view's L frame to pt (3x3 affine)."""

    width: float
    height: float
    em: float
    style: DiagramStyle
    main: np.ndarray
    lateral: np.ndarray | None
    sole: np.ndarray | None
    zone_labels: tuple[Placed, ...]
    labels: tuple[Placed, ...]
    """Captions, view titles and landmark labels."""
    badges: tuple[tuple[float, float], ...] = field(default=())
    """Centres of the numbered markers, head to tail."""

    def all_labels(self) -> tuple[Placed, ...]:
        return self.zone_labels + self.labels

    def mirrored(self) -> DiagramPlan:
        """The same plan reflected left to right: the left foot."""
        flip = geo.mirror_matrix(self.width)
        return DiagramPlan(
            self.width,
            self.height,
            self.em,
            self.style,
            flip @ self.main,
            None if self.lateral is None else flip @ self.lateral,
            None if self.sole is None else flip @ self.sole,
            tuple(p.mirrored(self.width) for p in self.zone_labels),
            tuple(p.mirrored(self.width) for p in self.labels),
            tuple((self.width - x, y) for x, y in self.badges),
        )


def plan_diagram(request: DiagramRequest) -> DiagramPlan:
    """Lay out the whole diagram for `request`; raises InputError naming the label that cannot be placed."""
    plan = _Planner(request).run()
    if isinstance(plan, Problem):
        raise InputError(plan)
    return plan.mirrored() if request.side == "left" else plan


@dataclass(frozen=True)
class _NoRoom:
    """A layout size at which a label finds no room: its problem, and whether widening the views' column (rather
    than shrinking the main view) is what to try next."""

    problem: Problem
    widen_column: bool = False


class _Planner:
    def __init__(self, request: DiagramRequest) -> None:
        self.req = request
        # The left foot is planned as the right one and mirrored at the end, so the plan's sides swap with it.
        self.rtl = request.rtl and request.side == "right"
        self.em = request.label_size_pt
        self.style = request.style
        self.W, self.H = request.width_pt, request.height_pt
        self.margin = MARGIN_EM * self.em
        self.pad = LABEL_PAD_EM * self.em
        self.full = Box(self.margin, self.margin, self.W - self.margin, self.H - self.margin)
        ink, muted = request.palette.ink, request.palette.muted
        self.name_font = Font(request.font_bold, self.em, ink)
        self.body_font = Font(request.font_regular, self.em, ink)
        self.small_font = Font(request.font_regular, request.small_size_pt, muted)
        self.view_fonts = ViewFonts(
            title=Font(request.font_bold, request.small_size_pt, muted),
            label=Font(request.font_regular, request.small_size_pt, ink),
            quiet=self.small_font,
        )
        self.views_cache: dict[tuple[float, ...], Views | Blocked] = {}

    # ---------------------------------------------------------- zone labels

    def zone_blocks(self, wrapped: Collection[int]) -> list[Block]:
        specs = geo.medial_foot().zones.ordered()
        blocks = []
        for i, (name, (zone_id, spec)) in enumerate(zip(self.req.zone_names, specs, strict=True)):
            choices = wrap_choices(name, self.name_font)
            text = choices[-1] if i in wrapped else choices[0]
            dimmed = self.req.dimmed(zone_id)
            font = Font(self.name_font.path, self.name_font.size, self.req.palette.muted) if dimmed else self.name_font
            parts = [(text, font)]
            if self.style.vertebrae:
                parts.append((spec.vertebrae, self.small_font))
            blocks.append(block(*parts))
        return blocks

    def fit_row(self) -> list[Block] | Problem:
        """Zone label blocks that fit side by side across the box, wrapping the widest first; else the problem of
        the widest label once none is left to wrap (bounded: one more try than there are zones)."""
        gap = ROW_GAP_EM * self.em

        def attempt(wrapped: frozenset[int]) -> list[Block] | NoFit[list[Block]]:
            blocks = self.zone_blocks(wrapped)
            fits = sum(b.width for b in blocks) + gap * (len(blocks) - 1) <= self.full.width
            return blocks if fits else NoFit(blocks)

        def wrap_one_more(wrapped: frozenset[int], blocks: list[Block]) -> frozenset[int] | None:
            candidates = [i for i in range(len(blocks))
                          if i not in wrapped and "\n" in wrap_choices(self.req.zone_names[i], self.name_font)[-1]]
            return wrapped | {max(candidates, key=lambda i: blocks[i].width)} if candidates else None

        fitted = shrink_to_fit(frozenset[int](), attempt, wrap_one_more, max_attempts=len(self.req.zone_names) + 1)
        if isinstance(fitted, NoFit):
            blocks = fitted.why
            return self.zone_problem(max(range(len(blocks)), key=lambda i: blocks[i].width))
        return fitted

    def zone_problem(self, index: int) -> Problem:
        """The problem for a zone label too wide for the box even on two lines."""
        zone_id = geo.medial_foot().zones.ordered()[index][0]
        return self.req.problem(
            f"zones.{zone_id}.{self.req.zone_name_key}",
            f"language {self.req.lang!r}: the zone label {self.req.zone_names[index]!r} does not fit the "
            f"diagram box ({self.W:.0f} x {self.H:.0f} pt) even on two lines; shorten it",
        )

    def label_problem(self, key: str) -> Problem:
        """The problem for a diagram label (a DiagramText field) that finds no room."""
        text = str(getattr(self.req.text, key))
        return self.req.problem(
            f"diagram.{key}",
            f"language {self.req.lang!r}: the diagram label {text!r} finds no room in the diagram box "
            f"({self.W:.0f} x {self.H:.0f} pt) beside the foot and the other labels; shorten it",
        )

    # ---------------------------------------------------------- the whole plan

    def run(self) -> DiagramPlan | Problem:
        """Try the column layout and the inset layout; keep the one that draws the main foot larger (else the
        problem of the label that finds no room)."""
        em = self.em
        blocks = self.fit_row()
        if isinstance(blocks, Problem):
            return blocks
        row_top = self.margin + max(b.height for b in blocks)
        floor_y = row_top + LEADER_DROP_EM * em
        x0, _, x1, y1 = extents("medial")
        scale_h = (self.full.y1 - floor_y) / y1
        usable = self.full.width
        heel_room = self.pad
        if self.style.landmark_labels:
            heel = min(b.width for b in self.landmark_blocks("heel"))
            heel_room = min(heel + HEEL_LABEL_ROOM_EM * em, HEEL_ROOM_MAX_SHARE * usable)
        if self.rtl and self.style.caption:
            heel_room = max(heel_room, self.caption_block().width + GUTTER_EM * em)  # the caption stands beside the leg
        layouts: list[tuple[float, str, float]] = []  # (scale, kind, main width)
        if self.style.secondary_views:
            gutter = GUTTER_EM * em
            column = usable - gutter - (scale_h * (x1 - x0) + heel_room)
            column = min(max(column, COLUMN_SHARE[0] * self.W), COLUMN_SHARE[1] * self.W)
            main_w = usable - gutter - column
            layouts.append((min(scale_h, (main_w - heel_room) / (x1 - x0)), "column", main_w))
            inset_scale = min(scale_h * INSET_HEIGHT_SHARE, (usable - heel_room) / (x1 - x0))
            if inset_scale > INSET_GAIN * layouts[0][0]:
                layouts.insert(0, (inset_scale, "inset", usable))
        else:
            layouts.append((min(scale_h, (usable - heel_room) / (x1 - x0)), "plain", usable))
        failure: Problem | None = None
        results: list[tuple[float, DiagramPlan]] = []
        for scale, kind, main_w in layouts:
            result = self.build(kind, scale, main_w, blocks, row_top, floor_y, heel_room)
            if isinstance(result, Problem):
                if failure is None or kind != "inset":  # report the plain or column layout's problem
                    failure = result
                continue
            gain = INSET_GAIN if kind == "inset" else 1.0
            results.append((float(np.hypot(*result.main[:2, 0])) / gain, result))
        if not results:
            assert failure is not None  # every layout gave a result or a problem
            return failure
        return max(results, key=lambda r: r[0])[1]

    def main_region(self, main_w: float, row_top: float) -> Box:
        """Where the main view and its labels go: the left part of the box (the right part, right to left)."""
        if self.rtl:
            return Box(self.full.x1 - main_w, row_top + self.pad, self.full.x1, self.full.y1)
        return Box(self.full.x0, row_top + self.pad, self.full.x0 + main_w, self.full.y1)

    def build(
        self, kind: str, scale: float, main_w: float, blocks: list[Block], row_top: float, floor_y: float,
        heel_room: float
    ) -> DiagramPlan | Problem:
        """One layout, shrinking the main view (or widening the views' column) until every label has room; else the
        problem of the label that found none last.

        A candidate is (scale of the main view in pt per L, width of the main view's region in pt). Bounded: at most
        MAX_SHRINK_STEPS + COLUMN_GROWN_SHARE / COLUMN_STEP tries.
        """
        x0, _, x1, _ = extents("medial")

        def attempt(size: tuple[float, float]) -> DiagramPlan | NoFit[_NoRoom]:
            scale, main_w = size
            main_region = self.main_region(main_w, row_top)
            spare = main_w - heel_room - scale * (x1 - x0)
            origin = (main_region.x0 + max(spare, 0.0) / 2 - scale * x0, floor_y)
            main = geo.affine(scale, origin)
            views = self.views_for(kind, main, scale, main_region, row_top) if kind != "plain" else None
            if isinstance(views, Blocked):
                return NoFit(_NoRoom(self.label_problem(views.key), widen_column=kind == "column"))
            too_small = views is not None and float(np.hypot(*views.lateral[:2, 0])) < SECONDARY_MIN * scale
            if kind == "inset" and too_small:
                # No label is blocked: the inset views came out too small. An inset layout's problem is never
                # reported (the column layout's is), so the main view's caption stands for it.
                return NoFit(_NoRoom(self.label_problem("inner_view")))
            placed = self.place_main(main, blocks, main_region, views.obstacles() if views else None)
            if isinstance(placed, Problem):
                return NoFit(_NoRoom(placed))
            zone_labels, labels, badges = placed
            lateral, sole, extra = (views.lateral, views.sole, views.labels) if views else (None, None, ())
            return DiagramPlan(self.W, self.H, self.em, self.style, main, lateral, sole, zone_labels, labels + extra,
                               badges)

        def next_size(size: tuple[float, float], no_room: _NoRoom) -> tuple[float, float] | None:
            scale, main_w = size
            if not no_room.widen_column:
                return scale * SHRINK, main_w
            if self.W - self.margin * 2 - main_w + COLUMN_STEP * self.W > COLUMN_GROWN_SHARE * self.W:
                return None  # the views' labels do not fit even in the widest column
            main_w -= COLUMN_STEP * self.W
            return min(scale, (main_w - heel_room) / (x1 - x0)), main_w

        tries = MAX_SHRINK_STEPS + round(COLUMN_GROWN_SHARE / COLUMN_STEP)
        result = shrink_to_fit((scale, main_w), attempt, next_size, max_attempts=tries)
        return result.why.problem if isinstance(result, NoFit) else result

    def views_for(self, kind: str, main: np.ndarray, scale: float, main_region: Box, row_top: float) -> Views | Blocked:
        """The secondary views for a layout: in a column beside the main view, or inset above the forefoot."""
        cap = SECONDARY_MAX * scale
        if kind == "column":
            gutter = GUTTER_EM * self.em
            if self.rtl:
                region = Box(self.full.x0, row_top + self.pad, main_region.x0 - gutter, self.full.y1)
            else:
                region = Box(main_region.x1 + gutter, row_top + self.pad, self.full.x1, self.full.y1)
            key = (region.x0, region.y0, region.x1, region.y1, round(cap, 3))
            if key not in self.views_cache:
                views = place_views(self.req.text, self.view_fonts, region, max_scale=cap, em=self.em, pad=self.pad,
                                    rtl=self.rtl)
                if isinstance(views, Views):  # centre the group in the column
                    extent = views.extent()
                    views = views.shifted(((region.y1 - extent.y1) - (extent.y0 - region.y0)) / 2)
                self.views_cache[key] = views
            return self.views_cache[key]
        caption = self.caption_block() if self.style.caption and not self.rtl else None
        leg_front = float(geo.apply(main, (geo.medial_foot().landmarks["ankle"][0] - INSET_CLEAR_X, 0))[0])
        bottom = float(geo.apply(main, (0, INSET_CLEAR_Y))[1])
        right = leg_front - GUTTER_EM * self.em
        avoid = (medial_shape()[0].transformed(main).path(), INSET_LABEL_ROOM_EM * self.em)
        regions = [Box(main_region.x0, bottom, right, self.full.y1)]
        if caption is not None:  # beside the caption, or under it
            regions = [
                Box(main_region.x0 + caption.width + GUTTER_EM * self.em, bottom, right, self.full.y1),
                Box(main_region.x0, bottom, right, self.full.y1 - caption.height - self.pad * 2),
            ]
        best: Views | None = None
        blocked: Blocked = Blocked("outer_view", -1)
        for region in regions:
            if region.width <= 0 or region.height <= 0:
                continue
            result = place_views(self.req.text, self.view_fonts, region, max_scale=cap, em=self.em, pad=self.pad,
                                 rtl=self.rtl, avoid=avoid)
            if isinstance(result, Blocked):
                blocked = max(blocked, result, key=lambda b: b.progress)
            elif best is None or result.lateral[0, 0] ** 2 > best.lateral[0, 0] ** 2:
                best = result
        return best if best is not None else blocked

    # ---------------------------------------------------------- main view

    def landmark_blocks(self, key: str) -> tuple[Block, ...]:
        """A landmark label on one line, then wrapped onto up to LABEL_LINES lines."""
        value = getattr(self.req.text, key)
        return tuple(block((choice, self.small_font)) for choice in wrap_choices(value, self.small_font, LABEL_LINES))

    def caption_block(self) -> Block:
        """Which foot and side this is, and that the other foot is its mirror image; long lines wrap."""
        t = self.req.text
        small = Font(self.req.font_regular, self.req.small_size_pt, self.req.palette.muted)
        if self.req.side == "left":
            parts = [(t.left_foot, self.name_font), (t.inner_view, self.body_font), (t.mirror_note_left, small)]
        else:
            parts = [(t.right_foot, self.name_font), (t.inner_view, self.body_font), (t.mirror_note, small)]
        limit = (RTL_CAPTION_WRAP_EM if self.rtl else CAPTION_WRAP_EM) * self.em
        wrapped = []
        for text, font in parts:
            choices = wrap_choices(text, font, LABEL_LINES)
            wrapped.append((choices[-1] if place_width(text, font) > limit else choices[0], font))
        return block(*wrapped)

    def main_obstacles(self, main: np.ndarray, extra: Obstacles | None) -> tuple[list[np.ndarray], Obstacles]:
        """The zone badges' centres on the main view (pt) and what labels must avoid: the foot, the badges and
        `extra` (the inset views)."""
        outline, line, spans = medial_shape()
        badges = [geo.apply(main, line.at(span.badge)) for span in spans]
        radius = self.style.badge_em * self.em
        obstacles = Obstacles([outline.transformed(main).path()], [], [])
        if extra is not None:
            obstacles.shapes.extend(extra.shapes)
            obstacles.boxes.extend(extra.boxes)
            obstacles.leaders.extend(extra.leaders)
        for b in badges:
            obstacles.boxes.append(Box(b[0] - radius, b[1] - radius, b[0] + radius, b[1] + radius))
        return badges, obstacles

    def place_main(
        self, main: np.ndarray, blocks: list[Block], region: Box, extra: Obstacles | None = None
    ) -> tuple[tuple[Placed, ...], tuple[Placed, ...], tuple[tuple[float, float], ...]] | Problem:
        """Zone labels, caption and landmark labels for one size of the main view; else the problem of the first
        label that finds no room."""
        badges, obstacles = self.main_obstacles(main, extra)
        # zone labels: one row under the floor line, in order, as near below their markers as can be
        gap = ROW_GAP_EM * self.em
        row_top = self.margin + max(b.height for b in blocks)
        centres = solve_row([b.width for b in blocks], [float(b[0]) for b in badges], self.full.x0, self.full.x1, gap)
        if centres is None:  # cannot happen after fit_row, which checked the same widths against the same box
            return self.zone_problem(max(range(len(blocks)), key=lambda i: blocks[i].width))
        zone_labels = []
        for i, (blk, cx, badge) in enumerate(zip(blocks, centres, badges, strict=True)):
            label = place_at(f"zone.{i}", blk, cx, row_top, "center")
            reach = min(max(badge[0], label.box.x0 + self.pad), label.box.x1 - self.pad)
            leader = ((float(badge[0]), float(badge[1])), (float(reach), label.box.y1 + self.pad * 0.6))
            label = Placed(label.key, blk, label.box, "center", leader)
            zone_labels.append(label)
            obstacles.add(label)
        labels: list[Placed] = []
        if self.style.caption:
            if self.rtl:
                caption = place_at("caption", self.caption_block(), region.x1, region.y1, "right")
            else:
                caption = place_at("caption", self.caption_block(), region.x0, region.y1, "left")
            if not obstacles.box_clear(caption.box, self.pad) or not caption.box.within(self.full):
                return self.label_problem("mirror_note" if self.req.side != "left" else "mirror_note_left")
            obstacles.add(caption)
            labels.append(caption)
        if self.style.landmark_labels:
            anchors = geo.medial_foot().label_anchors
            distances = tuple(d * self.em for d in DISTANCES_EM)
            for key, directions in LANDMARK_DIRECTIONS.items():
                anchor = geo.apply(main, anchors[key])
                placed = None
                for blk in self.landmark_blocks(key):
                    placed = place_free(key, blk, anchor, region, obstacles, distances=distances, pad=self.pad,
                                        directions=directions)
                    if placed is not None:
                        break
                if placed is None:
                    return self.label_problem(key)
                obstacles.add(placed)
                labels.append(placed)
        return tuple(zone_labels), tuple(labels), tuple((float(b[0]), float(b[1])) for b in badges)


def place_width(text: str, font: Font) -> float:
    """Width of one line of text in pt."""
    return block((text, font)).width
