"""Researchers who work with a municipality's most important challenges, and the gaps.

Rules (the Kommunprofil page, the Kompetens page and the CLI use these):

- A municipality's **top challenges** are the areas some respondent of it put in their top
  three, each with its best rank (:func:`linnedata.seminars.municipality_ranks`); its
  **wanted forms** are the collaboration forms at least one respondent chose.
- A researcher **matches** when active and one of their areas is a top challenge, and — if
  both the researcher lists forms and the municipality wants some — they offer at least
  one wanted form. A researcher who lists no forms matches on the area alone.
- Matches are ordered by the best rank of a matching area, then the number of wanted forms
  offered (most first), then name.
- A **gap** is a top challenge that no active researcher lists.
"""

from __future__ import annotations

import pandas as pd

from linnedata.figures.ranks import municipality_ranks
from linnedata.i18n import t
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

MATCH_COLUMNS = ["forskare", "forskningsmiljo", "profil", "rang", "omraden", "former", "skal"]


def top_challenges(survey: Survey, code: str) -> dict[str, int]:
    """``{area_id: best rank}`` of one municipality, best rank first (ties: taxonomy order)."""
    ranks = municipality_ranks(survey, "area")
    own = ranks.loc[ranks["kommun_kod"] == code]
    return dict(zip(own["topic"], own["rang"].astype(int), strict=True))


def wanted_forms(survey: Survey, code: str) -> set[str]:
    """The forms at least one respondent of the municipality chose."""
    respondents = survey.responses.loc[survey.responses["kommun_kod"] == code, "respondent"]
    return set(survey.forms.loc[survey.forms["respondent"].isin(respondents), "form_id"])


def active(registry: pd.DataFrame) -> pd.DataFrame:
    """The active rows of a registry (``aktiv`` True)."""
    return registry.loc[registry["aktiv"].astype(bool)]


def match_for(
    challenges: dict[str, int],
    forms: set[str],
    registry: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
    lang: str = "sv",
) -> pd.DataFrame:
    """The researchers matching a municipality's top challenges and wanted forms.

    Args:
        challenges: ``{area_id: best rank}`` from :func:`top_challenges`.
        forms: the wanted form ids from :func:`wanted_forms`.
        registry: the registry (:func:`linnedata.competence.registry.read_researchers` columns).
        taxonomy: for the labels (default: the shipped one).
        lang: the language of the reason.

    Returns:
        ``forskare, forskningsmiljo, profil, rang`` (best rank matched), ``omraden``
        (matched area ids), ``former`` (wanted forms offered) and ``skal`` (the one-line
        reason, e.g. "Bostadsplanering, prio 1; erbjuder utvärdering"), ordered as the
        module docstring says.
    """
    taxonomy = taxonomy or default_taxonomy()
    areas = taxonomy.labels("area", lang)
    form_labels = taxonomy.labels("form", lang)
    rows = []
    for person in active(registry).itertuples(index=False):
        hit = [a for a in person.omraden if a in challenges]
        offered = [f for f in person.samverkansformer if f in forms]
        if not hit or (person.samverkansformer and forms and not offered):
            continue
        hit.sort(key=lambda a: (challenges[a], taxonomy.area_ids.index(a)))
        parts = [t("komp_skal_omrade", lang, area=areas[a], rank=challenges[a]) for a in hit]
        reason = "; ".join(parts)
        if offered:
            joined = ", ".join(form_labels[f].lower() for f in offered)
            reason += "; " + t("komp_skal_erbjuder", lang, forms=joined)
        rows.append(
            {
                "forskare": person.forskare,
                "forskningsmiljo": person.forskningsmiljo,
                "profil": person.profil,
                "rang": challenges[hit[0]],
                "omraden": tuple(hit),
                "former": tuple(offered),
                "skal": reason,
            }
        )
    table = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    table["_n"] = table["former"].map(len)
    table = table.sort_values(["rang", "_n", "forskare"], ascending=[True, False, True])
    return table.drop(columns="_n").reset_index(drop=True)


def gaps_for(
    challenges: dict[str, int],
    registry: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
    lang: str = "sv",
) -> list[str]:
    """The top challenges no active researcher lists, as sentences, best rank first.

    >>> gaps_for({"skatteunderlag": 1}, pd.DataFrame(columns=["omraden", "aktiv"]))
    ['Ingen forskare på fakulteten anger Skatteunderlag']
    """
    taxonomy = taxonomy or default_taxonomy()
    covered = {a for areas in active(registry)["omraden"] for a in areas}
    labels = taxonomy.labels("area", lang)
    missing = sorted(
        (a for a in challenges if a not in covered),
        key=lambda a: (challenges[a], taxonomy.area_ids.index(a)),
    )
    return [t("komp_lucka", lang, area=labels[a]) for a in missing]


def public_view(matches: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """``matches`` with every field the researcher did not mark public blanked.

    The name of a researcher who keeps it private reads "" (the page writes a placeholder).
    """
    public = dict(zip(registry["forskare"], registry["publikt"], strict=True))
    table = matches.copy()
    for column in ("forskare", "forskningsmiljo", "profil"):
        keep = [column in public.get(name, ()) for name in matches["forskare"]]
        table[column] = table[column].where(keep, "")
    return table
