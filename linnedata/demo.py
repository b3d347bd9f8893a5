"""The demo survey: two deterministic rounds of clearly fictional answers.

``generate_demo()`` writes ``data/demo/enkat_2023.csv`` and ``data/demo/enkat_2024.csv`` in
the canonical CSV format of SURVEY.md, plus a README saying the data is fictional. The same
seed gives the same bytes on every run and machine: all randomness comes from
``numpy.random.default_rng`` and no date is taken from the clock.

No real municipality said any of it. The answers are drawn so that a reader of the
dashboard can discover some structure:

- small inland municipalities press on ``befolkningsutveckling`` and ``skatteunderlag``;
- the larger towns (:data:`TOWNS`) on ``bostadsplanering`` and ``kompetensforsorjning``;
- coastal municipalities (:data:`COASTAL`: Kalmar län's coast, Blekinge, Öland) on
  ``natur_kultur_fritid``;
- from 2023 to 2024 ``trygghet_tillit`` and ``brottsprevention`` rise everywhere.

Each municipality of the region answers with one to three respondents; a few different
municipalities leave each round unanswered, and a few ratings are blank.

Regenerate with ``python -m linnedata demo``.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from linnedata.paths import DEMO_DIR
from linnedata.places.region import default_region
from linnedata.survey import Survey, canonical_columns, read_survey
from linnedata.taxonomy import default_taxonomy

SEED = 20241022
"""The default seed: the day of the 2024 conference."""

ROUNDS: dict[str, tuple[datetime, datetime]] = {
    "2023": (datetime(2023, 8, 21), datetime(2023, 9, 29)),
    "2024": (datetime(2024, 8, 19), datetime(2024, 9, 27)),
}
"""Each demo round and the window its answers are submitted in."""

# --- the typology: which kind of municipality each code is --------------------------

TOWNS: dict[str, str] = {
    "0680": "Jönköping",
    "0683": "Värnamo",
    "0780": "Växjö",
    "0781": "Ljungby",
    "0880": "Kalmar",
    "0882": "Oskarshamn",
    "0883": "Västervik",
    "1080": "Karlskrona",
    "1082": "Karlshamn",
}
"""The larger towns: housing planning and skills supply are pressing."""

COASTAL: dict[str, str] = {
    "0834": "Torsås",
    "0840": "Mörbylånga",
    "0861": "Mönsterås",
    "0885": "Borgholm",
    "1081": "Ronneby",
    "1083": "Sölvesborg",
}
"""Coastal municipalities that are not among the towns: nature, culture and leisure."""

INLAND = "inland"
TOWN = "stad"
COAST = "kust"


TYPED_COUNTIES = frozenset({"06", "07", "08", "10"})
"""The counties :data:`TOWNS` and :data:`COASTAL` were written for (the shipped region)."""


def municipality_type(kommun_kod: str) -> str:
    """``"stad"``, ``"kust"`` or ``"inland"`` (every other municipality of the region).

    In the shipped region's counties the hand-written :data:`TOWNS` and :data:`COASTAL`
    decide; elsewhere (any other region) a code ending in 80–84 is a town, SCB's way of
    numbering a county's larger towns (1280 Malmö, 0180 Stockholm), and the rest inland.

    >>> municipality_type("0780"), municipality_type("0885"), municipality_type("0604")
    ('stad', 'kust', 'inland')
    >>> municipality_type("1280"), municipality_type("1214")
    ('stad', 'inland')
    """
    if kommun_kod in TOWNS or (
        kommun_kod[:2] not in TYPED_COUNTIES and "80" <= kommun_kod[2:] <= "84"
    ):
        return TOWN
    if kommun_kod in COASTAL:
        return COAST
    return INLAND


# --- how pressing each area is, on a 1–5 scale, before noise -------------------------

BASE: dict[str, float] = {
    "kompetensforsorjning": 3.6,
    "skolutveckling": 3.3,
    "befolkningsutveckling": 3.0,
    "kommunal_service": 3.0,
    "naringslivsutveckling": 3.2,
    "integration": 3.0,
    "investeringsbehov": 3.2,
    "skatteunderlag": 2.9,
    "digitalisering": 3.1,
    "infrastruktur": 3.1,
    "bostadsplanering": 2.8,
    "trygghet_tillit": 2.6,
    "brottsprevention": 2.5,
    "natur_kultur_fritid": 2.5,
    "demokrati": 2.6,
}
"""The typical rating of each area across the region."""

PROFILE: dict[str, dict[str, float]] = {
    INLAND: {
        "befolkningsutveckling": 1.6,
        "skatteunderlag": 1.5,
        "kommunal_service": 0.4,
        "bostadsplanering": -0.5,
    },
    TOWN: {
        "bostadsplanering": 1.7,
        "kompetensforsorjning": 1.1,
        "integration": 0.4,
        "infrastruktur": 0.3,
        "befolkningsutveckling": -1.0,
        "skatteunderlag": -0.8,
    },
    COAST: {
        "natur_kultur_fritid": 1.9,
        "befolkningsutveckling": 0.6,
        "infrastruktur": 0.3,
    },
}
"""What each kind of municipality adds to :data:`BASE`."""

ROUND_SHIFT: dict[str, dict[str, float]] = {
    "2023": {},
    "2024": {"trygghet_tillit": 1.2, "brottsprevention": 1.3, "digitalisering": 0.2},
}
"""What each round adds everywhere: safety and crime prevention rise in 2024."""

MISSING_PER_ROUND: dict[str, int] = {"2023": 4, "2024": 3}
"""How many municipalities leave each round unanswered (different ones each round)."""

ROLES = ("kommundirektör", "förvaltningschef", "förtroendevald", "tjänsteperson", "annan")
BLANK_RATING_SHARE = 0.02

# --- the free texts: generic sentences built from the respondent's top areas ---------

AREA_PHRASES: dict[str, tuple[str, str]] = {
    "kompetensforsorjning": (
        "att rekrytera och behålla personal med rätt kompetens",
        "bristen på sökande till lärar-, vård- och teknikertjänster",
    ),
    "skolutveckling": (
        "att höja måluppfyllelsen i skolan",
        "att ge alla elever likvärdiga förutsättningar",
    ),
    "befolkningsutveckling": (
        "en minskande och åldrande befolkning",
        "att unga flyttar härifrån och inte kommer tillbaka",
    ),
    "kommunal_service": (
        "att hålla uppe servicen i hela kommunen med mindre resurser",
        "att kunna erbjuda samma välfärd på landsbygden som i centralorten",
    ),
    "naringslivsutveckling": (
        "att få fler företag att starta och växa här",
        "ett näringsliv som är sårbart när några få arbetsgivare dominerar",
    ),
    "integration": (
        "att nyanlända snabbare ska komma i arbete",
        "att skapa mötesplatser mellan nya och gamla invånare",
    ),
    "investeringsbehov": (
        "stora investeringsbehov i skolor, äldreboenden och VA",
        "att finansiera underhållet av våra fastigheter",
    ),
    "skatteunderlag": (
        "ett krympande skatteunderlag",
        "att få ekonomin att gå ihop när skatteintäkterna inte ökar",
    ),
    "digitalisering": (
        "att ta tillvara digitaliseringens möjligheter i verksamheterna",
        "att digitalisera utan att lämna någon invånare utanför",
    ),
    "infrastruktur": (
        "bristande kommunikationer och vägar",
        "att pendlingen till större arbetsmarknader tar för lång tid",
    ),
    "bostadsplanering": (
        "att det byggs för få bostäder för dem som vill flytta hit",
        "bostadsbristen för unga och studenter",
    ),
    "trygghet_tillit": (
        "att invånarna känner sig otrygga i centrum på kvällarna",
        "ett minskat förtroende för kommunen och andra myndigheter",
    ),
    "brottsprevention": (
        "att unga dras in i kriminalitet",
        "att förebygga brott i samverkan med polis och skola",
    ),
    "natur_kultur_fritid": (
        "att ta hand om kust, natur och besöksnäring på ett hållbart sätt",
        "trycket på natur- och friluftsområden under sommarhalvåret",
    ),
    "demokrati": (
        "ett sjunkande valdeltagande och engagemang i föreningslivet",
        "att det blir svårare att rekrytera förtroendevalda",
    ),
}
"""Two generic phrasings of each area's challenge (a noun phrase, lower case)."""

