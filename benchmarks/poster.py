"""Benchmark: phases of one A3 poster in one process, and cold `chartgen poster` against the import floor.

Run: python benchmarks/poster.py [--repeat N] [--bytecode-cache]. Prints seconds; nothing is asserted.

The cold runs are paired: the import floor, then the command, N times, so that both see the same load on the
machine; the ratio is the median of the N ratios. With --bytecode-cache, every process reads compiled modules
from a temporary cache (PYTHONPYCACHEPREFIX) as an installed chartgen does; without it, a source checkout run
with PYTHONDONTWRITEBYTECODE=1 compiles chartgen's modules in every process (the libraries have theirs).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORT_FLOOR = "import matplotlib.pyplot, reportlab.platypus, pypdf"


Run = tuple[float, float]
"""(wall time, CPU time) of one process, in s. CPU time (user + system) depends much less on what else runs on
the machine than wall time does."""


def cold_pairs(floor: list[str], command: list[str], repeat: int, cwd: Path,
               env: dict[str, str]) -> tuple[list[Run], list[Run]]:
    """Times of fresh Python processes running `floor` then `command`, `repeat` times in turn."""
    def once(args: list[str]) -> Run:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, cwd=cwd, capture_output=True, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    floors, commands = [], []
    for _ in range(repeat):
        floors.append(once(floor))
        commands.append(once(command))
    return floors, commands


def _environment(bytecode_cache: Path | None) -> dict[str, str]:
    """This process's environment; with a cache folder, one where Python writes and reads compiled modules there."""
    env = dict(os.environ)
    if bytecode_cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


def phases(paper: str) -> list[tuple[str, float]]:
    """Wall time (s) of each stage of one poster, in this (fresh) process."""
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        marks.append((name, now - start))
        start = now

    gc.disable()  # as the command line does: see chartgen.cli._start_up_done
    import chartgen.diagram.draw  # noqa: F401  (matplotlib is imported here, not at start-up)
    from chartgen import content, diagram, files
    from chartgen.formats import poster

    gc.freeze()
    gc.enable()
    mark("imports")
    english = content.load_language("en")
    mark("content")
    plan = poster.plan(english, paper=paper)
    mark("layout (fit text)")
    art = diagram.render(poster.diagram_request(plan))
    mark("diagram (matplotlib)")
    page = poster.draw_page(plan)
    mark("page (ReportLab)")
    data = poster.finish(plan, page, art)
    mark("stamping + metadata (pypdf)")
    with tempfile.TemporaryDirectory() as folder:
        files.write_atomic(Path(folder) / "poster.pdf", data)
    mark("writing")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paper", default="A3")
    parser.add_argument("--bytecode-cache", action="store_true",
                        help="read compiled modules from a temporary cache, as an installed chartgen does")
    parser.add_argument("--phases-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phases_only:
        for name, seconds in phases(options.paper):
            print(f"{name:<30} {seconds:7.3f} s")
        return
    print(f"phases of one {options.paper} poster (fresh process):")
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--phases-only", "--paper", options.paper], check=True)
    floor_args = ["-c", IMPORT_FLOOR]
    poster_args = ["-m", "chartgen", "poster", "--paper", options.paper, "-o", "p.pdf"]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        env = _environment(Path(folder) / "pycache" if options.bytecode_cache else None)
        cold_pairs(floor_args, poster_args, 1, Path(folder), env)  # a warm-up pair (fills the bytecode cache)
        floors, posters = cold_pairs(floor_args, poster_args, options.repeat, Path(folder), env)
    cache = "compiled modules from a bytecode cache" if options.bytecode_cache else "bytecode as the environment has it"
    print(f"\ncold runs, {options.repeat} pairs ({cache}; load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs):")
    print(f"{'':<10}{'import floor':>14}{'chartgen poster':>17}{'ratio (median of pairs)':>26}{'range':>16}")
    for index, what in enumerate(("wall", "CPU")):
        floor = [run[index] for run in floors]
        poster = [run[index] for run in posters]
        ratios = [p / f for f, p in zip(floor, poster, strict=True)]
        print(f"{what + ' time':<10}{statistics.median(floor):>12.3f} s{statistics.median(poster):>15.3f} s"
              f"{statistics.median(ratios):>25.2f}x{min(ratios):>9.2f}-{max(ratios):.2f}x")
    print(f"floor: {IMPORT_FLOOR}; command: chartgen poster --paper {options.paper}; target: at most 2x")


if __name__ == "__main__":
    main()
