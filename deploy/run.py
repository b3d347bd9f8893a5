"""``make run``: one ``streamlit run app.py``, warmed before it is announced.

    .venv/bin/python -m deploy.run [--port 8501] [--address 127.0.0.1]

A new process answers its health check before any page has run, so its first visitor would
pay the imports, loading the rounds and every view's first build (with a 200,000-response
round, tens of seconds on Karta). Like each replica of ``make cluster``, this process is
warmed by one session that runs every page once per language (``deploy/warmup.py``), and
only then is its address printed as ready. A failed warm-up is reported, and the app keeps
serving (its first visitor then pays). Ctrl+C (or SIGTERM) stops the app.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence

from deploy.cluster import ROOT, ClusterError, healthy, stop_process, wait_until


def main(argv: Sequence[str] | None = None) -> int:
    """Start the app on ``--address:--port``, warm it on loopback, wait until it stops."""
    parser = argparse.ArgumentParser(
        prog="python -m deploy.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1", help="0.0.0.0 opens it to the network")
    args = parser.parse_args(argv)
    process = subprocess.Popen(
        streamlit_command(args.port, args.address), cwd=ROOT, env=app_environment()
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        local = f"http://127.0.0.1:{args.port}"
        wait_until(lambda: healthy(f"{local}/_stcore/health"), f"the app on {local}", process, None)
        _warm(local)
        print(
            f"Instrumentpanelen är klar: http://{args.address}:{args.port}  (Ctrl+C avslutar)",
            flush=True,
        )
        return process.wait()
    except ClusterError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_process(process)


def streamlit_command(port: int, address: str) -> list[str]:
    """The ``streamlit run app.py`` command listening on ``address:port``."""
    return [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", address,
    ]  # fmt: skip


def app_environment() -> dict[str, str]:
    """This environment, with no client address taken from a forwarded header (issue 21)."""
    return {**os.environ, "FORWARDED_ALLOW_IPS": ""}


def _warm(url: str) -> None:
    from deploy.warmup import WarmUpError, warm

    print("Värmer upp (kör varje sida en gång) …", flush=True)
    try:
        seconds = warm(url)
    except WarmUpError as error:
        print(f"Uppvärmningen misslyckades, appen körs ändå: {error}", file=sys.stderr, flush=True)
        return
    print(f"Uppvärmd på {seconds:.1f} s.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
