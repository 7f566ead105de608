"""formats/kit/bullets.py: a paragraph becomes a list item with the bullet at its line start, mirrored RTL."""

from __future__ import annotations

import pytest

from chartgen import fonts
from chartgen.formats.kit.bullets import BULLET_INDENT, bulleted
from chartgen.text import BULLET, TextStyle, paragraph

STYLE = TextStyle(10.0, 1.3, "#222222")


@pytest.mark.parametrize("rtl", [False, True])
def test_the_bullet_hangs_at_the_line_start_and_the_text_is_indented(rtl):
    item = bulleted(paragraph("Sore back", STYLE, fonts.LATIN, rtl=rtl), size=STYLE.size, rtl=rtl)
    assert item.bulletText == BULLET
    indent = STYLE.size * BULLET_INDENT
    assert (item.style.leftIndent, item.style.rightIndent) == ((0, indent) if rtl else (indent, 0))
    assert item.style.bulletIndent == 0 and item.style.bulletFontSize == STYLE.size
    assert item.style.name.endswith("-bullet")


def test_the_item_takes_its_indent_off_its_width():
    plain = paragraph("word " * 40, STYLE, fonts.LATIN, rtl=False)
    item = bulleted(paragraph("word " * 40, STYLE, fonts.LATIN, rtl=False), size=STYLE.size, rtl=False)
    assert item.wrap(200, 1000)[1] >= plain.wrap(200, 1000)[1]
