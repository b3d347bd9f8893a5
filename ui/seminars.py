"""The Seminarier page's widgets and cached plans; what it shows is built in
``linnedata.views.seminars`` and planned in ``linnedata.seminars`` / ``linnedata.competence.registry``."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st

import ui
from linnedata import markdown, urls
from linnedata import seminars as sm
from linnedata.competence import registry as competence_list
from linnedata.errors import InputError, problem_table
from linnedata.graphics import svgmap
from linnedata.seminars import staffing
from linnedata.views import seminars as views
from linnedata.views.dataset import Dataset
from ui import a11y, competence, data, downloads, maptable, prepared
from ui.cache import cached
from ui.data import Key, round_cache

SEMINAR_OPTIONS = [str(n) for n in range(1, sm.plan.MOST_SEMINARS + 1)]
MIN_OPTIONS = [str(n) for n in range(1, 11)]
MAX_OPTIONS = [str(n) for n in range(2, sm.plan.LARGEST_SEMINAR + 1)]
CAP_OPTIONS = ["ingen", *(str(n) for n in range(1, 7))]
COVERED_FILL = views.COVERED_FILL
UNCOVERED_FILL = views.UNCOVERED_FILL


# --- cached plans and maps ----------------------------------------------------------------


@round_cache(max_entries=128)
def _plan(key: Key, _data: Dataset, round_label: str, level: str, settings: sm.Settings, lang: str):
    prefs = views.preferences(_data, round_label, level)
    return sm.plan_seminars(prefs, settings, _data.items(level, lang))


def plan(round_label: str, level: str, settings: sm.Settings, lang: str) -> sm.Plan:
    """The exact plan for a choice (raises ``PlanInfeasible`` with the setting to change)."""
    return _plan(*data.current(), round_label, level, settings, lang)


@cached(max_entries=1)
def demo_researchers() -> pd.DataFrame:
    """The shipped fictional competence list."""
    return competence_list.demo_researchers()


@cached(max_entries=8)
def uploaded_researchers(content: bytes) -> pd.DataFrame:
    """An uploaded competence list (raises ``InputError`` listing every problem)."""
    return competence_list.read_researchers(content, data.taxonomy())


@round_cache(max_entries=128)
def _matching(
    key: Key,
    _data: Dataset,
    round_label: str,
    level: str,
    settings: sm.Settings,
    lang: str,
    content: bytes | None,
    registry_revision: int,
) -> staffing.Matching:
    people = competence.active_registry() if content is None else uploaded_researchers(content)
    return staffing.match_researchers(
        _plan(key, _data, round_label, level, settings, lang),
        views.preferences(_data, round_label, level),
        people,
        _data.taxonomy,
    )


def seminar_views(
    round_label: str, level: str, settings: sm.Settings, lang: str, content: bytes | None
) -> tuple[list[views.SeminarView], pd.DataFrame]:
    """The plan's seminars as shown and the researchers' load (see :func:`matching`)."""
    registry = competence.registry_key()
    return _seminar_views(*data.current(), round_label, level, settings, lang, content, registry)


def matching(
    round_label: str, level: str, settings: sm.Settings, lang: str, content: bytes | None
) -> staffing.Matching:
    """Researchers matched to the plan's seminars: the competence registry's active rows
    (the fictional demo list while none is saved) when ``content`` is None."""
    registry = competence.registry_key()
    return _matching(*data.current(), round_label, level, settings, lang, content, registry)


@round_cache(max_entries=128)
def _wanters(key: Key, _data: Dataset, round_label: str, level: str, topic: str, lang: str) -> str:
    return views.wanters_map(_data, data.geography(), round_label, level, topic, lang)


@round_cache(max_entries=128)
def _wanters_names(key: Key, _data: Dataset, round_label: str, level: str, topic: str) -> str:
    return views.wanters_names(_data, round_label, level, topic)


@round_cache(max_entries=32)
def _demand(key: Key, _data: Dataset, round_label: str, level: str, lang: str) -> views.DemandView:
    return views.demand_view(_data, round_label, level, lang)


@round_cache(max_entries=128)
def _seminar_views(
    key: Key,
    _data: Dataset,
    round_label: str,
    level: str,
    settings: sm.Settings,
    lang: str,
    content: bytes | None,
    registry_revision: int,
) -> tuple[list[views.SeminarView], pd.DataFrame]:
    """The seminars as shown, and the researchers' load table, for one plan and matching."""
    choice = (round_label, level, settings, lang)
    the_plan = _plan(key, _data, *choice)
    the_matching = _matching(key, _data, *choice, content, registry_revision)
    responses = _data.surveys[round_label].responses
    shown = views.seminar_views(the_plan, the_matching, _data.items(level, lang), lang, responses)
    return shown, views.load_table(the_matching, lang)


