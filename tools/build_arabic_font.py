"""Build assets/fonts/ChartgenSansArabic-{Regular,Bold}.ttf: Noto Sans Arabic + Noto Sans's Latin and punctuation.

Why: Noto Sans Arabic lacks Latin letters and even ( ) – · , and ReportLab's right-to-left line setting breaks
word order and spacing where a paragraph switches fonts. One font that covers both keeps Arabic paragraphs with
"C1–C7" or parentheses in one run. Run once by a developer: `python tools/build_arabic_font.py DIR`, DIR
holding NotoSansArabic-*.ttf from Debian's fonts-noto-core (needs fontTools); the output is committed, the
Noto Sans Arabic inputs are not.
Both inputs are under the SIL Open Font License 1.1, so is the result (renamed, as the licence asks of
modified versions).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
LATIN_RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203A), (0x2212, 0x2212)]
"""Basic Latin, Latin-1, dashes, quotes, bullet, ellipsis, per mille, guillemets, minus: what a chart needs."""


def build(weight: str) -> Path:
    arabic = Path(sys.argv[1]) / f"NotoSansArabic-{weight}.ttf"
    latin = FONTS / f"NotoSans-{weight}.ttf"
    arabic_codes = set(TTFont(str(arabic)).getBestCmap())
    wanted = [c for low, high in LATIN_RANGES for c in range(low, high + 1) if c not in arabic_codes]
    with tempfile.TemporaryDirectory() as folder:
        latin_subset = Path(folder) / "latin.ttf"
        options = subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True)
        font = TTFont(str(latin))
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        font.save(str(latin_subset))
        merged = Merger().merge([str(arabic), str(latin_subset)])
    family = "Chartgen Sans Arabic"
    for record in merged["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (3, 4):
            record.string = f"{family} {weight}"
        elif record.nameID == 6:
            record.string = f"ChartgenSansArabic-{weight}"
    target = FONTS / f"ChartgenSansArabic-{weight}.ttf"
    merged.save(str(target))
    return target


if __name__ == "__main__":
    for weight in ("Regular", "Bold"):
        print(build(weight))
