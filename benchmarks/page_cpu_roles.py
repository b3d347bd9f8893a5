"""Server CPU per run of every page as a visitor, a reader and a steward, against a blank app.

Issue 23's yardstick (``/work/shared/tools/page_cpu.py``) opens every page as a visitor only.
This one measures every page of the navigation (``benchmarks.page_cpu.every_page``) for the
three roles, in one run, next to a blank one-title Streamlit app (``benchmarks/blank_app.py``,
served with the project's own ``.streamlit/config.toml``), each figure as a ratio to the
blank app's figure of the same kind:

- **first**: the page's first run. For the visitor a new WebSocket session whose first page it
  is (connect, run, close: the yardstick's *new*), against the blank app's new session. The
  reader and the steward log in with a password, and the role lives in their session, so a
  new session is never logged in: their *first* is, in one logged-in session, a switch from
  Översikt to the page (the page script's run after another page's), against the blank app's
  new session as well.
- **rerun**: the same session running the page again (the yardstick's *rerun*), against the
  blank app's rerun.

How a role logs in: through the app's own login form over the WebSocket, as a browser does.
The benchmark opens the page with the form (Data for the steward, Läsesal for the reader),
reads the form's widget ids from the elements the server sent, and sends the password and
the submit button's trigger as widget values; ``ui.auth`` compares it (throttled, one attempt
per session) and sets the role in the session. The login is checked (the steward's log-out
button, the reader's form gone) before anything is measured, and is not part of a figure.
The passwords are made up here and given to the server only (``LINNEDATA_ADMIN_PASSWORD``,
``LINNEDATA_READER_PASSWORD``); the store is a fresh SQLite file (the demo), with
``--open-round`` one opened questionnaire round (the steward's Enkät page then follows it),
with ``--published`` the demo's 2024 round and researchers published in it (the steward's
Data page then shows a round, its responses, the log and the registry).

Server CPU is user + system time from ``/proc`` before and after each run, after the server
has gone quiet, the idle rate subtracted. Both apps are served at once, and each run of a
page is followed by a run of the blank app of the same kind: every ratio compares runs made
under the same load (on a shared machine the blank app's own figure moved 1,8–2,9 ms between
runs minutes apart, which moved every ratio by a third). Runs are read in batches of
:data:`BATCH` (clock ticks are 10 ms); ``--runs`` is rounded down to whole batches. Another
visitor stays connected to each app throughout (as on a served day). Loopback only.

Run:
    .venv/bin/python -m benchmarks.page_cpu_roles --runs 10
    .venv/bin/python -m benchmarks.page_cpu_roles --runs 10 --open-round --pages enkater,data
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import ROOT, streamlit_server
from benchmarks.load import STEP_TIMEOUT, Sample, _messages, _problems, _server_pid
from benchmarks.page_cpu import SETTLE, _connect, _idle_rate, every_page

ROLES = ("visitor", "reader", "steward")
LOGIN_PAGE = {"steward": "data", "reader": "lasesal"}
"""The page whose form a role logs in with."""
LOGIN_FORM = {"steward": "auth_form", "reader": "auth_reader_form"}
"""The login form's ``st.form`` key (``ui.auth``)."""
SIGNED_IN = {"steward": "auth_logout"}
"""A widget key only a logged-in role's page shows."""


