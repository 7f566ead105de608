"""Benchmark: phases of one A3 poster in one process, and cold `chartgen poster` against the import floor.

Run: python benchmarks/poster.py [--repeat N]. Prints seconds; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORT_FLOOR = "import matplotlib.pyplot, reportlab.platypus, pypdf"


def cold(args: list[str], repeat: int, cwd: Path) -> float:
    """Median wall time (s) of a fresh Python process running `args`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def phases(paper: str) -> list[tuple[str, float]]:
    """Wall time (s) of each stage of one poster, in this (fresh) process."""
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        marks.append((name, now - start))
        start = now

    import chartgen.diagram.draw  # noqa: F401  (matplotlib is imported here, not at start-up)
    from chartgen import content, diagram, files
    from chartgen.formats import poster

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
    parser.add_argument("--phases-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phases_only:
        for name, seconds in phases(options.paper):
            print(f"{name:<30} {seconds:7.3f} s")
        return
    print(f"phases of one {options.paper} poster (fresh process):")
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--phases-only", "--paper", options.paper], check=True)
    with tempfile.TemporaryDirectory() as folder:
        floor = cold(["-c", IMPORT_FLOOR], options.repeat, Path(folder))
        poster = cold(["-m", "chartgen", "poster", "--paper", options.paper, "-o", "p.pdf"], options.repeat,
                      Path(folder))
    print(f"\ncold import floor ({IMPORT_FLOOR}): {floor:.3f} s  (median of {options.repeat})")
    print(f"cold `chartgen poster --paper {options.paper}`:            {poster:.3f} s  (median of {options.repeat})")
    print(f"ratio: {poster / floor:.2f}x the import floor (target: at most 2x)")


if __name__ == "__main__":
    main()
