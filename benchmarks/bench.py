"""Page timings (AppTest), the map's payload and the map's draw time in Chromium.

Run from the repository root::

    python benchmarks/bench.py [--runs N] [--no-browser] [--json]
    python -m benchmarks.bench

The machine running this may be shared and noisy: compare numbers within one run (the
map/blank ratio, page against page), not against another day's absolute milliseconds.

Sections, in this order (the first must run before anything imports the app's code):

1. AppTest, per page: the very first run in the process (imports and caches cold; the
   default page), a fresh session's render of the page (new ``AppTest``: run, switch to
   the page, run; the second run is timed), and the rerun after a widget change (same
   ``AppTest``, one widget alternating between two values).
2. The Karta map's payload (inline SVG markup, bytes): the default view and the largest of
   every round × level × item × measure.
3. Chromium (unless ``--no-browser``): navigation to ``/karta`` until all 38 shapes are
   in the DOM (``--browser-only --all-sweden``: all 290, the region being all of Sweden), against navigation to a one-title page (``blank_app.py``) until its title
   shows; every load in a new browser context, the two pages alternated, after one
   warm-up load each. ``--browser-only --cluster`` serves the app through nginx and two
   replicas, as ``make cluster`` does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks`, `ui`, `linnedata` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    MAP_SHAPES,
    ROOT,
    block_internet,
    chromium,
    require_chromium,
    streamlit_server,
)

APP = ROOT / "app.py"
BLANK_APP = Path(__file__).resolve().parent / "blank_app.py"
APPTEST_TIMEOUT = 60
BROWSER_TIMEOUT_MS = 60_000
MIN_RERUNS = 5
MAP_BUDGET = 1.3
"""The map page may take at most this many times as long as the blank page to show (issue 23)."""
MAP_SHAPE_COUNT = 38
"""Municipalities on the shipped region's map (``--all-sweden``: all 290)."""
DEFAULT_MAP_VIEW = ("2024", "theme", "hallbarhet", "medelbetyg", "sv")


@dataclass(frozen=True)
class PageSpec:
    """How to reach a page and which widget to toggle on it."""

    name: str
    path: str
    widget_key: str
    values: tuple[str, str]
    """Alternated on reruns; the first differs from the page's default."""


PAGES = (  # the first is app.py's default page
    PageSpec("Översikt", "pages/oversikt.py", "matt", ("medelbetyg", "andel_angelaget")),
    PageSpec("Karta", "pages/karta.py", "matt", ("andel_angelaget", "medelbetyg")),
    PageSpec("Kommunprofil", "pages/kommunprofil.py", "kommun", ("0880", "0780")),
    PageSpec("Jämför", "pages/jamfor.py", "matt", ("andel_angelaget", "medelbetyg")),
    PageSpec("Seminarier", "pages/seminarier.py", "seminarier", ("5", "4")),
)


@dataclass
class Stats:
    """Median, min and max of some timings in milliseconds."""

    median: float
    min: float
    max: float
    n: int
    samples: list[float] = field(repr=False)

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Stats:
        """Summarise ``samples_ms`` (at least one)."""
        values = [round(s, 1) for s in samples_ms]
        return cls(
            median=round(statistics.median(values), 1),
            min=min(values),
            max=max(values),
            n=len(values),
            samples=values,
        )


@dataclass
class PageResult:
    """AppTest timings of one page."""

    page: str
    cold_first_run_ms: float | None
    fresh_session: Stats
    apptest_first_run: Stats
    """Each fresh session's first, untimed run: the default page plus AppTest's set-up."""
    rerun: Stats
    rerun_widget: str


@dataclass
class MapSize:
    """The JSON size of one map view."""

    view: str
    bytes: int
    trace_bytes: dict[str, int]


@dataclass
class MapSizes:
    """The default map view's JSON size and the largest over all views."""

    default: MapSize
    largest: MapSize
    smallest_bytes: int
    views: int


@dataclass
class BrowserResult:
    """Chromium load times of the map page and the blank page."""

    method: str
    shapes: int
    """Municipalities on the map (38 in the shipped region, 290 for all of Sweden)."""
    map_page: Stats
    """Navigation until all shapes are drawn."""
    map_title: Stats
    """Navigation until the map page's title shows (the page without its chart)."""
    blank_page: Stats
    ratio: float
    budget: float
    within_budget: bool
    blocked_requests: list[str]


