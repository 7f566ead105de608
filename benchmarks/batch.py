"""Benchmark: `chartgen batch` (all languages x formats) against running each document as its own cold command.

Run: python benchmarks/batch.py [--langs all] [--formats poster,card,booklet,handout] [--jobs N] [--batch-only].
Prints seconds and the ratio (target: batch at most 0.25x the sum of the single cold commands on a 2-core
machine); nothing is asserted. `--jobs 1 --batch-only` times the batch alone on one core (its CPU time is the
steadier figure on a busy machine).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chartgen import content
from chartgen.formats import BUILT_IN as FORMATS


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "chartgen", *args], check=True, cwd=cwd, capture_output=True)
    return time.perf_counter() - start


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--langs", default="all")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--jobs", type=int, default=None, help="the batch's --jobs (default: its own)")
    parser.add_argument("--batch-only", action="store_true", help="time the batch, not the single commands")
    options = parser.parse_args()
    langs = content.available_languages() if options.langs == "all" else options.langs.split(",")
    formats = options.formats.split(",")
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        jobs = ["--jobs", str(options.jobs)] if options.jobs else []
        batch_time = timed(["batch", "--langs", ",".join(langs), "--formats", ",".join(formats),
                            "--out-dir", "dist", *jobs], cwd)
        batch_cpu = cpu_of_children()
        count = len(langs) * len(formats)
        print(f"documents: {count} ({len(langs)} languages x {len(formats)} formats)")
        print(f"chartgen batch {' '.join(jobs) or '(default jobs)'}: {batch_time:7.2f} s wall, {batch_cpu:7.2f} s CPU")
        if options.batch_only:
            return
        singles = 0.0
        for lang in langs:
            for fmt in formats:
                singles += timed([fmt, "--lang", lang, "-o", f"{lang}-{fmt}.pdf"], cwd)
    print(f"sum of {count} single cold commands: {singles:7.2f} s")
    print(f"ratio: {batch_time / singles:.3f} (target: at most 0.25)")


if __name__ == "__main__":
    main()
