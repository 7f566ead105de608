"""Foot diagram: `DiagramRequest` (text, size, palette, fonts, style) -> one-page vector PDF bytes (matplotlib)."""

from __future__ import annotations

import functools

from chartgen.diagram.request import COMPACT, FULL, PAGE, DiagramPalette, DiagramRequest, DiagramStyle

__all__ = ["COMPACT", "FULL", "PAGE", "DiagramPalette", "DiagramRequest", "DiagramStyle", "render",
           "render_pages"]


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
