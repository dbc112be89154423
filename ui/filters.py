"""The filters every page shares, and their place in the URL:
``?lang=en&year=2024&district=908&commune=30970&criterion=17``.

``district`` holds the scope (``analytics.scope_code``): a district-level unit's code, for years
whose units are before 1/7/2025 (the district level was abolished then; the filter says so), or
``former_kien_giang``, "Địa bàn tỉnh Kiên Giang (cũ)", on which 2021–2025 and 2026+ compare.

``dashboard.py`` draws language, year and district in the sidebar on every run, before the page,
so they survive page switches; a page that needs a xã or a criterion draws that choice (below
them, in the same sidebar) with ``commune()`` or ``criterion()``, and it is kept for the session
when the reader moves to a page without it. Pages read them with ``current()``. This is the only
module that touches the URL.

Language and year are bound to the URL by Streamlit (``bind="query-params"``). District, xã and
criterion are synced here by hand: a bound widget writes its displayed label to the URL, and the
URL should carry the code (stable, the same in every language), not "Huyện An Biên".

A link is untrusted input. ``drop_malformed`` (first thing on a session's first run) drops every
value without the shape of a usable one — "²" for a load, "1e309" for a number of days, control
characters, a page of text — and where a choice is drawn a value that names nothing on offer (a
typo, a xã of another district, a year without data) is dropped too; each with a quiet notice
naming it, never an error.

``pin`` (a load's number, or a day) pins the view to the data as published then (``ui.snapshots``):
pages read ``data_db()``, never the configured path. ``share()`` draws the link to the view; a
page that has nothing to show for the chosen scope ends with ``stop()``, which draws it first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st

from analytics import FORMER_KIEN_GIANG, is_district, overview
from ntm import config
from ntm import formatting as fmt
from ntm.criteria_sets import units_on
from ntm.i18n import DEFAULT_LANGUAGE, languages, t
from ntm.units import Units
from presentation import charts, tables
from ui import cached, share_actions, snapshots

# Widget keys, which are also the URL parameter names.
LANG = cached.READER_LANGUAGE
YEAR = "year"
DISTRICT = "district"
COMMUNE = "commune"
CRITERION = "criterion"
PIN = "pin"
_PAGE_PATH = "_page_path"  # session state: the address of the page being drawn
# Pages' own choices, bound to the URL by their widgets (key = parameter name).
DIRECTIVE = "directive"
WINDOW = "window"
AS_OF = "as_of"
GRACE = "grace"
SEARCH = "q"
MEASURE = "measure"  # the map's measure
COUNTING = "counting"

WHOLE_PROVINCE = ""
NONE = ""

# What the share box's link carries: the latest figures, the data shown now, or a day's data.
PIN_NONE, PIN_LOAD, PIN_DAY = "latest", "load", "day"

# Every URL parameter the dashboard reads -> whether a value has the shape of a usable one. Codes
# and numbers are ASCII digits (str.isdigit() is true for "²" and "١").
_DIGITS = re.compile(r"[0-9]{1,10}")
_YEAR = re.compile(r"[0-9]{4}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE = re.compile(r"[a-z_]{1,30}")
TEXT_CHARS = 200  # the longest text a link may carry (a search, a directive's code)


def _text(value: str) -> bool:
    """Text a person could type: not too long, no control or invisible format characters."""
    return len(value) <= TEXT_CHARS and not any(unicodedata.category(char).startswith("C") for char in value)


def _day(value: str) -> bool:
    """A calendar day, yyyy-mm-dd (parsing raises ValueError on 2024-02-30)."""
    return _DAY.fullmatch(value) is not None and isinstance(dt.date.fromisoformat(value), dt.date)


URL_VALUES: dict[str, Callable[[str], bool]] = {
    LANG: lambda value: value in languages(),
    YEAR: _YEAR.fullmatch,
    DISTRICT: lambda value: value == FORMER_KIEN_GIANG or _DIGITS.fullmatch(value),
    COMMUNE: _DIGITS.fullmatch,
    CRITERION: _DIGITS.fullmatch,
    PIN: snapshots.well_formed,
    DIRECTIVE: _text,
    WINDOW: _text,
    AS_OF: _day,
    GRACE: _DIGITS.fullmatch,
    SEARCH: _text,
    MEASURE: _CODE.fullmatch,
    COUNTING: overview.COUNTINGS.__contains__,
}
_CHECKED = "url_checked"
_NOTICE_CHARS = 40  # of a dropped value, shown in its notice

_SEARCH = "commune_search"
_SEARCH_MESSAGE = "commune_search_message"
_PAGE_OWN = "page_own_params"


@dataclass(frozen=True)
class Filters:
    lang: str
    year: int | None  # None until some data is loaded
    district: str | None  # the scope: None for the whole province, a district's code, or FORMER_KIEN_GIANG
    commune: str | None = None  # a xã code, once a page with the xã choice has been opened
    criterion: int | None = None  # a criterion number, likewise


def drop_malformed() -> None:
    """Drop every value of the link that has not the shape of a usable one (``URL_VALUES``), with a
    notice naming it; an empty value means no choice and goes quietly. On the session's first run,
    before anything reads the URL: a link's values arrive then, later ones are the widgets' own."""
    if _CHECKED in st.session_state:
        return
    st.session_state[_CHECKED] = True
    lang = _language_so_far()
    for key, usable in URL_VALUES.items():
        value = st.query_params.get(key)
        if value is not None and not (value and _usable(usable, value)):
            del st.query_params[key]
            if value:
                _notice(key, value, lang)


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
    """Draw the year (years with data, newest first and by default) and the scope: the province,
    the former Kiên Giang territory, and the districts where the year still has them (with a note
    where it does not)."""
    drop_unless(YEAR, {str(year) for year in years}.__contains__, lang)
    year = st.sidebar.selectbox(t("filters.year", lang), years, key=YEAR, bind="query-params")
    with_districts = year is None or cached.has_districts(data_db(), year)
    _choice(
        DISTRICT,
        [FORMER_KIEN_GIANG, *(districts if with_districts else [])],
        t("filters.district", lang),
        lambda code: charts.scope_name(code or None, districts.get(code), lang),
    )
    if not with_districts:
        changed = min(cached.unit_changes(data_db()), default=None)
        st.sidebar.caption(
            t(
                "periods.no_district_level",
                lang,
                year=year,
                date=fmt.date(changed, lang),
                former=t("periods.scope_former_kien_giang", lang),
            )
        )


def commune(lang: str, communes: dict[str, str]) -> None:
    """Draw the xã choice in the sidebar: the list of ``communes`` (the xã of the chosen district, or
    of the province); ``commune_search`` is the same choice typed on the page."""
    _choice(
        COMMUNE,
        list(communes),
        t("filters.commune", lang),
        lambda code: communes.get(code) or t("filters.no_commune", lang),
        keep=True,
    )


def commune_search(lang: str, units: Units) -> None:
    """A search box, on the page itself (a phone starts with the sidebar closed), that chooses the xã
    by its name however the loader would read it ("vinh hoa hung nam", "X. Vĩnh Hoà Hưng Nam", a
    code). It chooses on change, before the rerun: the page may draw it under its title."""
    st.text_input(
        t("filters.commune_search", lang),
        key=_SEARCH,
        on_change=_find_commune,
        args=(units, lang),
        placeholder=t("filters.commune_search_hint", lang),
    )
    message = st.session_state.pop(_SEARCH_MESSAGE, None)
    if message:
        st.warning(message)


def measure(lang: str, options: tuple[str, ...], label: str, format_func: Callable[[str], str]) -> str:
    """The map's measure, a choice among ``options`` codes on the page (the first by default), kept in
    the URL by its code: bound by Streamlit, the control would write its label there."""
    drop_unless(MEASURE, options.__contains__, lang)
    if st.session_state.get(MEASURE) not in options:
        requested = st.query_params.get(MEASURE)
        st.session_state[MEASURE] = requested if requested in options else options[0]
    chosen = st.segmented_control(label, options, key=MEASURE, format_func=format_func) or options[0]
    if chosen != options[0]:
        st.query_params[MEASURE] = chosen
        page_own(MEASURE)  # the first, the default, goes without saying in a link
    elif MEASURE in st.query_params:
        del st.query_params[MEASURE]
    return chosen


def criterion(lang: str, criteria: dict[int, str]) -> Filters:
    """Draw the criterion choice (``criteria``: number -> label; none chosen means all) and return
    the filters with it."""
    labels = {str(number): label for number, label in criteria.items()}
    _choice(
        CRITERION,
        list(labels),
        t("filters.criterion", lang),
        lambda code: labels.get(code) or t("filters.all_criteria", lang),
        keep=True,
    )
    return current()


def with_criterion() -> tuple[Path, Filters, pd.DataFrame, dict[int, str]]:
    """What a page with the criterion choice starts with: the database it reads, the filters with
    the criterion drawn, the criteria and their labels ("TC17. Môi trường …")."""
    db = data_db()
    lang = current().lang
    criteria = cached.criteria(db, current().year)
    labels = tables.criterion_labels(criteria, lang)
    return db, criterion(lang, labels), criteria, labels


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


# Tap-through: a tapped district bar or xã row chooses that unit (a callback, before the widgets are
# drawn again) and asks for its page, which the next run opens (``follow_tap``, after navigation).
OVERVIEW_PAGE = "pages/overview.py"
OVERVIEW_ADDRESS = ""  # the overview is the default page (ui.navigation): its address is the app's own
COMMUNE_PAGE = "pages/commune.py"
_TAPPED_PAGE = "tapped_page"
_BOUND = (LANG, YEAR)  # the parameters bound to their widgets (bind="query-params")


def open_district(code: str) -> None:
    """A tapped district-level unit becomes the scope, and its overview opens (year and language kept);
    tapped on the overview itself, the scope just changes (no page switch: it would clear the URL)."""
    st.session_state[DISTRICT] = code
    if page_path() != OVERVIEW_ADDRESS:
        st.session_state[_TAPPED_PAGE] = OVERVIEW_PAGE


def open_commune(code: str) -> None:
    """A tapped xã is chosen, and its page opens (year, language and scope kept)."""
    st.session_state[COMMUNE] = st.session_state[_kept(COMMUNE)] = code
    st.session_state[_TAPPED_PAGE] = COMMUNE_PAGE


def follow_tap() -> None:
    """Open the page a tap asked for in the run before this one (``open_district``, ``open_commune``)."""
    page = st.session_state.pop(_TAPPED_PAGE, None)
    if page:
        # A page switch clears the URL, which Streamlit refuses for the parameters bound to widgets
        # (language and year: theirs to write); the others (district, xã…) are carried over.
        kept = {key: value for key, value in st.query_params.to_dict().items() if key not in _BOUND}
        st.switch_page(page, query_params=kept)


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
        if requested not in choices:
            _notice(key, requested, st.session_state.get(LANG) or DEFAULT_LANGUAGE)
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


def page_choice(
    key: str, options: tuple[str, ...], label: str, format_func: Callable[[str], str], help: str | None = None
) -> str:
    """A page's own choice among ``options`` codes (the first by default), kept in the URL as its code,
    the same in every language (a widget bound to the URL would keep its label there)."""
    if key not in st.session_state:
        requested = st.query_params.get(key)  # a value of another shape was dropped with a notice
        st.session_state[key] = requested if requested in options else options[0]
    code = st.radio(label, options, key=key, format_func=format_func, horizontal=True, help=help)
    if code != options[0]:
        st.query_params[key] = code
        page_own(key)  # the first, the default, goes without saying in a link
    elif key in st.query_params:
        del st.query_params[key]
    return code


def _chosen(key: str) -> str | None:
    return st.session_state.get(key) or st.session_state.get(_kept(key))


def _kept(key: str) -> str:
    return f"{key}_kept"


def _find_commune(units: Units, lang: str) -> None:
    """Choose the xã typed in the search box, as the loader would read the name; else say why not."""
    text = st.session_state.get(_SEARCH, "").strip()
    if not text:
        return
    scope = st.session_state.get(DISTRICT) or None
    district = scope if is_district(scope) else None
    year = st.session_state.get(YEAR)
    on = units_on(year) if year else None  # a name or code names a unit only with a date
    match = units.find_commune(text, district_code=district, prefer_type="xã", on=on)
    if match.elsewhere or (district and not match.unit and not match.ambiguous):
        match = units.find_commune(text, prefer_type="xã", on=on)  # not in the chosen district: look province-wide
    unit = match.unit
    if unit and unit.unit_type == "xã":
        st.session_state[COMMUNE] = unit.code
        if district and district != unit.district_code:
            st.session_state[DISTRICT] = unit.district_code
        st.session_state[_SEARCH] = ""
    elif unit:
        st.session_state[_SEARCH_MESSAGE] = t(
            "filters.commune_not_in_programme", lang, name=unit.name, unit_type=unit.unit_type
        )
    elif match.ambiguous:
        found = ", ".join(f"{u.name} ({units.district_name(u.district_code)})" for u in match.ambiguous)
        st.session_state[_SEARCH_MESSAGE] = t("filters.commune_ambiguous", lang, value=text, candidates=found)
    elif match.suggestions:
        st.session_state[_SEARCH_MESSAGE] = t(
            "filters.commune_suggest", lang, value=text, suggestions="; ".join(match.suggestions)
        )
    else:
        st.session_state[_SEARCH_MESSAGE] = t("filters.commune_unknown", lang, value=text)


def _language_so_far() -> str:
    # On a session's first run the widget has not read the URL yet when its label is written.
    lang = st.session_state.get(LANG) or st.query_params.get(LANG)
    if lang in languages():
        return lang
    drop_unless(LANG, languages().__contains__, DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def drop_unless(key: str, usable: Callable[[str], bool], lang: str) -> None:
    """Before a choice bound to the URL (``bind="query-params"``) is first drawn: drop the link's
    value unless ``usable`` (among the choices, in range), with a notice. The widget would silently
    fall back to its default, or fail on a value it cannot take."""
    requested = st.query_params.get(key)
    if key not in st.session_state and requested and not _usable(usable, requested):
        del st.query_params[key]
        _notice(key, requested, lang)


def _usable(usable: Callable[[str], bool], value: str) -> bool:
    try:
        return bool(usable(value))
    except ValueError:  # a value the check cannot even read ("1e309" as a number of days)
        return False


def _notice(key: str, value: str, lang: str) -> None:
    st.toast(t("sharing.dropped", lang, name=key, value=_shown(value)), icon=":material/link_off:")


def _shown(value: str) -> str:
    """The value as its notice shows it: visible characters, not too many, as plain text (the
    notice is Markdown: a crafted value must not become a link or markup there)."""
    visible = "".join("�" if unicodedata.category(char).startswith("C") else char for char in value)
    if len(visible) > _NOTICE_CHARS:
        visible = visible[:_NOTICE_CHARS] + "…"
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", visible)


# --- Pinned links -------------------------------------------------------------------------------


def pin() -> snapshots.Pin | None:
    """The load the view is pinned to (from the link, then kept for the session), or None for the
    latest data. A pin naming no load that can be pinned is dropped with a notice."""
    requested = st.query_params.get(PIN) or st.session_state.get(_kept(PIN))
    if not requested:
        return None
    pinned = snapshots.resolve(config.db_path(), requested, building=_preparing)
    if pinned is None:
        st.session_state.pop(_kept(PIN), None)
        if PIN in st.query_params:
            del st.query_params[PIN]
        _notice(PIN, requested, _language_so_far())
        return None
    st.session_state[_kept(PIN)] = str(pinned.batch)
    if st.query_params.get(PIN) != str(pinned.batch):
        st.query_params[PIN] = str(pinned.batch)
    return pinned


def _preparing(batch: int):
    """Shown while a pinned load's figures are rebuilt (the first time its link is opened)."""
    return st.spinner(t("sharing.pin_preparing", _language_so_far(), batch=batch))


