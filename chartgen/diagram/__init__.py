"""Foot diagram: `DiagramRequest` (text, size, palette, fonts) -> one-page vector PDF bytes (matplotlib)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from chartgen.content import DiagramText
from chartgen.errors import Problem


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
    variant: Literal["poster", "card", "booklet"] = "poster"
    highlight: str | None = None
    """A zone id to emphasise (booklet zone pages); None shows all zones equally."""
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

    def problem(self, key: str, message: str) -> Problem:
        """A problem with the text at `key`, located in the file the texts came from."""
        return Problem(message, file=self.source or None, line=dict(self.key_lines).get(key), key=key)


@functools.cache
def render(request: DiagramRequest) -> bytes:
    """Draw the diagram as a one-page PDF exactly `width_pt` x `height_pt` points (each request once per run)."""
    from chartgen.diagram.draw import render_pdf

    return render_pdf(request)


@functools.cache
def render_pages(requests: tuple[DiagramRequest, ...]) -> bytes:
    """Several drawings as one PDF, page i drawn for requests[i]; fonts are subset once for all of them."""
    from chartgen.diagram.draw import render_pdf_pages

    return render_pdf_pages(requests)
