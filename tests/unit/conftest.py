"""Fixtures of the unit tests. The databases the store's tests run against: SQLite always, PostgreSQL when configured.

PostgreSQL comes from ``LINNEDATA_TEST_PG_URL`` (``.ci/run`` starts a server and sets it;
locally: ``eval "$(bash .ci/postgres.sh)"``). Without it the PostgreSQL cases are skipped —
except in CI (``CI=true``), where a missing server fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_VARIABLE = "LINNEDATA_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]


def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of ``backend``; PostgreSQL's tables are dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/store.sqlite"
        return
    url = os.environ.get(PG_VARIABLE)
    if not url:
        message = f"{PG_VARIABLE} is not set: start PostgreSQL with .ci/postgres.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run the store's tests against PostgreSQL)")
        pytest.skip(message)
    _drop_everything(url)
    yield url
    _drop_everything(url)


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once SQLite and once PostgreSQL."""
    yield from backend_url(request.param, tmp_path)
