"""Benchmark: chartgen studio's preview latency on a warm server (uvicorn in a thread of this process, asked over
HTTP with httpx, as the page asks it).

Run: python benchmarks/studio.py [--format poster] [--paper A3] [--repeat 20] [--langs de,fr,ru,zh,ar,hi]
[--concurrent 8] [--collector-off]. Prints milliseconds and the process's memory; nothing is
asserted. The server starts as `chartgen studio` starts it (the diagram's drawing imported and everything
imported frozen out of the garbage collector's sight, cli._start_up_done).

- after a text change, after a change of a text the diagram draws (a zone's name: matplotlib draws the diagram
  again) and after a brand change: `--repeat` previews each, every one with a new text or brand name, so that
  nothing is answered from a cache; p50 and p90 (goal: p50 at most 300 ms for an A3 poster);
- after a language change: the first preview in each language (cold for that language: its texts, fonts and
  diagram) and a second one (goal: at most 1.5 s);
- `--concurrent` previews at once from as many browser tabs (client ids): each latency and the wall time, and
  whether every one was answered 200;
- where the time of one warm preview goes, in this process: the PDF (documents.render; of it the diagram) and
  the PNGs.
"""

from __future__ import annotations

import argparse
import gc
import os
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn

from chartgen import cli
from chartgen.studio import app as studio_app
from chartgen.studio import documents
from chartgen.studio.app import CLIENT_HEADER, SEQUENCE_HEADER, TOKEN_HEADER, Studio, create_app

PREVIEW_GOAL_MS = 300
LANGUAGE_GOAL_MS = 1500


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(studio: Studio) -> tuple[uvicorn.Server, str]:
    """The studio's app served by uvicorn on 127.0.0.1 in a daemon thread; its base URL once it listens."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(studio=studio), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


class Page:
    """One browser tab: its client id and sequence, as studio.js sends them."""

    def __init__(self, base: str, token: str, client_id: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=120)
        self.token = token
        self.client_id = client_id
        self.sequence = 0

    def preview(self, form: dict[str, str]) -> tuple[float, int, int]:
        """(milliseconds, status, bytes of the answer) of one preview."""
        self.sequence += 1
        # multipart, as the page's FormData (a dummy file part makes httpx send multipart/form-data)
        start = time.perf_counter()
        response = self.http.post("/api/preview", data=form, files={"logo": ("", b"", "application/octet-stream")},
                                  headers={TOKEN_HEADER: self.token, CLIENT_HEADER: self.client_id,
                                           SEQUENCE_HEADER: str(self.sequence)})
        return (time.perf_counter() - start) * 1000, response.status_code, len(response.content)


def memory_mb() -> float:
    """This process's resident memory (MB): now where /proc tells it, else its peak."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def series(name: str, page: Page, forms: list[dict[str, str]], goal: float) -> None:
    times = []
    for form in forms:
        ms, status, size = page.preview(form)
        if status != 200:
            print(f"  {name}: answered {status}")
        times.append(ms)
    print(f"{name:<28} n={len(times):<3} p50 {statistics.median(times):7.0f} ms   p90 {percentile(times, 0.9):7.0f} ms"
          f"   min {min(times):6.0f}   max {max(times):6.0f}   (goal: p50 <= {goal:.0f} ms; answer "
          f"{size / 1e6:.2f} MB)")


def in_process(form: dict[str, str], key: str, repeat: int) -> None:
    """Where the time of one warm preview after a change of the text `key` goes: the PDF (of it the diagram,
    drawn by matplotlib unless an equal one was drawn before) and the PNGs; medians of `repeat`."""
    from chartgen import diagram

    drawn = diagram.render
    diagram_ms: list[float] = []

    def timed_diagram(request: diagram.DiagramRequest) -> bytes:
        start = time.perf_counter()
        try:
            return drawn(request)
        finally:
            diagram_ms.append((time.perf_counter() - start) * 1000)

    diagram.render = timed_diagram  # type: ignore[assignment]
    pdf_ms, png_ms = [], []
    try:
        for index in range(repeat):
            job = documents.job_from({**form, key: f"In process {index}"})
            start = time.perf_counter()
            data = documents.render(job)
            middle = time.perf_counter()
            studio_app._pngs(data)
            end = time.perf_counter()
            pdf_ms.append((middle - start) * 1000)
            png_ms.append((end - middle) * 1000)
    finally:
        diagram.render = drawn  # type: ignore[assignment]
    print(f"  after a change of {key}: PDF {statistics.median(pdf_ms):4.0f} ms (of it the diagram "
          f"{statistics.median(diagram_ms) if diagram_ms else 0:4.0f} ms), PNG pages (pypdfium2 + Pillow + base64) "
          f"{statistics.median(png_ms):4.0f} ms")


