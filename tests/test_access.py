"""Who may write and who may look: every page that writes, run by its address, refuses whoever lacks
the role; with public viewing off nothing but the sign-in form is reachable; a password, its hash or
a session token (the cookie) never shows in what the system prints, logs, stores with the data,
exports or renders; a lock-out after repeated failures holds for the address they came from, then runs
out (time injected, never slept). Signing in goes through the real route (``web.sessions``), served
on a loopback port (tests/http_support.py)."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from streamlit.testing.v1 import AppTest

from etl import auth, cli, history, load
from etl.scope import Scope
from ntm.i18n import t
from presentation import exports
from tests import http_support
from tests.account_support import AN_BIEN, PASSWORD, Clock, accounts_on_clock, an_bien, app, browser_sends
from tests.fixtures import PAGE_TIMEOUT, dashboard
from ui import access, navigation

pytestmark = pytest.mark.database("an_bien")

WRITE_PAGES = [
    spec for spec in navigation.PAGES if navigation.PUBLIC not in spec.roles and spec.roles != navigation.SIGNED_OUT
]
SIGNED_OUT_ROLES = ("stranger", "disabled", "expired")


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return accounts_on_clock(monkeypatch)


def _visitor(db, kind: str, clock: Clock) -> str | None:
    """A session token of ``kind``: an account's role, or a visitor who is not (or no longer) signed in."""
    if kind == "stranger":
        return None
    store = auth.Accounts(auth.store_path(db), clock=clock)
    role = auth.ANALYST if kind in ("disabled", "expired") else kind
    store.add_user(kind, kind.title(), role, Scope.districts([AN_BIEN]), PASSWORD, "test")
    token = store.sign_in(kind, PASSWORD).token
    if kind == "disabled":
        store.set_active(kind, False, "test")
    if kind == "expired":
        clock.now += auth.SESSION_IDLE_SECONDS + 1
    return token


@pytest.mark.parametrize(
    "spec, kind",
    [
        (spec, kind)
        for spec in WRITE_PAGES
        for kind in (*SIGNED_OUT_ROLES, *(r for r in auth.ROLES if r not in spec.roles))
    ],
    ids=lambda value: getattr(value, "url_path", value),
)
def test_every_page_that_writes_run_by_its_address_refuses_whoever_lacks_the_role(db, clock, spec, kind, monkeypatch):
    token = _visitor(db, kind, clock)
    accounts_before = [(u.username, u.role, u.active) for u in access.accounts().users()]
    browser_sends(monkeypatch, {access.SESSION_COOKIE: token} if token else {})
    at = AppTest.from_file(f"../{spec.path}", default_timeout=PAGE_TIMEOUT).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("accounts.not_allowed", "vi")]
    assert not at.file_uploader and not at.button and not at.dataframe and not at.text_input
    assert len(history.batches(db)) == 1
    assert [(u.username, u.role, u.active) for u in access.accounts().users()] == accounts_before


def test_every_write_page_is_covered_by_the_refusal_test():
    assert {spec.path for spec in WRITE_PAGES} >= {"pages/upload.py", "pages/history.py", "pages/users.py"}


@pytest.mark.parametrize("role", [auth.VIEWER, auth.ANALYST])
def test_the_command_line_refuses_a_rollback_of_someone_elses_batch_by_a_viewer_or_an_analyst(db, role, capsys):
    store = auth.Accounts(auth.store_path(db))
    store.add_user("nguoi_dung", "Người dùng", role, Scope.districts([AN_BIEN]), PASSWORD, "test")
    batch = load.load_bytes(db, "an_bien.xlsx", an_bien(16, 18), user="someone_else").batch_id
    before = history.batches(db).values.tolist()
    assert cli.main(["rollback", str(batch), "--db", str(db), "--user", "nguoi_dung"]) == cli.EXIT_REJECTED
    assert capsys.readouterr().err.strip()
    assert history.batches(db).values.tolist() == before


def test_the_command_line_load_of_a_disabled_account_writes_nothing(db, tmp_path, capsys):
    store = auth.Accounts(auth.store_path(db))
    store.add_user("da_nghi", "Đã nghỉ", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test")
    store.set_active("da_nghi", False, "test")
    workbook = tmp_path / "an_bien.xlsx"
    workbook.write_bytes(an_bien(16, 18))
    assert cli.main(["load", str(workbook), "--db", str(db), "--user", "da_nghi"]) == cli.EXIT_REJECTED
    assert len(history.batches(db)) == 1


def test_with_public_viewing_off_no_page_download_or_export_is_reachable_without_signing_in(db, monkeypatch):
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    at = app(monkeypatch)
    assert not at.exception
    (form,) = [element.proto.body for element in at.get("html")]
    assert f'action="{access.SIGN_IN_PATH}?lang=vi"' in form and 'type="password"' in form
    assert not at.metric and not at.dataframe and not at.get("download_button") and not at.get("plotly_chart")
    for spec in navigation.PAGES:
        if spec.roles == navigation.SIGNED_OUT:
            continue
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.path)


