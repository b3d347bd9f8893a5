"""The Kommunrapport and Regionrapport PDFs: real text, the right figures and n, 1–3 pages."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from linnedata import i18n
from linnedata.cli import main
from linnedata.demo import load_demo
from linnedata.figures import measures
from linnedata.reports import pdf

SURVEYS = load_demo()
DATA = pdf.ReportData.of_surveys(SURVEYS, is_demo=True)


def _text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"[ \u00a0]+", " ", text)
    return reader, re.sub(r" ?\n ?", "\n", text)  # a wrapped line may end in a space


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("code", ["0780", "0680"])
def test_kommunrapport_has_the_municipality_s_figures_with_n(code: str, lang: str) -> None:
    content = pdf.kommun_report(DATA, code, "2024", lang)
    reader, text = _text(content)
    assert 1 <= len(reader.pages) <= 3
    assert pdf.page_count(content) == len(reader.pages)
    name = DATA.region.set_index("kommun_kod").loc[code, "kommun"]
    assert reader.metadata.title == i18n.t("rapport_kommun_titel", lang, name=f"{name} ({code})")
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert i18n.t("demo_notis", lang) in text.replace("\n", " ")  # "–" and all, as written
    area = measures.area_measures(SURVEYS["2024"])
    own = area.loc[area["kommun_kod"] == code].set_index("area_id")
    for area_id in ("kompetensforsorjning", "skatteunderlag"):
        value = i18n.fmt_number(own.loc[area_id, "medelbetyg"], 1, lang)
        n = own.loc[area_id, "antal_svarande"]
        label = DATA.taxonomy.label("area", area_id, lang)
        row = next(line for line in text.splitlines() if line.startswith(label))
        assert re.search(rf"{re.escape(value)}\*? \({n}\)", row), row
    # the respondents behind the forms: "of 3 respondents" for Växjö's three
    respondents = int((SURVEYS["2024"].responses["kommun_kod"] == code).sum())
    assert (
        f"av {respondents} svarande" if lang == "sv" else f"of {respondents} respondents"
    ) in text
    assert "2023" in text
    assert "2024" in text
    assert ("Citera som" if lang == "sv" else "Cite as") in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_regionrapport_ranks_the_areas_with_n_and_shows_coverage(lang: str) -> None:
    content = pdf.region_report(DATA, "2024", lang)
    reader, text = _text(content)
    assert 1 <= len(reader.pages) <= 4  # 2–4 pages: the top 10 proposals take most of one
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata.title == i18n.t(
        "rapport_region_titel",
        lang,
        name="Jönköpings län, Kronobergs län, Kalmar län "
        + ("och" if lang == "sv" else "and")
        + " Blekinge län",
    )
    responses = SURVEYS["2024"].responses
    answered = responses["kommun_kod"].nunique()
    expected = (
        f"{answered} av 38 kommuner svarade, med {len(responses)} svarande"
        if lang == "sv"
        else f"{answered} of 38 municipalities answered, with {len(responses)} respondents"
    )
    assert expected in text
    region = measures.group_measures(measures.area_measures(SURVEYS["2024"]), "area_id")
    top = region.sort_values("medelbetyg", ascending=False).iloc[0]
    label = DATA.taxonomy.label("area", top["area_id"], lang)
    row = next(line for line in text.splitlines() if line.startswith(label) and "(" not in line)
    assert row.split()[len(label.split())] == measures.format_measure(
        top["medelbetyg"], "medelbetyg", lang
    )
    assert str(top["antal_kommuner_betyg"]) in row
    assert ".." in text or "(" in text  # the role table is present with n or suppressed cells


def test_the_cli_writes_a_report_and_refuses_an_unknown_municipality(tmp_path, capsys) -> None:
    out = tmp_path / "vaxjo.pdf"
    db = f"sqlite:///{tmp_path}/empty.sqlite"
    assert (
        main(
            [
                "report",
                "--kommun",
                "0780",
                "--round",
                "2024",
                "--lang",
                "en",
                "--out",
                str(out),
                "--db",
                db,
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "pages" in capsys.readouterr().out
    assert main(["report", "--kommun", "Oslo", "--out", str(tmp_path / "x.pdf"), "--db", db]) == 1
    assert "Oslo" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_the_report_embeds_a_unicode_font_and_tags_its_headings() -> None:
    content = pdf.region_report(DATA, "2024", "sv")
    reader, text = _text(content)
    fonts = {
        font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    assert all("DejaVuSans" in name for name in fonts), fonts
    assert "Helvetica" not in str(fonts)
    assert "–" in text  # an en dash, written as itself (Latin-1 has none)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Vilka svarade"
    assert "Om siffrorna" in outline


def test_region_name_lists_few_counties_and_counts_many() -> None:
    many = pd.DataFrame({"lan": [f"Län {i}" for i in range(21)]})
    assert pdf.region_name(many, "sv") == "21 län"
    assert pdf.region_name(many, "en") == "21 counties"
    one = pd.DataFrame({"lan": ["Kalmar län", "Kalmar län"]})
    assert pdf.region_name(one, "en") == "Kalmar län"
