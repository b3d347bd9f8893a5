"""Several app processes behind nginx, sharing one PostgreSQL store (``make cluster``).

    .venv/bin/python -m deploy.cluster [--replicas 2] [--port 8080] [--db-url URL]

Starts, on loopback only:

1. PostgreSQL: the server at ``--db-url`` / ``$LINNEDATA_DB_URL`` when one is given (the
   real deployment), else Debian's PostgreSQL run from ``var/cluster/postgres`` (made on
   first start, kept between starts, so published rounds survive a restart);
2. the store's schema, created once here (two replicas creating it at the same moment
   would race);
3. N replicas of ``streamlit run app.py`` on free ports, all with the same
   ``LINNEDATA_DB_URL`` and the same cookie secret; each must answer ``/_stcore/health``
   and then run every page once (``deploy/warmup.py``) before nginx starts;
4. nginx from ``deploy/nginx.conf.template`` (WebSocket upgrade, sticky sessions by a
   cookie, uploads up to 25 MB), run from ``var/cluster/nginx``.

Then it watches: a replica that exits is started again on its port; Ctrl+C (or SIGTERM)
stops nginx, the replicas and the PostgreSQL it started, in that order. What it needs and
lacks (nginx, PostgreSQL) it installs with apt-get when run as root, else it stops at once
with the exact command to run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deploy import packages

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
STATE = ROOT / "var" / "cluster"
LISTEN_ADDRESS = "127.0.0.1"
"""Where nginx listens unless told otherwise (``make cluster ADDRESS=0.0.0.0``)."""
START_TIMEOUT = 120.0
"""Seconds a replica, nginx or PostgreSQL may take to answer before the start fails."""


class ClusterError(RuntimeError):
    """The cluster could not be started; the message says what to do."""


# --- what the machine has: deploy/packages.py ------------------------------------------------


def ensure_packages(need_postgres: bool) -> None:
    """Install nginx (and PostgreSQL when ``need_postgres``) when missing; see ``packages.ensure``.

    Raises:
        ClusterError: something is missing and this is not root (or apt-get failed).
    """
    try:
        packages.ensure(["nginx", "postgresql"] if need_postgres else ["nginx"])
    except packages.PackageError as error:
        raise ClusterError(str(error)) from error


# --- small helpers ---------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether ``url`` answers 200 right now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_until(
    check: Callable[[], bool],
    what: str,
    process: subprocess.Popen | None,
    log: Path | None,
    timeout: float | None = None,
) -> None:
    """Poll ``check`` until it is true (``make run``, the replicas, nginx).

    Args:
        check: say whether the thing is up (a health check).
        what: its name, for the error.
        process: the process that should bring it up; its exit ends the wait at once.
        log: a log whose last 3000 characters the error quotes.
        timeout: seconds to wait (default :data:`START_TIMEOUT`).

    Raises:
        ClusterError: the process exited, or the time ran out, first.
    """
    deadline = time.monotonic() + (START_TIMEOUT if timeout is None else timeout)
    while not check():
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise ClusterError(f"{what} did not start:\n{tail}")
        time.sleep(0.2)


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    """Send ``sig`` to a process still running, wait up to ``timeout`` seconds for it to
    exit, then kill it (and reap it either way)."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and the server refuse to run as root: run them as the ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


