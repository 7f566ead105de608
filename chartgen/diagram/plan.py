"""DiagramRequest -> DiagramPlan: where every view, marker and label goes, in pt (no drawing).

The box is laid out in this order: the zone labels' row along the bottom (its
height decides where the floor line sits), the main medial view filling the
height above it, the secondary views in a column beside it, then the caption
and the landmark labels around the foot. Everything is computed for the right
foot; the left foot is the exact mirror of the finished plan.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

import numpy as np
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from chartgen.diagram import DiagramRequest
from chartgen.diagram import geometry as geo
from chartgen.diagram.labels import LEADING, Block, Box, Font, Obstacles, Placed, block, place_at, place_free, solve_row, wrap_choices
from chartgen.errors import InputError, Problem

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
VIEW_TITLE_GAP_EM = 0.35
"""Space between a secondary view's title and its foot."""
DISTANCES_EM = (1.4, 2.0, 2.8, 3.7, 4.8, 6.0, 7.5, 9.0)
"""Leader lengths tried for landmark labels, shortest first."""
HEEL_LABEL_ROOM_EM = 2.4
"""Leader room reserved to the right of the heel for its label."""
HEEL_ROOM_MAX_SHARE = 0.25
"""The room kept right of the heel never takes more than this share of the box width."""
SHRINK = 0.94
"""Factor by which a view is made smaller when its labels find no room."""
MAX_SHRINK_STEPS = 12
COLUMN_SHARE = (0.24, 0.38)
"""Smallest and largest share of the box width for the secondary views."""
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

SOLE_LABEL_AT = 0.45
"""Where along the sole view's line its label points (fraction of the line's length)."""
CAPTION_WRAP_EM = 20.0
"""The mirror note goes on two lines when wider than this."""

LANDMARK_DIRECTIONS: dict[str, tuple[int, ...]] = {
    "ankle": (150, 135, 165, 120, 180, 30, 0, 60),
    "heel": (0, 20, 340, 40, 320, 60),
    "big_toe": (90, 110, 70, 130, 50, 150),
    "ball": (90, 75, 105, 60, 120),
    "arch": (90, 75, 105, 60, 120, 45),
}
"""Preferred leader directions (degrees) per landmark label, placed in this order."""


@dataclass(frozen=True)
class Style:
    """What a variant shows, and its stroke weights in em."""

    secondary_views: bool
    landmark_labels: bool
    caption: bool
    ticks: bool
    vertebrae: bool
    band_em: float
    """Width of the coloured spine band."""
    badge_em: float
    """Radius of a numbered marker."""
    outline_em: float
    """Width of the foot's outline stroke."""
    leader_em: float


STYLES: dict[str, Style] = {
    "poster": Style(True, True, True, True, True, band_em=0.78, badge_em=0.66, outline_em=0.075, leader_em=0.06),
    "booklet": Style(False, False, True, True, True, band_em=0.85, badge_em=0.72, outline_em=0.09, leader_em=0.07),
    "card": Style(False, False, False, False, False, band_em=1.0, badge_em=0.8, outline_em=0.12, leader_em=0.1),
}


@dataclass(frozen=True)
class DiagramPlan:
    """The finished layout in pt; `main`, `lateral`, `sole` map their view's L frame to pt (3x3 affine)."""

    width: float
    height: float
    em: float
    style: Style
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


@functools.cache
def medial_shape() -> tuple[geo.Curve, geo.Polyline, tuple[geo.ZoneSpan, ...]]:
    """The medial outline, spine line and zone spans, in L (built once)."""
    foot = geo.medial_foot()
    return geo.smooth_curve(foot.outline, closed=True), geo.spine_polyline(foot), geo.zone_spans(foot)


@functools.cache
def outline_of(view: str) -> geo.Curve:
    """The closed outline of a view ("medial", "lateral" or "sole"), in L (built once)."""
    data = {"medial": geo.medial_foot, "lateral": geo.lateral_foot, "sole": geo.sole_foot}[view]()
    return geo.smooth_curve(data.outline, closed=True)


