"""chartgen studio end to end, in a real browser: headless Chromium, driven by Playwright, on the studio served
in this process. A person's path through the page: choose, type, see the preview, download, and read the PDF.

Chromium is the system's (scripts/install-system-packages.sh installs it; $CHARTGEN_CHROMIUM names another), never
a browser Playwright downloads. In CI (CI=true) a missing Chromium or Playwright fails these tests; elsewhere they
are skipped with the reason. Screenshots of each stage land in tests/output/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from conftest import OUTPUT_DIR, pdf_reader

CHROMIUM_ENV = "CHARTGEN_CHROMIUM"
"""Names the Chromium to drive (a path); else `chromium` on PATH, else /usr/bin/chromium."""
DEBIAN_CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
PREVIEW_SECONDS = 60
"""Longest wait for a preview or a download (an A2 poster takes a few seconds on a slow machine)."""
MM = 72 / 25.4

PRACTICE = "Praxis Fußwohl Test"
CLIENT = "Anna Bergmann"
NOTE = "Jeden Abend fünf Minuten, am besten im Sitzen."


def chromium_path() -> str | None:
    """The Chromium these tests drive, or None when it is not an executable file."""
    candidate = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or DEBIAN_CHROMIUM
    return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None


def _missing(what: str) -> None:
    """A missing browser or library: a failure in CI, which must run these tests; a skip elsewhere."""
    how = ("sh scripts/install-system-packages.sh installs Chromium; pip install '.[test]' installs Playwright "
           f"(set {CHROMIUM_ENV} to use another Chromium)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"the studio's browser test cannot run in CI: {what}. {how}", pytrace=False)
    pytest.skip(f"{what}: {how}")


# ---------------------------------------------------------------- the studio and the browser


@pytest.fixture(scope="module")
def studio_url() -> Iterator[str]:
    """The studio served by uvicorn in a thread of this process, on a free port of 127.0.0.1."""
    import uvicorn

    from chartgen.studio.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="chartgen-studio", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the studio stopped while starting (see the log above)"
        assert time.monotonic() < deadline, "the studio did not start within 30 s"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module's tests (each test gets a fresh context: no cookies, no storage)."""
    executable = chromium_path()
    if executable is None:
        named = os.environ.get(CHROMIUM_ENV)
        _missing(f"{CHROMIUM_ENV}={named} is not an executable file" if named
                 else f"no Chromium (no `chromium` on PATH, nothing at {DEBIAN_CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Studio:
    """The studio's page in a fresh browser context, with what went wrong in its scripts."""

    page: Any
    name: str
    errors: list[str] = field(default_factory=list)

    def screenshot(self, stage: str) -> Path:
        OUTPUT_DIR.mkdir(exist_ok=True)
        path = OUTPUT_DIR / f"studio-{self.name}-{stage}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def preview(self, file_name: str, change: Callable[[], object] | None = None,
                sent: Callable[[str], bool] | None = None) -> str:
        """Make `change`, the last change to the form, and wait until the page shows the preview of the form with
        it: the answer to the first preview request after it whose body `sent` accepts (not an older answer still
        on its way, nor one to a request sent a moment before the change). Without `change`, the preview of the
        page as it opened. The preview's image as a data URL."""
        from playwright.sync_api import expect

        timeout = PREVIEW_SECONDS * 1000
        status = self.page.locator("#status")
        large = self.page.locator("#large")
        if change is None:
            expect(status).to_contain_text(file_name, timeout=timeout)
        else:
            assert sent is not None

            def asked(response: Any) -> bool:
                return response.url.endswith("/api/preview") and sent(response.request.post_data or "")

            with self.page.expect_response(asked, timeout=timeout) as answered:
                change()
            answer = answered.value.json()
            assert answered.value.ok and answer["name"] == file_name, answer
            expect(large).to_have_attribute("src", answer["pages"][0])
        expect(status).to_contain_text(file_name)
        expect(self.page.locator("body")).not_to_have_class(re.compile(r"\bbusy\b"))
        expect(large).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
        return str(large.get_attribute("src"))

    def download(self, file_name: str) -> bytes:
        with self.page.expect_download(timeout=PREVIEW_SECONDS * 1000) as caught:
            self.page.click("#download")
        download = caught.value
        assert download.failure() is None, download.failure()
        assert download.suggested_filename == file_name
        data = Path(download.path()).read_bytes()
        OUTPUT_DIR.mkdir(exist_ok=True)
        (OUTPUT_DIR / f"studio-{self.name}-{file_name}").write_bytes(data)
        return data

    def assert_no_script_errors(self) -> None:
        assert self.errors == [], self.errors