def timed_at_once(count: int, work: Callable[[int], tuple[float, int, int]]) -> tuple[float, list[tuple[float, int]]]:
    start = time.perf_counter()
    with ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(work, range(count)))
    return (time.perf_counter() - start) * 1000, [(ms, status) for ms, status, _ in answers]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", default="poster")
    parser.add_argument("--paper", default="A3")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--langs", default="de,fr,ru,zh,ar,hi")
    parser.add_argument("--concurrent", type=int, default=8)
    parser.add_argument("--collector-off", action="store_true",
                        help="serve with the garbage collector off, as `chartgen studio` did before it turned it on")
    options = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    cli._start_up_done()  # as `chartgen studio` starts the server: matplotlib imported, start-up frozen
    if options.collector_off:
        gc.disable()  # as `chartgen studio` served before it turned the collector on
    studio = Studio()
    server, base = start_server(studio)
    base_form = {"format": options.format, "lang": "en", "paper": options.paper}
    print(f"chartgen studio at {base}: {options.format} {options.paper} previews, load average "
          f"{os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    page = Page(base, studio.token, "bench")
    start = time.perf_counter()
    page.preview(base_form)
    cold = (time.perf_counter() - start) * 1000
    print(f"first preview (cold process: imports, English, fonts, diagram): {cold:.0f} ms")
    page.preview(base_form)
    warm = memory_mb()
    series("after a text change", page,
           [{**base_form, "text.title": f"Your back, on your feet ({index})"} for index in range(options.repeat)],
           PREVIEW_GOAL_MS)
    series("after a diagram label change", page,
           [{**base_form, "text.zones.lumbar.name": f"Low back {index}"} for index in range(options.repeat)],
           PREVIEW_GOAL_MS)
    series("after a brand change", page,
           [{**base_form, "brand.name": f"Praxis Fußwohl {index}"} for index in range(options.repeat)],
           PREVIEW_GOAL_MS)
    print(f"after a language change (goal: <= {LANGUAGE_GOAL_MS} ms):")
    for code in options.langs.split(","):
        first, status, _ = page.preview({**base_form, "lang": code})
        second, _, _ = page.preview({**base_form, "lang": code, "text.title": "x"})
        print(f"  {code}: first {first:6.0f} ms, again {second:6.0f} ms  (status {status})")
    tabs = [Page(base, studio.token, f"tab-{index}") for index in range(options.concurrent)]
    wall, answers = timed_at_once(options.concurrent, lambda index: tabs[index].preview(
        {**base_form, "text.title": f"Tab {index}"}))
    statuses = {status for _, status in answers}
    print(f"{options.concurrent} previews at once from {options.concurrent} tabs: wall {wall:.0f} ms; each "
          f"{', '.join(f'{ms:.0f}' for ms, _ in sorted(answers))} ms; "
          f"{'all answered 200' if statuses == {200} else f'statuses {sorted(statuses)}'}")
    previews = 3 * options.repeat + 2 * len(options.langs.split(",")) + options.concurrent
    print(f"memory: {warm:.0f} MB when warm, {memory_mb():.0f} MB after {previews} more previews")
    print(f"in process (no HTTP), medians of {max(3, options.repeat // 4)}:")
    for key in ("text.title", "text.zones.lumbar.name"):
        in_process(base_form, key, max(3, options.repeat // 4))
    server.should_exit = True
    sys.stdout.flush()


if __name__ == "__main__":
    main()
