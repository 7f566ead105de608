"""Shared fixtures: the English content, rendered posters (made once per test run), chartgen run in this process
(`run`), a folder for PNGs, the text of PDF pages (read once per page); and the work run on the machine's other
core, beside the tests: the batch of every language x every format, then the tests marked `background`."""

from __future__ import annotations

import functools
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from chartgen import content as content_module

ROOT = Path(__file__).resolve().parent.parent

EPOCH = "1767225600"
"""SOURCE_DATE_EPOCH for the commands the tests run (2026-01-01), so their PDFs carry a fixed date."""

OUTPUT_DIR = Path(__file__).parent / "output"
"""Rendered pages land here (git-ignored) so a person can look at them."""

EN_PATH = content_module.locale_path("en")


@pytest.fixture(scope="session")
def en() -> content_module.Content:
    return content_module.load_language("en")


@functools.cache
def poster_pdf(paper: str = "A3", bleed: bool = False) -> bytes:
    """The English poster, made once per test run for each paper and bleed setting."""
    from chartgen.formats import poster

    return poster.render(content_module.load_language("en"), paper=paper, bleed=bleed)


def render_png(data: bytes, name: str, *, dpi: float = 50, page: int = 0):
    """Render one page with pypdfium2 to an RGB numpy array, saving a PNG under tests/output/."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    OUTPUT_DIR.mkdir(exist_ok=True)
    image.save(OUTPUT_DIR / f"{name}.png", compress_level=1)  # for a person to look at: fast beats small
    return np.asarray(image)


def write_locale(tmp_path: Path, edit, name: str = "custom.yaml") -> Path:
    """A copy of en.yaml with `edit(text) -> text` applied, written to tmp_path."""
    path = tmp_path / name
    path.write_text(edit(EN_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


@dataclass(frozen=True)
class Result:
    """What a run of chartgen gave: exit status, stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def forget_worked_out() -> None:
    """Forget what chartgen works out once per run from frozen inputs (the poster's text fits)."""
    from chartgen.formats import poster

    poster._fit_once.cache_clear()


@pytest.fixture
def monkeypatch(monkeypatch):
    """pytest's monkeypatch, which forgets chartgen's worked-out answers when a test patches code: the test must not
    get an answer worked out before its patch, nor leave one worked out under it for the tests after it."""
    setattr_ = monkeypatch.setattr
    patched: list[bool] = []

    def setattr_and_forget(*args, **kwargs):
        setattr_(*args, **kwargs)
        forget_worked_out()
        patched.append(True)

    monkeypatch.setattr = setattr_and_forget
    yield monkeypatch
    if patched:
        forget_worked_out()


@pytest.fixture
def run(capsys, monkeypatch):
    """chartgen run in this process (`cli.main`), in the folder `cwd`, with SOURCE_DATE_EPOCH=`epoch`."""
    from chartgen import cli

    def run(*args: str, cwd: Path, epoch: str = EPOCH) -> Result:
        monkeypatch.chdir(cwd)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        capsys.readouterr()
        try:
            status = cli.main(list(args))
        except SystemExit as done:  # --help
            status = done.code
        out, err = capsys.readouterr()
        return Result(status, out, err)

    return run


class TextRun(NamedTuple):
    """One piece of text as pypdf's extract_text hands it to a visitor: text, matrices and font size."""

    text: str
    cm: tuple[float, ...]
    tm: tuple[float, ...]
    font_size: float


@functools.cache
def page_text(data: bytes, page: int) -> tuple[str, tuple[TextRun, ...]]:
    """pypdf's extract_text() of one page and the runs it visited, read once per document and page: several tests
    read the same pages, and pypdf takes up to a few tenths of a second for a page with a diagram."""
    runs: list[TextRun] = []

    def visit(text, cm, tm, _font_dict, font_size):  # pypdf's visitor_text signature
        runs.append(TextRun(text, tuple(cm), tuple(tm), font_size))

    text = pdf_reader(data).pages[page].extract_text(visitor_text=visit)
    return text, tuple(runs)


@functools.cache
def _pdfium_text(data: bytes, page: int) -> tuple[str, int]:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(data)
    try:
        text_page = document[page].get_textpage()
        codes = [pdfium_c.FPDFText_GetUnicode(text_page.raw, index) for index in range(text_page.count_chars())]
        return text_page.get_text_range(), codes.count(0)
    finally:
        document.close()


