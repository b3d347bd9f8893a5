"""The store's errors: each a translatable message the steward or the CLI user can act on."""

from __future__ import annotations

from linnedata import rounds
from linnedata.errors import TranslatableError


class StoreError(TranslatableError):
    """A store operation refused for a reason the user can act on (``code``, ``params``)."""


class DuplicateFileError(StoreError):
    """The same file (same SHA-256) is already published as a round."""

    def __init__(self, round_label: str, file_name: str) -> None:
        self.round_label = round_label
        super().__init__("store_dubblett", round=round_label, file=file_name)


class RoundExistsError(StoreError):
    """A round with this label is published and replacing was not asked for."""

    def __init__(self, round_label: str) -> None:
        self.round_label = round_label
        super().__init__("store_omgang_finns", round=round_label)


class UnknownRoundError(StoreError):
    """No round has this label."""

    def __init__(self, round_label: str) -> None:
        self.round_label = round_label
        super().__init__("store_omgang_saknas", round=round_label)


class InvalidRoundError(StoreError):
    """The round label breaks the round-label rule (``linnedata.rounds``)."""

    def __init__(self, round_label: str, code: str) -> None:
        self.round_label = round_label
        shown = round_label if len(round_label) <= 60 else round_label[:60] + "…"
        super().__init__(code, value=shown, length=len(round_label), max=rounds.MAX_LENGTH)


class LookalikeRoundError(StoreError):
    """A round whose label differs only in case, width or spacing is already published."""

    def __init__(self, round_label: str, existing: str) -> None:
        self.round_label = round_label
        super().__init__("store_omgang_liknar", round=round_label, existing=existing)


# --- faults: the database itself cannot be used (see linnedata.store.faults) ----------------


class StoreFaultError(StoreError):
    """The database cannot be read or written (not the user's input); ``where`` says which."""

    code_key = "store_fel_okant"

    def __init__(self, where: str, reason: str = "") -> None:
        self.where = where
        self.reason = reason
        super().__init__(self.code_key, where=where, reason=reason)


class StoreUnavailableError(StoreFaultError):
    """The database cannot be reached or opened (server down, folder missing)."""

    code_key = "store_fel_otillganglig"


class StoreReadOnlyError(StoreFaultError):
    """The database (or its folder) cannot be written."""

    code_key = "store_fel_skrivskyddad"


class StoreFullError(StoreFaultError):
    """The disk (or the file-size limit) is full."""

    code_key = "store_fel_full"


class StoreCorruptError(StoreFaultError):
    """The file is not a database, or a damaged one."""

    code_key = "store_fel_trasig"


class StoreGoneError(StoreFaultError):
    """The SQLite file was deleted or replaced while the program ran."""

    code_key = "store_fel_borta"


class StoreNotSavedError(StoreFaultError):
    """The write was committed but could not be read back: it is not reported as saved."""

    code_key = "store_fel_ej_sparad"


class StoreValueError(StoreFaultError):
    """The database refused a value (too long, out of range)."""

    code_key = "store_fel_varde"
