"""Saved column mappings: a :class:`MappingProfile` is found again for the next file with
the same headers. It also holds the steward's value mapping (an unknown rating label →
the number it stands for)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from linnedata.paths import DATA_DIR
from linnedata.survey.columns import MappingDecision, key
from linnedata.survey.privacy import redacted
from linnedata.text import normalize, strip_diacritics

PROFILE_DIR = DATA_DIR.parent / "var" / "mapping_profiles"
SCALE = range(1, 6)  # the numbers a rating label may stand for


def profile_values(raw: dict[str, object]) -> dict[str, int]:
    """A stored value mapping as read: whole numbers as ``int``; anything else (``9.5``,
    ``"fem"``) kept as it is, so that :func:`bad_values` names it instead of a silent
    rounding or a profile dropped without a word."""
    out: dict[str, int] = {}
    for label, value in raw.items():
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out[str(label)] = value  # type: ignore[assignment]
    return out


def bad_values(values: dict[str, int]) -> dict[str, object]:
    """The labels of a value mapping whose number is not on the scale (1–5), and it.

    >>> bad_values({"Stor": 4, "Mycket stor": 9, "Enorm": "sex"})
    {'Mycket stor': 9, 'Enorm': 'sex'}
    """
    return {
        label: value
        for label, value in values.items()
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE
    }


def signature(headers: Sequence[str]) -> tuple[str, ...]:
    """The headers as a profile recognises them (non-empty, compared by :func:`key`), each
    through the one redactor: an answer row taken for the header never puts a respondent's
    e-mail into a saved profile.

    >>> signature(["Kommun", "anna@x.se", ""])
    ('kommun', '[e_post]')
    """
    return tuple(k for k in (key(redacted(h)) for h in headers) if k)


@dataclass(frozen=True)
class MappingProfile:
    """A saved column mapping.

    Attributes:
        name: the profile's name, e.g. ``"Google Forms 2024"``.
        headers: the header signature it was saved for (:func:`signature`).
        columns: header (as in the file) → target, for every header.
        values: a rating label that is not on the scale → the number the steward gave it.
    """

    name: str
    headers: tuple[str, ...]
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_decisions(
        cls,
        name: str,
        decisions: Sequence[MappingDecision],
        values: dict[str, int] | None = None,
    ) -> MappingProfile:
        """A profile of the decisions (and the value mapping) as they stand."""
        return cls(
            name=name.strip(),
            headers=signature([d.header for d in decisions]),
            columns={redacted(d.header): d.target for d in decisions if key(d.header)},
            values=dict(values or {}),
        )

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "headers": list(self.headers),
            "columns": self.columns,
        }
        if self.values:
            out["values"] = self.values
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> MappingProfile:
        return cls(
            name=str(data["name"]),
            headers=tuple(str(h) for h in data["headers"]),  # type: ignore[union-attr]
            columns={str(k): str(v) for k, v in dict(data["columns"]).items()},  # type: ignore[call-overload]
            values=profile_values(dict(data.get("values") or {})),  # type: ignore[call-overload]
        )


class ProfileStore(Protocol):
    """Where mapping profiles are kept (files here; a database in the app)."""

    def list_profiles(self) -> list[MappingProfile]: ...

    def save_profile(self, profile: MappingProfile) -> None: ...

    def find_for(self, headers: Sequence[str]) -> MappingProfile | None: ...


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", strip_diacritics(name).lower()).strip("-")
    return slug or "profil"


class FileProfileStore:
    """Profiles as JSON files (one per profile) in a directory.

    Args:
        directory: the folder; ``var/mapping_profiles`` in the repository by default
            (git-ignored). Created on the first save.
    """

    def __init__(self, directory: Path | str = PROFILE_DIR) -> None:
        self.directory = Path(directory)

    def list_profiles(self) -> list[MappingProfile]:
        """Every profile, by name."""
        return sorted((p for p, _ in self._files()), key=lambda p: normalize(p.name))

    def _files(self) -> list[tuple[MappingProfile, Path]]:
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob("*.json")):
            try:
                found.append((MappingProfile.from_json(json.loads(path.read_text("utf-8"))), path))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a hand-broken file is not a profile
        return found

    def save_profile(self, profile: MappingProfile) -> None:
        """Save (or replace) the profile of exactly that name; never another one.

        Names that make the same file name (``Profil A``, ``profil/a``, ``PROFIL A``) get
        distinct files: the file of a profile with another name is never overwritten.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path_for(profile.name)
        path.write_text(json.dumps(profile.as_json(), ensure_ascii=False, indent=2), "utf-8")

    def path_for(self, name: str) -> Path:
        """The file of the profile called exactly ``name``: its own file when saved before,
        else the name's slug, or the slug and a checksum of the name when that is taken."""
        files = self._files()
        mine = next((path for p, path in files if p.name == name), None)
        if mine is not None:
            return mine
        path = self.directory / f"{_slug(name)}.json"
        if path.exists():
            digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
            path = self.directory / f"{_slug(name)}-{digest}.json"
        return path

    def get(self, name: str) -> MappingProfile | None:
        """The profile called ``name``: exactly, else the one spelled so without diacritics."""
        profiles = self.list_profiles()
        exact = next((p for p in profiles if p.name == name), None)
        wanted = strip_diacritics(name)
        return exact or next((p for p in profiles if strip_diacritics(p.name) == wanted), None)

    def find_for(self, headers: Sequence[str]) -> MappingProfile | None:
        """The most recently named profile saved for exactly these headers."""
        wanted = signature(headers)
        return next((p for p in self.list_profiles() if p.headers == wanted), None)


__all__ = [
    "PROFILE_DIR",
    "SCALE",
    "FileProfileStore",
    "MappingProfile",
    "ProfileStore",
    "bad_values",
    "profile_values",
    "signature",
]
