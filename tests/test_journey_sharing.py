"""Sharing in a real browser: filters set on the criteria and targets pages travel in the copied
link to another person (a fresh browser context) — same page, filters and figures; a link pinned
to the data keeps its figures after a new upload while the unpinned one moves.

The server has a database of its own (built from the sample workbooks, like the shared
``sample_server``'s): this journey uploads, and the other journeys must not see that upload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from etl import load
from ntm.i18n import t
from tests import browser_support
from tests.account_support import an_bien
from tests.browser_support import expect_no_error_on_page, wait_until_ready

pytestmark = pytest.mark.browser
AN_BIEN_NAME = "Huyện An Biên"


@pytest.fixture(scope="module")
def server(warehouses, tmp_path_factory):
    """A server of its own: these tests upload, which the session's sample server must not see."""
    with browser_support.public_server(warehouses.copy("sample", tmp_path_factory.mktemp("sharing"))) as running:
        yield running


def choose(page: Page, label: str, text: str) -> None:
    """Type ``text`` in the sidebar choice ``label`` and pick the option that starts with it."""
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(text)
    option = page.get_by_role("option", name=re.compile(f"^{re.escape(text)}")).first
    expect(option).to_be_visible()
    option.click()
    wait_until_ready(page)


def copied_link(page: Page, pinned: bool = False) -> str:
    page.get_by_role("button", name=t("sharing.copy_link", "vi")).click()
    if pinned:
        page.get_by_test_id("stPopoverBody").get_by_text(re.compile("Ghim số liệu")).click()
        wait_until_ready(page)
    code = page.get_by_test_id("stPopoverBody").locator("[data-testid='stCode'] code")
    if pinned:
        expect(code).to_contain_text("pin=")
    link = code.inner_text().strip()
    page.keyboard.press("Escape")
    return link


def figures(page: Page) -> list[str]:
    return page.get_by_test_id("stMetric").all_inner_texts()


def open_as_another_person(browser: Browser, link: str) -> Page:
    other = browser.new_context().new_page()
    other.goto(link)
    expect(other.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)  # a new session's first run
    wait_until_ready(other)
    expect_no_error_on_page(other)
    return other


def open_page(page: Page, url: str) -> None:
    page.goto(f"{url}/")  # the server's first request at "/": see the README on pages/
    wait_until_ready(page)
    page.goto(url)
    wait_until_ready(page)


# The sample's targets are the province's: the targets page is shared for the whole province.
@pytest.mark.parametrize(
    ("path", "district", "criterion"), [("tieu-chi", AN_BIEN_NAME, "17"), ("muc-tieu", None, None)]
)
def test_a_copied_link_opens_the_same_page_filters_and_figures_for_another_person(
    server, page: Page, browser: Browser, path, district, criterion
):
    open_page(page, f"{server.url}/{path}")
    choose(page, "Năm", "2023")
    if district:
        choose(page, "Huyện, thành phố", district)
    if criterion:
        choose(page, "Tiêu chí", f"TC{criterion}.")
    link = copied_link(page)
    assert f"/{path}?" in link and "year=2023" in link and (not district or "district=908" in link)
    assert not criterion or f"criterion={criterion}" in link
    other = open_as_another_person(browser, link)
    expect(other).to_have_url(re.compile(f"/{path}"))
    sidebar = other.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Huyện, thành phố", exact=True)).to_have_value(district or "Toàn tỉnh")
    expect(sidebar.get_by_role("combobox", name="Năm", exact=True)).to_have_value("2023")
    assert figures(other) == figures(page)
    assert other.get_by_test_id("stHeading").all_inner_texts() == page.get_by_test_id("stHeading").all_inner_texts()
    other.context.close()


def test_a_pinned_link_keeps_its_figures_after_an_upload_while_the_latest_moves(server, page: Page, browser: Browser):
    open_page(page, f"{server.url}/?year=2024&district=908")
    before = figures(page)
    latest_link = copied_link(page)
    pinned_link = copied_link(page, pinned=True)
    assert "pin=" not in latest_link
    assert load.load_bytes(server.db, "an_bien_2024.xlsx", an_bien(3, 3)).status == "loaded"
    pinned = open_as_another_person(browser, pinned_link)
    assert figures(pinned) == before
    expect(pinned.get_by_text(re.compile("Số liệu tại thời điểm"))).to_be_visible()
    latest = open_as_another_person(browser, latest_link)
    assert figures(latest) != before
    browser_support.keep_screenshot(pinned, "sharing-pinned")
    pinned.context.close()
    latest.context.close()
