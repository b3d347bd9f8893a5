"""Plain-language contrasts between a municipality and its neighbours."""

from __future__ import annotations

import pandas as pd

from linnedata.figures.contrasts import neighbour_contrasts

LABELS = {"integration": "Integration", "skola": "Skolutveckling", "bostad": "Bostadsplanering"}
# Ljungby (0781) and five neighbours; mean ratings per area.
MATRIX = pd.DataFrame(
    {
        "integration": [2.0, 4.0, 5.0, 4.5, 3.0, 2.0],  # 3 of 5 pressing, Ljungby 2
        "skola": [3.0, 3.0, 3.5, 2.0, 3.0, 3.0],  # nobody pressing: no contrast
        "bostad": [4.5, 2.0, 3.0, None, 2.5, 4.0],  # Ljungby pressing, 1 of 4 neighbours
    },
    index=["0781", "a", "b", "c", "d", "e"],
)


def test_contrast_sentences_on_a_hand_made_example() -> None:
    table = neighbour_contrasts(MATRIX, "0781", list("abcde"), LABELS, "Ljungby", "sv")
    assert table["sentence"].tolist() == [
        "3 av 5 grannkommuner anger Integration som angeläget (4–5) – Ljungby anger 2.",
        "Ljungby anger Bostadsplanering som angeläget (4,5) – det gör 1 av 4 grannkommuner.",
    ]
    assert table["pressing"].tolist() == [3, 1]
    assert table["rated"].tolist() == [5, 4]


def test_contrasts_in_english() -> None:
    table = neighbour_contrasts(MATRIX, "0781", list("abcde"), LABELS, "Ljungby", "en")
    assert table["sentence"].iloc[0] == (
        "3 of 5 neighbouring municipalities rate Integration as pressing (4–5) – "
        "Ljungby rates it 2."
    )


def test_few_neighbours_and_a_single_respondent_are_marked() -> None:
    table = neighbour_contrasts(
        MATRIX, "0781", ["a", "b"], LABELS, "Ljungby", "sv", own_n={"integration": 1}
    )
    sentence = table.set_index("area_id").at["integration", "sentence"]
    assert "vilar på färre än tre kommuner (2)" in sentence
    assert "Ljungbys värde vilar på en enda svarande" in sentence


def test_no_neighbour_with_data_gives_no_contrast() -> None:
    assert neighbour_contrasts(MATRIX, "0781", ["x"], LABELS, "Ljungby", "sv").empty
    assert neighbour_contrasts(MATRIX, "9999", ["a"], LABELS, "X", "sv").empty


def test_limit_keeps_the_largest_gaps() -> None:
    table = neighbour_contrasts(MATRIX, "0781", list("abcde"), LABELS, "Ljungby", "sv", limit=1)
    assert table["area_id"].tolist() == ["integration"]