def _new_studio(browser, name: str) -> Studio:
    """A fresh browser context (no storage, no cookies) and a page in it, not yet opened."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    opened = Studio(page, name)
    page.on("pageerror", lambda error: opened.errors.append(f"page error: {error}"))
    page.on("console", lambda message: opened.errors.append(f"console: {message.text}")
            if "Content Security Policy" in message.text else None)
    return opened


@pytest.fixture
def studio(browser, studio_url, request) -> Iterator[Studio]:
    """The studio's page opened in English, its first preview (the English A3 poster) shown."""
    opened = _new_studio(browser, request.node.name.removeprefix("test_"))
    opened.page.goto(studio_url)
    opened.preview("chartgen-poster-en-A3.pdf")
    yield opened
    opened.page.context.close()


# ---------------------------------------------------------------- what the tests read


def _with(name: str, value: str) -> Callable[[str], bool]:
    """Whether a request's body (the form as multipart form data) holds the field `name` with `value`."""
    return lambda body: f'name="{name}"\r\n\r\n{value}\r\n' in body


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes, page: int = 0) -> str:
    return _words(pdf_reader(data).pages[page].extract_text())


def _image(data_url: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("RGB"))


def _rendered_as_preview(data: bytes) -> np.ndarray:
    """The PDF's first page rendered as the studio renders its previews."""
    from chartgen.studio.app import PREVIEW_WIDTH_PX

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        return np.asarray(page.render(scale=PREVIEW_WIDTH_PX / page.get_width()).to_pil().convert("RGB"))
    finally:
        document.close()


# ---------------------------------------------------------------- the tests


def test_without_chromium_ci_fails_and_elsewhere_the_tests_are_skipped(monkeypatch, tmp_path):
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-chromium"))
    assert chromium_path() is None
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: no Chromium"):
        _missing("no Chromium")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=r"install-system-packages\.sh installs Chromium"):
        _missing("no Chromium")


def test_a_german_a2_poster_with_the_practice_name(studio):
    page = studio.page
    studio.screenshot("1-opened")
    page.select_option("#lang", "de")
    before = studio.preview("chartgen-poster-de-A2.pdf", lambda: page.select_option("select[name=paper]", "A2"),
                            sent=_with("paper", "A2"))
    studio.screenshot("2-german-A2")

    after = studio.preview("chartgen-poster-de-A2.pdf", lambda: page.fill("input[name='brand.name']", PRACTICE),
                           sent=_with("brand.name", PRACTICE))
    studio.screenshot("3-practice-name")
    box = page.locator("#large").bounding_box()
    assert box is not None and box["y"] + box["height"] <= VIEWPORT["height"], box  # its foot (the name) on screen
    data = studio.download("chartgen-poster-de-A2.pdf")

    reader = pdf_reader(data)
    assert len(reader.pages) == 1
    box = reader.pages[0].trimbox  # the MediaBox when the file has no TrimBox
    assert abs(float(box.width) / MM - 420) < 0.5 and abs(float(box.height) / MM - 594) < 0.5, box
    text = _pdf_text(data)
    assert "Wirbelsäule" in text and PRACTICE in text
    # The preview changed with the name, and the picture the page shows is the page of the PDF with the name.
    assert not np.array_equal(_image(before), _image(after))
    assert np.array_equal(_image(after), _rendered_as_preview(data))
    studio.assert_no_script_errors()


