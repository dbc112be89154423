"""The upload flow as an analyst lives it, through Streamlit's AppTest (signing in through the real
route, tests/http_support.py): sign in, choose a corrected
file, read what will change, confirm, see the overview move, undo it on the history page; and what
a viewer, a guest or another district's analyst cannot do."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from etl import auth, history
from etl.scope import Scope
from tests import http_support
from tests.account_support import (
    AN_BIEN,
    PASSWORD,
    TAY_YEN,
    an_bien,
    app,
    browser_sends,
    button,
    choose,
    metric,
    open_page,
    session,
)
from tests.fixtures import PAGE_TIMEOUT, dashboard
from tests.workbooks import PHI_THONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met
from ui import access

pytestmark = pytest.mark.database("an_bien")


def test_analyst_previews_confirms_sees_the_overview_move_and_undoes_it(db, monkeypatch):
    at = app(monkeypatch, session(db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN])))
    assert metric(at, "Bình quân tiêu chí/xã") == "16,0"

    at = choose(open_page(at, "pages/upload.py"), "an_bien_sua.xlsx", an_bien(19, 17))
    assert not at.exception
    assert at.success[0].value.startswith("✓ an_bien_sua.xlsx")
    by_district, changed = (frame.value for frame in at.dataframe)
    assert by_district.to_dict("records") == [
        {"Huyện, thành phố": "Huyện An Biên", "Năm": 2024, "Mới": 0, "Thay đổi": 1, "Không đổi": 1}
    ]
    assert list(changed["Đơn vị"]) == ["Xã Tây Yên"] * 4
    assert list(changed["Mục"]) == ["Tiêu chí 16", "Tiêu chí 17", "Tiêu chí 18", "Tiêu chí 19"]
    assert set(zip(changed["Giá trị đang dùng"], changed["Giá trị mới"], strict=True)) == {("Chưa đạt", "Đạt")}
    assert len(history.batches(db)) == 1  # the check wrote nothing

    at = button(at, "Xác nhận tải lên").click().run()
    assert not at.exception
    assert "lần tải #2" in at.success[0].value
    at = open_page(at, "pages/overview.py")
    assert metric(at, "Bình quân tiêu chí/xã") == "18,0"

    at = open_page(at, "pages/history.py")
    at.checkbox(key="sure_2").check().run()
    at = button(at, "Hoàn tác lần tải #2").click().run()
    assert not at.exception
    assert "Đã hoàn tác lần tải #2" in at.success[0].value
    assert metric(open_page(at, "pages/overview.py"), "Bình quân tiêu chí/xã") == "16,0"
    assert [e["event"] for e in auth.Accounts(auth.store_path(db)).audit_log()][:3] == ["rollback", "upload", "sign_in"]


def test_invalid_file_shows_the_report_and_a_marked_copy_and_writes_nothing(db, monkeypatch):
    token = session(db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))
    at = open_page(app(monkeypatch, token), "pages/upload.py")
    marks = marks_met(19)
    marks[4] = "có lẽ"
    at = choose(at, "loi.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*TAY_YEN, marks, total=19)])))
    assert not at.exception
    assert at.error[0].value.startswith("✗ loi.xlsx")
    report = at.dataframe[0].value
    assert report.iloc[0][["Loại", "Trang", "Dòng", "Cột"]].tolist() == ["Lỗi", "Tiêu chí", 4, "H"]
    assert "“có lẽ”" in report.iloc[0]["Cần sửa"]
    assert button(at, "Xác nhận tải lên").disabled
    assert [b.label for b in at.main.get("download_button")][-1] == "Tải bản đánh dấu lỗi (.xlsx)"
    assert len(history.batches(db)) == 1


def test_district_analyst_file_with_another_districts_rows_is_rejected_naming_them(db, monkeypatch):
    token = session(db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))
    at = open_page(app(monkeypatch, token), "pages/upload.py")
    at = choose(at, "lan_sang.xlsx", an_bien(19, 17, CommuneRow(*PHI_THONG[:2], marks_met(19))))
    assert at.error[0].value.startswith("✗ lan_sang.xlsx")
    report = at.dataframe[0].value
    assert report[["Trang", "Dòng"]].values.tolist() == [["Tiêu chí", 7]]
    assert "Thành phố Rạch Giá" in report.iloc[0]["Cần sửa"]
    assert button(at, "Xác nhận tải lên").disabled
    assert len(history.batches(db)) == 1


def test_viewer_has_no_page_that_writes_in_the_navigation(db, monkeypatch):
    """Unlisted for a viewer (tests/test_view_context.py), and opened by its address it says, in the
    reader's language, that it is not for this account: nothing to upload, undo or change."""
    at = app(monkeypatch, session(db, "lanh_dao", auth.VIEWER))
    assert metric(at, "Bình quân tiêu chí/xã") == "16,0"
    for path in ("pages/upload.py", "pages/history.py", "pages/users.py"):
        at.switch_page(path).run()
        assert "không được dùng trang này" in at.error[0].value
        assert not at.file_uploader and not at.main.button and not at.main.dataframe


@pytest.mark.parametrize("path", ["../pages/upload.py", "../pages/history.py", "../pages/users.py"])
def test_a_page_that_writes_run_by_its_address_stops_a_viewer_and_a_stranger(db, path, monkeypatch):
    token = session(db, "lanh_dao", auth.VIEWER)
    for visitor in (token, None):
        browser_sends(monkeypatch, {access.SESSION_COOKIE: visitor} if visitor else {})
        at = AppTest.from_file(path, default_timeout=PAGE_TIMEOUT).run()
        assert "không được dùng trang này" in at.error[0].value
        assert not at.file_uploader and not at.button and not at.dataframe
    assert len(history.batches(db)) == 1


def test_private_viewing_shows_only_the_sign_in_form_until_signed_in(db, monkeypatch):
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    auth.Accounts(auth.store_path(db)).add_user(
        "an_bien", "An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test"
    )
    assert not app(monkeypatch).metric
    with http_support.web_server() as url:
        client = http_support.browser(url)
        refused = http_support.sign_in(client, url, "an_bien", "sai mật khẩu rồi")
        browser_sends(monkeypatch, {access.OUTCOME_COOKIE: refused.cookies[access.OUTCOME_COOKIE]})
        at = dashboard().run()
        assert at.error[0].value == "Tên đăng nhập hoặc mật khẩu không đúng."
        assert not at.metric

        signed_in = http_support.sign_in(client, url, "an_bien", PASSWORD)
    at = app(monkeypatch, signed_in.cookies[access.SESSION_COOKIE])
    assert not at.exception
    assert metric(at, "Bình quân tiêu chí/xã") == "16,0"
    assert "Đang đăng nhập: An Biên (Cán bộ nhập liệu)" in [c.value for c in at.sidebar.caption]
