"""The files in ``data/`` that organisers edit, checked together: one clear message each.

``region.csv`` (or ``$LINNEDATA_REGION_FILE``), ``fixed_links.csv``, ``themes.csv``,
``areas.csv``, ``forms.csv``, ``import_alias.toml``, ``stoppord_sv.txt`` and the texts in
``texts/*.toml``. :func:`problems` reads each with the loader the app uses and turns every
way it can fail — not UTF-8 (a file saved as Windows-1252), not CSV/TOML, a wrong column, a
malformed or unknown value, a missing table — into a :class:`SchemaError` naming the file,
the row and the value. Every page (``ui.stop_on_bad_data_files``, before anything else) and
the command line call it first and show those messages instead of a traceback later. A
check that passed is remembered while the files are unchanged (their size and time).

``$LINNEDATA_DATA_DIR`` names another data folder (tests, a second deployment).
"""

from __future__ import annotations

import os
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from linnedata import paths
from linnedata.errors import SchemaError
from linnedata.tables import read_text

DATA_DIR_VARIABLE = "LINNEDATA_DATA_DIR"
CSV_FILES = ("region.csv", "fixed_links.csv", "themes.csv", "areas.csv", "forms.csv")
OTHER_FILES = ("import_alias.toml", "stoppord_sv.txt")
_passed: set[tuple] = set()
_lock = threading.Lock()


def data_dir() -> Path:
    """The data folder: ``$LINNEDATA_DATA_DIR``, else the shipped ``data/``."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or paths.DATA_DIR)


def problems(folder: Path | None = None) -> list[SchemaError]:
    """Every organiser-edited file that cannot be used, each as one :class:`SchemaError`
    (``path`` and ``problems``: rows and values); [] when all can."""
    folder = data_dir() if folder is None else folder
    region_path = _region_path(folder)
    signature = _signature(folder, region_path)
    if signature in _passed:
        return []
    found = [
        error
        for path, check in _checks(folder, region_path)
        if (error := _guarded(path, check)) is not None
    ]
    texts = folder / "texts"
    if any(Path(e.path).parent == texts for e in found):  # said once, by the file itself
        found = [e for e in found if Path(e.path) != texts]
    if not found:
        with _lock:
            _passed.add(signature)
    return found


def message(error: SchemaError, lang: str) -> str:
    """The heading of a bad file's message in ``lang`` (its rows follow in ``problems``);
    in both languages from here when the texts themselves cannot be read."""
    from linnedata import i18n

    key = "region_fel" if Path(error.path) == _region_path(data_dir()) else "datafil_fel"
    try:
        return i18n.t(key, lang, file=str(error.path))
    except (ValueError, KeyError, OSError, SchemaError):  # the texts are the bad file
        return (
            f"Datafilen {error.path} kan inte användas, så ingen sida kan visas. Rätta raderna "
            f"nedan och ladda om sidan. / The data file {error.path} cannot be used, so no page "
            "can be shown. Correct the rows below and reload the page."
        )


def _region_path(folder: Path) -> Path:
    from linnedata.places import region

    return Path(os.environ.get(region.REGION_VARIABLE) or folder / "region.csv")


def _checks(folder: Path, region_path: Path) -> list[tuple[Path, Callable[[], Any]]]:
    from linnedata import i18n, taxonomy
    from linnedata.places import geo, region

    texts = folder / "texts"
    return [
        (region_path, lambda: region.load_region(region_path)),
        (folder / "fixed_links.csv", lambda: geo.load_fixed_links(folder / "fixed_links.csv")),
        (folder / "areas.csv", lambda: taxonomy.load_taxonomy(folder)),
        (folder / "import_alias.toml", lambda: _aliases(folder / "import_alias.toml")),
        (folder / "stoppord_sv.txt", lambda: read_text(folder / "stoppord_sv.txt")),
        *((path, lambda path=path: _toml(path)) for path in sorted(texts.glob("*.toml"))),
        (texts, lambda: i18n.load_texts.__wrapped__(texts)),
    ]


def _guarded(path: Path, check: Callable[[], Any]) -> SchemaError | None:
    """``check``'s failure as a :class:`SchemaError` on ``path`` (None when it passes)."""
    try:
        check()
    except SchemaError as error:
        return error
    except tomllib.TOMLDecodeError as error:
        return SchemaError(path, [f"not valid TOML: {error}"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        text = str(error).strip() or type(error).__name__
        return SchemaError(path, [text[:300]])
    return None


def _toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(read_text(path))


def _aliases(path: Path) -> None:
    """``import_alias.toml``: TOML, the tables the import needs, lists of texts in them."""
    from linnedata.survey.columns import load_aliases

    raw = _toml(path)
    wrong = [
        f"[{table}] is missing"
        for table in ("kolumner", "metadata", "personuppgifter")
        if table not in raw
    ]
    for table in ("kolumner", "nyckelord", *(f"svar.{k}" for k in raw.get("svar", {}))):
        part = raw
        for name in table.split("."):
            part = part.get(name, {}) if isinstance(part, dict) else {}
        if not isinstance(part, dict):
            wrong.append(f"[{table}] is not a table")
            continue
        wrong += [
            f"[{table}] {name} = {value!r}: a list of texts in quotes is expected"
            for name, value in part.items()
            if not isinstance(value, list) or not all(isinstance(v, str | list) for v in value)
        ]
    for table in ("metadata", "personuppgifter"):
        headers = raw.get(table, {}).get("headers") if isinstance(raw.get(table), dict) else None
        if table in raw and not (
            isinstance(headers, list) and all(isinstance(h, str) for h in headers)
        ):
            wrong.append(f"[{table}] headers: a list of texts in quotes is expected")
    if wrong:
        raise SchemaError(path, wrong)
    load_aliases(path)


def _signature(folder: Path, region_path: Path) -> tuple:
    """The files' sizes and times: a check that passed holds while they are unchanged."""
    files = [region_path, *(folder / n for n in (*CSV_FILES[1:], *OTHER_FILES))]
    files += sorted((folder / "texts").glob("*.toml"))
    stamps = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            stamps.append((str(path), None))
            continue
        stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)
