"""The Debian packages the project needs beside its venv, installed when missing.

    python3 -m deploy.packages chromium nginx postgresql

Checks each package by the program it provides; what is missing is installed with apt-get
when run as root, else the command stops at once and prints the exact command to run. Runs
with the system's ``python3`` (standard library only), before the venv exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

POSTGRES_BIN = Path("/usr/lib/postgresql")


class PackageError(RuntimeError):
    """A package is missing and could not be installed; the message says what to run."""


def postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with ``initdb``, or None."""
    versions = sorted(
        (p for p in POSTGRES_BIN.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: [int(x) for x in p.parent.name.split(".") if x.isdigit()],
    )
    return versions[-1] if versions else None


def nginx_binary() -> str | None:
    """Debian's nginx (``/usr/sbin/nginx``, or ``nginx`` on the PATH), or None."""
    return next(filter(None, (shutil.which(c) for c in ("/usr/sbin/nginx", "nginx"))), None)


# Debian package → how to tell it is installed (the program the project runs).
PRESENT: dict[str, Callable[[], object]] = {
    "chromium": lambda: Path("/usr/bin/chromium").exists(),
    "nginx": nginx_binary,
    "postgresql": postgres_bin,
}


def missing(packages: Sequence[str]) -> list[str]:
    """The packages of ``packages`` this machine lacks."""
    return [name for name in packages if not PRESENT[name]()]


def install_command(packages: Sequence[str]) -> str:
    """The one command that installs ``packages``."""
    return f"apt-get update && apt-get install -y {' '.join(packages)}"


def ensure(packages: Sequence[str]) -> None:
    """Install what is missing of ``packages`` when root; otherwise stop with the command.

    Raises:
        PackageError: something is missing and this is not root (or apt-get failed).
    """
    lacking = missing(packages)
    if not lacking:
        return
    command = install_command(lacking)
    if os.geteuid() != 0:
        raise PackageError(f"{', '.join(lacking)} saknas / missing. Run as root: {command}")
    print(f"installing {', '.join(lacking)}: {command}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *lacking]):
        if subprocess.run(step, env=env, check=False).returncode != 0:
            raise PackageError(f"{' '.join(step)} failed; run it by hand: {command}")
    still = missing(packages)
    if still:
        raise PackageError(f"{', '.join(still)} still missing after apt-get: {command}")


def main(argv: Sequence[str] | None = None) -> int:
    """Ensure the packages named on the command line; 1 with the command to run if not."""
    names = list(sys.argv[1:] if argv is None else argv)
    unknown = [n for n in names if n not in PRESENT]
    if unknown:
        print(f"unknown package(s) {unknown}; known: {sorted(PRESENT)}", file=sys.stderr)
        return 2
    try:
        ensure(names)
    except PackageError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
