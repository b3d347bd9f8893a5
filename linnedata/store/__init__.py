"""The database of published survey rounds, on SQLAlchemy Core.

The package, by concern:

- :mod:`~linnedata.store.api` — :class:`Store`, the one object the app and the CLI use;
- :mod:`~linnedata.store.schema` — the tables, the schema version and its upgrades;
- :mod:`~linnedata.store.engine` — where the database is, and the SQLite/PostgreSQL settings;
- :mod:`~linnedata.store.errors` — :class:`StoreError` and its kinds;
- :mod:`~linnedata.store.rows` — a survey as rows and back, the kept file, the log entry;
- :mod:`~linnedata.store.profiles` — saved mapping profiles;
- :mod:`~linnedata.store.scrub` — removing personal data (replaced by the survey pipeline's);
- :mod:`~linnedata.store.testing` — instruments for tests (integrity, snapshot, text scan).
"""

from linnedata.store.api import Store
from linnedata.store.engine import DEFAULT_PATH, configured_url, describe
from linnedata.store.errors import (
    DuplicateFileError,
    RoundExistsError,
    StoreError,
    UnknownRoundError,
)
from linnedata.store.rows import ImportResult, sha256
from linnedata.store.schema import SCHEMA_VERSION
from linnedata.store.scrub import redact, scrub_raw
from linnedata.survey import MappingProfile

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "DuplicateFileError",
    "ImportResult",
    "MappingProfile",
    "RoundExistsError",
    "Store",
    "StoreError",
    "UnknownRoundError",
    "configured_url",
    "describe",
    "redact",
    "scrub_raw",
    "sha256",
]