def data_db() -> Path:
    """The database the dashboard pages read: the pinned load's working copy, else the published file."""
    pinned = pin()
    return pinned.path if pinned else config.db_path()


def unpin() -> None:
    st.session_state.pop(_kept(PIN), None)
    if PIN in st.query_params:
        del st.query_params[PIN]


def pinned_banner(lang: str, loaded_at: object) -> None:
    """On a pinned view: "Số liệu tại thời điểm … — xem số liệu mới nhất"."""
    pinned = pin()
    if pinned is None:
        return
    text, latest = st.columns([3, 1], vertical_alignment="center")
    text.info(t("sharing.pinned", lang, date=fmt.date(loaded_at, lang), batch=pinned.batch), icon=":material/push_pin:")
    latest.button(t("sharing.latest", lang), on_click=unpin, icon=":material/update:", key="unpin")


def link(page_path: str, pinned_to: str | None = None) -> str:
    """The address of this view: the app's address, the page, and every parameter now in the URL
    (with ``pin`` set to ``pinned_to``, a load's number or a yyyy-mm-dd day, or without a pin).
    Never credentials: sign-in lives in a cookie, not in the URL."""
    state = st.session_state
    params = {LANG: state.get(LANG) or DEFAULT_LANGUAGE, YEAR: state.get(YEAR)}
    params |= {key: st.query_params.get(key) for key in (DISTRICT, COMMUNE, CRITERION)}
    params |= {key: state.get(key) for key in state.pop(_PAGE_OWN, ())}
    params = {key: _url_value(value) for key, value in params.items() if value not in (None, "")}
    if pinned_to is not None:
        params[PIN] = pinned_to
    base = (st.context.url or "").rstrip("/")
    if page_path and base.endswith(f"/{page_path}"):  # the browser's address may still name the page
        base = base.removesuffix(f"/{page_path}")
    address = f"{base}/{page_path}" if page_path else f"{base}/"
    return f"{address}?{urllib.parse.urlencode(params)}" if params else address


