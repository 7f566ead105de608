"""What one foot drawing depends on: `DiagramRequest` (texts, size, type, palette, fonts, style), hashable.

Formats build a request; `chartgen.diagram.render` draws it. The style says what the drawing shows (secondary
views, landmark labels, caption, ticks) and how heavy its lines are, so the diagram never needs to know which
format asked for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from chartgen.content import DiagramText
from chartgen.errors import Problem


@dataclass(frozen=True)
class DiagramStyle:
    """What a drawing shows, and its stroke weights in em (multiples of the label size)."""

    secondary_views: bool
    """The outer edge and the sole beside the inner view."""
    landmark_labels: bool
    caption: bool
    """Which foot and side is shown, and that the other is its mirror image."""
    ticks: bool
    vertebrae: bool
    band_em: float
    """Width of the coloured spine band."""
    badge_em: float
    """Radius of a numbered marker."""
    outline_em: float
    """Width of the foot's outline stroke."""
    leader_em: float


FULL = DiagramStyle(True, True, True, True, True, band_em=0.78, badge_em=0.66, outline_em=0.075, leader_em=0.06)
"""Everything, for a large box (the poster)."""
PAGE = DiagramStyle(False, False, True, True, True, band_em=0.85, badge_em=0.72, outline_em=0.09, leader_em=0.07)
"""The inner view with its caption and ticks, for a small page (the booklet)."""
COMPACT = DiagramStyle(False, False, False, False, False, band_em=1.0, badge_em=0.8, outline_em=0.12, leader_em=0.1)
"""The zones alone with heavy lines and big numbers (the pocket card)."""


@dataclass(frozen=True)
class DiagramPalette:
    """Colours as #RRGGBB; `zones` head to tail (cervical, thoracic, lumbar, sacral)."""

    ink: str
    muted: str
    skin: str
    skin_shadow: str
    outline: str
    zones: tuple[str, str, str, str]


@dataclass(frozen=True)
class DiagramRequest:
    """Everything one drawing depends on; hashable, so each distinct drawing is made once per run."""

    lang: str
    text: DiagramText
    zone_names: tuple[str, str, str, str]
    """Display names of the zones, head to tail."""
    width_pt: float
    height_pt: float
    label_size_pt: float
    small_size_pt: float
    palette: DiagramPalette
    font_regular: Path
    font_bold: Path
    style: DiagramStyle = FULL
    """What the drawing shows and how heavy its lines are (FULL, PAGE, COMPACT or a format's own)."""
    highlight: tuple[str, ...] = ()
    """The zone ids to emphasise, the others muted but still visible and numbered (a booklet zone page's one
    zone, a handout's or a card's focus); empty shows all zones equally."""
    side: Literal["left", "right"] = "right"
    """Which foot is drawn: the left foot is the exact mirror image of the right (right-to-left languages)."""
    rtl: bool = False
    """Right-to-left language: labels are set right to left (with `side="left"` the mirrored plan puts the caption
    top right and the secondary views on the left)."""
    zone_name_key: Literal["name", "short"] = "name"
    """Which text of each zone `zone_names` holds (for error messages: zones.<id>.name or .short)."""
    source: str = ""
    """The file the texts came from, and the line of each key in it (for error messages)."""
    key_lines: tuple[tuple[str, int], ...] = ()
    key_files: tuple[tuple[str, str], ...] = ()
    """The file of each key whose text came from a text override (--text) rather than `source`."""

    def dimmed(self, zone_id: str) -> bool:
        """Whether zone `zone_id` is muted: some zones are highlighted and it is not one of them."""
        return bool(self.highlight) and zone_id not in self.highlight

    def problem(self, key: str, message: str) -> Problem:
        """A problem with the text at `key`, located in the file the texts came from."""
        return Problem(message, file=dict(self.key_files).get(key) or self.source or None,
                       line=dict(self.key_lines).get(key), key=key)
