"""`chartgen batch` under faults: a crashing language, stale files, signals, a second batch, a bad --out-dir."""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chartgen import batch, cli, files
from conftest import pdf_reader

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- helpers


def _fake(task: batch.Task, fmt: str) -> batch.Outcome:
    """A made-up written outcome (no rendering: these tests are about the plumbing)."""
    return batch.Outcome(task.lang, fmt, file=f"{task.lang}-{fmt}.pdf", paper="A4", pages=1, bytes=1, sha256="0")


def _tasks(*langs: str, formats: tuple[str, ...] = ("poster", "card", "booklet"),
           out_dir: Path | None = None) -> list[batch.Task]:
    return [batch.Task(lang, formats, "A3", out_dir) for lang in langs]


def _failing(lang: str, how: str, *, after: int = 0):
    """A worker making fake outcomes that fails in language `lang` after `after` formats: raise, os._exit or
    SIGKILL."""
    def worker(task: batch.Task) -> Iterator[batch.Outcome]:
        for index, fmt in enumerate(task.formats):
            if task.lang == lang and index == after:
                if how == "raise":
                    raise RuntimeError("boom\nsecond line")
                if how == "exit":
                    os._exit(3)
                os.kill(os.getpid(), signal.SIGKILL)
            yield _fake(task, fmt)
    return worker


def _problems(outcomes: list[batch.Outcome]) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(o.lang, o.format): o.problems for o in outcomes}


def _proc_gone(pid: int) -> bool:
    """Whether process `pid` has ended (no /proc entry, or a zombie waiting for init)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat_line.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _leftovers(folder: Path) -> list[str]:
    """Temporary and lock files left in an output folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name == batch.LOCK_NAME)


