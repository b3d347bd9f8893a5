"""Page paths and URL keys: the one home of every address a page can be opened at.

A page is opened at its ``slug`` (``kommunprofil?kommun=0780&omgang=2024``); its widgets
are bound to the URL keys below, so a link can set them. ``app.py`` builds the navigation
from :data:`PAGES`; the views build links with :func:`profile_link` and :func:`compare_link`;
``ui`` binds widgets to the keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from linnedata import i18n

WEB_LINK = re.compile(r"https?://[^\s<>\"']+")
"""A plain web address (a researcher's profile): the competence list accepts nothing else in
its link column (``linnedata.competence.registry``), and a table shows nothing else as a link
(``linnedata.graphics.htmltable``)."""


@dataclass(frozen=True)
class Page:
    """One page: its script, its title's text key, its icon, whether it opens first, and
    whether it is left out of the navigation (reached through a link only)."""

    script: str
    title_key: str
    icon: str
    default: bool = False
    hidden: bool = False

    @property
    def slug(self) -> str:
        """The page's URL path (Streamlit makes it from the script's name)."""
        return self.script.rpartition("/")[2].removesuffix(".py")


PAGES: tuple[Page, ...] = (
    Page("pages/oversikt.py", "nav_oversikt", ":material/dashboard:", default=True),
    Page("pages/karta.py", "nav_karta", ":material/map:"),
    Page("pages/kommunprofil.py", "nav_kommunprofil", ":material/location_city:"),
    Page("pages/jamfor.py", "nav_jamfor", ":material/compare:"),
    Page("pages/trender.py", "nav_trender", ":material/timeline:"),
    Page("pages/seminarier.py", "nav_seminarier", ":material/groups:"),
    Page("pages/kompetens.py", "nav_kompetens", ":material/school:"),
    Page("pages/lasesal.py", "nav_lasesal", ":material/menu_book:"),
    Page("pages/data.py", "nav_data", ":material/database:"),
    Page("pages/enkater.py", "nav_enkater", ":material/forward_to_inbox:"),
    Page("pages/metod.py", "nav_metod", ":material/info:"),
    Page("pages/tillganglighet.py", "nav_tillganglighet", ":material/accessibility:"),
    # the respondents' questionnaire: opened through a municipality's own link only
    Page("pages/enkat.py", "nav_enkat", ":material/edit_note:", hidden=True),
)
"""The pages in navigation order."""

PROFILE_PAGE = "kommunprofil"
COMPARE_PAGE = "jamfor"

# --- URL keys (the query parameters a page reads) ---------------------------------------
LANG = "lang"
ROUND = "omgang"
LEVEL = "niva"
MEASURE = "matt"
MUNICIPALITY = "kommun"
MUNICIPALITIES = "kommuner"
ROUND_FROM = "fran"
MAP_MODE = "kartvy"
MAP_SEARCH = "sok"
MAP_COUNTY = "lan"
WHO = "vem"
AREA = "omrade"
SEMINARS = "seminarier"
MIN_PER_GROUP = "min_per_grupp"
MAX_PER_GROUP = "max_per_grupp"
PER_COUNTY = "per_lan"
QUESTIONNAIRE_PAGE = "enkat"
QUESTIONNAIRE_TOKEN = "t"
"""``/enkat?t=TOKEN``: a municipality's questionnaire link."""
QUESTIONNAIRE_RESUME = "k"
"""``&k=CODE``: a respondent's own draft."""
READING_QUERY = "lasesal_sok"
READING_ROUND = "lasesal_omgang"
READING_MUNICIPALITY = "lasesal_kommun"
READING_AREA = "lasesal_omrade"
READING_ROLE = "lasesal_roll"
EVERY = "alla"
"""The value of a reading-room filter that keeps every answer (``?lasesal_roll=alla``)."""
LIST_SEPARATOR = ","
"""Between the values of a list in the URL (``kommuner=0780,0765``)."""
PAIR_SEPARATOR = ":"
"""Between a municipality and its topic in a seminar lock (``las_area=0780:integration``)."""
MAX_TEXT = 200
"""The longest text a URL value may set (a search); longer is cut."""


def item_key(level: str) -> str:
    """The URL key of the chosen area or theme: ``objekt_area`` / ``objekt_theme``."""
    return f"objekt_{level}"


def include_key(level: str) -> str:
    """Seminarier's topics that must be given: ``sem_med_area`` / ``sem_med_theme``."""
    return f"sem_med_{level}"


def exclude_key(level: str) -> str:
    """Seminarier's topics left out: ``sem_utan_area`` / ``sem_utan_theme``."""
    return f"sem_utan_{level}"


def locks_key(level: str) -> str:
    """Seminarier's locks (``code:topic`` pairs): ``las_area`` / ``las_theme``."""
    return f"las_{level}"


def map_topic_key(level: str) -> str:
    """Seminarier's map topic: ``sem_karta_amne_area`` / ``sem_karta_amne_theme``."""
    return f"sem_karta_amne_{level}"


def sort_key(level: str) -> str:
    """The URL key of Jämför's sort order: ``sortera_area`` / ``sortera_theme``."""
    return f"sortera_{level}"


def _query(query: dict[str, str], lang: str) -> dict[str, str]:
    if lang != i18n.DEFAULT_LANG:
        query[LANG] = lang
    return query


def profile_link(code: str, round_label: str, lang: str) -> str:
    """The relative link that opens a municipality's profile in a round and language.

    >>> profile_link("0780", "2024", "en")
    'kommunprofil?kommun=0780&omgang=2024&lang=en'
    """
    query = _query({MUNICIPALITY: code, ROUND: round_label}, lang)
    return f"{PROFILE_PAGE}?" + urlencode(query)


def compare_link(code: str, codes: list[str], round_label: str, lang: str) -> str:
    """The relative link that opens the Jämför page on a comparison set.

    >>> compare_link("0780", ["0780", "0765"], "2024", "sv")
    'jamfor?kommun=0780&kommuner=0780,0765&omgang=2024'
    """
    query = _query(
        {MUNICIPALITY: code, MUNICIPALITIES: LIST_SEPARATOR.join(codes), ROUND: round_label}, lang
    )
    return f"{COMPARE_PAGE}?" + urlencode(query, safe=LIST_SEPARATOR)
