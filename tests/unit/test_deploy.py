"""deploy/cluster.py without starting anything: the nginx configuration it writes and what it
says when nginx or PostgreSQL is missing (the running cluster is tests/cluster)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deploy import cluster, packages


def test_the_nginx_configuration_proxies_every_replica_with_websocket_and_sticky_cookie(
    tmp_path: Path,
) -> None:
    conf = cluster.render_nginx(8080, [9001, 9002, 9003], tmp_path)
    assert "{{" not in conf
    servers = re.findall(r"server 127\.0\.0\.1:(\d+) max_fails=2 fail_timeout=10s;", conf)
    assert servers == ["9001", "9002", "9003"]
    assert "listen 127.0.0.1:8080;" in conf  # loopback only
    assert "hash $linnedata_route consistent;" in conf
    assert "ip_hash" not in re.sub(r"#.*", "", conf)  # one NAT would put everyone on one replica
    assert "proxy_http_version 1.1;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "location = /_stcore/stream" in conf
    assert "client_max_body_size 26m;" in conf  # server.maxUploadSize is 25 MB
    assert f"pid {tmp_path}/nginx.pid;" in conf


@pytest.mark.parametrize(
    ("nginx", "postgres", "command"),
    [
        (None, None, "apt-get update && apt-get install -y nginx postgresql"),
        (None, Path("/usr/lib/postgresql/15/bin"), "apt-get update && apt-get install -y nginx"),
        ("/usr/sbin/nginx", None, "apt-get update && apt-get install -y postgresql"),
    ],
)
def test_without_root_a_missing_package_stops_with_the_apt_get_command(
    monkeypatch: pytest.MonkeyPatch, nginx: str | None, postgres: Path | None, command: str
) -> None:
    monkeypatch.setitem(packages.PRESENT, "nginx", lambda: nginx)
    monkeypatch.setitem(packages.PRESENT, "postgresql", lambda: postgres)
    monkeypatch.setattr(packages.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(packages.subprocess, "run", pytest.fail)  # never tries to install
    with pytest.raises(cluster.ClusterError) as raised:
        cluster.ensure_packages(need_postgres=True)
    assert str(raised.value).endswith(f"Run as root: {command}")
    monkeypatch.delenv("LINNEDATA_DB_URL")
    assert cluster.main(["--prepare"]) == 1


def test_the_cluster_refuses_a_store_that_is_not_postgresql(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cluster.main(["--db-url", "sqlite:///var/x.sqlite", "--prepare"]) == 1
    assert "share one PostgreSQL store" in capsys.readouterr().err


def test_an_existing_database_needs_no_local_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(packages.PRESENT, "nginx", lambda: "/usr/sbin/nginx")
    monkeypatch.setitem(packages.PRESENT, "postgresql", lambda: None)
    assert packages.missing(["nginx"]) == []
    assert packages.missing(["nginx", "postgresql"]) == ["postgresql"]


def test_make_test_names_the_command_for_a_missing_browser(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(packages.PRESENT, "chromium", lambda: False)
    monkeypatch.setattr(packages.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(packages.subprocess, "run", pytest.fail)
    assert packages.main(["chromium"]) == 1
    assert "Run as root: apt-get update && apt-get install -y chromium" in capsys.readouterr().err


def test_the_store_url_is_printed_without_its_password() -> None:
    assert cluster._safe("postgresql+psycopg://app:hemligt@db:5432/linnedata") == (
        "postgresql+psycopg://app:***@db:5432/linnedata"
    )
    assert cluster._safe("postgresql+psycopg://postgres@127.0.0.1:5/x") == (
        "postgresql+psycopg://postgres@127.0.0.1:5/x"
    )
