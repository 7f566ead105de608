"""Languages x formats -> PDFs in an output folder (in parallel processes) and manifest.json; or, for
`chartgen check`, the same work without writing, collecting every problem.

Each language is one task: its content is loaded once and its diagram drawn once, then every format of that
language is made in the same process, so the diagram cache is reused. One failing document does not stop the
others; all failures come back in the outcomes.

Faults: each task runs in a forked process of its own (at most `jobs` at once), so a language whose process
raises, exits or is killed (SIGKILL, os._exit, a crash in a C library) becomes failed outcomes naming the
document, while the other languages finish. An unexpected exception is caught at one place only, `_attempt`,
the isolation boundary, and turned into an outcome ("internal error while making ...; please report it").
SIGINT or SIGTERM to the main process stops the running workers (SIGTERM, then SIGKILL after a grace period)
before it goes on unwinding; workers ignore SIGINT, so a Ctrl-C to the whole process group is handled by the
main process alone.

The output folder (see `OutputFolder`): locked for the run, so two batches never write into the same folder at
once; the old manifest.json is removed when the run starts and the new one is written only when the run ends
without interruption, so a manifest.json is always the record of one whole, finished run (an interrupted run
leaves complete PDFs and no manifest). The manifest lists only files read back from disk with the size and
sha256 the batch wrote; the file of a document that failed this time is removed (see `remove_stale`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import hashlib
import importlib
import json
import multiprocessing
import os
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TextIO, cast

from chartgen import __version__, files, overrides, pdf
from chartgen import content as content_module
from chartgen.brand import Brand
from chartgen.content import Content
from chartgen.errors import InputError, Problem
from chartgen.formats import Format, Request, Settings, formats
from chartgen.overrides import Overrides

LOCK_NAME = ".chartgen-batch.lock"
"""The lock file a batch holds in its output folder while it runs."""

MANIFEST_NAME = "manifest.json"

STOP_GRACE_SECONDS = 5.0
"""How long stopped workers get to clean up (remove their temporary file) before they are killed."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one document: written (or checked) with its figures, or its problems."""

    lang: str
    format: str
    file: str | None = None
    paper: str = ""
    pages: int = 0
    bytes: int = 0
    sha256: str = ""
    problems: tuple[str, ...] = field(default=())
    options: str = ""
    """For `check`: the option combination of the format checked (see formats.Variant), "" for its default."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Task:
    """Every requested format of one language (a locale code, or a user's locale file)."""

    lang: str
    formats: tuple[str, ...]
    poster_paper: str
    out_dir: Path | None
    """Where to write; None checks without writing."""
    content_file: Path | None = None
    brand: Brand | None = None
    """The practitioner's brand on every document, or None."""
    text: Overrides | None = None
    """The practitioner's own wording of some texts (--text), merged onto this language's, or None."""
    options: tuple[tuple[str, str | bool], ...] = ()
    """More of batch's document options, given to the formats that take them (`Format.batch_options`): tile,
    bleed, pdfx."""


def _settings(fmt: Format, task: Task) -> Settings:
    """The settings of a format's document in a batch: its defaults, with the batch's paper and other options
    where the format takes them."""
    given = {"paper": task.poster_paper, **dict(task.options)}
    return fmt.settings({name: value for name, value in given.items() if name in fmt.batch_options})


def task_file_names(task: Task) -> dict[str, str]:
    """Format -> the file name a shipped language's task writes (what a failure or a stop may leave stale)."""
    registered = formats()
    return {name: registered[name].default_name(task.lang, _settings(registered[name], task))
            for name in task.formats}


def load_content(task: Task) -> Content:
    """The texts of one task: its language or locale file, with its text overrides merged onto them."""
    if task.text is not None:
        base = task.content_file or content_module.locale_path(task.lang)
        return overrides.load(base, task.text)
    return content_module.load(task.content_file) if task.content_file else content_module.load_language(task.lang)


def make_documents(task: Task) -> Iterator[Outcome]:
    """Make every format of one language, one outcome as each is done; or check it, one outcome for each option
    combination the format lists (`Format.variants`). Input problems (a bad text, a full disk) become outcomes,
    not exceptions."""
    try:
        content = load_content(task)
    except InputError as error:
        problems = tuple(str(p) for p in error.problems)
        yield from (Outcome(task.lang, fmt, problems=problems) for fmt in task.formats)
        return
    # A shipped language's files are named by its code, whatever its meta.code says.
    code = task.lang if task.content_file is None else content.meta.code
    registered = formats()
    for name in task.formats:
        fmt = registered[name]
        if task.out_dir is None:
            for variant in fmt.variants():
                found = fmt.check(Request(content, variant.settings, task.brand))
                yield Outcome(task.lang, name, paper=fmt.paper_label(variant.settings),
                              problems=tuple(dict.fromkeys(str(p) for p in found)), options=variant.options)
            continue
        try:
            settings = _settings(fmt, task)
            data = fmt.render(Request(content, settings, task.brand))
            file_name = fmt.default_name(code, settings)
            files.write_atomic(task.out_dir / file_name, data, key="--out-dir")
        except InputError as error:
            yield Outcome(task.lang, name, problems=tuple(str(p) for p in error.problems))
            continue
        yield Outcome(task.lang, name, file=file_name, paper=fmt.paper_label(settings), pages=pdf.page_count(data),
                      bytes=len(data), sha256=hashlib.sha256(data).hexdigest())


def run_task(task: Task) -> list[Outcome]:
    """Make (or check) every format of one language (see make_documents), in this process."""
    return list(make_documents(task))


Worker = Callable[[Task], Iterable[Outcome]]
"""What makes one task's outcomes (make_documents; tests pass one that fails)."""


def run(tasks: list[Task], *, jobs: int, on_outcome: Callable[[Outcome], None] = lambda _: None,
        worker: Worker | None = None) -> list[Outcome]:
    """Run the tasks on `jobs` processes (1, or a single task: in this process); outcomes in task order.

    A task that fails in any way gives failed outcomes; a signal (KeyboardInterrupt, files.Terminated) stops
    the workers, removes their temporary files, and goes on unwinding.
    """
    worker = worker if worker is not None else make_documents
    results: dict[int, _Progress] = {index: _Progress(task) for index, task in enumerate(tasks)}
    if jobs <= 1 or len(tasks) <= 1:
        for progress_ in results.values():
            progress_.finish(_attempt(worker, progress_.task, progress_.recorder(on_outcome)), on_outcome)
    else:
        _run_in_processes(results, jobs=jobs, on_outcome=on_outcome, worker=worker)
    return [outcome for index in range(len(tasks)) for outcome in results[index].outcomes]


def _attempt(worker: Worker, task: Task, emit: Callable[[Outcome], None]) -> str | None:
    """Run `worker` on `task`, passing on each outcome; the unexpected error that stopped it, or None."""
    try:
        for outcome in worker(task):
            emit(outcome)
    except Exception as error:  # noqa: BLE001 - the isolation boundary: a bug in one language must not stop the others
        return _one_line(f"{type(error).__name__}: {error}")
    return None


def _one_line(text: str, limit: int = 300) -> str:
    """`text` on one line, at most `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass
class _Progress:
    """The outcomes of one task so far."""

    task: Task
    outcomes: list[Outcome] = field(default_factory=list)

    def recorder(self, on_outcome: Callable[[Outcome], None]) -> Callable[[Outcome], None]:
        """Record an outcome of this task and report it."""
        def record(outcome: Outcome) -> None:
            self.outcomes.append(outcome)
            on_outcome(outcome)
        return record

    def finish(self, error: str | None, on_outcome: Callable[[Outcome], None]) -> None:
        """After the task stopped (`error`: why, or None): a failed outcome for each format not done."""
        done = {outcome.format for outcome in self.outcomes}
        missing = [fmt for fmt in self.task.formats if fmt not in done]
        if not missing:
            return
        first = missing[0]
        cause = f"internal error while making the {first} in {self.task.lang}"
        reason = error or "the worker stopped without making it"
        record = self.recorder(on_outcome)
        record(Outcome(self.task.lang, first, problems=(f"{cause}: {reason}; please report it",)))
        for fmt in missing[1:]:
            stopped = f"not made: an {cause} stopped this language; please report it"
            record(Outcome(self.task.lang, fmt, problems=(stopped,)))


@dataclass
class _Running:
    """One task's running process and the reading end of its pipe."""

    index: int
    process: multiprocessing.process.BaseProcess
    reader: Connection
    error: str | None = None
    ended: bool = False


def _run_in_processes(results: dict[int, _Progress], *, jobs: int, on_outcome: Callable[[Outcome], None],
                      worker: Worker) -> None:
    """Each task in a process of its own, at most `jobs` at once; a signal stops them all (see _stop)."""
    _preload()
    # Frozen, what every worker imported is left out of its garbage collections (a worker would traverse it again
    # at each full collection, several per document: 7.4 -> 6.1 s of CPU for 12 documents here) and the memory
    # pages holding it stay shared with this process. This process gets it back afterwards (see finally).
    gc.freeze()
    waiting = list(results)
    running: dict[Connection, _Running] = {}
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                with files.signals_deferred():  # a started process is always in `running`
                    started = _start(waiting.pop(0), results, worker)
                    running[started.reader] = started
            for ready in wait(list(running)):
                _receive(running, cast(Connection, ready), results, on_outcome)
    finally:
        if running:
            with files.signals_deferred():
                _stop(list(running.values()), results)
        gc.unfreeze()


def _start(index: int, results: dict[int, _Progress], worker: Worker) -> _Running:
    """Fork the process of task `index`."""
    reader, writer = _context().Pipe(duplex=False)
    process = _context().Process(target=_child, args=(worker, results[index].task, writer),
                                 name=f"chartgen-{results[index].task.lang}", daemon=True)
    process.start()
    writer.close()  # the child holds the only writing end: end of file once it exits
    return _Running(index, process, reader)


def _receive(running: dict[Connection, _Running], reader: Connection, results: dict[int, _Progress],
             on_outcome: Callable[[Outcome], None]) -> None:
    """Take one message from a worker; at end of file, settle its task."""
    current = running[reader]
    progress_ = results[current.index]
    try:
        kind, value = reader.recv()
    except (EOFError, OSError):
        current.process.join(STOP_GRACE_SECONDS)
        error = current.error if current.ended else _died(current.process)
        if current.process.is_alive():
            current.process.kill()
            current.process.join()
        if not current.ended:
            _remove_parts(progress_.task)
        del running[reader]  # only now: until it is gone, a signal's clean-up (_stop) still sees it
        reader.close()
        progress_.finish(error, on_outcome)
        return
    if kind == "outcome":
        progress_.recorder(on_outcome)(value)
    else:
        current.ended, current.error = True, value


def _died(process: multiprocessing.process.BaseProcess) -> str:
    """Why a worker process ended without finishing its task."""
    code = process.exitcode
    if code is None:
        return "the worker process closed its pipe and did not exit"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker process was killed by {name}"
    return f"the worker process exited with status {code}"


def _child(worker: Worker, task: Task, writer: Connection) -> None:
    """A worker process: run the task, sending each outcome, then ("end", error or None); stop quietly on
    SIGTERM (the main process handles SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    files.install_signal_handlers()
    signal.pthread_sigmask(signal.SIG_SETMASK, set())  # forked inside signals_deferred
    try:
        error = _attempt(worker, task, lambda outcome: writer.send(("outcome", outcome)))
        writer.send(("end", error))
    except (files.Terminated, OSError):  # stopped, or the main process is gone: nothing left to tell
        pass
    finally:
        writer.close()


def _stop(workers: list[_Running], results: dict[int, _Progress]) -> None:
    """Stop the running workers: SIGTERM (they remove their temporary file), SIGKILL after the grace period;
    then remove any temporary file a killed one left."""
    for current in workers:
        if current.process.is_alive():
            current.process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for current in workers:
        current.process.join(max(0.0, deadline - time.monotonic()))
        if current.process.is_alive():
            current.process.kill()
            current.process.join()
        current.reader.close()
        _remove_parts(results[current.index].task)


def _remove_parts(task: Task) -> None:
    """Remove the temporary files (.NAME.*.part) a killed worker of `task` may have left in the output folder."""
    if task.out_dir is None:
        return
    for name in task_file_names(task).values():
        for part in task.out_dir.glob(f".{name}.*.part"):
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(part.lstat().st_mode):
                    part.unlink()


def _preload() -> None:
    """Import what every worker needs before forking, so that each starts with it loaded: the formats (ReportLab)
    and the diagram's drawing (matplotlib, its PDF backend and font subsetter: about 0.4 s of CPU a worker)."""
    formats()
    importlib.import_module("chartgen.diagram.draw")  # the formats import it only when they first draw


def _context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    # fork starts workers with chartgen, ReportLab and matplotlib already imported: much faster than spawn.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


check_folder = files.check_folder
"""The output folder, checked and created (kept under this name for `chartgen.commands`)."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[Path]:
    """Hold `folder`/.chartgen-batch.lock (flock, never waiting) for the block; another batch holding it is an
    InputError. The file is removed on release; the lock of a dead process is gone with it (flock)."""
    path = folder / LOCK_NAME
    fd = _locked(path)
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # while still holding it: see _locked
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _locked(path: Path) -> int:
    """A descriptor of the lock file `path`, locked; retried while the file on disk is not the one locked (a
    batch ending removed it in between)."""
    for _ in range(20):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            reason = "it is a symbolic link" if exc.errno == errno.ELOOP else exc.strerror
            raise InputError(Problem(f"cannot create the lock file {path}: {reason}; choose another --out-dir",
                                     key="--out-dir")) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise InputError(Problem(f"another chartgen batch is writing into {path.parent} (lock {path}); wait "
                                     "for it or choose another --out-dir")) from None
        except BaseException:
            os.close(fd)
            raise
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(fd), path.lstat()):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                return fd
        os.close(fd)
    raise InputError(Problem(f"cannot take the lock {path}: it keeps being replaced", key="--out-dir"))


def start_folder(folder: Path) -> None:
    """Before the first document: remove the old manifest.json (a manifest only ever describes one whole run);
    a manifest.json that chartgen may not replace is an InputError."""
    path = files.check_output(folder / MANIFEST_NAME, key="--out-dir")
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def verify_written(out_dir: Path, outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes, each written one checked against the file on disk: missing or changed is a failure."""
    return [_verified(out_dir, outcome) if outcome.ok and outcome.file else outcome for outcome in outcomes]


def _verified(out_dir: Path, outcome: Outcome) -> Outcome:
    """`outcome` if its file is on disk with the size and sha256 the batch wrote, else a failed outcome."""
    assert outcome.file is not None
    path = out_dir / outcome.file
    try:
        same = (stat.S_ISREG(path.lstat().st_mode) and path.stat().st_size == outcome.bytes
                and _sha256(path) == outcome.sha256)
    except OSError:
        same = False
    if same:
        return outcome
    return Outcome(outcome.lang, outcome.format, problems=(
        f"{path} was removed or changed while the batch ran; run the batch again",))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_stale(tasks: list[Task], outcomes: list[Outcome]) -> list[Path]:
    """Remove the file an earlier run made of each document that failed this time; the paths removed.

    Removed rather than left unlisted: a folder of a finished batch then holds exactly the documents its
    manifest lists (for the languages and formats asked for), so nobody prints or ships an old chart that this
    run could not make. Only a regular file with the document's own name is removed; files of languages or
    formats not asked for are left alone.
    """
    failed = {(outcome.lang, outcome.format) for outcome in outcomes if not outcome.ok}
    removed = []
    for task in tasks:
        if task.out_dir is None or task.content_file is not None:
            continue
        for fmt, name in task_file_names(task).items():
            path = task.out_dir / name
            with contextlib.suppress(FileNotFoundError):
                if (task.lang, fmt) in failed and stat.S_ISREG(path.lstat().st_mode):
                    path.unlink()
                    removed.append(path)
    return removed


def write_manifest(out_dir: Path, outcomes: list[Outcome]) -> Path:
    """manifest.json in `out_dir`: one entry per written file (file, language, format, paper, pages, bytes,
    sha256) and the chartgen version."""
    entries = [
        {"file": o.file, "language": o.lang, "format": o.format, "paper": o.paper, "pages": o.pages,
         "bytes": o.bytes, "sha256": o.sha256}
        for o in outcomes if o.ok and o.file
    ]
    manifest = {"chartgen_version": __version__, "files": entries}
    path = out_dir / MANIFEST_NAME
    files.write_atomic(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                       key="--out-dir")
    return path


def default_jobs() -> int:
    """Worker processes by default: one per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def progress(total: int, *, stream: TextIO | None = None) -> tuple[Callable[[Outcome], None], Callable[[], None]]:
    """(report one outcome, close): a tqdm bar on a terminal, plain lines otherwise; on `stream`, by default the
    sys.stderr of the moment (not of the import: a caller may have replaced it since)."""
    stream = stream if stream is not None else sys.stderr
    if stream.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="pdf", file=stream)

        def report(outcome: Outcome) -> None:
            bar.set_postfix_str(f"{outcome.lang} {outcome.format}", refresh=False)
            bar.update(1)

        return report, bar.close

    def plain(outcome: Outcome) -> None:
        state = "ok  " if outcome.ok else "FAIL"
        print(f"{state} {outcome.lang:<5} {outcome.format:<8} {outcome.file or ''}", file=stream, flush=True)

    return plain, lambda: None
