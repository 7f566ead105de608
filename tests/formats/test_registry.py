"""A format is one module plus its layout: a tiny test-only format, registered here, is picked up by the
command line, `batch` and `check` without any other change."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas

from chartgen import cli, fonts
from chartgen.errors import InputError, Problem
from chartgen.formats import BUILT_IN, Request, Settings, Variant, formats, names, register, unregister
from conftest import pdf_reader


class TinyFormat:
    """One A7 page with the title in the language's font; refuses a title that starts with "BAD"."""

    name = "tiny"
    help = "a tiny test format"
    description = "A one-page test document."
    examples = "examples:\n  chartgen tiny --shade dark\n"
    batch_options: tuple[str, ...] = ()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--shade", default="light", help="light|dark")

    def settings(self, options: Mapping[str, Any]) -> Settings:
        shade = options.get("shade") or "light"
        if shade not in ("light", "dark"):
            raise InputError(Problem(f"must be light or dark (found {shade!r})", key="--shade"))
        return Settings(paper="A7", extras=(("shade", shade),))

    def default_name(self, code: str, settings: Settings) -> str:
        return f"chartgen-tiny-{code}-{settings.extra('shade')}.pdf"

    def paper_label(self, settings: Settings) -> str:
        return settings.paper or "A7"

    def render(self, request: Request) -> bytes:
        problems = self.check(request)
        if problems:
            raise InputError(problems)
        family = fonts.family_for_texts([request.content.title])
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(210, 298), invariant=1, initialFontName=family.face())
        canvas.setFillGray(0.0 if request.settings.extra("shade") == "dark" else 0.5)
        canvas.drawString(10, 150, request.content.title)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def variants(self) -> tuple[Variant, ...]:
        return tuple(Variant(self.settings({"shade": shade}), f"--shade {shade}") for shade in ("light", "dark"))

    def check(self, request: Request) -> list[Problem]:
        content = request.content
        if content.title.startswith("BAD"):
            return [content.problem("title", "a tiny title may not start with BAD")]
        if request.settings.extra("shade") == "dark" and content.title.startswith("DARK"):
            return [content.problem("title", "a dark tiny title may not start with DARK")]
        return []


@pytest.fixture
def tiny() -> Iterator[TinyFormat]:
    fmt = TinyFormat()
    register(fmt)
    yield fmt
    unregister(fmt.name)


def test_registry_lists_the_built_in_formats_then_registered_ones(tiny):
    assert names() == (*BUILT_IN, "tiny")
    assert formats()["tiny"] is tiny


def test_a_name_can_be_registered_once():
    register(TinyFormat())
    try:
        with pytest.raises(ValueError):
            register(TinyFormat())
    finally:
        unregister("tiny")
    assert "tiny" not in names()


@pytest.mark.usefixtures("tiny")
def test_the_command_line_gets_a_subcommand_with_its_options(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["tiny", "--lang", "de", "--shade", "dark"]) == 0
    written = tmp_path / "chartgen-tiny-de-dark.pdf"
    assert capsys.readouterr().out.strip() == written.name
    assert "Fußreflexzonen" in pdf_reader(written.read_bytes()).pages[0].extract_text()
    assert cli.main(["tiny", "--shade", "green"]) == 2
    assert "--shade: must be light or dark (found 'green')" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "a tiny test format" in capsys.readouterr().out


@pytest.mark.usefixtures("tiny")
def test_batch_makes_it_and_lists_it_in_the_manifest(tmp_path):
    out = tmp_path / "dist"
    assert cli.main(["batch", "--langs", "en,de", "--formats", "tiny,card", "--out-dir", str(out), "--jobs",
                     "1"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {(entry["language"], entry["format"], entry["file"]) for entry in manifest["files"]}
    assert ("de", "tiny", "chartgen-tiny-de-light.pdf") in listed
    assert ("en", "card", "chartgen-card-en.pdf") in listed


@pytest.mark.usefixtures("tiny")
def test_check_asks_every_format(tmp_path, capsys):
    from conftest import write_locale

    path = write_locale(tmp_path, lambda text: text.replace("title: Foot reflex", "title: BAD Foot reflex", 1))
    assert cli.main(["check", "--content", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:11: title: a tiny title may not start with BAD [in: every tiny]\n" in err  # said once
    assert err.count("may not start with BAD") == 1


@pytest.mark.background  # checks every combination; needs nothing from the other tests (conftest.py)
@pytest.mark.usefixtures("tiny")
def test_check_tries_every_combination_a_format_lists(tmp_path, capsys):
    """A problem of one option combination only (--shade dark) is found and named with that combination; the
    same text without the problem passes (the negative control)."""
    from conftest import write_locale

    path = write_locale(tmp_path, lambda text: text.replace("title: Foot reflex", "title: DARK Foot reflex", 1))
    assert cli.main(["check", "--content", str(path), "--formats", "tiny"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:11: title: a dark tiny title may not start with DARK [in: tiny --shade dark]\n" in err
    control = write_locale(tmp_path, lambda text: text.replace("title: Foot reflex", "title: LIGHT Foot reflex", 1),
                           name="control.yaml")
    assert cli.main(["check", "--content", str(control), "--formats", "tiny"]) == 0


def test_every_option_combination_of_the_built_in_formats_is_a_variant():
    """`check` tries what `variants()` lists: every paper x sheet x imposition x bleed a user can ask for, each
    once, and each variant's options, typed on the command line, give exactly its settings."""
    from chartgen.layout import load_booklet, load_card, load_poster

    poster, card, booklet = load_poster(), load_card(), load_booklet()
    expected = {
        "poster": {(paper, None, bleed) for paper in poster.papers for bleed in (False, True)}
        # tiled on every home-printer sheet smaller than the poster both ways (never with bleed)
        | {(paper, sheet, False) for paper in ("A3", "A2", "A1", "tabloid", "18x24in", "24x36in")
           for sheet in ("A4", "letter")},
        "card": {(None, sheet, bleed) for sheet in (None, *card.sheets) for bleed in (False, True)},
        "booklet": {(paper, None, bleed) for paper in booklet.papers for bleed in (False, True)}
        | {(paper, sheet, False) for paper in booklet.papers for sheet in booklet.imposition.sheets},
    }
    parser = cli.build_parser()
    for name, combinations in expected.items():
        variants = formats()[name].variants()
        found = [(v.settings.paper, v.settings.sheet, v.settings.bleed) for v in variants
                 if not v.settings.extra("large_print")]
        assert sorted(found, key=str) == sorted(combinations, key=str) and len(found) == len(set(found)), name
        for variant in variants:
            args = vars(parser.parse_args([name, *variant.options.split()]))
            assert formats()[name].settings(args) == variant.settings, f"{name} {variant.options}"
    # and the poster in large print on each home-printer paper
    large = [v.settings.paper for v in formats()["poster"].variants() if v.settings.extra("large_print")]
    assert large == list(poster.large_print.papers) == ["A4", "letter"]
