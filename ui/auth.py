"""Who may change the data: the steward role; who may read the free text: the reader role.

Viewing is open to everyone. The Data page's controls and every individual-level view or
download need the steward role, given by the first of these that is configured:

1. **OIDC login** (``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]`` section;
   stewards are the e-mail addresses in ``[linnedata] stewards = ["…"]`` (or the environment
   variable ``LINNEDATA_STEWARDS``, comma-separated).
2. **A password** from the environment variable ``LINNEDATA_ADMIN_PASSWORD``, compared in
   constant time and throttled (:mod:`linnedata.throttle`): every attempt takes its
   session's turn (1, 2, 4, 8, 16, 30 s apart), its address's and everyone's, in every
   process that shares the store, and is compared within ``MAX_WAIT`` seconds or answered
   "try again in N s" without being compared; a fresh session's turn is free, so the
   steward gets in within seconds while an attack runs. The address comes only from the
   app's own proxy (:func:`client_address`). Attempts are logged (count, address, time;
   never the password) to the logger ``linnedata.auth``.
3. **Neither**: uploading in the app is switched off, and the page says how to switch it on.
   The command line (``python -m linnedata import …``) still works for whoever can run it.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from linnedata import throttle
from linnedata.store import StoreError
from ui import a11y, say, tr
from ui import secrets as app_secrets

PASSWORD_VARIABLE = "LINNEDATA_ADMIN_PASSWORD"
STEWARDS_VARIABLE = "LINNEDATA_STEWARDS"
# The proxies (comma-separated addresses) whose X-Forwarded-For names the real client.
PROXY_VARIABLE = "LINNEDATA_TRUSTED_PROXIES"
READER_PASSWORD_VARIABLE = "LINNEDATA_READER_PASSWORD"
READERS_VARIABLE = "LINNEDATA_READERS"
_READER_SESSION = "_reader"
_SESSION = "_steward"
_memory = throttle.MemoryTurns()  # the turns while the store cannot be reached
_log = logging.getLogger("linnedata.auth")


def _secrets() -> Any:
    return app_secrets()  # read once per process (ui.secrets)


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
        right = _attempt(given or "", READER_PASSWORD_VARIABLE)
        if right:
            st.session_state[_READER_SESSION] = True
            st.session_state.pop("auth_reader_pw", None)
            st.rerun()
        if right is False:
            st.error(tr("auth_fel_losenord"), icon=":material/error:")
    return False


LOGIN_FOCUS = "inloggning"
"""Where focus goes after the steward logs in: the gate's "logged in" line (ui.a11y)."""

PASSWORD_USER = "steward (lösenord)"
"""The import log's "who" for a steward logged in with the password (stored as is; the
Data page shows it translated, key ``logg_anvandare_losenord``)."""


def user() -> str:
    """Who the steward is, for the import log."""
    if mode() == "oidc":
        return _oidc_email() or "?"
    return PASSWORD_USER


def client_address() -> str:
    """The client's address, taken only from the app's own proxy (:func:`throttle.client_address`):
    X-Forwarded-For counts only when the peer is one of $LINNEDATA_TRUSTED_PROXIES, and not at
    all when the server itself may have taken the peer from it (uvicorn trusts loopback's
    X-Forwarded-For unless started with ``FORWARDED_ALLOW_IPS=""``)."""
    try:
        peer = st.context.ip_address
        headers = st.context.headers
        forwarded = headers.get_all("X-Forwarded-For") if hasattr(headers, "get_all") else []
        if not forwarded and headers.get("X-Forwarded-For"):
            forwarded = [headers.get("X-Forwarded-For")]
    except AttributeError:  # outside a running app
        return "?"
    if not isinstance(peer, str) or not peer:  # None on localhost; not a text in AppTest
        peer = None
    proxies = os.environ.get(PROXY_VARIABLE, "").split(",")
    return throttle.client_address(peer, forwarded, proxies, server_trusts_forwarded())


