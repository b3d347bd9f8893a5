"""The store's errors: each a translatable message the steward or the CLI user can act on."""

from __future__ import annotations

from typing import Any

from linnedata import i18n
from linnedata.errors import LinnedataError


class StoreError(LinnedataError):
    """A store operation refused for a reason the user can act on.

    Attributes:
        code: the message key in ``data/texts``.
        params: values filled into the message.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``."""
        return i18n.t(self.code, lang, **self.params)


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
