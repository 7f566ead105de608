"""formats/kit/metadata.py: document information from the content, the brand and what a format says."""

from __future__ import annotations

from types import SimpleNamespace

from chartgen import content as content_module
from chartgen.formats.kit.metadata import DEFAULT_AUTHOR, document_info


def test_defaults_come_from_the_content():
    content = content_module.load_language("de")
    info = document_info(content, None, keywords=("poster", "A3"))
    assert info.title == content.title and info.subject == content.subtitle
    assert info.author == DEFAULT_AUTHOR and info.lang == "de"
    assert info.keywords == "reflexology, spine, poster, A3"


def test_a_format_names_its_own_title_and_subject_and_a_brand_its_author():
    content = content_module.load_language("en")
    brand = SimpleNamespace(author="Praxis Fußwohl")
    info = document_info(content, brand, title="Card", subject="Pocket", keywords=("pocket card", "ID-1"))  # type: ignore[arg-type]
    assert (info.title, info.subject, info.author) == ("Card", "Pocket", "Praxis Fußwohl")
    assert info.keywords == "reflexology, spine, pocket card, ID-1"
