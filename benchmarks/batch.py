"""Benchmark: `chartgen batch` (all languages x formats) against running each document as its own cold command.

Run: python benchmarks/batch.py [--langs all] [--formats poster,card,booklet]. Prints seconds and the ratio
(target: batch at most 0.25x the sum of the single cold commands on a 2-core machine); nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chartgen import content
from chartgen.formats import BUILT_IN as FORMATS

SINGLE_COMMAND = {
    "poster": ["poster"],
    "card": ["card"],
    "booklet": ["booklet"],
}


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "chartgen", *args], check=True, cwd=cwd, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--langs", default="all")
    parser.add_argument("--formats", default=",".join(FORMATS))
    options = parser.parse_args()
    langs = content.available_languages() if options.langs == "all" else options.langs.split(",")
    formats = options.formats.split(",")
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        batch_time = timed(["batch", "--langs", ",".join(langs), "--formats", ",".join(formats),
                            "--out-dir", "dist"], cwd)
        singles = 0.0
        for lang in langs:
            for fmt in formats:
                singles += timed([*SINGLE_COMMAND[fmt], "--lang", lang, "-o", f"{lang}-{fmt}.pdf"], cwd)
    count = len(langs) * len(formats)
    print(f"documents: {count} ({len(langs)} languages x {len(formats)} formats)")
    print(f"chartgen batch (cold, default jobs):      {batch_time:7.2f} s")
    print(f"sum of {count} single cold commands:       {singles:7.2f} s")
    print(f"ratio: {batch_time / singles:.3f} (target: at most 0.25)")


if __name__ == "__main__":
    main()