def printed_text(data: bytes, page: int = 0) -> str:
    """The text of one page, read by pdfium from the page's text layer (its forms, the diagram's too, included),
    read once per document and page. The same words as pypdf's extract_text, some 30 times faster on a page with
    a diagram: pypdf parses every drawing operator of the diagram in Python to find its few labels. Line breaks
    and spaces may differ: the tests compare words, white space made single spaces. A glyph that stands for no
    character (see `missing_glyphs`) is left out."""
    return _pdfium_text(data, page)[0]


def missing_glyphs(data: bytes, page: int = 0) -> int:
    """How many glyphs of one page stand for no character: ReportLab prints a character its font lacks as code 0,
    the .notdef glyph, whose character pdfium reads as 0 (and pypdf's extract_text as "\\x00");
    tests/test_commands.py shows the count finds one."""
    return _pdfium_text(data, page)[1]


# ---------------------------------------------------------------- work on the machine's other core
#
# The suite runs in one process, on one of the machine's two cores. Work that needs nothing from the other tests
# runs on the other core, one process at a time, started as soon as the tests to run are known:
# 1. the batch of every language x every format, `python -m chartgen batch` (an end-to-end run of the command);
#    tests read its files through the `all_documents` fixture;
# 2. then the tests marked `background`, run by a second pytest; each passes or fails here as it did there.
# The tests that wait for this work run last. A run of only `background` tests runs them here, as usual.
# One process at a time: the signal tests (test_hostile_input.py, test_batch.py) stop chartgen 0.3 s after its
# start, which needs a core to itself, as in a run of one test at a time.

def _spare_the_collector() -> None:
    """Move every object made so far (the libraries and test modules imported by collection) out of the garbage
    collector's reach, and let it run less often: with the suite's large heap of fonts, layouts and rendered
    documents, its full collections took 11 s of the main process and 9 s of the background one (measured with
    gc.callbacks). Nothing is collected later than it would be at exit; chartgen's own runs freeze the same way
    after start-up (cli._start_up_done)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 10, 10)


GC_THRESHOLD = 20_000
"""Allocations between two collections of the youngest generation (Python's default: 700)."""

BACKGROUND_ENV = "CHARTGEN_TESTS_IN_BACKGROUND"
"""Set for the pytest process that runs the `background` tests: there they run as usual."""


@dataclass
class _Started:
    """A process started for the tests; its stdout and stderr go to `log`."""

    process: subprocess.Popen
    log: Path
    started: float = field(default_factory=time.time)

    def running(self) -> bool:
        return self.process.poll() is None

    def seconds(self) -> float | None:
        """How long it ran (until it last wrote to its log), or None while it runs."""
        return None if self.running() else self.log.stat().st_mtime - self.started

    def wait(self) -> tuple[int, str]:
        status = self.process.wait()
        return status, self.log.read_text(encoding="utf-8", errors="replace")


_STARTED: dict[str, _Started] = {}
_TO_START: dict[str, list[str]] = {}
"""What is still to be started beside the tests, in order: name -> command."""
_FOLDERS: list[Path] = []


def _work_folder() -> Path:
    if not _FOLDERS:
        _FOLDERS.append(Path(tempfile.mkdtemp(prefix="chartgen-tests-")))
    return _FOLDERS[0]


def _start_next() -> None:
    """Start the next piece of work beside the tests once the one before has ended (called before each test)."""
    if not _TO_START or any(started.running() for started in _STARTED.values()):
        return
    name, args = next(iter(_TO_START.items()))
    del _TO_START[name]
    log = _work_folder() / f"{name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, BACKGROUND_ENV: "1"})
    _STARTED[name] = _Started(process, log)


def _wait_for(name: str) -> tuple[int, str]:
    """Wait for the work `name` (starting it, and what comes before it, if it has not started)."""
    assert name in _STARTED or name in _TO_START, name
    while name not in _STARTED:
        for started in _STARTED.values():
            started.process.wait()
        _start_next()
    result = _STARTED[name].wait()
    _start_next()
    return result


def _batch_command() -> list[str]:
    return [sys.executable, "-m", "chartgen", "batch", "--out-dir", str(_work_folder() / "dist"), "--jobs", "1"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "background: run in a pytest process of its own, beside the other tests "
                                       "(see conftest.py)")


def _in_background(items: list[pytest.Item]) -> list[pytest.Item]:
    """The tests to run in the background pytest: the marked ones, unless there is nothing else to run (or this
    is that pytest)."""
    marked = [item for item in items if item.get_closest_marker("background")]
    return [] if os.environ.get(BACKGROUND_ENV) or len(marked) == len(items) else marked


def _using_batch(items: list[pytest.Item], background: list[pytest.Item]) -> list[pytest.Item]:
    return [item for item in items if "all_documents" in getattr(item, "fixturenames", ()) and item not in background]


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that wait for the work beside them run last."""
    background = _in_background(items)
    using_batch = _using_batch(items, background)
    waiting = set(using_batch) | set(background)
    items[:] = [item for item in items if item not in waiting] + using_batch + background


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the work beside the tests as soon as the tests to run are known; then spare the garbage collector
    the libraries imported so far (see `_spare_the_collector`)."""
    _spare_the_collector()
    if session.config.option.collectonly:
        return
    background = _in_background(session.items)
    if _using_batch(session.items, background):
        _TO_START["batch"] = _batch_command()
    if background:
        _TO_START["pytest"] = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "--basetemp",
                               str(_work_folder() / "pytest"), "--junitxml", str(_work_folder() / BACKGROUND_REPORT),
                               *(item.nodeid for item in background)]
    _start_next()