async def _run(ws, page: str, query: str = "", widgets=None, *, keep_widgets=False) -> list:
    """One run of ``page``; the elements the server sent (a visible error raises). The run
    sends ``widgets`` as the widget states (none given: an empty set, which resets every
    widget); with ``keep_widgets`` it sends no widget states, so the widgets keep their
    values (as after ``st.rerun()``, and as the shared yardstick reruns)."""
    BackMsg, ForwardMsg = _messages()
    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = page
    if not keep_widgets:
        request.rerun_script.widget_states.SetInParent()
    for widget in widgets or ():
        request.rerun_script.widget_states.widgets.append(widget)
    await ws.send(request.SerializeToString())
    elements = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(ws.recv(), STEP_TIMEOUT))
        if problem := _problems(message):
            raise RuntimeError(f"{page or 'oversikt'}: {problem}")
        if message.WhichOneof("type") == "delta":
            if message.delta.WhichOneof("type") == "new_element":
                elements.append(message.delta.new_element)
        elif (
            message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            return elements


def _form_ids(elements: list, form: str) -> tuple[str, str]:
    """The ids of the password field and the submit button of the form ``form``."""
    field = button = None
    for element in elements:
        kind = element.WhichOneof("type")
        if kind == "text_input" and element.text_input.form_id == form:
            field = element.text_input.id
        if kind == "button" and element.button.is_form_submitter and element.button.form_id == form:
            button = element.button.id
    if field is None or button is None:
        raise RuntimeError(f"no login form {form!r} on the page: is the password configured?")
    return field, button


async def _log_in(ws, role: str, password: str) -> None:
    """Log ``role`` in through its page's own form; raises unless the role is in."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    page, form = LOGIN_PAGE[role], LOGIN_FORM[role]
    field, button = _form_ids(await _run(ws, page), form)
    typed, pressed = WidgetState(), WidgetState()
    typed.id, typed.string_value = field, password
    pressed.id, pressed.trigger_value = button, True
    await _run(ws, page, widgets=[typed, pressed])  # the page reruns itself after a login
    ids = _widget_ids(await _run(ws, page))
    still = any("auth_password" in i or "auth_reader_pw" in i for i in ids)
    if still or (role in SIGNED_IN and not any(SIGNED_IN[role] in i for i in ids)):
        raise RuntimeError(f"the {role} login did not take: still the form on {page}")


def _widget_ids(elements: list) -> list[str]:
    """The ids (they end with the widget's key) of the widgets among ``elements``."""
    ids = []
    for element in elements:
        shown = getattr(element, element.WhichOneof("type"))
        if "id" in shown.DESCRIPTOR.fields_by_name:
            ids.append(shown.id)
    return ids


async def _cost(sample: Sample, idle: float, step) -> float:
    """Server CPU ms of one awaited step, the idle rate subtracted."""
    before, started = sample.cpu(), time.perf_counter()
    await step()
    await asyncio.sleep(SETTLE)
    return 1000 * (sample.cpu() - before - idle * (time.perf_counter() - started))


@dataclass
class Server:
    """A served app being measured: its address, its process's CPU and its idle rate."""

    url: str
    sample: Sample
    idle: float = 0.0


async def _open(url: str, name: str, query: str) -> None:
    """A new session whose first page is ``name`` (connect, run, close)."""
    async with _connect(url) as fresh:
        await _run(fresh, name, query)


BATCH = 10
"""Runs measured as one: /proc counts CPU in 10 ms ticks, so one 2–3 ms run read on its own
is off by up to a tick (a third of a blank rerun even as the mean of 30 such reads); a batch
of runs read once is off by a tenth of that per run."""


async def _batch(server: Server, step, count: int) -> float:
    """Server CPU ms per run of ``count`` runs of ``step`` made one after another."""

    async def steps() -> None:
        for _ in range(count):
            await step()

    return await _cost(server.sample, server.idle, steps) / count


async def _page(app: Server, blank: Server, runs: int, page: tuple, ws) -> tuple:
    """(first, rerun, blank first, blank rerun) ms lists of one page; ``ws`` None: as a
    visitor (new sessions). Batches of :data:`BATCH` runs of the page and of the blank app
    alternate, so each ratio compares runs made under the same load on a shared, noisy
    machine. A reader's or steward's *first* (a switch from Översikt) is read run by run,
    each after its Översikt run, alternating with one blank app's new session."""
    _, name, query = page
    first, rerun, blank_first, blank_rerun = [], [], [], []
    rounds = max(1, runs // BATCH)

    async def new_blank() -> None:
        await _open(blank.url, "", "")

    if ws is None:
        for _ in range(rounds):
            first.append(await _batch(app, lambda: _open(app.url, name, query), BATCH))
            blank_first.append(await _batch(blank, new_blank, BATCH))
    else:
        for _ in range(runs):
            await _run(ws, "", "")  # from Översikt …
            await asyncio.sleep(SETTLE)
            first.append(await _batch(app, lambda: _run(ws, name, query), 1))  # … here
            blank_first.append(await _batch(blank, new_blank, 1))
    session = ws or await _connect(app.url)
    try:
        async with _connect(blank.url) as other:
            await _run(session, name, query)
            await _run(other, "", "")
            for _ in range(rounds):
                rerun.append(await _batch(app, lambda: _run(session, name, query), BATCH))
                blank_rerun.append(await _batch(blank, lambda: _run(other, "", ""), BATCH))
    finally:
        if ws is None:
            await session.close()
    return first, rerun, blank_first, blank_rerun


async def _measure(app: Server, blank: Server, runs: int, pages: tuple, passwords: dict) -> dict:
    """``{(role, page): (first ms, rerun ms, blank first ms, blank rerun ms)}``, means."""
    figures = {}
    async with _connect(app.url) as anchor, _connect(blank.url) as blank_anchor:
        await _run(anchor, "", "")  # another visitor stays connected throughout, on both
        await _run(blank_anchor, "", "")
        app.idle, blank.idle = _idle_rate(app.sample), _idle_rate(blank.sample)
        for role in ROLES:
            ws = None if role == "visitor" else await _connect(app.url)
            try:
                if ws is not None:
                    await _log_in(ws, role, passwords[role])
                for page in pages:
                    found = await _page(app, blank, runs, page, ws)
                    figures[(role, page[0])] = tuple(statistics.mean(f) for f in found)
            finally:
                if ws is not None:
                    await ws.close()
    return figures


@contextmanager
def _blank_app() -> Iterator[str]:
    """The blank app served from a folder with the project's Streamlit settings."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(ROOT / ".streamlit", Path(folder) / ".streamlit")
        (Path(folder) / ".streamlit" / "secrets.toml").unlink(missing_ok=True)
        shutil.copy(ROOT / "benchmarks" / "blank_app.py", Path(folder) / "blank_app.py")
        with streamlit_server(Path(folder) / "blank_app.py") as url:
            yield url


def report(figures: dict, runs: int, pages: tuple) -> str:
    """The table: ms and × the blank app (its runs alternated with the page's) per page and
    role; the worst ratio of each kind last."""
    blanks = [[f[2] for f in figures.values()], [f[3] for f in figures.values()]]
    lines = [
        f"server CPU per run, ms (mean of {runs}) and × the blank app's runs made in turn with "
        f"the page's (blank: first {statistics.mean(blanks[0]):.1f} ms, rerun "
        f"{statistics.mean(blanks[1]):.1f} ms on average); decimal comma",
        f"{'page':<16}" + "".join(f"{role + ' first':>22}{role + ' rerun':>22}" for role in ROLES),
    ]
    worst = [0.0, 0.0]
    for name, *_ in pages:
        cells = []
        for role in ROLES:
            for kind in (0, 1):
                ms, blank = figures[(role, name)][kind], figures[(role, name)][kind + 2]
                ratio = ms / blank if blank > 0 else float("inf")
                worst[kind] = max(worst[kind], ratio)
                cells.append(f"{ms:>11.1f} ({ratio:>5.1f}×)".replace(".", ","))
        lines.append(f"{name:<16}" + "".join(f"{c:>22}" for c in cells))
    lines.append(
        f"worst: first {worst[0]:.1f}× blank, rerun {worst[1]:.1f}× blank".replace(".", ",")
    )
    lines.append(
        "first = visitor: a new session's first page; reader/steward: a switch from Översikt in a "
        "logged-in session. rerun = the same page again in the same session."
    )
    return "\n".join(lines)


def _fill(url: str, open_round: bool, published: bool) -> None:
    """Open a questionnaire round and/or publish the demo's 2024 round (and its registry)."""
    from linnedata import demo, questionnaire
    from linnedata.competence.registry import demo_researchers
    from linnedata.store import Store

    store = Store(url)
    if open_round:
        questionnaire.open_round(store, "benchmark-runda", user="benchmark")
    if published:
        raw = (ROOT / "data" / "demo" / "enkat_2024.csv").read_bytes()
        store.publish(demo.load_demo()["2024"], raw, user="benchmark")
        store.save_registry(demo_researchers(), user="benchmark", file_name="forskare.csv")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, start both apps, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per page, kind and role")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--open-round", action="store_true",
                        help="open a questionnaire round in the store first")  # fmt: skip
    parser.add_argument("--published", action="store_true",
                        help="publish the demo's 2024 round and registry first")  # fmt: skip
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 100:
        parser.error("--runs must be 1–100")
    pages = every_page()
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = tuple(p for p in pages if p[0] in wanted)
        if not pages:
            parser.error(f"--pages: none of {sorted(wanted)} is a page")
    passwords = {role: secrets.token_urlsafe(12) for role in ("steward", "reader")}
    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{folder}/store.sqlite"
        os.environ.update(
            LINNEDATA_DB_URL=store,
            LINNEDATA_ADMIN_PASSWORD=passwords["steward"],
            LINNEDATA_READER_PASSWORD=passwords["reader"],
        )
        _fill(store, args.open_round, args.published)
        with _blank_app() as blank_url, streamlit_server(ROOT / "app.py") as url:
            app = Server(url, Sample([_server_pid(url)]))
            blank = Server(blank_url, Sample([_server_pid(blank_url)]))
            asyncio.run(_measure(app, blank, 2, pages, passwords))  # warm-up
            figures = asyncio.run(_measure(app, blank, args.runs, pages, passwords))
    print(report(figures, args.runs, pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
