"""Read and validate survey exports into tidy tables: one package, one module per stage.

bytes (:mod:`.source`) → grid (:mod:`.text_grid`, :mod:`.xlsx_grid`) → header
(:mod:`.header`) → columns (:mod:`.columns`, :mod:`.table`) → cells (:mod:`.cells`) →
validation (:mod:`.validation`, the tidy tables :mod:`.tidy`) → privacy (:mod:`.privacy`); :mod:`.api` and
:mod:`.report` are what callers use. Every choice is one :class:`ReadOptions`; every
problem a :class:`~linnedata.errors.Problem` collected in one pass, and an import with any
error raises one :class:`~linnedata.errors.InputError` carrying all errors and warnings.
"""

from __future__ import annotations

from linnedata.errors import Alternatives, Phrase, SurveyProblem
from linnedata.survey.api import (
    MAX_BYTES,
    Inspection,
    Source,
    Survey,
    inspect,
    inspect_survey,
    read_survey,
    round_from_file_name,
    survey_of,
    validation_report,
)
from linnedata.survey.cells import (
    CHOICES,
    COFINANCING,
    LOCAL_TIME,
    ROLES,
    SEMINAR,
    parse_choice,
    parse_rating,
    parse_timestamp,
    split_forms,
)
from linnedata.survey.columns import (
    IGNORE,
    PERSONAL,
    PRIO_COLUMNS,
    RATING_PREFIX,
    REASON_KEYS,
    SINGLE_COLUMNS,
    MappingDecision,
    auto_map,
    default_aliases,
    key,
)
from linnedata.survey.header import (
    CANONICAL_CSV,
    FORMAT_CHOICES,
    FORMAT_TEXT_KEYS,
    FORMATS,
    SurveyFormat,
)
from linnedata.survey.options import ReadOptions
from linnedata.survey.privacy import redact, redacted
from linnedata.survey.profiles import (
    PROFILE_DIR,
    FileProfileStore,
    MappingProfile,
    ProfileStore,
    signature,
)
from linnedata.survey.report import detection_line, report_of
from linnedata.survey.source import decode_text
from linnedata.survey.table import CanonicalTable, ReadInfo, read_canonical_csv, read_table
from linnedata.survey.validation import ValidationResult, validate


def canonical_columns(area_ids: list[str]) -> list[str]:
    """The canonical CSV's columns in the questionnaire's order, with one rating per area.

    >>> canonical_columns(["integration"])[:4]
    ['kommun', 'inskickad', 'roll', 'betyg_integration']
    """
    return [*SINGLE_COLUMNS[:3], *(RATING_PREFIX + a for a in area_ids), *SINGLE_COLUMNS[3:]]


__all__ = [
    "CANONICAL_CSV",
    "CHOICES",
    "COFINANCING",
    "FORMATS",
    "FORMAT_CHOICES",
    "FORMAT_TEXT_KEYS",
    "IGNORE",
    "LOCAL_TIME",
    "MAX_BYTES",
    "PERSONAL",
    "PRIO_COLUMNS",
    "PROFILE_DIR",
    "RATING_PREFIX",
    "REASON_KEYS",
    "ROLES",
    "SEMINAR",
    "SINGLE_COLUMNS",
    "Alternatives",
    "CanonicalTable",
    "FileProfileStore",
    "Inspection",
    "MappingDecision",
    "MappingProfile",
    "Phrase",
    "ProfileStore",
    "ReadInfo",
    "ReadOptions",
    "Source",
    "Survey",
    "SurveyFormat",
    "SurveyProblem",
    "ValidationResult",
    "auto_map",
    "canonical_columns",
    "decode_text",
    "default_aliases",
    "detection_line",
    "inspect",
    "inspect_survey",
    "key",
    "parse_choice",
    "parse_rating",
    "parse_timestamp",
    "read_canonical_csv",
    "read_survey",
    "read_table",
    "redact",
    "redacted",
    "report_of",
    "round_from_file_name",
    "signature",
    "split_forms",
    "survey_of",
    "validate",
    "validation_report",
]
