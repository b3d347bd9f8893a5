"""Text normalisation shared by every lookup of a name, label or header."""

from __future__ import annotations

import difflib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return ``text`` NFKC-normalised, case-folded, trimmed and with single spaces.

    NFKC, not only NFC, so that look-alikes (full-width digits ``０７８０``, ligatures) are
    the value they look like and never a second entity.

    >>> normalize("  VÄXJÖ   kommun ")
    'växjö kommun'
    >>> normalize("０７８０")
    '0780'
    """
    text = unicodedata.normalize("NFKC", str(text))
    return _WHITESPACE.sub(" ", text).strip().casefold()


def strip_diacritics(text: str) -> str:
    """Return ``normalize(text)`` without diacritics (å→a, ä→a, ö→o, é→e).

    >>> strip_diacritics("Mörbylånga")
    'morbylanga'
    """
    decomposed = unicodedata.normalize("NFD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(value: str, candidates: list[str], n: int = 3) -> list[str]:
    """Return up to ``n`` candidates closest to ``value``, compared without diacritics.

    Args:
        value: what the user wrote.
        candidates: display labels to choose from.
        n: how many suggestions at most.

    Returns:
        The closest labels, best first (possibly empty).
    """
    keyed = {strip_diacritics(c): c for c in candidates}
    matches = difflib.get_close_matches(strip_diacritics(value), list(keyed), n=n, cutoff=0.6)
    return [keyed[m] for m in matches]