# --- PostgreSQL --------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres(folder: Path, port: int | None = None) -> Iterator[str]:
    """Debian's PostgreSQL run from ``folder`` (initialised on first use) on loopback.

    Yields the SQLAlchemy URL of its ``linnedata`` database; stops the server after.
    """
    binaries = packages.postgres_bin()
    if binaries is None:
        raise ClusterError(f"PostgreSQL is missing: {packages.install_command(['postgresql'])}")
    port = port or free_port()
    data = folder / "data"
    log = folder / "server.log"
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    if not (data / "PG_VERSION").exists():
        init = _pg(binaries, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--locale=C.UTF-8")  # fmt: skip
        if init.returncode != 0:
            raise ClusterError(f"initdb failed:\n{init.stdout}{init.stderr}")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    start = _pg(binaries, "pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")
    if start.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else start.stderr
        raise ClusterError(f"PostgreSQL did not start:\n{tail}")
    try:
        # Fails harmlessly when the database is already there (every start after the first).
        _pg(binaries, "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "linnedata")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/linnedata"
    finally:
        _pg(binaries, "pg_ctl", "-D", data, "-m", "fast", "stop")


def _pg(binaries: Path, tool: str, *args: object) -> subprocess.CompletedProcess[str]:
    """Run one of PostgreSQL's programs (as the ``postgres`` user when root)."""
    command = [str(binaries / tool), *map(str, args)]
    return subprocess.run(_as_postgres(command), capture_output=True, text=True, check=False)


# --- the replicas and nginx --------------------------------------------------------------------


@dataclass
class Replica:
    """One ``streamlit run app.py`` on a loopback port."""

    port: int
    env: Mapping[str, str]
    log: Path
    process: subprocess.Popen | None = None
    restarts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=dict(self.env)
            )

    def wait_healthy(self) -> None:
        """Wait for ``/_stcore/health``, then warm the replica (deploy/warmup.py): it is
        ready only when every page has run once, so no visitor pays its first imports
        and views."""
        wait_until(
            lambda: healthy(f"{self.url}/_stcore/health"),
            f"replica {self.url}",
            self.process,
            self.log,
        )
        from deploy.warmup import WarmUpError, warm

        try:
            warm(self.url)
        except WarmUpError as error:
            raise ClusterError(f"replica {self.url} failed its warm-up: {error}") from error

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


def render_nginx(
    port: int,
    replica_ports: Sequence[int],
    prefix: Path,
    workers: int = 1,
    address: str = LISTEN_ADDRESS,
) -> str:
    """The nginx configuration for ``replica_ports`` behind ``address:port`` (loopback unless
    ``address`` opens it deliberately, e.g. ``0.0.0.0``)."""
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;" for p in replica_ports
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {
        "PORT": str(port),
        "ADDRESS": address,
        "LISTEN": f"[{address}]:{port}" if ":" in address else f"{address}:{port}",
        "PREFIX": str(prefix),
        "SERVERS": servers,
        "WORKERS": str(workers),
    }.items():
        text = text.replace("{{" + key + "}}", value)
    return text


@dataclass
class Cluster:
    """A running cluster: its address, the replicas and the processes to stop."""

    url: str
    db_url: str
    replicas: list[Replica]
    nginx: subprocess.Popen
    nginx_log: Path
    _stack: contextlib.ExitStack = field(repr=False, default_factory=contextlib.ExitStack)

    @property
    def pids(self) -> list[int]:
        """The replicas' process ids (for the load benchmark's CPU and memory figures)."""
        return [r.process.pid for r in self.replicas if r.process is not None]

    def supervise_once(self) -> list[Replica]:
        """Start again every replica that exited; the ones restarted."""
        restarted = []
        for replica in self.replicas:
            if replica.process is not None and replica.process.poll() is not None:
                replica.restarts += 1
                replica.start()
                restarted.append(replica)
        return restarted


def replica_env(db_url: str, cookie_secret: str, extra: Mapping[str, str] | None = None) -> dict:
    """The environment every replica gets: one store and one cookie secret (so a login
    cookie signed by one replica is valid on the others); its server trusts no forwarded
    header (``FORWARDED_ALLOW_IPS=""``: uvicorn would otherwise take a client-written
    X-Forwarded-For from loopback), and the app reads the client's address from its own
    proxy only (nginx on loopback, which overwrites the header with ``$remote_addr``)."""
    return {
        **os.environ,
        "LINNEDATA_DB_URL": db_url,
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
        **(extra or {}),
        "FORWARDED_ALLOW_IPS": "",
        "LINNEDATA_TRUSTED_PROXIES": "127.0.0.1,::1",
    }


@contextlib.contextmanager
def cluster(
    replicas: int = 2,
    port: int | None = None,
    db_url: str | None = None,
    state: Path | None = None,
    env: Mapping[str, str] | None = None,
    address: str = LISTEN_ADDRESS,
) -> Iterator[Cluster]:
    """Start PostgreSQL (unless ``db_url``), ``replicas`` app processes and nginx; stop all after.

    Args:
        replicas: how many ``streamlit run app.py`` processes (1–16).
        port: nginx's loopback port (default: a free one).
        db_url: an existing PostgreSQL (SQLAlchemy URL); None runs one from ``state``.
        state: the folder for PostgreSQL's data, nginx's files and the logs (default: a
            fresh temporary folder, removed after).
        env: extra environment for the replicas (e.g. ``LINNEDATA_ADMIN_PASSWORD``).
        address: where nginx listens (loopback unless opened deliberately).

    Raises:
        ClusterError: nginx or PostgreSQL is missing, or a part did not start.
    """
    if not 1 <= replicas <= 16:
        raise ClusterError(f"--replicas must be 1–16, got {replicas}")
    if packages.nginx_binary() is None:
        raise ClusterError(f"nginx is missing: {packages.install_command(['nginx'])}")
    with contextlib.ExitStack() as stack:
        if state is None:
            state = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linnedata-")))
        state.mkdir(parents=True, exist_ok=True)
        state.chmod(0o755)  # PostgreSQL's and nginx's users reach their folders inside it
        if db_url is None:
            db_url = stack.enter_context(postgres(state / "postgres"))
        _create_schema(db_url)
        secret_file = state / "cookie_secret"
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(32))
            secret_file.chmod(0o600)
        environment = replica_env(db_url, secret_file.read_text().strip(), env)
        (state / "logs").mkdir(exist_ok=True)
        members = [
            Replica(p, environment, state / "logs" / f"replica-{p}.log")
            for p in _distinct_ports(replicas)
        ]
        for replica in members:
            stack.callback(replica.stop)
            replica.start()
        for replica in members:
            replica.wait_healthy()
        port = port or free_port()
        proxy, proxy_log = _start_nginx(port, members, state / "nginx", address)
        stack.callback(stop_process, proxy, signal.SIGQUIT)
        yield Cluster(f"http://{_reach(address)}:{port}", db_url, members, proxy, proxy_log)


