"""DiagramRequest -> one-page vector PDF bytes: draws a DiagramPlan with matplotlib (no pyplot)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.typing import CapStyleType, RcKeyType

from chartgen.colour import WHITE, mix, readable_on
from chartgen.content import ZONE_IDS
from chartgen.diagram import geometry as geo
from chartgen.diagram import subsets
from chartgen.diagram.labels import Placed, font_properties, measure
from chartgen.diagram.plan import DiagramPlan, plan_diagram
from chartgen.diagram.request import DiagramPalette, DiagramRequest
from chartgen.diagram.shapes import ellipse_path, medial_shape

PT_PER_INCH = 72.0

RC: dict[RcKeyType, Any] = {
    "pdf.fonttype": 42,  # TrueType, subset: text stays real, searchable text
    "pdf.compression": 6,
    "text.parse_math": False,  # text is data: "$x$" prints as itself
    "path.simplify": False,  # keep every Bézier control point
    "axes.unicode_minus": False,
}
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}
"""No dates or versions in the file, so the same request gives the same bytes."""

# Shading, as mixing ratios towards the named colour (0 = plain skin) and depths in L.
SOLE_SHADE = (0.11, 0.8, 16)
"""(depth in L, strongest share of skin_shadow, steps): a soft shade along the sole, darkest at the edge."""
ARCH_SHADE = 0.55
"""Strongest share of skin_shadow in the soft oval that deepens the hollow of the arch."""
TOP_LIGHT = (0.06, 0.22, 8)
"""Soft light along the top of the foot, mixed towards white."""
BUMP_LIGHT = (0.22, 9)
"""(strongest whitening, steps) of the nested ellipses that model a bone prominence."""
BUMP_SHADOW = 0.3
"""Share of skin_shadow in the soft shadow under a bone prominence."""
SOLE_PAD_SHADE = 0.45
"""Strongest share of skin_shadow at the centre of the ball and heel pads in the sole view."""
SOLE_ARCH_LIGHT = 0.3
"""Strongest whitening of the raised arch in the sole view."""
FADE_L = 0.12
"""The top of the leg fades into the paper over this height (L)."""
FADE_STEPS = 16
ZONE_GAP_EM = 0.14
"""Small skin-coloured gap between two zones on the band."""
MUTED_ZONE = 0.68
"""How far a non-highlighted zone's colour is mixed towards white (booklet zone pages, a handout's or card's focus)."""


def render_pdf(request: DiagramRequest) -> bytes:
    """One-page PDF exactly `width_pt` x `height_pt`, vector, fonts embedded as subset TrueType."""
    return render_pdf_pages((request,))


def render_pdf_pages(requests: tuple[DiagramRequest, ...]) -> bytes:
    """A PDF with one page per request, each exactly its `width_pt` x `height_pt`.

    All pages share one font subset: matplotlib subsets fonts (the slowest step) once per file, so drawing
    a booklet's five diagrams together costs little more than drawing one; a subset made before is reused
    (`subsets`).
    """
    subsets.install()
    out = io.BytesIO()
    with matplotlib.rc_context(RC), PdfPages(out, metadata=PDF_METADATA) as pages:
        for request in requests:
            plan = plan_diagram(request)
            fig = Figure(figsize=(request.width_pt / PT_PER_INCH, request.height_pt / PT_PER_INCH), dpi=PT_PER_INCH)
            FigureCanvasPdf(fig)
            ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
            ax.set_axis_off()
            ax.set_xlim(0.0, request.width_pt)
            ax.set_ylim(0.0, request.height_pt)
            Painter(ax, plan, request).paint()
            # No background: the page's paper shows through, so text set beside the foot in the box stays visible.
            pages.savefig(fig, dpi=PT_PER_INCH, facecolor="none")
    return out.getvalue()


