"""Foot landmark YAML (assets/foot/*.yaml, units of L) -> smooth Bézier outlines, the spine reflex line, its zones.

L is the foot length, heel back to big-toe tip. The foot frame used throughout:
x = distance from the big-toe tip towards the heel (0 = toe tip, 1 = heel back),
y = height above the floor (medial and lateral views) or, for the sole view,
x = distance from the inner (medial) edge towards the outer edge.
Drawing code maps this frame to points with an affine transform; `mirrored`
turns a right foot into the exact mirror image, the left foot.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path as FilePath

import numpy as np
from matplotlib.path import Path

from chartgen import schema
from chartgen.content import ZONE_IDS
from chartgen.resources import FOOT_DIR

CATMULL_ROM_ALPHA = 0.5
"""Centripetal Catmull-Rom: smooth through every knot, no loops or overshoot at uneven spacing."""

SAMPLES_PER_SEGMENT = 24
"""Points per cubic when a curve is flattened for measuring (arc length, extents, hit tests)."""


# ---------------------------------------------------------------- the data files


@dataclass(frozen=True)
class Knot:
    """One point a curve passes through, in L."""

    name: str
    at: tuple[float, float]
    tangent: float | None = None
    """Direction of travel in degrees (0 = +x, 90 = +y); None lets the neighbours decide."""
    corner: bool = False
    """A sharp corner: the curve leaves and enters this knot straight towards its neighbours."""
    stroke: bool = True
    """Whether the segment that starts here is outlined (False for the cut across the leg)."""


@dataclass(frozen=True)
class ZoneSpec:
    """One zone of the spine line, placed by landmark."""

    start: str
    """Landmark whose x starts the zone (head end)."""
    end: str
    """Landmark whose x ends the zone (tail end)."""
    vertebrae: str
    """Vertebra range printed under the zone name, e.g. C1–C7."""
    segments: tuple[float, ...]
    """Relative lengths of the vertebrae (or bone groups) inside the zone; ticks go between them."""
    badge: float = field(default=0.5, metadata={"min": 0.0, "max": 1.0})
    """Where the numbered marker sits, as a fraction of the zone's length."""


@dataclass(frozen=True)
class Ellipse:
    """A soft shading spot (bone prominence), in L; angle in degrees."""

    centre: tuple[float, float]
    width: float
    height: float
    angle: float = 0.0


@dataclass(frozen=True)
class Zones:
    cervical: ZoneSpec
    thoracic: ZoneSpec
    lumbar: ZoneSpec
    sacral: ZoneSpec

    def ordered(self) -> tuple[tuple[str, ZoneSpec], ...]:
        """(zone id, spec) head to tail."""
        return tuple((zone_id, getattr(self, zone_id)) for zone_id in ZONE_IDS)


@dataclass(frozen=True)
class MedialFoot:
    """Inner side of the right foot (assets/foot/medial.yaml)."""

    landmarks: dict[str, tuple[float, float]]
    outline: tuple[Knot, ...]
    sole_from: str
    sole_to: str
    arch_shade: Ellipse
    top_from: str
    top_to: str
    nail: tuple[Knot, ...]
    creases: tuple[tuple[Knot, ...], ...]
    bumps: dict[str, Ellipse]
    spine_line: tuple[Knot, ...]
    zones: Zones
    label_anchors: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class LateralFoot:
    """Outer side of the right foot (assets/foot/lateral.yaml); same frame as the medial view."""

    landmarks: dict[str, tuple[float, float]]
    outline: tuple[Knot, ...]
    toes: tuple[tuple[Knot, ...], ...]
    bumps: dict[str, Ellipse]
    points: tuple[tuple[float, float], ...]
    label_anchors: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class SoleFoot:
    """Sole of the right foot seen from below, toes up, inner edge on the left (assets/foot/sole.yaml)."""

    outline: tuple[Knot, ...]
    toes: tuple[Ellipse, ...]
    creases: tuple[tuple[Knot, ...], ...]
    pads: tuple[Ellipse, ...]
    spine_line: tuple[Knot, ...]
    """Runs toe to heel just inside the inner edge; its zones split at the medial landmarks' x (as y here)."""


@functools.cache
def medial_foot(path: FilePath = FOOT_DIR / "medial.yaml") -> MedialFoot:
    """The medial view's data (cached; file:line errors on bad data)."""
    return schema.load(MedialFoot, path)


@functools.cache
def lateral_foot(path: FilePath = FOOT_DIR / "lateral.yaml") -> LateralFoot:
    """The lateral view's data (cached)."""
    return schema.load(LateralFoot, path)


@functools.cache
def sole_foot(path: FilePath = FOOT_DIR / "sole.yaml") -> SoleFoot:
    """The sole view's data (cached)."""
    return schema.load(SoleFoot, path)


# ---------------------------------------------------------------- Bézier curves