OPENERS = (
    "Vår största utmaning är {a}.",
    "Just nu är det {a} som oroar oss mest.",
    "Vi behöver kunskap och stöd kring {a}.",
    "Det som präglar arbetet de närmaste åren är {a}.",
)
LINKS = (
    " Det hänger ihop med {b}.",
    " Vi ser också utmaningar kring {b}.",
    " Samtidigt måste vi hantera {b}.",
    "",
)
CLOSERS = (
    " Vi vill gärna samarbeta med forskare kring detta.",
    " En analys eller ett studentprojekt skulle hjälpa oss framåt.",
    " Gärna tillsammans med grannkommunerna.",
    "",
)

README = """\
# Exempeldata – fiktiva svar

Alla svar i den här mappen är påhittade. Ingen verklig kommun, och ingen verklig person,
har sagt något av det; kommunernas namn finns med bara för att kartan ska ha något att visa.

**All data in this folder is fictional.** The answers were generated by a program for the
demo of the dashboard; no real municipality, and no real person, said any of it.

| file | what it holds |
|---|---|
| `enkat_2023.csv` | the fictional 2023 round |
| `enkat_2024.csv` | the fictional 2024 round |
| `forskare.csv` | a fictional competence list for the Seminarier page: invented researchers (every name says *fiktiv*), their areas of expertise and in how many seminars they can take part. Written by hand, not by this generator; Skatteunderlag is left without a researcher on purpose, so the page shows what a gap looks like |

Both files are in the canonical survey format (UTF-8, comma; columns `kommun`,
`inskickad`, `roll`, `betyg_<area>`, `prio_1`–`prio_3`, `samverkansformer`,
`seminarieintresse`, `medfinansiering`, `utmaning_fritext`): one row per respondent, one
to three respondents per municipality, a few municipalities without an answer in each
round, a few blank ratings. They contain no names, e-mail addresses or phone numbers.

The answers are drawn so that the dashboard has something to show: small inland
municipalities rate population development and the tax base as pressing, the larger towns
housing planning and skills supply, the coastal municipalities nature, culture and
leisure; safety and crime prevention rise from 2023 to 2024. The typology and the
profiles are in `linnedata/demo.py`.

## Regenerate (do not edit by hand)

```
python -m linnedata demo
```

The generator is deterministic (seed {seed}): running it again writes the same bytes,
and a test checks that the files here are exactly what it writes.
"""


