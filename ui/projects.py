"""Streamlit glue of the joint-project proposals and the follow-up record.

Readers and stewards create projects (from a proposal or a new idea), edit what they are
and who takes part, move them through their statuses and edit funding and outcomes; visitors see aggregates only, under the one
small-numbers rule. Everything from the store is shown in data frames or ``st.text``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import ui
from linnedata import i18n
from linnedata.competence import projects as proposals_rule
from linnedata.errors import InputError, TranslatableError
from linnedata.figures import disclosure
from linnedata.followup import record, rules, summary
from linnedata.places.region import national_municipalities
from linnedata.store import Store
from linnedata.views.dataset import Dataset
from ui import auth, competence, data, downloads, prepared, tr
from ui.cache import cached

READER_USER = "läsare (lösenord)"
"""Who a reader logged in with the password is in a project's history."""


def editor() -> str:
    """Who changes a project, for its history: the e-mail with OIDC, else the role."""
    if auth.mode() == "oidc":
        return auth.user()
    return auth.PASSWORD_USER if auth.is_steward() else READER_USER


@cached(max_entries=4)
def _stored(url: str, revision: int) -> list[dict[str, Any]]:
    return data.open_store(url).projects()


def projects() -> list[dict[str, Any]]:
    """Every project (cached on the store's project revision)."""
    return list(projects_now()[0])


def projects_now() -> tuple[tuple[dict[str, Any], ...], int]:
    """Every project and the store's project revision (a cache key for what shows them)."""
    url = data.store_url()
    revision = data.throttled(url, "projects", Store.projects_revision)
    return tuple(_stored(url, revision)), revision


def _changed() -> None:
    data.forget_revisions()  # this process changed the store: ask for the revision at once


# --- proposals (Kompetens) ------------------------------------------------------------------


@data.round_cache(max_entries=32)
def _proposals(
    key: data.Key,
    _data: Dataset,
    registry_key: int,
    projects_key: int,
    round_label: str,
    lang: str,
    _people: pd.DataFrame,
    _records: tuple[dict[str, Any], ...],
) -> list[proposals_rule.Proposal]:
    return proposals_rule.find_proposals(
        proposals_rule.eligibility(_data.surveys[round_label]),
        _people,
        _data.names,
        _data.taxonomy,
        lang,
        commitments=summary.commitments(_records),
    )


def proposals(round_label: str, lang: str) -> list[proposals_rule.Proposal]:
    """Every proposal of the round, ranked (capacity taken by the projects still open);
    kept per store revision, registry and projects revisions, round and language."""
    key, dataset = data.current()
    records, records_key = projects_now()
    people = competence.registry()[0]
    return _proposals(
        key, dataset, competence.registry_key(), records_key, round_label, lang, people, records
    )


def _proposals_table(
    round_label: str, lang: str, found: list[proposals_rule.Proposal]
) -> pd.DataFrame:
    """The proposals as the page's table, made once per choice (it cost ~30 ms a run of
    Kompetens, issue 23); a visitor's shows the researchers' public fields."""
    key, dataset = data.current()
    _records, records_key = projects_now()
    people = competence.registry()[0]
    reader = auth.is_reader()
    return _cached_table(
        key, dataset, competence.registry_key(), records_key, round_label, lang, reader,
        found, people,
    )  # fmt: skip


@data.round_cache(max_entries=64)
def _cached_table(
    key: data.Key,
    _data: Dataset,
    registry_key: int,
    projects_key: int,
    round_label: str,
    lang: str,
    reader: bool,
    _found: list[proposals_rule.Proposal],
    _people: pd.DataFrame,
) -> pd.DataFrame:
    registry = None if reader else _people
    table = proposals_rule.proposals_table(_found, _data.names, _data.taxonomy, lang, registry)
    return table.rename(columns={c: i18n.t(f"komp_gkol_{c}", lang) for c in table.columns})


