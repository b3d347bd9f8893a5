"""The survey reader's data: what it reads a file into and what it tells about the read.

:class:`Survey` (one imported round as tidy tables), :class:`Inspection` (everything a read
found), :class:`ReadInfo` (how a file was read), :class:`CanonicalTable` (the text cells
under canonical names) and :class:`ValidationResult` (what validation found). The modules
that make them (:mod:`~linnedata.survey.api`, :mod:`~linnedata.survey.table`,
:mod:`~linnedata.survey.validation`) still export them under their old names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from linnedata.errors import Problem
from linnedata.survey.columns import MappingDecision
from linnedata.survey.labels import LabelUse
from linnedata.survey.options import ReadOptions


@dataclass(frozen=True)
class CanonicalTable:
    """A survey export as text cells under canonical column names.

    Attributes:
        cells: one row per non-empty record; a ``kalla_rad`` column (int, the record's row
            as a spreadsheet shows it, header = 1) and one text column per canonical
            column found (``kommun``, ``betyg_integration`` …). Blank cells are "".
        headers: canonical column → the header as it reads in the file (for messages).
        errors: problems found while reading that stop the import.
        warnings: problems found while reading that do not.
        date_order: ``"mdy"`` when the tool writes ``m/d/yyyy`` (SurveyMonkey), else None
            (told by the dates themselves).
        zone: the zone of the times written without one when the time column's header
            names it (``"UTC"``: Typeform's ``Submit Date (UTC)``); None: Swedish time.
    """

    cells: pd.DataFrame
    headers: dict[str, str]
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    date_order: str | None = None
    zone: str | None = None


@dataclass
class ReadInfo:
    """How a file was read: what the detection line, the mapping table and the scrubber use.

    Attributes:
        source_format: the format's name (:data:`~linnedata.survey.header.FORMATS`).
        container: ``"text"`` or ``"xlsx"``.
        encoding, separator: for text files.
        sheet: the sheet read; sheets: every sheet with content.
        header_row: the header's row as a spreadsheet shows it (0 when not found).
        decisions: the column mapping, one decision per header.
        profile: the name of the saved profile applied, if any.
        redactions: e-mail addresses, phone numbers and personnummer removed from free text.
        personal: positions (0 = first) of the columns of personal data.
        member: the file read inside a zip (Google Forms' ``.csv.zip``).
        data: the bytes read (a zip's member taken out), for the scrubber.
        values: the value mapping applied (rating label → number): a profile's and the
            steward's own.
        proposed: target → the header of the column its cells suggest (``{"kommun":
            "Ort"}``), when no header names the municipality.
        tool: the survey tool whose shape was recognised (``qualtrics``, ``surveymonkey``,
            ``limesurvey``, ``typeform``), "" when none.
        unfinished: the responses the tool marks as never finished (left out unless kept).
    """

    source_format: str = "canonical-csv"
    container: str = "text"
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int = 0
    decisions: list[MappingDecision] = field(default_factory=list)
    profile: str | None = None
    redactions: int = 0
    personal: tuple[int, ...] = ()
    member: str | None = None
    data: bytes = field(default=b"", repr=False)
    values: dict[str, int] = field(default_factory=dict)
    proposed: dict[str, str] = field(default_factory=dict)
    tool: str = ""
    unfinished: int = 0


@dataclass
class ValidationResult:
    """What validation found; tables are built even when there are errors (for reports)."""

    responses: pd.DataFrame
    ratings: pd.DataFrame
    forms: pd.DataFrame
    errors: list[Problem]
    warnings: list[Problem]
    redactions: int = 0
    assumed_zone: str | None = None  # the zone times without one were read in
    # rating labels not on the scale: mapped by the steward (value set) or unknown (None)
    rating_labels: list[LabelUse] = field(default_factory=list)


@dataclass
class Inspection:
    """Everything an import found: the outcome of validation and how the file was read."""

    info: ReadInfo
    outcome: ValidationResult
    file_name: str
    options: ReadOptions | None = None


@dataclass(frozen=True)
class Survey:
    """One imported round of the survey, as tidy tables.

    Attributes:
        round: the round's label, e.g. ``"2024"``.
        responses: one row per respondent (duplicates removed): ``respondent`` (1..n),
            ``kalla_rad`` (row in the source file, header = row 1), ``kommun_kod``
            ("0780"), ``inskickad`` (datetime64[ns, UTC] or NaT: the zone written in the
            file honoured, else Swedish time assumed), ``roll``, ``prio_1``,
            ``prio_2``, ``prio_3`` (area ids), ``seminarieintresse``, ``medfinansiering``
            (text or <NA>) and ``utmaning_fritext`` ("" when blank).
        ratings: ``respondent, area_id, betyg`` (Int64, <NA> when blank): one row per
            respondent and area of the taxonomy, in taxonomy order.
        forms: ``respondent, form_id``: one row per chosen form of collaboration.
        warnings: problems that did not stop the import.
        source_format: the format the file was read as, e.g. ``"canonical-csv"``.
        file_name: the uploaded file's name.
        sheet: the workbook sheet read (XLSX only).
        header_row: the header's row as a spreadsheet shows it.
        encoding: the text encoding (text files only).
        separator: the separator (text files only).
        mapping: how every column of the file was read.
        profile: the name of the saved mapping profile applied, if any.
        redactions: e-mail addresses and phone numbers removed from the free text.
    """

    round: str
    responses: pd.DataFrame
    ratings: pd.DataFrame
    forms: pd.DataFrame
    warnings: tuple[Problem, ...]
    source_format: str
    file_name: str
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None
    separator: str | None = None
    mapping: tuple[MappingDecision, ...] = ()
    profile: str | None = None
    redactions: int = 0


__all__ = ["CanonicalTable", "Inspection", "ReadInfo", "Survey", "ValidationResult"]