def _assert_true_manifest(folder: Path) -> list[dict]:
    """The manifest's entries, each checked against its file on disk."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (folder / entry["file"]).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(pdf_reader(data).pages) == entry["pages"]
    return manifest["files"]


# ---------------------------------------------------------------- one language fails


def test_an_exception_in_one_language_becomes_its_outcomes_in_process():
    outcomes = batch.run(_tasks("en", "de", "fr"), jobs=1, worker=_failing("de", "raise", after=1))
    problems = _problems(outcomes)
    assert [o.lang for o in outcomes] == ["en"] * 3 + ["de"] * 3 + ["fr"] * 3
    assert all(o.ok for o in outcomes if o.lang != "de")
    assert problems["de", "poster"] == ()
    assert problems["de", "card"] == (
        "internal error while making the card in de: RuntimeError: boom second line; please report it",)
    assert problems["de", "booklet"] == (
        "not made: an internal error while making the card in de stopped this language; please report it",)


@pytest.mark.parametrize(("how", "reason"), [
    ("raise", "RuntimeError: boom second line"),
    ("exit", "the worker process exited with status 3"),
    ("kill", "the worker process was killed by SIGKILL"),
])
def test_a_crashing_worker_process_fails_only_its_language(how, reason):
    reported: list[batch.Outcome] = []
    tasks = _tasks("en", "de", "fr", "it", "es")
    outcomes = batch.run(tasks, jobs=2, worker=_failing("de", how), on_outcome=reported.append)
    problems = _problems(outcomes)
    assert problems["de", "poster"] == (f"internal error while making the poster in de: {reason}; please report it",)
    assert problems["de", "card"][0].startswith("not made: an internal error while making the poster in de")
    assert all(o.ok for o in outcomes if o.lang != "de")
    assert [(o.lang, o.format) for o in outcomes] == [(t.lang, f) for t in tasks for f in t.formats]
    assert sorted(map(repr, reported)) == sorted(map(repr, outcomes))
    assert not multiprocessing.active_children()


def test_outcomes_made_before_a_crash_are_kept():
    outcomes = batch.run(_tasks("en", "de"), jobs=2, worker=_failing("de", "kill", after=2))
    assert [o.ok for o in outcomes] == [True, True, True, True, True, False]
    assert "making the booklet in de: the worker process was killed by SIGKILL" in outcomes[-1].problems[0]


def test_a_crash_removes_the_temporary_file_it_left(tmp_path):
    def worker(task: batch.Task) -> Iterator[batch.Outcome]:
        if task.lang == "de":
            (tmp_path / ".chartgen-card-de.pdf.abc123.part").write_bytes(b"%PDF-half")
            os.kill(os.getpid(), signal.SIGKILL)
        yield _fake(task, "card")

    outcomes = batch.run(_tasks("en", "de", formats=("card",), out_dir=tmp_path), jobs=2, worker=worker)
    assert [o.ok for o in outcomes] == [True, False]
    assert _leftovers(tmp_path) == []


def test_a_real_batch_with_a_crashing_language_writes_a_true_manifest(tmp_path, monkeypatch, capsys):
    real = batch.make_documents

    def crashing(task: batch.Task) -> Iterator[batch.Outcome]:
        if task.lang == "de":
            os._exit(1)
        return real(task)

    (tmp_path / "chartgen-card-de.pdf").write_bytes(b"%PDF- an old de card")
    (tmp_path / "chartgen-card-fr.pdf").write_bytes(b"%PDF- fr was not asked for")
    (tmp_path / "manifest.json").write_text('{"files": ["old"]}')
    monkeypatch.setattr(batch, "make_documents", crashing)
    status = cli.main(["batch", "--langs", "en,de", "--formats", "card", "--jobs", "2", "--out-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert ("chartgen: de card: internal error while making the card in de: the worker process exited with "
            "status 1; please report it") in err.splitlines()
    assert "Traceback" not in err
    assert [entry["file"] for entry in _assert_true_manifest(tmp_path)] == ["chartgen-card-en.pdf"]
    assert not (tmp_path / "chartgen-card-de.pdf").exists(), "the stale file of the failed document stays"
    assert (tmp_path / "chartgen-card-fr.pdf").exists(), "a language not asked for is left alone"
    assert _leftovers(tmp_path) == []


def test_an_exception_in_a_single_process_batch(tmp_path, monkeypatch, capsys):
    real = batch.make_documents

    def raising(task: batch.Task) -> Iterator[batch.Outcome]:
        if task.lang == "en":
            raise KeyError("zones")
        return real(task)

    monkeypatch.setattr(batch, "make_documents", raising)
    status = cli.main(["batch", "--langs", "en,de", "--formats", "card", "--jobs", "1", "--out-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert ("chartgen: en card: internal error while making the card in en: KeyError: 'zones'; please report it"
            in err.splitlines())
    assert [entry["language"] for entry in _assert_true_manifest(tmp_path)] == ["de"]


# ---------------------------------------------------------------- the manifest is true to the disk


def test_a_file_changed_after_writing_is_not_listed(tmp_path):
    data = b"%PDF-1.7 made"
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 changed")
    (tmp_path / "b.pdf").write_bytes(data)
    made = [batch.Outcome("en", "card", file=name, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
            for name in ("a.pdf", "b.pdf", "c.pdf")]
    checked = batch.verify_written(tmp_path, made)
    assert [o.ok for o in checked] == [False, True, False]
    changed = f"{tmp_path / 'a.pdf'} was removed or changed while the batch ran; run the batch again"
    assert checked[0].problems == (changed,)
    batch.write_manifest(tmp_path, checked)
    listed = json.loads((tmp_path / "manifest.json").read_text())["files"]
    assert [entry["file"] for entry in listed] == ["b.pdf"]


def test_a_manifest_that_may_not_be_replaced_stops_the_batch_before_any_work(tmp_path, capsys):
    (tmp_path / "manifest.json").mkdir()
    assert cli.main(["batch", "--langs", "en", "--formats", "card", "--out-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "manifest.json is a folder" in err
    assert not list(tmp_path.glob("*.pdf")) and _leftovers(tmp_path) == []


# ---------------------------------------------------------------- signals


def test_an_interrupt_stops_every_worker_and_removes_their_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "STOP_GRACE_SECONDS", 1.0)
    pids = tmp_path / "pids"
    pids.mkdir()

    def slow(task: batch.Task) -> Iterator[batch.Outcome]:
        (pids / str(os.getpid())).touch()
        if task.lang == "en":
            yield _fake(task, "card")
            return
        if task.lang == "de":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # must be killed
        (tmp_path / f".chartgen-card-{task.lang}.pdf.x1.part").write_bytes(b"half")
        time.sleep(60)
        yield _fake(task, "card")

    def stop_after_first(_outcome: batch.Outcome) -> None:
        deadline = time.monotonic() + 30
        while len(list(pids.iterdir())) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        batch.run(_tasks("en", "de", "fr", formats=("card",), out_dir=tmp_path), jobs=3, worker=slow,
                  on_outcome=stop_after_first)
    assert time.monotonic() - started < 20
    assert len(list(pids.iterdir())) == 3
    assert not multiprocessing.active_children()
    assert all(_proc_gone(int(p.name)) for p in pids.iterdir())
    assert not list(tmp_path.glob("*.part"))


def _start_batch(folder: Path, *extra: str) -> subprocess.Popen:
    """`python -m chartgen batch` into `folder` in a session of its own, SIGINT at its default."""
    return subprocess.Popen(
        [sys.executable, "-m", "chartgen", "batch", "--out-dir", str(folder), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # safe: the test starts no threads
    )


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# SIGTERM to the main process (kill, a service manager) and SIGINT to the whole group (Ctrl-C in a terminal). The
# third way, SIGINT to the main process only, takes the same path as Ctrl-C once the main process has it (the
# workers ignore SIGINT; the main process stops them): not run again, to keep the suite's time.
@pytest.mark.parametrize(("sig", "to_group"), [(signal.SIGTERM, False), (signal.SIGINT, True)])
def test_a_signal_to_a_running_batch_leaves_a_consistent_folder(tmp_path, sig, to_group):
    (tmp_path / "manifest.json").write_text('{"files": ["from an earlier run"]}')
    process = _start_batch(tmp_path, "--langs", "en,de,fr", "--formats", "card,booklet", "--jobs", "2")
    try:
        _wait_for(lambda: list(tmp_path.glob("*.pdf")) or process.poll() is not None)
        workers = _children(process.pid)
        assert process.poll() is None and workers, "the batch ended before it could be stopped"
        if to_group:  # like Ctrl-C in a terminal: the main process and its workers all get it
            os.killpg(process.pid, sig)
        else:
            os.kill(process.pid, sig)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 128 + sig
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("chartgen:")]
    assert len(lines) == 1 and lines[0].startswith("chartgen: batch ") and "no manifest.json was written" in lines[0]
    assert all(_proc_gone(pid) for pid in workers)
    assert not (tmp_path / "manifest.json").exists(), "an old manifest must not survive an interrupted run"
    assert _leftovers(tmp_path) == []
    pdfs = list(tmp_path.glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        data = path.read_bytes()
        assert data.rstrip().endswith(b"%%EOF") and len(pdf_reader(data).pages) >= 1


# ---------------------------------------------------------------- one batch per folder


def test_a_second_batch_into_the_same_folder_fails_at_once(tmp_path, capsys):
    lock = tmp_path / batch.LOCK_NAME
    (tmp_path / "manifest.json").write_text('{"files": []}')
    script = (f"import fcntl, os, time\nfd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
              "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(120)\n")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        started = time.monotonic()
        status = cli.main(["batch", "--langs", "en", "--formats", "card", "--out-dir", str(tmp_path)])
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert status == 2
    assert err == (f"chartgen: another chartgen batch is writing into {tmp_path} (lock {lock}); wait for it or "
                   "choose another --out-dir\n")
    assert (tmp_path / "manifest.json").read_text() == '{"files": []}', "the running batch's folder was touched"
    assert not list(tmp_path.glob("*.pdf"))
    assert lock.exists()  # left by the killed holder: a dead process's lock file does not block
    assert cli.main(["batch", "--langs", "en", "--formats", "card", "--out-dir", str(tmp_path)]) == 0
    assert _leftovers(tmp_path) == [], "the lock file is removed when the batch ends"


def test_the_lock_is_held_for_the_run_and_released_after(tmp_path):
    with batch.folder_lock(tmp_path) as lock:
        assert lock.read_text() == f"{os.getpid()}\n"
        fd = os.open(lock, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
        with pytest.raises(batch.InputError, match="another chartgen batch"), batch.folder_lock(tmp_path):
            pass
    assert not lock.exists()
    with batch.folder_lock(tmp_path):
        pass


# ---------------------------------------------------------------- --out-dir


def _batch_error(capsys, out_dir: str) -> str:
    assert cli.main(["batch", "--langs", "en", "--formats", "card", "--out-dir", out_dir]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("chartgen: --out-dir: ")
    return err


def test_out_dir_that_is_a_file(tmp_path, capsys):
    path = tmp_path / "dist"
    path.write_text("notes")
    assert "exists and is not a folder" in _batch_error(capsys, str(path))
    assert path.read_text() == "notes"


def test_out_dir_that_is_a_symlink(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert "is a symbolic link" in _batch_error(capsys, str(tmp_path / "link"))
    assert not list((tmp_path / "real").iterdir())


def test_out_dir_inside_a_file(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert "cannot create" in _batch_error(capsys, str(tmp_path / "file" / "dist"))


def test_out_dir_that_is_empty(tmp_path, monkeypatch, capsys):
    with pytest.raises(batch.InputError, match="--out-dir: is empty"):
        files.check_folder("")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["batch", "--langs", "en", "--formats", "card", "--out-dir", ""]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out-dir" in err and "empty" in err
    assert not list(tmp_path.iterdir()), "an empty --out-dir must not mean the current folder"


def test_out_dir_that_may_not_be_written(tmp_path, capsys):
    if os.geteuid() != 0:
        folder = tmp_path / "readonly"
        folder.mkdir(mode=0o555)
        assert "permission denied" in _batch_error(capsys, str(folder))
        folder.chmod(0o755)
        return
    # root may write anywhere: run the batch as nobody in a folder that nobody may not write into
    base = Path(tempfile.mkdtemp(prefix="chartgen-ro-"))
    try:
        base.chmod(0o755)
        folder = base / "readonly"
        folder.mkdir(mode=0o755)
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "chartgen",
             "batch", "--langs", "en", "--formats", "card", "--out-dir", str(folder)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 2, result.stderr
        assert result.stderr == (f"chartgen: --out-dir: cannot write into {folder}: permission denied; choose "
                                 "another --out-dir\n")
        assert not list(folder.iterdir())
    finally:
        for path in sorted(base.rglob("*"), reverse=True):
            path.rmdir()
        base.rmdir()
