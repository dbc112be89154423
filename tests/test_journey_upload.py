"""In a real browser, with viewing private: an analyst opens a shared link, signs in, lands on the
page the link named, uploads a corrected file, confirms, and sees the overview move; files that
used to take the server down are refused and it keeps serving."""

from __future__ import annotations

import io
import json
import re
import urllib.request

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from etl import auth
from etl.scope import Scope
from tests import browser_support
from tests.account_support import AN_BIEN, PASSWORD, XLSX, an_bien
from tests.corpus import file_cases

pytestmark = pytest.mark.browser
CORPUS = {case.name: case for case in file_cases.FILE_CASES}


@pytest.fixture(scope="module")
def private_server(warehouses, tmp_path_factory):
    browser_support.require_chromium()
    db = warehouses.copy("an_bien", tmp_path_factory.mktemp("upload_journey"))
    auth.Accounts(db.with_name("accounts.sqlite")).add_user(
        "an_bien", "Cán bộ An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test"
    )
    auth.Accounts(db.with_name("accounts.sqlite")).add_user(
        "xem", "Lãnh đạo xem số liệu", auth.VIEWER, Scope.province(), PASSWORD, "test"
    )
    # Reading a file may take 400 MB here (2 GB by default): enough for these files, and a limit a
    # small hostile file can reach.
    environment = {"NTM_PUBLIC_VIEW": "0", "NTM_ACCOUNTS_DB": "", "NTM_PARSE_MEMORY_MB": "400"}
    with browser_support.dashboard_server(db, environment) as server:
        yield server


def average(page: Page):
    return page.get_by_test_id("stMetric").filter(has_text="Bình quân tiêu chí/xã").get_by_test_id("stMetricValue")


def nav(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(name)).click()
    browser_support.wait_until_ready(page)


def test_analyst_signs_in_from_a_shared_link_uploads_and_sees_the_overview_move(private_server, page: Page):
    page.goto(private_server.url)
    browser_support.wait_until_ready(page)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.get_by_test_id("stMetric")).to_have_count(0)

    page.goto(f"{private_server.url}/lich-su")
    browser_support.wait_until_ready(page)
    browser_support.sign_in(page, "an_bien", PASSWORD)
    expect(page.get_by_role("heading", name="Lịch sử dữ liệu")).to_be_visible()

    nav(page, "Tổng quan")
    expect(average(page)).to_have_text("16,0")
    nav(page, "Tải dữ liệu lên")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "an_bien_sua.xlsx", "buffer": an_bien(19, 17), "mimeType": XLSX}]
    )
    expect(page.get_by_text("4 giá trị sẽ được thay (cũ → mới)")).to_be_visible()
    browser_support.wait_until_ready(page)
    page.get_by_role("button", name="Xác nhận tải lên").click()
    expect(page.get_by_text("Đã tải an_bien_sua.xlsx: lần tải #2")).to_be_visible()
    browser_support.expect_no_error_on_page(page)
    browser_support.keep_screenshot(page, "upload-confirmed")

    nav(page, "Tổng quan")
    expect(average(page)).to_have_text("18,0")


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    browser_support.wait_until_ready(page)
    browser_support.sign_in(page, username, PASSWORD)


def test_broken_workbook_is_reported_by_place_marked_for_excel_and_changes_nothing(private_server, page: Page):
    sign_in(page, private_server.url, "an_bien")
    nav(page, "Tổng quan")
    before = average(page).inner_text()
    nav(page, "Tải dữ liệu lên")
    broken = an_bien_marks_with_a_typo()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "an_bien_loi.xlsx", "buffer": broken, "mimeType": XLSX}]
    )
    expect(page.get_by_text(re.compile(r"an_bien_loi\.xlsx: có 1 lỗi"))).to_be_visible()
    browser_support.wait_until_ready(page)
    expect(page.get_by_role("button", name="Xác nhận tải lên")).to_be_disabled()
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải bản đánh dấu lỗi (.xlsx)").click()
    marked = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    summary = marked.worksheets[0]
    assert [c.value for c in summary[2]][1:4] == ["Tiêu chí", 5, "F"]
    assert marked["Tiêu chí"]["F5"].comment is not None
    nav(page, "Tổng quan")
    expect(average(page)).to_have_text(before)


def test_files_that_crashed_the_reader_are_refused_and_the_server_keeps_serving(private_server, page: Page):
    """The 2.5 KB workbook with one value at XFD1048576, refused before it is read, and one that makes
    the reader's native code abort under the 400 MB limit, in its worker: the same server goes on."""
    sign_in(page, private_server.url, "an_bien")
    nav(page, "Tổng quan")
    before = average(page).inner_text()
    nav(page, "Tải dữ liệu lên")
    files = {"o_lac_xfd.xlsx": "stray_cell_far_away", "hai_goc.xlsx": "two_far_corners"}
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "buffer": CORPUS[case].build(), "mimeType": XLSX} for name, case in files.items()]
    )
    for name in files:
        expect(page.get_by_text(f"✗ {name}: có 1 lỗi")).to_be_visible()
    browser_support.wait_until_ready(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("button", name="Tải bản đánh dấu lỗi (.xlsx)")).to_have_count(0)  # nothing was read
    assert "memory allocation of" in private_server.log.read_text()  # the worker's native code aborted …
    with urllib.request.urlopen(f"{private_server.url}/healthz", timeout=10) as answer:  # … not the server
        assert json.load(answer)["status"] == "ok"
    nav(page, "Tổng quan")
    expect(average(page)).to_have_text(before)


def test_viewer_cannot_reach_the_upload_page(private_server, page: Page):
    sign_in(page, private_server.url, "xem")
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile("Tải dữ liệu lên"))).to_have_count(0)
    page.goto(f"{private_server.url}/tai-du-lieu")  # a new page load: still signed in (the cookie)
    browser_support.wait_until_ready(page)
    expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    browser_support.keep_screenshot(page, "viewer-upload-refused")


def an_bien_marks_with_a_typo() -> bytes:
    """An Biên's sheet with one mark nobody can read: Tây Yên, criterion 3 (column F of row 5)."""
    content = an_bien(19, 17)
    book = openpyxl.load_workbook(io.BytesIO(content))
    book["Tiêu chí"]["F5"] = "có lẽ"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
