"""Signing in over HTTP, as a browser does it: the sign-in route sets an HttpOnly, SameSite=Strict
session cookie (Secure over HTTPS) whose token the store keeps only as a hash, and returns to the page
the link named; a post from another site is refused; a forged, expired or revoked cookie opens
nothing; signing out ends every session of the account. Also /healthz, and an uncaught error on a
page shown with an id that the log holds with its traceback. The routes run on a loopback port in
this process (tests/http_support.py); the pages through AppTest, sent the cookies a browser would."""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3

import pytest
import requests
from streamlit.testing.v1 import AppTest

from etl import auth
from etl.scope import Scope
from tests import http_support
from tests.account_support import AN_BIEN, PASSWORD, Clock, accounts_on_clock, app, browser_sends, metric
from tests.fixtures import dashboard
from ui import access

pytestmark = pytest.mark.database("an_bien")

SIGNED_IN_METRIC = "Bình quân tiêu chí/xã"


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return accounts_on_clock(monkeypatch)


@pytest.fixture
def db(db, clock, monkeypatch):
    """The test's own copy of An Biên's warehouse (conftest's ``db``) with viewing private and An Biên's
    analyst in its accounts store, on the test's clock."""
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    access.accounts().add_user("an_bien", "Cán bộ An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test")
    return db


@pytest.fixture
def url(db):
    with http_support.web_server() as base:
        yield base


def test_signing_in_sets_an_httponly_strict_cookie_kept_as_its_hash_and_returns_to_the_linked_page(
    db, url, monkeypatch
):
    client = http_support.browser(url)
    answer = http_support.sign_in(client, url, "an_bien", PASSWORD, back="/huyen?district=908")
    assert answer.status_code == 303 and answer.headers["location"] == "/huyen?district=908"
    set_cookie = next(
        value for value in answer.raw.headers.getlist("set-cookie") if value.startswith(access.SESSION_COOKIE)
    )
    assert re.search(r"(?i)HttpOnly", set_cookie) and re.search(r"(?i)SameSite=strict", set_cookie)
    assert f"Max-Age={auth.SESSION_MAX_SECONDS}" in set_cookie and "Path=/" in set_cookie
    assert "secure" not in set_cookie.lower()  # plain HTTP here: a Secure cookie would never come back
    token = answer.cookies[access.SESSION_COOKIE]
    with sqlite3.connect(auth.store_path(db)) as con:
        stored = con.execute("select token_hash from session").fetchall()
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)]
    assert token.encode() not in auth.store_path(db).read_bytes()
    at = app(monkeypatch, token)
    assert metric(at, SIGNED_IN_METRIC) == "16,0"
    assert "Đang đăng nhập: Cán bộ An Biên (Cán bộ nhập liệu)" in [c.value for c in at.sidebar.caption]


def test_over_https_through_the_proxy_the_cookies_are_secure(db, url):
    client = http_support.browser(url)
    answer = http_support.sign_in(client, url, "an_bien", PASSWORD, **{"X-Forwarded-Proto": "https"})
    assert all("secure" in value.lower() for value in answer.raw.headers.getlist("set-cookie"))
    page = requests.get(f"{url}/tong-quan", headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert "secure" in page.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    "forgery", ["another site's page", "a cross-site fetch", "no anti-forgery value", "another browser's value"]
)
def test_a_sign_in_posted_from_another_site_is_refused_and_signs_no_one_in(db, url, forgery):
    client = http_support.browser(url)
    headers = {
        "another site's page": {"Origin": "https://evil.example"},
        "a cross-site fetch": {"Sec-Fetch-Site": "cross-site"},
    }.get(forgery, {})
    if forgery == "no anti-forgery value":
        client.cookies.clear()
    value = http_support.browser(url).cookies[access.BROWSER_COOKIE] if forgery == "another browser's value" else None
    answer = http_support.sign_in(client, url, "an_bien", PASSWORD, forgery_value=value, **headers)
    assert answer.status_code == 403
    assert "không được gửi từ trang của bảng điều khiển" in answer.text
    assert access.SESSION_COOKIE not in answer.cookies
    assert access.accounts().sessions("an_bien") == []
    assert [e["event"] for e in access.accounts().audit_log()] == ["user_added"]  # never reached the password


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "huyen"]
)
def test_after_signing_in_the_browser_goes_only_to_a_page_of_this_site(db, url, elsewhere):
    answer = http_support.sign_in(http_support.browser(url), url, "an_bien", PASSWORD, back=elsewhere)
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_a_forged_an_expired_and_a_revoked_cookie_open_nothing(db, url, clock, monkeypatch):
    def signed_in(token: str | None) -> bool:
        at = app(monkeypatch, token)
        assert not at.exception
        return bool(at.metric)

    def fresh_token() -> str:
        return http_support.sign_in(http_support.browser(url), url, "an_bien", PASSWORD).cookies[access.SESSION_COOKIE]

    token = fresh_token()
    assert signed_in(token)
    assert not signed_in(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))  # forged
    assert not signed_in(auth.API_TOKEN_PREFIX + "x" * 40)
    clock.now += auth.SESSION_IDLE_SECONDS
    assert not signed_in(token)  # expired after an hour unused
    token = fresh_token()
    access.accounts().end_sessions("an_bien", "quan_tri")
    assert not signed_in(token)  # revoked by an admin
    token = fresh_token()
    access.accounts().set_active("an_bien", False, "quan_tri")
    assert not signed_in(token)  # the account disabled


