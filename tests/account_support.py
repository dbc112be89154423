"""Helpers for the tests of the pages that need an account: An Biên's criteria written the
district's way, a database holding them, a signed-in session, and AppTest shortcuts."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl import auth, load, warehouse
from etl.scope import Scope
from tests.fixtures import dashboard
from tests.workbooks import CommuneRow, CriteriaSheet, criteria_workbook, marks_met
from ui import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "mật khẩu đủ dài 2024"
# Two xã of Huyện An Biên (908).
TAY_YEN = ("30988", "Xã Tây Yên")
TAY_YEN_A = ("30991", "Xã Tây Yên A")
AN_BIEN = "908"


def an_bien(tay_yen: int, tay_yen_a: int, *extra: CommuneRow) -> bytes:
    """An Biên's criteria sheet written the district's way: title, merged two-row header, names."""
    rows = [CommuneRow(*TAY_YEN, marks_met(tay_yen, met="Đạt")), CommuneRow(*TAY_YEN_A, marks_met(tay_yen_a)), *extra]
    sheet = CriteriaSheet(
        rows,
        title="KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ NĂM 2024 – HUYỆN AN BIÊN",
        layout="merged",
        trailer=[[None, None, "Tổng cộng"], [], [None, None, "Người lập biểu"]],
    )
    return criteria_workbook(sheet)


def build_an_bien_warehouse(path: Path) -> Path:
    """A warehouse with An Biên's 2024 criteria (Tây Yên 15, Tây Yên A 17) and no accounts yet."""
    warehouse.init(path)
    assert load.load_bytes(path, "an_bien_2024.xlsx", an_bien(15, 17)).status == "loaded"
    return path


class Clock:
    """A clock the test moves by hand (``now``, in Unix seconds)."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def accounts_on_clock(monkeypatch) -> Clock:
    """The accounts store the pages and routes use, on a clock the test moves."""
    ticking = Clock()
    monkeypatch.setattr(access, "_store", lambda path: auth.Accounts(path, clock=ticking))
    return ticking


def session(db, username: str, role: str, scope: Scope | None = None) -> str:
    store = auth.Accounts(auth.store_path(db))
    store.add_user(username, username.title(), role, scope or Scope.province(), PASSWORD, "test")
    return store.sign_in(username, PASSWORD).token


def browser_sends(monkeypatch, cookies: dict[str, str]) -> None:
    """The pages read ``cookies`` as those the browser sent (AppTest has no browser connection, so
    ``st.context.cookies`` is empty there): a session cookie, a refusal's reason, the anti-forgery value."""
    monkeypatch.setattr(access, "cookie", cookies.get)


def app(monkeypatch, token: str | None = None) -> AppTest:
    """The dashboard's first run in a browser holding the session cookie ``token`` (or none)."""
    browser_sends(monkeypatch, {access.SESSION_COOKIE: token} if token else {})
    return dashboard().run()


def open_page(at: AppTest, path: str) -> AppTest:
    return at.switch_page(path).run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def add_district_analyst(at: AppTest, username: str, display_name: str, district: str) -> AppTest:
    """Fill in the users page's form for a new analyst of ``district`` (password PASSWORD), and submit it."""
    form = at.get("form")[0]
    inputs = {element.label: element for element in form.text_input}
    inputs["Tên đăng nhập"].input(username)
    inputs["Họ tên"].input(display_name)
    inputs["Mật khẩu"].input(PASSWORD)
    inputs["Nhập lại mật khẩu"].input(PASSWORD)
    form.radio[0].set_value("districts")
    form.multiselect[0].set_value([district])
    return next(b for b in form.button if b.label == "Tạo tài khoản").click().run()


def choose(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="files_0").upload(name, content, XLSX)
    return at.run()
