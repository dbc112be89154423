"""Links that open the same view: each page's state from its URL, invalid values dropped with a
notice, links pinned to a load, the link to copy, and every chart's PNG download (AppTest, on the
hand-built warehouses of tests/fixtures.py)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import urllib.parse

import pytest
from fixtures import AN_BIEN, HOA_LOI, NAM_YEN
from streamlit.testing.v1 import AppTest

from etl import auth, warehouse
from etl.scope import Scope
from presentation import exports
from presentation.qr import qr_svg
from tests import account_support
from ui import filters

pytestmark = pytest.mark.database("leadership")
LEADERSHIP_PAGES = ["overview", "criteria", "commune", "districts", "targets", "near_finish"]


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def toasts(at: AppTest) -> list[str]:
    return [toast.value for toast in at.toast]


@pytest.mark.parametrize("page", LEADERSHIP_PAGES)
def test_a_link_restores_language_year_and_district_on_every_page(open_page, page):
    at = open_page(page, lang="en", year="2023", district=AN_BIEN)
    assert at.segmented_control(key="lang").value == "en"
    assert at.selectbox(key="year").value == 2023
    assert at.selectbox(key="district").value == AN_BIEN
    assert (at.query_params["lang"], at.query_params["year"], at.query_params["district"]) == ("en", "2023", AN_BIEN)
    assert not toasts(at)


def test_a_link_restores_the_criterion_and_the_commune(open_page):
    assert open_page("criteria", criterion="17").selectbox(key="criterion").value == "17"
    assert open_page("commune", commune=HOA_LOI).selectbox(key="commune").value == HOA_LOI


@pytest.mark.parametrize("page", LEADERSHIP_PAGES)
def test_invalid_values_in_a_link_are_dropped_not_an_error(open_page, page):
    at = open_page(page, lang="fr", year="1999", district="999", criterion="42", commune="x")
    assert at.segmented_control(key="lang").value == "vi"
    assert at.selectbox(key="year").value == 2024
    assert at.selectbox(key="district").value == ""
    assert not {"lang", "year", "district"} & set(at.query_params)


def test_each_dropped_value_is_named_in_a_notice(app, open_page):
    for key, value in {"lang": "fr", "year": "1999", "district": "999"}.items():
        app.query_params[key] = value
    notices = "\n".join(toasts(app.run()))  # the overview, in the link's first run
    for value in ("fr", "1999", "999"):
        assert f"“{value}”" in notices
    assert "“42”" in "\n".join(toasts(open_page("criteria", criterion="42")))


def test_the_link_to_copy_carries_the_page_and_its_filters_and_no_credentials(open_page):
    at = open_page("criteria", year="2023", district=AN_BIEN, criterion="17")
    link = at.sidebar.code[0].value
    assert "/tieu-chi?" in link
    for part in ("year=2023", f"district={AN_BIEN}", "criterion=17"):
        assert part in link
    assert "pin=" not in link and "password" not in link

    at.radio(key="share_pin").set_value(filters.PIN_LOAD).run()
    assert pinned_to(at) == "2"


@pytest.mark.database("movement")
def test_the_link_carries_a_page_own_choices(open_page):
    at = open_page("agency_reports", grace="7", as_of="2024-12-31")
    assert (at.number_input(key="grace").value, str(at.date_input(key="as_of").value)) == (7, "2024-12-31")
    link = at.sidebar.code[0].value
    assert "/bao-cao-co-quan?" in link and "grace=7" in link and "as_of=2024-12-31" in link


def test_a_pinned_link_keeps_its_figures_after_a_new_load(db, open_page):
    before = metrics(open_page("overview"))
    a_later_load_changes_the_figures(db)
    pinned = open_page("overview", pin="2")
    assert metrics(pinned) == before
    assert "Số liệu tại thời điểm 15/12/2024 (đợt cập nhật số 2)" in [info.value for info in pinned.info]
    assert metrics(open_page("overview")) != before
    by_date = open_page("overview", pin="2024-12-20")
    assert metrics(by_date) == before
    pinned.button(key="unpin").click().run()
    assert "pin" not in pinned.query_params
    assert metrics(pinned) != before


def pinned_to(at: AppTest) -> str | None:
    """The ``pin`` of the link in the share box."""
    return urllib.parse.parse_qs(urllib.parse.urlsplit(at.sidebar.code[0].value).query).get("pin", [None])[0]


def a_later_load_changes_the_figures(db) -> None:
    """A third load, today: Nam Yên now meets every criterion (its results replaced, as a load does)."""
    with warehouse.transaction(db) as con:
        con.execute(
            "insert into batch (batch_id, dataset, file_name, content_hash, user_name, loaded_at,"
            " rows_in_file, rows_new, rows_changed, rows_unchanged)"
            " values (3, 'criteria', 'moi.xlsx', 'h', 'tester', now(), 0, 0, 0, 0)"
        )
        con.execute(
            "update criterion_result set superseded_by = 3 where commune_code = ? and superseded_by is null", [NAM_YEN]
        )
        con.execute(
            "insert into criterion_result select commune_code, year, criterion_no, true, 3, null"
            " from criterion_result where superseded_by = 3"
        )


def test_a_link_pinned_to_a_date_opens_the_data_published_by_that_day(db, open_page):
    at = open_page("overview", district=AN_BIEN)
    before = metrics(at)
    at.radio(key="share_pin").set_value(filters.PIN_DAY).run()
    day = at.date_input(key="share_pin_day")
    # From the day of the first load (30/11/2024) to today, shown dd/mm/yyyy; the data shown is of 15/12/2024.
    assert (day.min, day.max, day.value) == (dt.date(2024, 11, 30), dt.date.today(), dt.date(2024, 12, 15))
    assert day.proto.format == "DD/MM/YYYY"
    day.set_value(dt.date(2024, 12, 20)).run()
    assert "Liên kết mở số liệu đã công bố đến hết ngày 20/12/2024: đợt cập nhật số 2." in [
        caption.value for caption in at.sidebar.caption
    ]
    link = urllib.parse.urlsplit(at.sidebar.code[0].value)
    assert link.path == "/" and pinned_to(at) == "2024-12-20"

    a_later_load_changes_the_figures(db)
    opened = open_page("overview", **dict(urllib.parse.parse_qsl(link.query)))
    assert metrics(opened) == before
    assert "Số liệu tại thời điểm 15/12/2024 (đợt cập nhật số 2)" in [info.value for info in opened.info]
    assert metrics(open_page("overview", district=AN_BIEN)) != before


def test_a_pin_to_today_pins_the_current_load_since_the_day_is_not_over(open_page):
    at = open_page("overview")
    at.radio(key="share_pin").set_value(filters.PIN_DAY).run()
    at.date_input(key="share_pin_day").set_value(dt.date.today()).run()
    assert pinned_to(at) == "2"
    assert any(caption.value.startswith("Hôm nay chưa hết ngày") for caption in at.sidebar.caption)


def test_the_date_choice_is_in_english_too(open_page):
    at = open_page("criteria", lang="en")
    at.radio(key="share_pin").set_value(filters.PIN_DAY).run()
    assert at.radio(key="share_pin").options == [
        "Always the latest figures",
        "Pin the current data (update no. 2)",
        "Pin to a date: the data as published by the end of a day",
    ]
    assert at.date_input(key="share_pin_day").label == "Date (dd/mm/yyyy)"
    assert "The link opens the data as published by the end of 15/12/2024: update no. 2." in [
        caption.value for caption in at.sidebar.caption
    ]


# Views with nothing to show for their scope: the page says so and stops early.
EARLY_STOPS = [
    ("criteria", {"year": "2023", "district": "899"}),
    ("near_finish", {"year": "2023", "district": "899"}),
    ("commune", {}),
    ("targets", {"district": "899"}),
    ("movement", {}),
    ("agency_reports", {}),
]


@pytest.mark.parametrize(("page", "url"), EARLY_STOPS)
def test_a_page_that_stops_early_still_has_its_share_box(open_page, page, url):
    at = open_page(page, **url)
    assert at.info, "the page says why it shows nothing"
    link = at.sidebar.code[0].value
    assert all(f"{key}={value}" in link for key, value in url.items())
    assert at.radio(key="share_pin").value == filters.PIN_NONE


@pytest.mark.parametrize(("page", "url"), EARLY_STOPS)
def test_a_pinned_page_that_stops_early_keeps_its_banner_and_its_pin(open_page, page, url):
    at = open_page(page, pin="2", **url)
    assert "Số liệu tại thời điểm 15/12/2024 (đợt cập nhật số 2)" in [info.value for info in at.info]
    assert pinned_to(at) == "2"


@pytest.mark.database("empty")
def test_a_page_before_any_data_is_loaded_has_its_share_box(open_page):
    at = open_page("overview")
    assert at.sidebar.code[0].value == "/?lang=vi"
    assert not at.radio  # nothing published yet: nothing to pin


def test_a_pin_to_a_load_that_does_not_exist_is_dropped_with_a_notice(app):
    app.query_params["pin"] = "99"
    at = app.run()
    assert "pin" not in at.query_params
    assert any("“99”" in toast for toast in toasts(at))
    assert not at.info


@pytest.mark.parametrize(
    "page",
    [
        *LEADERSHIP_PAGES,
        *(pytest.param(page, marks=pytest.mark.database("movement")) for page in ("movement", "agency_reports")),
    ],
)
def test_every_chart_downloads_as_a_named_png(open_page, page):
    at = open_page(page, commune=HOA_LOI, year="2024")
    drawn = at.get("plotly_chart")
    assert drawn
    for chart in drawn:
        image = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert image["format"] == "png" and image["filename"] and image["scale"] == exports.PNG_SCALE


@pytest.mark.database("an_bien")
def test_the_upload_page_before_a_file_is_chosen_has_its_share_box(db, monkeypatch):
    token = account_support.session(db, "an_bien", auth.ANALYST, Scope.districts([account_support.AN_BIEN]))
    at = account_support.open_page(account_support.app(monkeypatch, token), "pages/upload.py")
    assert not at.exception
    assert at.sidebar.code[0].value.startswith("/tai-du-lieu?")


# --- The share box on a phone -------------------------------------------------------------------


def share_buttons(at: AppTest) -> dict:
    """The data the share box's copy and share buttons run on (its component's JSON)."""
    (buttons,) = at.sidebar.get("bidi_component")
    return json.loads(buttons.proto.json)


def qr_code(at: AppTest) -> str:
    """The SVG of the share box's QR code, as sent to the browser."""
    (image,) = at.sidebar.get("image")
    return base64.b64decode(image.proto.imgs[0].url.removeprefix("data:image/svg+xml;base64,")).decode()