def proposals_section(round_label: str, lang: str) -> None:
    """The top proposals as a table, all of them as a download; readers turn one into a
    project."""
    found = proposals(round_label, lang)
    none = "" if found else tr("komp_projekt_inga")
    # the heading, the rule and (without proposals) that there are none: one element
    ui.headed(tr("komp_projekt_rubrik"), tr("komp_projekt_regel"), none)
    if not found:
        return
    table = _proposals_table(round_label, lang, found)
    top = prepared.once(table, "top", lambda: table.head(proposals_rule.TOP_N))
    ui.dataframe(top, hide_index=True, key="komp_projekt")
    downloads.download(
        table,
        file_stem=f"projektforslag_{round_label}",
        header_lines=[tr("komp_projekt_rubrik"), f"{tr('omgang')}: {round_label}"],
        key="komp_projekt_dl",
    )
    if auth.is_reader():
        _from_proposal(found[: proposals_rule.TOP_N], round_label, lang)


def _from_proposal(found: list[proposals_rule.Proposal], round_label: str, lang: str) -> None:
    names, areas = data.names(), data.items("area", lang)
    labels = {
        n: f"{n + 1}. {areas[p.area_id]}: {', '.join(names.get(c, c) for c in p.members)}"
        for n, p in enumerate(found)
    }
    with st.form("proj_fran_forslag"):
        chosen = st.selectbox(tr("proj_valj_forslag"), list(labels), format_func=labels.__getitem__)
        sent = st.form_submit_button(tr("proj_skapa_fran_forslag"))
    if sent:
        p = found[chosen]
        fields = {
            "title": f"{areas[p.area_id]}: {', '.join(names.get(c, c) for c in p.members)}",
            "areas": [p.area_id],
            "municipalities": list(p.members),
            "researchers": [r.name for r in p.researchers],
            "form_id": p.forms[0] if p.forms else None,
            "round_label": round_label,
        }
        _save(lambda: record.add(data.store(), fields, user=editor()), "proj_skapat")


def _save(action: Any, success_key: str) -> None:
    """Run a store change; its success, or every problem it names (nothing was kept)."""
    try:
        result = action()
    except InputError as error:
        st.error(tr("proj_fel", n=len(error.errors)), icon=":material/error:")
        ui.table(
            pd.DataFrame({tr("komp_kol_problem"): [p.message(ui.lang()) for p in error.errors]})
        )
        return
    except TranslatableError as error:
        st.error(error.message(ui.lang()), icon=":material/error:")
        return
    _changed()
    pid = result if isinstance(result, int) else result.get("id", "")
    # Run the page again so every table shows the change; the message waits for that run.
    st.session_state[_FLASH] = tr(success_key, id=pid)
    st.rerun()


_FLASH = "proj_meddelande"


def _flash() -> None:
    """The message of the change saved in the run before, once."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message, icon=":material/check:")


# --- the follow-up record (Kompetens) -------------------------------------------------------


def record_section(lang: str) -> None:
    """Projects with the university: readers and stewards add and edit, visitors see the
    aggregates."""
    stored, revision = projects_now()
    found = list(stored)
    if not auth.is_reader():
        public_summary(found, lang)
        _flash()
        if box := ui.opened(tr("proj_logga_in"), key="proj_logga_in"):  # the form while open
            with box:
                auth.reader_gate()
        return
    st.header(tr("proj_rubrik"))
    _flash()
    _new_idea(lang)
    if not found:
        st.caption(tr("proj_inga"))
        return
    table = _record_table((data.store_url(), revision), found, lang)
    ui.dataframe(table, hide_index=True, key="proj_tabell")
    downloads.download(
        table, file_stem="projekt", header_lines=[tr("proj_export_rubrik")], key="proj_dl"
    )
    _edit(found, lang)


@data.round_cache(max_entries=8)
def _record_table(key: tuple[str, int], _found: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The record's table, made once per project revision and language (and so its Arrow
    table once: ``ui.dataframe``); it was made and converted on every reader's run."""
    return summary.export_table(_found, data.names(), data.taxonomy(), lang)


def _new_idea(lang: str) -> None:
    statuses = summary.status_labels(lang)
    box = ui.opened(tr("proj_ny_ide"), key="proj_ny_oppen")  # the form is made only when open
    if box is None:
        return
    with box, st.form("proj_ny"):
        fields = _what_and_who(rules.EMPTY, lang, "proj_ny")
        people = st.text_area(tr("proj_forskare_rader"), key="proj_ny_forskare")
        status = st.selectbox(
            tr("proj_kol_status"), list(statuses), format_func=statuses.__getitem__,
            key="proj_ny_status",
        )  # fmt: skip
        sent = st.form_submit_button(tr("proj_spara_ny"))
    if sent:
        fields |= {"researchers": people.splitlines(), "status": status}
        _save(lambda: record.add(data.store(), fields, user=editor()), "proj_skapat")