def test_signing_out_ends_every_session_of_the_account_and_clears_the_cookie(db, url, monkeypatch):
    office, phone = http_support.browser(url), http_support.browser(url)
    tokens = [http_support.sign_in(b, url, "an_bien", PASSWORD).cookies[access.SESSION_COOKIE] for b in (office, phone)]
    forged = office.post(
        f"{url}{access.SIGN_OUT_PATH}",
        data={access.FORGERY_FIELD: "guess"},
        headers={"Origin": url},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and len(access.accounts().sessions("an_bien")) == 2
    form = {access.FORGERY_FIELD: office.cookies[access.BROWSER_COOKIE]}
    out = office.post(
        f"{url}{access.SIGN_OUT_PATH}", data=form, headers={"Origin": url}, allow_redirects=False, timeout=10
    )
    assert out.status_code == 303 and out.headers["location"] == "/"
    cleared = next(v for v in out.raw.headers.getlist("set-cookie") if v.startswith(access.SESSION_COOKIE))
    assert "Max-Age=0" in cleared
    assert access.accounts().sessions("an_bien") == []
    assert [access.accounts().session_user(token) for token in tokens] == [None, None]


def test_a_form_too_large_or_not_a_form_is_refused_before_it_is_read(db, url):
    client = http_support.browser(url)
    big = client.post(
        f"{url}{access.SIGN_IN_PATH}",
        data={"username": "x" * 10_000},
        headers={"Origin": url},
        allow_redirects=False,
        timeout=10,
    )
    assert big.status_code == 413
    garbled = client.post(
        f"{url}{access.SIGN_IN_PATH}", data=b"\xff\xfe" * 10, headers={"Origin": url}, allow_redirects=False, timeout=10
    )
    assert garbled.status_code == 403
    assert access.accounts().sessions("an_bien") == []


def test_a_refused_sign_in_says_why_on_the_form_it_returns_to(db, url, clock, monkeypatch):
    client = http_support.browser(url)
    for _ in range(auth.FREE_FAILURES + 1):  # the last comes too soon after the third failure
        refused = http_support.sign_in(client, url, "an_bien", "sai mật khẩu rồi")
    assert refused.headers["location"] == "/"
    browser_sends(
        monkeypatch,
        {
            access.OUTCOME_COOKIE: refused.cookies[access.OUTCOME_COOKIE],
            access.BROWSER_COOKIE: client.cookies[access.BROWSER_COOKIE],
        },
    )
    at = dashboard().run()
    assert [e.value for e in at.error] == [f"Đã nhập sai nhiều lần. Vui lòng đợi {auth.DELAYS[0]} giây rồi thử lại."]
    (form,) = [element.proto.body for element in at.get("html")]
    assert f'action="{access.SIGN_IN_PATH}?lang=vi"' in form and 'type="password"' in form
    assert f'name="{access.FORGERY_FIELD}" value="{client.cookies[access.BROWSER_COOKIE]}"' in form


def test_healthz_answers_the_data_version_while_the_database_is_readable_and_503_otherwise(
    db, url, tmp_path, monkeypatch
):
    healthy = requests.get(f"{url}/healthz", timeout=10)
    assert healthy.status_code == 200
    assert healthy.json()["status"] == "ok" and healthy.json()["batch"] == 1
    assert healthy.json()["data_version"]
    monkeypatch.setenv("NTM_DB", str(tmp_path / "missing.duckdb"))
    missing = requests.get(f"{url}/healthz", timeout=10)
    assert (missing.status_code, missing.json()["reason"]) == (503, "no_database")
    (tmp_path / "broken.duckdb").write_bytes(b"not a database" * 1000)
    monkeypatch.setenv("NTM_DB", str(tmp_path / "broken.duckdb"))
    broken = requests.get(f"{url}/healthz", timeout=10)
    assert (broken.status_code, broken.json()["reason"]) == (503, "unreadable_database")


def _failing_page():
    from ui import errors

    try:
        raise RuntimeError("a page failed: /srv/ntm/secret_path.py")
    except RuntimeError as error:
        errors.on_script_error(error)


def test_an_uncaught_page_error_shows_its_id_and_the_log_holds_the_traceback_under_it(caplog):
    caplog.set_level(logging.ERROR)
    at = AppTest.from_function(_failing_page).run()
    (shown,) = [element.value for element in at.error]
    error_id = re.search(r"\*\*([0-9a-f]{8})\*\*", shown).group(1)
    assert "mã lỗi" in shown and "secret_path" not in shown and "Traceback" not in shown
    (logged,) = [record for record in caplog.records if error_id in record.getMessage()]
    assert logged.exc_info and "a page failed" in caplog.text and "Traceback" in caplog.text