def demo_files(region: pd.DataFrame | None = None, seed: int = SEED) -> dict[str, bytes]:
    """The demo rounds for ``region`` as canonical CSV bytes, without touching the disk.

    Deterministic per region: the same municipalities and seed give the same bytes. For
    the shipped region these are exactly the bytes of ``data/demo/``.

    Args:
        region: ``kommun_kod, kommun`` of the region (the configured region by default).
        seed: the seed of every random draw.

    Returns:
        ``{round: CSV bytes}`` for every round of :data:`ROUNDS`.
    """
    region = default_region() if region is None else region
    codes = region["kommun_kod"].tolist()
    names = dict(zip(region["kommun_kod"], region["kommun"], strict=True))
    area_ids = default_taxonomy().area_ids
    rng = np.random.default_rng(seed)

    # stable over the rounds: each municipality's own leaning per area
    leaning = rng.normal(0.0, 0.35, size=(len(codes), len(area_ids)))
    missing = _missing_per_round(rng, codes)

    files = {}
    for round_label in ROUNDS:
        round_rng = np.random.default_rng([seed, int(round_label)])
        rows = _round_rows(round_rng, round_label, codes, names, area_ids, leaning, missing)
        files[round_label] = _csv_bytes(rows, area_ids)
    return files


def generate_demo(out_dir: Path = DEMO_DIR, seed: int = SEED) -> list[Path]:
    """Write the demo survey rounds of the configured region and their README to ``out_dir``.

    Args:
        out_dir: the folder to write to (created if missing); the shipped demo by default.
        seed: the seed of every random draw.

    Returns:
        The paths written: ``enkat_2023.csv``, ``enkat_2024.csv``, ``README.md``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for round_label, data in demo_files(seed=seed).items():
        path = out_dir / f"enkat_{round_label}.csv"
        path.write_bytes(data)
        written.append(path)
    readme = out_dir / "README.md"
    readme.write_bytes(README.replace("{seed}", str(seed)).encode("utf-8"))
    written.append(readme)
    return written


def load_demo(demo_dir: Path | None = None) -> dict[str, Survey]:
    """The demo rounds: generated in memory for the configured region, or read from a folder.

    The app always generates (:func:`demo_files`), so that any region in
    ``data/region.csv`` gets a demo of its own municipalities with no file to regenerate;
    for the shipped region the bytes equal ``data/demo/enkat_*.csv``, which stay in git as
    examples of the canonical import format (a test keeps the two identical).

    Args:
        demo_dir: a folder of ``enkat_<round>.csv`` files to read instead.

    Returns:
        ``{round: Survey}`` sorted by round; the round label is the file name's suffix.

    Raises:
        InputError: a file does not read cleanly (the generated files always do).
    """
    if demo_dir is None:
        return {
            label: read_survey(data, round_label=label, file_name=f"enkat_{label}.csv")
            for label, data in demo_files().items()
        }
    return {
        path.stem.removeprefix("enkat_"): read_survey(
            path, round_label=path.stem.removeprefix("enkat_"), file_name=path.name
        )
        for path in sorted(demo_dir.glob("enkat_*.csv"))
    }


def demo_typology(region: pd.DataFrame | None = None) -> pd.Series:
    """The demo's municipality type per code, for :func:`linnedata.figures.measures.group_measures`.

    Args:
        region: ``kommun_kod`` of the region (the shipped region by default).

    Returns:
        ``"stad"``, ``"kust"`` or ``"inland"`` indexed by ``kommun_kod``.
    """
    region = default_region() if region is None else region
    codes = region["kommun_kod"].tolist()
    return pd.Series([municipality_type(c) for c in codes], index=codes, name="typ")


# --- helpers -------------------------------------------------------------------------


def _missing_per_round(rng: np.random.Generator, codes: list[str]) -> dict[str, set[str]]:
    """Different municipalities without an answer in each round."""
    order = rng.permutation(len(codes))
    missing: dict[str, set[str]] = {}
    start = 0
    for round_label, count in MISSING_PER_ROUND.items():
        missing[round_label] = {codes[i] for i in order[start : start + count]}
        start += count
    return missing


def _round_rows(
    rng: np.random.Generator,
    round_label: str,
    codes: list[str],
    names: dict[str, str],
    area_ids: list[str],
    leaning: np.ndarray,
    missing: dict[str, set[str]],
) -> list[dict[str, str]]:
    """One round's rows in the canonical columns, ordered by submission time."""
    labels = default_taxonomy().labels("area")
    form_labels = list(default_taxonomy().labels("form").values())
    shift = ROUND_SHIFT[round_label]
    start, end = ROUNDS[round_label]
    window_days = (end - start).days
    rows: list[tuple[datetime, dict[str, str]]] = []
    for index, code in enumerate(codes):
        if code in missing[round_label]:
            continue
        kind = municipality_type(code)
        profile = PROFILE[kind]
        typical = (
            np.array([BASE[a] + profile.get(a, 0.0) + shift.get(a, 0.0) for a in area_ids])
            + leaning[index]
        )
        weights = [0.25, 0.4, 0.35] if kind == TOWN else [0.5, 0.3, 0.2]
        n_respondents = int(rng.choice([1, 2, 3], p=weights))
        for _ in range(n_respondents):
            latent = typical + rng.normal(0.0, 0.6, size=len(area_ids))
            ratings = np.clip(np.rint(latent), 1, 5).astype(int)
            blank = rng.random(len(area_ids)) < BLANK_RATING_SHARE
            top = [area_ids[i] for i in np.argsort(-(latent + rng.gumbel(0, 0.3, len(latent))))]
            n_prio = 2 if rng.random() < 0.08 else 3
            submitted = start + timedelta(
                days=int(rng.integers(0, window_days + 1)),
                hours=int(rng.integers(8, 17)),
                minutes=int(rng.integers(0, 60)),
            )
            forms = rng.choice(len(form_labels), size=int(rng.integers(1, 5)), replace=False)
            row = {
                "kommun": _municipality_cell(rng, code, names[code]),
                "inskickad": submitted.strftime("%Y-%m-%d %H:%M"),
                "roll": str(rng.choice(ROLES, p=[0.3, 0.3, 0.15, 0.2, 0.05])),
            }
            for area, value, is_blank in zip(area_ids, ratings, blank, strict=True):
                row[f"betyg_{area}"] = "" if is_blank else str(value)
            for rank in range(3):
                row[f"prio_{rank + 1}"] = labels[top[rank]] if rank < n_prio else ""
            row["samverkansformer"] = ";".join(form_labels[i] for i in sorted(forms))
            row["seminarieintresse"] = str(rng.choice(["ja", "nej", "kanske"], p=[0.6, 0.15, 0.25]))
            row["medfinansiering"] = str(rng.choice(["ja", "nej", "vet ej"], p=[0.3, 0.25, 0.45]))
            row["utmaning_fritext"] = _free_text(rng, top[0], top[1])
            rows.append((submitted, row))
    rows.sort(key=lambda item: (item[0], item[1]["kommun"]))
    return [row for _, row in rows]


def _municipality_cell(rng: np.random.Generator, code: str, name: str) -> str:
    """Mostly the name, sometimes the code; Habo always by code (Håbo is spelt alike)."""
    if code == "0643" or rng.random() < 0.15:
        return code
    return name


def _free_text(rng: np.random.Generator, first: str, second: str) -> str:
    """A generic Swedish sentence or three about the respondent's two top areas."""
    if rng.random() < 0.1:
        return ""
    a = AREA_PHRASES[first][int(rng.integers(0, 2))]
    b = AREA_PHRASES[second][int(rng.integers(0, 2))]
    text = (
        OPENERS[int(rng.integers(0, len(OPENERS)))].format(a=a)
        + LINKS[int(rng.integers(0, len(LINKS)))].format(b=b)
        + CLOSERS[int(rng.integers(0, len(CLOSERS)))]
    )
    return text


def _csv_bytes(rows: list[dict[str, str]], area_ids: list[str]) -> bytes:
    columns = canonical_columns(area_ids)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


if __name__ == "__main__":  # pragma: no cover - `python -m linnedata demo` is the entry
    for written_path in generate_demo():
        print(written_path)


# --- the questionnaire's open round (issue 19): a fictional tracking page --------------------
