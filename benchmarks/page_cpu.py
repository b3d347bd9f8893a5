"""Server CPU of one served page run, per page, on a warm process (issue 12's ≤ 30 ms budget).

For each page, ``--runs`` times, one at a time (nothing else talks to the server):

- **new**: a new WebSocket session whose first page is this one (connect, the page's
  ``rerun_script``, ``script_finished``, close): what a visitor opening a shared link costs,
  session set-up and tear-down included;
- **next**: in a session that has shown Översikt, the switch to this page (the walk of
  ``benchmarks/load.py``).

The server's CPU (user + system, from ``/proc/<pid>/stat``) is read before and after each
step, after the server has gone quiet, and the idle CPU of the same time span (Streamlit's
config-file poller) is subtracted. One more session stays connected throughout, as on a
served day: when the last session leaves, Streamlit drops its compiled page scripts. Printed per page: ms of server CPU per run, the
messages and KB sent. Loopback only.

Run:
    .venv/bin/python -m benchmarks.page_cpu --runs 20
    .venv/bin/python -m benchmarks.page_cpu --runs 10 --every-page   # every page of urls.PAGES
    .venv/bin/python -m benchmarks.page_cpu --url http://127.0.0.1:8501 --pid 123
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass

from benchmarks.harness import ROOT, streamlit_server
from benchmarks.load import (
    PAGES,
    STEP_TIMEOUT,
    Sample,
    _check_loopback,
    _messages,
    _problems,
    _server_pid,
)

SETTLE = 0.15
"""Seconds to wait after a step before reading the CPU (the event loop finishes sending)."""


@dataclass
class PageCost:
    """The server's cost of one page, one way of opening it."""

    page: str
    way: str
    cpu_ms: list[float]
    messages: int
    kilobytes: float


async def _run(ws, page_name: str, query: str) -> tuple[int, int]:
    """One rerun; the number of messages and bytes received. Raises on a visible error."""
    BackMsg, ForwardMsg = _messages()
    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = page_name
    request.rerun_script.widget_states.SetInParent()
    await ws.send(request.SerializeToString())
    count = size = 0
    while True:
        raw = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
        count, size = count + 1, size + len(raw)
        message = ForwardMsg()
        message.ParseFromString(raw)
        if problem := _problems(message):
            raise RuntimeError(f"{page_name or 'oversikt'}: {problem}")
        finished = message.WhichOneof("type") == "script_finished"
        if finished and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return count, size


def _connect(url: str):
    import websockets

    parts = _check_loopback(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return websockets.connect(
        f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream",
        subprotocols=["streamlit"],
        origin=f"{parts.scheme}://{parts.netloc}",
        max_size=None,
        open_timeout=STEP_TIMEOUT,
        ping_interval=None,
    )


def _idle_rate(sample: Sample, seconds: float = 2.0) -> float:
    """The server's CPU seconds per second while nobody talks to it."""
    before, started = sample.cpu(), time.perf_counter()
    time.sleep(seconds)
    return (sample.cpu() - before) / (time.perf_counter() - started)


QUERIES = {"kommunprofil": "kommun=0780"}
"""The query a page is opened with in ``--every-page`` (as in the shared page_cpu tool)."""


def every_page() -> tuple[tuple[str, str, str], ...]:
    """(name, URL path, query) of every page in ``urls.PAGES``'s navigation, the default
    page as ``""`` (the respondents' questionnaire, reached by a municipality's link only,
    is left out: without a valid link it shows an error)."""
    from linnedata import urls

    shown = [p for p in urls.PAGES if not p.hidden]
    return tuple((p.slug, "" if p.default else p.slug, QUERIES.get(p.slug, "")) for p in shown)


async def _measure(
    url: str, sample: Sample, runs: int, idle: float, pages: tuple = PAGES
) -> list[PageCost]:
    async with _connect(url) as anchor:  # another visitor stays connected throughout
        await _run(anchor, "", "")
        return await _measure_pages(url, sample, runs, idle, pages)


async def _measure_pages(
    url: str, sample: Sample, runs: int, idle: float, pages: tuple
) -> list[PageCost]:
    costs = []
    for page, page_name, query in pages:
        for way in ("new", "next"):
            cpu, messages, size = [], 0, 0
            for _ in range(runs):
                if way == "next":
                    ws = await _connect(url)
                    await _run(ws, "", "")
                    await asyncio.sleep(SETTLE)
                else:
                    ws = None
                before, started = sample.cpu(), time.perf_counter()
                if ws is None:
                    async with _connect(url) as new:
                        messages, size = await _run(new, page_name, query)
                else:
                    messages, size = await _run(ws, page_name, query)
                await asyncio.sleep(SETTLE)
                spent = sample.cpu() - before - idle * (time.perf_counter() - started)
                cpu.append(1000 * spent)
                if ws is not None:
                    await ws.close()
                    await asyncio.sleep(SETTLE)
            costs.append(PageCost(page, way, cpu, messages, size / 1024))
    return costs


def report(costs: list[PageCost], runs: int, idle: float, pages: tuple = PAGES) -> str:
    """The table printed after a run."""
    lines = [
        f"server CPU per served page run, ms (mean of {runs}; /proc clock ticks are 10 ms, "
        f"idle {1000 * idle:.1f} ms/s subtracted)",
        f"{'page':<14}{'new ms':>8}{'next ms':>9}{'msgs':>6}{'KB':>7}",
    ]
    for page, *_ in pages:
        new, nxt = (
            next(c for c in costs if c.page == page and c.way == w) for w in ("new", "next")
        )
        lines.append(
            f"{page:<14}{statistics.mean(new.cpu_ms):>8.1f}{statistics.mean(nxt.cpu_ms):>9.1f}"
            f"{nxt.messages:>6}{nxt.kilobytes:>7.0f}"
        )
    everything = [ms for c in costs for ms in c.cpu_ms]
    lines.append(f"{'all':<14}{statistics.mean(everything):>8.1f}")
    lines.append("new = a new session opening the page (connect … close); next = a page switch")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per page and way (default 20)")
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="the server's pid (with --url)")
    parser.add_argument(
        "--every-page", action="store_true", help="every page of urls.PAGES, not the walk's five"
    )
    args = parser.parse_args(argv)
    pages = every_page() if args.every_page else PAGES
    if not 1 <= args.runs <= 200:
        parser.error("--runs must be 1–200")
    if args.url and not args.pid:
        parser.error("--url needs --pid")

    def run(url: str, pid: int) -> None:
        sample = Sample([pid])
        asyncio.run(_measure(url, sample, 2, 0.0, pages))  # warm-up: every page, both ways
        idle = _idle_rate(sample)
        costs = asyncio.run(_measure(url, sample, args.runs, idle, pages))
        print(report(costs, args.runs, idle, pages))

    if args.url:
        run(args.url, args.pid)
    else:
        with streamlit_server(ROOT / "app.py") as url:
            run(url, _server_pid(url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