class Painter:
    """Draws one plan onto an axes whose data units are pt."""

    def __init__(self, ax: Axes, plan: DiagramPlan, request: DiagramRequest) -> None:
        self.ax = ax
        self.plan = plan
        self.req = request
        self.pal: DiagramPalette = request.palette
        self.em = plan.em

    def zone_colour(self, index: int) -> str:
        colour = self.pal.zones[index]
        if not self.req.dimmed(ZONE_IDS[index]):
            return colour
        return mix(colour, WHITE, MUTED_ZONE)

    def paint(self) -> None:
        plan = self.plan
        foot = geo.medial_foot()
        outline, line, spans = medial_shape()
        scale = float(np.hypot(*plan.main[:2, 0]))
        body = outline.transformed(plan.main)
        clip = self.silhouette(body)
        self.shade_medial(foot, outline, plan.main, scale, clip)
        self.outline(body, scale, clip)
        self.spine_band(line, spans, plan.main, scale, clip)
        if plan.lateral is not None:
            self.lateral_view(plan.lateral)
        if plan.sole is not None:
            self.sole_view(plan.sole)
        for placed in plan.labels:
            self.label(placed, self.pal.muted)
        for i, placed in enumerate(plan.zone_labels):
            self.label(placed, mix(self.zone_colour(i), self.pal.ink, 0.25))
        self.badges()

    # ---------------------------------------------------------------- the skin

    def silhouette(self, curve: geo.Curve, zorder: float = 1.0) -> PathPatch:
        """The skin fill of a view (pt); returned so that shading can be clipped to it."""
        patch = PathPatch(curve.path(), facecolor=self.pal.skin, edgecolor="none", linewidth=0, zorder=zorder)
        self.ax.add_artist(patch)
        return patch

    def outline(self, curve: geo.Curve, scale: float, patch: PathPatch, zorder: float = 1.0) -> None:
        """The outline stroke; where the leg is cut, skin and outline fade into the paper over FADE_L."""
        lw = self.plan.style.outline_em * self.em
        strokes = curve.stroke_paths()
        top = float(curve.sample()[:, 1].max())
        has_cut = not all(curve.stroked)
        fade_from = top - FADE_L * scale if has_cut else np.inf
        x0, x1 = self.ax.get_xlim()
        if has_cut:
            edges = np.linspace(fade_from, top + lw, FADE_STEPS + 1)
            for k in range(FADE_STEPS):
                t = (k + 0.5) / FADE_STEPS
                band = Rectangle((x0, edges[k]), x1 - x0, edges[k + 1] - edges[k],
                                 facecolor=mix(self.pal.skin, WHITE, t), edgecolor="none", linewidth=0,
                                 zorder=zorder + 0.5)
                band.set_clip_path(patch)
                self.ax.add_artist(band)
                for stroke in strokes:
                    piece = self._stroke(stroke, mix(self.pal.outline, WHITE, t), lw, zorder + 0.6)
                    piece.set_clip_box(None)
                    piece.set_clip_path(Rectangle((x0, edges[k]), x1 - x0, edges[k + 1] - edges[k],
                                                  transform=self.ax.transData))
        for stroke in strokes:
            piece = self._stroke(stroke, self.pal.outline, lw, zorder + 0.6)
            if has_cut:
                piece.set_clip_path(Rectangle((x0, -1e4), x1 - x0, fade_from + 1e4, transform=self.ax.transData))

    def _stroke(self, path: Path, colour: str, lw: float, zorder: float, clip: PathPatch | None = None,
                cap: CapStyleType = "round") -> PathPatch:
        patch = PathPatch(path, facecolor="none", edgecolor=colour, linewidth=lw, zorder=zorder, capstyle=cap,
                          joinstyle="round")
        self.ax.add_artist(patch)
        if clip is not None:
            patch.set_clip_path(clip)
        return patch

    def bump(self, shape: geo.Ellipse, matrix: np.ndarray, clip: PathPatch, zorder: float) -> None:
        """A bone under the skin: a soft shadow below, nested highlights rising to its top."""
        top, steps = BUMP_LIGHT
        for k in range(steps):
            grow = 1.0 - 0.12 * k
            shadow = geo.Ellipse((shape.centre[0], shape.centre[1] - 0.18 * shape.height), shape.width * grow * 1.1,
                                 shape.height * grow, shape.angle)
            colour = mix(self.pal.skin, self.pal.skin_shadow, BUMP_SHADOW * (k + 1) / steps)
            self._fill(ellipse_path(shadow, matrix), colour, zorder, clip)
        for k in range(steps):
            grow = 1.0 - 0.14 * k
            lift = 0.05 * shape.height * k
            inner = geo.Ellipse((shape.centre[0], shape.centre[1] + lift), shape.width * grow, shape.height * grow,
                                shape.angle)
            self._fill(ellipse_path(inner, matrix), mix(self.pal.skin, WHITE, top * (k + 1) / steps), zorder + 0.01,
                       clip)

    def soft_spot(self, shape: geo.Ellipse, matrix: np.ndarray, towards: str, strength: float, zorder: float,
                  clip: PathPatch) -> None:
        """A soft-edged oval: nested ellipses mixing further towards `towards` inwards."""
        steps = BUMP_LIGHT[1]
        for k in range(steps):
            grow = 1.0 - 0.75 * k / steps
            inner = geo.Ellipse(shape.centre, shape.width * grow, shape.height * grow, shape.angle)
            self._fill(ellipse_path(inner, matrix), mix(self.pal.skin, towards, strength * (k + 1) / steps), zorder,
                       clip)

    def glaze(self, shape: geo.Ellipse, matrix: np.ndarray, colour: str, strength: float, zorder: float,
              clip: PathPatch) -> None:
        """A soft oval of translucent `colour` over what is below: nested ellipses whose opacity adds up to
        `strength`."""
        steps = BUMP_LIGHT[1]
        alpha = 1.0 - (1.0 - strength) ** (1.0 / steps)
        for k in range(steps):
            grow = 1.0 - 0.8 * k / steps
            inner = geo.Ellipse(shape.centre, shape.width * grow, shape.height * grow, shape.angle)
            self._fill(ellipse_path(inner, matrix), colour, zorder, clip).set_alpha(alpha)

    def soft_band(self, path: Path, scale: float, spec: tuple[float, float, int], towards: str, zorder: float,
                  clip: PathPatch, base: str | None = None) -> None:
        """Shade inside the silhouette along `path`: `steps` nested strokes, deepest colour at the edge."""
        depth, strength, steps = spec
        base = base or self.pal.skin
        for k in range(steps):
            width = 2 * depth * scale * (1.0 - k / steps)
            self._stroke(path, mix(base, towards, strength * (k + 1) / steps), width, zorder, clip)

    def _fill(self, path: Path, colour: str, zorder: float, clip: PathPatch | None = None, edge: str = "none",
              lw: float = 0.0) -> PathPatch:
        patch = PathPatch(path, facecolor=colour, edgecolor=edge, linewidth=lw, zorder=zorder, joinstyle="round")
        self.ax.add_artist(patch)
        if clip is not None:
            patch.set_clip_path(clip)
        return patch

    def shade_medial(self, foot: geo.MedialFoot, outline: geo.Curve, matrix: np.ndarray, scale: float,
                     clip: PathPatch) -> None:
        sole = outline.between(foot.sole_from, foot.sole_to).transformed(matrix).path()
        top = outline.between(foot.top_from, foot.top_to).transformed(matrix).path()
        self.soft_band(top, scale, TOP_LIGHT, WHITE, 1.1, clip)
        for shape in foot.bumps.values():
            self.bump(shape, matrix, clip, 1.2)
        self.soft_band(sole, scale, SOLE_SHADE, self.pal.skin_shadow, 1.3, clip)
        self.glaze(foot.arch_shade, matrix, self.pal.skin_shadow, ARCH_SHADE, 1.35, clip)
        nail = geo.smooth_curve(foot.nail, closed=True).transformed(matrix).path()
        outline_width = self.plan.style.outline_em * self.em
        self._fill(nail, mix(self.pal.skin, WHITE, 0.45), 1.5, clip,
                   edge=mix(self.pal.skin_shadow, self.pal.outline, 0.35), lw=0.6 * outline_width)
        for crease in foot.creases:
            path = geo.smooth_curve(crease, closed=False).transformed(matrix).path()
            self._stroke(path, mix(self.pal.skin_shadow, self.pal.outline, 0.3), 0.7 * outline_width, 1.5, clip)

    # ---------------------------------------------------------------- the spine line

    def spine_band(self, line: geo.Polyline, spans: tuple[geo.ZoneSpan, ...], matrix: np.ndarray, scale: float,
                   clip: PathPatch) -> None:
        style = self.plan.style
        width = style.band_em * self.em
        half_gap = ZONE_GAP_EM * self.em / scale / 2
        casing = Path(geo.apply(matrix, line.piece(spans[0].start, spans[-1].end)))
        self._stroke(casing, WHITE, width + 0.22 * self.em, 2.0, clip, cap="butt")
        for i, span in enumerate(spans):
            pts = geo.apply(matrix, line.piece(span.start + half_gap, span.end - half_gap))
            self._stroke(Path(pts), self.zone_colour(i), width, 2.1, clip, cap="butt")
            if style.ticks:
                segments = []
                for s in span.ticks:
                    p = geo.apply(matrix, line.at(s))
                    d = line.direction(s)
                    n = np.array([-d[1], d[0]])
                    segments.append([p - n * width * 0.28, p + n * width * 0.28])
                ticks = LineCollection(segments, colors=mix(self.zone_colour(i), WHITE, 0.75),
                                       linewidths=0.07 * self.em, zorder=2.2, capstyle="butt")
                ticks.set_clip_path(clip)
                self.ax.add_collection(ticks)

    def badges(self) -> None:
        radius = self.plan.style.badge_em * self.em
        size = 1.05 * self.em
        for i, (x, y) in enumerate(self.plan.badges):
            colour = self.zone_colour(i)
            self.ax.add_artist(Circle((x, y), radius, facecolor=colour, edgecolor=WHITE, linewidth=0.13 * self.em,
                                      zorder=6))
            numeral = str(i + 1)
            prop = font_properties(self.req.font_bold, size)
            _, ascent, _ = measure(numeral, self.req.font_bold, size)
            self.ax.text(x, y - ascent / 2, numeral, fontproperties=prop, color=readable_on(colour, self.pal.ink),
                         ha="center", va="baseline", parse_math=False, zorder=7)

    # ---------------------------------------------------------------- labels

    def label(self, placed: Placed, leader_colour: str) -> None:
        lw = self.plan.style.leader_em * self.em
        if placed.leader:
            pts = np.asarray(placed.leader)
            self.ax.add_line(Line2D(pts[:, 0], pts[:, 1], color=leader_colour, linewidth=lw, zorder=5,
                                    solid_capstyle="round"))
            if placed.dot:
                self.ax.add_artist(Circle(tuple(pts[0]), 0.16 * self.em, facecolor=leader_colour, edgecolor=WHITE,
                                          linewidth=0.06 * self.em, zorder=5.1))
        for line, (x, y) in zip(placed.block.lines, placed.line_origins(), strict=True):
            prop = font_properties(line.font.path, line.font.size)
            self.ax.text(x, y, line.text, fontproperties=prop, color=line.font.colour, ha=placed.align,
                         va="baseline", parse_math=False, zorder=8)

    # ---------------------------------------------------------------- secondary views

    def lateral_view(self, matrix: np.ndarray) -> None:
        foot = geo.lateral_foot()
        scale = float(np.hypot(*matrix[:2, 0]))
        outline = geo.smooth_curve(foot.outline, closed=True)
        body = outline.transformed(matrix)
        clip = self.silhouette(body)
        for shape in foot.bumps.values():
            self.bump(shape, matrix, clip, 1.2)
        sole = outline.between("toe_tip", "heel_back").transformed(matrix).path()
        self.soft_band(sole, scale, SOLE_SHADE, self.pal.skin_shadow, 1.3, clip)
        for toe in foot.toes:
            path = geo.smooth_curve(toe, closed=False).transformed(matrix).path()
            self._stroke(path, mix(self.pal.skin_shadow, self.pal.outline, 0.7),
                         0.8 * self.plan.style.outline_em * self.em, 1.5, clip)
        self.outline(body, scale, clip)
        radius = 0.3 * self.em
        for point in foot.points:
            x, y = geo.apply(matrix, point)
            self.ax.add_artist(Circle((x, y), radius, facecolor=self.pal.ink, edgecolor=WHITE, linewidth=0.1 * self.em,
                                      zorder=4))

    def sole_view(self, matrix: np.ndarray) -> None:
        foot = geo.sole_foot()
        medial = geo.medial_foot()
        scale = float(np.hypot(*matrix[:2, 0]))
        lw = self.plan.style.outline_em * self.em
        for toe in foot.toes:
            self._fill(ellipse_path(toe, matrix), self.pal.skin, 0.9, edge=self.pal.outline, lw=lw)
        curve = geo.smooth_curve(foot.outline, closed=True).transformed(matrix)
        clip = self._fill(curve.path(), self.pal.skin, 1.0)
        for pad in foot.pads:
            self.soft_spot(pad, matrix, self.pal.skin_shadow, SOLE_PAD_SHADE, 1.1, clip)
        self.soft_spot(geo.Ellipse((0.05, 0.6), 0.16, 0.42), matrix, WHITE, SOLE_ARCH_LIGHT, 1.15, clip)
        for crease in foot.creases:
            path = geo.smooth_curve(crease, closed=False).transformed(matrix).path()
            self._stroke(path, mix(self.pal.skin_shadow, self.pal.outline, 0.35), 0.8 * lw, 1.5, clip)
        self._stroke(curve.path(), self.pal.outline, lw, 1.6)
        line = geo.Polyline.of(geo.smooth_curve(foot.spine_line, closed=False))
        width = 0.42 * self.em
        half_gap = ZONE_GAP_EM * self.em / scale / 2
        for i, (_, spec) in enumerate(medial.zones.ordered()):
            s0 = line.arc_at_x(medial.landmarks[spec.start][0], axis=1)
            s1 = line.arc_at_x(medial.landmarks[spec.end][0], axis=1)
            pts = geo.apply(matrix, line.piece(s0 + half_gap, s1 - half_gap))
            self._stroke(Path(pts), self.zone_colour(i), width, 2.1, clip, cap="butt")
