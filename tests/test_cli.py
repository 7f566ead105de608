"""The command line as a user runs it: its exit status, stdout/stderr and the files it leaves.

Most tests call `cli.main` in this process (what a subprocess would add is an interpreter start); one test runs
`python -m chartgen` in a process of its own, and the signal tests (test_hostile_input.py, test_batch.py) and
the batch of every language (conftest.py) do too.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EPOCH, Result, pdf_reader, write_locale


def run_process(*args: str, cwd: Path, epoch: str = EPOCH) -> subprocess.CompletedProcess:
    """`python -m chartgen` in a process of its own."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run([sys.executable, "-m", "chartgen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_poster_default_name_and_a3(run, tmp_path):
    result = run("poster", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "chartgen-poster-en-A3.pdf"
    assert result.stdout.strip() == output.name
    reader = pdf_reader(output.read_bytes())
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 297
    assert reader.metadata["/CreationDate"] == "D:20260101000000Z"
    assert [p.name for p in tmp_path.iterdir()] == [output.name]


def test_paper_case_insensitive_and_output_option(run, tmp_path):
    result = run("poster", "--paper", "letter", "-o", "handout.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "handout.pdf").is_file()


def test_two_runs_are_byte_identical(run, tmp_path):
    """`python -m chartgen` in a fresh process and chartgen in this one (caches warm) write the same bytes."""
    result = run_process("poster", "--paper", "a4", "-o", "one.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert run("poster", "--paper", "A4", "-o", "two.pdf", cwd=tmp_path).returncode == 0
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def _assert_clean_failure(result: Result, folder: Path, *expected: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr
    assert not list(folder.glob("*.pdf")) and not list(folder.glob(".*part"))


def test_unknown_paper(run, tmp_path):
    _assert_clean_failure(run("poster", "--paper", "B5", cwd=tmp_path), tmp_path, "unknown paper 'B5'")


def test_unknown_language(run, tmp_path):
    _assert_clean_failure(run("poster", "--lang", "xx", cwd=tmp_path), tmp_path, "unknown language 'xx'")


def test_unknown_option(run, tmp_path):
    _assert_clean_failure(run("poster", "--colour", "red", cwd=tmp_path), tmp_path, "unrecognized arguments")


def test_bad_content_file_one_line_per_problem(run, tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("subtitle:", "subtitel:").replace("    short: Neck\n", ""))
    result = run("poster", "--content", str(path), cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    _assert_clean_failure(result, tmp_path, f"{path}:", "subtitel: unknown key", "zones.cervical.short: is missing")


def test_missing_content_file(run, tmp_path):
    _assert_clean_failure(run("poster", "--content", "nope.yaml", cwd=tmp_path), tmp_path,
                          "nope.yaml: file not found")


def test_output_into_missing_folder(run, tmp_path):
    _assert_clean_failure(run("poster", "-o", "no/such/dir/x.pdf", cwd=tmp_path), tmp_path,
                          "the folder no/such/dir does not exist")


def test_text_that_cannot_fit_leaves_no_pdf(run, tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("    name: Lumbar spine", "    name: " + "Lenden" * 12))
    _assert_clean_failure(run("poster", "--paper", "A4", "--content", str(path), cwd=tmp_path), tmp_path,
                          "'zones.lumbar'")


def test_help_shows_examples(run, tmp_path):
    for args in (["--help"], ["poster", "--help"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 0
        assert "chartgen poster --paper A1 --bleed" in result.stdout


def test_bad_source_date_epoch(run, tmp_path):
    _assert_clean_failure(run("poster", cwd=tmp_path, epoch="tomorrow"), tmp_path,
                          "SOURCE_DATE_EPOCH must be a whole number")


LIBRARIES_FOR_PDFS = ("matplotlib", "reportlab", "pypdf", "numpy")
"""What making a PDF needs and a command that makes none should not import (about 0.5 s of start-up)."""

_IMPORTED_AFTER_EACH = """\
import contextlib, io, json, sys
from chartgen import cli
seen = []
for args in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            cli.main(args)
        except SystemExit:  # --help, --version
            pass
    seen.append(sorted({name.split('.')[0] for name in sys.modules} & set(json.loads(sys.argv[2]))))
print(json.dumps(seen))
"""


def test_commands_that_make_no_pdf_import_no_pdf_library(tmp_path):
    """In one fresh interpreter, one command after another: the commands that make no PDF come first and import
    none of matplotlib, ReportLab, pypdf, numpy; a format's own help or usage error then imports its module (so
    ReportLab), but never matplotlib."""
    no_format = [["langs"], ["brand-example"], ["--version"], ["nosuch"], ["langs", "--all"], ["batch", "--jobs", "x"],
                 ["check", "--bogus"]]
    with_format = [["--help"], ["poster", "--help"], ["card", "--sheet", "B9"], ["booklet", "--paper", "A1"]]
    commands = no_format + with_format
    run = subprocess.run([sys.executable, "-c", _IMPORTED_AFTER_EACH, json.dumps(commands),
                          json.dumps(LIBRARIES_FOR_PDFS)], cwd=tmp_path, capture_output=True, text=True, check=True)
    seen = dict(zip((" ".join(args) for args in commands), json.loads(run.stdout), strict=True))
    for args in no_format:
        assert seen[" ".join(args)] == [], f"chartgen {' '.join(args)} imported {seen[' '.join(args)]}"
    for args in with_format:
        assert "matplotlib" not in seen[" ".join(args)], f"chartgen {' '.join(args)} imported matplotlib"
    assert not list(tmp_path.iterdir()), "a command that makes no PDF wrote a file"


def test_a_caller_in_this_process_gets_the_garbage_collector_back_as_it_was(run, tmp_path):
    """chartgen turns the collector off while it imports and freezes what it imported (cli._start_up_done); called
    in a process that goes on (this one), it must leave the collector on and nothing frozen."""
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert run("card", "-o", "card.pdf", cwd=tmp_path).returncode == 0
    assert run("card", "--sheet", "B9", cwd=tmp_path).returncode == 2
    assert gc.isenabled() and gc.get_freeze_count() == frozen