WHAT_AND_WHO_KEYS = {
    "title": "titel",
    "areas": "omr",
    "municipalities": "kommuner",
    "form_id": "form",
}
"""The widget key of each field :func:`_what_and_who` shows, after the form's prefix."""


def _what_and_who(current: dict[str, Any], lang: str, prefix: str) -> dict[str, Any]:
    """Title, areas, municipalities and form of collaboration, as creating a project asks
    for them and editing one shows them (the record's checks are the same for both)."""
    keys = {field: f"{prefix}_{name}" for field, name in WHAT_AND_WHO_KEYS.items()}
    areas = _also_kept(data.items("area", lang), current["areas"])
    names = _municipality_names(current["municipalities"])
    form = current["form_id"] or ""
    forms = _also_kept({"": tr("proj_ingen_form"), **data.items("form", lang)}, [form])
    return {
        "title": st.text_input(tr("proj_kol_title"), current["title"], key=keys["title"]),
        "areas": st.multiselect(
            tr("proj_kol_areas"),
            list(areas),
            list(current["areas"]),
            format_func=areas.__getitem__,
            key=keys["areas"],
        ),
        "municipalities": st.multiselect(
            tr("proj_kol_municipalities"),
            list(names),
            list(current["municipalities"]),
            format_func=names.__getitem__,
            key=keys["municipalities"],
        ),
        "form_id": st.selectbox(
            tr("proj_kol_form_id"),
            list(forms),
            list(forms).index(form),
            format_func=forms.__getitem__,
            key=keys["form_id"],
        ),
    }


def _also_kept(labels: dict[str, str], kept: Any) -> dict[str, str]:
    """``labels`` and every id in ``kept`` they lack (an area the taxonomy has since dropped
    is shown as its id, so saving names it as a problem instead of dropping it silently)."""
    return labels | {item: item for item in kept if item not in labels}


def _municipality_names(chosen: Any) -> dict[str, str]:
    """The region's municipalities, and any other a project already has (it may reach beyond
    the region), as ``{code: name}`` for a choice."""
    names = dict(data.names())
    outside = [code for code in chosen if code not in names]
    if outside:
        national = national_municipalities().set_index("kommun_kod")["kommun"]
        names |= {code: national.get(code, code) for code in outside}
    return names


def _edit(found: list[dict[str, Any]], lang: str) -> None:
    """Edit one project: what it is and who takes part, its status (an allowed move), funding
    and outcome. The fields' keys carry the project and its version, so another project, or
    this one changed, shows its own stored values, never the ones typed for the last."""
    st.subheader(tr("proj_andra_rubrik"))
    by_id = {p["id"]: p for p in found}
    pid = st.selectbox(
        tr("proj_valj"), list(by_id), format_func=lambda i: f"{i}: {by_id[i]['title']}",
        key="proj_valj",
    )  # fmt: skip
    current = by_id[pid]
    version = f"{pid}_{len(current['history'])}"
    labels = summary.status_labels(lang)
    moves = [current["status"], *rules.TRANSITIONS[current["status"]]]
    with st.form(f"proj_andra_{pid}"):
        changes = _what_and_who(current, lang, f"proj_andra_{version}")
        changes["status"] = st.selectbox(
            tr("proj_kol_status"), moves, format_func=labels.__getitem__,
            key=f"proj_status_{version}",
        )  # fmt: skip
        changes |= _follow_up_fields(current, version)
        sent = st.form_submit_button(tr("proj_spara_andring"))
    if sent:
        _save(lambda: record.update(data.store(), pid, changes, user=editor()), "proj_andrat")
    st.text(tr("proj_historik", history=summary.history_text(current, lang)))