def page_own(*keys: str) -> None:
    """Declare the page's own choices bound to the URL (widget keys), so that its link carries them."""
    st.session_state[_PAGE_OWN] = keys


def _url_value(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def share(lang: str, page_path: str, latest_batch: int | None) -> None:
    """ "Sao chép liên kết": the link to this view, with the latest figures, pinned to the data shown
    now, or pinned to the data as published on a day; a button copies it, another opens the phone's
    share sheet, and its QR code opens it on a phone."""
    pinned = pin()
    with st.sidebar.popover(t("sharing.copy_link", lang), icon=":material/link:", width="stretch"):
        batch = pinned.batch if pinned else latest_batch
        pinned_to = None if batch is None else _pin_choice(lang, batch, pinned)
        address = link(page_path, pinned_to)
        st.code(address, language=None, wrap_lines=True)
        share_actions.copy_and_share(address, t("app.title", lang), lang)
        share_actions.qr_code(address, lang)
        st.caption(t("sharing.link_note", lang))


def _pin_choice(lang: str, batch: int, pinned: snapshots.Pin | None) -> str | None:
    """The reader's choice of what the link shows, as its ``pin`` value (None: the latest figures)."""
    first_day = cached.wrap(snapshots.first_day)(config.db_path())
    choices = [PIN_NONE, PIN_LOAD] + ([PIN_DAY] if first_day else [])
    how = st.radio(
        t("sharing.pin_choice", lang),
        choices,
        index=choices.index(PIN_LOAD if pinned else PIN_NONE),
        format_func=lambda choice: t(f"sharing.pin_{choice}", lang, batch=batch),
        key="share_pin",
    )
    if how == PIN_NONE:
        return None
    if how == PIN_LOAD:
        return str(batch)
    today = dt.date.today()
    shown = cached.data_status(pinned.path if pinned else config.db_path())["loaded_at"].date()
    day = st.date_input(
        t("sharing.pin_day_choice", lang),
        value=min(max(shown, first_day), today),
        min_value=first_day,
        max_value=today,
        format="DD/MM/YYYY",
        key="share_pin_day",
        help=t("sharing.pin_day_help", lang, first=fmt.date(first_day, lang)),
    )
    on_day = snapshots.named(config.db_path(), day.isoformat())  # a load: the first day has one
    if day >= today:  # the day is not over: a later load today would change a link pinned to it
        st.caption(t("sharing.pin_day_today", lang, batch=on_day))
        return str(on_day)
    st.caption(t("sharing.pin_day_note", lang, date=fmt.date(day, lang), batch=on_day))
    return day.isoformat()


def serving(page_path: str) -> None:
    """Remember the address of the page this run draws (dashboard.py, before the page runs), for
    a page that stops early to draw its share box."""
    st.session_state[_PAGE_PATH] = page_path


def page_path() -> str:
    """The address of the page this run draws ("" when a page runs on its own, as in a test)."""
    return st.session_state.get(_PAGE_PATH, "")


def stop(lang: str) -> NoReturn:
    """End the page here, when it has nothing to show for the chosen scope, with its share box: that
    view can be shared too, and once ``st.stop()`` is called nothing more is drawn (dashboard.py
    draws the box only after a page that runs to its end)."""
    share(lang, page_path(), cached.data_status(config.db_path())["batch_id"])
    st.stop()
