"""Text overrides (--text): a practitioner's few changed texts merged onto a shipped language, checked like a
locale, every problem naming the override file, line and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chartgen import content as content_module
from chartgen import overrides
from chartgen.errors import InputError
from tests.reading import document_lines

OWN_ZONE_NAME = "Rückenzone Praxis Meier"
"""A wording no shipped locale has, so finding it on the page proves the override was printed."""


def _write(folder: Path, text: str, name: str = "my-de.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _clean_failure(result, folder: Path, *expected: str) -> list[str]:
    """The error lines of a run that must fail as bad input: exit 2, no traceback, no PDF, each `expected` seen."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert not list(folder.glob("*.pdf"))
    return result.stderr.strip().splitlines()


def test_a_changed_key_prints_and_the_rest_stays_shipped(run, tmp_path):
    text = _write(tmp_path, f"zones:\n  lumbar:\n    name: {OWN_ZONE_NAME}\n")
    assert run("poster", "--lang", "de", "--paper", "A4", "--text", str(text), "-o", "own.pdf",
               cwd=tmp_path).returncode == 0
    assert run("poster", "--lang", "de", "--paper", "A4", "-o", "shipped.pdf", cwd=tmp_path).returncode == 0
    own = " ".join(document_lines((tmp_path / "own.pdf").read_bytes(), rtl=False))
    shipped = " ".join(document_lines((tmp_path / "shipped.pdf").read_bytes(), rtl=False))
    assert OWN_ZONE_NAME in own
    assert OWN_ZONE_NAME not in shipped  # negative control: the reading finds it only where it was printed
    assert "Lendenwirbelsäule" in shipped and "Lendenwirbelsäule" not in own  # the shipped name is replaced
    assert "Brustwirbelsäule" in own  # a key the override leaves out keeps the shipped text


def test_unknown_key_is_one_line_with_its_file_and_line(run, tmp_path):
    text = _write(tmp_path, "title: Meine Karte\nzones:\n  lumbar:\n    nmae: Kreuz\n")
    lines = _clean_failure(run("poster", "--lang", "de", "--text", str(text), cwd=tmp_path), tmp_path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"chartgen: {text}:4: zones.lumbar.nmae: unknown key"), lines


@pytest.mark.parametrize(("yaml_text", "expected"), [
    ("disclaimer: Nur zur Entspannung.\n", ":1: disclaimer: must be a mapping of keys"),
    ("title:\n  - Meine\n  - Karte\n", ":2: title: must be text (a list found)"),
    ("cautions:\n  items:\n    - nur eins\n", ":3: cautions.items: needs at least 2 items"),
    ("subtitle: Text mit \u200f Steuerzeichen\n", ":1: subtitle: contains the direction control"),
    ("title: eins\ntitle: zwei\n", ":2: title: appears twice (also on line 1)"),
    ("meta:\n  code: xx\n", ":1: meta: a text override cannot change"),
    ("lang: fr\ntitle: Ma carte\n", ":1: lang: this file changes the texts of 'fr', not of 'de'"),
    ("lang: xx\n", ":1: lang: must be the code of a shipped language"),
    ("[]\n", ":1: --text: holds no texts to change"),
    ("title: &t Karte\nsubtitle: *t\n", ":1: YAML anchors and aliases"),
    ("title: Karte\n  subtitle: x\n", ":2: invalid YAML"),
])
def test_bad_override_names_file_line_and_key(run, tmp_path, yaml_text, expected):
    text = _write(tmp_path, yaml_text)
    lines = _clean_failure(run("card", "--lang", "de", "--text", str(text), cwd=tmp_path), tmp_path)
    assert any(line.startswith(f"chartgen: {text}{expected}") for line in lines), lines


def test_a_missing_glyph_in_an_override_names_the_override(run, tmp_path):
    """A Hebrew word in a German override: the German fonts cannot draw it, and the message points at the
    override's line, not at de.yaml."""
    text = _write(tmp_path, "# my wording\ndisclaimer:\n  heading: Hinweis שלום\n")
    lines = _clean_failure(run("poster", "--lang", "de", "--text", str(text), cwd=tmp_path), tmp_path,
                           "no glyph for 'ש'")
    assert all(line.startswith(f"chartgen: {text}:3: disclaimer.heading: ") for line in lines), lines


def test_an_overflow_caused_by_an_override_names_the_override(run, tmp_path):
    text = _write(tmp_path, "card:\n  disclaimer: " + "Wichtiger Hinweis zur Haftung. " * 20 + "\n")
    lines = _clean_failure(run("card", "--lang", "de", "--text", str(text), cwd=tmp_path), tmp_path)
    assert any(line.startswith(f"chartgen: {text}:2: card.disclaimer: ") and "does not fit" in line
               for line in lines), lines
    # The same wording is not a problem of the shipped file: no line blames de.yaml for card.disclaimer.
    assert not any("locales/de.yaml" in line and "card.disclaimer" in line for line in lines), lines


