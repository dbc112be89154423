"""A leader on a phone (390×844, touch) in Debian's Chromium: the verdict strip on the first screen,
a swipe over any chart scrolls the page and changes no axis, and a tap on a lagging district opens
its overview with the year kept. Screenshots of each step are kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import SCROLLED, keep_screenshot, swipe_up, wait_until_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
AXES = (
    "plot => JSON.stringify(Object.keys(plot._fullLayout).filter(key => /^[xy]axis/.test(key))"
    ".map(key => plot._fullLayout[key].range))"
)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "device_scale_factor": 2, "has_touch": True, "is_mobile": True}


def test_a_leader_reads_the_verdict_swipes_past_every_chart_and_taps_a_lagging_district(sample_server, page: Page):
    page.goto(f"{sample_server.url}/?year=2024")
    wait_until_ready(page)
    strip = page.locator(".st-key-verdict-strip")
    expect(strip).to_contain_text("Kết quả so với mục tiêu – Toàn tỉnh, năm 2024")
    assert strip.bounding_box()["y"] < PHONE["height"] / 2  # on the first screen, above every chart
    keep_screenshot(page, "phone-1-verdict-first-screen")

    touch = page.context.new_cdp_session(page)
    charts = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(charts.first).to_be_visible()
    for index in range(charts.count()):
        plot = charts.nth(index)
        plot.scroll_into_view_if_needed()
        box, axes, before = plot.bounding_box(), plot.evaluate(AXES), page.evaluate(SCROLLED)
        middle = min(box["y"] + box["height"] / 2, PHONE["height"] - 100)
        swipe_up(touch, page, box["x"] + box["width"] * 0.7, middle, 250)  # over the plot, not its labels
        assert page.evaluate(SCROLLED) > before, f"chart {index} kept the swipe from the page"
        assert plot.evaluate(AXES) == axes, f"chart {index} changed an axis"
    keep_screenshot(page, "phone-2-swiped-past-every-chart")

    lagging = page.locator(".st-key-open-district button").first
    name = lagging.inner_text()
    lagging.scroll_into_view_if_needed()
    area = lagging.bounding_box()
    page.touchscreen.tap(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    expect(page).to_have_url(re.compile(r"district=[0-9]+"))
    expect(page).to_have_url(re.compile(r"year=2024"))
    wait_until_ready(page)
    expect(page.locator("h2").first).to_have_text(f"Nông thôn mới năm 2024 – {name}")
    keep_screenshot(page, "phone-3-tapped-the-lagging-district")