def server_trusts_forwarded() -> bool:
    """Whether this process's server (uvicorn) replaces a loopback peer by X-Forwarded-For."""
    return bool(os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1").strip(" ,"))


_THROTTLE_SESSION = "_throttle_session"


def session_key() -> str:
    """A random key made for this Streamlit session on its first attempt and kept in its
    session state on the server (a client cannot choose or reuse another session's)."""
    try:
        return st.session_state.setdefault(_THROTTLE_SESSION, secrets.token_hex(16))
    except (AttributeError, RuntimeError):  # outside a running app
        return "?"


class TooManyAttempts(Exception):
    """The attempt was not compared: too many attempts right now; try again in ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def check_password(
    given: str,
    address: str = "?",
    variable: str = PASSWORD_VARIABLE,
    session: str | None = None,
) -> bool:
    """Compare with ``LINNEDATA_ADMIN_PASSWORD`` (or ``variable``, the readers' password) in
    constant time, at the attempt's turn (:mod:`linnedata.throttle`: its session's, its
    address's and everyone's; one budget for both passwords, shared through the store by every
    process). Every attempt is logged: address, count, outcome, wait; never the password.

    Raises:
        TooManyAttempts: the turn is more than ``throttle.MAX_WAIT`` away; nothing compared.
    """
    session = session_key() if session is None else session
    keys = _keys(address, session)
    now = time.time()
    decision: throttle.Decision = _turns("take", keys, now)
    who = "reader" if variable == READER_PASSWORD_VARIABLE else "steward"
    if not decision.compared:
        seconds = decision.retry_in(now)
        _log.warning("%s login refused from %s: busy, try again in %d s", who, address, seconds)
        raise TooManyAttempts(seconds)
    wait = max(0.0, decision.at - now)
    time.sleep(wait)
    expected = os.environ.get(variable, "")
    right = bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
    if right:
        _turns("clear", keys)
    _log.warning(
        "%s login %s from %s (attempt %d of its session, waited %.1f s)",
        who,
        "succeeded" if right else "failed",
        address,
        decision.session.wrong,
        wait,
    )
    return right


def _keys(address: str, session: str) -> tuple[str, str]:
    """The session's and the address's keys in the store: keyed hashes, never the address."""
    secret = _client_secret()
    return (
        hmac.new(secret, f"session\0{address}\0{session}".encode(), "sha256").hexdigest()[:32],
        hmac.new(secret, f"address\0{address}".encode(), "sha256").hexdigest()[:32],
    )


def _turns(action: str, keys: tuple[str, str], *args: float) -> Any:
    """``take`` or ``clear`` the turns in the store; in this process while the store cannot be
    reached (a fault must not open the door, nor lock the steward out)."""
    from ui import data  # ui.data draws pages; imported here to keep ui.auth light

    try:
        store = data.store()
        if action == "take":
            return store.take_login_turn(*keys, *args)
        return store.clear_login_turns(keys[0])
    except StoreError as fault:
        _log.warning("password throttle kept in this process only: %s", fault.message("en"))
        if action == "take":
            return _memory.take(*keys, *args)
        return _memory.clear(keys[0])


def _client_secret() -> bytes:
    """The key of the hashes: from the configured passwords, so every process of one
    deployment makes the same key and the store never holds an address."""
    return "\0".join(
        os.environ.get(v, "") for v in (PASSWORD_VARIABLE, READER_PASSWORD_VARIABLE)
    ).encode()


def _attempt(given: str, variable: str = PASSWORD_VARIABLE) -> bool | None:
    """A login form's attempt: whether it was right, or None when it was not compared (too
    many attempts right now: the page says when to try again)."""
    try:
        return check_password(given, client_address(), variable)
    except TooManyAttempts as busy:
        st.warning(tr("auth_upptaget", seconds=busy.seconds), icon=":material/hourglass_top:")
        return None


def gate() -> bool:
    """Draw the login (or the reason there is none) and return whether this is a steward.

    Also keeps this session's download token (see :func:`protected_download`) in step: live
    while the session is a steward, revoked (and the files made from it removed) otherwise.
    """
    steward = _gate()
    token = st.session_state.get(_TOKEN)
    if steward and token is None:
        st.session_state[_TOKEN] = token = secrets.token_urlsafe(16)
    if steward:
        _live_tokens.add(token)
    elif token is not None:
        _revoke(st.session_state.pop(_TOKEN))
    return steward


def _gate() -> bool:
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
            st.warning(say("auth_inte_forvaltare", email=email), icon=":material/block:")
            st.button(tr("auth_logga_ut"), key="auth_logout", on_click=st.logout)
            return False
        st.caption(say("auth_inloggad", who=email))
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
        right = _attempt(given or "")
        if right:
            st.session_state[_SESSION] = True
            st.session_state.pop("auth_password", None)
            a11y.focus_next_run(LOGIN_FOCUS)
            st.rerun()
        if right is False:
            st.error(tr("auth_fel_losenord"), icon=":material/error:")
    return False


def _log_out() -> None:
    st.session_state.pop(_SESSION, None)
    token = st.session_state.pop(_TOKEN, None)
    if token is not None:
        _revoke(token)


# --- protected downloads -------------------------------------------------------------------------
# Streamlit serves download data at an unauthenticated /media/… URL. Protected content (the
# individual responses) is therefore made only on click, from a callable that checks that its
# session is still a steward, and the file is removed DOWNLOAD_SECONDS later and at logout.
DOWNLOAD_SECONDS = float(os.environ.get("LINNEDATA_DOWNLOAD_SECONDS") or 30.0)
_TOKEN = "_steward_download_token"
_live_tokens: set[str] = set()


def protected_download(label: str, make: Callable[[], bytes], **options: Any) -> None:
    """A download button for protected content: ``make`` runs only on click, only while this
    session is a steward, and its file does not outlive :data:`DOWNLOAD_SECONDS` or logout."""
    token = st.session_state.get(_TOKEN)

    def data() -> bytes:
        if token is None or token not in _live_tokens:
            raise PermissionError("the steward's session has ended")
        payload = make()
        timer = threading.Timer(DOWNLOAD_SECONDS, forget_downloads)
        timer.daemon = True
        timer.start()
        return payload

    st.download_button(label, data=data, on_click="ignore", **options)


def forget_downloads() -> None:
    """Remove every download file that no session holds any more (the made-on-click ones).

    Streamlit removes such a file on the second clean-up after it is made; two clean-ups now
    remove it at once.
    """
    from streamlit import runtime

    if not runtime.exists():
        return
    manager = runtime.get_instance().media_file_mgr
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()


def _revoke(token: str) -> None:
    _live_tokens.discard(token)
    forget_downloads()