@dataclass(frozen=True)
class Curve:
    """A chain of cubic Béziers: `controls[i]` is (start, c1, c2, end) of segment i, in the units of its points."""

    controls: np.ndarray
    names: tuple[str, ...]
    """Name of the knot each segment starts at."""
    stroked: tuple[bool, ...]
    closed: bool

    def path(self) -> Path:
        """The curve as a matplotlib Path of MOVETO + CURVE4 (+ CLOSEPOLY if closed)."""
        verts = [self.controls[0, 0]]
        codes = [Path.MOVETO]
        for seg in self.controls:
            verts.extend(seg[1:])
            codes.extend([Path.CURVE4] * 3)
        if self.closed:
            verts.append(self.controls[0, 0])
            codes.append(Path.CLOSEPOLY)
        return Path(np.asarray(verts, dtype=float), codes)

    def stroke_paths(self) -> tuple[Path, ...]:
        """The outlined runs of segments (skipping those marked stroke: false), each an open Path."""
        runs: list[list[np.ndarray]] = []
        current: list[np.ndarray] = []
        count = len(self.controls)
        start = next((i for i in range(count) if not self.stroked[i]), 0) if self.closed else 0
        for k in range(count):
            i = (start + k) % count if self.closed else k
            if self.stroked[i]:
                current.append(self.controls[i])
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        return tuple(Curve(np.asarray(r), ("",) * len(r), (True,) * len(r), False).path() for r in runs)

    def between(self, first: str, last: str) -> Curve:
        """The open sub-curve from knot `first` to knot `last` (following the knot order)."""
        i, j = self.names.index(first), self.names.index(last)
        idx = list(range(i, j)) if j > i else list(range(i, len(self.names))) + list(range(j))
        return Curve(self.controls[idx], tuple(self.names[k] for k in idx), (True,) * len(idx), False)

    def sample(self, per_segment: int = SAMPLES_PER_SEGMENT) -> np.ndarray:
        """Points along the curve, shape (n, 2); the last point closes the loop if closed."""
        t = np.linspace(0.0, 1.0, per_segment, endpoint=False)[:, None]
        pts = _bezier_points(self.controls, t)
        end = self.controls[-1, 3][None, :]
        return np.vstack([pts.reshape(-1, 2), end])

    def transformed(self, matrix: np.ndarray) -> Curve:
        """The curve under a 3x3 affine `matrix` (Béziers are affine invariant)."""
        flat = self.controls.reshape(-1, 2)
        moved = flat @ matrix[:2, :2].T + matrix[:2, 2]
        return Curve(moved.reshape(self.controls.shape), self.names, self.stroked, self.closed)


