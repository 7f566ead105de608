"""The commands that work across languages and formats: `check` and `batch` (parsed arguments -> exit status).

`chartgen langs` only prints `languages.table()`: the command line does that itself, without importing this
module, which imports the batch runner and with it pypdf.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from chartgen import batch as batch_module
from chartgen import content as content_module
from chartgen import files, overrides
from chartgen.errors import InputError, Problem
from chartgen.formats import names

EXIT_PROBLEMS = 2


def check(args: argparse.Namespace) -> int:
    """Every problem of the chosen languages (or the given file) in every format and every option combination
    each format lists (with the --brand given, if any); nothing is drawn or written. Each problem is printed
    once, with the combinations it was found in unless it is in all of them."""
    brand = None
    if args.brand is not None:
        from chartgen import brand as brand_module

        brand = brand_module.load(args.brand)  # checked once, before any work
    text = overrides.read(args.text) if args.text is not None else None
    formats = _formats(args.formats)
    if args.content:
        tasks = [batch_module.Task(str(args.content), formats, "A3", None, content_file=args.content, brand=brand,
                                   text=text)]
        note = _filled_note(args.content)
        if note:
            print(f"chartgen: {note}", file=sys.stderr)
    else:
        codes = _languages(args.lang)
        chosen = overrides.for_languages(text, codes, option="--lang")
        tasks = [batch_module.Task(code, formats, "A3", None, brand=brand, text=chosen.get(code)) for code in codes]
    outcomes = batch_module.run(tasks, jobs=min(len(tasks), batch_module.default_jobs()))
    combinations = dict.fromkeys((outcome.format, outcome.options) for outcome in outcomes)
    found: dict[str, dict[tuple[str, str], None]] = {}
    for outcome in outcomes:
        for problem in outcome.problems:
            found.setdefault(problem, {})[(outcome.format, outcome.options)] = None
    for problem, where in found.items():
        print(f"chartgen: {problem}{_where(list(where), list(combinations))}", file=sys.stderr)
    checked = ", ".join(dict.fromkeys(outcome.lang for outcome in outcomes))
    if found:
        print(f"{len(found)} problem(s) in: {checked}")
        return EXIT_PROBLEMS
    per_language = len(combinations)
    every = "every format" if formats == names() else ", ".join(formats)
    print(f"no problems: {checked} ({every}, every paper, sheet and bleed: {per_language} option combinations"
          f"{' with the brand' if brand else ''})")
    return 0


def _filled_note(path: Path) -> str | None:
    """`Content.filled_note` of the file `check` is given (it is loaded once and kept); a file that does not load
    has no note: the check itself reports why."""
    try:
        return content_module.load(path).filled_note()
    except InputError:
        return None


def _where(found: list[tuple[str, str]], checked: list[tuple[str, str]]) -> str:
    """" [in: ...]" naming the (format, options) combinations of `found`, a format whose every combination is in
    it as "every <format>"; "" when `found` is all of `checked`."""
    if set(found) >= set(checked):
        return ""
    parts: list[str] = []
    for fmt in dict.fromkeys(name for name, _ in checked):
        mine = [options for name, options in found if name == fmt]
        if mine and len(mine) == sum(1 for name, _ in checked if name == fmt):
            parts.append(f"every {fmt}")
        else:
            parts += [f"{fmt} {options}".strip() for options in mine]
    return f" [in: {'; '.join(parts)}]"


def batch(args: argparse.Namespace) -> int:
    """Every chosen format in every chosen language into the output folder, with manifest.json.

    The folder is locked for the run (a second batch into it stops at once); manifest.json is removed at the
    start and written at the end, listing the files as they are on disk. Interrupted (SIGINT, SIGTERM), the
    batch stops its workers and writes no manifest: the folder then holds complete PDFs and no manifest.json.
    """
    from chartgen.layout import load_poster

    codes = _languages(args.langs)
    formats = _formats(args.formats)
    paper = load_poster().paper_key(args.paper or load_poster().default_paper)
    jobs = args.jobs if args.jobs is not None else batch_module.default_jobs()
    brand = None
    if args.brand is not None:
        from chartgen import brand as brand_module

        brand = brand_module.load(args.brand)  # checked once, before any work
    if jobs < 1:
        raise InputError(Problem(f"must be at least 1 (found {jobs})", key="--jobs"))
    chosen = overrides.for_languages(overrides.read(args.text) if args.text is not None else None, codes,
                                     option="--langs")
    for code, text in chosen.items():  # checked once, before any work: a bad key is one line, not one per document
        overrides.load_language(code, text)
    options = ((("tile", args.tile),) if args.tile else ()) + (("bleed", True),) * args.bleed \
        + (("pdfx", True),) * args.pdfx
    _check_batch_options(formats, paper, options)
    out_dir = batch_module.check_folder(args.out_dir)
    tasks = [batch_module.Task(code, formats, paper, out_dir, brand=brand, text=chosen.get(code), options=options)
             for code in codes]
    with batch_module.folder_lock(out_dir):
        try:
            outcomes, manifest = _run_batch(tasks, jobs, out_dir)
        except (KeyboardInterrupt, files.Terminated) as stop:
            return _interrupted(stop, out_dir)
    return _report_batch(outcomes, manifest, out_dir)


def _check_batch_options(formats: tuple[str, ...], paper: str, options: tuple[tuple[str, str | bool], ...]) -> None:
    """Each of batch's document options is taken by some chosen format, and valid for it: checked once, before
    any work (`--tile A2` on an A3 poster is one line, not one per language)."""
    from chartgen.formats import formats as registered

    for name, _ in options:
        if not any(name in registered()[fmt].batch_options for fmt in formats):
            takers = [fmt for fmt, spec in registered().items() if name in spec.batch_options]
            raise InputError(Problem(f"none of the formats chosen takes it (only {', '.join(takers)}); add it to "
                                     "--formats", key=f"--{name}"))
    given = {"paper": paper, **dict(options)}
    for fmt in formats:
        spec = registered()[fmt]
        spec.settings({name: value for name, value in given.items() if name in spec.batch_options})


def _run_batch(tasks: list[batch_module.Task], jobs: int, out_dir: Path) -> tuple[list[batch_module.Outcome], Path]:
    """In the locked folder: remove the old manifest, make the documents (with a progress display), remove
    stale files of failed documents, write the manifest; (outcomes as on disk, manifest path)."""
    batch_module.start_folder(out_dir)
    report, close = batch_module.progress(sum(len(task.formats) for task in tasks))
    try:
        outcomes = batch_module.run(tasks, jobs=min(jobs, len(tasks)), on_outcome=report)
    finally:
        close()
    outcomes = batch_module.verify_written(out_dir, outcomes)
    batch_module.remove_stale(tasks, outcomes)
    return outcomes, batch_module.write_manifest(out_dir, outcomes)


def _interrupted(stop: KeyboardInterrupt | files.Terminated, out_dir: Path) -> int:
    """One line on what an interrupted batch left, and the exit status of the signal."""
    from chartgen.cli import EXIT_INTERRUPTED

    number = stop.signal_number if isinstance(stop, files.Terminated) else int(signal.SIGINT)
    what = "interrupted" if number == signal.SIGINT else f"stopped by signal {number}"
    if (out_dir / batch_module.MANIFEST_NAME).is_file():  # the signal came after the last step
        left = f"every document is done and {batch_module.MANIFEST_NAME} is written"
    else:
        left = f"the PDFs in {out_dir} are complete but no {batch_module.MANIFEST_NAME} was written: run it again"
    print(f"chartgen: batch {what}; {left}", file=sys.stderr)
    return EXIT_INTERRUPTED + number


def _report_batch(outcomes: list[batch_module.Outcome], manifest: Path, out_dir: Path) -> int:
    """Print what was written and one line per problem; exit status 2 if any document failed."""
    written = [o for o in outcomes if o.ok]
    failed = [o for o in outcomes if not o.ok]
    print(f"{len(written)} PDF(s) and {manifest.name} in {out_dir}")
    for outcome in failed:
        for problem in outcome.problems:
            print(f"chartgen: {outcome.lang} {outcome.format}: {problem}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} document(s) failed: " + ", ".join(f"{o.lang} {o.format}" for o in failed),
              file=sys.stderr)
        return EXIT_PROBLEMS
    return 0


def _languages(spec: str) -> list[str]:
    """Language codes from 'all' or 'de,fr,...' (each must be shipped)."""
    available = content_module.available_languages()
    if spec.strip().lower() == "all":
        return list(available)
    codes = [code.strip() for code in spec.split(",") if code.strip()]
    unknown = [code for code in codes if code not in available]
    if unknown or not codes:
        raise InputError(Problem(
            f"unknown language(s) {', '.join(unknown) or spec!r}; available: {', '.join(available)} or all",
            key="--lang"))
    return list(dict.fromkeys(codes))


def _formats(spec: str) -> tuple[str, ...]:
    known = names()
    chosen = [name.strip().lower() for name in spec.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in known]
    if unknown or not chosen:
        raise InputError(Problem(
            f"unknown format(s) {', '.join(unknown) or spec!r}; choose from {','.join(known)}",
            key="--formats"))
    return tuple(dict.fromkeys(chosen))