def _distinct_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        candidate = free_port()
        if candidate not in ports:
            ports.append(candidate)
    return ports


def _create_schema(db_url: str) -> None:
    from linnedata.store import Store

    Store(db_url)


def _reach(address: str) -> str:
    """How this machine reaches nginx listening on ``address`` (a URL's host)."""
    if address in {"0.0.0.0", "::", ""}:
        return "127.0.0.1"
    return f"[{address}]" if ":" in address else address


def _start_nginx(
    port: int, members: Sequence[Replica], prefix: Path, address: str = LISTEN_ADDRESS
) -> tuple[subprocess.Popen, Path]:
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)  # nginx's workers (user nobody when started as root) write its temp folders
    conf = prefix / "nginx.conf"
    text = render_nginx(port, [m.port for m in members], prefix, address=address)
    conf.write_text(text, encoding="utf-8")
    binary = packages.nginx_binary()
    test = subprocess.run(
        [binary, "-t", "-q", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    if test.returncode != 0:
        raise ClusterError(f"nginx refused {conf}:\n{test.stderr}")
    log = prefix / "error.log"
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-e", str(log), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    wait_until(
        lambda: healthy(f"http://{_reach(address)}:{port}/nginx-health"), "nginx", process, log
    )
    return process, log


# --- the command -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Start the cluster and keep it running until Ctrl+C or SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument(
        "--address", default=LISTEN_ADDRESS,
        help="where nginx listens (default 127.0.0.1; 0.0.0.0 opens it to the network)",
    )  # fmt: skip
    parser.add_argument(
        "--db-url", default=os.environ.get("LINNEDATA_DB_URL") or None,
        help="an existing PostgreSQL (default $LINNEDATA_DB_URL, else one in var/cluster/postgres)",
    )  # fmt: skip
    parser.add_argument(
        "--prepare", action="store_true",
        help="only install nginx/PostgreSQL if missing (runs with the system's python3)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.db_url and not args.db_url.startswith("postgresql"):
        print(
            f"The cluster's replicas share one PostgreSQL store; --db-url / $LINNEDATA_DB_URL "
            f"is {_safe(args.db_url)}. Give a postgresql+psycopg:// URL, or unset it to run "
            "PostgreSQL from var/cluster/postgres.",
            file=sys.stderr,
        )
        return 1
    try:
        ensure_packages(need_postgres=args.db_url is None)
        if args.prepare:
            return 0
        # Ctrl+C and SIGTERM both stop everything (a shell's background job starts with
        # SIGINT ignored, so the handler is set here rather than inherited).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with cluster(args.replicas, args.port, args.db_url, STATE, address=args.address) as running:
            print(
                f"Instrumentpanelen: {running.url}  ({len(running.replicas)} replicas on ports "
                f"{', '.join(str(r.port) for r in running.replicas)}; store {_safe(running.db_url)}; "
                "Ctrl+C stops everything)",
                flush=True,
            )
            while True:
                time.sleep(2)
                for replica in running.supervise_once():
                    print(f"replica {replica.url} exited; started again", flush=True)
                    replica.wait_healthy()
    except ClusterError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def _safe(url: str) -> str:
    """``url`` without its password (plain text: ``--prepare`` runs without the venv)."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


if __name__ == "__main__":
    sys.exit(main())
