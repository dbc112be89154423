"""The admin's page of accounts, through AppTest: adding an analyst for a district, disabling an
account, switching public viewing, ending an account's sessions — each one recorded in the audit log."""

from __future__ import annotations

import pytest

from etl import auth
from etl.scope import Scope
from tests.account_support import (
    AN_BIEN,
    PASSWORD,
    add_district_analyst,
    app,
    button,
    open_page,
    session,
)

pytestmark = pytest.mark.database("an_bien")


def test_admin_adds_a_district_analyst_disables_an_account_and_opens_public_viewing(db, monkeypatch):
    monkeypatch.delenv("NTM_PUBLIC_VIEW")
    at = open_page(app(monkeypatch, session(db, "quan_tri", auth.ADMIN)), "pages/users.py")
    assert not at.exception
    at = add_district_analyst(at, "an_bien", "Cán bộ An Biên", AN_BIEN)
    assert not at.exception
    assert at.success[0].value == "Đã tạo tài khoản an_bien."
    store = auth.Accounts(auth.store_path(db))
    created = store.user("an_bien")
    assert (created.role, created.scope) == (auth.ANALYST, Scope.districts([AN_BIEN]))

    at.selectbox[-1].set_value("an_bien").run()
    at = button(at, "Khóa tài khoản").click().run()
    assert not store.user("an_bien").active
    at.toggle(key="public_view").set_value(True).run()
    assert store.public_view() is True
    assert [e["event"] for e in store.audit_log()][:3] == ["public_view_on", "user_disabled", "user_added"]


def test_admin_sees_the_browsers_signed_in_to_an_account_and_ends_one_then_all(db, monkeypatch):
    store = auth.Accounts(auth.store_path(db))
    admin = session(db, "quan_tri", auth.ADMIN)
    store.add_user("an_bien", "Cán bộ An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test")
    office, phone = (store.sign_in("an_bien", PASSWORD, client=where).token for where in ("10.0.0.5", "10.0.0.9"))
    at = open_page(app(monkeypatch, admin), "pages/users.py")
    account = next(box for box in at.selectbox if box.label == "Tên đăng nhập")
    assert account.value == "an_bien"  # the first account, chosen to change
    assert at.markdown[-1].value == "**Phiên đăng nhập của an_bien**"
    listed = at.dataframe[-1].value
    assert sorted(listed["Đăng nhập từ"]) == ["10.0.0.5", "10.0.0.9"]
    assert not {office, phone} & set(listed.to_numpy().ravel())  # an id, never the cookie's token
    one = listed.loc[listed["Đăng nhập từ"] == "10.0.0.9", "Phiên"].item()
    at.selectbox(key="end_an_bien").set_value(one).run()
    at = button(at, "Kết thúc phiên đăng nhập").click().run()
    assert at.success[0].value == "Đã kết thúc phiên đăng nhập của an_bien: phải đăng nhập lại."
    assert store.session_user(phone) is None and store.session_user(office) is not None
    at.selectbox(key="end_an_bien").set_value("").run()  # every session
    button(at, "Kết thúc phiên đăng nhập").click().run()
    assert store.session_user(office) is None and store.session_user(admin) is not None
    assert [e["detail"]["session"] for e in store.audit_log() if e["event"] == "sessions_ended"] == ["all", one]
