"""The PDF report buttons on Kommunprofil and Översikt (``linnedata.reports.pdf``).

A report is made only when the button is clicked (a deferred download), and kept per
``(store url, revision)``, competence-registry and projects revisions, municipality, round and language, so a second click, or another
visitor's, costs nothing and a publish gives a new report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from linnedata import i18n
from linnedata.figures import method
from linnedata.reports import pdf
from linnedata.views.dataset import Dataset
from ui import competence, data, lang, projects, tr

REGION = ""
"""The ``code`` of the Regionrapport."""


@data.round_cache(max_entries=32)
def _report(
    key: data.Key,
    _data: Dataset,
    registry_key: int,
    code: str,
    round_label: str,
    lang: str,
    _people: pd.DataFrame,
    _shipped: bool,
    projects_key: int,
    _projects: tuple[dict[str, Any], ...],
) -> bytes:
    source = None if _shipped else i18n.t("rapport_kompetensregistret", lang)
    report = pdf.ReportData(
        _data, pdf.registry_finder(_people), source, registry=_people, projects=_projects
    )
    if code == REGION:
        return pdf.region_report(report, round_label, lang)
    return pdf.kommun_report(report, code, round_label, lang)


def _make(code: str, round_label: str, lang: str) -> Callable[[], bytes]:
    """The report of the current store and registry revisions, made when called."""
    key, dataset = data.current()
    people, shipped = competence.registry()
    revision = competence.registry_key()
    records, records_key = projects.projects_now()
    return lambda: _report(
        key, dataset, revision, code, round_label, lang, people, shipped, records_key, records
    )


def file_name(code: str, round_label: str, lang: str) -> str:
    """``kommunrapport_0780_2024_sv.pdf`` or ``regionrapport_2024_en.pdf``."""
    if code == REGION:
        return f"regionrapport_{round_label}_{lang}.pdf"
    return f"kommunrapport_{code}_{round_label}_{lang}.pdf"


def pdf_button(code: str, round_label: str, lang: str, *, key: str, container: Any = None) -> None:
    """The download button of a report; the PDF is made when it is clicked.

    Args:
        code: the municipality, or :data:`REGION` for the Regionrapport.
        round_label: the round the report is about.
        lang: the report's language (the page's).
        key: the button's widget key.
        container: where to draw it; the page by default.
    """
    label = tr("rapport_knapp_region" if code == REGION else "rapport_knapp_kommun")
    (container or st).download_button(
        label,
        data=_make(code, round_label, lang),
        file_name=file_name(code, round_label, lang),
        mime="application/pdf",
        key=key,
        help=tr("rapport_knapp_hjalp"),
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


def chart_help(measure: str) -> str:
    """A chart's help icon: the measure's definition and source (``linnedata.figures.method``,
    the same text as the page Om data och metod); ``"svarande"`` for a count of respondents."""
    return method.chart_help(measure, lang())
