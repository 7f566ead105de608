"""Shared fixtures: the English content, rendered posters (made once per test run), a folder for PNGs."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import numpy as np
import pytest

from chartgen import content as content_module

OUTPUT_DIR = Path(__file__).parent / "output"
"""Rendered pages land here (git-ignored) so a person can look at them."""

EN_PATH = content_module.locale_path("en")


@pytest.fixture(scope="session")
def en() -> content_module.Content:
    return content_module.load_language("en")


@functools.cache
def poster_pdf(paper: str = "A3", bleed: bool = False) -> bytes:
    """The English poster, made once per test run for each paper and bleed setting."""
    from chartgen.formats import poster

    return poster.render(content_module.load_language("en"), paper=paper, bleed=bleed)


def render_png(data: bytes, name: str, *, dpi: float = 50, page: int = 0):
    """Render one page with pypdfium2 to an RGB numpy array, saving a PNG under tests/output/."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    OUTPUT_DIR.mkdir(exist_ok=True)
    image.save(OUTPUT_DIR / f"{name}.png")
    return np.asarray(image)


def write_locale(tmp_path: Path, edit, name: str = "custom.yaml") -> Path:
    """A copy of en.yaml with `edit(text) -> text` applied, written to tmp_path."""
    path = tmp_path / name
    path.write_text(edit(EN_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))
