"""The filters every page shares, and their place in the URL: ``?lang=en&year=2024&district=908``.

``dashboard.py`` draws them in the sidebar on every run, before the page, so they survive page
switches; pages read them with ``current()``. This is the only module that touches the URL.

Language and year are bound to the URL by Streamlit (``bind="query-params"``). The district is
synced here by hand: a bound widget writes its displayed label to the URL, and the URL should
carry the district code (stable, the same in every language), not "Huyện An Biên".
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ntm.i18n import DEFAULT_LANGUAGE, languages, t

# Widget keys, which are also the URL parameter names.
LANG = "lang"
YEAR = "year"
DISTRICT = "district"

WHOLE_PROVINCE = ""


@dataclass(frozen=True)
class Filters:
    lang: str
    year: int | None  # None until some data is loaded
    district: str | None  # None for the whole province


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
    _district(lang, districts)


def current() -> Filters:
    """The filters as drawn in this run."""
    state = st.session_state
    return Filters(
        lang=state.get(LANG) or DEFAULT_LANGUAGE,
        year=state.get(YEAR),
        district=state.get(DISTRICT) or None,
    )


def _district(lang: str, districts: dict[str, str]) -> None:
    options = [WHOLE_PROVINCE, *districts]
    if DISTRICT not in st.session_state:
        # First run of the session: start from the URL; an unknown code falls back to the province.
        requested = st.query_params.get(DISTRICT, WHOLE_PROVINCE)
        st.session_state[DISTRICT] = requested if requested in options else WHOLE_PROVINCE
    code = st.sidebar.selectbox(
        t("filters.district", lang),
        options,
        key=DISTRICT,
        format_func=lambda option: districts.get(option) or t("filters.whole_province", lang),
    )
    if code and st.query_params.get(DISTRICT) != code:
        st.query_params[DISTRICT] = code
    elif not code and DISTRICT in st.query_params:
        del st.query_params[DISTRICT]


def _language_so_far() -> str:
    # On a session's first run the widget has not read the URL yet when its label is written.
    lang = st.session_state.get(LANG) or st.query_params.get(LANG)
    return lang if lang in languages() else DEFAULT_LANGUAGE
