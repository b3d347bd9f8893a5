"""Conference-day load: N sessions over Streamlit's own WebSocket protocol, walking the pages.

Each simulated visitor opens ``/_stcore/stream`` the way the browser does (subprotocol
``streamlit``), arrives within the first second, and walks Översikt → Karta → Kommunprofil
→ Jämför → Seminarier with 0.5–2 s between pages. Each step is one ``BackMsg.rerun_script``
(the page's URL path, as the browser sends it on a page load) timed until the server's
``script_finished``. Printed: p50/p95/max per page, runs per second, errors (a script
exception or ``st.error`` element, a disconnect, a timeout), the server's CPU per run and
its peak memory.

Run:
    .venv/bin/python -m benchmarks.load --sessions 50          # starts `streamlit run app.py`
    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8080 --pid 123 --pid 456

With ``--url`` it drives a server or proxy that is already running (``--pid`` names the
server processes to measure; without it CPU and memory are not reported). Loopback only;
at most :data:`MAX_SESSIONS` sessions and :data:`STEP_TIMEOUT` seconds a step.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import LOCAL_HOSTS, ROOT, streamlit_server

MAX_SESSIONS = 300
STEP_TIMEOUT = 120.0
"""Seconds a step may take before it counts as an error (and the session stops)."""
PAGES: tuple[tuple[str, str, str], ...] = (
    ("Översikt", "", ""),
    ("Karta", "karta", ""),
    ("Kommunprofil", "kommunprofil", ""),
    ("Jämför", "jamfor", ""),
    ("Seminarier", "seminarier", ""),
)
"""(name, URL path, query string) of each step."""
THINK = (0.5, 2.0)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Step:
    """One page run of one session."""

    page: str
    seconds: float
    ok: bool
    problem: str = ""
    bytes: int = 0


def process_cpu(pid: int) -> float:
    """CPU seconds of process ``pid`` (every thread, those that ended too), to the nanosecond:
    Linux's CPU-time clock of the process (``clock_getcpuclockid``; its id is
    ``(~pid << 3) | 2``). /proc/PID/stat counts in clock ticks (10 ms): a batch of ten 2–3 ms
    runs read that way was off by up to a third. Falls back to /proc where the clock is not
    offered."""
    try:
        return time.clock_gettime((~pid << 3) | 2)
    except OSError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class Sample:
    """The server processes' CPU seconds and resident memory over the run."""

    pids: list[int]
    start_cpu: float = 0.0
    end_cpu: float = 0.0
    start_rss: int = 0
    peak_rss: int = 0
    end_rss: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def cpu(self) -> float:
        """CPU seconds (user + system) of the processes so far (:func:`process_cpu`)."""
        return sum(process_cpu(pid) for pid in self.pids)

    def rss(self) -> int:
        """Resident memory (bytes) of the processes now."""
        total = 0
        for pid in self.pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        return total

    def __enter__(self) -> Sample:
        if self.pids:
            self.start_cpu, self.start_rss = self.cpu(), self.rss()
            self.peak_rss = self.start_rss
            threading.Thread(target=self._watch, daemon=True).start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_rss = max(self.peak_rss, self.rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.pids:
            self.end_cpu, self.end_rss = self.cpu(), self.rss()
            self.peak_rss = max(self.peak_rss, self.end_rss)


def _messages():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return BackMsg, ForwardMsg


def _problems(message) -> str:
    """What in a ForwardMsg is an error a visitor would see ("" when none)."""
    if message.WhichOneof("type") == "page_not_found":
        return "page not found"
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return ""
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return f"exception: {element.exception.type}: {element.exception.message[:120]}"
    if kind == "alert" and element.alert.format == element.alert.ERROR:
        return f"st.error: {element.alert.body[:120]}"
    return ""


async def _run_page(ws, page_name: str, query: str) -> tuple[str, int]:
    """One rerun of a page; the first problem seen ("" when none) and the bytes received."""
    BackMsg, ForwardMsg = _messages()
    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = page_name
    request.rerun_script.widget_states.SetInParent()
    await ws.send(request.SerializeToString())
    problem, received = "", 0
    while True:
        raw = await ws.recv()
        received += len(raw)
        message = ForwardMsg()
        message.ParseFromString(raw)
        problem = problem or _problems(message)
        if message.WhichOneof("type") == "script_finished":
            status = message.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                problem = problem or "compile error"
            return problem, received
        if message.WhichOneof("type") == "page_not_found":
            problem = problem or "page not found"


async def _session(stream_url: str, origin: str, seed: int, steps: list[Step]) -> None:
    """One visitor: arrive within a second, walk the pages with think time between."""
    import websockets

    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 1))
    try:
        async with websockets.connect(
            stream_url,
            subprotocols=["streamlit"],
            origin=origin,
            max_size=None,
            open_timeout=STEP_TIMEOUT,
            ping_interval=None,
        ) as ws:
            for number, (page, page_name, query) in enumerate(PAGES):
                if number:
                    await asyncio.sleep(rng.uniform(*THINK))
                started = time.perf_counter()
                try:
                    problem, size = await asyncio.wait_for(
                        _run_page(ws, page_name, query), STEP_TIMEOUT
                    )
                except TimeoutError:
                    steps.append(Step(page, time.perf_counter() - started, False, "timeout"))
                    return
                seconds = time.perf_counter() - started
                steps.append(Step(page, seconds, not problem, problem, size))
    except (OSError, websockets.exceptions.WebSocketException) as error:
        steps.append(Step("(connect)", 0.0, False, f"{type(error).__name__}: {error}"))


