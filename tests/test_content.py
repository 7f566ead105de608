"""The shipped English text: complete, plain, and loaded into frozen dataclasses."""

from __future__ import annotations

import dataclasses

import pytest

from chartgen import content
from chartgen.errors import InputError
from chartgen.formats.common import content_texts


def test_english_loads_frozen(en):
    assert en.meta.code == "en"
    with pytest.raises(dataclasses.FrozenInstanceError):
        en.title = "x"  # type: ignore[misc]


def test_zones_are_head_to_tail(en):
    assert [zone_id for zone_id, _ in en.zones.ordered()] == ["cervical", "thoracic", "lumbar", "sacral"]


def test_no_claims_to_cure(en):
    words = " ".join(content_texts(en).values()).lower()
    for claim in ("cure", "heals", "guarantee", "shakti"):
        assert claim not in words


def test_unknown_language_lists_the_known_ones():
    with pytest.raises(InputError) as caught:
        content.load_language("xx")
    assert "unknown language 'xx'; available: " in str(caught.value)
    assert ", en, " in str(caught.value)
