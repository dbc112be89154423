"""A shared link opened on a phone says what it shows: every page's first screen names the scope, the
year, the data's date and the sample mark in the page body (the sidebar starts closed on a phone);
a district's targets page is never a dead end; the units are named in the reader's language; every
address opens a page in that language; the charts' toolbar speaks it (AppTest, on the hand-built
warehouses of tests/fixtures.py)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import streamlit as st
from fixtures import AN_BIEN, GIONG_RIENG
from streamlit.testing.v1 import AppTest

from etl.auth import ADMIN, ANALYST, VIEWER
from ntm.i18n import t
from ui import navigation

pytestmark = pytest.mark.database("leadership")
KIEN_LUONG = "902"  # a district with no targets of its own in the leadership warehouse
READER_PAGES = ["overview", "criteria", "commune", "districts", "targets", "near_finish", "movement"]
CHIPS = {
    "vi": ["Huyện An Biên", "Năm 2024", "Cập nhật 15/12/2024 · đợt cập nhật số 2", "Dữ liệu mẫu"],
    "en": ["An Bien District", "Year 2024", "Updated 15/12/2024 · update no. 2", "Sample data"],
}


def chips(at: AppTest) -> str:
    """The chips under the page's title: the first Markdown of the page body with badges."""
    return next(element.value for element in at.main.markdown if "-badge[" in element.value)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", READER_PAGES)
def test_every_page_names_its_district_year_data_date_and_the_sample_under_its_title(open_page, page, lang):
    at = open_page(page, lang=lang, district=AN_BIEN, year="2024")
    shown = chips(at)
    for chip in CHIPS[lang]:
        assert chip in shown
    # Before anything else of the page: right under its title.
    body = list(at.main.children.values())
    first_chips = next(i for i, element in enumerate(body) if getattr(element, "value", None) == shown)
    assert [element.type for element in body[:first_chips]] == ["header"]


def test_a_page_of_every_district_names_the_district_chosen(open_page):
    """The districts page compares them all: its chip names the one the link chose (drawn bold)."""
    assert "Huyện An Biên" in chips(open_page("districts", district=AN_BIEN))
    assert "Toàn tỉnh" in chips(open_page("districts"))


def test_a_xa_page_names_the_xa_s_district(open_page):
    assert "Huyện Giồng Riềng" in chips(open_page("commune", commune="30937"))  # Hoà Lợi, of Giồng Riềng


def test_chips_cannot_be_turned_into_markup_by_a_name():
    from ui.view_context import _badge

    assert _badge("blue", "location_on", "Xã [A](http://x) *B*") == (
        r":blue-badge[:material/location_on: Xã \[A\](http://x) \*B\*]"
    )


# --- A district's targets page ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_district_without_targets_of_its_own_shows_its_figures_and_the_provinces_targets(open_page, lang):
    at = open_page("targets", district=KIEN_LUONG, lang=lang)
    notice = {"vi": "Chưa có mục tiêu riêng nào của Huyện Kiên Lương", "en": "No targets of Kien Luong District"}
    assert any(info.value.startswith(notice[lang]) for info in at.info)
    shown = {metric.label: metric.value for metric in at.metric}
    ntm = {"vi": "Xã đạt chuẩn NTM", "en": "NTM communes"}[lang]
    assert shown[ntm] == "0/7 · 0,0%" if lang == "vi" else "0/7 · 0.0%"  # none of its 7 xã assessed in 2024
    headings = [subheader.value for subheader in at.subheader]
    assert {"vi": "Mục tiêu của toàn tỉnh", "en": "The province's targets"}[lang] in headings
    scopes = set(next(frame.value for frame in at.dataframe if len(frame.value) > 1).iloc[:, 0])
    assert scopes == {"Toàn tỉnh" if lang == "vi" else "Whole province"}  # the province's own targets


def test_a_district_with_targets_shows_only_them_without_the_fallback(open_page):
    at = open_page("targets", district=GIONG_RIENG)
    assert not [info for info in at.info if "Chưa có mục tiêu riêng" in info.value]
    assert sum(int(metric.value) for metric in at.metric) == 1


# --- Names in the reader's language -----------------------------------------------------------


def test_the_sidebar_and_the_headings_name_units_in_english_in_english(open_page):
    at = open_page("commune", lang="en", commune="30937")
    assert at.header[0].value == "Hoa Loi Commune – Giong Rieng District"
    assert "An Bien District" in at.selectbox(key="district").options


# --- Every address opens a page -----------------------------------------------------------------


@pytest.mark.parametrize("role", [navigation.PUBLIC, navigation.GUEST, VIEWER, ANALYST, ADMIN])
def test_every_pages_address_opens_a_page_for_every_visitor(monkeypatch, role):
    """Never Streamlit's English "Page not found": a page not for the visitor opens the sign-in form,
    or the page itself, which says in the reader's language that it is not for this account."""
    monkeypatch.setattr(st, "Page", lambda path, **declared: SimpleNamespace(path=path, **declared))
    opened = {page.url_path: page for page in navigation.pages("vi", role)}
    assert set(opened) == {spec.url_path for spec in navigation.PAGES}
    for spec in navigation.PAGES:
        if role not in spec.roles:
            assert opened[spec.url_path].visibility == "hidden"
            expected = navigation.SIGN_IN.path if role in navigation.SIGNED_OUT else spec.path
            assert opened[spec.url_path].path == expected


def test_a_page_not_for_the_account_says_so_in_the_readers_language(db, monkeypatch):
    from etl import auth
    from tests import account_support

    token = account_support.session(db, "nguoi_xem", auth.VIEWER)
    at = account_support.open_page(account_support.app(monkeypatch, token), "pages/users.py")
    assert [error.value for error in at.error] == [t("accounts.not_allowed", "vi")]


# --- The charts' own texts --------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "download"), [("vi", "Tải biểu đồ dạng ảnh PNG"), ("en", "Download plot as a PNG")])
def test_every_charts_toolbar_speaks_the_readers_language(open_page, lang, download):
    at = open_page("overview", lang=lang)
    configs = [json.loads(chart.proto.config) for chart in at.get("plotly_chart")]
    assert configs
    for config in configs:
        assert config["locale"] == lang
        assert config["locales"][lang]["dictionary"]["Download plot as a PNG"] == download