def _check_loopback(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        raise SystemExit(f"--url must be on this machine (one of {LOCAL_HOSTS}), got {url!r}")
    return parts


async def _drive(url: str, sessions: int, seed: int) -> tuple[list[Step], float]:
    parts = _check_loopback(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    path = parts.path.rstrip("/")
    stream_url = f"{scheme}://{parts.netloc}{path}/_stcore/stream"
    origin = f"{parts.scheme}://{parts.netloc}"
    steps: list[Step] = []
    started = time.perf_counter()
    await asyncio.gather(*(_session(stream_url, origin, seed + i, steps) for i in range(sessions)))
    return steps, time.perf_counter() - started


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(steps: list[Step], wall: float, sample: Sample, sessions: int) -> str:
    """The table printed after a run."""
    lines = [f"{sessions} sessions, {len(steps)} page runs in {wall:.1f} s"]
    lines.append(
        f"{'page':<14}{'runs':>6}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'KB':>8}{'errors':>8}"
    )
    for page, *_ in (*PAGES, ("(connect)",)):
        mine = [s for s in steps if s.page == page]
        if not mine:
            continue
        times = [s.seconds for s in mine if s.ok]
        if times:
            q = (statistics.median(times), _quantile(times, 0.95), max(times))
        else:
            q = (float("nan"),) * 3
        size = statistics.mean(s.bytes for s in mine) / 1024
        errors = sum(not s.ok for s in mine)
        lines.append(
            f"{page:<14}{len(mine):>6}{q[0]:>8.2f}{q[1]:>8.2f}{q[2]:>8.2f}{size:>8.0f}{errors:>8}"
        )
    good = [s.seconds for s in steps if s.ok]
    if good:
        all_q = (statistics.median(good), _quantile(good, 0.95), max(good))
        lines.append(f"{'all':<14}{len(steps):>6}{all_q[0]:>8.2f}{all_q[1]:>8.2f}{all_q[2]:>8.2f}")
    lines.append(
        f"throughput: {len(good) / wall:.1f} runs/s; errors: {sum(not s.ok for s in steps)}"
    )
    for problem in sorted({s.problem for s in steps if s.problem})[:5]:
        lines.append(f"  error: {problem}")
    if sample.pids:
        cpu = sample.end_cpu - sample.start_cpu
        mb = 1024 * 1024
        lines.append(
            f"server CPU: {cpu:.1f} s in all, {1000 * cpu / max(1, len(steps)):.0f} ms per page run"
        )
        lines.append(
            f"server memory: {sample.start_rss / mb:.0f} MB before, peak {sample.peak_rss / mb:.0f} MB, "
            f"{sample.end_rss / mb:.0f} MB after (+{(sample.end_rss - sample.start_rss) / mb:.0f} MB)"
        )
    return "\n".join(lines)


def _server_pid(url: str) -> int:
    """The pid of the ``streamlit run`` that listens on ``url``'s port (our own child)."""
    port = urllib.parse.urlsplit(url).port
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(command) and str(port).encode() in command:
            return int(entry.name)
    raise RuntimeError(f"no streamlit process found for {url}")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the load, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10, help="visitors (default 10)")
    parser.add_argument("--url", help="a running server or proxy on loopback (default: start one)")
    parser.add_argument(
        "--pid", type=int, action="append", default=[], help="server pid to measure (repeatable)"
    )
    parser.add_argument(
        "--warm", type=int, default=1, help="sessions run first, not counted (default 1)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1–{MAX_SESSIONS}")

    def run(url: str, pids: list[int]) -> None:
        if args.warm:
            asyncio.run(_drive(url, args.warm, seed=10_000))
        with Sample(pids) as sample:
            steps, wall = asyncio.run(_drive(url, args.sessions, args.seed))
        print(report(steps, wall, sample, args.sessions))

    if args.url:
        run(args.url, args.pid)
    else:
        with streamlit_server(ROOT / "app.py") as url:
            run(url, [_server_pid(url)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
