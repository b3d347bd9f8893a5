"""100 respondents sending the questionnaire within the same minute, over Streamlit's own
WebSocket protocol (as the browser does), against ``streamlit run app.py``.

Each respondent opens ``/enkat?t=TOKEN`` (one of the round's links, so several share a
municipality, as colleagues do), "fills in" the form for a few seconds (longer than the bot
trap's least time, which stays on), and presses *Skicka svaret*: one ``BackMsg.rerun_script``
carrying the form's widget states and the button's trigger. The send is timed until the
server's ``script_finished`` with the receipt ("Tack! …") on the page — the acknowledgement.
Every send lands within one minute. Afterwards the store must hold every acknowledged answer.

Printed: p50/p95/max of the acknowledgement, errors, answers stored, the machine's load.

Run:
    .venv/bin/python -m benchmarks.questionnaire_load [--respondents 100] [--window 50]
    .venv/bin/python -m benchmarks.questionnaire_load --db postgresql+psycopg://…   # a PostgreSQL store
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass

from benchmarks.harness import ROOT, streamlit_server
from benchmarks.load import STEP_TIMEOUT, _messages, _problems, _quantile

MAX_RESPONDENTS = 300
TARGET_SECONDS = 2.0
RATINGS = {"integration": "4 – Ganska angeläget", "digitalisering": "5 – Mycket angeläget"}


@dataclass
class Sent:
    """One respondent's send."""

    seconds: float
    ok: bool
    problem: str = ""


async def _run(ws, query: str, states: list | None = None) -> tuple[list, str, bool]:
    """One script run; the elements it drew, the first problem, whether a receipt showed."""
    BackMsg, ForwardMsg = _messages()
    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = "enkat"
    request.rerun_script.widget_states.SetInParent()
    for state in states or []:
        request.rerun_script.widget_states.widgets.append(state)
    await ws.send(request.SerializeToString())
    elements, problem, thanked = [], "", False
    while True:
        message = ForwardMsg()
        message.ParseFromString(await ws.recv())
        problem = problem or _problems(message)
        if (
            message.WhichOneof("type") == "delta"
            and message.delta.WhichOneof("type") == "new_element"
        ):
            element = message.delta.new_element
            elements.append(element)
            kind = element.WhichOneof("type")
            if kind == "alert" and element.alert.body.startswith("Tack!"):
                thanked = True
        if message.WhichOneof("type") == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            return elements, problem, thanked


def _ids(elements: list) -> dict[str, str]:
    """Widget ids by their user key (Streamlit's ids end in ``-<key>``)."""
    found = {}
    for element in elements:
        inner = getattr(element, element.WhichOneof("type"))
        widget_id = getattr(inner, "id", "")
        if widget_id.startswith("$$ID-"):
            found[widget_id.split("-", 2)[2]] = widget_id
    return found


def _states(ids: dict[str, str], rng: random.Random) -> list:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    states = []
    for key, value in [("enkat_roll", rng.choice(["Tjänsteperson", "Förvaltningschef"])),
                       *((f"enkat_betyg_{a}", v) for a, v in RATINGS.items()),
                       ("enkat_utmaning_fritext", "Kompetensförsörjningen i vården.")]:  # fmt: skip
        states.append(WidgetState(id=ids[key], string_value=value))
    states.append(WidgetState(id=ids["enkat_skicka_knapp"], trigger_value=True))
    return states


async def _respondent(stream_url: str, origin: str, token: str, seed: int, window: float,
                      results: list[Sent]) -> None:  # fmt: skip
    import websockets

    rng = random.Random(seed)
    query = urllib.parse.urlencode({"t": token})
    await asyncio.sleep(rng.uniform(0, 5))  # arrive within the first seconds
    try:
        async with websockets.connect(stream_url, subprotocols=["streamlit"], origin=origin,
                                      max_size=None, open_timeout=STEP_TIMEOUT,
                                      ping_interval=None) as ws:  # fmt: skip
            elements, problem, _ = await asyncio.wait_for(_run(ws, query), STEP_TIMEOUT)
            ids = _ids(elements)
            if problem or "enkat_skicka_knapp" not in ids:
                results.append(Sent(0.0, False, problem or "no form"))
                return
            await asyncio.sleep(rng.uniform(4.0, window))  # filling in; past the bot trap
            started = time.perf_counter()
            _, problem, thanked = await asyncio.wait_for(
                _run(ws, query, _states(ids, rng)), STEP_TIMEOUT
            )
            seconds = time.perf_counter() - started
            results.append(
                Sent(seconds, thanked and not problem, problem or ("" if thanked else "no receipt"))
            )
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as error:
        results.append(Sent(0.0, False, f"{type(error).__name__}: {error}"))


async def _drive(url: str, tokens: list[str], respondents: int, window: float) -> list[Sent]:
    parts = urllib.parse.urlsplit(url)
    stream_url = f"ws://{parts.netloc}/_stcore/stream"
    origin = f"{parts.scheme}://{parts.netloc}"
    results: list[Sent] = []
    await asyncio.gather(*(
        _respondent(stream_url, origin, tokens[i % len(tokens)], i, window, results)
        for i in range(respondents)
    ))  # fmt: skip
    return results


def report(results: list[Sent], stored: int, wall: float) -> str:
    """The lines printed after a run."""
    good = [r.seconds for r in results if r.ok]
    lines = [f"{len(results)} respondents, {wall:.1f} s in all; load average {os.getloadavg()}"]
    if good:
        lines.append(
            f"acknowledged: {len(good)}; p50 {statistics.median(good):.2f} s, "
            f"p95 {_quantile(good, 0.95):.2f} s, max {max(good):.2f} s "
            f"(target: each within {TARGET_SECONDS:.0f} s: "
            f"{'met' if max(good) <= TARGET_SECONDS else 'NOT met'})"
        )
    lines.append(f"errors: {sum(not r.ok for r in results)}; answers stored: {stored}")
    for problem in sorted({r.problem for r in results if r.problem})[:5]:
        lines.append(f"  error: {problem}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Open a round in a fresh store, start the app on it, send, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=100)
    parser.add_argument("--window", type=float, default=50.0,
                        help="seconds over which the sends are spread (≤ 55: one minute)")  # fmt: skip
    parser.add_argument("--db", default=None, help="a store URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    if not 1 <= args.respondents <= MAX_RESPONDENTS or not 5 <= args.window <= 55:
        parser.error(f"--respondents 1–{MAX_RESPONDENTS}, --window 5–55")
    from linnedata import questionnaire
    from linnedata.store import Store

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/store.sqlite"
        store = Store(url)
        label = f"last-{int(time.time())}"
        questionnaire.open_round(store, label, user="benchmark")
        links = questionnaire.issue_links(store, label)
        tokens = [
            urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)["t"][0] for u in links["url"]
        ]
        os.environ["LINNEDATA_DB_URL"] = url
        with streamlit_server(ROOT / "app.py") as app_url:
            started = time.perf_counter()
            results = asyncio.run(_drive(app_url, tokens, args.respondents, args.window))
            wall = time.perf_counter() - started
        stored = len(store.questionnaire.answers(label))
        print(report(results, stored, wall))
        acknowledged = sum(r.ok for r in results)
        return 0 if acknowledged == args.respondents == stored else 1


if __name__ == "__main__":
    sys.exit(main())
