"""Leadership in a real browser: a link to the overview for a district and year shows the
database's figures, draws its charts, speaks English and back on the switch, and no page reached
from the navigation shows an error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from analytics import overview
from ntm import formatting
from ntm.i18n import catalogue, t
from tests.browser_support import drawn_chart_titles, expect_no_error_on_page, wait_until_ready

pytestmark = pytest.mark.browser
AN_BIEN = "908"


def metric_values(page: Page) -> list[str]:
    return page.get_by_test_id("stMetricValue").all_inner_texts()


def test_overview_link_for_a_district_and_year_shows_the_database_figures(sample_server, page: Page):
    page.goto(f"{sample_server.url}/?year=2024&district={AN_BIEN}")
    wait_until_ready(page)
    figures = overview.headline(sample_server.db, 2024, AN_BIEN)
    expected = formatting.fraction(figures["communes_ntm"], figures["communes_total"], "vi")
    assert expected in metric_values(page)
    titles = drawn_chart_titles(page)
    assert len(titles) >= 3
    assert any("Huyện An Biên" in title for title in titles)
    expect_no_error_on_page(page)


def test_language_switch_turns_labels_to_english_and_back(sample_server, page: Page):
    page.goto(f"{sample_server.url}/?year=2024")
    wait_until_ready(page)
    vietnamese = _fixed_labels("vi")
    _language_option(page, "en").click()
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.get_by_test_id("stSidebar")).to_contain_text(t("filters.language", "en"))
    wait_until_ready(page)
    text = page.locator("body").inner_text()
    assert [label for label in vietnamese if label in text] == []
    assert any(label in text for label in _fixed_labels("en"))
    _language_option(page, "vi").click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(t("filters.language", "vi"))
    wait_until_ready(page)
    assert any(label in page.locator("body").inner_text() for label in vietnamese)


def test_every_page_in_the_navigation_opens_without_an_error(sample_server, page: Page):
    page.goto(f"{sample_server.url}/?year=2024")
    wait_until_ready(page)
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    count = links.count()
    assert count >= 6  # the overview and the leadership pages at least
    for index in range(count):
        links.nth(index).click()
        wait_until_ready(page)
        expect_no_error_on_page(page)


def _language_option(page: Page, lang: str):
    names = {"vi": r"^(vi|Tiếng Việt)$", "en": r"^(en|English)$"}
    return page.get_by_test_id("stSidebar").get_by_role("radio", name=re.compile(names[lang]))


def _fixed_labels(lang: str) -> list[str]:
    """Labels of the overview that have no placeholders and are long enough to be unambiguous."""
    strings = catalogue(lang)
    return [
        text
        for key, text in strings.items()
        if key.split(".")[0] in ("overview", "filters") and "{" not in text and len(text) >= 8
    ]
