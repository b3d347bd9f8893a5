"""Server CPU per run of one map sent three ways, against a page without it.

Run from the repository root (the shared yardstick must exist)::

    .venv/bin/python -m benchmarks.map_cpu [--n 40] [--all-sweden]

Writes a small app in a temporary folder (this checkout's ``.streamlit/config.toml``) whose
pages show the default Karta map (the shipped region, or with ``--all-sweden`` all 290
municipalities: 225 KB of markup) through ``st.markdown(..., unsafe_allow_html=True)`` (as
before issue 23), through ``ui.inline.show``, or not at all (``ingen``: a title only), and
runs ``/work/shared/tools/page_cpu.py`` on it: process CPU per served run, new sessions and
reruns, each page against a blank one-title app. The map is built once and read from a
file once per process (one string object for every run, as the app's cached views give),
so only what Streamlit (and ``ui.inline``) do with it is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.harness import ROOT

YARDSTICK = Path("/work/shared/tools/page_cpu.py")
DEFAULT_VIEW = ("2024", "theme", "hallbarhet", "medelbetyg", "sv")

_APP = """import sys
sys.path.insert(0, {root!r})
import streamlit as st
st.navigation([st.Page("pages/ingen.py", default=True), st.Page("pages/markdown.py"),
               st.Page("pages/inline.py")]).run()
"""
_PAGE = """import sys
sys.path.insert(0, {root!r})
import streamlit as st
from pathlib import Path
@st.cache_resource
def svg() -> str:  # one object for every run, as the app's cached views give
    return Path({svg!r}).read_text(encoding="utf-8")
st.title("Karta")
{call}
"""
_CALLS = {
    "ingen": "",
    "markdown": "st.markdown(svg(), unsafe_allow_html=True)",
    "inline": "from ui import inline\ninline.show(svg())",
}


def write_app(folder: Path, svg_file: Path) -> None:
    """The three-page app in ``folder``."""
    (folder / "pages").mkdir()
    (folder / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / "app.py").write_text(_APP.format(root=str(ROOT)), encoding="utf-8")
    for how, call in _CALLS.items():
        page = _PAGE.format(root=str(ROOT), svg=str(svg_file), how=how, call=call)
        (folder / "pages" / f"{how}.py").write_text(page, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the map, write the app, run the yardstick on it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="runs per page and kind")
    parser.add_argument("--all-sweden", action="store_true", help="all 290 municipalities")
    args = parser.parse_args(argv)
    if not YARDSTICK.exists():
        print(f"map-cpu: the yardstick {YARDSTICK} is missing", file=sys.stderr)
        return 2
    from benchmarks.bench import all_sweden

    with all_sweden(args.all_sweden), tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        svg_file = folder / "karta.svg"
        build = (
            "from ui import data; import sys; "
            f"sys.stdout.write(data.map_view(*{DEFAULT_VIEW!r}).svg)"
        )
        svg = subprocess.run(
            [sys.executable, "-c", build], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        svg_file.write_text(svg, encoding="utf-8")
        write_app(folder, svg_file)
        print(f"map: {len(svg.encode()) / 1024:.0f} KB; load {os.getloadavg()[0]:.1f}")
        command = [sys.executable, str(YARDSTICK), "--n", str(args.n), "--ratio", "100"]
        subprocess.run(command, cwd=folder, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
