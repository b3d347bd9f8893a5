"""One error path for every store fault: a database error becomes a :class:`StoreFaultError`.

Every public :class:`~linnedata.store.Store` method runs inside :func:`translated`, so a
deleted, read-only, full or corrupt SQLite file, or a PostgreSQL server that refuses a value or
is down, reaches the CLI and the pages as one kind of error with a message naming what to do.
:func:`check_file` is the SQLite half of the durability check: the file the engine opened is
still the file at its path.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from linnedata.store.errors import (
    StoreCorruptError,
    StoreFaultError,
    StoreFullError,
    StoreGoneError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValueError,
)

# SQLite's result codes (Python's sqlite3 gives them as ``sqlite_errorname``) → fault.
_SQLITE = {
    "SQLITE_READONLY": StoreReadOnlyError,
    "SQLITE_FULL": StoreFullError,
    "SQLITE_CORRUPT": StoreCorruptError,
    "SQLITE_NOTADB": StoreCorruptError,
    "SQLITE_CANTOPEN": StoreUnavailableError,
    "SQLITE_PERM": StoreReadOnlyError,
    "SQLITE_TOOBIG": StoreValueError,
    "SQLITE_IOERR": StoreFullError,  # a write the disk or the file-size limit refused
}
# PostgreSQL's SQLSTATE classes (the first two characters) → fault.
_POSTGRES = {
    "22": StoreValueError,  # data exception: string too long, number out of range
    "08": StoreUnavailableError,  # connection exception
    "53": StoreFullError,  # insufficient resources: disk full, out of memory
    "57": StoreUnavailableError,  # operator intervention: server shutting down
    "25": StoreReadOnlyError,  # invalid transaction state: read-only transaction
    "XX": StoreCorruptError,  # internal error: data corrupted
}
_ERRNO = {
    errno.EROFS: StoreReadOnlyError,
    errno.EACCES: StoreReadOnlyError,
    errno.EPERM: StoreReadOnlyError,
    errno.ENOSPC: StoreFullError,
    errno.EFBIG: StoreFullError,
    errno.EDQUOT: StoreFullError,
}


def translate(error: Exception, where: str, path: str | None = None) -> StoreFaultError:
    """The fault that a database or file-system error means (``path``: the SQLite file)."""
    if isinstance(error, OSError):
        kind = _ERRNO.get(error.errno or 0, StoreUnavailableError)
        return kind(where, error.strerror or type(error).__name__)
    original = error.orig if isinstance(error, DBAPIError) else None
    reason = str(original or error).splitlines()[0][:200] if (original or error) else ""
    name = getattr(original, "sqlite_errorname", None) or ""
    if name == "SQLITE_CANTOPEN" and path is not None and _read_only_folder(path):
        return StoreReadOnlyError(where, reason)  # WAL needs to write beside the file
    for prefix, kind in _SQLITE.items():
        if name.startswith(prefix):
            return kind(where, reason)
    state = getattr(original, "sqlstate", None) or ""
    if state[:2] in _POSTGRES:
        return _POSTGRES[state[:2]](where, reason)
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return StoreUnavailableError(where, reason)
    if type(original).__name__ == "OperationalError":
        return StoreUnavailableError(where, reason)
    return StoreFaultError(where, reason)


def _read_only_folder(path: str) -> bool:
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.isdir(folder) and not os.access(folder, os.W_OK)


@contextmanager
def translated(where: str, path: str | None = None) -> Iterator[None]:
    """Run the block; a database or file-system error leaves it as a :class:`StoreFaultError`."""
    try:
        yield
    except (SQLAlchemyError, OSError) as error:
        raise translate(error, where, path) from error


def file_identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of the file at ``path``, or None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def check_file(path: str, opened: tuple[int, int] | None, where: str) -> None:
    """Raise :class:`StoreGoneError` when the file the engine opened is no longer at ``path``."""
    if opened is not None and file_identity(path) != opened:
        raise StoreGoneError(where)