@round_cache(max_entries=128)
def _coverage(
    key: Key, _data: Dataset, round_label: str, level: str, settings: sm.Settings, lang: str
) -> str:
    the_plan = _plan(key, _data, round_label, level, settings, lang)
    labels = _data.items(level, lang)
    return views.coverage_map(_data, data.geography(), the_plan, round_label, labels, lang)


# --- widgets ------------------------------------------------------------------------------


def settings_inputs(
    place: Any, level: str, labels: dict[str, str], names: dict[str, str]
) -> sm.Settings:
    """The plan's settings: how many seminars in ``place`` (the page's row of inputs), the
    other conditions (group sizes, a county's share, topics and locks) in an expander made only
    while it is open: closed, they are one element a run, not six widgets (issue 23), and
    their values hold (the session's, else the URL's)."""
    tr = ui.tr
    many, fewest, most = (str(n) for n in sm.default_sizes(len(names)))  # every region opens
    seminars = ui.bound_select(
        urls.SEMINARS, SEMINAR_OPTIONS, many, tr("sem_antal"), container=place
    )
    caps = {o: (tr("sem_ingen_grans") if o == "ingen" else o) for o in CAP_OPTIONS}
    locks = _locks(level, labels, names)
    include_key, exclude_key = urls.include_key(level), urls.exclude_key(level)
    include = ui.remembered_many(include_key, labels)
    exclude = ui.remembered_many(exclude_key, labels)
    wanted = bool(locks or include or exclude)  # a link with topics or locks opens them
    if box := ui.opened(tr("sem_fler_villkor"), key="sem_villkor", open_first=wanted):
        with box:
            row = ui.input_row(3)
            low = ui.bound_select(
                urls.MIN_PER_GROUP, MIN_OPTIONS, fewest, tr("sem_min"), container=row[0]
            )
            high = ui.bound_select(
                urls.MAX_PER_GROUP, MAX_OPTIONS, most, tr("sem_max"), container=row[1]
            )
            cap = ui.bound_select(
                urls.PER_COUNTY, caps, "ingen", tr("sem_per_lan"), container=row[2]
            )
            # The six topic and lock widgets only when asked for; hidden, their choices hold.
            if st.toggle(tr("sem_amnen_och_las"), value=wanted, key=f"sem_visa_amnen_{level}"):
                with st.container(border=True):
                    include, exclude = _topic_and_lock_inputs(level, labels, names, locks)
    else:
        low = ui.remembered(urls.MIN_PER_GROUP, MIN_OPTIONS, fewest)
        high = ui.remembered(urls.MAX_PER_GROUP, MAX_OPTIONS, most)
        cap = ui.remembered(urls.PER_COUNTY, caps, "ingen")
    locks[:] = [lock for lock in locks if lock[0] in names]
    _locks_to_url(level, locks)
    if locks:
        shown = ", ".join(f"{names[c]} → {labels[t]}" for c, t in locks)
        st.markdown(ui.say("sem_lasta", locks=shown))
    return sm.Settings(
        seminars=int(seminars),
        min_size=int(low),
        max_size=int(high),
        include=tuple(include),
        exclude=tuple(exclude),
        county_cap=None if cap == "ingen" else int(cap),
        locks=tuple(locks),
    )


