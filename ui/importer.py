"""The import review: how a file was read, its column mapping, and every problem in it.

:func:`review` is the Streamlit half of :func:`linnedata.survey.inspect_survey`; the Data
page calls it with the uploaded bytes. It shows

* the detection line ("Läst som Microsoft Forms, blad 'Sheet1'."),
* a sheet choice when the workbook has several, and the header row (found or given),
* the column mapping as an editable table (every decision and why) with "save as profile",
* the validation report as a table (row, column, value, message) and the warnings,

and returns the :class:`~linnedata.survey.Survey` when the file can be imported.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from linnedata.errors import Problem, capped
from linnedata.survey import (
    REASON_KEYS,
    Inspection,
    MappingProfile,
    ProfileStore,
    Survey,
    inspect_survey,
    survey_of,
)
from linnedata.survey import columns as mapping
from linnedata.taxonomy import default_taxonomy
from ui import lang, safe, say, tr
from ui import table as ui_table

# The text of each canonical question and of each reason of a mapping decision.
QUESTION_KEYS = {
    "kommun": "fraga_kommun",
    "inskickad": "fraga_inskickad",
    "roll": "fraga_roll",
    "prio_1": "fraga_prio_1",
    "prio_2": "fraga_prio_2",
    "prio_3": "fraga_prio_3",
    "samverkansformer": "fraga_samverkansformer",
    "seminarieintresse": "fraga_seminarieintresse",
    "medfinansiering": "fraga_medfinansiering",
    "utmaning_fritext": "fraga_utmaning_fritext",
}


def _state(key: str) -> dict[str, Any]:
    """This review's own state (sheet, header row, overrides), per file."""
    return st.session_state.setdefault(f"{key}__review", {})


def target_label(target: str) -> str:
    """A mapping target as a person reads it ("Betyg: Integration", "(läses inte)")."""
    if target == mapping.IGNORE:
        return tr("mappning_ingen")
    if target == mapping.PERSONAL:
        return tr("mappning_personuppgift")
    if target.startswith(mapping.RATING_PREFIX):
        area = target[len(mapping.RATING_PREFIX) :]
        return tr("mappning_betyg", area=default_taxonomy().label("area", area, lang()))
    return tr(QUESTION_KEYS[target])


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with the columns Row, Column, Value, Message."""
    rows = [p.as_dict(lang()) for p in problems]
    table = pd.DataFrame(rows, columns=["row", "column", "value", "message"])
    for column in ("row", "column", "value"):  # a whole-file problem has no row: blank
        table[column] = ["" if v is None else str(v) for v in table[column]]
    return table.rename(
        columns={
            "row": tr("rapport_rad"),
            "column": tr("rapport_kolumn"),
            "value": tr("rapport_varde"),
            "message": tr("rapport_meddelande"),
        }
    )


def shorten(header: str, limit: int = 48) -> str:
    """A long header with its middle left out: a grid question's [item] stays in sight.

    >>> shorten("Hur angeläget är varje utmaningsområde för din kommun? [Integration]")
    'Hur angeläget är … din kommun? [Integration]'
    """
    if len(header) <= limit:
        return header
    tail_length = limit * 3 // 5
    head = header[: limit - tail_length - 2]
    tail = header[-tail_length:]
    head = head.rsplit(" ", 1)[0] if " " in head else head  # whole words only
    tail = tail.split(" ", 1)[1] if " " in tail[:-1] else tail
    return f"{head} … {tail}"


def mapping_table(found: Inspection) -> pd.DataFrame:
    """The column mapping: header, target, reason — one row per column of the file."""
    return pd.DataFrame(
        {
            "kolumn": [shorten(d.header) for d in found.info.decisions],
            "mal": [d.target for d in found.info.decisions],
            "grund": [tr(REASON_KEYS[d.reason]) for d in found.info.decisions],
        }
    )


def review(
    data: bytes,
    file_name: str,
    *,
    round_label: str,
    profiles: ProfileStore,
    key: str = "import",
) -> Survey | None:
    """:func:`review_found`'s survey alone."""
    return review_found(data, file_name, round_label=round_label, profiles=profiles, key=key)[1]