# --- helpers ------------------------------------------------------------------------------


def progress(message: str) -> None:
    """A progress line on stderr (stdout carries only the report)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed_ms(action: Callable[[], object]) -> float:
    """Run ``action`` and return how long it took in milliseconds."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


# --- 1. AppTest --------------------------------------------------------------------------


def new_app() -> Any:
    """A fresh AppTest of app.py (a new session; process-wide caches are shared)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(APP), default_timeout=APPTEST_TIMEOUT)


def check(app: Any, where: str) -> None:
    """Fail loudly when the last run raised an exception."""
    if app.exception:
        raise RuntimeError(f"{where}: {[e.value for e in app.exception]}")


def shown_text(app: Any) -> str:
    """Headings, texts and metric values of the last run: what a user would read."""
    kinds = ("title", "subheader", "markdown", "caption", "text", "warning", "info")
    parts = [str(e.value) for kind in kinds for e in getattr(app, kind)]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    return "\n".join(parts)


def open_page(app: Any, spec: PageSpec) -> tuple[float, float]:
    """Show ``spec``'s page in a new session as the test suite does: run, switch, run.

    The first run renders the default page and absorbs the new AppTest's own set-up, which
    would otherwise weigh on the default page only; the page switch to ``spec`` (to itself
    for the default page) makes the second run the one that renders it.

    Returns:
        The milliseconds of the first run and of the run that rendered ``spec``'s page.
    """
    first = timed_ms(app.run)
    check(app, f"{spec.name} (first run)")
    app.switch_page(spec.path)
    rendered = timed_ms(app.run)
    check(app, spec.name)
    return first, rendered


def time_cold_run() -> float:
    """The very first run in the process (the default page): nothing imported or cached."""
    app = new_app()
    elapsed = timed_ms(app.run)
    check(app, "cold run")
    return elapsed


def time_fresh_sessions(spec: PageSpec, runs: int) -> tuple[Stats, Stats]:
    """``runs`` new sessions each opening ``spec``'s page.

    Returns:
        The render of ``spec``'s page, and each new AppTest's first run.
    """
    samples = [open_page(new_app(), spec) for _ in range(runs)]
    return Stats.of([s[1] for s in samples]), Stats.of([s[0] for s in samples])


def time_reruns(spec: PageSpec, runs: int) -> Stats:
    """Median of ``runs`` reruns, each after a real change of ``spec``'s widget.

    Raises:
        RuntimeError: a rerun did not take the value or did not change the page's text.
    """
    app = new_app()
    open_page(app, spec)
    samples = []
    for i in range(runs):
        value = spec.values[i % 2]
        before = shown_text(app)
        widget = app.selectbox(key=spec.widget_key).select(value)
        samples.append(timed_ms(widget.run))
        check(app, f"{spec.name} rerun")
        if app.selectbox(key=spec.widget_key).value != value or shown_text(app) == before:
            raise RuntimeError(f"{spec.name}: setting {spec.widget_key}={value} changed nothing")
    return Stats.of(samples)


def bench_pages(runs: int) -> list[PageResult]:
    """AppTest timings of every page; the default page also gets the process's cold run."""
    results = []
    for spec in PAGES:
        progress(f"AppTest: {spec.name}")
        cold = round(time_cold_run(), 1) if spec is PAGES[0] else None
        fresh, first_runs = time_fresh_sessions(spec, runs)
        results.append(
            PageResult(
                page=spec.name,
                cold_first_run_ms=cold,
                fresh_session=fresh,
                apptest_first_run=first_runs,
                rerun=time_reruns(spec, max(runs, MIN_RERUNS)),
                rerun_widget=f"{spec.widget_key}: {' ⇄ '.join(spec.values)}",
            )
        )
    return results


# --- 2. map payload ----------------------------------------------------------------------


def quiet_bare_mode() -> None:
    """Drop Streamlit's "missing ScriptRunContext" warnings (AppTest, cached calls).

    A filter, not a level: Streamlit resets its loggers' levels when it parses its config.
    """
    from streamlit.runtime.scriptrunner_utils import script_run_context

    logger = logging.getLogger(script_run_context.__name__)
    logger.addFilter(lambda record: "missing ScriptRunContext" not in record.getMessage())


