"""Shared fixtures: the repository root and the app's entry point."""

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


# Every test runs against its own empty store, never the developer's var/linnedata.sqlite:
# the page tests expect the demo data, which the app shows while the store is empty.
_STORE_DIR = tempfile.mkdtemp(prefix="linnedata-test-store-")
os.environ["LINNEDATA_DB_URL"] = f"sqlite:///{_STORE_DIR}/linnedata.sqlite"
os.environ.pop("LINNEDATA_ADMIN_PASSWORD", None)
