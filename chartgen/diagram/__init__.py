"""Foot diagram: `DiagramRequest` (text, size, palette, fonts, style) -> one-page vector PDF bytes (matplotlib)."""

from __future__ import annotations

import functools

from chartgen.diagram.request import COMPACT, FULL, PAGE, DiagramPalette, DiagramRequest, DiagramStyle

__all__ = ["COMPACT", "FULL", "PAGE", "DiagramPalette", "DiagramRequest", "DiagramStyle", "render",
           "render_pages"]


DRAWINGS_KEPT = 128
"""Drawings kept in memory (each some 30 to 150 KB): every diagram of one language's documents in a batch, and
the studio's recent ones, without growing for as long as the studio runs."""


@functools.lru_cache(maxsize=DRAWINGS_KEPT)
def render(request: DiagramRequest) -> bytes:
    """Draw the diagram as a one-page PDF exactly `width_pt` x `height_pt` points (each request once while kept)."""
    from chartgen.diagram.draw import render_pdf

    return render_pdf(request)


@functools.lru_cache(maxsize=DRAWINGS_KEPT)
def render_pages(requests: tuple[DiagramRequest, ...]) -> bytes:
    """Several drawings as one PDF, page i drawn for requests[i]; fonts are subset once for all of them."""
    from chartgen.diagram.draw import render_pdf_pages

    return render_pdf_pages(requests)
