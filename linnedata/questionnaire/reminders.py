"""Reminders to the municipalities that have not answered: by e-mail, or as mailto links.

The addresses are the one piece of personal data the service keeps on purpose, uploaded by
the steward for this purpose only (a CSV: municipality and e-mail address) and deleted when
the round is published. A municipality is reminded at most once a day, whichever replica
or command asks (the claim is taken in the store before anything is sent, and given back
if sending fails). Each reminder carries a fresh link for the municipality (the earlier
links keep working), since the store keeps no token it could repeat.

E-mail goes through the SMTP server the deployment names (standard library ``smtplib``):

- ``LINNEDATA_SMTP_HOST`` (without it: no e-mail, a list of mailto links instead),
  ``LINNEDATA_SMTP_PORT`` (587), ``LINNEDATA_SMTP_USER`` / ``LINNEDATA_SMTP_PASSWORD``
  (optional), ``LINNEDATA_SMTP_STARTTLS`` (``1``/``0``, default 1 unless the port is 25),
  ``LINNEDATA_SMTP_FROM`` (the sender address);
- ``LINNEDATA_PUBLIC_URL``: the app's address, put before ``/enkat?t=…`` in the message.
"""

from __future__ import annotations

import csv
import io
import os
import re
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

import pandas as pd

from linnedata import i18n
from linnedata.errors import Problem, problem
from linnedata.places.region import MunicipalityResolver
from linnedata.questionnaire import service
from linnedata.survey.source import decode_lines

_ADDRESS = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}")
MAX_CONTACTS_BYTES = 1_000_000
PUBLIC_URL_VARIABLE = "LINNEDATA_PUBLIC_URL"
REMINDER_COLUMNS = ["kommun_kod", "kommun", "adress", "status", "mailto"]


@dataclass(frozen=True)
class SmtpSettings:
    """Where reminders are sent from (see the module's environment variables)."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    sender: str = "noreply@localhost"

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        """The deployment's SMTP server, or None when none is configured."""
        host = os.environ.get("LINNEDATA_SMTP_HOST", "").strip()
        if not host:
            return None
        port = int(os.environ.get("LINNEDATA_SMTP_PORT") or 587)
        tls = os.environ.get("LINNEDATA_SMTP_STARTTLS", "0" if port == 25 else "1")
        return cls(
            host=host,
            port=port,
            user=os.environ.get("LINNEDATA_SMTP_USER") or None,
            password=os.environ.get("LINNEDATA_SMTP_PASSWORD") or None,
            starttls=tls.strip() not in ("0", "false", "no", ""),
            sender=os.environ.get("LINNEDATA_SMTP_FROM") or "noreply@localhost",
        )


def public_url() -> str:
    """The app's public address (no trailing slash)."""
    return (os.environ.get(PUBLIC_URL_VARIABLE) or "http://localhost:8501").rstrip("/")


def read_contacts(data: bytes, invited: dict[str, str]) -> tuple[dict[str, str], list[Problem]]:
    """Reminder addresses from a CSV with a municipality column (code or name) and an e-mail
    column, for the invited municipalities only.

    Returns:
        ``{code: address}`` and the problems (row, column, what to do) — an address is
        never repeated in a problem.
    """
    if len(data) > MAX_CONTACTS_BYTES:
        return {}, [problem("enkat_kontakter_for_stor", max=MAX_CONTACTS_BYTES // 1000)]
    decoded = decode_lines(data)
    if decoded is None:
        return {}, [problem("enkat_kontakter_olasbar")]
    text = decoded[0]
    separator = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=separator))
    resolver = MunicipalityResolver(
        pd.DataFrame({"kommun_kod": list(invited), "kommun": list(invited.values())})
    )
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row if c.strip()]
        address = next((c for c in cells if _ADDRESS.fullmatch(c)), None)
        place = next((c for c in cells if c != address), None)
        if address is None or place is None:
            if number > 1 and cells:  # the first row may be a header
                problems.append(problem("enkat_kontakt_rad", number, None, None))
            continue
        code = resolver.resolve(place).code
        if code is None:
            if number > 1:
                problems.append(problem("enkat_kontakt_kommun", number, None, place[:60]))
            continue
        found[code] = address[:320]
    return found, problems


def mailto(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` link with the subject and body filled in."""
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"


def message(kommun: str, url: str, label: str, closes: str, lang: str) -> tuple[str, str]:
    """The reminder's subject and body."""
    subject = i18n.t("enkat_paminnelse_amne", lang, round=label)
    body = i18n.t("enkat_paminnelse_text", lang, kommun=kommun, url=url, closes=closes)
    return subject, body


def _send(settings: SmtpSettings, to: str, subject: str, body: str) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = settings.sender, to, subject
    mail.set_content(body)
    with smtplib.SMTP(settings.host, settings.port, timeout=20) as server:
        if settings.starttls:
            server.starttls()
        if settings.user:
            server.login(settings.user, settings.password or "")
        server.send_message(mail)


def due(store: Any, label: str) -> pd.DataFrame:
    """The invited municipalities without a sent answer, with their address (or None)."""
    tracked = store.questionnaire.tracking(label)
    waiting = tracked[tracked["submitted"] == 0]
    addresses = store.questionnaire.contacts(label)
    return waiting.assign(adress=[addresses.get(c) for c in waiting["kommun_kod"]])


def remind(
    store: Any,
    label: str,
    *,
    settings: SmtpSettings | None,
    dry_run: bool = False,
    lang: str = i18n.DEFAULT_LANG,
    at: datetime | None = None,
) -> pd.DataFrame:
    """Remind the municipalities that have not answered.

    Args:
        store: the Store.
        label: the round.
        settings: the SMTP server (None: make mailto links instead of sending).
        dry_run: only say who would be reminded (no link, no claim, no mail).
        lang: the message's language.
        at: now (tests).

    Returns:
        ``kommun_kod, kommun, adress, status, mailto``; status ``sent``, ``mailto``,
        ``would`` (dry run), ``today`` (reminded within the last day), ``no_address`` or
        ``failed``.
    """
    at = at or datetime.now(UTC)
    found = store.questionnaire.round(label)
    rows = []
    for item in due(store, label).itertuples():
        rows.append(_one(store, found, item, settings, dry_run, lang, at))
    return pd.DataFrame(rows, columns=REMINDER_COLUMNS)


def _one(store, found, item, settings, dry_run, lang, at) -> list[Any]:
    """Remind one municipality (see :func:`remind`)."""
    address = item.adress if isinstance(item.adress, str) else None
    base = [item.kommun_kod, item.kommun, address]
    if address is None:
        return [*base, "no_address", ""]
    if dry_run:
        return [*base, "would", ""]
    if not store.questionnaire.claim_reminder(found.label, item.kommun_kod, at):
        return [*base, "today", ""]
    link = service.issue_links(store, found.label, [item.kommun_kod], revoke_earlier=False)
    url = public_url() + link.loc[0, "url"]
    subject, body = message(item.kommun, url, found.label, found.closes.isoformat(), lang)
    if settings is None:
        return [*base, "mailto", mailto(address, subject, body)]
    try:
        _send(settings, address, subject, body)
    except (OSError, smtplib.SMTPException):
        store.questionnaire.release_reminder(found.label, item.kommun_kod)
        return [*base, "failed", ""]
    return [*base, "sent", ""]