@functools.cache
def extents(view: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a view's outline in L."""
    pts = outline_of(view).sample()
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def view_box(view: str, matrix: np.ndarray) -> Box:
    """A view's outline extent in pt under `matrix` (an axis-aligned scale, flips allowed)."""
    x0, y0, x1, y1 = extents(view)
    corners = geo.apply(matrix, np.array([[x0, y0], [x1, y1]]))
    return Box(float(corners[:, 0].min()), float(corners[:, 1].min()), float(corners[:, 0].max()), float(corners[:, 1].max()))


@functools.cache
def sole_line() -> geo.Polyline:
    """The sole view's spine line, in L."""
    return geo.Polyline.of(geo.smooth_curve(geo.sole_foot().spine_line, closed=False))


def plan_diagram(request: DiagramRequest) -> DiagramPlan:
    """Lay out the whole diagram for `request`; raises InputError when a label cannot be placed."""
    plan = _Planner(request).run()
    return plan.mirrored() if request.side == "left" else plan


class _Planner:
    def __init__(self, request: DiagramRequest) -> None:
        self.req = request
        self.em = request.label_size_pt
        self.style = STYLES[request.variant]
        self.W, self.H = request.width_pt, request.height_pt
        self.margin = MARGIN_EM * self.em
        self.pad = LABEL_PAD_EM * self.em
        self.full = Box(self.margin, self.margin, self.W - self.margin, self.H - self.margin)
        ink, muted = request.palette.ink, request.palette.muted
        self.name_font = Font(request.font_bold, self.em, ink)
        self.body_font = Font(request.font_regular, self.em, ink)
        self.small_font = Font(request.font_regular, request.small_size_pt, muted)
        self.small_bold = Font(request.font_bold, request.small_size_pt, muted)

    # ---------------------------------------------------------- zone labels

    def zone_blocks(self, wrapped: set[int]) -> list[Block]:
        specs = geo.medial_foot().zones.ordered()
        blocks = []
        for i, (name, (zone_id, spec)) in enumerate(zip(self.req.zone_names, specs)):
            choices = wrap_choices(name, self.name_font)
            text = choices[-1] if i in wrapped else choices[0]
            dimmed = self.req.highlight is not None and self.req.highlight != zone_id
            font = Font(self.name_font.path, self.name_font.size, self.req.palette.muted) if dimmed else self.name_font
            parts = [(text, font)]
            if self.style.vertebrae:
                parts.append((spec.vertebrae, self.small_font))
            blocks.append(block(*parts))
        return blocks

    def fit_row(self) -> list[Block]:
        """Zone label blocks that fit side by side across the box, wrapping the widest first."""
        wrapped: set[int] = set()
        gap = ROW_GAP_EM * self.em
        while True:
            blocks = self.zone_blocks(wrapped)
            if sum(b.width for b in blocks) + gap * (len(blocks) - 1) <= self.full.width:
                return blocks
            candidates = [i for i in range(len(blocks)) if i not in wrapped and "\n" in wrap_choices(self.req.zone_names[i], self.name_font)[-1]]
            widest = max(range(len(blocks)), key=lambda i: blocks[i].width)
            if not candidates:
                self.fail_zone(widest)
            wrapped.add(max(candidates, key=lambda i: blocks[i].width))

    def fail_zone(self, index: int) -> None:
        zone_id = geo.medial_foot().zones.ordered()[index][0]
        raise InputError(
            Problem(
                f"language {self.req.lang!r}: the zone label {self.req.zone_names[index]!r} does not fit the "
                f"diagram box ({self.W:.0f} x {self.H:.0f} pt) even on two lines; shorten it",
                key=f"zones.{zone_id}.name",
            )
        )

    def fail_label(self, key: str, text: str) -> None:
        raise InputError(
            Problem(
                f"language {self.req.lang!r}: the diagram label {text!r} finds no room in the diagram box "
                f"({self.W:.0f} x {self.H:.0f} pt) beside the foot and the other labels; shorten it",
                key=f"diagram.{key}",
            )
        )

    # ---------------------------------------------------------- the whole plan

    def run(self) -> DiagramPlan:
        """Try the column layout and the inset layout; keep the one that draws the main foot larger."""
        em = self.em
        blocks = self.fit_row()
        row_top = self.margin + max(b.height for b in blocks)
        floor_y = row_top + LEADER_DROP_EM * em
        x0, _, x1, y1 = extents("medial")
        top = self.full.y1
        scale_h = (top - floor_y) / y1
        usable = self.full.width
        heel_room = self.pad
        if self.style.landmark_labels:
            heel_room = min(self.landmark_block("heel").width + HEEL_LABEL_ROOM_EM * em, HEEL_ROOM_MAX_SHARE * usable)
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
        failure: InputError | None = None
        results: list[tuple[float, DiagramPlan]] = []
        for scale, kind, main_w in layouts:
            result = self.build(kind, scale, main_w, blocks, row_top, floor_y, heel_room)
            if isinstance(result, InputError):
                if failure is None or kind != "inset":  # report the plain or column layout's problem
                    failure = result
                continue
            gain = INSET_GAIN if kind == "inset" else 1.0
            results.append((float(np.hypot(*result.main[:2, 0])) / gain, result))
        if not results:
            assert failure is not None
            raise failure
        return max(results, key=lambda r: r[0])[1]

    def build(
        self, kind: str, scale: float, main_w: float, blocks: list[Block], row_top: float, floor_y: float, heel_room: float
    ) -> DiagramPlan | InputError:
        """One layout, shrinking the main view until every label has room; the error if it never does."""
        x0, _, _, _ = extents("medial")
        x1 = extents("medial")[2]
        main_region = Box(self.full.x0, row_top + self.pad, self.full.x0 + main_w, self.full.y1)
        failure: InputError = _label_error(self, "inner_view")
        for _ in range(MAX_SHRINK_STEPS):
            spare = main_w - heel_room - scale * (x1 - x0)
            origin = (self.full.x0 + max(spare, 0.0) / 2 - scale * x0, floor_y)
            main = geo.affine(scale, origin)
            try:
                secondary = self.secondary_for(kind, main, scale, main_region, row_top)
            except InputError as exc:
                failure = exc
                scale *= SHRINK
                continue
            if kind == "inset" and secondary is not None and float(np.hypot(*secondary[0][:2, 0])) < SECONDARY_MIN * scale:
                scale *= SHRINK
                continue
            placed = self.place_main(main, scale, blocks, main_region, secondary[3] if secondary else None)
            if placed is not None:
                zone_labels, labels, badges = placed
                lateral, sole, extra = (secondary[0], secondary[1], secondary[2]) if secondary else (None, None, ())
                return DiagramPlan(self.W, self.H, self.em, self.style, main, lateral, sole, zone_labels, labels + extra, badges)
            failure = self.last_failure
            scale *= SHRINK
        return failure

    def secondary_for(
        self, kind: str, main: np.ndarray, scale: float, main_region: Box, row_top: float
    ) -> tuple[np.ndarray, np.ndarray, tuple[Placed, ...], Obstacles] | None:
        """The secondary views for a layout: in a column right of the main view, or inset above the forefoot."""
        if kind == "plain":
            return None
        if kind == "column":
            region = Box(main_region.x1 + GUTTER_EM * self.em, row_top + self.pad, self.full.x1, self.full.y1)
            lateral, sole, labels, obstacles = self.place_secondary(region, scale)
            extent = [p.box for p in labels] + [view_box("lateral", lateral), view_box("sole", sole)]
            low, high = min(b.y0 for b in extent), max(b.y1 for b in extent)
            dy = ((region.y1 - high) - (low - region.y0)) / 2  # centre the group in the column
            move = geo.affine(1.0, (0.0, dy))
            moved = tuple(p.shifted(0.0, dy) for p in labels)
            return move @ lateral, move @ sole, moved, Obstacles([], [p.box for p in moved], [])
        caption = self.caption_block(scale) if self.style.caption else None
        leg_front = float(geo.apply(main, (geo.medial_foot().landmarks["ankle"][0] - INSET_CLEAR_X, 0))[0])
        bottom = float(geo.apply(main, (0, INSET_CLEAR_Y))[1])
        right = leg_front - GUTTER_EM * self.em
        avoid = (medial_shape()[0].transformed(main).path(), INSET_LABEL_ROOM_EM * self.em)
        beside = Box(main_region.x0 + (caption.width + GUTTER_EM * self.em if caption else 0), bottom, right, self.full.y1)
        below = Box(main_region.x0, bottom, right, self.full.y1 - (caption.height + self.pad * 2 if caption else 0))
        best: tuple[float, tuple] | None = None
        failure: InputError | None = None
        for region in (beside, below):
            if region.width <= 0 or region.height <= 0:
                continue
            try:
                result = self.place_secondary(region, scale, avoid)
            except InputError as exc:
                failure = exc
                continue
            size = float(np.hypot(*result[0][:2, 0]))
            if best is None or size > best[0]:
                best = (size, result)
        if best is None:
            raise failure or _label_error(self, "sole_view")
        return best[1]

    # ---------------------------------------------------------- main view

    def landmark_block(self, key: str) -> Block:
        return block((getattr(self.req.text, key), self.small_font))

    def caption_block(self, scale: float) -> Block:
        t = self.req.text
        if self.req.side == "left":
            return block((t.left_foot, self.name_font), (t.inner_view, self.body_font))
        note = t.mirror_note
        small = Font(self.req.font_regular, self.req.small_size_pt, self.req.palette.muted)
        if place_width(note, small) > CAPTION_WRAP_EM * self.em:
            note = wrap_choices(note, small)[-1]
        return block((t.right_foot, self.name_font), (t.inner_view, self.body_font), (note, small))

    def place_main(
        self, main: np.ndarray, scale: float, blocks: list[Block], region: Box, extra: Obstacles | None = None
    ) -> tuple[tuple[Placed, ...], tuple[Placed, ...], tuple[tuple[float, float], ...]] | None:
        """Zone labels, caption and landmark labels for one size of the main view; None if they do not fit."""
        outline, line, spans = medial_shape()
        foot_path = outline.transformed(main).path()
        badges = [geo.apply(main, line.at(span.badge)) for span in spans]
        radius = self.style.badge_em * self.em
        obstacles = Obstacles([foot_path], [], [])
        if extra is not None:
            obstacles.shapes.extend(extra.shapes)
            obstacles.boxes.extend(extra.boxes)
            obstacles.leaders.extend(extra.leaders)
        for b in badges:
            obstacles.boxes.append(Box(b[0] - radius, b[1] - radius, b[0] + radius, b[1] + radius))
        # zone labels: one row under the floor line, in order, as near below their markers as can be
        gap = ROW_GAP_EM * self.em
        row_top = self.margin + max(b.height for b in blocks)
        centres = solve_row([b.width for b in blocks], [float(b[0]) for b in badges], self.full.x0, self.full.x1, gap)
        if centres is None:
            self.fail_zone(max(range(len(blocks)), key=lambda i: blocks[i].width))
        zone_labels = []
        for i, (blk, cx, badge) in enumerate(zip(blocks, centres, badges)):
            label = place_at(f"zone.{i}", blk, cx, row_top, "center")
            reach = min(max(badge[0], label.box.x0 + self.pad), label.box.x1 - self.pad)
            leader = ((float(badge[0]), float(badge[1])), (float(reach), label.box.y1 + self.pad * 0.6))
            label = Placed(label.key, blk, label.box, "center", leader)
            zone_labels.append(label)
            obstacles.add(label)
        labels: list[Placed] = []
        if self.style.caption:
            caption = place_at("caption", self.caption_block(scale), region.x0, region.y1, "left")
            if not obstacles.box_clear(caption.box, self.pad) or not caption.box.within(self.full):
                self.last_failure = InputError(Problem(f"language {self.req.lang!r}: the caption finds no room", key="diagram.mirror_note"))
                return None
            obstacles.add(caption)
            labels.append(caption)
        if self.style.landmark_labels:
            anchors = geo.medial_foot().label_anchors
            for key, directions in LANDMARK_DIRECTIONS.items():
                blk = self.landmark_block(key)
                anchor = geo.apply(main, anchors[key])
                distances = tuple(d * self.em for d in DISTANCES_EM)
                placed = place_free(key, blk, anchor, region, obstacles, distances=distances, pad=self.pad, directions=directions)
                if placed is None:
                    self.last_failure = _label_error(self, key)
                    return None
                obstacles.add(placed)
                labels.append(placed)
        return tuple(zone_labels), tuple(labels), tuple((float(b[0]), float(b[1])) for b in badges)

    # ---------------------------------------------------------- secondary views

    def place_secondary(
        self, region: Box, main_scale: float, avoid: tuple[Path, float] | None = None
    ) -> tuple[np.ndarray, np.ndarray, tuple[Placed, ...], Obstacles]:
        """Lateral and sole views in `region`, side by side or stacked, whichever lets them be larger."""
        t = self.req.text
        lat_title = block((t.outer_view, self.small_bold))
        sole_title = block((t.sole_view, self.small_bold))
        lx0, ly0, lx1, ly1 = extents("lateral")
        sx0, sy0, sx1, sy1 = extents("sole")
        lw, lh, sw, sh = lx1 - lx0, ly1 - ly0, sx1 - sx0, sy1 - sy0
        title_h = lat_title.height + VIEW_TITLE_GAP_EM * self.em
        below = LEADING * self.req.small_size_pt * 2 + 2 * self.em
        side_label = max(place_width(t.spine_line, self.small_font), 4 * self.em) + 2.5 * self.em
        gap = GUTTER_EM * self.em
        options = {
            "side": min((region.width - gap - side_label * 0.5) / (lw + sw), (region.height - title_h - below) / max(sh, lh)),
            "stacked": min(region.width / lw, (region.width - side_label) / sw, (region.height - 2 * title_h - below - gap) / (lh + sh)),
        }
        order = sorted(options, key=lambda k: -options[k])
        failure: InputError | None = None
        for arrangement in order:
            s = min(options[arrangement], SECONDARY_MAX * main_scale)
            for _ in range(2 * MAX_SHRINK_STEPS):
                result = self.try_secondary(arrangement, s, region, lat_title, sole_title, avoid)
                if isinstance(result, tuple):
                    return result
                failure = result
                s *= SHRINK
        assert failure is not None
        raise failure

    def try_secondary(
        self, arrangement: str, s: float, region: Box, lat_title: Block, sole_title: Block, avoid: tuple[Path, float] | None
    ) -> tuple[np.ndarray, np.ndarray, tuple[Placed, ...], Obstacles] | InputError:
        lx0, ly0, lx1, ly1 = extents("lateral")
        sx0, sy0, sx1, sy1 = extents("sole")
        title_gap = VIEW_TITLE_GAP_EM * self.em
        gap = GUTTER_EM * self.em
        top = region.y1
        if arrangement == "side":
            total = s * (lx1 - lx0) + gap + s * (sx1 - sx0)
            left = region.x0 + max(region.width - total, 0) / 2
            lat_origin = (left + s * lx1, top - lat_title.height - title_gap - s * ly1)
            sole_left = left + s * (lx1 - lx0) + gap
            sole_origin = (sole_left - s * sx0, top - sole_title.height - title_gap + s * sy0)
        else:
            left = region.x0 + max(region.width - s * (lx1 - lx0), 0) / 2
            lat_origin = (left + s * lx1, top - lat_title.height - title_gap - s * ly1)
            sole_top = lat_origin[1] - s * ly0 - gap
            sole_left = region.x1 - s * (sx1 - sx0) - max(region.width - s * (lx1 - lx0), 0) / 2
            sole_origin = (sole_left - s * sx0, sole_top - sole_title.height - title_gap + s * sy0)
        lateral = geo.affine(s, lat_origin, flip_x=True)
        sole = geo.affine(s, sole_origin, flip_y=True)
        lat_box = view_box("lateral", lateral)
        sole_box = view_box("sole", sole)
        if avoid is not None:
            keep_out, room = avoid
            for box in (lat_box, sole_box):
                grown = box.grown(room)
                if keep_out.intersects_bbox(Bbox.from_extents(grown.x0, grown.y0, grown.x1, grown.y1), filled=True):
                    return _label_error(self, "outer_view")
        shapes = [outline_of("lateral").transformed(lateral).path(), outline_of("sole").transformed(sole).path()]
        shapes.extend(ellipse_path(toe, sole) for toe in geo.sole_foot().toes)
        if avoid is not None:
            shapes.append(avoid[0])
        obstacles = Obstacles(shapes, [], [])
        labels: list[Placed] = []
        for blk, box, key in ((lat_title, lat_box, "outer_view"), (sole_title, sole_box, "sole_view")):
            title = place_at(key, blk, box.x0, box.y1 + title_gap + blk.height, "left")
            if not title.box.within(region) or not obstacles.box_clear(title.box, self.pad * 0.5):
                return _label_error(self, key)
            obstacles.add(title)
            labels.append(title)
        distances = tuple(d * self.em for d in DISTANCES_EM)
        lat_anchors = geo.lateral_foot().label_anchors
        line = sole_line()
        ink, muted, small = self.req.palette.ink, self.req.palette.muted, self.req.small_size_pt
        wanted = (
            ("outer_points", lateral, lat_anchors["outer_points"], (270, 300, 240, 315, 225), ink),
            ("little_toe", lateral, lat_anchors["little_toe"], (90, 60, 120, 45, 30, 0, 270, 300), muted),
            ("spine_line", sole, tuple(line.at(line.length * SOLE_LABEL_AT)), (180, 200, 160, 215, 145, 230, 130), ink),
        )
        for key, matrix, at, directions, colour in wanted:
            blk = block((getattr(self.req.text, key), Font(self.req.font_regular, small, colour)))
            anchor = geo.apply(matrix, at)
            placed = place_free(key, blk, anchor, region, obstacles, distances=distances, pad=self.pad, directions=directions)
            if placed is None:
                return _label_error(self, key)
            if key == "outer_points":
                placed = replace(placed, dot=False)  # the leader ends on a marked point
            obstacles.add(placed)
            labels.append(placed)
        return lateral, sole, tuple(labels), obstacles


def _label_error(planner: _Planner, key: str) -> InputError:
    try:
        planner.fail_label(key, str(getattr(planner.req.text, key)))
    except InputError as exc:
        return exc
    raise AssertionError("unreachable")


def place_width(text: str, font: Font) -> float:
    """Width of one line of text in pt."""
    return block((text, font)).width


def ellipse_path(shape: geo.Ellipse, matrix: np.ndarray) -> Path:
    """An Ellipse (L) as a closed Bézier Path in pt under `matrix`."""
    unit = Path.unit_circle()
    theta = np.radians(shape.angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    verts = (unit.vertices * [shape.width / 2, shape.height / 2]) @ rot.T + shape.centre
    return Path(geo.apply(matrix, verts), unit.codes)
