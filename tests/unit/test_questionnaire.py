"""The questionnaire in the app: rounds, links kept as hashes, drafts, answers, limits,
tracking, and close → draft → the one import use case → published figures."""

from __future__ import annotations

import time
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from linnedata import importing, questionnaire
from linnedata.figures import measures
from linnedata.questionnaire import draft, limits, tokens
from linnedata.store import Store, StoreError
from linnedata.store.testing import text_values
from linnedata.survey import ReadOptions

THREE = pd.DataFrame(
    {"kommun_kod": ["0780", "0765", "0680"], "kommun": ["Växjö", "Älmhult", "Jönköping"]}
)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def answer(roll="tjänsteperson", **ratings) -> dict:
    return {
        "roll": roll,
        "prio_1": "integration",
        "prio_2": "skolutveckling",
        "prio_3": None,
        "samverkansformer": ["forskning", "kurs"],
        "seminarieintresse": "ja",
        "medfinansiering": "vet ej",
        "utmaning_fritext": "Vi behöver kompetens.",
        "betyg": ratings,
    }


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url)


@pytest.fixture
def opened(store: Store) -> dict[str, str]:
    questionnaire.open_round(store, "2026", municipalities=THREE, user="test")
    links = questionnaire.issue_links(store, "2026")
    return dict(zip(links["kommun_kod"], links["url"], strict=True))


def send(store, url, raw, *, resume=None, submit=True):
    return questionnaire.save(
        store, token_of(url), raw, resume_code=resume, submit=submit, shown_at=0.0
    )


def test_a_link_per_invited_municipality_unguessable_and_never_stored_in_plain_text(store, opened):
    assert sorted(opened) == ["0680", "0765", "0780"]
    found = [token_of(u) for u in opened.values()]
    assert len(set(found)) == 3
    assert all(len(t) >= 22 and tokens.well_formed(t) for t in found)  # ≥128 bits, URL-safe
    assert all(u.startswith("/enkat?t=") for u in opened.values())
    sent = send(store, opened["0780"], answer(integration=5))
    assert sent.status == "sent"
    secrets_given = [*found, sent.resume]
    for table, column, value in text_values(store):
        for secret in secrets_given:
            assert secret not in value, (table, column)
    stored_hashes = {v for t, c, v in text_values(store) if c == "token_hash"}
    assert tokens.digest(found[0]) in stored_hashes


@pytest.mark.parametrize(
    ("token", "expected"),
    [("", "unknown"), ("x" * 30, "unknown"), ("<b>forged</b>", "unknown"), (None, "unknown")],
)
def test_a_forged_or_malformed_token_opens_nothing(store, opened, token, expected):
    assert questionnaire.access(store, token) == questionnaire.Access(expected)


def test_the_link_names_its_own_municipality_only(store, opened):
    found = questionnaire.access(store, token_of(opened["0765"]))
    assert (found.status, found.link.kommun_kod, found.link.kommun) == ("ok", "0765", "Älmhult")


def test_revoke_gives_a_new_link_and_the_old_one_stops_working(store, opened):
    old = token_of(opened["0780"])
    first = send(store, opened["0780"], answer(integration=4), submit=False)
    new = questionnaire.revoke(store, "2026", "0780")
    assert questionnaire.access(store, old).status == "revoked"
    assert send(store, opened["0780"], answer(integration=5)).status == "gone"
    url = new.loc[0, "url"]
    assert questionnaire.access(store, token_of(url)).link.kommun_kod == "0780"
    # the draft begun through the old link is resumed through the new one
    link = questionnaire.access(store, token_of(url)).link
    assert questionnaire.resume(store, link, first.resume)["betyg"] == {"integration": 4}
    assert questionnaire.access(store, token_of(opened["0765"])).status == "ok"  # others work


def test_after_the_closing_day_and_before_the_opening_day_the_link_is_closed(store):
    questionnaire.open_round(
        store,
        "2027",
        municipalities=THREE,
        opens=questionnaire.today() + timedelta(days=1),
        user="t",
    )
    url = questionnaire.issue_links(store, "2027").loc[0, "url"]
    assert questionnaire.access(store, token_of(url)).status == "not_yet"
    later = questionnaire.today() + timedelta(days=60)
    assert questionnaire.access(store, token_of(url), later).status == "closed"
    assert send(store, url, answer(integration=3)).status == "gone"  # nothing stored
    assert store.questionnaire.answers("2027", submitted_only=False).empty