def _follow_up_fields(current: dict[str, Any], version: str) -> dict[str, Any]:
    """Funding, researchers, co-financing, dates, links and notes of ``current``."""
    return {
        "funder": st.text_input(
            tr("proj_kol_funder"), current["funder"], key=f"proj_fin_{version}"
        ),
        "applied": st.text_input(
            tr("proj_kol_applied"), _amount(current["applied"]), key=f"proj_sokt_{version}"
        ),
        "granted": st.text_input(
            tr("proj_kol_granted"), _amount(current["granted"]), key=f"proj_bev_{version}"
        ),
        "researchers": st.text_area(
            tr("proj_forskare_rader"),
            "\n".join(current["researchers"]),
            key=f"proj_forsk_{version}",
        ).splitlines(),
        "cofinancing": st.text_area(
            tr("proj_medfin_rader"),
            _pairs_text(current["cofinancing"]),
            key=f"proj_medfin_{version}",
        ),
        "start": st.text_input(
            tr("proj_start_datum"), _day(current["start"]), key=f"proj_start_{version}"
        ),
        "end": st.text_input(
            tr("proj_slut_datum"), _day(current["end"]), key=f"proj_slut_{version}"
        ),
        "links": st.text_area(
            tr("proj_lankar_rader"), "\n".join(current["links"]), key=f"proj_lankar_{version}"
        ).splitlines(),
        "notes": st.text_area(
            tr("proj_kol_notes"), current["notes"], key=f"proj_anteckn_{version}"
        ),
    }


def _amount(value: int | None) -> str:
    return "" if value is None else str(value)


def _day(value: Any) -> str:
    return "" if value is None else value.isoformat()


def _pairs_text(cofinancing: dict[str, int]) -> str:
    return "\n".join(f"{code}: {amount}" for code, amount in cofinancing.items())


# --- aggregates (every visitor) -------------------------------------------------------------


def public_summary(found: list[dict[str, Any]], lang: str) -> None:
    """The projects' heading, then the funnel, projects per area and the total granted,
    small numbers hidden. The heading, what the figures are and (without projects) that there
    are none: one element."""
    explained = tr("proj_aggregat_forklaring", least=disclosure.MIN_COUNT)
    ui.headed(tr("proj_rubrik"), explained, "" if found else tr("proj_inga"))
    if not found:
        return
    left, right = st.columns(2)
    with left:
        ui.table(summary.funnel_table(found, lang, public=True))
    with right:
        ui.table(summary.public_table(found, "areas", data.items("area", lang), lang))
    st.text(summary.granted_sentence(found, lang, public=True))


def funnel_section(round_label: str, lang: str) -> None:
    """Översikt: the funnel from idea to granted, the total granted, and what came of the
    round before this one."""
    found = projects()
    if not found:
        return
    public = not auth.is_reader()
    st.header(tr("proj_tratt_rubrik"))
    ui.table(summary.funnel_table(found, lang, public=public))
    lines = [summary.granted_sentence(found, lang, public=public)]
    previous = data.previous_round(round_label)
    for label in (previous, round_label):
        if label:
            lines.append(summary.since_line(found, label, data.taxonomy(), lang, public=public))
    st.text("\n".join(line for line in lines if line))


def profile_section(code: str, round_label: str, lang: str) -> None:
    """Kommunprofil: "Projekt med universitetet" — readers see the projects, visitors how
    many (under the small-numbers rule)."""
    found = [p for p in projects() if code in p["municipalities"]]
    if not found:  # the heading and the note as one element (fewer messages per run)
        ui.headed(tr("proj_profil_rubrik"), tr("proj_profil_inga"))
        return
    st.header(tr("proj_profil_rubrik"))
    if auth.is_reader():
        table = summary.export_table(found, data.names(), data.taxonomy(), lang)
        keep = [tr(f"proj_kol_{c}") for c in ("title", "status", "areas", "funder", "granted")]
        ui.dataframe(table[keep], hide_index=True, key="proj_profil_tabell")
        return
    fewer = tr("proj_farre_an", least=disclosure.MIN_COUNT)
    granted = sum(summary.furthest(p) >= summary.FUNNEL.index("beviljad") for p in found)
    lines = [
        tr(
            "proj_profil_antal",
            n=disclosure.shown_count(len(found), fewer),
            granted=disclosure.shown_count(granted, fewer),
        )
    ]
    since = data.previous_round(round_label)
    if since:
        lines.append(summary.since_line(found, since, data.taxonomy(), lang, public=True))
    st.text("\n".join(line for line in lines if line))  # plain text, one element
