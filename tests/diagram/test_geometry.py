"""Foot geometry (assets/foot/*.yaml, units of L) -> checks of landmarks, zone spans, floor contact and mirroring."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from chartgen.content import ZONE_IDS
from chartgen.diagram import geometry as geo

# Proportions from DESIGN.md (distance from the big-toe tip, height above the floor), in L.
EXPECTED_X = {"toe_tip": 0.0, "ip_joint": 0.09, "mtp_joint": 0.25, "cuneiform": 0.48, "navicular": 0.60,
              "ankle": 0.75, "heel_back": 1.0}
TOLERANCE_L = 0.01
BALL_RANGE = (0.18, 0.36)
"""Where the ball may rest on the floor (L from the toe tip)."""
HEEL_RANGE = (0.74, 0.98)
FLOOR_EPS = 0.002


@pytest.fixture(scope="module")
def foot() -> geo.MedialFoot:
    return geo.medial_foot()


@pytest.fixture(scope="module")
def outline(foot: geo.MedialFoot) -> np.ndarray:
    return geo.smooth_curve(foot.outline, closed=True).sample(64)


def test_landmarks_follow_the_design_proportions(foot: geo.MedialFoot) -> None:
    for name, x in EXPECTED_X.items():
        assert foot.landmarks[name][0] == pytest.approx(x, abs=TOLERANCE_L), name
    assert foot.landmarks["navicular"][1] == pytest.approx(0.15, abs=TOLERANCE_L)
    assert foot.landmarks["ankle"][1] == pytest.approx(0.27, abs=TOLERANCE_L)


def test_only_ball_and_heel_touch_the_floor(outline: np.ndarray) -> None:
    assert outline[:, 1].min() >= -1e-9, "the outline dips below the floor"
    touching = outline[outline[:, 1] < FLOOR_EPS, 0]
    in_ball = (touching >= BALL_RANGE[0]) & (touching <= BALL_RANGE[1])
    in_heel = (touching >= HEEL_RANGE[0]) & (touching <= HEEL_RANGE[1])
    assert np.all(in_ball | in_heel), f"floor contact outside ball and heel at x={touching[~(in_ball | in_heel)]}"
    assert in_ball.any() and in_heel.any()


def test_arch_is_lifted_under_the_navicular(foot: geo.MedialFoot, outline: np.ndarray) -> None:
    x_nav, y_nav = foot.landmarks["navicular"]
    sole = outline[(outline[:, 1] < 0.1) & (np.abs(outline[:, 0] - x_nav) < 0.01)]
    assert sole[:, 1].min() > 0.04, "the arch must not rest on the floor"
    line = geo.spine_polyline(foot)
    y_line = line.at(line.arc_at_x(x_nav))[1]
    assert sole[:, 1].min() < y_line < y_nav, "the reflex line runs between the sole edge and the navicular"


def test_outline_extent_is_one_foot_length(outline: np.ndarray) -> None:
    assert outline[:, 0].min() == pytest.approx(0.0, abs=1e-3)
    assert outline[:, 0].max() == pytest.approx(1.0, abs=1e-3)


def test_zone_spans_run_head_to_tail_by_landmark(foot: geo.MedialFoot) -> None:
    spans = geo.zone_spans(foot)
    assert [s.zone_id for s in spans] == list(ZONE_IDS)
    tied = [(s.start_landmark, s.end_landmark) for s in spans]
    assert tied == [("ip_joint", "mtp_joint"), ("mtp_joint", "cuneiform"), ("cuneiform", "heel_front"),
                    ("heel_front", "heel_bottom")]
    line = geo.spine_polyline(foot)
    for a, b in itertools.pairwise(spans):
        assert a.end == pytest.approx(b.start), "zones must meet without a gap"
    for span in spans:
        assert span.start < span.badge < span.end
        assert all(span.start < t < span.end for t in span.ticks)
        assert line.at(span.start)[0] == pytest.approx(foot.landmarks[span.start_landmark][0], abs=1e-6)
        assert line.at(span.end)[0] == pytest.approx(foot.landmarks[span.end_landmark][0], abs=1e-6)
    assert spans[0].start == 0.0 and spans[-1].end == pytest.approx(line.length)
    assert len(spans[0].ticks) == 6 and len(spans[1].ticks) == 11 and len(spans[2].ticks) == 4


def test_spine_line_ends_at_the_bottom_of_the_heel(foot: geo.MedialFoot) -> None:
    line = geo.spine_polyline(foot)
    end = line.points[-1]
    assert HEEL_RANGE[0] < end[0] < HEEL_RANGE[1] and end[1] < 0.02
    start = line.points[0]
    assert start[0] == pytest.approx(foot.landmarks["ip_joint"][0])


def test_zone_anatomy(foot: geo.MedialFoot) -> None:
    """Cervical on the big toe's base, thoracic along the first metatarsal, lumbar under the navicular, sacral on
    the heel."""
    lm = foot.landmarks
    assert (lm["ip_joint"][0] < lm["mtp_joint"][0] < lm["cuneiform"][0] < lm["navicular"][0] < lm["heel_front"][0]
            < lm["heel_bottom"][0])
    assert lm["heel_front"][0] < lm["ankle"][0] + 0.02, "the sacral zone starts where the heel begins, under the ankle"


def test_curve_passes_through_its_knots(foot: geo.MedialFoot) -> None:
    curve = geo.smooth_curve(foot.outline, closed=True)
    for seg, knot in zip(curve.controls, foot.outline, strict=True):
        assert seg[0] == pytest.approx(np.array(knot.at))


def test_mirror_is_exact() -> None:
    pts = np.array([[1.0, 2.0], [30.0, 4.5]])
    flip = geo.mirror_matrix(100.0)
    assert geo.apply(flip, pts) == pytest.approx(np.array([[99.0, 2.0], [70.0, 4.5]]))
    assert flip @ flip == pytest.approx(np.eye(3))


def test_sole_view_line_runs_toe_to_heel_inside_the_inner_edge() -> None:
    sole = geo.sole_foot()
    line = geo.Polyline.of(geo.smooth_curve(sole.spine_line, closed=False))
    assert np.all(np.diff(line.points[:, 1]) > 0)
    assert line.points[:, 0].max() < 0.1, "the line hugs the inner edge"
