"""The conference-day load through nginx and two replicas, against one process direct, in one run.

    .venv/bin/python -m benchmarks.cluster_load [--sessions 10 50 100] [--replicas 2]

Starts the cluster of ``deploy/cluster.py`` (PostgreSQL, the replicas, nginx; all on
loopback, free ports) and, beside it, one ``streamlit run app.py`` on the same store. For
each session count it runs ``benchmarks.load`` (the same sessions, seed and walk) first
against the single process and then against nginx, and prints both reports; the server CPU
and memory are those of the single process, or of all replicas together (each replica is
warmed by one session of its own first). Everything it
starts is stopped at the end. Timings on a shared machine are noisy: compare the two
columns of one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from benchmarks import load
from benchmarks.harness import ROOT, streamlit_server
from deploy.cluster import cluster


def main(argv: list[str] | None = None) -> int:
    """Start both set-ups, run the load at each session count, print the reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--db-url", help="an existing PostgreSQL (default: start one)")
    args = parser.parse_args(argv)
    with cluster(args.replicas, db_url=args.db_url) as running:
        os.environ["LINNEDATA_DB_URL"] = running.db_url  # the single process: the same store
        with streamlit_server(ROOT / "app.py") as direct:
            setups = {
                "1 process, direct": (direct, [load._server_pid(direct)]),
                f"{args.replicas} replicas behind nginx": (running.url, running.pids),
            }
            # Every replica's first session loads the rounds and boundaries (hundreds of ms
            # and ~250 MB): warm each one directly, so neither set-up is measured cold.
            for replica in running.replicas:
                asyncio.run(load._drive(replica.url, 1, seed=10_000))
            for sessions in args.sessions:
                for name, (url, pids) in setups.items():
                    print(f"\n=== {name} ({url}), {sessions} sessions", flush=True)
                    arguments = ["--url", url, "--sessions", str(sessions)]
                    load.main(arguments + [a for pid in pids for a in ("--pid", str(pid))])
                    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
