"""What one element of each kind adds to a rerun's server CPU, against the blank one-title app.

Issue 23 asks every page to stay within a few times the blank app's CPU per rerun. What is
left on the heaviest pages is Streamlit's own cost per element, not the pages' code (py-spy
on the served page: building and handing over each message; docs/notes-role-cpu.md). This
measures that cost directly, so a change to a page can be weighed before it is made: for
each kind of element, a one-file app with the blank app's title and ``--count`` elements of
that kind, served with the project's ``.streamlit/config.toml``; the blank app is one of them.

All the apps are served at once. One session per app reruns it (no widget states sent: the
widgets keep their values, as the shared yardstick reruns) in batches of ``--batch``; the
batches go round the apps in turn, so a slow spell of the shared machine falls on all of
them. The process's CPU is read from its CPU-time clock (``benchmarks.load.process_cpu``,
to the nanosecond). Printed per app: the median ms per rerun over the batches, what it adds
to the blank app's, and that divided by ``--count``: one element's cost (for the columns, one row of two
columns with an html element in each: five messages). Loopback only.

Run:
    .venv/bin/python -m benchmarks.element_cost --batches 8 --batch 30
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import ROOT, streamlit_server
from benchmarks.load import _server_pid, process_cpu
from benchmarks.page_cpu import _connect
from benchmarks.page_cpu_roles import _run

HEAD = """import streamlit as st


class Made:  # as ui.inline.Made: st.html takes the body as it is
    def __init__(self, body):
        self.body = body

    def _repr_html_(self):
        return self.body


st.title("Tom sida")
N = {count}
"""

BLANK = "blank app"
APPS = {
    BLANK: "",
    "markdown": "for i in range(N):\n    st.markdown(f'Stycke {i} med lite text.')\n",
    "markdown, N paragraphs in one": (
        "st.markdown('\\n\\n'.join(f'Stycke {i} med lite text.' for i in range(N)))\n"
    ),
    "html (Made)": "for i in range(N):\n    st.html(Made(f'<p>Stycke {i}.</p>'))\n",
    "html (Made), 50 KB": "for i in range(N):\n    st.html(Made('<p>' + 'x' * 50_000 + '</p>'))\n",
    "header": "for i in range(N):\n    st.header(f'Rubrik {i}')\n",
    "caption": "for i in range(N):\n    st.caption(f'Not {i}')\n",
    "columns(2), one html each": (
        "for i in range(N):\n    a, b = st.columns(2)\n    a.html(Made('<p>a</p>'))\n"
        "    b.html(Made('<p>b</p>'))\n"
    ),
    "expander, closed": "for i in range(N):\n    st.expander(f'E{i}')\n",
    "expander, key + on_change": (
        "for i in range(N):\n    st.expander(f'E{i}', key=f'e{i}', on_change='rerun')\n"
    ),
    "popover, key + on_change": (
        "for i in range(N):\n    st.popover(f'P{i}', key=f'p{i}', on_change='rerun')\n"
    ),
    "selectbox, 30 options": (
        "for i in range(N):\n    st.selectbox(f'V{i}', [str(j) for j in range(30)], key=f'v{i}')\n"
    ),
    "selectbox, 290 options": (
        "for i in range(N):\n    st.selectbox(f'V{i}', [str(j) for j in range(290)], key=f'v{i}')\n"
    ),
    "segmented control": (
        "for i in range(N):\n    st.segmented_control(f'S{i}', ['a', 'b', 'c'], key=f's{i}')\n"
    ),
}
"""Each app's code after :data:`HEAD` (``N`` is ``--count``)."""

WHOLE = {"markdown, N paragraphs in one"}
"""Apps whose N things are one element: no per-element figure."""


async def _batch(ws, pid: int, runs: int) -> float:
    """ms of the server's CPU per rerun over ``runs`` reruns."""
    before = process_cpu(pid)
    for _ in range(runs):
        await _run(ws, "", "", keep_widgets=True)
    return 1000 * (process_cpu(pid) - before) / runs


async def _measure(urls: dict[str, str], batches: int, batch: int) -> dict[str, list[float]]:
    sockets = {}
    try:
        for name, url in urls.items():
            sockets[name] = (await _connect(url), _server_pid(url))
            for _ in range(5):  # warm: the script compiled, the widgets registered
                await _run(sockets[name][0], "", "", keep_widgets=True)
        figures: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(batches):
            for name, (ws, pid) in sockets.items():
                figures[name].append(await _batch(ws, pid, batch))
        return figures
    finally:
        for ws, _pid in sockets.values():
            await ws.close()


def report(figures: dict[str, list[float]], count: int) -> str:
    """One line per app: ms per rerun, what it adds to the blank app's, and per element."""
    blank = statistics.median(figures[BLANK])
    lines = [f"{'app (title + N elements)':32s} {'ms/rerun':>9s} {'+ms':>7s} {'ms each':>8s}"]
    for name, batches in figures.items():
        ms = statistics.median(batches)
        each = "" if name == BLANK or name in WHOLE else f"{(ms - blank) / count:8.3f}"
        lines.append(f"{name:32s} {ms:9.2f} {ms - blank:7.2f} {each:>8s}")
    lines.append(
        f"(N = {count}; medians of {len(figures[BLANK])} batches an app; "
        f"load {os.getloadavg()[0]:.1f})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the apps, serve them, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10, help="elements of a kind per app")
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--batch", type=int, default=30, help="reruns per batch")
    args = parser.parse_args(argv)
    if not (1 <= args.count <= 50 and 1 <= args.batches <= 100 and 1 <= args.batch <= 500):
        parser.error("need 1 ≤ --count ≤ 50, 1 ≤ --batches ≤ 100, 1 ≤ --batch ≤ 500")
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as servers:
        urls = {}
        for index, (name, code) in enumerate(APPS.items()):
            app = Path(folder) / f"app{index}"
            shutil.copytree(ROOT / ".streamlit", app / ".streamlit")
            (app / ".streamlit" / "secrets.toml").unlink(missing_ok=True)
            (app / "app.py").write_text(HEAD.format(count=args.count) + code)
            urls[name] = servers.enter_context(streamlit_server(app / "app.py"))
        figures = asyncio.run(_measure(urls, args.batches, args.batch))
    print(report(figures, args.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