def test_a_draft_is_resumed_with_its_code_and_changed_until_close(store, opened):
    url = opened["0680"]
    link = questionnaire.access(store, token_of(url)).link
    first = send(store, url, {"betyg": {"integration": 2}}, submit=False)
    assert first.status == "saved"
    assert tokens.well_formed(first.resume)
    kept = questionnaire.resume(store, link, first.resume)
    assert kept["betyg"] == {"integration": 2}
    assert kept["submitted_at"] is None
    assert send(store, url, answer(integration=5), resume=first.resume).status == "sent"
    assert send(store, url, answer(integration=1), resume=first.resume).status == "sent"
    assert questionnaire.resume(store, link, first.resume)["betyg"] == {"integration": 1}
    table = questionnaire.status(store, "2026").set_index("kommun_kod")
    assert table.loc["0680", ["invited", "started", "submitted"]].tolist() == [1, 1, 1]
    questionnaire.close(store, "2026")
    assert send(store, url, answer(integration=3), resume=first.resume).status == "gone"
    assert questionnaire.resume(store, link, first.resume)["betyg"] == {"integration": 1}


def test_a_resume_code_of_another_municipality_is_not_accepted(store, opened):
    mine = send(store, opened["0780"], answer(integration=5), submit=False)
    other = questionnaire.access(store, token_of(opened["0765"])).link
    assert questionnaire.resume(store, other, mine.resume) is None
    assert (
        send(store, opened["0765"], answer(integration=1), resume=mine.resume).status == "unknown"
    )


def test_the_cap_of_answers_per_municipality_holds(store):
    questionnaire.open_round(store, "cap", municipalities=THREE, cap=2, user="t")
    url = questionnaire.issue_links(store, "cap").loc[0, "url"]
    assert [send(store, url, answer(integration=3)).status for _ in range(3)] == [
        "sent",
        "sent",
        "cap",
    ]
    assert len(store.questionnaire.answers("cap")) == 2


def test_hostile_answers_are_refused_or_cleaned_never_stored_raw(store, opened):
    forged = answer(integration=9) | {"roll": "kung", "samverkansformer": ["<script>"]}
    sent = send(store, opened["0780"], forged)
    assert sent.status == "invalid"
    assert len(sent.cleaned.errors) == 3
    assert store.questionnaire.answers("2026", submitted_only=False).empty
    text = "# Rubrik\n<img src=x onerror=alert(1)>\x00\x07 ring 070-123 45 67 " + "å" * 20_000
    sent = send(store, opened["0780"], answer(integration=4) | {"utmaning_fritext": text})
    assert sent.status == "sent"
    kept = store.questionnaire.answers("2026").loc[0, "utmaning_fritext"]
    assert kept.startswith("# Rubrik\n<img src=x onerror=alert(1)> ring [telefon] å")
    assert "\x00" not in kept
    assert len(kept) <= 10_000
    assert {p.code for p in sent.notes} == {
        "enkat_kontrolltecken",
        "enkat_text_kortad",
        "enkat_personuppgifter",
    }


def test_the_same_priority_twice_and_no_role_are_refused_when_sending(store, opened):
    raw = answer(integration=3) | {"prio_2": "integration", "roll": None}
    sent = send(store, opened["0780"], raw)
    assert [p.code for p in sent.cleaned.errors] == ["enkat_prio_dubblett", "enkat_roll_saknas"]
    assert send(store, opened["0780"], raw | {"prio_2": None}, submit=False).status == "saved"


def test_the_bot_trap_refuses_a_filled_hidden_field_and_a_too_quick_send(store, opened):
    token = token_of(opened["0780"])
    trapped = questionnaire.save(
        store, token, answer(), resume_code=None, submit=True, honeypot="http://spam", shown_at=0.0
    )
    assert trapped.status == "bot"
    quick = questionnaire.save(
        store, token, answer(), resume_code=None, submit=True, shown_at=100.0, at=101.0
    )
    assert quick.status == "bot"
    assert store.questionnaire.answers("2026", submitted_only=False).empty


def test_rate_limits_per_link_and_global_are_kept_in_the_store(store, opened, monkeypatch):
    monkeypatch.setattr(limits, "TOKEN_LIMIT", 3)
    monkeypatch.setattr(limits, "GLOBAL_LIMIT", 5)
    at = time.time()
    first = [
        questionnaire.save(
            store, token_of(opened["0780"]), answer(), resume_code=None, submit=False, at=at
        ).status
        for _ in range(4)
    ]
    assert first == ["saved", "saved", "saved", "limited"]
    other = [
        questionnaire.save(
            store, token_of(opened["0765"]), answer(), resume_code=None, submit=False, at=at
        ).status
        for _ in range(3)
    ]
    assert other == ["saved", "saved", "limited"]  # the global window: 5 in all
    # a second Store object (another replica) sees the same counts
    replica = Store(store.url)
    assert not replica.questionnaire.take_limit(limits.EVERYONE, at, limits.GLOBAL_WINDOW, 5)
    later = at + limits.TOKEN_WINDOW + 1
    assert (
        questionnaire.save(
            replica, token_of(opened["0780"]), answer(), resume_code=None, submit=False, at=later
        ).status
        == "saved"
    )


