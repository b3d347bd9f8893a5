"""Reminders: a real SMTP server on loopback (aiosmtpd), mailto links without one, at most
one reminder a day per municipality, addresses for the invited only and gone at publish."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd
import pytest
from aiosmtpd.controller import Controller

from linnedata import questionnaire
from linnedata.questionnaire import reminders
from linnedata.store import Store

THREE = pd.DataFrame(
    {"kommun_kod": ["0780", "0765", "0680"], "kommun": ["Växjö", "Älmhult", "Jönköping"]}
)
CONTACTS = "kommun;e-post\nVäxjö;enkat@vaxjo.example\n0765;svar@almhult.example\nOkänd;x@y.example\nbara text\n"


class Inbox:
    def __init__(self) -> None:
        self.mails: list = []

    async def handle_DATA(self, server, session, envelope):
        self.mails.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, reminders.SmtpSettings]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            inbox,
            reminders.SmtpSettings("127.0.0.1", port, starttls=False, sender="enkat@lnu.example"),
        )
    finally:
        controller.stop()


@pytest.fixture
def store(db_url: str) -> Store:
    store = Store(db_url)
    questionnaire.open_round(store, "2026", municipalities=THREE, user="t")
    questionnaire.issue_links(store, "2026")
    return store


def test_contacts_are_read_for_the_invited_with_problems_by_row(store):
    found, problems = reminders.read_contacts(
        CONTACTS.encode(), store.questionnaire.invited("2026")
    )
    assert found == {"0780": "enkat@vaxjo.example", "0765": "svar@almhult.example"}
    assert [(p.row, p.code) for p in problems] == [
        (4, "enkat_kontakt_kommun"),
        (5, "enkat_kontakt_rad"),
    ]
    assert all("@" not in str(p.value) for p in problems)


def test_reminders_go_through_a_real_smtp_server_once_a_day_with_a_working_link(store, smtp):
    inbox, settings = smtp
    found, _ = reminders.read_contacts(CONTACTS.encode(), store.questionnaire.invited("2026"))
    store.questionnaire.save_contacts("2026", found)
    links = questionnaire.issue_links(store, "2026", ["0765"])  # Älmhult answers
    token = parse_qs(urlsplit(links.loc[0, "url"]).query)["t"][0]
    raw = {"roll": "annan", "betyg": {"integration": 3}}
    assert questionnaire.save(store, token, raw, resume_code=None, submit=True, shown_at=0.0).stored
    at = datetime(2030, 1, 1, 9, tzinfo=UTC)
    dry = reminders.remind(store, "2026", settings=settings, dry_run=True, at=at)
    assert dry[["kommun_kod", "status"]].values.tolist() == [
        ["0680", "no_address"],
        ["0780", "would"],
    ]
    assert inbox.mails == []
    sent = reminders.remind(store, "2026", settings=settings, at=at)
    assert sent.set_index("kommun_kod")["status"].to_dict() == {
        "0680": "no_address",
        "0780": "sent",
    }
    assert len(inbox.mails) == 1
    to, mail = inbox.mails[0]
    assert to == ["enkat@vaxjo.example"]
    assert "2026" in mail["Subject"]
    body = mail.get_content()
    assert "Växjö" in body
    url = next(line for line in body.splitlines() if "/enkat?t=" in line).strip()
    new_token = parse_qs(urlsplit(url).query)["t"][0]
    assert questionnaire.access(store, new_token).link.kommun_kod == "0780"
    again = reminders.remind(store, "2026", settings=settings, at=at + timedelta(hours=20))
    assert again.set_index("kommun_kod").loc["0780", "status"] == "today"
    assert len(inbox.mails) == 1  # never twice within a day
    later = reminders.remind(store, "2026", settings=settings, at=at + timedelta(days=1, minutes=1))
    assert later.set_index("kommun_kod").loc["0780", "status"] == "sent"
    assert len(inbox.mails) == 2
    assert new_token != token


def test_without_smtp_a_mailto_link_per_municipality(store):
    store.questionnaire.save_contacts("2026", {"0680": "a.b@jonkoping.example"})
    listed = reminders.remind(store, "2026", settings=None, at=datetime(2030, 1, 1, tzinfo=UTC))
    row = listed.set_index("kommun_kod").loc["0680"]
    assert row["status"] == "mailto"
    assert row["mailto"].startswith("mailto:a.b@jonkoping.example?subject=")
    body = unquote(row["mailto"].split("&body=", 1)[1])
    assert "Jönköping" in body
    assert "/enkat?t=" in body


def test_a_failing_smtp_server_gives_the_day_back(store):
    store.questionnaire.save_contacts("2026", {"0680": "a@b.example"})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # nothing listens there
    settings = reminders.SmtpSettings("127.0.0.1", dead, starttls=False)
    at = datetime(2030, 1, 1, tzinfo=UTC)
    assert reminders.remind(store, "2026", settings=settings, at=at).loc[0, "status"] == "failed"
    assert store.questionnaire.claim_reminder("2026", "0680", at)  # may be reminded again


def test_smtp_settings_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("LINNEDATA_SMTP_HOST", raising=False)
    assert reminders.SmtpSettings.from_env() is None
    monkeypatch.setenv("LINNEDATA_SMTP_HOST", "smtp.example")
    monkeypatch.setenv("LINNEDATA_SMTP_PORT", "25")
    found = reminders.SmtpSettings.from_env()
    assert (found.host, found.port, found.starttls) == ("smtp.example", 25, False)
