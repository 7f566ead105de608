"""Render the README's preview picture: the English A3 poster -> docs/poster-preview.png (needs pypdfium2)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from chartgen import content
from chartgen.formats import poster

PREVIEW_WIDTH_PX = 900
"""Wide enough to read the headings on GitHub, small enough to keep the repository light."""


def main() -> None:
    data = poster.render(content.load_language("en"), paper="A3")
    document = pypdfium2.PdfDocument(data)
    page = document[0]
    image = page.render(scale=PREVIEW_WIDTH_PX / page.get_width()).to_pil().convert("RGB")
    target = Path(__file__).with_name("poster-preview.png")
    image.save(target, optimize=True)
    print(target)


if __name__ == "__main__":
    main()