def test_open_refuses_a_bad_label_wrong_dates_and_an_existing_round(store, opened):
    with pytest.raises(StoreError) as bad:
        questionnaire.open_round(store, "svar (1)", municipalities=THREE, user="t")
    assert bad.value.code == "omgang_ogiltig"
    with pytest.raises(StoreError) as dates:
        questionnaire.open_round(
            store,
            "x",
            opens=date(2026, 5, 2),
            closes=date(2026, 5, 1),
            municipalities=THREE,
            user="t",
        )
    assert dates.value.code == "enkat_datum_fel"
    with pytest.raises(StoreError) as again:
        questionnaire.open_round(store, "2026", municipalities=THREE, user="t")
    assert again.value.code == "enkat_omgang_finns"
    with pytest.raises(StoreError) as outside:
        questionnaire.issue_links(store, "2026", ["0114"])
    assert outside.value.code == "enkat_kommun_ej_inbjuden"


def test_the_default_invitation_is_the_region_file(store):
    from linnedata.places.region import default_region

    questionnaire.open_round(store, "alla", user="t")
    assert list(store.questionnaire.invited("alla")) == sorted(default_region()["kommun_kod"])


def test_response_rate_over_time_counts_each_municipality_once(store, opened):
    from linnedata.questionnaire import tracking

    send(store, opened["0780"], answer(integration=5))
    send(store, opened["0780"], answer(integration=4))
    send(store, opened["0765"], answer(integration=4), submit=False)
    today = questionnaire.today()  # the day the answers were sent (not the day of the import)
    rate = tracking.rate_over_time(store.questionnaire.tracking("2026"), today, today)
    assert rate.to_dict("records") == [{"dag": today, "kommuner": 1, "andel": 1 / 3}]
    table = questionnaire.status(store, "2026")
    assert table.to_dict("records") == [
        {"kommun_kod": "0680", "kommun": "Jönköping", "invited": 1, "started": 0, "submitted": 0},
        {"kommun_kod": "0765", "kommun": "Älmhult", "invited": 1, "started": 1, "submitted": 0},
        {"kommun_kod": "0780", "kommun": "Växjö", "invited": 1, "started": 2, "submitted": 2},
    ]


GIVEN = [  # (municipality, role, ratings, priorities, forms, seminar, co-financing)
    ("0780", "tjänsteperson", {"integration": 5, "skolutveckling": 2}, ("integration", "digitalisering", None), ["forskning"], "ja", "ja"),
    ("0780", "förtroendevald", {"integration": 3, "skolutveckling": 4}, ("skolutveckling", "integration", "demokrati"), ["kurs", "praktik"], "nej", "vet ej"),
    ("0765", "annan", {"integration": 4}, ("integration", None, None), [], "kanske", "nej"),
    ("0680", "kommundirektör", {"skolutveckling": 1, "demokrati": 5}, ("demokrati", "skolutveckling", "integration"), ["workshop"], "ja", "ja"),
]  # fmt: skip


def expected_figures() -> dict[tuple[str, str], tuple[float, float, float, int]]:
    """medelbetyg, prioriteringspoang, andel_angelaget, antal_svarande by hand (SURVEY.md)."""
    out = {}
    for code in {g[0] for g in GIVEN}:
        mine = [g for g in GIVEN if g[0] == code]
        for area in ("integration", "skolutveckling", "demokrati", "digitalisering"):
            rated = [g[2][area] for g in mine if area in g[2]]
            points = [3 - g[3].index(area) if area in g[3] else 0 for g in mine]
            mean = sum(rated) / len(rated) if rated else float("nan")
            share = sum(r >= 4 for r in rated) / len(rated) if rated else float("nan")
            out[(code, area)] = (mean, sum(points) / len(mine), share, len(rated))
    return out