def test_problems_of_untouched_keys_still_name_the_locale():
    """Keys the override leaves out keep their own file and line (only overridden keys move to the override)."""
    loaded = overrides.load(content_module.locale_path("de"), overrides.parse("title: Meine Karte\n",
                                                                              source="form"))
    assert loaded.title == "Meine Karte"
    assert str(loaded.problem("title", "x")) == "form:1: title: x"
    shipped = content_module.load_language("de")
    assert loaded.problem("zones.lumbar.name", "x") == shipped.problem("zones.lumbar.name", "x")


def test_a_mapping_in_memory_is_an_override_too():
    """The loader takes a mapping and a source name (the web studio's form), not only a path."""
    text = overrides.from_mapping({"zones": {"lumbar": {"short": OWN_ZONE_NAME}}}, source="studio form")
    loaded = overrides.load_language("de", text)
    assert loaded.zones.lumbar.short == OWN_ZONE_NAME
    assert loaded.zones.lumbar.name == content_module.load_language("de").zones.lumbar.name
    with pytest.raises(InputError) as error:
        overrides.load_language("de", overrides.from_mapping({"zones": {"lumbr": "x"}}, source="studio form"))
    assert str(error.value.problems[0]).startswith("studio form: zones.lumbr: unknown key")
    with pytest.raises(InputError) as error:
        overrides.from_mapping({"title": object()}, source="studio form")
    assert str(error.value.problems[0]).startswith("studio form: --text: cannot be read as texts")


@pytest.mark.parametrize("lang", content_module.available_languages())
def test_text_example_is_accepted_unchanged(lang):
    """The starting file of every language changes nothing as printed: every text in it equals the shipped one."""
    from chartgen import cli

    example = overrides.example(lang)
    assert "disclaimer:" in example and "cautions:" in example and f"lang: {lang}" in example
    loaded = overrides.load_language(lang, overrides.parse(example, source="example.yaml"))
    assert loaded == content_module.load_language(lang)
    assert dict(loaded.key_files).get("disclaimer.text") == "example.yaml"  # it did come from the example
    assert cli.main(["text-example", "--lang", lang]) == 0


@pytest.mark.background  # checks every combination of German; needs nothing from the other tests (conftest.py)
def test_text_example_command_round_trips(run, tmp_path):
    result = run("text-example", "--lang", "de", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("# Text overrides for German (de)")
    own = result.stdout.replace(json.dumps("Nacken", ensure_ascii=False), json.dumps(OWN_ZONE_NAME))
    assert own != result.stdout
    text = _write(tmp_path, own)
    assert run("check", "--lang", "de", "--text", str(text), cwd=tmp_path).returncode == 0
    assert overrides.load_language("de", overrides.read(text)).zones.cervical.short == OWN_ZONE_NAME


def test_check_takes_text_and_finds_its_problems(run, tmp_path):
    text = _write(tmp_path, "lang: de\nzones:\n  lumbr: x\n")
    result = run("check", "--lang", "de", "--text", str(text), cwd=tmp_path)
    lines = _clean_failure(result, tmp_path)
    assert any(line.startswith(f"chartgen: {text}:3: zones.lumbr: unknown key") for line in lines), lines


def test_several_languages_need_the_files_language(run, tmp_path):
    text = _write(tmp_path, "title: Meine Karte\n")
    lines = _clean_failure(run("check", "--lang", "de,fr", "--text", str(text), cwd=tmp_path), tmp_path)
    assert lines == [lines[0]] and "add a line such as 'lang: de'" in lines[0], lines
    wrong = _write(tmp_path, "lang: it\ntitle: La mia carta\n", name="it.yaml")
    _clean_failure(run("batch", "--langs", "de,fr", "--text", str(wrong), "--out-dir", "out", cwd=tmp_path),
                   tmp_path, f"{wrong}:1: lang: this file is for 'it', which --langs does not choose")


def test_batch_applies_the_override_to_its_language_only(run, tmp_path):
    text = _write(tmp_path, f"lang: de\ncard:\n  title: {OWN_ZONE_NAME}\n")
    result = run("batch", "--langs", "de,fr", "--formats", "card", "--out-dir", "out", "--jobs", "1",
                 "--text", str(text), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    german = " ".join(document_lines((tmp_path / "out" / "chartgen-card-de.pdf").read_bytes(), rtl=False))
    french = " ".join(document_lines((tmp_path / "out" / "chartgen-card-fr.pdf").read_bytes(), rtl=False))
    assert OWN_ZONE_NAME in german
    assert OWN_ZONE_NAME not in french


def test_batch_refuses_a_bad_override_once_before_any_work(run, tmp_path):
    text = _write(tmp_path, "lang: de\ntitel: Karte\n")
    result = run("batch", "--langs", "de,fr", "--text", str(text), "--out-dir", "out", cwd=tmp_path)
    lines = _clean_failure(result, tmp_path)
    assert lines == [f"chartgen: {text}:2: titel: unknown key; expected one of: " + lines[0].split("of: ", 1)[1]]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
