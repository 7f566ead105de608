"""Languages x formats -> PDFs in an output folder (in parallel processes) and manifest.json; or, for
`chartgen check`, the same work without writing, collecting every problem.

Each language is one task: its content is loaded once and its diagram drawn once, then every format of that
language is made in the same process, so the diagram cache is reused. One failing document does not stop the
others; all failures come back in the outcomes.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from chartgen import __version__, content as content_module, pdf
from chartgen.brand import Brand
from chartgen.errors import InputError



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


def render_document(fmt: str, content: content_module.Content, *, poster_paper: str,
                    brand: Brand | None = None) -> tuple[bytes, str, str]:
    """(PDF bytes, default file name, paper label) of one format's default document for the content."""
    code = content.meta.code
    if fmt == "poster":
        from chartgen.formats import poster
        from chartgen.layout import load_poster

        paper = load_poster().paper_key(poster_paper)
        return poster.render(content, paper=paper, brand=brand), f"chartgen-poster-{code}-{paper}.pdf", paper
    if fmt == "card":
        from chartgen.formats import card

        return card.render(content, brand=brand), f"chartgen-card-{code}.pdf", "ID-1"
    if fmt == "booklet":
        from chartgen.formats import booklet

        return booklet.render(content, brand=brand), f"chartgen-booklet-{code}-A6.pdf", "A6"
    raise ValueError(f"unknown format {fmt!r}")


def run_task(task: Task) -> list[Outcome]:
    """Make (or check) every format of one language; input problems become outcomes, not exceptions."""
    try:
        content = (content_module.load(task.content_file) if task.content_file
                   else content_module.load_language(task.lang))
    except InputError as error:
        problems = tuple(str(p) for p in error.problems)
        return [Outcome(task.lang, fmt, problems=problems) for fmt in task.formats]
    outcomes = []
    for fmt in task.formats:
        if task.out_dir is None and fmt == "poster":
            outcomes.append(_check_poster(task.lang, content))
            continue
        try:
            data, name, paper = render_document(fmt, content, poster_paper=task.poster_paper, brand=task.brand)
        except InputError as error:
            outcomes.append(Outcome(task.lang, fmt, problems=tuple(str(p) for p in error.problems)))
            continue
        if task.out_dir is not None:
            pdf.write_atomic(task.out_dir / name, data)
        outcomes.append(Outcome(
            task.lang, fmt, file=name, paper=paper, pages=pdf.page_count(data), bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        ))
    return outcomes


def _check_poster(lang: str, content: content_module.Content) -> Outcome:
    """Fit the poster's text and the diagram's labels on every paper, drawing nothing (fast)."""
    from chartgen.diagram.plan import plan_diagram
    from chartgen.formats import poster
    from chartgen.layout import load_poster

    problems: dict[str, None] = {}
    for paper in load_poster().papers:
        try:
            plan_diagram(poster.diagram_request(poster.plan(content, paper=paper)))
        except InputError as error:
            problems.update(dict.fromkeys(str(p) for p in error.problems))
    return Outcome(lang, "poster", paper="all", problems=tuple(problems))


def run(tasks: list[Task], *, jobs: int, on_outcome: Callable[[Outcome], None] = lambda _: None) -> list[Outcome]:
    """Run the tasks on `jobs` processes (1: in this process); outcomes in task order."""
    if jobs <= 1 or len(tasks) <= 1:
        results = []
        for task in tasks:
            for outcome in run_task(task):
                on_outcome(outcome)
                results.append(outcome)
        return results
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as executor:
        futures: list[tuple[Task, Future]] = [(task, executor.submit(run_task, task)) for task in tasks]
        for _, future in _as_done(futures):
            for outcome in future.result():
                on_outcome(outcome)
    return [outcome for _, future in futures for outcome in future.result()]


def _as_done(futures: list[tuple[Task, Future]]) -> Iterator[tuple[Task, Future]]:
    from concurrent.futures import as_completed

    by_future = {future: task for task, future in futures}
    for future in as_completed(by_future):
        yield by_future[future], future


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers with chartgen, ReportLab and matplotlib already imported: much faster than spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def write_manifest(out_dir: Path, outcomes: list[Outcome]) -> Path:
    """manifest.json in `out_dir`: one entry per written file (file, language, format, paper, pages, bytes,
    sha256) and the chartgen version."""
    entries = [
        {"file": o.file, "language": o.lang, "format": o.format, "paper": o.paper, "pages": o.pages,
         "bytes": o.bytes, "sha256": o.sha256}
        for o in outcomes if o.ok and o.file
    ]
    manifest = {"chartgen_version": __version__, "files": entries}
    path = out_dir / "manifest.json"
    pdf.write_atomic(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def default_jobs() -> int:
    """Worker processes by default: one per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def progress(total: int, *, stream=sys.stderr) -> tuple[Callable[[Outcome], None], Callable[[], None]]:
    """(report one outcome, close): a tqdm bar on a terminal, plain lines otherwise."""
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
