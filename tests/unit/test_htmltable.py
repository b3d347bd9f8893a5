"""linnedata.graphics.htmltable: a frame as an escaped HTML table with row and column headers."""

from __future__ import annotations

import pandas as pd

from linnedata.graphics.htmltable import html_table


def test_every_cell_header_and_index_value_is_escaped() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    frame = pd.DataFrame({hostile: [hostile]}, index=pd.Index([hostile], name=hostile))
    markup = html_table(frame)
    assert "<img" not in markup
    assert (
        markup.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") == 4
    )  # index name, column, index value, cell


def test_headers_carry_their_scope_and_numbers_a_decimal_comma_in_swedish() -> None:
    frame = pd.DataFrame(
        {"Medelbetyg": [3.25, None], "Svarande": [4, 0]}, index=["Växjö", "Ljungby"]
    )
    frame.index.name = "Kommun"
    markup = html_table(frame)
    assert '<th scope="col">Kommun</th><th scope="col">Medelbetyg</th>' in markup
    assert '<th scope="row">Växjö</th><td class="tal">3,25</td><td class="tal">4</td>' in markup
    assert '<th scope="row">Ljungby</th><td>–</td>' in markup  # a missing value
    assert '<td class="tal">3.25</td>' in html_table(frame, lang="en")


def test_a_plain_range_index_is_not_shown() -> None:
    markup = html_table(pd.DataFrame({"a": ["x"]}))
    assert 'scope="row"' not in markup
    assert "<caption>" not in markup
    assert "<caption>R&amp;D</caption>" in html_table(pd.DataFrame({"a": ["x"]}), caption="R&D")


def test_only_a_plain_web_address_in_a_link_column_becomes_a_link() -> None:
    frame = pd.DataFrame(
        {
            "Profil": [
                "https://lnu.se/personal/a.b",
                "javascript:alert(1)",
                'https://x.se/" onmouseover="alert(1)',
                None,
            ],
            "Namn": ["https://lnu.se/not-a-link-column", "B", "C", "D"],
        }
    )
    markup = html_table(frame, links=["Profil"])
    assert markup.count("<a ") == 1
    assert (
        '<td><a href="https://lnu.se/personal/a.b">https://lnu.se/personal/a.b</a></td>' in markup
    )
    assert "<td>javascript:alert(1)</td>" in markup  # text, not a link
    assert "onmouseover=&quot;alert(1)" in markup
    assert 'href="https://x.se/"' not in markup
    assert "<td>https://lnu.se/not-a-link-column</td>" in markup


def test_a_labelled_table_scrolls_sideways_in_a_named_focusable_box() -> None:
    markup = html_table(pd.DataFrame({"a": ["x"]}), label='Teman <i>"1"</i>')
    assert (
        '<div class="tabell-rulla" role="region" tabindex="0" '
        'aria-label="Teman &lt;i&gt;&quot;1&quot;&lt;/i&gt;" data-a11y-scroll="1"><table' in markup
    )
    assert markup.endswith("</table></div>")
    assert ".tabell-rulla{overflow-x:auto" in markup
    assert "tabell-rulla" not in html_table(pd.DataFrame({"a": ["x"]}))
