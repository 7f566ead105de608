"""The commands that work across languages: `langs`, `check` and `batch` (parsed arguments -> exit status)."""

from __future__ import annotations

import argparse
import sys

from chartgen import batch as batch_module
from chartgen import content as content_module
from chartgen.errors import InputError, Problem
from chartgen.formats import FORMATS

EXIT_PROBLEMS = 2


def langs(args: argparse.Namespace) -> int:
    """Print the table of shipped languages."""
    from chartgen import languages

    print(languages.table())
    return 0


def check(args: argparse.Namespace) -> int:
    """Every problem of the chosen languages (or the given file) in every format; nothing is written."""
    if args.content:
        tasks = [batch_module.Task(str(args.content), FORMATS, "A3", None, content_file=args.content)]
    else:
        tasks = [batch_module.Task(code, FORMATS, "A3", None) for code in _languages(args.lang)]
    outcomes = batch_module.run(tasks, jobs=min(len(tasks), batch_module.default_jobs()))
    problems = dict.fromkeys(problem for outcome in outcomes for problem in outcome.problems)
    for problem in problems:
        print(f"chartgen: {problem}", file=sys.stderr)
    checked = ", ".join(dict.fromkeys(outcome.lang for outcome in outcomes))
    if problems:
        print(f"{len(problems)} problem(s) in: {checked}")
        return EXIT_PROBLEMS
    print(f"no problems: {checked} (every format and paper)")
    return 0


def batch(args: argparse.Namespace) -> int:
    """Every chosen format in every chosen language into the output folder, with manifest.json."""
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
    try:
        args.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"cannot create {args.out_dir}: {exc.strerror}", key="--out-dir")) from None
    tasks = [batch_module.Task(code, formats, paper, args.out_dir, brand=brand) for code in codes]
    report, close = batch_module.progress(len(codes) * len(formats))
    try:
        outcomes = batch_module.run(tasks, jobs=min(jobs, len(tasks)), on_outcome=report)
    finally:
        close()
    manifest = batch_module.write_manifest(args.out_dir, outcomes)
    written = [o for o in outcomes if o.ok]
    failed = [o for o in outcomes if not o.ok]
    print(f"{len(written)} PDF(s) and {manifest.name} in {args.out_dir}")
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
    names = [name.strip().lower() for name in spec.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise InputError(Problem(
            f"unknown format(s) {', '.join(unknown) or spec!r}; choose from {','.join(FORMATS)}",
            key="--formats"))
    return tuple(dict.fromkeys(names))
