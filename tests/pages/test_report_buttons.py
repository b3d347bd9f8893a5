"""The PDF report buttons on Kommunprofil and Översikt: there, and their data is the report."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from linnedata import i18n
from linnedata.competence.registry import demo_researchers
from linnedata.store import Store
from tests.pages.test_pages import open_page
from ui import data


@pytest.fixture
def deferred(monkeypatch) -> dict[str, tuple[Callable[[], bytes], str]]:
    """``file id → (callable, file name)`` of deferred download buttons (AppTest drops its
    runtime's media manager after each run, so the test keeps what the button registered)."""
    seen: dict[str, tuple[Callable[[], bytes], str]] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, *args, **kwargs):
        file_id = original(self, data_callable, *args, **kwargs)
        seen[file_id] = (data_callable, kwargs.get("file_name"))
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _button(app: AppTest, key: str):
    (button,) = [b for b in app.get("download_button") if b.proto.id.endswith(key)]
    return button.proto


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_kommunprofil_offers_the_municipality_s_report_as_pdf(deferred, lang: str) -> None:
    app = open_page("pages/kommunprofil.py", kommun="0765", omgang="2024", lang=lang)
    button = _button(app, "profil_pdf")
    assert button.label == i18n.t("rapport_knapp_kommun", lang)
    make, name = deferred[button.deferred_file_id]
    assert name == f"kommunrapport_0765_2024_{lang}.pdf"
    content = make()
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content)
    assert i18n.t("rapport_kommun_titel", lang, name="Älmhult (0765)") in text
    # n as the page says it ("Kronobergs län · 2 svarande i omgång 2024") is in the report
    who = "svarande" if lang == "sv" else "respondents"
    ingress = next(m.value for m in app.markdown if f" {who} " in m.value)
    n = int(re.search(rf"(\d+) {who}", ingress).group(1))
    assert n >= 1
    assert f"{'av' if lang == 'sv' else 'of'} {n} {who}" in text


def test_oversikt_offers_the_region_s_report_as_pdf(deferred) -> None:
    app = open_page("pages/oversikt.py", omgang="2024")
    button = _button(app, "oversikt_pdf")
    assert button.label == "Regionrapport (PDF)"
    make, name = deferred[button.deferred_file_id]
    assert name == "regionrapport_2024_sv.pdf"
    text = _pdf_text(make())
    assert "Regionrapport" in text
    answered = app.metric[0].value  # "31 av 38"
    respondents = app.metric[1].value
    assert f"{answered} kommuner svarade, med {respondents} svarande" in text


def test_the_report_takes_researchers_from_the_registry_and_only_what_is_public(
    deferred, tmp_path, monkeypatch
) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    registry = demo_researchers()
    private = registry["omraden"].map(lambda areas: "kompetensforsorjning" in areas)
    first, second = registry.index[private][:2]
    registry.at[first, "publikt"] = ("omraden",)  # Björn Lind keeps his name private
    registry.at[second, "aktiv"] = False  # Cecilia Holm is not active
    Store(url).save_registry(registry, user="test", file_name="forskare.csv")
    data.invalidate()
    try:
        app = open_page("pages/kommunprofil.py", kommun="0780", omgang="2024")
        make, _ = deferred[_button(app, "profil_pdf").deferred_file_id]
        text = _pdf_text(make())
    finally:
        data.invalidate()
    assert i18n.t("rapport_kompetensregistret", "sv") in text
    assert i18n.t("komp_ej_publikt", "sv") in text
    assert registry.at[first, "forskare"] not in text
    assert registry.at[second, "forskare"] not in text
    assert "fiktiv exempellista" not in text