def _bezier_points(controls: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Evaluate every cubic at parameters `t` (n, 1): result (segments, n, 2)."""
    p0, p1, p2, p3 = (controls[:, k, None, :] for k in range(4))
    u = 1.0 - t
    points: np.ndarray = u**3 * p0 + 3 * u**2 * t * p1 + 3 * u * t**2 * p2 + t**3 * p3
    return points


def smooth_curve(knots: tuple[Knot, ...], *, closed: bool) -> Curve:
    """A smooth cubic Bézier chain through every knot (centripetal Catmull-Rom), honouring tangents and corners."""
    pts = np.array([k.at for k in knots], dtype=float)
    n = len(pts)
    if n < 2:
        raise ValueError("a curve needs at least two knots")

    def neighbour(i: int) -> np.ndarray:
        """Knot `i`; past an open curve's end, its mirror image through the end knot."""
        point: np.ndarray
        if closed:
            point = pts[i % n]
        elif i < 0:
            point = 2 * pts[0] - pts[1]
        elif i >= n:
            point = 2 * pts[-1] - pts[-2]
        else:
            point = pts[i]
        return point

    count = n if closed else n - 1
    controls = np.empty((count, 4, 2))
    for i in range(count):
        p0, p1, p2, p3 = neighbour(i - 1), pts[i], neighbour(i + 1), neighbour(i + 2)
        d1, d2, d3 = (max(float(np.linalg.norm(b - a)) ** CATMULL_ROM_ALPHA, 1e-9)
                      for a, b in ((p0, p1), (p1, p2), (p2, p3)))
        c1 = (d1**2 * p2 - d2**2 * p0 + (2 * d1**2 + 3 * d1 * d2 + d2**2) * p1) / (3 * d1 * (d1 + d2))
        c2 = (d3**2 * p1 - d2**2 * p3 + (2 * d3**2 + 3 * d3 * d2 + d2**2) * p2) / (3 * d3 * (d3 + d2))
        k1, k2 = knots[i], knots[(i + 1) % n]
        chord = p2 - p1
        if k1.corner:
            c1 = p1 + chord / 3
        elif k1.tangent is not None:
            c1 = p1 + np.linalg.norm(c1 - p1) * _unit(k1.tangent)
        if k2.corner:
            c2 = p2 - chord / 3
        elif k2.tangent is not None:
            c2 = p2 - np.linalg.norm(p2 - c2) * _unit(k2.tangent)
        controls[i] = (p1, c1, c2, p2)
    names = tuple(k.name for k in knots[:count])
    stroked = tuple(k.stroke for k in knots[:count])
    return Curve(controls, names, stroked, closed)


def _unit(degrees: float) -> np.ndarray:
    rad = math.radians(degrees)
    return np.array([math.cos(rad), math.sin(rad)])


# ---------------------------------------------------------------- the spine line


@dataclass(frozen=True)
class Polyline:
    """A densely sampled open curve with cumulative arc length (same units as its points)."""

    points: np.ndarray
    arc: np.ndarray

    @classmethod
    def of(cls, curve: Curve) -> Polyline:
        pts = curve.sample()
        steps = np.linalg.norm(np.diff(pts, axis=0), axis=1)
        return cls(pts, np.concatenate([[0.0], np.cumsum(steps)]))

    @property
    def length(self) -> float:
        return float(self.arc[-1])

    def at(self, s: float) -> np.ndarray:
        """The point at arc length `s`."""
        return np.array([np.interp(s, self.arc, self.points[:, 0]), np.interp(s, self.arc, self.points[:, 1])])

    def direction(self, s: float) -> np.ndarray:
        """Unit tangent (direction of travel) at arc length `s`."""
        i = int(np.clip(np.searchsorted(self.arc, s), 1, len(self.arc) - 1))
        d = self.points[i] - self.points[i - 1]
        unit: np.ndarray = d / np.linalg.norm(d)
        return unit

    def arc_at_x(self, x: float, axis: int = 0) -> float:
        """Arc length where coordinate `axis` of the line reaches `x` (the line runs steadily toe to heel)."""
        xs = self.points[:, axis]
        if not np.all(np.diff(xs) > 0):
            raise ValueError("the spine line must run steadily from toe to heel")
        return float(np.interp(x, xs, self.arc))

    def piece(self, s0: float, s1: float) -> np.ndarray:
        """The points between arc lengths s0 and s1, ends included."""
        inner = self.points[(self.arc > s0) & (self.arc < s1)]
        return np.vstack([self.at(s0), inner, self.at(s1)])


@dataclass(frozen=True)
class ZoneSpan:
    """Where one zone lies on the spine line: arc lengths in L, and the landmarks it is tied to."""

    zone_id: str
    start: float
    end: float
    start_landmark: str
    end_landmark: str
    ticks: tuple[float, ...]
    """Arc lengths of the boundaries between its vertebrae (inside the span)."""
    badge: float
    """Arc length of the numbered marker."""


def spine_polyline(foot: MedialFoot) -> Polyline:
    """The reflex line along the inner edge, big toe to the bottom of the heel, in L."""
    return Polyline.of(smooth_curve(foot.spine_line, closed=False))


def zone_spans(foot: MedialFoot) -> tuple[ZoneSpan, ...]:
    """The four zones on the spine line, head to tail, each starting and ending at its landmarks' x."""
    line = spine_polyline(foot)
    spans = []
    for zone_id, spec in foot.zones.ordered():
        s0 = line.arc_at_x(foot.landmarks[spec.start][0])
        s1 = line.arc_at_x(foot.landmarks[spec.end][0])
        weights = np.cumsum(spec.segments) / sum(spec.segments)
        ticks = tuple(float(s0 + (s1 - s0) * w) for w in weights[:-1])
        spans.append(ZoneSpan(zone_id, s0, s1, spec.start, spec.end, ticks, s0 + (s1 - s0) * spec.badge))
    return tuple(spans)


# ---------------------------------------------------------------- transforms


def affine(scale: float, origin: tuple[float, float], *, flip_x: bool = False, flip_y: bool = False) -> np.ndarray:
    """3x3 matrix mapping L (foot frame) to points: x' = origin_x ± scale·x, y' = origin_y ± scale·y."""
    return np.array(
        [
            [-scale if flip_x else scale, 0.0, origin[0]],
            [0.0, -scale if flip_y else scale, origin[1]],
            [0.0, 0.0, 1.0],
        ]
    )


def apply(matrix: np.ndarray, points: np.ndarray | tuple[float, float]) -> np.ndarray:
    """Points (n, 2) or one point (2,) under a 3x3 affine matrix."""
    arr = np.asarray(points, dtype=float)
    moved: np.ndarray = arr @ matrix[:2, :2].T + matrix[:2, 2]
    return moved


def mirror_matrix(width: float) -> np.ndarray:
    """The reflection x -> width - x (left foot from right foot, across a box `width` wide)."""
    return np.array([[-1.0, 0.0, width], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
