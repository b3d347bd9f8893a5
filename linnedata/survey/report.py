"""What a steward is shown about a read: the detection line and the bounded report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linnedata import i18n
from linnedata.errors import REPORT_CAP, capped
from linnedata.survey.columns import targets
from linnedata.survey.header import FORMAT_TEXT_KEYS
from linnedata.survey.privacy import dropped_columns
from linnedata.survey.table import ReadInfo
from linnedata.taxonomy import default_taxonomy

if TYPE_CHECKING:
    from linnedata.survey.api import Inspection

_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
    "utf-8+cp1252": "UTF-8 + Windows-1252",
}
_SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab"}


def report_of(found: Inspection, lang: str = "sv", cap: int = REPORT_CAP) -> dict[str, Any]:
    """The JSON-ready validation report of an inspection.

    Returns:
        ``{"ok", "file_name", "source_format", "detected", "sheet", "sheets",
        "header_row", "encoding", "separator", "profile", "mapping", "responses",
        "municipalities", "redactions", "dropped", "assumed_zone", "rating_labels", "proposed", "errors", "warnings", "error_count",
        "warning_count", "errors_left_off", "warnings_left_off"}``; errors and warnings as
        ``{row, column, value, message}``, at most ``cap`` per column and rule (the
        counts are of all). ``assumed_zone`` names the zone times without one were read
        in (None when every time said its zone, or there are none). ``rating_labels``
        lists the labels off the scale: ``{label, count, rows (the first 5), column, value}``
        (``value`` None while unmapped). ``proposed`` maps a target to the header of the
        column whose cells suggest it (``{"kommun": "Ort"}``) when no header names it. ``responses`` counts the readable, non-duplicate answer rows.
        ``dropped`` lists every column nothing of is kept (``{column, reason}``: the header,
        redacted, and ``personuppgift``, ``metadata`` or ``ej_mappad``), never its values;
        ``redactions`` counts the personal data replaced in the free text.
    """
    outcome, info = found.outcome, found.info
    codes = outcome.responses["kommun_kod"].dropna()
    errors, errors_left = capped(outcome.errors, cap)
    warnings, warnings_left = capped(outcome.warnings, cap)
    return {
        "ok": not outcome.errors,
        "file_name": found.file_name,
        "source_format": info.source_format,
        "detected": detection_line(info, lang),
        "sheet": info.sheet,
        "sheets": list(info.sheets),
        "header_row": info.header_row,
        "encoding": info.encoding,
        "separator": info.separator,
        "profile": info.profile,
        "mapping": [
            {"column": d.header, "target": d.target, "reason": d.reason} for d in info.decisions
        ],
        "responses": len(outcome.responses),
        "municipalities": int(codes.nunique()),
        "redactions": info.redactions,
        "dropped": dropped_of(found),
        "assumed_zone": outcome.assumed_zone,
        "rating_labels": [u.as_dict() for u in outcome.rating_labels],
        "proposed": dict(info.proposed),
        "errors": [p.as_dict(lang) for p in errors],
        "warnings": [p.as_dict(lang) for p in warnings],
        "error_count": len(outcome.errors),
        "warning_count": len(outcome.warnings),
        "errors_left_off": errors_left,
        "warnings_left_off": warnings_left,
    }


def dropped_of(found: Inspection) -> list[dict[str, str]]:
    """The columns nothing of is kept: ``{column (header, redacted), reason}``."""
    valid = targets((found.options and found.options.taxonomy) or default_taxonomy())
    return [c.as_dict() for c in dropped_columns(found.info.decisions, valid)]


_DROPPED_KEYS = {
    "personuppgift": "utelamnat_personuppgift",
    "metadata": "utelamnat_metadata",
    "ej_mappad": "utelamnat_ej_mappad",
}


def dropped_line(dropped: list[dict[str, str]], lang: str = "sv", shown: int = 12) -> str:
    """What was not kept, for the steward: the dropped headers by reason ("" when none).

    >>> dropped_line([{"column": "IPAddress", "reason": "personuppgift"}], "en")
    "Not kept: 1 columns that are not the survey's questions (personal data: 'IPAddress'). \
Only the mapped questions' answers are kept, never the file itself."
    """
    if not dropped:
        return ""
    parts = []
    for reason in _DROPPED_KEYS:
        headers = [d["column"] for d in dropped if d["reason"] == reason]
        if headers:
            listed = ", ".join(f"'{h}'" for h in headers[:shown]) + (
                f" … (+{len(headers) - shown})" if len(headers) > shown else ""
            )
            parts.append(i18n.t(_DROPPED_KEYS[reason], lang, columns=listed))
    return i18n.t("utelamnat_kolumner", lang, count=len(dropped), columns="; ".join(parts))


def detection_line(info: ReadInfo, lang: str = "sv") -> str:
    """ "Läst som Microsoft Forms, blad 'Sheet1'." and the like."""
    name = i18n.t(FORMAT_TEXT_KEYS[info.source_format], lang)
    parts = [i18n.t("inlast_som", lang, format=name)]
    if info.member:
        parts.append(i18n.t("inlast_zip", lang, member=info.member))
    if info.sheet:
        parts.append(i18n.t("inlast_blad", lang, sheet=info.sheet))
    if info.encoding:
        encoding = (
            i18n.t("kodning_utf8_bom", lang)
            if info.encoding == "utf-8-sig"
            else _ENCODING_NAMES.get(info.encoding, info.encoding)
        )
        parts.append(i18n.t("inlast_kodning", lang, encoding=encoding))
    if info.separator:
        parts.append(i18n.t("inlast_avgransare", lang, separator=_SEPARATOR_NAMES[info.separator]))
    if info.header_row > 1:
        parts.append(i18n.t("inlast_rubrikrad", lang, row=info.header_row))
    if info.profile:
        parts.append(i18n.t("inlast_profil", lang, profile=info.profile))
    return ", ".join(parts) + "."


__all__ = ["detection_line", "dropped_line", "dropped_of", "report_of"]
