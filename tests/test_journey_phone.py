"""A leader on a phone (Debian's Chromium at 390×844, touch) opens a link shared for An Biên: the first
screen names the district and the year and carries the sample mark, the sidebar closed; the share
box copies the link of the view and shows its QR code; switching to English leaves no Vietnamese
word on the screen, and back no English one; a swipe over a chart scrolls the page, never zooming
or panning a chart (a tap on a lagging unit is tests/test_journey_touch.py's). The same link on a
laptop (1440×900).
Each step's screenshot is kept in test-artifacts/phone-journey/."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from ntm.i18n import t
from tests.browser_support import ARTIFACTS, expect_no_error_on_page, wait_until_ready
from tests.visible_text import other_language_words

pytestmark = pytest.mark.browser
AN_BIEN, YEAR = "908", "2025"
AN_BIEN_NAME = {"vi": "Huyện An Biên", "en": "An Bien District"}
TOUCH = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, **TOUCH},
    "laptop": {"viewport": {"width": 1440, "height": 900}},
}
SHOTS = ARTIFACTS / "phone-journey"
SWIPE_STEPS = 8  # touch moves in a swipe

# Every Plotly chart's axes as drawn (Plotly's full layout): chart index -> axis name -> its range.
AXIS_RANGES = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map((chart) =>
  Object.fromEntries(
    Object.entries(chart._fullLayout || {})
      .filter(([name, axis]) => /^[xy]axis[0-9]*$/.test(name) && axis && axis.range)
      .map(([name, axis]) => [name, axis.range.map(String)])
  )
)
"""
# The texts an element shows: its visible text nodes, without the names of icons (drawn by an icon
# font as ligatures: the text "dashboard" shows as an icon).
SHOWN_TEXTS = """
(root) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const shown = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const holder = node.parentElement;
    const icon = getComputedStyle(holder).fontFamily.includes("Material Symbols");
    if (node.textContent.trim() && holder.checkVisibility() && !icon) {
      shown.push(node.textContent);
    }
  }
  return shown;
}
"""


def open_context(browser: Browser, server, screen: str) -> BrowserContext:
    # Copying needs the clipboard's permission, which a phone gives a page on the reader's tap.
    return browser.new_context(
        **SCREENS[screen], base_url=server.url, permissions=["clipboard-read", "clipboard-write"]
    )


@pytest.fixture
def phone(browser: Browser, sample_server) -> BrowserContext:
    context = open_context(browser, sample_server, "phone")
    yield context
    context.close()


@pytest.fixture(params=SCREENS)
def screen(request, browser: Browser, sample_server) -> BrowserContext:
    """A phone, then a laptop."""
    context = open_context(browser, sample_server, request.param)
    yield context
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def on_first_screen(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def open_shared_link(context: BrowserContext, lang: str = "vi") -> Page:
    page = context.new_page()
    page.goto(f"/?lang={lang}&district={AN_BIEN}&year={YEAR}")
    wait_until_ready(page)
    expect_no_error_on_page(page)
    return page


def chip(page: Page, text: str) -> Locator:
    return page.get_by_test_id("stMain").locator(".stMarkdownBadge", has_text=text)


def screen_words(page: Page, lang: str) -> dict[str, str]:
    """Words of the other language than ``lang`` in what the page body and the sidebar show, the
    charts' SVG texts included, each with the text it is in."""
    texts = [text for part in ("stMain", "stSidebar") for text in page.get_by_test_id(part).evaluate(SHOWN_TEXTS)]
    return {word: text[:80] for text in texts for word in other_language_words(text, False, lang)}


def swipe_up_on(cdp, box: dict) -> None:
    """A finger's swipe up the middle of ``box`` (touch events, as a phone sends them)."""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, SWIPE_STEPS + 1):
        point = {"x": x, "y": y - step * box["height"] * 0.4 / SWIPE_STEPS}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_shared_district_link_names_the_district_year_and_sample_on_the_first_screen(screen: BrowserContext):
    page = open_shared_link(screen)
    width = page.viewport_size["width"]
    if width < 500:  # a phone starts with the sidebar closed: the page body must say it all
        expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()
    for text in (AN_BIEN_NAME["vi"], t("view.year", "vi", year=YEAR), t("app.sample_data", "vi")):
        expect(chip(page, text)).to_be_visible()
        assert on_first_screen(page, chip(page, text)), text
    assert on_first_screen(page, page.get_by_test_id("stMetric").first)
    shot(page, f"1-first-screen-{width}px")


def test_a_leader_copies_the_link_of_the_view_from_the_share_box_and_sees_its_qr_code(phone: BrowserContext):
    page = open_shared_link(phone)
    page.get_by_test_id("stExpandSidebarButton").tap()
    page.get_by_role("button", name=t("sharing.copy_link", "vi")).tap()
    box = page.get_by_test_id("stPopoverBody")
    link = box.locator("[data-testid='stCode'] code").inner_text().strip()
    shared, shown = urllib.parse.urlsplit(link), urllib.parse.urlsplit(page.url)
    assert shared.netloc == shown.netloc
    assert urllib.parse.parse_qs(shared.query) == {"lang": ["vi"], "year": [YEAR], "district": [AN_BIEN]}
    expect(box.get_by_role("img")).to_be_visible()  # the link's QR code
    box.get_by_role("button", name=t("sharing.copy_button", "vi"), exact=True).tap()
    expect(box.get_by_text(t("sharing.copied", "vi"))).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    shot(page, "2-link-copied")


def test_switching_the_language_on_a_phone_leaves_no_word_of_the_other_one(phone: BrowserContext):
    page = open_shared_link(phone)
    assert screen_words(page, "vi") == {}
    for lang in ("en", "vi"):
        page.get_by_test_id("stExpandSidebarButton").tap()
        page.get_by_test_id("stSidebar").get_by_role("radio", name=lang, exact=True).tap()
        wait_until_ready(page)
        page.get_by_test_id("stSidebarCollapseButton").locator("button").tap()
        expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()
        expect(page).to_have_url(re.compile(f"lang={lang}") if lang == "en" else re.compile(r"^(?!.*lang=en)"))
        expect(chip(page, AN_BIEN_NAME[lang])).to_be_visible()
        assert screen_words(page, lang) == {}, lang
        shot(page, f"3-in-{lang}")


def test_a_leader_swipes_down_past_every_chart_without_any_axis_changing(phone: BrowserContext):
    """Headless Chromium does not scroll a page from synthesized touches, so the page is brought to
    each chart by the script; the swipe on the chart itself is touch, as on a phone."""
    page = open_shared_link(phone)
    charts = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(charts.first).to_be_visible()
    before = page.evaluate(AXIS_RANGES)
    assert len(before) == charts.count() >= 3 and all(before)
    cdp = page.context.new_cdp_session(page)
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.evaluate("chart => chart.scrollIntoView({block: 'center'})")
        swipe_up_on(cdp, chart.bounding_box())
        shot(page, f"4-swiped-chart-{index + 1}")
    assert page.evaluate(AXIS_RANGES) == before, "a swipe zoomed or panned a chart"
    expect(page.get_by_text(re.compile("Double-click|Bấm đúp"))).to_have_count(0)
