"""The database of published survey rounds, on SQLAlchemy Core.

The package, by concern:

- :mod:`~linnedata.store.api` — :class:`Store`, the one object the app and the CLI use;
- :mod:`~linnedata.store.schema` — the tables, the schema version and its upgrades;
- :mod:`~linnedata.store.engine` — where the database is, and the SQLite/PostgreSQL settings;
- :mod:`~linnedata.store.errors` — :class:`StoreError` and its kinds (refusals and faults);
- :mod:`~linnedata.store.faults` — a driver or disk error as a :class:`StoreFaultError`;
- :mod:`~linnedata.store.rows` — a survey as rows and back, the kept file, the log entry;
- :mod:`~linnedata.store.profiles` — saved mapping profiles;
- :mod:`~linnedata.store.testing` — instruments for tests (integrity, snapshot, text scan).
"""

from linnedata.store.api import Store
from linnedata.store.engine import DEFAULT_PATH, configured_url, describe
from linnedata.store.errors import (
    DuplicateFileError,
    InvalidRoundError,
    LookalikeRoundError,
    RoundExistsError,
    StoreCorruptError,
    StoreError,
    StoreFaultError,
    StoreFullError,
    StoreGoneError,
    StoreNotSavedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValueError,
    UnknownRoundError,
)
from linnedata.store.rows import ImportResult, sha256
from linnedata.store.schema import SCHEMA_VERSION
from linnedata.survey import MappingProfile

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "DuplicateFileError",
    "ImportResult",
    "InvalidRoundError",
    "LookalikeRoundError",
    "MappingProfile",
    "RoundExistsError",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreFaultError",
    "StoreFullError",
    "StoreGoneError",
    "StoreNotSavedError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoreValueError",
    "UnknownRoundError",
    "configured_url",
    "describe",
    "sha256",
]
