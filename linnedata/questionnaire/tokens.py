"""The links' tokens and the respondents' resume codes: random, and kept only as hashes.

A token is ``secrets.token_urlsafe(TOKEN_BYTES)`` (192 random bits); the store keeps its
SHA-256 only, so a copy of the database opens no questionnaire. A 192-bit random value
needs no salt or key stretching: nobody can enumerate the inputs of its hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from linnedata import urls

TOKEN_BYTES = 24  # 192 bits; the issue asks for at least 128
_SHAPE = re.compile(r"[A-Za-z0-9_\-]{20,64}")
URL_PATH = urls.QUESTIONNAIRE_PAGE
TOKEN_KEY = urls.QUESTIONNAIRE_TOKEN
RESUME_KEY = urls.QUESTIONNAIRE_RESUME


def new_token() -> str:
    """A fresh random token (URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """The token's SHA-256 as hex: what the store keeps and looks up."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def well_formed(text: str | None) -> bool:
    """Whether ``text`` could be a token at all (checked before anything is looked up).

    >>> well_formed(new_token()), well_formed("x"), well_formed("<script>" * 3)
    (True, False, False)
    """
    return bool(text) and _SHAPE.fullmatch(text) is not None


def link(token: str, resume: str | None = None) -> str:
    """The path and query of a questionnaire link: ``/enkat?t=TOKEN`` (``&k=CODE`` to resume)."""
    path = f"/{URL_PATH}?{TOKEN_KEY}={token}"
    return path if resume is None else f"{path}&{RESUME_KEY}={resume}"