def pytest_runtest_setup() -> None:
    _start_next()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """A `background` test run by the other pytest: its outcome there is its outcome here."""
    if not pyfuncitem.get_closest_marker("background") or not ("pytest" in _STARTED or "pytest" in _TO_START):
        return None
    status, output = _wait_for("pytest")
    if f"PASSED {pyfuncitem.nodeid}" not in output.splitlines():
        reason = _skipped_in_background(pyfuncitem.nodeid)
        if reason is not None:
            pytest.skip(reason)  # as it was there (a system program missing on this machine, never in CI)
        pytest.fail(f"{pyfuncitem.nodeid} failed in the background pytest (exit status {status}):\n{output}",
                    pytrace=False)
    return True


BACKGROUND_REPORT = "background.xml"
"""The background pytest's JUnit report: the one place its skipped tests are named with their reasons."""


def _skipped_in_background(nodeid: str) -> str | None:
    """Why the background pytest skipped the test `nodeid`, or None if it did not skip it."""
    import xml.etree.ElementTree as ElementTree

    path, _, rest = nodeid.partition("::")
    *classes, name = rest.split("::")
    classname = ".".join([path.removesuffix(".py").replace("/", "."), *classes])
    report = _work_folder() / BACKGROUND_REPORT
    if not report.exists():
        return None
    for case in ElementTree.parse(report).iter("testcase"):
        if case.get("classname") == classname and case.get("name") == name:
            skipped = case.find("skipped")
            return None if skipped is None else skipped.get("message", "skipped in the background pytest")
    return None


_SECONDS: dict[str, float] = {}


def pytest_terminal_summary(terminalreporter) -> None:
    names = {"batch": "the batch of every language x format", "pytest": "the background tests"}
    if _SECONDS:
        ran = ", ".join(f"{names[name]} {seconds:.1f} s" for name, seconds in _SECONDS.items())
        terminalreporter.write_line(f"run beside the other tests: {ran}")


def pytest_sessionfinish() -> None:
    _TO_START.clear()
    _SECONDS.update((name, seconds) for name, started in _STARTED.items()
                    if (seconds := started.seconds()) is not None)
    for started in _STARTED.values():
        if started.running():
            started.process.terminate()
            try:
                started.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                started.process.kill()
                started.process.wait()
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


class Batch(NamedTuple):
    """The batch of every language x every format: its folder, exit status and output."""

    out: Path
    status: int
    output: str


@pytest.fixture(scope="session")
def all_documents() -> Batch:
    """Every shipped language x every format, made by `python -m chartgen batch` beside the other tests. One
    worker (--jobs 1): its languages share their caches (test_batch.py runs batches on several workers)."""
    if "batch" not in _STARTED and "batch" not in _TO_START:  # asked for by a test collected without it
        _TO_START["batch"] = _batch_command()
    status, output = _wait_for("batch")
    return Batch(_work_folder() / "dist", status, output)
