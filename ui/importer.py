"""The import review: how a file was read, its column mapping, and every problem in it.

:func:`review` is the Streamlit half of :func:`linnedata.survey.inspect_survey`; the Data
page calls it with the uploaded bytes. It shows

* the detection line ("Läst som Microsoft Forms, blad 'Sheet1'."),
* a sheet choice when the workbook has several, and the header row (found or given),
* the column mapping as an editable table (every decision and why),
* the value mapping: a number for each rating label that is not on the scale,
* "save as profile" (the column mapping and the value mapping together),
* the validation report as a table (row, column, value, message) and the warnings,

and returns the :class:`~linnedata.survey.Survey` when the file can be imported.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from linnedata.errors import Problem, capped, problem_table
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
from linnedata.survey.labels import SHOWN_LABELS
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
    key = f"{key}_{hashlib.sha256(data).hexdigest()[:12]}"
    state = _state(key)
    found = inspect_survey(
        data,
        round_label=round_label,
        file_name=file_name,
        sheet=state.get("sheet"),
        header_row=state.get("header_row"),
        mapping=state.get("overrides") or None,
        values=dict(state.get("values") or {}),
        profiles=profiles,
        allow_outside_region=state.get("allow", False),
        keep_unfinished=state.get("keep_unfinished", False),
    )
    if found.info.decisions:
        st.info(safe(_detection(found)))
    _read_choices(found, state, key)
    if found.info.decisions:
        _proposal(found, state, key)
        _mapping_editor(found, state, key)
        _values_editor(found, state, key)
        _profile_form(found, profiles, key)
    _report(found, key)
    if found.outcome.errors:
        return found, None
    return found, survey_of(found, round_label)


def _read_choices(found: Inspection, state: dict[str, Any], key: str) -> None:
    """The sheet (when the workbook has several), the header row and the region choice."""
    info = found.info
    if len(info.sheets) > 1:
        sheet = st.selectbox(
            tr("import_blad"),
            options=list(info.sheets),
            index=list(info.sheets).index(info.sheet) if info.sheet in info.sheets else None,
            placeholder=tr("import_blad_valj"),
            key=f"{key}_sheet",
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
        key=f"{key}_header_row",
    )
    if header_row != state.get("header_row"):
        state["header_row"] = None if header_row is None else int(header_row)
        st.rerun()
    allow = right.checkbox(
        tr("import_tillat_utanfor"), value=state.get("allow", False), key=f"{key}_allow"
    )
    if allow != state.get("allow", False):
        state["allow"] = allow
        st.rerun()
    if info.unfinished:  # only a file with responses its tool marks as unfinished
        keep = right.checkbox(
            tr("import_ta_med_ofullstandiga"),
            value=state.get("keep_unfinished", False),
            key=f"{key}_keep_unfinished",
        )
        if keep != state.get("keep_unfinished", False):
            state["keep_unfinished"] = keep
            st.rerun()


def _report(found: Inspection, key: str) -> None:
    """The validation report: the outcome, then the errors and the warnings as tables."""
    errors, warnings = found.outcome.errors, found.outcome.warnings
    if errors:
        st.error(tr("import_fel", errors=len(errors), warnings=len(warnings)))
        _show_problems(errors, f"{key}_errors")
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
        _show_problems(warnings, f"{key}_warnings")
    _dropped(found)


def _dropped(found: Inspection) -> None:
    """What is not kept of the file: the dropped columns' headers by reason, no values."""
    from linnedata.survey import report

    line = report.dropped_line(report.dropped_of(found), lang())
    if line:
        st.caption(safe(line))


WRAPPED_ROWS = 100  # up to this many problems as a table whose messages wrap


def _show_problems(problems: list[Problem], key: str) -> None:
    """The problems as a table (at most the report's number per column and rule): wrapped
    text when few, a scrollable grid when many."""
    listed, left_off = capped(problems)
    table = problem_table(listed, lang())
    if len(table) <= WRAPPED_ROWS:
        ui_table(table, hide_index=True)
    else:
        st.dataframe(table, hide_index=True, key=key)
    if left_off:
        st.caption(tr("rapport_fler", count=left_off))


def _detection(found: Inspection) -> str:
    from linnedata.survey import detection_line

    return detection_line(found.info, lang())


def _mapping_editor(found: Inspection, state: dict[str, Any], key: str) -> None:
    """The editable mapping table (every column's target and why)."""
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


def _proposal(found: Inspection, state: dict[str, Any], key: str) -> None:
    """A button that maps the column the reader proposes (its cells are municipalities)."""
    for target, header in found.info.proposed.items():
        label = say("mappning_forslag_knapp", column=shorten(header), target=target_label(target))
        if st.button(label, key=f"{key}_propose_{target}", type="primary"):
            state["overrides"] = {**(state.get("overrides") or {}), header: target}
            st.rerun()


def scale_label(value: int) -> str:
    """A number of the rating scale with its label: "5 – Mycket angeläget"."""
    spellings = mapping.default_aliases().answers["betyg"][str(value)]
    return f"{value} – {spellings[0 if lang() == 'sv' else min(1, len(spellings) - 1)]}"


def _values_editor(found: Inspection, state: dict[str, Any], key: str) -> None:
    """The value mapping: a number 1–5 for each rating label that is not on the scale.

    One choice per label (a labelled select box, not a grid: each is read out by a screen
    reader with its label, count and rows); the labels come from the file, so their text is
    quoted as plain text.
    """
    uses = found.outcome.rating_labels
    if not uses:
        return
    st.subheader(tr("varden_rubrik"))
    st.caption(tr("varden_forklaring"))
    values = dict(state.get("values") or {})
    for use in uses[:SHOWN_LABELS]:
        digest = hashlib.sha256(use.label.encode("utf-8")).hexdigest()[:8]
        chosen = st.selectbox(
            say(
                "varden_etikett_en" if use.count == 1 else "varden_etikett_flera",
                label=use.label,
                count=use.count,
                rows=use.first_rows(),
            ),
            options=[1, 2, 3, 4, 5],
            index=None if use.value is None else use.value - 1,
            placeholder=tr("varden_valj"),
            format_func=scale_label,
            key=f"{key}_value_{digest}",
        )
        if chosen is not None and chosen != use.value:
            values[use.label] = int(chosen)
    if len(uses) > SHOWN_LABELS:
        st.caption(tr("varden_fler", count=len(uses) - SHOWN_LABELS))
    if values != dict(state.get("values") or {}):
        state["values"] = values
        st.rerun()


def _profile_form(found: Inspection, profiles: ProfileStore, key: str) -> None:
    """Save the column mapping and the value mapping as a named profile."""
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
            profiles.save_profile(
                MappingProfile.from_decisions(name, found.info.decisions, found.info.values)
            )
            st.success(say("mappning_sparad", name=name.strip()))


__all__ = ["mapping_table", "review", "scale_label", "target_label"]
