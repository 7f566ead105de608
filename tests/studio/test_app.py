"""chartgen studio's HTTP side, through Starlette's TestClient: the page and the form it is built from, previews,
downloads byte for byte equal to the command line's files, every problem at its field in the command line's words,
brand.yaml and --text files in and out, the all-languages zip, and the safety checks (Host, token, upload limits,
no traceback on an internal error)."""

from __future__ import annotations

import argparse
import base64
import gc
import hashlib
import io
import json
import logging
import re
import struct
import time
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from PIL import Image, ImageFile
from reportlab.pdfgen.canvas import Canvas

from chartgen import brand as brand_module
from chartgen import content as content_module
from chartgen.errors import InputError, Problem
from chartgen.formats import Request, Settings, Variant, format_named, names, register, unregister
from chartgen.formats.common import content_texts
from chartgen.studio import documents
from chartgen.studio.app import (
    INTERNAL_ERROR,
    PREVIEW_WIDTH_PX,
    REQUEST_MAX_BYTES,
    TOKEN_HEADER,
    Studio,
    create_app,
)
from chartgen.studio.fields import format_fields
from chartgen.studio.page_texts import page_texts
from conftest import EPOCH, printed_text
from tests.reading import page_count

with warnings.catch_warnings():  # Starlette 1.x warns that its TestClient will move from httpx to httpx2
    warnings.filterwarnings("ignore", message=".*httpx2")
    from starlette.testclient import TestClient

BASE_URL = "http://127.0.0.1:8765"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- helpers


@pytest.fixture
def studio() -> Studio:
    return Studio()


@pytest.fixture
def client(studio: Studio) -> TestClient:
    return TestClient(create_app(studio=studio), base_url=BASE_URL)


def post(client: TestClient, studio: Studio, path: str, form: Mapping[str, str] | None = None, *,
         files: dict[str, tuple[str, bytes]] | None = None, headers: Mapping[str, str] | None = None) -> Any:
    """A POST as the page makes it: a multipart form with the run's token."""
    return client.post(path, data=dict(form or {}), files=files,
                       headers={TOKEN_HEADER: studio.token, **(headers or {})})


def setup_of(html: str) -> dict[str, Any]:
    """The JSON the page builds its form from (the <script id="setup"> element)."""
    found = re.search(r'<script type="application/json" id="setup">(.*?)</script>', html, re.DOTALL)
    assert found, "no setup JSON in the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def problems_of(response: Any) -> list[tuple[str, str]]:
    return [(p["field"], p["message"]) for p in response.json()["problems"]]


def png_width(data_url: str) -> int:
    """The width of a PNG data URL, read from its IHDR chunk (after checking the PNG signature)."""
    prefix = "data:image/png;base64,"
    assert data_url.startswith(prefix)
    data = base64.b64decode(data_url[len(prefix):])
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return int(struct.unpack(">I", data[16:20])[0])


def png_logo(size: tuple[int, int] = (120, 60), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (30, 90, 140) if mode == "RGB" else 0).save(buffer, format="PNG")
    return buffer.getvalue()


def cli_error(result: Any) -> list[str]:
    """The command line's problem lines, without "chartgen: "."""
    assert result.returncode == 2, result
    return [line.removeprefix("chartgen: ") for line in result.stderr.splitlines()]


# ---------------------------------------------------------------- the page


def test_page_has_the_token_and_every_format_and_language(client, studio):
    response = client.get("/")
    assert response.status_code == 200
    assert f'<meta name="chartgen-token" content="{studio.token}">' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    setup = setup_of(response.text)
    assert [f["name"] for f in setup["formats"]] == list(names())
    for listed in setup["formats"]:
        fields = format_fields(format_named(listed["name"]))
        assert [(f["name"], f["option"], f["kind"], tuple(f["choices"]), f["default"]) for f in listed["fields"]] \
            == [(f.name, f.option, f.kind, f.choices, f.default) for f in fields], listed["name"]
    languages = {entry["code"]: entry for entry in setup["languages"]}
    assert tuple(languages) == content_module.available_languages()
    # each by its own name, not its English one
    assert languages["de"]["name"] == "Deutsch" and languages["ru"]["name"] == "Русский"
    assert languages["ar"]["direction"] == "rtl" and languages["en"]["direction"] == "ltr"


def test_fields_are_the_command_line_options_less_the_file_ones():
    """Spot checks of what format_fields derives (the page test above compares the page with it): choices from
    the variants with the format's own default, ticks for flags, no option that names a file."""
    poster = {f.name: f for f in format_fields(format_named("poster"))}
    assert list(poster) == ["paper", "bleed", "tile", "large_print", "pdfx"]  # --icc names a file: left out
    assert poster["paper"].kind == "choice" and poster["paper"].default == "A3" and "A1" in poster["paper"].choices
    assert poster["tile"].choices == ("", "A4", "letter") and poster["tile"].default == ""
    assert poster["large_print"].kind == "check" and poster["large_print"].default is False
    handout = {f.name: f for f in format_fields(format_named("handout"))}
    assert "note_file" not in handout  # --note-file FILE: no path from the browser
    assert (handout["note"].kind, handout["date"].kind, handout["focus"].kind) == ("long_text", "date", "zones")
    booklet = {f.name: f for f in format_fields(format_named("booklet"))}
    assert booklet["paper"].choices[0] == booklet["paper"].default == "A6"