def test_the_share_box_copies_shares_and_shows_the_qr_code_of_the_link_it_gives(open_page):
    at = open_page("criteria", year="2023", district=AN_BIEN)
    link = at.sidebar.code[0].value
    buttons = share_buttons(at)
    assert buttons["link"] == link
    assert (buttons["copy"], buttons["share"], buttons["copied"]) == (
        "Chép",
        "Chia sẻ…",
        "Đã chép liên kết: dán vào Zalo, thư hay tin nhắn.",
    )
    assert qr_svg(link).removeprefix("<svg ") in qr_code(at)

    at.radio(key="share_pin").set_value(filters.PIN_LOAD).run()  # the link changes: so do the buttons and the code
    pinned = at.sidebar.code[0].value
    assert pinned != link and share_buttons(at)["link"] == pinned
    assert qr_svg(pinned).removeprefix("<svg ") in qr_code(at)


def test_the_share_box_speaks_english_in_english(open_page):
    buttons = share_buttons(open_page("overview", lang="en"))
    assert (buttons["copy"], buttons["share"], buttons["not_copied"]) == (
        "Copy",
        "Share…",
        "The browser would not copy: press and hold (or select) the link above and copy it.",
    )


def test_the_qr_code_is_the_links_own():
    """Two links, two codes; the same link, the same code (drawn black on white, with its quiet zone)."""
    first, second = (qr_svg(f"http://example.test/huyen?district={code}") for code in ("908", "906"))
    assert first != second and first == qr_svg("http://example.test/huyen?district=908")
    assert 'fill="#fff"' in first and "#000" in first
