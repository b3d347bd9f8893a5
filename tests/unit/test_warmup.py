"""deploy/warmup.py: a replica is warmed by running every page once before it is served."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from benchmarks.harness import ROOT, streamlit_server
from deploy.warmup import WarmUpError, warm


def _server_pid(url: str) -> int:
    """The pid of the process listening on ``url``'s port (from /proc/net/tcp)."""
    port = urllib.parse.urlsplit(url).port
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":  # LISTEN
            inodes.add(fields[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {link.readlink().name for link in (proc / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            return int(proc.name)
    raise AssertionError(f"nothing listens on {url}")


def _loaded(pid: int, library: str) -> bool:
    return f"/{library}/" in Path(f"/proc/{pid}/maps").read_text()


def test_a_warmed_replica_has_run_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LINNEDATA_DB_URL", f"sqlite:///{tmp_path}/store.sqlite")
    with streamlit_server(ROOT / "app.py") as url:
        pid = _server_pid(url)
        assert not _loaded(pid, "scipy")  # healthy, yet nothing a page needs is imported
        seconds = warm(url, languages=("sv",))
        assert seconds > 0
        assert _loaded(pid, "scipy")  # the pages' imports are done before any visitor


def test_a_page_that_fails_fails_the_warm_up(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(
        'import streamlit as st\n\npages = [st.Page("home.py"), st.Page("ok.py"), st.Page("bad.py")]\nst.navigation(pages).run()\n'
    )
    for name in ("home", "ok"):
        (tmp_path / f"{name}.py").write_text(f'import streamlit as st\n\nst.title("{name}")\n')
    (tmp_path / "bad.py").write_text('raise ValueError("broken page")\n')
    with streamlit_server(app) as url:
        assert warm(url, pages=["", "ok"], languages=("sv",)) > 0
        with pytest.raises(WarmUpError, match=r"bad.*ValueError"):
            warm(url, pages=["", "bad"], languages=("sv",))


def test_warm_up_refuses_an_address_off_this_machine() -> None:
    with pytest.raises(WarmUpError, match="loopback"):
        warm("http://192.0.2.1:8501")
