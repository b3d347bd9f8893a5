"""The client's address comes only from the app's own proxy: nginx overwrites
X-Forwarded-For, the replicas' server trusts no forwarded header, and the app reads the
header only from a configured proxy; `make run` and `make cluster` listen on loopback."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from deploy import cluster
from deploy import run as deploy_run
from linnedata import throttle
from ui import auth

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK_PROXY = ["127.0.0.1", "::1"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "server_trusts", "address"),
    [
        # Straight to the app: a client-written header never counts.
        ("203.0.113.9", ["1.2.3.4"], [], False, "203.0.113.9"),
        ("203.0.113.9", ["1.2.3.4"], LOOPBACK_PROXY, False, "203.0.113.9"),
        (None, [], LOOPBACK_PROXY, False, "127.0.0.1"),
        ("::1", [], [], False, "127.0.0.1"),
        # Through nginx on loopback: what nginx wrote ($remote_addr, the last entry).
        (None, ["198.51.100.7"], LOOPBACK_PROXY, False, "198.51.100.7"),
        ("127.0.0.1", ["6.6.6.6, 198.51.100.7"], LOOPBACK_PROXY, False, "198.51.100.7"),
        ("::1", ["6.6.6.6", "2001:db8::1"], LOOPBACK_PROXY, False, "2001:db8::1"),
        # Loopback without a configured proxy: the header is ignored.
        (None, ["6.6.6.6"], [], False, "127.0.0.1"),
        # The server itself may have taken the peer from the header (uvicorn's default for
        # loopback): every such attempt counts for one address, whatever it claims.
        ("6.6.6.6", ["6.6.6.6"], [], True, throttle.UNTRUSTED_FORWARD),
        ("7.7.7.7", ["1.1.1.1, 7.7.7.7"], LOOPBACK_PROXY, True, throttle.UNTRUSTED_FORWARD),
        # … but a peer that is not in the header was not taken from it.
        ("203.0.113.9", ["1.2.3.4"], [], True, "203.0.113.9"),
    ],
)
def test_the_address_comes_only_from_the_apps_own_proxy(
    peer: str | None, forwarded: list[str], proxies: list[str], server_trusts: bool, address: str
) -> None:
    assert throttle.client_address(peer, forwarded, proxies, server_trusts) == address


def test_the_app_knows_whether_its_server_trusts_forwarded_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert auth.server_trusts_forwarded()  # uvicorn's default: loopback
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "")
    assert not auth.server_trusts_forwarded()
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.1")
    assert auth.server_trusts_forwarded()


def test_nginx_overwrites_the_forwarded_header_and_listens_on_loopback(tmp_path: Path) -> None:
    conf = re.sub(r"#.*", "", cluster.render_nginx(8080, [9001], tmp_path))
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Real-IP $remote_addr;" in conf
    assert "$proxy_add_x_forwarded_for" not in conf
    assert re.findall(r"listen ([^;]+);", conf) == ["127.0.0.1:8080"]
    opened = cluster.render_nginx(8080, [9001], tmp_path, address="0.0.0.0")
    assert re.findall(r"listen ([^;]+);", re.sub(r"#.*", "", opened)) == ["0.0.0.0:8080"]
    v6 = cluster.render_nginx(8080, [9001], tmp_path, address="::")
    assert re.findall(r"listen ([^;]+);", re.sub(r"#.*", "", v6)) == ["[::]:8080"]


def test_replicas_trust_no_forwarded_header_whatever_the_caller_passes() -> None:
    env = cluster.replica_env("postgresql+psycopg://x/y", "s", {"FORWARDED_ALLOW_IPS": "*"})
    assert env["FORWARDED_ALLOW_IPS"] == ""
    assert env["LINNEDATA_TRUSTED_PROXIES"] == "127.0.0.1,::1"


def _make(*args: str) -> str:
    run = subprocess.run(
        ["make", "-n", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


def test_make_run_and_make_cluster_listen_on_loopback_unless_opened() -> None:
    run = [line for line in _make("run").splitlines() if "deploy.run" in line]
    assert len(run) == 1
    assert run[0].endswith("--address 127.0.0.1")
    opened = [line for line in _make("run", "ADDRESS=0.0.0.0").splitlines() if "deploy.run" in line]
    assert opened[0].endswith("--address 0.0.0.0")
    command = deploy_run.streamlit_command(8501, "127.0.0.1")
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert deploy_run.app_environment()["FORWARDED_ALLOW_IPS"] == ""
    clustered = [line for line in _make("cluster").splitlines() if "deploy.cluster --rep" in line]
    assert len(clustered) == 1
    assert clustered[0].endswith("--address 127.0.0.1")
