"""The filters every page shares, and their place in the URL:
``?lang=en&year=2024&district=908&commune=30970&criterion=17``.

``dashboard.py`` draws language, year and district in the sidebar on every run, before the page,
so they survive page switches; a page that needs a xã or a criterion draws that choice (below
them, in the same sidebar) with ``commune()`` or ``criterion()``, and it is kept for the session
when the reader moves to a page without it. Pages read them with ``current()``. This is the only
module that touches the URL.

Language and year are bound to the URL by Streamlit (``bind="query-params"``). District, xã and
criterion are synced here by hand: a bound widget writes its displayed label to the URL, and the
URL should carry the code (stable, the same in every language), not "Huyện An Biên". A code in
the URL that is not a choice (a typo, a xã of another district) is dropped quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from etl.units import Units
from ntm.i18n import DEFAULT_LANGUAGE, languages, t

# Widget keys, which are also the URL parameter names.
LANG = "lang"
YEAR = "year"
DISTRICT = "district"
COMMUNE = "commune"
CRITERION = "criterion"

WHOLE_PROVINCE = ""
NONE = ""

_SEARCH = "commune_search"
_SEARCH_MESSAGE = "commune_search_message"


@dataclass(frozen=True)
class Filters:
    lang: str
    year: int | None  # None until some data is loaded
    district: str | None  # None for the whole province
    commune: str | None = None  # a xã code, once a page with the xã choice has been opened
    criterion: int | None = None  # a criterion number, likewise


def language() -> str:
    """Draw the language choice; drawn first so the rest of the sidebar is in that language."""
    return st.sidebar.segmented_control(
        t("filters.language", _language_so_far()),
        languages(),
        default=DEFAULT_LANGUAGE,
        required=True,
        key=LANG,
        bind="query-params",
    )


def year_and_district(lang: str, years: list[int], districts: dict[str, str]) -> None:
    """Draw the year (years with data, newest first and by default) and district choices."""
    st.sidebar.selectbox(t("filters.year", lang), years, key=YEAR, bind="query-params")
    _choice(
        DISTRICT, list(districts), t("filters.district", lang),
        lambda code: districts.get(code) or t("filters.whole_province", lang),
    )


def commune(lang: str, communes: dict[str, str], units: Units) -> None:
    """Draw the xã choice: a search box that takes the name however the loader would read it
    ("vinh hoa hung nam", "X. Vĩnh Hoà Hưng Nam", a code) and the list of ``communes`` (the xã of
    the chosen district, or of the province)."""
    st.sidebar.text_input(
        t("filters.commune_search", lang), key=_SEARCH, on_change=_find_commune, args=(units, lang),
        placeholder=t("filters.commune_search_hint", lang),
    )
    message = st.session_state.pop(_SEARCH_MESSAGE, None)
    if message:
        st.sidebar.warning(message)
    _choice(
        COMMUNE, list(communes), t("filters.commune", lang),
        lambda code: communes.get(code) or t("filters.no_commune", lang), keep=True,
    )


def criterion(lang: str, criteria: dict[int, str]) -> Filters:
    """Draw the criterion choice (``criteria``: number -> label; none chosen means all) and return
    the filters with it."""
    labels = {str(number): label for number, label in criteria.items()}
    _choice(
        CRITERION, list(labels), t("filters.criterion", lang),
        lambda code: labels.get(code) or t("filters.all_criteria", lang), keep=True,
    )
    return current()


def current() -> Filters:
    """The filters as drawn in this run (or kept from an earlier page, for xã and criterion)."""
    state = st.session_state
    chosen_criterion = _chosen(CRITERION)
    return Filters(
        lang=state.get(LANG) or DEFAULT_LANGUAGE,
        year=state.get(YEAR),
        district=state.get(DISTRICT) or None,
        commune=_chosen(COMMUNE) or None,
        criterion=int(chosen_criterion) if chosen_criterion else None,
    )


def _choice(key: str, options: list[str], label: str, format_func: Callable[[str], str], keep: bool = False) -> None:
    """A sidebar choice among ``options`` codes (or none, ""), kept in the URL as its code. With
    ``keep``, drawn only on some pages: the choice is also kept for the session apart from the
    widget, whose state Streamlit drops on a page without it (and the browser drops its URL
    parameter on a page switch)."""
    choices = [NONE, *options]
    if key in st.session_state:
        requested = st.session_state[key]
    else:
        # First run of the session, or back on a page with this choice: the URL, else the choice kept.
        requested = st.query_params.get(key) or st.session_state.get(_kept(key)) or NONE
    # Set even when unchanged: on another page the widget is a new one, which would start empty.
    # A choice no longer offered (another district chosen, a typo in the URL) becomes none.
    st.session_state[key] = requested if requested in choices else NONE
    code = st.sidebar.selectbox(label, choices, key=key, format_func=format_func)
    if keep:
        st.session_state[_kept(key)] = code
    if code and st.query_params.get(key) != code:
        st.query_params[key] = code
    elif not code and key in st.query_params:
        del st.query_params[key]


def _chosen(key: str) -> str | None:
    return st.session_state.get(key) or st.session_state.get(_kept(key))


def _kept(key: str) -> str:
    return f"{key}_kept"


def _find_commune(units: Units, lang: str) -> None:
    """Choose the xã typed in the search box, as the loader would read the name; else say why not."""
    text = st.session_state.get(_SEARCH, "").strip()
    if not text:
        return
    district = st.session_state.get(DISTRICT) or None
    match = units.find_commune(text, district_code=district, prefer_type="xã")
    if match.elsewhere or (district and not match.unit and not match.ambiguous):
        match = units.find_commune(text, prefer_type="xã")  # not in the chosen district: look province-wide
    unit = match.unit
    if unit and unit.unit_type == "xã":
        st.session_state[COMMUNE] = unit.code
        if district and district != unit.district_code:
            st.session_state[DISTRICT] = unit.district_code
        st.session_state[_SEARCH] = ""
    elif unit:
        st.session_state[_SEARCH_MESSAGE] = t("filters.commune_not_in_programme", lang, name=unit.name,
                                              unit_type=unit.unit_type)
    elif match.ambiguous:
        found = ", ".join(f"{u.name} ({units.district_name(u.district_code)})" for u in match.ambiguous)
        st.session_state[_SEARCH_MESSAGE] = t("filters.commune_ambiguous", lang, value=text, candidates=found)
    elif match.suggestions:
        st.session_state[_SEARCH_MESSAGE] = t("filters.commune_suggest", lang, value=text,
                                              suggestions="; ".join(match.suggestions))
    else:
        st.session_state[_SEARCH_MESSAGE] = t("filters.commune_unknown", lang, value=text)


def _language_so_far() -> str:
    # On a session's first run the widget has not read the URL yet when its label is written.
    lang = st.session_state.get(LANG) or st.query_params.get(LANG)
    return lang if lang in languages() else DEFAULT_LANGUAGE
