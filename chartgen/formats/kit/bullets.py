"""A paragraph + its type size (pt) -> the same paragraph as a bulleted list item, mirrored right to left."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from chartgen.text import BULLET

BULLET_INDENT = 1.1
"""The item's text starts this many type sizes in from the line start, where the bullet hangs."""


def bulleted(item: Paragraph, *, size: float, rtl: bool) -> Paragraph:
    """`item` (made by text.paragraph at `size` pt) with a bullet at its line start and its text indented;
    its style is replaced in place, and the item returned."""
    indent = size * BULLET_INDENT
    item.style = item.style.clone(
        f"{item.style.name}-bullet",
        leftIndent=0 if rtl else indent,
        rightIndent=indent if rtl else 0,
        bulletIndent=0,
        bulletFontSize=size,
    )
    item.bulletText = BULLET
    return item
