"""The conference-day load through nginx and the replicas: a just-started cluster's first
wave (cold) against its second (warm), and optionally one process direct, in one run.

    .venv/bin/python -m benchmarks.cluster_load [--sessions 300] [--replicas 2] [--direct]

Starts the cluster of ``deploy/cluster.py`` (PostgreSQL, the replicas, nginx; all on
loopback, free ports). The cluster warms every replica itself before nginx starts
(``deploy/warmup.py``), so the first wave here is what the first visitors after a restart
meet. For each session count, two waves of ``benchmarks.load`` (the same walk, arrivals
within one second) run through nginx without any extra warm-up session: the first
("cold") and then the second ("warm"). The last line per count is
``cluster: N sessions, cold p95 X s, warm p95 Y s (cold/warm R), errors E``. With
``--direct`` one ``streamlit run app.py`` on the same store is measured as well (warmed by
one session, as before). Server CPU and memory are those of all replicas together.
Everything it starts is stopped at the end. Timings on a shared machine are noisy:
compare figures of one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

from benchmarks import load
from benchmarks.harness import ROOT, streamlit_server
from deploy.cluster import cluster


def _wave(url: str, pids: list[int], sessions: int, seed: int) -> tuple[float, int]:
    """One wave of ``sessions`` through ``url``; prints its report; (p95 s, errors)."""
    with load.Sample(pids) as sample:
        steps, wall = asyncio.run(load._drive(url, sessions, seed))
    print(load.report(steps, wall, sample, sessions), flush=True)
    good = [s.seconds for s in steps if s.ok]
    p95 = load._quantile(good, 0.95) if good else float("nan")
    return p95, sum(not s.ok for s in steps)


def main(argv: list[str] | None = None) -> int:
    """Start the cluster, run a cold and a warm wave at each session count, print the reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[300])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--db-url", help="an existing PostgreSQL (default: start one)")
    parser.add_argument("--direct", action="store_true", help="also one process, direct")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with cluster(args.replicas, db_url=args.db_url) as running:
        print(f"cluster started and warmed in {time.perf_counter() - started:.1f} s", flush=True)
        for sessions in args.sessions:
            print(f"\n=== {running.url}: {sessions} sessions, first wave (cold)", flush=True)
            cold, cold_errors = _wave(running.url, running.pids, sessions, seed=1)
            print(f"\n=== {running.url}: {sessions} sessions, second wave (warm)", flush=True)
            warm, warm_errors = _wave(running.url, running.pids, sessions, seed=1)
            print(
                f"cluster: {sessions} sessions, cold p95 {cold:.2f} s, warm p95 {warm:.2f} s "
                f"(cold/warm {cold / warm:.2f}), errors {cold_errors + warm_errors}; "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        if args.direct:
            os.environ["LINNEDATA_DB_URL"] = running.db_url  # the single process: the same store
            with streamlit_server(ROOT / "app.py") as direct:
                for sessions in args.sessions:
                    print(f"\n=== 1 process, direct ({direct}), {sessions} sessions", flush=True)
                    arguments = ["--url", direct, "--sessions", str(sessions)]
                    load.main([*arguments, "--pid", str(load._server_pid(direct))])
    return 0


if __name__ == "__main__":
    sys.exit(main())