def _topic_and_lock_inputs(
    level: str, labels: dict[str, str], names: dict[str, str], locks: list[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Topics that must or must not get a seminar (bound to the URL) and the locks."""
    tr = ui.tr
    chosen = ui.input_row(2)
    include = ui.bound_multiselect(
        urls.include_key(level), labels, [], tr("sem_maste_med"), container=chosen[0]
    )
    exclude = ui.bound_multiselect(
        urls.exclude_key(level), labels, [], tr("sem_uteslut"), container=chosen[1]
    )
    row = ui.input_row(4)
    code = row[0].selectbox(
        tr("sem_las_kommun"), list(names), format_func=names.get, key="sem_las_kommun"
    )
    topic = row[1].selectbox(
        tr("sem_las_amne"), list(labels), format_func=labels.get, key=f"sem_las_amne_{level}"
    )
    if row[2].button(tr("sem_las_knapp"), key="sem_las_knapp", disabled=not names):
        locks[:] = [lock for lock in locks if lock[0] != code] + [(code, topic)]
    if row[3].button(tr("sem_las_rensa"), key="sem_las_rensa", disabled=not locks):
        locks.clear()
    return include, exclude


def _locks(level: str, labels: dict[str, str], names: dict[str, str]) -> list[tuple[str, str]]:
    """The session's locks; the first time, those of the URL (``las_area=0780:integration``)
    whose municipality and topic exist (the rest are dropped: nothing from the URL is
    trusted as it stands)."""
    key = f"sem_lasningar_{level}"
    if key not in st.session_state:
        wanted = ui.url_value(urls.locks_key(level)) or ""
        pairs = [p.partition(urls.PAIR_SEPARATOR) for p in wanted.split(urls.LIST_SEPARATOR)]
        found = {code: topic for code, _, topic in pairs if code in names and topic in labels}
        st.session_state[key] = list(found.items())
    return st.session_state[key]


def _locks_to_url(level: str, locks: list[tuple[str, str]]) -> None:
    key = urls.locks_key(level)
    if locks:
        text = urls.LIST_SEPARATOR.join(f"{c}{urls.PAIR_SEPARATOR}{t}" for c, t in locks)
        ui.set_url_value(key, text)
    else:
        ui.drop_url_value(key)


def researcher_upload() -> bytes | None:
    """The competence-list expander: the uploaded list's bytes when it reads without problems
    (its problems shown as a table otherwise), None for the demo list. Its help and uploader
    are made only while it is open or holds a file (a closed one is one element a run)."""
    held = st.session_state.get("sem_forskarfil") is not None
    box = ui.opened(ui.tr("sem_kompetenslista"), key="sem_kompetens_box", keep=held)
    if box is None:
        return None
    with box:
        st.caption(ui.tr("sem_forskare_hjalp"))
        upload = st.file_uploader(ui.tr("sem_ladda_upp"), type=["csv", "txt"], key="sem_forskarfil")
        if upload is None:
            return None
        content = upload.getvalue()
        try:
            people = uploaded_researchers(content)
        except InputError as error:
            st.error(ui.tr("sem_fil_fel", n=len(error.errors)), icon=":material/error:")
            ui.table(problem_table(error.errors, ui.lang()))
            return None
        st.success(ui.tr("sem_fil_ok", n=len(people)))
        return content


def demand_section(round_label: str, level: str, labels: dict[str, str]) -> None:
    """Topic demand: the table with its download, and the map of who wants a chosen topic."""
    tr, lang, key = ui.tr, ui.lang(), data.current()
    view = _demand(*key, round_label, level, lang)
    table = view.demand
    heading = tr("sem_efterfragan_rubrik", level=tr(f"niva_{level}_plural"))
    st.header(heading)
    left, right = st.columns([1.7, 1], gap="medium")
    with left:
        note = tr("sem_efterfragan_hjalp", n=view.interested, answered=view.answered)
        ui.html_table(view.table, label=heading, note=note)  # the table and its note: one element
        downloads.download(
            view.export,
            file_stem=f"seminarier_efterfragan_{level}_{round_label}",
            header_lines=data.export_header(round_label, None, lang),
            key="sem_dl_efterfragan",
        )
    with right:
        first = prepared.once(table, "first", lambda: table["topic"].iloc[0])  # most wanted
        topic = ui.bound_select(urls.map_topic_key(level), labels, first, tr("sem_karta_valj"))
        wanters = _wanters(*key, round_label, level, topic, lang)
        shown = _wanters_names(*key, round_label, level, topic)
        text = ui.tr("sem_karta_efterfragan_alt", topic=labels[topic], names=shown or "–")
        maptable.draw(wanters, a11y.note_html(text))  # the map, its text, its values


def plan_section(
    round_label: str,
    level: str,
    settings: sm.Settings,
    labels: dict[str, str],
    content: bytes | None,
) -> staffing.Matching | None:
    """The plan: its figures, seminars and coverage map, or the reason there is none."""
    tr, lang = ui.tr, ui.lang()
    # the two figures' explanations under the heading's help (their line is one element)
    st.header(
        tr("sem_plan_rubrik"), help=f"{tr('sem_tackning_hjalp')}\n\n{tr('sem_preferens_hjalp')}"
    )
    try:
        the_plan = plan(round_label, level, settings, lang)
    except sm.PlanInfeasible as error:
        st.error(ui.safe(error.message(lang)), icon=":material/block:")
        return None
    the_matching = matching(round_label, level, settings, lang, content)
    covered = tr("n_av_N", n=the_plan.covered, N=the_plan.interested)
    preference = ui.num(the_plan.total_preference, 1)
    chosen = " · ".join(
        f"**{ui.safe(sm.seminar_label(s, the_plan, labels))}**" for s in the_plan.seminars
    )
    cap = settings.county_cap
    cap_text = tr("sem_lan_inget_tak") if cap is None else tr("sem_lan_tak", n=cap)
    conditions = tr("sem_villkor", low=settings.min_size, high=settings.max_size, cap=cap_text)
    st.markdown(  # the figures, topics and conditions: one element, not metrics and texts
        f"{tr('sem_tackning')}: **{covered}** · {tr('sem_preferens')}: **{preference}**  \n"
        f"{tr('sem_valda_amnen')}: {chosen}  \n{conditions}"
    )
    left, right = st.columns([3, 2], gap="large")
    with right:
        covered_map = _coverage(*data.current(), round_label, level, settings, lang)
        legend = [
            (COVERED_FILL, tr("sem_tackt")),
            (UNCOVERED_FILL, tr("sem_otackt")),
            (None, tr("sem_deltar_inte")),
        ]
        names = data.names()
        left_out = ", ".join(names[code] for code in the_plan.uncovered) or tr("sem_inga")
        notes = legend_html(legend) + a11y.notes_html(
            [tr("sem_otackta", names=left_out), tr("kalla_scb")]
        )
        # the map, its legend, who is left out, the sources and its values: one element
        maptable.draw(covered_map, notes)
    seminars = seminar_views(round_label, level, settings, lang, content)[0]
    if seminars:  # one element for every seminar, made once per cached plan (keyed on its first)
        left.markdown(prepared.once(seminars[0], "plan", lambda: plan_markdown(seminars)))
    return the_matching


def programme_downloads(
    round_label: str, level: str, settings: sm.Settings, content: bytes | None
) -> None:
    """The programme as XLSX and CSV, made only when clicked (deferred downloads), in a
    menu made only while it is open: one element a run, not a heading, a row and two
    buttons."""
    lang, dataset = ui.lang(), data.dataset()

    def files() -> tuple[bytes, bytes]:
        return views.downloads(
            plan(round_label, level, settings, lang),
            matching(round_label, level, settings, lang, content),
            dataset.items(level, lang),
            round_label,
            lang,
            is_demo=dataset.is_demo,
        )

    menu = ui.opened_menu(ui.tr("sem_export_rubrik"), key="sem_dl_meny")
    if menu is None:
        return
    stem = f"seminarier_{level}_{round_label}"
    menu.download_button(
        ui.tr("sem_ladda_ner_xlsx"),
        data=lambda: files()[0],
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sem_dl_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
    menu.download_button(
        ui.tr("ladda_ner_csv"),
        data=lambda: files()[1],
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="sem_dl_csv",
        icon=":material/download:",
        on_click="ignore",
    )


def researcher_load(
    round_label: str, level: str, settings: sm.Settings, content: bytes | None
) -> None:
    """How many seminars each researcher was given, beside their capacity."""
    heading = ui.tr("sem_forskare_rubrik")
    if content is None:  # the heading and whose list it is: one element
        note = ui.tr("sem_demo_forskare" if competence.registry()[1] else "komp_sem_registret")
        ui.headed(heading, note)
    else:
        st.header(heading)
    ui.html_table(seminar_views(round_label, level, settings, ui.lang(), content)[1], label=heading)


def plan_markdown(seminars: list[views.SeminarView]) -> str:
    """Every seminar as one Markdown block (one element, not a bordered box with a text and a
    warning per seminar: with 20 seminars that was 40–60 messages a run), seminars apart by
    a rule: :func:`seminar_markdown` each."""
    return markdown.BREAK.join(seminar_markdown(seminar) for seminar in seminars)


def seminar_markdown(seminar: views.SeminarView) -> str:
    """One seminar as Markdown, every text escaped: the title in bold, one line per
    municipality, the co-financing interest in grey, the researchers with an icon, and the
    gap in the researchers (when there is one) in bold after an icon."""
    parts = [f"**{ui.safe(seminar.title)}**", *(ui.safe(line) for line in seminar.lines)]
    if seminar.cofinancing:
        parts.append(f":gray[{ui.safe(seminar.cofinancing)}]")
    parts += [f":material/school: {ui.safe(line)}" for line in seminar.researchers]
    if seminar.gap:
        parts.append(f":material/person_off: **{ui.safe(seminar.gap)}**")
    return "  \n".join(parts)


def legend_html(items: list[tuple[str | None, str]]) -> str:
    """A one-line legend of colour swatches (None = grey and hatched) for ``st.html``."""
    parts = []
    for fill, text in items:
        style = (
            f"background:{fill}"
            if fill
            else f"background:repeating-linear-gradient(45deg,{svgmap.MISSING_FILL} 0 3px,#8c8c8c 3px 4px)"
        )
        parts.append(
            '<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
            f'<span style="display:inline-block;width:1em;height:1em;margin-right:.4em;'
            f'border:1px solid #888;{style}"></span>{html.escape(text)}</span>'
        )
    return "".join(parts)