def review_found(
    data: bytes,
    file_name: str,
    *,
    round_label: str,
    profiles: ProfileStore,
    key: str = "import",
) -> tuple[Inspection, Survey | None]:
    """Show how ``data`` reads and what is wrong with it; the survey when importable.

    Args:
        data: the uploaded file's bytes.
        file_name: its name (shown, and used to tell a renamed CSV).
        round_label: the round the file is imported as.
        profiles: where column-mapping profiles are found and saved.
        key: a prefix for the widget keys (several reviews on one page).

    Returns:
        The inspection the steward is shown (for the import log), and the survey when it
        has no errors, else None.
    """
    file_id = hashlib.sha256(data).hexdigest()[:12]
    state = _state(f"{key}_{file_id}")
    options: dict[str, Any] = {
        "round_label": round_label,
        "file_name": file_name,
        "sheet": state.get("sheet"),
        "header_row": state.get("header_row"),
        "mapping": state.get("overrides") or None,
        "profiles": profiles,
        "allow_outside_region": state.get("allow", False),
    }
    found = inspect_survey(data, **options)
    info = found.info

    # the detection line and the choices the file needs
    if info.decisions:
        st.info(safe(_detection(found)))
    if len(info.sheets) > 1:
        sheet = st.selectbox(
            tr("import_blad"),
            options=list(info.sheets),
            index=list(info.sheets).index(info.sheet) if info.sheet in info.sheets else None,
            placeholder=tr("import_blad_valj"),
            key=f"{key}_{file_id}_sheet",
        )
        if sheet != state.get("sheet"):
            state["sheet"] = sheet
            st.rerun()
    left, right = st.columns(2)
    header_row = left.number_input(
        tr("import_rubrikrad"),
        min_value=1,
        value=state.get("header_row"),
        step=1,
        placeholder=tr("import_rubrikrad_auto"),
        help=tr("import_rubrikrad_hjalp"),
        key=f"{key}_{file_id}_header_row",
    )
    if header_row != state.get("header_row"):
        state["header_row"] = None if header_row is None else int(header_row)
        st.rerun()
    allow = right.checkbox(
        tr("import_tillat_utanfor"), value=state.get("allow", False), key=f"{key}_{file_id}_allow"
    )
    if allow != state.get("allow", False):
        state["allow"] = allow
        st.rerun()

    # the column mapping
    if info.decisions:
        _mapping_editor(found, state, profiles, f"{key}_{file_id}")

    # the report
    errors, warnings = found.outcome.errors, found.outcome.warnings
    if errors:
        st.error(tr("import_fel", errors=len(errors), warnings=len(warnings)))
        _show_problems(errors, f"{key}_{file_id}_errors")
    else:
        codes = found.outcome.responses["kommun_kod"].dropna()
        st.success(
            tr(
                "import_ok",
                responses=len(found.outcome.responses),
                municipalities=int(codes.nunique()),
                warnings=len(warnings),
            )
        )
    if warnings:
        st.warning(tr("import_varningar", warnings=len(warnings)))
        _show_problems(warnings, f"{key}_{file_id}_warnings")
    if errors:
        return found, None
    return found, survey_of(found, round_label)


WRAPPED_ROWS = 100  # up to this many problems as a table whose messages wrap


def _show_problems(problems: list[Problem], key: str) -> None:
    """The problems as a table (at most the report's number per column and rule): wrapped
    text when few, a scrollable grid when many."""
    listed, left_off = capped(problems)
    table = problem_table(listed)
    if len(table) <= WRAPPED_ROWS:
        ui_table(table, hide_index=True)
    else:
        st.dataframe(table, hide_index=True, key=key)
    if left_off:
        st.caption(tr("rapport_fler", count=left_off))


def _detection(found: Inspection) -> str:
    from linnedata.survey import detection_line

    return detection_line(found.info, lang())


def _mapping_editor(
    found: Inspection, state: dict[str, Any], profiles: ProfileStore, key: str
) -> None:
    """The editable mapping table and the "save as profile" control."""
    st.subheader(tr("mappning_rubrik"))
    st.caption(tr("mappning_forklaring"))
    table = mapping_table(found)
    overrides: dict[str, str] = dict(state.get("overrides") or {})
    version = hashlib.sha256(repr(sorted(overrides.items())).encode()).hexdigest()[:8]
    edited = st.data_editor(
        table,
        hide_index=True,
        height=min(38 + 35 * len(table), 600),
        disabled=["kolumn", "grund"],
        column_config={
            "kolumn": st.column_config.TextColumn(tr("mappning_kolumn"), width=340),
            "mal": st.column_config.SelectboxColumn(
                tr("mappning_mal"),
                width=200,
                options=mapping.targets(default_taxonomy()),
                format_func=target_label,
                required=False,
            ),
            "grund": st.column_config.TextColumn(tr("mappning_grund"), width=160),
        },
        key=f"{key}_mapping_{version}",
    )
    headers = [d.header for d in found.info.decisions]  # in full: the table shortens them
    changed = {
        header: (target or mapping.IGNORE)
        for header, target, before in zip(headers, edited["mal"], table["mal"], strict=True)
        if (target or mapping.IGNORE) != before and mapping.key(header)
    }
    if changed:
        overrides.update(changed)
        state["overrides"] = overrides
        st.rerun()
    if overrides and st.button(tr("mappning_aterstall"), key=f"{key}_reset"):
        state["overrides"] = {}
        st.rerun()
    with st.form(f"{key}_profile_form", clear_on_submit=False, border=False):
        name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        name = name_col.text_input(
            tr("mappning_profilnamn"),
            value=found.info.profile or "",
            placeholder=tr("mappning_profilnamn_exempel"),
            key=f"{key}_profile_name",
        )
        saved = button_col.form_submit_button(tr("mappning_spara"))
    if saved:
        if not name.strip():
            st.error(tr("mappning_namn_saknas"))
        else:
            profiles.save_profile(MappingProfile.from_decisions(name, found.info.decisions))
            st.success(say("mappning_sparad", name=name.strip()))


__all__ = ["mapping_table", "problem_table", "review", "target_label"]
