"""`chartgen langs`, `check` and `batch`: every language x every format is built once per test run, by
`python -m chartgen batch` started when the tests are collected (the `all_documents` fixture, conftest.py)."""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from chartgen import batch, cli, content
from chartgen.formats import BUILT_IN as FORMATS
from conftest import missing_glyphs, pdf_reader, printed_text, write_locale


def test_batch_builds_every_language_and_format(all_documents):
    assert all_documents.status == 0, f"some documents failed:\n{all_documents.output}"
    manifest = json.loads((all_documents.out / "manifest.json").read_text(encoding="utf-8"))
    languages = content.available_languages()
    assert len(languages) >= 13
    made = {(entry["language"], entry["format"]) for entry in manifest["files"]}
    assert made == {(lang, fmt) for lang in languages for fmt in FORMATS}


def test_manifest_matches_the_files(all_documents):
    out = all_documents.out
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chartgen_version"]
    for entry in manifest["files"]:
        data = (out / entry["file"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(pdf_reader(data).pages) == entry["pages"]
    written = {p.name for p in out.glob("*.pdf")}
    assert written == {entry["file"] for entry in manifest["files"]}


def test_every_language_prints_its_own_words_without_missing_glyphs(all_documents):
    out = all_documents.out
    for lang in content.available_languages():
        data = (out / f"chartgen-poster-{lang}-A3.pdf").read_bytes()
        poster = pdf_reader(data)
        text = printed_text(data)  # pdfium's reading: the same words as pypdf's, 4 s sooner for 13 posters
        assert missing_glyphs(data) == 0, f"{lang}: a glyph was drawn with a font that lacks it"
        assert poster.trailer["/Root"]["/Lang"] == lang
        title = content.load_language(lang).title
        assert title.split()[0] in text or title[:2] in text, f"{lang}: title missing"


def test_negative_control_a_character_printed_in_a_font_that_lacks_it_is_found():
    """The reading above finds a glyph drawn with a font that lacks it: a Chinese character in the Latin face."""
    from reportlab.pdfgen.canvas import Canvas

    from chartgen import fonts

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), initialFontName=fonts.LATIN.face(), invariant=1)
    canvas.drawString(10, 10, "Zone \u53cd 1")
    canvas.showPage()
    canvas.save()
    assert missing_glyphs(buffer.getvalue()) == 1 and "Zone" in printed_text(buffer.getvalue())
    assert "\x00" in pdf_reader(buffer.getvalue()).pages[0].extract_text()  # as pypdf reads it


def test_langs_lists_every_language(capsys):
    assert cli.main(["langs"]) == 0
    table = capsys.readouterr().out
    for lang in content.available_languages():
        assert f"\n{lang} " in table
    assert "English" in table and "100%" in table


@pytest.mark.background  # checks every combination; needs nothing from the other tests (conftest.py)
def test_check_passes_for_english(capsys):
    assert cli.main(["check", "--lang", "en"]) == 0
    assert "no problems: en" in capsys.readouterr().out


@pytest.mark.background  # checks every combination; needs nothing from the other tests (conftest.py)
def test_check_finds_an_injected_overflow(tmp_path, capsys):
    long_name = "Lendenwirbelsäulenbereichsreflexzonenmassage" * 2
    path = write_locale(tmp_path, lambda t: t.replace("    name: Lumbar spine", f"    name: {long_name}"))
    assert cli.main(["check", "--content", str(path), "--formats", "card,handout"]) == 2
    err = capsys.readouterr().err
    assert "zones.lumbar" in err and "language 'en'" in err


def test_check_of_some_formats_says_which(capsys):
    assert cli.main(["check", "--lang", "en", "--formats", "card"]) == 0
    assert capsys.readouterr().out.startswith("no problems: en (card, every paper, sheet and bleed: 6 option ")
    assert cli.main(["check", "--lang", "en", "--formats", "card,flyer"]) == 2
    assert "chartgen: --formats: unknown format(s) 'flyer'" in capsys.readouterr().err


def test_check_lists_missing_keys_of_a_translation(tmp_path, capsys):
    path = write_locale(tmp_path, lambda t: t.replace("  heading: Tips\n", ""))
    assert cli.main(["check", "--content", str(path)]) == 2
    assert "tips.heading: is missing" in capsys.readouterr().err


def test_batch_rejects_unknown_language_and_format(tmp_path, capsys):
    assert cli.main(["batch", "--langs", "en,xx", "--out-dir", str(tmp_path)]) == 2
    assert "unknown language(s) 'xx'" in capsys.readouterr().err
    assert cli.main(["batch", "--formats", "poster,flyer", "--out-dir", str(tmp_path)]) == 2
    assert "unknown format(s) 'flyer'" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf"))


def test_one_failure_does_not_stop_the_others(tmp_path):
    good = batch.Task("en", ("poster",), "A4", tmp_path)
    broken = batch.Task("broken", ("poster",), "A4", tmp_path, content_file=tmp_path / "missing.yaml")
    outcomes = batch.run([broken, good], jobs=2)
    assert [o.ok for o in outcomes] == [False, True]
    assert "file not found" in outcomes[0].problems[0]
    assert (tmp_path / "chartgen-poster-en-A4.pdf").is_file()