def map_size(round_label: str, level: str, item: str, measure: str, lang: str) -> MapSize:
    """The size of the Karta page's map markup (inline SVG) for one view, and of its parts."""
    from ui import data

    markup = data.map_view(round_label, level, item, measure, lang).svg
    style, svg = markup.split("</style>", 1)
    parts = {"<style>": len(style.encode()) + 8, "<svg>": len(svg.encode())}
    return MapSize(
        view=f"{round_label}/{level}/{item}/{measure}/{lang}",
        bytes=len(markup.encode()),
        trace_bytes=parts,
    )


def bench_map_sizes() -> MapSizes:
    """The default map view's JSON size, and the largest over every view in Swedish."""
    from linnedata.figures import measures
    from ui import data

    progress("map payload sizes")
    sizes = [
        map_size(round_label, level, item, measure, "sv")
        for round_label in data.rounds()
        for level in data.LEVELS
        for item in data.items(level, "sv")
        for measure in measures.MEASURES
    ]
    return MapSizes(
        default=map_size(*DEFAULT_MAP_VIEW),
        largest=max(sizes, key=lambda s: s.bytes),
        smallest_bytes=min(s.bytes for s in sizes),
        views=len(sizes),
    )


# --- 3. browser --------------------------------------------------------------------------


Wait = Callable[[Any], object]
"""Blocks until something is on the page (Playwright waits only)."""


def wait_for_map(page: Any, shapes: int = MAP_SHAPE_COUNT) -> None:
    """Until all ``shapes`` municipality shapes of the choropleth are in the DOM."""
    page.wait_for_function(
        f"document.querySelectorAll({MAP_SHAPES!r}).length >= {shapes}",
        timeout=BROWSER_TIMEOUT_MS,
    )


def wait_for_title(page: Any) -> None:
    """Until the page's title (its first ``h1``) is visible."""
    page.locator("h1").first.wait_for(state="visible", timeout=BROWSER_TIMEOUT_MS)


MAP_WAITS: tuple[tuple[str, Wait], ...] = (("title", wait_for_title), ("shapes", wait_for_map))
BLANK_WAITS: tuple[tuple[str, Wait], ...] = (("title", wait_for_title),)


