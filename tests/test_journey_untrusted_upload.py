"""In a real browser and server: an analyst uploads the files that used to take the whole dashboard
down — the 2.5 KB workbook with one value at XFD1048576, and one that makes the reader's native code
abort under the server's memory limit for reading (400 MB here). Both are refused, the worker that
aborted is replaced, and the same server goes on answering and drawing pages."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import Page, expect

from etl import load, warehouse
from etl.scope import Scope
from ntm import auth
from tests import browser_support
from tests.account_support import AN_BIEN, PASSWORD, XLSX, an_bien
from tests.corpus import file_cases
from tests.test_journey_upload import average, nav, sign_in

pytestmark = pytest.mark.browser
CASES = {case.name: case for case in file_cases.CASES}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    browser_support.require_chromium()
    db = tmp_path_factory.mktemp("untrusted_upload") / "ntm.duckdb"
    warehouse.init(db)
    load.load_bytes(db, "an_bien_2024.xlsx", an_bien(15, 17))
    auth.Accounts(db.with_name("accounts.sqlite")).add_user(
        "an_bien", "Cán bộ An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test")
    environment = {"NTM_PUBLIC_VIEW": "0", "NTM_ACCOUNTS_DB": "", "NTM_PARSE_MEMORY_MB": "400"}
    with browser_support.dashboard_server(db, environment) as running:
        yield running


def test_files_that_crashed_the_reader_are_refused_and_the_server_keeps_serving(server, page: Page):
    sign_in(page, server.url, "an_bien")
    nav(page, "Tải dữ liệu lên")
    files = {"o_lac_xfd.xlsx": CASES["stray_cell_far_away"], "hai_goc.xlsx": CASES["two_far_corners"]}
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "buffer": case.build(), "mimeType": XLSX} for name, case in files.items()])
    for name in files:
        expect(page.get_by_text(f"✗ {name}: có 1 lỗi")).to_be_visible()
    browser_support.wait_until_ready(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("button", name="Tải bản đánh dấu lỗi (.xlsx)")).to_have_count(0)  # nothing was read
    assert "memory allocation of" in server.log.read_text()  # the worker's native code aborted …

    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as answer:  # … not the server
        assert answer.read().strip() == b"ok"
    nav(page, "Tổng quan")
    expect(average(page)).to_have_text("16,0")
    browser_support.keep_screenshot(page, "untrusted-upload-survived")
