"""The pages when the region changes under published rounds, and the neighbours they list
(through AppTest from app.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import cli, i18n
from linnedata.paths import DATA_DIR
from linnedata.places.region import default_region
from linnedata.store import Store
from ui import data

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(query)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def kronoberg_over_the_shipped_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[set[str]]:
    """The shipped region's demo 2024 published, then the region file cut to Kronoberg."""
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    demo_2024 = DATA_DIR / "demo" / "enkat_2024.csv"
    assert cli.main(["import", str(demo_2024), "--round", "2024", "--db", url]) == 0
    region = default_region()
    kronoberg = region[region["lan_kod"] == "07"]
    path = tmp_path / "region.csv"
    kronoberg.to_csv(path, index=False)
    monkeypatch.setenv("LINNEDATA_REGION_FILE", str(path))
    data.geography.clear()  # the boundaries are cached per process, not per region file
    answered = set(Store(url).load("2024").responses["kommun_kod"])
    yield answered - set(kronoberg["kommun_kod"])
    data.geography.clear()


def test_the_pages_say_how_many_municipalities_of_the_rounds_are_outside_the_region(
    kronoberg_over_the_shipped_round: set[str],
) -> None:
    outside = len(kronoberg_over_the_shipped_round)
    assert outside > 20  # the shipped round's other three counties
    for page in ("pages/oversikt.py", "pages/karta.py", "pages/data.py"):
        app = open_page(page)
        notices = [i.value for i in app.info]
        assert i18n.t("utanfor_regionen_antal", "sv", n=outside) in notices, page
        assert i18n.t("demo_notis", "sv") not in [w.value for w in app.warning]
    overview = open_page("pages/oversikt.py", omgang="2024")
    answered, invited = (int(x) for x in overview.metric[0].value.split(" av "))
    assert invited == 8
    assert answered <= 8  # the figures rest on Kronoberg's municipalities alone


def test_no_notice_while_every_municipality_is_in_the_region() -> None:
    app = open_page("pages/karta.py")
    texts = [i.value for i in app.info]
    assert not any("utanför regionen" in t for t in texts)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("0840", "Kalmar (via Ölandsbron)"),  # Mörbylånga reaches the mainland by the bridge
        ("0767", "Osby (möts i en punkt, utanför regionen)"),  # a four-corner contact
        ("0760", "Hultsfred (möts i en punkt)"),  # Uppvidinge–Hultsfred, both in the region
    ],
)
def test_the_profile_lists_bridge_and_corner_neighbours_as_such(code: str, expected: str) -> None:
    app = open_page("pages/kommunprofil.py", kommun=code)
    listed = [m.value for m in app.markdown if expected.split(" (")[0] in m.value]
    assert any(expected in text for text in listed), listed