@pytest.mark.parametrize(("query", "accept", "ui"), [
    ("?ui=de", "", "de"),
    ("", "de-DE,de;q=0.9,en;q=0.8", "de"),
    ("?ui=en", "de-DE,de;q=0.9", "en"),  # the page's own choice wins over the browser's
    ("", "fr-FR,fr;q=0.9", "en"),  # no French page texts: English
])
def test_page_language(client, query, accept, ui):
    response = client.get(f"/{query}", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 200
    assert f'<html lang="{ui}">' in response.text
    other = "en" if ui == "de" else "de"
    assert f"<legend>{page_texts(ui)['brand']}</legend>" in response.text
    assert f"<legend>{page_texts(other)['brand']}</legend>" not in response.text
    poster = setup_of(response.text)["formats"][0]
    assert poster["label"] == page_texts(ui)["format.poster"]
    assert page_texts("de")["format.poster"] == "Wandposter"


# ---------------------------------------------------------------- a format registered later


class SwatchFormat:
    """A one-page test-only format: a choice (from its variants), a tick, a text, and a file option."""

    name = "swatch"
    help = "a test-only swatch"
    description = "One page with the title."
    examples = ""
    batch_options: tuple[str, ...] = ()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--shade", default="light", help="light|dark")
        parser.add_argument("--framed", action="store_true", help="draw a frame")
        parser.add_argument("--label", metavar="TEXT", help="a line under the title")
        parser.add_argument("--label-file", metavar="FILE", help="the line from a file")

    def settings(self, options: Mapping[str, Any]) -> Settings:
        shade = options.get("shade") or "light"
        if shade not in ("light", "dark"):
            raise InputError(Problem(f"must be light or dark (found {shade!r})", key="--shade"))
        return Settings(paper="A7", extras=(("shade", shade), ("framed", bool(options.get("framed"))),
                                            ("label", options.get("label") or "")))

    def default_name(self, code: str, settings: Settings) -> str:
        return f"chartgen-swatch-{code}-{settings.extra('shade')}.pdf"

    def paper_label(self, settings: Settings) -> str:
        return settings.paper or "A7"

    def render(self, request: Request) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(210, 298), invariant=1)
        canvas.setFillGray(0.0 if request.settings.extra("shade") == "dark" else 0.5)
        canvas.drawString(10, 150, request.content.title[:20].encode("ascii", "replace").decode())
        canvas.drawString(10, 130, request.settings.extra("label"))
        if request.settings.extra("framed"):
            canvas.rect(5, 5, 200, 288)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def variants(self) -> tuple[Variant, ...]:
        return tuple(Variant(self.settings({"shade": shade}), f"--shade {shade}") for shade in ("light", "dark"))

    def check(self, _request: Request) -> list[Problem]:
        return []


@pytest.fixture
def swatch() -> Iterator[SwatchFormat]:
    fmt = SwatchFormat()
    register(fmt)
    yield fmt
    unregister(fmt.name)


