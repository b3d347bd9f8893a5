"""Who may change the data: the steward role; who may read the free text: the reader role.

Viewing is open to everyone. The Data page's controls and every individual-level view or
download need the steward role, given by the first of these that is configured:

1. **OIDC login** (``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]`` section;
   stewards are the e-mail addresses in ``[linnedata] stewards = ["…"]`` (or the environment
   variable ``LINNEDATA_STEWARDS``, comma-separated).
2. **A password** from the environment variable ``LINNEDATA_ADMIN_PASSWORD``, compared in
   constant time; each wrong attempt waits longer (up to :data:`MAX_DELAY` seconds).
3. **Neither**: uploading in the app is switched off, and the page says how to switch it on.
   The command line (``python -m linnedata import …``) still works for whoever can run it.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from typing import Any

import streamlit as st

from ui import tr

PASSWORD_VARIABLE = "LINNEDATA_ADMIN_PASSWORD"
STEWARDS_VARIABLE = "LINNEDATA_STEWARDS"
READER_PASSWORD_VARIABLE = "LINNEDATA_READER_PASSWORD"
READERS_VARIABLE = "LINNEDATA_READERS"
_READER_SESSION = "_reader"
BASE_DELAY = 1.0
MAX_DELAY = 8.0
_SESSION = "_steward"
_failures = {"count": 0}
_lock = threading.Lock()


def _secrets() -> Any:
    try:
        return dict(st.secrets)
    except FileNotFoundError:  # no secrets.toml (Streamlit's StreamlitSecretNotFoundError)
        return {}


def mode() -> str:
    """``"oidc"``, ``"password"`` or ``"off"``: how a steward logs in here."""
    if "auth" in _secrets():
        return "oidc"
    if os.environ.get(PASSWORD_VARIABLE):
        return "password"
    return "off"


def stewards() -> set[str]:
    """The stewards' e-mail addresses (lower case) for the OIDC login."""
    return _emails("stewards", STEWARDS_VARIABLE)


def readers() -> set[str]:
    """The readers' e-mail addresses (lower case): ``[linnedata] readers`` or $LINNEDATA_READERS."""
    return _emails("readers", READERS_VARIABLE)


def _emails(key: str, variable: str) -> set[str]:
    configured = _secrets().get("linnedata", {}).get(key, [])
    if isinstance(configured, str):
        configured = configured.split(",")
    from_env = os.environ.get(variable, "").split(",")
    return {e.strip().lower() for e in [*configured, *from_env] if e.strip()}


def _oidc_email() -> str | None:
    if not getattr(st.user, "is_logged_in", False):
        return None
    email = st.user.get("email")
    return str(email).lower() if email else None


def is_steward() -> bool:
    """Whether this session has the steward role."""
    current = mode()
    if current == "oidc":
        email = _oidc_email()
        return email is not None and email in stewards()
    if current == "password":
        return bool(st.session_state.get(_SESSION))
    return False


def is_reader() -> bool:
    """Whether this session may read the free-text answers: a reader, or a steward.

    Readers (*läsare*: faculty and organisers, read-only) log in like stewards: with OIDC
    when configured (their e-mail in ``readers``), else with $LINNEDATA_READER_PASSWORD.
    """
    if is_steward():
        return True
    if mode() == "oidc":
        email = _oidc_email()
        return email is not None and email in readers()
    return bool(st.session_state.get(_READER_SESSION))


def reader_gate() -> bool:
    """Draw the reader's login (or the reason there is none); whether this session may read."""
    if is_reader():
        return True
    if mode() == "oidc":
        email = _oidc_email()
        if email is None:
            st.info(tr("auth_lasare_oidc_info"), icon=":material/lock:")
            st.button(tr("auth_logga_in"), key="auth_reader_login", on_click=st.login)
        else:
            st.warning(tr("auth_inte_lasare", email=email), icon=":material/block:")
            st.button(tr("auth_logga_ut"), key="auth_reader_logout", on_click=st.logout)
        return False
    if not os.environ.get(READER_PASSWORD_VARIABLE):
        st.info(tr("auth_lasare_av"), icon=":material/lock:")
        return False
    with st.form("auth_reader_form", enter_to_submit=True):
        given = st.text_input(tr("auth_lasare_losenord"), type="password", key="auth_reader_pw")
        sent = st.form_submit_button(tr("auth_logga_in"))
    if sent:
        if check_password(given or "", READER_PASSWORD_VARIABLE):
            st.session_state[_READER_SESSION] = True
            st.session_state.pop("auth_reader_pw", None)
            st.rerun()
        st.error(tr("auth_fel_losenord"), icon=":material/error:")
    return False


def user() -> str:
    """Who the steward is, for the import log."""
    if mode() == "oidc":
        return _oidc_email() or "?"
    return "steward (lösenord)"


def check_password(given: str, variable: str = PASSWORD_VARIABLE) -> bool:
    """Compare with ``LINNEDATA_ADMIN_PASSWORD`` (or ``variable``) in constant time; a wrong
    one waits.

    The wait grows with every wrong attempt in this process (1, 2, 4, 8, 8 … seconds) and
    resets after a right one, which makes guessing slow from any number of sessions.
    """
    expected = os.environ.get(variable, "")
    right = bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
    with _lock:
        if right:
            _failures["count"] = 0
            return True
        _failures["count"] += 1
        delay = min(BASE_DELAY * 2 ** (_failures["count"] - 1), MAX_DELAY)
    time.sleep(delay)
    return False


def gate() -> bool:
    """Draw the login (or the reason there is none) and return whether this is a steward."""
    current = mode()
    if current == "off":
        st.info(tr("auth_av"), icon=":material/lock:")
        return False
    if current == "oidc":
        email = _oidc_email()
        if email is None:
            st.info(tr("auth_oidc_info"), icon=":material/lock:")
            st.button(tr("auth_logga_in"), key="auth_login", on_click=st.login)
            return False
        if email not in stewards():
            st.warning(tr("auth_inte_forvaltare", email=email), icon=":material/block:")
            st.button(tr("auth_logga_ut"), key="auth_logout", on_click=st.logout)
            return False
        st.caption(tr("auth_inloggad", who=email))
        st.button(tr("auth_logga_ut"), key="auth_logout", on_click=st.logout)
        return True
    if st.session_state.get(_SESSION):
        st.caption(tr("auth_inloggad", who=tr("auth_forvaltare")))
        st.button(tr("auth_logga_ut"), key="auth_logout", on_click=_log_out)
        return True
    with st.form("auth_form", enter_to_submit=True):
        st.write(tr("auth_losenord_info"))
        given = st.text_input(tr("auth_losenord"), type="password", key="auth_password")
        sent = st.form_submit_button(tr("auth_logga_in"))
    if sent:
        if check_password(given or ""):
            st.session_state[_SESSION] = True
            st.session_state.pop("auth_password", None)
            st.rerun()
        st.error(tr("auth_fel_losenord"), icon=":material/error:")
    return False


def _log_out() -> None:
    st.session_state.pop(_SESSION, None)
