"""The map in a real browser, on a laptop (1440×900) and on a phone (390×844, touch): the tile map
of the sample's districts is drawn within the screen's width, and a tap on An Biên's tile opens the
district page for An Biên with the year kept. Screenshots of each step are kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from analytics.map_units import map_units, unit_key, worst_status
from analytics.targets import district_target_progress
from presentation import maps
from tests.browser_support import SCROLLED, expect_no_error_on_page, keep_screenshot, swipe_up, wait_until_ready

pytestmark = pytest.mark.browser
AN_BIEN = "908"
TAY_YEN = "30988"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    wait_until_ready(page)
    page.locator('[data-testid="stPlotlyChart"] .choroplethlocation').first.wait_for()
    expect_no_error_on_page(page)


def centre_of_tile(page: Page, server, code: str, scope: str | None = None) -> tuple[float, float]:
    """Where the area of the unit ``code`` is drawn (in the order of the figure's areas, made here as the page does).
    A tap goes to that point of the map, as a finger does: the map takes it, not the area's element."""
    units = map_units(server.db, 2024, scope)
    measure = maps.measures(units["level"].iloc[0], True)[0]  # the measure the page opens on
    figure = maps.unit_map(units, worst_status(district_target_progress(server.db, 2024)), None, measure, "vi", "")
    drawn = [key for trace in figure.figure.data if trace.type == "choropleth" for key in trace.locations]
    area = page.locator('[data-testid="stPlotlyChart"] .choroplethlocation').nth(drawn.index(unit_key(code, None)))
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_laptop_the_tile_map_shows_every_district_and_a_click_opens_an_bien(sample_server, page: Page, lang):
    page.set_viewport_size({"width": 1440, "height": 900})
    open_map(page, f"{sample_server.url}/ban-do?year=2024&lang={lang}")
    assert page.locator('[data-testid="stPlotlyChart"] .choroplethlocation').count() == 15
    keep_screenshot(page, f"map-1440-{lang}")
    page.mouse.click(*centre_of_tile(page, sample_server, AN_BIEN))
    expect(page).to_have_url(re.compile(rf"/huyen\?.*district={AN_BIEN}"))
    expect(page).to_have_url(re.compile(r"year=2024"))
    wait_until_ready(page)
    expect_no_error_on_page(page)
    keep_screenshot(page, f"map-1440-{lang}-tapped")


def test_on_a_phone_the_map_fits_the_screen_and_a_tap_opens_the_district(sample_server, browser: Browser):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        open_map(page, f"{sample_server.url}/ban-do?year=2024")
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        chart.scroll_into_view_if_needed()
        keep_screenshot(page, "map-390-vi")
        # The map takes taps, not swipes: a finger drawn up over it scrolls the page.
        before, box = page.evaluate(SCROLLED), chart.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        swipe_up(page.context.new_cdp_session(page), page, *centre, 200)
        assert page.evaluate(SCROLLED) > before
        chart.scroll_into_view_if_needed()
        page.touchscreen.tap(*centre_of_tile(page, sample_server, AN_BIEN))
        expect(page).to_have_url(re.compile(rf"/huyen\?.*district={AN_BIEN}"))
        wait_until_ready(page)
        expect_no_error_on_page(page)
        keep_screenshot(page, "map-390-vi-tapped")
    finally:
        context.close()


def test_on_a_phone_a_tap_on_a_commune_of_an_bien_opens_that_commune(sample_server, browser: Browser):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        open_map(page, f"{sample_server.url}/ban-do?year=2024&district={AN_BIEN}")
        keep_screenshot(page, "map-390-vi-an-bien")
        page.touchscreen.tap(*centre_of_tile(page, sample_server, TAY_YEN, AN_BIEN))
        expect(page).to_have_url(re.compile(rf"/xa\?.*commune={TAY_YEN}"))
        expect(page).to_have_url(re.compile(rf"district={AN_BIEN}"))
        wait_until_ready(page)
        expect(page.get_by_role("heading", level=2).first).to_contain_text("Tây Yên")
        expect_no_error_on_page(page)
        keep_screenshot(page, "map-390-vi-an-bien-tapped")
    finally:
        context.close()