def test_close_publishes_through_the_one_import_with_every_figure_as_computed_by_hand(
    store, opened
):
    for code, role, ratings, prio, forms, seminar, cofin in GIVEN:
        raw = {"roll": role, "prio_1": prio[0], "prio_2": prio[1], "prio_3": prio[2],
               "samverkansformer": forms, "seminarieintresse": seminar,
               "medfinansiering": cofin, "utmaning_fritext": f"Text {code}", "betyg": ratings}  # fmt: skip
        assert send(store, opened[code], raw).status == "sent"
    send(store, opened["0765"], answer(integration=1), submit=False)  # a draft: not published
    store.questionnaire.save_contacts("2026", {"0780": "a@example.org"})
    questionnaire.close(store, "2026")
    table = questionnaire.draft_table(store, "2026")
    data = draft.draft_bytes(table)
    options = ReadOptions.of(file_name=draft.file_name("2026"))
    found = importing.read(data, options, "2026")
    assert found.outcome.errors == []
    assert found.info.source_format == "canonical-csv"
    result = importing.publish(
        store, data, found, user="steward", round_label="2026", replace=False
    )
    questionnaire.published(store, "2026")
    assert (result.responses, result.municipalities) == (4, 3)
    assert store.questionnaire.contacts("2026") == {}  # the reminder addresses are gone
    kept = store.questionnaire.answers("2026", submitted_only=False)
    assert len(kept) == 4  # the draft never sent is deleted
    assert store.import_log().loc[0, "file_name"] == "enkat_2026.csv"
    survey = store.load("2026")
    figures = measures.area_measures(survey).set_index(["kommun_kod", "area_id"])
    for key, (mean, points, share, n) in expected_figures().items():
        row = figures.loc[key]
        assert row["antal_svarande"] == n, key
        assert row["prioriteringspoang"] == pytest.approx(points), key
        if n:
            assert (row["medelbetyg"], row["andel_angelaget"]) == pytest.approx((mean, share)), key
        else:
            assert pd.isna(row["medelbetyg"]), key
    forms = survey.forms.merge(survey.responses, on="respondent")
    assert sorted(zip(forms["kommun_kod"], forms["form_id"], strict=True)) == sorted(
        (g[0], f) for g in GIVEN for f in g[4]
    )
    kept = survey.responses.sort_values(["kommun_kod", "roll"])
    assert kept["seminarieintresse"].tolist() == ["ja", "kanske", "nej", "ja"]


def test_answers_in_the_app_and_a_paper_file_make_one_round(store, opened):
    send(store, opened["0780"], answer(integration=5))
    questionnaire.close(store, "2026")
    paper = pd.DataFrame({"kommun": ["Jönköping"], "betyg_integration": ["2"], "roll": ["annan"]})
    table = draft.combined(questionnaire.draft_table(store, "2026"), paper, _taxonomy())
    found = importing.read(draft.draft_bytes(table), ReadOptions.of(file_name="x.csv"), "2026")
    assert found.outcome.errors == []
    codes = sorted(found.outcome.responses["kommun_kod"])
    assert codes == ["0680", "0780"]


def _taxonomy():
    from linnedata.taxonomy import default_taxonomy

    return default_taxonomy()


def test_a_version_6_store_is_upgraded_to_7_with_the_questionnaire_tables(db_url):
    import sqlalchemy as sa

    from linnedata.store import SCHEMA_VERSION
    from linnedata.store.schema import QUESTIONNAIRE_TABLES, schema_version

    store = Store(db_url)
    with store.engine.begin() as conn:
        for table in reversed(QUESTIONNAIRE_TABLES):
            table.drop(conn)
        conn.execute(schema_version.delete())
        conn.execute(
            schema_version.insert().values(version=6, applied_at=pd.Timestamp.now(tz="UTC"))
        )
    from linnedata.store.engine import forget_engine

    forget_engine(db_url)
    upgraded = Store(db_url)
    assert upgraded.version() == SCHEMA_VERSION >= 7
    questionnaire.open_round(upgraded, "2026", municipalities=THREE, user="t")
    assert len(questionnaire.issue_links(upgraded, "2026")) == 3
    with upgraded.engine.connect() as conn:
        assert sa.inspect(conn).has_table("questionnaire_answers")


def test_a_read_export_added_to_the_app_answers_keeps_every_answer(store, opened):
    from linnedata.paths import DEMO_DIR

    send(store, opened["0780"], answer(integration=5))
    questionnaire.close(store, "2026")
    paper = (DEMO_DIR / "enkat_2024.csv").read_bytes()
    read = importing.read(paper, ReadOptions.of(file_name="papper.csv"), "2026")
    other = questionnaire.paper_answers(paper, "papper.csv", "2026")  # the page's and CLI's way
    table = questionnaire.draft_table(store, "2026", paper=other)
    found = importing.read(draft.draft_bytes(table), ReadOptions.of(file_name="x.csv"), "2026")
    assert found.outcome.errors == []
    assert len(found.outcome.responses) == 1 + len(other)
    merged = found.outcome.ratings.merge(found.outcome.responses, on="respondent")
    paper_mean = read.outcome.ratings["betyg"].mean()
    app_and_paper = merged["betyg"].mean()
    n = merged["betyg"].notna().sum()
    assert app_and_paper == pytest.approx((paper_mean * (n - 1) + 5) / n)


def test_a_paper_file_with_problems_is_refused_with_every_one_named(tmp_path):
    from linnedata.errors import InputError

    paper = tmp_path / "papper.csv"
    paper.write_text("kommun,betyg_integration\nAtlantis,9\nVäxjö,3\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        questionnaire.paper_answers(paper, paper.name, "2026")
    assert sorted((p.row, p.column, p.value) for p in refused.value.errors) == [
        (2, "betyg_integration", "9"),
        (2, "kommun", "Atlantis"),
    ]
