"""The smaller things of issue 25: legend ticks apart, PNG title and source lines."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from linnedata.graphics import svgcaption, svglegend, svgmap


def test_legend_ticks_never_run_together_on_a_narrow_bar() -> None:
    legend = svgmap.Legend(
        title="Andel",
        low=0.0,
        high=1.0,
        ticks=[0, 0.25, 0.5, 0.75, 1.0],
        number_format=lambda v: f"{v * 100:.0f} %",
        missing_label="Inget svar från kommunen i omgången.",
    )  # the label beside the bar squeezes it to about 300 units
    markup = svglegend.markup(legend, 0, 28)
    ticks = [
        (float(x), text)
        for x, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([^<]+)<', markup
        )
    ]
    assert ticks[0][1] == "0 %"
    assert ticks[-1][1] == "100 %"
    for (x1, a), (x2, b) in itertools.pairwise(ticks):
        assert x2 - x1 >= 0.55 * 28 * (len(a) + len(b)) / 2, (a, b)
    assert len(ticks) < 5  # some gave way


@pytest.mark.parametrize("font", [28, 35.3, 53.5])
@pytest.mark.parametrize(
    ("title", "missing"),
    [
        ("Prioriteringspoäng", "Inget svar"),
        (
            "Andel svarande som vill medfinansiera projekt med universitetet, omgång 2024",
            "Inget svar från kommunen i den här omgången, eller för få svarande för att visa",
        ),
        ("Share of respondents willing to co-finance projects with the university", ""),
    ],
)
def test_every_legend_text_stays_inside_the_drawing(title: str, missing: str, font: float) -> None:
    """A long title wraps, a long "no answer" label goes on rows of its own, the low end's
    label is not cut off at the left, and the legend's height holds every line (issue 23:
    "0,00" and a co-financing title ran off a phone's screen)."""
    legend = svgmap.Legend(
        title=title, low=0.0, high=3.0, ticks=[0, 1, 2, 3],
        number_format=lambda v: f"{v:.2f}".replace(".", ","), missing_label=missing,
    )  # fmt: skip
    markup = svglegend.markup(legend, 0, font)
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"([^>]*)>([^<]+)<', markup)
    assert {t[3] for t in texts} >= {"0,00", "3,00"}
    shown = " ".join(t[3] for t in texts)
    for word in (title + " " + missing).split():
        assert word in shown, word
    for x, y, attributes, text in texts:
        em = svglegend.BOLD_EM if "font-weight" in attributes else svglegend.EM
        extent = em * font * len(text)
        left = float(x) - extent / 2 if "middle" in attributes else float(x)
        assert left >= 0, (text, left)
        assert left + extent <= svgmap.WIDTH, (text, left, extent)
        assert float(y) <= svgmap.legend_height(legend, font), (text, y)


def test_wide_bars_keep_every_tick() -> None:
    placed = svgmap.spaced_ticks([(30 + 140 * i, f"{25 * i} %") for i in range(5)], 16)
    assert [label for _, label in placed] == ["0 %", "25 %", "50 %", "75 %", "100 %"]


def test_the_map_image_carries_its_title_and_source_escaped() -> None:
    from linnedata.reports import mapfile

    svg = '<svg viewBox="0 0 1000 600" class="k"><path d="M0 0L10 10"/></svg>'
    out = svgcaption.captioned(svg, "Andel <b>angeläget</b>", ["Källa: SCB", "Omgång: 2024"])
    height = float(re.search(r'viewBox="0 0 1000 ([\d.]+)"', out).group(1))
    assert height > 600 + 2 * 22
    assert ">Andel &lt;b&gt;angeläget&lt;/b&gt;</text>" in out
    assert ">Källa: SCB</text>" in out
    assert ">Omgång: 2024</text>" in out
    assert '<g transform="translate(0 48)"><path' in out  # the map moved under the title
    assert mapfile.png_bytes(out, width=300).startswith(b"\x89PNG")