@pytest.mark.usefixtures("swatch")
def test_a_format_registered_later_is_on_the_page_and_made_with_no_studio_change(client, studio, run, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # as `run` sets it for the command line
    listed = setup_of(client.get("/").text)["formats"]
    assert [f["name"] for f in listed] == [*names()]
    assert listed[-1]["name"] == "swatch"
    fields = [(f["name"], f["kind"], f["choices"], f["default"]) for f in listed[-1]["fields"]]
    assert fields == [("shade", "choice", ["light", "dark"], "light"), ("framed", "check", [], False),
                      ("label", "long_text", [], "")]
    form = {"format": "swatch", "lang": "en", "shade": "dark", "framed": "on", "label": "Room 2"}
    preview = post(client, studio, "/api/preview", form)
    assert preview.status_code == 200 and len(preview.json()["pages"]) == 1
    download = post(client, studio, "/api/download", form)
    result = run("swatch", "--shade", "dark", "--framed", "--label", "Room 2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert download.content == (tmp_path / "chartgen-swatch-en-dark.pdf").read_bytes()
    refused = post(client, studio, "/api/preview", {**form, "shade": "green"})
    assert refused.status_code == 422
    assert problems_of(refused) == [("shade", cli_error(run("swatch", "--shade", "green", cwd=tmp_path))[0])]


# ---------------------------------------------------------------- preview


def test_preview_is_one_png_a_page_at_the_preview_width(client, studio):
    poster = post(client, studio, "/api/preview", {"format": "poster", "lang": "en", "paper": "A3"})
    assert poster.status_code == 200
    answer = poster.json()
    assert answer["name"] == "chartgen-poster-en-A3.pdf" and answer["problems"] == []
    assert len(answer["pages"]) == 1 and png_width(answer["pages"][0]) == PREVIEW_WIDTH_PX
    form = {"format": "booklet", "lang": "en", "paper": "A6"}
    booklet = post(client, studio, "/api/preview", form).json()["pages"]
    pdf = post(client, studio, "/api/download", form).content
    assert len(booklet) == page_count(pdf) > 1
    assert {png_width(page) for page in booklet} == {PREVIEW_WIDTH_PX}


def test_a_text_change_shows_in_the_preview(client, studio):
    form = {"format": "card", "lang": "en"}
    shipped = post(client, studio, "/api/preview", form).json()["pages"]
    changed = post(client, studio, "/api/preview", {**form, "text.zones.lumbar.short": "Low back"}).json()["pages"]
    blank = post(client, studio, "/api/preview", {**form, "text.zones.lumbar.short": "   "}).json()["pages"]
    assert changed != shipped and blank == shipped  # an empty text field keeps the shipped text


def _cli_problem_after_location(line: str) -> str:
    """A problem line of the command line without its "file:line: " (the studio names the field instead)."""
    return re.sub(r"^\S+\.yaml:\d+: ", "", line)


@pytest.mark.parametrize(("form", "args", "field"), [
    ({"format": "poster", "paper": "A2", "large_print": "on"}, ["poster", "--paper", "A2", "--large-print"],
     "large_print"),
    ({"format": "poster", "paper": "B5"}, ["poster", "--paper", "B5"], "paper"),
    ({"format": "handout", "focus": "lumbar,knee"}, ["handout", "--focus", "lumbar,knee"], "focus"),
    ({"format": "handout", "date": "2026-02-30"}, ["handout", "--date", "2026-02-30"], "date"),
    ({"format": "poster", "lang": "xx"}, ["poster", "--lang", "xx"], "lang"),
])
def test_an_option_problem_is_at_its_field_in_the_command_lines_words(client, studio, run, tmp_path, form, args,
                                                                      field):
    response = post(client, studio, "/api/preview", {"lang": "en", **form})
    assert response.status_code == 422
    assert problems_of(response) == [(field, line) for line in cli_error(run(*args, cwd=tmp_path))]


def test_a_brand_problem_is_at_its_brand_field(client, studio, run, tmp_path):
    (tmp_path / "brand.yaml").write_text("name: Praxis\nemail: anna@\n", encoding="utf-8")
    expected = [_cli_problem_after_location(line)
                for line in cli_error(run("poster", "--brand", "brand.yaml", cwd=tmp_path))]
    response = post(client, studio, "/api/preview", {"format": "poster", "lang": "en", "brand.name": "Praxis",
                                                     "brand.email": "anna@"})
    assert response.status_code == 422
    assert problems_of(response) == [("brand.email", expected[0])]
    assert expected[0].startswith("email: 'anna@' is not an e-mail address")


def test_a_text_problem_is_at_its_text_field(client, studio, run, tmp_path):
    (tmp_path / "text.yaml").write_text("lang: en\nzones:\n  lumbar:\n    colour: red\n", encoding="utf-8")
    expected = [_cli_problem_after_location(line)
                for line in cli_error(run("poster", "--text", "text.yaml", cwd=tmp_path))]
    response = post(client, studio, "/api/preview", {"format": "poster", "lang": "en",
                                                     "text.zones.lumbar.colour": "red"})
    assert response.status_code == 422
    assert problems_of(response) == [("text.zones.lumbar.colour", f"{documents.FORM_SOURCE}: {expected[0]}")]
    assert "zones.lumbar.colour: unknown key" in expected[0]
    listed = post(client, studio, "/api/preview", {"format": "poster", "lang": "en", "text.cautions.items[40]": "x"})
    assert problems_of(listed) == [("text.cautions.items[40]",
                                    f"{documents.FORM_SOURCE}: cautions.items[40]: is not a text of this language")]


def test_an_unknown_format_is_at_the_format_field(client, studio):
    response = post(client, studio, "/api/preview", {"format": "mural", "lang": "en"})
    assert response.status_code == 422
    assert problems_of(response) == [("format", f"format: choose one of {', '.join(names())}")]


def test_every_problem_of_a_form_at_once(client, studio):
    response = post(client, studio, "/api/preview", {"format": "handout", "lang": "en", "focus": "knee",
                                                     "brand.name": "Praxis", "brand.phone": "call me",
                                                     "text.nope": "x"})
    assert [field for field, _ in problems_of(response)] == ["focus", "text.nope", "brand.phone"]


def test_an_older_preview_arriving_after_a_newer_one_is_dropped(client, studio, monkeypatch):
    made: list[str] = []
    render = documents.render
    monkeypatch.setattr(documents, "render", lambda job: made.append(job.name) or render(job))
    form = {"format": "card", "lang": "en"}

    def preview(tab: str, sequence: int) -> Any:
        return post(client, studio, "/api/preview", form,
                    headers={"x-chartgen-client": tab, "x-chartgen-sequence": str(sequence)})

    assert preview("tab-1", 2).status_code == 200
    stale = preview("tab-1", 1)
    assert (stale.status_code, stale.json()) == (409, {"stale": True})
    assert len(made) == 1  # the stale one was not drawn
    assert preview("tab-2", 1).status_code == 200  # another tab has its own sequence
    assert preview("tab-1", 2).status_code == 200  # the same request again is still the newest
    assert preview("tab-1", 3).status_code == 200
    assert len(made) == 4


# ---------------------------------------------------------------- download = the command line's file


def _text_file(changed: Mapping[str, str], lang: str) -> str:
    """A --text file with the dotted `changed` keys (no list items)."""
    nested: dict[str, Any] = {}
    for dotted, value in changed.items():
        *parents, last = dotted.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    import yaml

    return yaml.safe_dump({"lang": lang, **nested}, allow_unicode=True)


DOWNLOADS = {
    "poster de A2 with a brand and logo": (
        {"format": "poster", "lang": "de", "paper": "A2", "brand.name": "Praxis Fußwohl",
         "brand.phone": "+49 30 1234 5678", "brand.accent": "#1F5C99", "brand.line": "Termine nach Vereinbarung."},
        ["poster", "--lang", "de", "--paper", "A2", "--brand", "brand.yaml"],
        "name: Praxis Fußwohl\nphone: +49 30 1234 5678\naccent: '#1F5C99'\nlogo: logo.png\n"
        "line:\n  de: Termine nach Vereinbarung.\n"),
    "handout with client, focus and note": (
        {"format": "handout", "lang": "en", "client": "Sam Lee", "focus": "lumbar,sacral",
         "note": "Press gently, twice a day.", "date": "2026-03-01"},
        ["handout", "--client", "Sam Lee", "--focus", "lumbar,sacral", "--note", "Press gently, twice a day.",
         "--date", "2026-03-01"], None),
    "booklet A5 imposed on letter": (
        {"format": "booklet", "lang": "fr", "paper": "A5", "imposed": "on", "sheet": "letter"},
        ["booklet", "--lang", "fr", "--paper", "A5", "--imposed", "--sheet", "letter"], None),
    "card with own texts": (
        {"format": "card", "lang": "en", "sheet": "A4", "text.zones.lumbar.name": "Low back",
         "text.title": "Your back, on your feet"},
        ["card", "--sheet", "A4", "--text", "text.yaml"], None),
}


@pytest.mark.parametrize("case", list(DOWNLOADS))
def test_download_is_byte_for_byte_the_command_lines_file(client, studio, run, tmp_path, monkeypatch, case):
    form, args, brand_yaml = DOWNLOADS[case]
    logo = png_logo()
    if brand_yaml is not None:
        (tmp_path / "brand.yaml").write_text(brand_yaml, encoding="utf-8")
        (tmp_path / "logo.png").write_bytes(logo)
    changed = {key.removeprefix("text."): value for key, value in form.items() if key.startswith("text.")}
    if changed:
        (tmp_path / "text.yaml").write_text(_text_file(changed, form["lang"]), encoding="utf-8")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / result.stdout.strip()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # as `run` set it for the command line
    response = post(client, studio, "/api/download", form,
                    files={"logo": ("my logo.png", logo)} if brand_yaml is not None else None)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{written.name}"'
    assert response.content == written.read_bytes()


def test_download_problems_are_the_previews(client, studio):
    form = {"format": "poster", "lang": "en", "tile": "A4", "bleed": "on"}
    response = post(client, studio, "/api/download", form)
    assert response.status_code == 422
    assert [field for field, _ in problems_of(response)] in (["tile"], ["bleed"])
    assert problems_of(response) == problems_of(post(client, studio, "/api/preview", form))


# ---------------------------------------------------------------- safety


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_host_name_is_refused(studio, method):
    """A page from another site that rebinds its DNS name to 127.0.0.1 sends its own Host: 400."""
    evil = TestClient(create_app(studio=studio), base_url="http://evil.example:8765")
    if method == "GET":
        response = evil.get("/")
        assert studio.token not in response.text
    else:
        response = evil.post("/api/download", data={"format": "card", "lang": "en"},
                             headers={TOKEN_HEADER: studio.token})
    assert response.status_code == 400
    assert TestClient(create_app(studio=studio), base_url="http://localhost:8765").get("/").status_code == 200


def test_a_host_given_at_start_is_served(studio):
    app = create_app(hosts=("192.168.1.20",), studio=studio)
    assert TestClient(app, base_url="http://192.168.1.20:8765").get("/").status_code == 200
    assert TestClient(app, base_url="http://192.168.1.21:8765").get("/").status_code == 400


@pytest.mark.parametrize("path", ["/api/preview", "/api/download", "/api/brand.yaml", "/api/load-brand",
                                  "/api/text.yaml", "/api/load-text", "/api/all-languages"])
@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_a_post_without_the_runs_token_is_refused_and_makes_nothing(client, studio, monkeypatch, path, token):
    made: list[object] = []
    monkeypatch.setattr(documents, "render", made.append)
    monkeypatch.setattr(documents, "job_from", lambda *args, **_kwargs: made.append(args))
    headers = {} if token is None else {TOKEN_HEADER: token}
    response = client.post(path, data={"format": "card", "lang": "en", "brand.name": "X"}, headers=headers)
    assert response.status_code == 403
    assert problems_of(response) == [("", "this page is out of date; reload it")]
    assert made == [] and studio.zips == {}


def test_a_logo_over_the_size_limit_is_refused(client, studio):
    big = png_logo() + b"\0" * documents.LOGO_MAX_BYTES
    response = post(client, studio, "/api/preview", {"format": "card", "lang": "en", "brand.name": "X"},
                    files={"logo": ("logo.png", big)})
    assert response.status_code == 422  # within the body's limit: refused at the logo's own
    assert problems_of(response) == [("brand.logo", "logo: the file is larger than 5 MB")]


@pytest.mark.parametrize(("data", "words"), [
    (b"GIF89a not really", "logo: is not a PNG, JPEG or SVG image"),
    (b"%PDF-1.7\n", "logo: is not a PNG, JPEG or SVG image"),
])
def test_a_logo_that_is_not_an_image_is_refused(client, studio, data, words):
    response = post(client, studio, "/api/preview", {"format": "card", "lang": "en", "brand.name": "X"},
                    files={"logo": ("logo.png", data)})
    assert response.status_code == 422
    assert problems_of(response) == [("brand.logo", words)]


def test_a_gif_logo_is_refused_by_what_it_is(client, studio):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="GIF")
    response = post(client, studio, "/api/preview", {"format": "card", "lang": "en", "brand.name": "X"},
                    files={"logo": ("logo.png", buffer.getvalue())})
    assert problems_of(response) == [("brand.logo", "logo: is a GIF image; use a PNG, JPEG or SVG file")]


@pytest.mark.parametrize(("size", "words"), [
    ((7000, 7000), "logo: the image has 49 megapixels; the studio takes up to 40"),
    # over twice Pillow's own limit: refused by Pillow while it reads the header
    ((20000, 10000), "logo: the image has more than 40 megapixels; use a smaller one"),
])
def test_a_logo_of_too_many_pixels_is_refused_without_decoding_it(client, studio, monkeypatch, size, words):
    huge = png_logo(size, mode="1")
    assert len(huge) < 100_000  # a small file
    decoded: list[object] = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))
    response = post(client, studio, "/api/preview", {"format": "card", "lang": "en", "brand.name": "X"},
                    files={"logo": ("logo.png", huge)})
    assert response.status_code == 422
    assert problems_of(response) == [("brand.logo", words)]
    assert decoded == []


