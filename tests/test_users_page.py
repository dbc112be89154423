"""The admin's page of accounts, through AppTest: adding an analyst for a district, disabling an
account, switching public viewing — each one recorded in the audit log."""

from __future__ import annotations

import pytest

from etl import auth
from etl.scope import Scope
from tests.account_support import AN_BIEN, add_district_analyst, an_bien_database, app, button, open_page, session


@pytest.fixture
def db(tmp_path, monkeypatch):
    return an_bien_database(tmp_path, monkeypatch)


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