def test_the_notes_of_a_chart_image_stand_under_its_axis_title() -> None:
    import plotly.graph_objects as go

    from linnedata.graphics import images

    figure = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    figure.update_layout(margin=dict(b=40), xaxis_title="Prioriteringspoäng")
    framed = images._framed(figure, "Titel", ["Källa", "Omgång"])
    assert framed.layout.margin.b == 40 + images.AXIS_TITLE_ROOM + 2 * 18 + 10
    note = framed.layout.annotations[-1]
    assert note.yshift == -framed.layout.margin.b + 4


@pytest.mark.parametrize(
    ("values", "lang", "expected"),
    [
        (
            [0.5, 0.0, 0.25],
            "sv",
            "Störst ökning: Växjö (+0.50); ingen kommun minskade. "
            "3 kommuner jämförda, 0 utan jämförelse.",
        ),
        (
            [-0.5, 0.0, -0.0000001],
            "en",
            "No municipality rose; largest fall: Växjö (-0.50). "
            "3 municipalities compared, 0 without a comparison.",
        ),
    ],
)
def test_the_change_map_never_names_a_largest_decrease_of_zero(
    values: list[float], lang: str, expected: str
) -> None:
    from linnedata.views import changemap

    table = pd.DataFrame(
        {"kommun_kod": ["0780", "0765", "0760"], "kommun": ["Växjö", "Älmhult", "Uppvidinge"]}
    ).assign(value=values)
    text = changemap.change_sentence(table, lambda v: f"{v:+.2f}", lang)
    assert text == expected
    assert "±0" not in text
    assert "0.00" not in text


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (["ja", "nej"], "visas inte"),  # 2 respondents
        (["ja", "nej", "nej", "vet ej"], "visas inte"),  # 1 willing
        (["ja", "ja", "ja", "nej"], "3 av 4 svarande"),
        (["nej", "nej", "nej"], "0 av 3 svarande"),
    ],
)
def test_a_seminar_groups_cofinancing_line_follows_the_small_numbers_rule(
    answers: list[str], expected: str
) -> None:
    from linnedata.views import seminars

    people = pd.DataFrame({"kommun_kod": ["0780"] * len(answers), "medfinansiering": answers})
    line = seminars._group_cofinancing(people, pd.Series(["0780"]), "sv")
    assert expected in line


def test_one_small_numbers_rule() -> None:
    from linnedata.figures import disclosure

    assert [disclosure.is_hidden(n) for n in range(5)] == [False, True, True, False, False]
    assert disclosure.shown_count(2) == ".."


def test_a_researcher_named_like_a_formula_is_refused_with_a_word() -> None:
    from linnedata.competence.registry import read_researchers
    from linnedata.errors import InputError

    data = 'forskare,forskningsmiljo,omraden,kapacitet\n"=HYPERLINK(""x"")",@miljö,Integration,1\n'
    with pytest.raises(InputError) as caught:
        read_researchers(data.encode())
    messages = [p.message("sv") for p in caught.value.errors]
    assert messages[0] == (
        "Rad 2, kolumn 'forskare': '=HYPERLINK(\"x\")' börjar som en kalkylformel (=, +, - eller "
        "@) och kan köras när listan öppnas i ett kalkylark. Skriv namnet utan det tecknet först."
    )
    assert "'forskningsmiljo': '@miljö'" in messages[1]


@pytest.mark.parametrize(
    ("lang", "columns", "areas"),
    [
        ("sv", ["Forskare eller miljö", "Forskningsmiljö", "Områden"], "Befolkningsutveckling"),
        ("en", ["Researcher or environment", "Research environment", "Areas"], "Population"),
    ],
)
def test_the_registry_reads_in_words_and_saves_back_unchanged(
    lang: str, columns: list[str], areas: str
) -> None:
    from linnedata.competence import registry

    demo = registry.demo_researchers()
    shown = registry.readable_registry(demo, lang=lang)
    assert shown.columns.tolist()[:3] == columns
    assert shown.iloc[0, 2].startswith(areas)
    assert shown.iloc[:, 6].tolist() == [True] * len(demo)  # aktiv as a tick
    assert "bostadsplanering" not in shown.to_string()  # no raw ids
    again = registry.read_researchers(registry.list_from_readable(shown, lang))
    pd.testing.assert_frame_equal(again, demo)
