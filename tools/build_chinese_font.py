"""Build assets/fonts/ChartgenSansSC-{Regular,Bold}.ttf: Noto Sans CJK SC, TrueType outlines, GB 2312 subset.

Why: Chinese needs a Simplified-Chinese face (the full-width comma and full stop sit low left, as mainland readers
expect) with a real bold for headings. Noto Sans CJK SC has both, but Debian ships it only with PostScript (CFF)
outlines, which ReportLab cannot read. This converts the outlines to TrueType quadratics (fontTools cu2qu, within
one font unit) and keeps only what a chart in Simplified Chinese uses: the 6,763 hanzi and the symbols of GB 2312,
CJK punctuation, full-width forms, and every character of assets/locales/zh.yaml. Latin letters and digits are left
to the Noto Sans fallback, as in every other language.
Run once by a developer: `python tools/build_chinese_font.py DIR`, DIR holding NotoSansCJK-{Regular,Bold}.ttc from
Debian's fonts-noto-cjk 1:20220127 (`apt-get download fonts-noto-cjk`, `dpkg -x`); needs fontTools. Run it again
when zh.yaml gains a character outside GB 2312. The output is committed (the same inputs give the same bytes: the
fonts keep the source's timestamps), the inputs are not. Noto Sans CJK is under the SIL Open Font License 1.1, so
is the result (renamed, as the licence asks of modified versions).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
FACE = "Noto Sans CJK SC"
MAX_ERROR_UNITS = 1.0
"""How far (in font units, 1/1000 em) a converted quadratic curve may stray from the original cubic one."""
PUNCTUATION_RANGES = [(0x2010, 0x2027), (0x2030, 0x203A), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
"""Dashes, quotes, ellipsis, CJK symbols and punctuation, full-width and half-width forms."""
LAST_LATIN = 0x24F
"""Characters up to Latin Extended-B are left to Noto Sans, the family's fallback."""
SPACES = {0x20, 0xA0}
"""Kept although Latin: a space between two hanzi stays in the Chinese run instead of switching fonts."""
LEFT_TO_FALLBACK = {0x2022}
"""Also left to Noto Sans: the list bullet, so that lists look alike in every language (this face's bullet is a
small dot in the middle of a full em)."""


def wanted_codepoints() -> set[int]:
    """GB 2312's characters, CJK punctuation, zh.yaml's characters and the spaces, less what the fallback draws."""
    codes: set[int] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codes.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    codes.update(c for start, end in PUNCTUATION_RANGES for c in range(start, end + 1))
    codes.update(ord(c) for c in (ROOT / "assets" / "locales" / "zh.yaml").read_text(encoding="utf-8"))
    return ({c for c in codes if c > LAST_LATIN} | SPACES) - LEFT_TO_FALLBACK


def face(path: Path) -> TTFont:
    """The Simplified-Chinese face (not the Mono one) of a Noto Sans CJK collection."""
    # The source's timestamps are kept so that a rebuild gives the same bytes.
    for font in TTCollection(str(path), recalcTimestamp=False).fonts:
        full_name = font["name"].getDebugName(4) or ""
        if full_name == FACE or full_name.startswith(FACE + " "):
            return font
    raise SystemExit(f"{path}: no face named {FACE!r}")


def to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines by TrueType ones (glyf/loca), as fontTools' otf2ttf snippet does."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs: dict[str, object] = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR_UNITS, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: Path, weight: str) -> Path:
    """Subset, convert and rename one weight ("Regular" or "Bold") of `source`; returns the file written."""
    font = face(source)
    options = subset.Options(layout_features=["kern", "locl", "halt", "vert", "vrt2"], name_IDs=["*"],
                             notdef_outline=True, desubroutinize=True, hinting=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted_codepoints()))
    subsetter.subset(font)
    to_truetype(font)
    family = "Chartgen Sans SC"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (3, 4):
            record.string = f"{family} {weight}"
        elif record.nameID == 6:
            record.string = f"ChartgenSansSC-{weight}"
    target = FONTS / f"ChartgenSansSC-{weight}.ttf"
    font.save(str(target))
    return target


if __name__ == "__main__":
    for weight in ("Regular", "Bold"):
        print(build(Path(sys.argv[1]) / f"NotoSansCJK-{weight}.ttc", weight))
