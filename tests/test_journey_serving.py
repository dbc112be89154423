"""The dashboard as it is served (app.py), in a real browser, viewing private: the first link opened
after the server starts shows its page without a "Page not found" dialog or pages/'s raw file names;
an analyst signs in there and stays signed in through a reload and in a new tab, while the cookie
stays out of the page, of scripts and of the server's log; an uncaught error on a page shows the
visitor an id under which the server logged the traceback. The database lacks one view that only
the xã page reads (``current_indicator_value``), the fault that page then meets."""

from __future__ import annotations

import re

import duckdb
import pytest
from playwright.sync_api import Browser, Page, expect

from etl import auth
from etl.scope import Scope
from tests import browser_support
from tests.account_support import AN_BIEN, PASSWORD, TAY_YEN
from ui import access

pytestmark = pytest.mark.browser
# pages/'s file names, which Streamlit's legacy multipage mode would list on a first run.
RAW_PAGE_NAMES = [b"agency_reports", b"near_finish", b"sign_in"]


@pytest.fixture(scope="module")
def served(warehouses, tmp_path_factory):
    browser_support.require_chromium()
    db = warehouses.copy("sample", tmp_path_factory.mktemp("serving"))
    with duckdb.connect(str(db)) as con:
        con.execute("drop view current_indicator_value")
    auth.Accounts(db.with_name("accounts.sqlite")).add_user(
        "an_bien", "Cán bộ An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test"
    )
    with browser_support.dashboard_server(db, {"NTM_PUBLIC_VIEW": "0", "NTM_ACCOUNTS_DB": ""}) as server:
        yield server


def test_a_first_deep_link_opens_its_page_and_a_signed_in_analyst_stays_signed_in(served, page: Page, browser: Browser):
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())
        ),
    )
    # The server's first visitor, on a year with districts (the sample's latest, 2026, has none).
    page.goto(f"{served.url}/huyen?year=2024&district={AN_BIEN}")
    browser_support.wait_until_ready(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert [name for name in RAW_PAGE_NAMES if name in b"".join(frames)] == []

    browser_support.sign_in(page, "an_bien", PASSWORD)
    assert page.url == f"{served.url}/huyen?year=2024&district={AN_BIEN}"  # back on the page the link named
    heading = page.get_by_role("heading", name=re.compile("Các huyện, thành phố năm"))
    expect(heading).to_be_visible()
    page.reload()
    browser_support.wait_until_ready(page)
    expect(heading).to_be_visible()
    expect(page.get_by_text("Đang đăng nhập: Cán bộ An Biên")).to_be_visible()

    second = page.context.new_page()
    second.goto(f"{served.url}/lich-su")
    browser_support.wait_until_ready(second)
    expect(second.get_by_role("heading", name="Lịch sử dữ liệu")).to_be_visible()

    (cookie,) = [c for c in page.context.cookies() if c["name"] == access.SESSION_COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert access.SESSION_COOKIE not in page.evaluate("document.cookie")  # no script reads it
    for where, text in {
        "page": page.content(),
        "second tab": second.content(),
        "server log": served.log.read_text(),
    }.items():
        assert cookie["value"] not in text, where

    stranger = browser.new_page()  # another browser: not signed in
    stranger.goto(f"{served.url}/lich-su")
    browser_support.wait_until_ready(stranger)
    expect(stranger.get_by_label("Mật khẩu")).to_be_visible()
    stranger.close()


def test_an_uncaught_error_on_a_page_shows_an_id_the_server_logged_with_its_traceback(served, page: Page):
    page.goto(f"{served.url}/xa?commune={TAY_YEN[0]}")
    browser_support.wait_until_ready(page)
    browser_support.sign_in(page, "an_bien", PASSWORD)
    alert = page.get_by_test_id("stAlertContentError").filter(has_text="mã lỗi")
    expect(alert).to_be_visible()
    error_id = re.search(r"mã lỗi ([0-9a-f]{8})", alert.inner_text()).group(1)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.content() and "current_indicator_value" not in page.content()
    log = served.log.read_text()
    logged = log[log.index(f"Error {error_id}") :]
    assert "Traceback (most recent call last)" in logged and "current_indicator_value" in logged