@pytest.mark.parametrize(("path", "field"), [("/api/load-text", "text.file"), ("/api/load-brand", "brand.file")])
def test_a_text_file_over_the_limit_is_refused(client, studio, path, field):
    response = post(client, studio, path, {"lang": "en"},
                    files={"file": ("big.yaml", b"# " + b"x" * documents.TEXT_FILE_MAX_BYTES)})
    assert response.status_code == 422
    assert problems_of(response) == [(field, "file: the file is larger than 1 MB")]


def test_a_request_over_the_body_limit_is_refused_before_it_is_read(client, studio, monkeypatch):
    read: list[object] = []
    monkeypatch.setattr(documents, "job_from", lambda *args, **_kwargs: read.append(args))
    response = client.post("/api/preview", content=b"x" * (REQUEST_MAX_BYTES + 1),
                           headers={TOKEN_HEADER: studio.token, "content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413
    assert problems_of(response) == [("", f"the upload is larger than {REQUEST_MAX_BYTES / 1e6:.1f} MB")]
    assert read == []


def test_a_request_without_a_length_is_refused(client, studio):
    """A chunked body has no Content-Length to check before reading: the form's files would be read whole."""

    def chunks() -> Iterator[bytes]:
        yield b"--b\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\ncard\r\n--b--\r\n"

    response = client.post("/api/preview", content=chunks(),
                           headers={TOKEN_HEADER: studio.token, "content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 411


def test_an_internal_error_is_a_plain_message_and_a_log_line(studio, monkeypatch, caplog):
    def broken(_job: object) -> bytes:
        raise RuntimeError("the secret inner workings")

    monkeypatch.setattr(documents, "render", broken)
    client = TestClient(create_app(studio=studio), base_url=BASE_URL, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="chartgen.studio"):
        response = post(client, studio, "/api/download", {"format": "card", "lang": "en"})
    assert response.status_code == 500
    assert response.json() == {"problems": [{"field": "", "message": INTERNAL_ERROR}]}
    assert "Traceback" not in response.text and "secret" not in response.text
    logged = [record for record in caplog.records if record.name == "chartgen.studio"]
    assert len(logged) == 1 and "/api/download" in logged[0].getMessage()
    assert logged[0].exc_info is not None and "the secret inner workings" in str(logged[0].exc_info[1])


def test_the_studio_command_serves_with_the_garbage_collector_on(monkeypatch):
    """The command line keeps the collector off while it starts; a server that draws for hours must turn it on,
    or each preview's reference cycles (matplotlib's figures) stay in memory."""
    from chartgen import cli
    from chartgen.studio import server

    seen: dict[str, object] = {}

    def serve(**options: object) -> int:
        seen.update(options, collecting=gc.isenabled())
        return 0

    monkeypatch.setattr(server, "serve", serve)
    assert cli.main(["studio", "--no-browser", "--port", "8801"]) == 0
    assert seen == {"host": "127.0.0.1", "port": 8801, "open_browser": False, "collecting": True}


# ---------------------------------------------------------------- brand.yaml in and out

BRAND_FORM = {"lang": "de", "brand.name": "Praxis Fußwohl", "brand.person": "Anna Berg",
              "brand.phone": "+49 30 1234 5678", "brand.email": "anna@fusswohl.example",
              "brand.website": "https://fusswohl.example", "brand.address": "Gartenstraße 5, 10115 Berlin",
              "brand.accent": "#1F5C99", "brand.line": "Termine nach Vereinbarung."}


def test_brand_yaml_gives_the_same_brand_on_the_command_line(client, studio, tmp_path):
    logo = png_logo()
    response = post(client, studio, "/api/brand.yaml", BRAND_FORM, files={"logo": ("x.png", logo)})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="brand.yaml"'
    assert "logo.png" in response.text.splitlines()[1]  # the comment says what to name the logo
    (tmp_path / "brand.yaml").write_bytes(response.content)
    (tmp_path / "logo.png").write_bytes(logo)
    loaded = brand_module.load(tmp_path / "brand.yaml")
    made = documents.brand_from(BRAND_FORM, documents.Upload(logo))
    assert made is not None

    def kept(brand: brand_module.Brand) -> tuple[object, ...]:
        assert brand.logo is not None
        return (brand.name, brand.person, brand.phone, brand.email, brand.website, brand.address, brand.accent,
                brand.lines, brand.logo.name, brand.logo_data, brand.logo_size)

    assert kept(loaded) == kept(made)
    assert loaded.lines == (("de", "Termine nach Vereinbarung."),)


def test_brand_yaml_is_refused_with_its_problems(client, studio):
    response = post(client, studio, "/api/brand.yaml", {**BRAND_FORM, "brand.website": "fusswohl"})
    assert response.status_code == 422
    assert [field for field, _ in problems_of(response)] == ["brand.website"]
    nameless = post(client, studio, "/api/brand.yaml", {"lang": "en"})
    assert problems_of(nameless) == [("brand.name", "name: is missing; add it")]


def test_load_brand_gives_its_fields(client, studio):
    text = ("name: Praxis Fußwohl\nperson: Anna Berg\nemail: anna@fusswohl.example\naccent: '#1F5C99'\n"
            "logo: logo.png\nline:\n  de: Termine nach Vereinbarung.\n")
    response = post(client, studio, "/api/load-brand", files={"file": ("brand.yaml", text.encode())})
    assert response.status_code == 200
    answer = response.json()
    assert answer["values"] == {"name": "Praxis Fußwohl", "person": "Anna Berg", "phone": "",
                                "email": "anna@fusswohl.example", "website": "", "address": "",
                                "accent": "#1F5C99"}
    assert answer["lines"] == {"de": "Termine nach Vereinbarung."} and answer["logo"] == "logo.png"


@pytest.mark.parametrize(("text", "words"), [
    (b"name: [Praxis\n", "invalid YAML"),
    (b"name: Praxis\ncolour: red\n", "brand.yaml:2: colour: unknown key"),
    (b"person: Anna\n", "name"),
    (b"name: Pr\xe4xis\n", "brand.yaml: is not UTF-8 text"),
])
def test_load_brand_problems_are_at_the_file_field(client, studio, text, words):
    response = post(client, studio, "/api/load-brand", files={"file": ("brand.yaml", text)})
    assert response.status_code == 422
    found = problems_of(response)
    assert {field for field, _ in found} == {"brand.file"}
    assert words in found[0][1]
    missing = post(client, studio, "/api/load-brand", {"lang": "en"})
    assert problems_of(missing) == [("brand.file", "file: choose a brand.yaml file")]


# ---------------------------------------------------------------- --text files in and out


def test_text_yaml_round_trip_keeps_the_other_list_items(client, studio, tmp_path, run):
    shipped = content_texts(content_module.load_language("de"))
    form = {"lang": "de", "format": "poster", "text.cautions.items[1]": "Eine eigene Vorsicht.",
            "text.zones.lumbar.name": "Unterer Rücken"}
    response = post(client, studio, "/api/text.yaml", form)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="text-de.yaml"'
    import yaml

    saved = yaml.safe_load(response.text)
    items = [shipped[f"cautions.items[{index}]"] for index in range(len(saved["cautions"]["items"]))]
    items[1] = "Eine eigene Vorsicht."
    assert saved == {"lang": "de", "cautions": {"items": items}, "zones": {"lumbar": {"name": "Unterer Rücken"}}}
    loaded = post(client, studio, "/api/load-text", {"lang": "en"}, files={"file": ("text-de.yaml", response.content)})
    assert loaded.status_code == 200
    assert loaded.json() == {"lang": "de", "texts": {"cautions.items[1]": "Eine eigene Vorsicht.",
                                                     "zones.lumbar.name": "Unterer Rücken"}}
    # and the command line takes the file as it is
    (tmp_path / "text-de.yaml").write_bytes(response.content)
    assert run("check", "--lang", "de", "--text", "text-de.yaml", "--formats", "card", cwd=tmp_path).returncode == 0


def test_text_yaml_with_nothing_changed_or_a_bad_key_is_refused(client, studio):
    nothing = post(client, studio, "/api/text.yaml", {"lang": "en", "text.title": "  "})
    assert problems_of(nothing) == [("", "no text is changed: there is nothing to save")]
    bad = post(client, studio, "/api/text.yaml", {"lang": "en", "text.zones.knee.name": "Knee"})
    assert bad.status_code == 422
    assert [field for field, _ in problems_of(bad)] == ["text.zones.knee"]


def test_an_unknown_key_in_an_uploaded_text_file_is_one_problem_with_its_line(client, studio):
    text = "lang: en\ntitle: My title\nzones:\n  lumbar:\n    colour: red\n"
    response = post(client, studio, "/api/load-text", {"lang": "en"}, files={"file": ("mine.yaml", text.encode())})
    assert response.status_code == 422
    found = problems_of(response)
    assert len(found) == 1
    field, message = found[0]
    assert field == "text.file"
    assert message.startswith("text file:5: zones.lumbar.colour: unknown key")


def test_texts_of_a_language(client):
    german = client.get("/api/texts?lang=de")
    assert german.status_code == 200
    assert german.json()["title"] == content_module.load_language("de").title
    unknown = client.get("/api/texts?lang=xx")
    assert unknown.status_code == 400
    assert problems_of(unknown)[0][0] == "lang"


# ---------------------------------------------------------------- all languages


def test_all_languages_zip_has_every_language_and_a_true_manifest(client, studio):
    form = {"format": "card", "lang": "en", "text.zones.lumbar.short": "Only English"}
    started = post(client, studio, "/api/all-languages", form)
    assert started.status_code == 200
    job = started.json()["job"]
    codes = content_module.available_languages()
    assert started.json()["total"] == len(codes)
    early = client.get(f"/api/all-languages/{job}/zip")
    deadline = time.monotonic() + 300
    while True:
        progress = client.get(f"/api/all-languages/{job}").json()
        assert progress["total"] == len(codes) and 0 <= progress["done"] <= len(codes)
        if progress["ready"]:
            break
        assert time.monotonic() < deadline, progress
        time.sleep(0.2)
    assert progress == {"done": len(codes), "total": len(codes), "ready": True, "failed": []}
    if early.status_code != 200:  # asked for before it was made
        assert early.status_code == 404
    response = client.get(f"/api/all-languages/{job}/zip")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="chartgen-all-languages.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        files = {name: archive.read(name) for name in archive.namelist() if name != "manifest.json"}
    assert sorted(files) == sorted(f"chartgen-card-{code}.pdf" for code in codes)
    assert sorted(entry["language"] for entry in manifest["documents"]) == sorted(codes)
    assert manifest["failed"] == []
    for entry in manifest["documents"]:
        data = files[entry["file"]]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
        assert entry["format"] == "card" and data.startswith(b"%PDF-")
    # the page's own wording is for its language only
    assert "Only English" in printed_text(files["chartgen-card-en.pdf"])
    assert "Only English" not in printed_text(files["chartgen-card-de.pdf"])


def test_all_languages_refuses_a_form_with_problems_at_once(client, studio):
    response = post(client, studio, "/api/all-languages", {"format": "poster", "lang": "en", "paper": "A2",
                                                           "large_print": "on"})
    assert response.status_code == 422
    assert [field for field, _ in problems_of(response)] == ["large_print"]
    assert studio.zips == {}
    assert client.get("/api/all-languages/no-such-job").status_code == 404
    assert client.get("/api/all-languages/no-such-job/zip").status_code == 404


def test_an_internal_error_does_not_reach_the_server_either(studio, monkeypatch):
    """The error ends at the studio's boundary: a client that raises whatever reaches the server raises nothing
    (uvicorn would otherwise print a second, full traceback)."""
    monkeypatch.setattr(documents, "render", lambda _job: 1 / 0)
    client = TestClient(create_app(studio=studio), base_url=BASE_URL)  # raise_server_exceptions=True
    response = post(client, studio, "/api/download", {"format": "card", "lang": "en"})
    assert response.status_code == 500 and response.json()["problems"][0]["message"] == INTERNAL_ERROR


def test_a_sequence_that_is_not_a_number_is_400(studio):
    client = TestClient(create_app(studio=studio), base_url=BASE_URL)
    response = client.post("/api/preview", data={"format": "card", "lang": "en"},
                           headers={TOKEN_HEADER: studio.token, "x-chartgen-client": "tab",
                                    "x-chartgen-sequence": "soon"})
    assert response.status_code == 400 and "whole number" in response.text


def test_a_studio_on_every_interface_answers_this_machines_names_only(studio, monkeypatch):
    """--host 0.0.0.0: other machines reach it by this machine's name or address, which the Host check lets in;
    any other name (a rebinding page's) is still refused."""
    import socket

    from chartgen.studio.app import host_names

    monkeypatch.setattr(socket, "gethostname", lambda: "praxis-pc")
    monkeypatch.setattr(socket, "getfqdn", lambda: "praxis-pc.lan")
    monkeypatch.setattr(socket, "gethostbyname_ex", lambda _name: ("praxis-pc", [], ["192.168.1.20"]))
    assert set(host_names("0.0.0.0")) == {"praxis-pc", "praxis-pc.lan", "192.168.1.20"}
    assert host_names("192.168.1.20") == ("192.168.1.20",)
    app = create_app(hosts=("0.0.0.0",), studio=studio)
    assert TestClient(app, base_url="http://192.168.1.20:8765").get("/").status_code == 200
    assert TestClient(app, base_url="http://praxis-pc.lan:8765").get("/").status_code == 200
    assert TestClient(app, base_url="http://evil.example:8765").get("/").status_code == 400


def test_the_german_page_has_every_english_label_and_help_only_for_real_options():
    """German is complete (no label falls back to English), and each German help names an option some format
    has (a misspelt key would silently show no help)."""
    from chartgen.studio.page_texts import _read

    english, german = _read("en"), _read("de")
    assert set(english) <= set(german), sorted(set(english) - set(german))
    options = {field.option for name in names() for field in format_fields(format_named(name))}
    extra = set(german) - set(english)
    assert extra and all(key.startswith("help.") and key[len("help."):] in options for key in extra), extra
    page = TestClient(create_app(), base_url=BASE_URL).get("/?ui=de").text
    tile = next(field for field in setup_of(page)["formats"][0]["fields"] if field["option"] == "--tile")
    assert "Beschnitt und Schnittmarken" in page and tile["help"] == german["help.--tile"]



def test_a_problem_with_the_brands_own_line_is_at_that_field(client, studio):
    """Found while drawing (the card's fonts cannot draw it), it is the brand's, not a text's."""
    response = post(client, studio, "/api/preview", {"format": "card", "lang": "en", "brand.name": "X",
                                                     "brand.line": "\U0001D11E clef"})
    assert response.status_code == 422
    ((field, words),) = problems_of(response)
    assert field == "brand.line" and words.startswith("line.en: "), (field, words)


def test_a_logo_problem_never_names_the_servers_temporary_folder(client, studio):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Praxis</text></svg>'
    response = post(client, studio, "/api/preview", {"format": "card", "lang": "en", "brand.name": "X"},
                    files={"logo": ("logo.svg", svg)})
    assert response.status_code == 422
    ((field, words),) = problems_of(response)
    assert field == "brand.logo" and words.startswith("logo: logo.svg: "), words
    assert "chartgen-studio-" not in words and "/tmp" not in words


def test_a_zip_dropped_for_newer_ones_stops_and_says_so(client, studio, monkeypatch):
    """Starting more zips than are kept drops the oldest: its thread stops at the next language (or before the
    first), and asking about it is a 404 with a message the page shows, not a poll for ever."""
    from chartgen.studio import app as app_module

    monkeypatch.setattr(app_module, "ZIPS_KEPT", 1)
    with studio.zipping:  # hold the zips back until both have been started
        first = post(client, studio, "/api/all-languages", {"format": "card", "lang": "en"}).json()["job"]
        first_job = studio.zips[first]
        second = post(client, studio, "/api/all-languages", {"format": "card", "lang": "en"}).json()["job"]
    dropped = client.get(f"/api/all-languages/{first}")
    assert dropped.status_code == 404 and problems_of(dropped) == [("", "no such job: make it again")]
    assert first_job.cancelled
    deadline = time.monotonic() + 300
    while not client.get(f"/api/all-languages/{second}").json()["ready"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert first_job.done == 0 and first_job.data is None  # it made nothing: the second one had the lock


def test_a_zip_that_fails_outright_is_reported_not_polled_for_ever(client, studio, monkeypatch):
    from chartgen.studio import app as app_module

    def broken(*_args: object) -> bytes:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(app_module, "_zip", broken)
    job = post(client, studio, "/api/all-languages", {"format": "card", "lang": "en"}).json()["job"]
    deadline = time.monotonic() + 30
    while (progress := client.get(f"/api/all-languages/{job}")).status_code == 200:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert progress.status_code == 500 and problems_of(progress) == [("", INTERNAL_ERROR)]
