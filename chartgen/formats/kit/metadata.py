"""Content + brand + what the document is (its format and paper) -> the PDF's title, subject, author, language
and keywords."""

from __future__ import annotations

import dataclasses

from chartgen import pdf
from chartgen.brand import Brand
from chartgen.content import Content

DEFAULT_AUTHOR = "chartgen"
"""The author of a document made without a brand."""
SHARED_KEYWORDS = ("reflexology", "spine")
"""Keywords of every document, before the format's own."""


def document_info(content: Content, brand: Brand | None, *, keywords: tuple[str, ...], title: str | None = None,
                  subject: str | None = None) -> pdf.DocumentInfo:
    """The document information of a chart in `content`'s language: the title and subtitle of the content unless
    a format names its own, the brand's author, and SHARED_KEYWORDS followed by `keywords` (format, paper...)."""
    return pdf.DocumentInfo(
        title=content.title if title is None else title,
        subject=content.subtitle if subject is None else subject,
        author=brand.author if brand is not None else DEFAULT_AUTHOR,
        lang=content.meta.code,
        keywords=", ".join((*SHARED_KEYWORDS, *keywords)),
    )


PRINT_ONLY_KEYWORDS = ("print-only", "untagged")
"""Keywords of a file made for printing only (tiles, card sheets, imposed booklet sheets), which has no tags."""


def print_only(info: pdf.DocumentInfo, content: Content) -> pdf.DocumentInfo:
    """`info` of a print-only file: its subject says, in the document's language, that it has no tags for screen
    readers and which file to read or send instead; its keywords end with PRINT_ONLY_KEYWORDS."""
    keywords = ", ".join(k for k in (info.keywords, *PRINT_ONLY_KEYWORDS) if k)
    return dataclasses.replace(info, subject=content.accessibility.print_only, keywords=keywords)
