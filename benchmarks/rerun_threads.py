"""Where a rerun's server CPU goes: Streamlit's event-loop thread against the script threads.

For the blank one-title app and each page chosen, one session reruns the page ``--runs``
times as the shared yardstick does (the same page and query each time, no widget states:
the widgets keep their values, as after ``st.rerun()``). ``--reset-widgets`` sends an empty
set of widget states instead, as ``benchmarks.page_cpu_roles`` does: every widget is reset
to its default and the page's bound controls write their value back, which costs the heavy
pages ~1,5–2 ms more a run. The process's
CPU is read from its CPU-time clock (every thread, those that ended too); the main thread's
from ``/proc/PID/task/PID/schedstat`` (ns). The main thread runs Streamlit's event loop: it
takes the rerun request, starts the run's script thread, takes each message the script
hands over and sends it on the WebSocket. The rest is the script threads (a new one each
rerun): the app's and the page's code and Streamlit's building of every element.

Batches of ``--batch`` reruns of the pages and of the blank app alternate, so a slow spell
of the shared machine falls on both; the figures are medians over the batches. Loopback
only.

Run:
    .venv/bin/python -m benchmarks.rerun_threads --runs 300 --pages oversikt,seminarier
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import ROOT, streamlit_server
from benchmarks.load import _server_pid, process_cpu
from benchmarks.page_cpu import _connect, every_page
from benchmarks.page_cpu_roles import _blank_app, _run

BLANK = "blank app"


def main_thread_cpu(pid: int) -> float:
    """CPU seconds of process ``pid``'s main thread (the scheduler's count, in ns)."""
    return int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0]) / 1e9


async def _batch(ws, pid: int, page: str, query: str, runs: int, reset: bool) -> tuple:
    """(process, main thread) CPU ms per rerun over ``runs`` reruns of ``page``."""
    process, main = process_cpu(pid), main_thread_cpu(pid)
    for _ in range(runs):
        await _run(ws, page, query, keep_widgets=not reset)
    return (
        1000 * (process_cpu(pid) - process) / runs,
        1000 * (main_thread_cpu(pid) - main) / runs,
    )


async def _measure(
    app_url: str, blank_url: str, pages: tuple, runs: int, batch: int, reset: bool
) -> dict:
    servers = {BLANK: (blank_url, "", "")} | {name: (app_url, path, q) for name, path, q in pages}
    sockets, figures = {}, {name: [] for name in servers}
    try:
        for name, (url, path, query) in servers.items():
            sockets[name] = (await _connect(url), _server_pid(url))
            for _ in range(5):  # warm: the page's views built, its modules imported
                await _run(sockets[name][0], path, query, keep_widgets=not reset)
        for _ in range(max(1, runs // batch)):
            for name, (_url, path, query) in servers.items():
                ws, pid = sockets[name]
                figures[name].append(await _batch(ws, pid, path, query, batch, reset))
                if name != BLANK:  # the blank app between every page: the same spell
                    blank_ws, blank_pid = sockets[BLANK]
                    figures[BLANK].append(await _batch(blank_ws, blank_pid, "", "", batch, reset))
    finally:
        for ws, _pid in sockets.values():
            await ws.close()
    return figures


def report(figures: dict) -> str:
    """One line per app: ms per rerun in all, in the event loop, in the script threads."""
    lines = [f"{'':16s} {'rerun ms':>9s} {'event loop':>11s} {'script':>8s}   × blank"]
    blank = statistics.median(total for total, _ in figures[BLANK])
    for name, batches in figures.items():
        total = statistics.median(t for t, _ in batches)
        loop = statistics.median(m for _, m in batches)
        script = statistics.median(t - m for t, m in batches)
        lines.append(f"{name:16s} {total:9.2f} {loop:11.2f} {script:8.2f}   {total / blank:5.2f}")
    pages = [batches for name, batches in figures.items() if name != BLANK]
    lines.append(
        f"(medians of {len(figures[BLANK])} blank batches and {len(pages[0]) if pages else 0} "
        f"batches a page; load {os.getloadavg()[0]:.1f})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, serve both apps, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300, help="reruns per page")
    parser.add_argument("--batch", type=int, default=30, help="reruns per batch")
    parser.add_argument("--pages", default="oversikt,seminarier,karta,kommunprofil,jamfor")
    parser.add_argument("--reset-widgets", action="store_true",
                        help="send an empty set of widget states each rerun")  # fmt: skip
    args = parser.parse_args(argv)
    if not 1 <= args.batch <= args.runs <= 5000:
        parser.error("need 1 ≤ --batch ≤ --runs ≤ 5000")
    wanted = set(args.pages.split(","))
    pages = tuple(p for p in every_page() if p[0] in wanted)
    if not pages:
        parser.error(f"--pages: none of {sorted(wanted)} is a page")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LINNEDATA_DB_URL"] = f"sqlite:///{folder}/store.sqlite"
        with _blank_app() as blank_url, streamlit_server(ROOT / "app.py") as url:
            figures = asyncio.run(
                _measure(url, blank_url, pages, args.runs, args.batch, args.reset_widgets)
            )
    print(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