def load_ms(
    browser: Any, url: str, waits: Sequence[tuple[str, Wait]], blocked: list[str]
) -> dict[str, float]:
    """Open ``url`` in a new context; ms from the start of ``goto`` until each wait returned.

    Only Playwright calls wait, so the internet-blocking route handler keeps running.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    try:
        page = context.new_page()
        blocked_here = block_internet(page)
        start = time.perf_counter()
        page.goto(url, timeout=BROWSER_TIMEOUT_MS)
        marks = {}
        for name, wait in waits:
            wait(page)
            marks[name] = (time.perf_counter() - start) * 1000
        blocked.extend(blocked_here)
        return marks
    finally:
        context.close()


def interleaved_loads(
    browser: Any, targets: dict[str, tuple[str, Sequence[tuple[str, Wait]]]], runs: int
) -> tuple[dict[str, list[dict[str, float]]], list[str]]:
    """One warm-up load per target, then ``runs`` rounds loading each target in turn.

    Alternating the targets spreads the shared machine's load drift over both.

    Returns:
        Per target, the marks of each timed load; and the outside URLs that were blocked.
    """
    blocked: list[str] = []
    for url, waits in targets.values():  # warm-up: leaves legacy mode, fills server caches
        load_ms(browser, url, waits, blocked)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, (url, waits) in targets.items():
            samples[name].append(load_ms(browser, url, waits, blocked))
    return samples, blocked


@contextlib.contextmanager
def served_app(through_cluster: bool) -> Iterator[str]:
    """The app's address: one ``streamlit run app.py``, or with ``through_cluster`` nginx in
    front of two replicas (``deploy.cluster``, its own PostgreSQL), as ``make cluster``."""
    if not through_cluster:
        with streamlit_server(APP) as url:
            yield url
        return
    from deploy.cluster import cluster

    with cluster(replicas=2) as up:
        yield up.url


def bench_browser(
    runs: int, shapes: int = MAP_SHAPE_COUNT, through_cluster: bool = False
) -> BrowserResult:
    """Map page against blank page in Chromium, offline, each load in a new context, until
    ``shapes`` municipalities are drawn (the region's count); the app served by one process
    or, with ``through_cluster``, through nginx."""

    where = "nginx and 2 replicas" if through_cluster else "one process"
    progress(f"Chromium: /karta ({where}) and the blank page, interleaved")
    with (
        served_app(through_cluster) as app_url,
        streamlit_server(BLANK_APP) as blank_url,
        chromium() as browser,
    ):
        waits = (MAP_WAITS[0], ("shapes", lambda page: wait_for_map(page, shapes)))
        targets = {"map": (f"{app_url}/karta", waits), "blank": (blank_url, BLANK_WAITS)}
        samples, blocked = interleaved_loads(browser, targets, runs)
    map_page = Stats.of([marks["shapes"] for marks in samples["map"]])
    blank_page = Stats.of([marks["title"] for marks in samples["blank"]])
    ratio = round(map_page.median / blank_page.median, 2)
    return BrowserResult(
        method=f"the app served by {where}; each load in a new browser context (empty "
        "HTTP/JS cache, new Streamlit session), map and blank loads alternated; one warm-up "
        "load each first, so the server's caches are warm",
        shapes=shapes,
        map_page=map_page,
        map_title=Stats.of([marks["title"] for marks in samples["map"]]),
        blank_page=blank_page,
        ratio=ratio,
        budget=MAP_BUDGET,
        within_budget=ratio <= MAP_BUDGET,
        blocked_requests=sorted(set(blocked)),
    )


# --- report ------------------------------------------------------------------------------


def environment(runs: int) -> dict[str, Any]:
    """What the numbers were measured on."""
    import streamlit

    return {
        "runs": runs,
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def fmt_stats(stats: Stats) -> str:
    """``median (min–max)`` in ms."""
    return f"{stats.median:8.1f} ({stats.min:.1f}–{stats.max:.1f})"


def pages_table(pages: list[PageResult]) -> list[str]:
    """The AppTest section as text lines."""
    header = f"{'page':<13} {'cold 1st run':>12}  {'fresh session':<26} {'rerun after change':<26}"
    lines = ["1. AppTest per page, ms: median (min–max)", f"   {header}"]
    for result in pages:
        cold = f"{result.cold_first_run_ms:.1f}" if result.cold_first_run_ms is not None else "–"
        lines.append(
            f"   {result.page:<13} {cold:>12}  {fmt_stats(result.fresh_session):<26} "
            f"{fmt_stats(result.rerun):<26}"
        )
    first_runs = Stats.of([s for r in pages for s in r.apptest_first_run.samples])
    lines += [
        "   cold  = the process's very first run (imports, empty caches), default page only",
        "   fresh = new AppTest: run, switch_page(page), run; the second run is timed",
        f"           (the untimed first run, with AppTest's own set-up: {fmt_stats(first_runs).strip()})",
        "   rerun = same AppTest, one widget alternated; each rerun checked to change the text:",
    ]
    lines += [
        f"           {r.page}: {r.rerun_widget} (n={r.rerun.n}; fresh n={r.fresh_session.n})"
        for r in pages
    ]
    return lines


def map_table(sizes: MapSizes) -> list[str]:
    """The map payload section as text lines."""

    def row(label: str, size: MapSize) -> list[str]:
        traces = ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in size.trace_bytes.items())  # parts
        return [
            f"   {label:<8} {size.bytes:>9,} B  {size.bytes / 1024:7.1f} KB   {size.view}",
            f"            parts: {traces}",
        ]

    return [
        f"2. Karta map payload (inline SVG, UTF-8 bytes) over {sizes.views} views "
        f"(smallest {sizes.smallest_bytes / 1024:.1f} KB)",
        *row("default", sizes.default),
        *row("largest", sizes.largest),
    ]


def browser_table(result: BrowserResult) -> list[str]:
    """The browser section as text lines."""
    verdict = "OK" if result.within_budget else "OVER BUDGET"
    lines = [
        "3. Chromium, offline, ms: median (min–max)",
        f"   /karta → {result.shapes} shapes   {fmt_stats(result.map_page)}  n={result.map_page.n}",
        f"   /karta → h1 visible  {fmt_stats(result.map_title)}  (same loads)",
        f"   blank  → h1 visible  {fmt_stats(result.blank_page)}  n={result.blank_page.n}",
        f"   ratio map/blank: {result.ratio:.2f}× (budget ≤ {result.budget:.1f}×) {verdict}",
        f"   method: {result.method}",
    ]
    if result.blocked_requests:
        lines.append(f"   blocked outside requests: {', '.join(result.blocked_requests)}")
    else:
        lines.append("   blocked outside requests: none")
    return lines


def text_report(report: dict[str, Any]) -> str:
    """The whole report as a plain-text table."""
    env = report["environment"]
    lines = [
        f"Benchmark – python {env['python']}, streamlit {env['streamlit']}, "
        f"{env['cpus']} CPUs, load {env['load_average']}, runs={env['runs']}",
        "",
        *pages_table(report["pages"]),
        "",
        *map_table(report["map_figure"]),
    ]
    if report["browser"] is not None:
        lines += ["", *browser_table(report["browser"])]
    else:
        lines += ["", "3. Chromium: skipped (--no-browser)"]
    return "\n".join(lines)


def as_json(report: dict[str, Any]) -> str:
    """The report as JSON (dataclasses as objects)."""

    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return [plain(v) for v in value]
        if value is None or isinstance(value, dict):
            return value
        return asdict(value)

    return json.dumps({k: plain(v) for k, v in report.items()}, ensure_ascii=False, indent=2)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="samples per measurement (default 7)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium section")
    parser.add_argument(
        "--browser-only", action="store_true", help="only the Chromium map/blank section"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--all-sweden",
        action="store_true",
        help="with --browser-only: the app's region is all 290 municipalities",
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="with --browser-only: serve the app through nginx and 2 replicas (make cluster)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


@contextlib.contextmanager
def all_sweden(wanted: bool) -> Iterator[int]:
    """With ``wanted``, the app servers started inside see all 290 municipalities as the
    region (a region file of their own, ``LINNEDATA_REGION_FILE``); yields the shape count."""
    if not wanted:
        yield MAP_SHAPE_COUNT
        return
    from benchmarks.map_payload import _write_region
    from linnedata.places.region import national_municipalities

    codes = national_municipalities()["kommun_kod"].tolist()
    before = os.environ.get("LINNEDATA_REGION_FILE")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LINNEDATA_REGION_FILE"] = str(_write_region(Path(folder) / "se.csv", codes))
        try:
            yield len(codes)
        finally:
            if before is None:
                os.environ.pop("LINNEDATA_REGION_FILE", None)
            else:
                os.environ["LINNEDATA_REGION_FILE"] = before


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report; non-zero when Chromium is missing."""
    args = parse_args(argv)
    if not args.no_browser:
        try:
            require_chromium()
            import playwright.sync_api  # noqa: F401 - fail before the slow sections
        except (RuntimeError, ImportError) as error:
            print(f"bench: cannot run the browser section: {error}", file=sys.stderr)
            print("bench: (use --no-browser to skip it)", file=sys.stderr)
            return 2
    quiet_bare_mode()
    report: dict[str, Any] = {"environment": environment(args.runs)}
    if args.browser_only:
        with all_sweden(args.all_sweden) as shapes:
            result = bench_browser(args.runs, shapes, through_cluster=args.cluster)
        print("\n".join(browser_table(result)))
        print(
            f"map-draw: {result.map_page.median:.0f} ms vs blank {result.blank_page.median:.0f} ms"
            f" = {result.ratio:.2f}x (target <= {MAP_BUDGET}x, {result.shapes} shapes);"
            f" load {os.getloadavg()[0]:.1f}"
        )
        return 0
    report["pages"] = bench_pages(args.runs)  # first: its cold run needs a fresh process
    report["map_figure"] = bench_map_sizes()
    report["browser"] = None if args.no_browser else bench_browser(args.runs)
    print(as_json(report) if args.json else text_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
