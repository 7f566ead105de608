"""The shipped English text: complete, plain, and loaded into frozen dataclasses."""

from __future__ import annotations

import dataclasses

import pytest

from chartgen import content
from chartgen.errors import InputError
from chartgen.formats.common import content_texts
from conftest import printed_text


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


# ---------------------------------------------------------------- a user's file from an older chartgen

def _without_sections(text: str, *sections: str) -> str:
    """A locale file's text without whole top-level sections, as a copy of an older en.yaml has."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line and not line[0].isspace() and not line.startswith("#"):
            skipping = line.split(":")[0] in sections
        if not skipping:
            kept.append(line)
    return "".join(kept)


def _older_copy(tmp_path, lang: str = "de", code: str | None = None):
    text = _without_sections(content.locale_path(lang).read_text(encoding="utf-8"), *content.NEWER_SECTIONS)
    if code is not None:
        text = text.replace(f"code: {lang}\n", f"code: {code}\n", 1)
    path = tmp_path / "meine-texte.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_older_file_still_makes_its_documents_with_one_note(run, tmp_path):
    path = _older_copy(tmp_path)
    assert "handout:" not in path.read_text(encoding="utf-8")
    result = run("handout", "--content", str(path), "-o", "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (note,) = result.stderr.strip().splitlines()
    assert note.startswith(f"chartgen: note: {path} has no tiles, handout or accessibility texts") and "'de'" in note
    printed = " ".join(printed_text((tmp_path / "out.pdf").read_bytes()).split())
    assert content.load_language("de").handout.title in printed  # the German handout's own title


def test_the_sections_an_older_file_has_are_its_own(tmp_path):
    path = tmp_path / "own.yaml"
    own = _without_sections(content.locale_path("de").read_text(encoding="utf-8"), *content.NEWER_SECTIONS)
    title = next(line for line in own.splitlines() if line.startswith("title: "))
    path.write_text(own.replace(title, "title: Meine eigene Karte"), encoding="utf-8")
    loaded = content.load(path)
    assert loaded.filled == content.NEWER_SECTIONS
    assert loaded.handout == content.load_language("de").handout
    assert loaded.title == "Meine eigene Karte"
    assert loaded.file_of("handout.title") == str(content.locale_path("de"))
    assert loaded.file_of("title") == str(path)


def test_negative_control_a_language_chartgen_does_not_ship_keeps_its_gaps(run, tmp_path):
    path = _older_copy(tmp_path, code="sv")
    result = run("poster", "--content", str(path), "-o", "out.pdf", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "handout: is missing" in result.stderr and "tiles: is missing" in result.stderr
    assert not (tmp_path / "out.pdf").exists()
