"""Foot geometry (L) -> the cached outlines, extents and paths that planning and drawing share (pt under a matrix)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from matplotlib.path import Path

from chartgen.diagram import geometry as geo
from chartgen.diagram.labels import Box


@functools.cache
def medial_shape() -> tuple[geo.Curve, geo.Polyline, tuple[geo.ZoneSpan, ...]]:
    """The medial outline, spine line and zone spans, in L (built once)."""
    foot = geo.medial_foot()
    return geo.smooth_curve(foot.outline, closed=True), geo.spine_polyline(foot), geo.zone_spans(foot)


@functools.cache
def outline_of(view: str) -> geo.Curve:
    """The closed outline of a view ("medial", "lateral" or "sole"), in L (built once)."""
    feet: dict[str, Callable[[], geo.MedialFoot | geo.LateralFoot | geo.SoleFoot]] = {
        "medial": geo.medial_foot, "lateral": geo.lateral_foot, "sole": geo.sole_foot}
    return geo.smooth_curve(feet[view]().outline, closed=True)


@functools.cache
def extents(view: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a view's outline in L; for the sole view, its toes too (drawn outside the outline)."""
    pts = outline_of(view).sample()
    if view == "sole":
        identity = np.eye(3)
        pts = np.vstack([pts] + [ellipse_path(toe, identity).vertices for toe in geo.sole_foot().toes])
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def view_box(view: str, matrix: np.ndarray) -> Box:
    """A view's outline extent in pt under `matrix` (an axis-aligned scale, flips allowed)."""
    x0, y0, x1, y1 = extents(view)
    corners = geo.apply(matrix, np.array([[x0, y0], [x1, y1]]))
    return Box(float(corners[:, 0].min()), float(corners[:, 1].min()), float(corners[:, 0].max()),
               float(corners[:, 1].max()))


@functools.cache
def sole_line() -> geo.Polyline:
    """The sole view's spine line, in L."""
    return geo.Polyline.of(geo.smooth_curve(geo.sole_foot().spine_line, closed=False))


def ellipse_path(shape: geo.Ellipse, matrix: np.ndarray) -> Path:
    """An Ellipse (L) as a closed Bézier Path in pt under `matrix`."""
    unit = Path.unit_circle()
    theta = np.radians(shape.angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    verts = (np.asarray(unit.vertices) * [shape.width / 2, shape.height / 2]) @ rot.T + shape.centre
    return Path(geo.apply(matrix, verts), unit.codes)