def _rendered(at: AppTest) -> str:
    """Everything the page sends to the browser (the protobuf of every element), as text."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def test_passwords_hashes_and_session_cookies_never_leave_the_accounts_store(db, tmp_path, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    printed = []
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "quan_tri", "--role", "admin", "--password-stdin", "--db", str(db)]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        cli.main(
            ["users", "add", "an_bien", "--role", "analyst", "--district", AN_BIEN, "--password-stdin", "--db", str(db)]
        )
        == 0
    )
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    with http_support.web_server() as url:
        client = http_support.browser(url)
        http_support.sign_in(client, url, "an_bien", "sai mật khẩu rồi")
        signed_in = http_support.sign_in(client, url, "an_bien", PASSWORD).cookies[access.SESSION_COOKIE]
        admin = http_support.sign_in(http_support.browser(url), url, "quan_tri", PASSWORD)
        admin = admin.cookies[access.SESSION_COOKIE]
    workbook = tmp_path / "an_bien.xlsx"
    workbook.write_bytes(an_bien(16, 18))
    assert cli.main(["load", str(workbook), "--db", str(db), "--user", "an_bien"]) == 0
    assert cli.main(["history", "--db", str(db), "--json"]) == 0
    assert cli.main(["users", "list", "--json", "--db", str(db)]) == 0
    assert cli.main(["users", "sessions", "an_bien", "--json", "--db", str(db)]) == 0
    printed.append(capsys.readouterr())

    pages = []
    for token, path in ((admin, "pages/users.py"), (admin, "pages/history.py"), (signed_in, "pages/upload.py")):
        at = app(monkeypatch, token).switch_page(path).run()
        assert not at.exception
        pages.append(_rendered(at))
    pages.append(_rendered(app(monkeypatch)))

    store = auth.Accounts(auth.store_path(db))
    with store._connect() as con:
        hashes = [row[0] for row in con.execute("select password_hash from account")]
        token_hashes = [row[0] for row in con.execute("select token_hash from session")]
    secrets = [PASSWORD, signed_in, admin, *hashes, *token_hashes]
    batches = history.batches(db)
    outputs = {
        "printed": "\n".join(f"{p.out}\n{p.err}" for p in printed),
        "logs": caplog.text,
        "audit": repr(store.audit_log()),
        "export_csv": exports.csv_bytes(batches).decode("utf-8-sig"),
        "export_xlsx": exports.xlsx_bytes(batches).decode("latin-1"),
        "data_file": db.read_bytes().decode("latin-1"),
        "pages": "\n".join(pages),
    }
    assert len(secrets) >= 5 and all(len(s) >= 10 for s in secrets)
    leaks = [(where, secret[:6]) for where, text in outputs.items() for secret in secrets if secret in text]
    assert leaks == []
    stored = auth.store_path(db).read_bytes().decode("latin-1")
    assert PASSWORD not in stored and signed_in not in stored and admin not in stored


def test_the_sign_in_form_locks_an_account_after_repeated_failures_and_the_lock_runs_out(db, clock, monkeypatch):
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    auth.Accounts(auth.store_path(db), clock=clock).add_user(
        "an_bien", "An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test"
    )
    with http_support.web_server() as url:
        for _ in range(auth.LOCK_AFTER_FAILURES):
            clock.now += max(auth.DELAYS) + 1  # waits out the slow-down between attempts
            _sign_in_form(url, "sai mật khẩu rồi", monkeypatch)
        clock.now += max(auth.DELAYS) + 1
        locked = _sign_in_form(url, PASSWORD, monkeypatch)
        assert "khóa" in locked.error[0].value and not locked.metric

        clock.now += auth.LOCK_SECONDS + 1
        opened = _sign_in_form(url, PASSWORD, monkeypatch)
    assert not opened.error and opened.metric


def test_the_sign_in_form_counts_failures_by_the_visitors_address(db, clock, monkeypatch):
    """Behind the proxy (NTM_TRUSTED_PROXIES) the address is the one it forwarded for."""
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    monkeypatch.setenv(auth.TRUSTED_PROXIES_VARIABLE, "127.0.0.1")
    store = auth.Accounts(auth.store_path(db), clock=clock)
    store.add_user("an_bien", "An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test")
    stranger, owner = "203.0.113.9", "198.51.100.7"
    for _ in range(auth.LOCK_AFTER_FAILURES):
        clock.now += max(auth.DELAYS) + 1
        store.sign_in("an_bien", "đoán bừa", client=stranger)
    with http_support.web_server() as url:
        assert "khóa" in _sign_in_form(url, PASSWORD, monkeypatch, stranger).error[0].value
        opened = _sign_in_form(url, PASSWORD, monkeypatch, owner)
    assert not opened.error and opened.metric


def _sign_in_form(url: str, password: str, monkeypatch, address: str | None = None) -> AppTest:
    """An Biên's password posted by the sign-in form (from ``address``, through the proxy), then the
    page the route sends the browser back to, with the cookies it set."""
    client = http_support.browser(url)
    answer = http_support.sign_in(client, url, "an_bien", password, **({"X-Forwarded-For": address} if address else {}))
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    # Back on the page: the browser now sends the session cookie, or the refusal's reason.
    sent = {name: value for name, value in answer.cookies.items() if name != access.BROWSER_COOKIE}
    browser_sends(monkeypatch, sent)
    return dashboard().run()