def test_a_german_handout_for_a_client(studio, run, tmp_path):
    page = studio.page
    page.select_option("#format", "handout")
    page.select_option("#lang", "de")
    page.fill("input[name=client]", CLIENT)
    page.check("input[data-zones=focus][value=lumbar]")
    page.check("input[data-zones=focus][value=sacral]")
    studio.preview("chartgen-handout-de-A4.pdf", lambda: page.fill("textarea[name=note]", NOTE),
                   sent=_with("note", NOTE))
    studio.screenshot("1-filled-in")
    data = studio.download("chartgen-handout-de-A4.pdf")

    text = _pdf_text(data)
    assert CLIENT in text and NOTE in text
    yours, others = text.split("Ihre Zonen", 1)[1].split("Die anderen Zonen", 1)
    assert "Lendenwirbelsäule" in yours and "Kreuzbein" in yours and "Halswirbelsäule" in others
    # The same file as the command line's with the same options.
    result = run("handout", "--lang", "de", "--client", CLIENT, "--focus", "lumbar,sacral", "--note", NOTE,
                 "-o", "cli.pdf", cwd=tmp_path, epoch=os.environ.get("SOURCE_DATE_EPOCH", ""))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli.pdf").read_bytes() == data
    studio.assert_no_script_errors()


def test_a_problem_is_shown_beside_its_field_and_goes_away(studio, run, tmp_path):
    from playwright.sync_api import expect

    cli = run("poster", "--paper", "A2", "--large-print", cwd=tmp_path)
    assert cli.returncode == 2
    (cli_words,) = [line.removeprefix("chartgen: ") for line in cli.stderr.splitlines()]
    assert "large print is made on A4 or letter pages" in cli_words

    page = studio.page
    a2 = studio.preview("chartgen-poster-en-A2.pdf", lambda: page.select_option("select[name=paper]", "A2"),
                        sent=_with("paper", "A2"))
    problem = page.locator('.problem[data-for="large_print"]')
    expect(problem).to_be_hidden()

    with page.expect_response(lambda response: response.url.endswith("/api/preview")
                              and _with("large_print", "on")(response.request.post_data or ""),
                              timeout=PREVIEW_SECONDS * 1000) as answered:
        page.check("input[name=large_print]")
    assert answered.value.status == 422
    expect(problem).to_have_text(cli_words)  # the command line's words
    expect(problem).to_be_visible()
    expect(page.locator("#status")).not_to_contain_text("chartgen-poster")
    studio.screenshot("1-problem")

    mended = studio.preview("chartgen-poster-en-A2.pdf", lambda: page.uncheck("input[name=large_print]"),
                            sent=lambda body: 'name="large_print"' not in body)
    expect(problem).to_be_empty()
    expect(problem).to_be_hidden()
    studio.screenshot("2-mended")
    assert np.array_equal(_image(mended), _image(a2))
    studio.assert_no_script_errors()


def test_a_late_answer_for_the_first_language_leaves_the_chosen_languages_texts(browser, studio_url):
    """The page asks for the shipped texts of its first language as it opens; a person who chooses German before
    that answer arrives sees the German texts under "Your own wording", not the English ones that came last."""
    from playwright.sync_api import expect

    studio = _new_studio(browser, "late_texts")
    held = []

    def hold_the_first_english_answer(route):
        if "lang=en" in route.request.url and not held:
            held.append(route)
        else:
            route.continue_()

    page = studio.page
    page.route("**/api/texts?*", hold_the_first_english_answer)
    try:
        page.goto(studio_url)
        page.select_option("#lang", "de")
        studio.preview("chartgen-poster-de-A3.pdf")
        shipped_title = page.locator(".text-field", has=page.locator('[data-text="title"]')).locator(".shipped")
        expect(shipped_title).to_have_text("Fußreflexzonen der Wirbelsäule")
        assert len(held) == 1
        # The page previews once the first answer is handled (loadShippedTexts().then(preview)).
        with page.expect_response(lambda response: response.url.endswith("/api/preview"),
                                  timeout=PREVIEW_SECONDS * 1000):
            held[0].continue_()
        expect(shipped_title).to_have_text("Fußreflexzonen der Wirbelsäule")
        studio.assert_no_script_errors()
    finally:
        page.context.close()
