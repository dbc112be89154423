"""Accounts and signing in: hashed passwords and tokens, slowing down and locking after failures,
sessions that expire, and the audit log — with a clock the tests move by hand."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from etl import auth
from etl.scope import Scope

PASSWORD = "một mật khẩu dài"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    accounts = auth.Accounts(tmp_path / "accounts.sqlite", clock=clock)
    accounts.add_user("an_bien", "Cán bộ An Biên", auth.ANALYST, Scope.districts(["908"]), PASSWORD, "test")
    return accounts


def raw(store: auth.Accounts, sql: str) -> list[tuple]:
    with sqlite3.connect(store.path) as con:
        return con.execute(sql).fetchall()


def test_no_account_exists_until_one_is_created(tmp_path):
    assert not auth.Accounts(tmp_path / "fresh.sqlite").has_users()


def test_password_is_kept_only_as_an_argon2id_hash(store):
    (stored,) = raw(store, "select password_hash from account")[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD.encode() not in store.path.read_bytes()
    assert auth.check_password(stored, PASSWORD)
    assert not auth.check_password(stored, PASSWORD + "x")


def test_sign_in_opens_a_session_whose_token_is_stored_only_as_its_hash(store):
    result = store.sign_in("AN_BIEN ", PASSWORD)
    assert result.outcome == "ok"
    assert result.user.scope == Scope.districts(["908"])
    assert raw(store, "select token_hash from session") == [(hashlib.sha256(result.token.encode()).hexdigest(),)]
    assert result.token.encode() not in store.path.read_bytes()
    assert store.session_user(result.token).username == "an_bien"


def test_wrong_password_and_unknown_name_get_the_same_answer(store):
    assert store.sign_in("an_bien", "sai mật khẩu").outcome == "invalid"
    assert store.sign_in("khong_co", PASSWORD).outcome == "invalid"


def test_repeated_failures_slow_down_then_lock_and_the_lock_runs_out(store, clock):
    for _ in range(auth.FREE_FAILURES):
        assert store.sign_in("an_bien", "sai").outcome == "invalid"
    refused = store.sign_in("an_bien", PASSWORD)  # even the right password must wait now
    assert (refused.outcome, refused.wait_seconds) == ("wait", auth.DELAYS[0])
    clock.advance(auth.DELAYS[0])
    for failure in range(auth.FREE_FAILURES + 1, auth.LOCK_AFTER_FAILURES + 1):
        outcome = store.sign_in("an_bien", "sai").outcome
        assert outcome == ("locked" if failure == auth.LOCK_AFTER_FAILURES else "invalid")
        clock.advance(auth.DELAYS[-1])
    assert store.sign_in("an_bien", PASSWORD).outcome == "locked"
    clock.advance(auth.LOCK_SECONDS)
    assert store.sign_in("an_bien", PASSWORD).outcome == "ok"
    assert store.user("an_bien").failed_attempts == 0


def test_a_new_password_lifts_a_lock_out(store):
    for _ in range(auth.LOCK_AFTER_FAILURES):
        store.sign_in("an_bien", "sai")
        store.clock.advance(auth.DELAYS[-1])
    assert store.sign_in("an_bien", PASSWORD).outcome == "locked"
    store.reset_password("an_bien", "mật khẩu mới đủ dài", "admin")
    assert store.sign_in("an_bien", "mật khẩu mới đủ dài").outcome == "ok"


def test_sessions_end_when_idle_and_at_most_after_the_maximum(store, clock):
    idle = store.sign_in("an_bien", PASSWORD).token
    clock.advance(auth.SESSION_IDLE_SECONDS)
    assert store.session_user(idle) is None

    busy = store.sign_in("an_bien", PASSWORD).token
    started, step = clock.now, auth.SESSION_IDLE_SECONDS // 2
    while clock.now + step < started + auth.SESSION_MAX_SECONDS:
        clock.advance(step)
        assert store.session_user(busy) is not None  # kept alive by use
    clock.advance(step)
    assert store.session_user(busy) is None


def test_signing_out_disabling_and_resetting_end_sessions(store):
    token = store.sign_in("an_bien", PASSWORD).token
    store.sign_out(token)
    assert store.session_user(token) is None
    token = store.sign_in("an_bien", PASSWORD).token
    store.set_active("an_bien", False, "admin")
    assert store.session_user(token) is None
    assert store.sign_in("an_bien", PASSWORD).outcome == "disabled"


def test_weak_passwords_and_bad_names_are_refused(store):
    with pytest.raises(auth.AccountError, match="password_too_short"):
        store.add_user("ha_tien", "Hà Tiên", auth.ANALYST, Scope.province(), "ngắn", "test")
    with pytest.raises(auth.AccountError, match="password_is_username"):
        store.add_user("ha_tien_2024", "Hà Tiên", auth.ANALYST, Scope.province(), "HA_TIEN_2024", "test")
    with pytest.raises(auth.AccountError, match="username_invalid"):
        store.add_user("Hà Tiên", "Hà Tiên", auth.ANALYST, Scope.province(), PASSWORD, "test")
    with pytest.raises(auth.AccountError, match="user_exists"):
        store.add_user("an_bien", "again", auth.ANALYST, Scope.province(), PASSWORD, "test")


def test_what_each_role_may_write(store):
    assert store.user("an_bien").write_scope == Scope.districts(["908"])
    store.set_role("an_bien", auth.VIEWER, Scope.districts(["908"]), "admin")
    assert store.user("an_bien").write_scope == Scope.nothing()
    store.set_role("an_bien", auth.ADMIN, Scope.districts(["908"]), "admin")
    assert store.user("an_bien").write_scope == Scope.province()
    store.set_active("an_bien", False, "admin")
    assert store.user("an_bien").write_scope == Scope.nothing()


def test_sign_ins_failures_and_account_changes_are_audited_without_secrets(store):
    token = store.sign_in("an_bien", PASSWORD).token
    store.sign_in("an_bien", "sai mật khẩu")
    store.sign_in("ai_do", "đoán thử")
    store.reset_password("an_bien", "mật khẩu mới đủ dài", "admin")
    log = store.audit_log()
    assert [(e["actor"], e["event"]) for e in reversed(log)] == [
        ("test", "user_added"), ("an_bien", "sign_in"), ("an_bien", "sign_in_failed"), ("ai_do", "sign_in_failed"),
        ("admin", "password_reset")]
    text = repr(log).encode() + store.path.read_bytes()
    for secret in (PASSWORD, "sai mật khẩu", "đoán thử", "mật khẩu mới đủ dài", token):
        assert secret.encode() not in text


@pytest.mark.parametrize(("env", "chosen", "only_sample", "public"), [
    (None, None, True, True),  # a fresh set-up on the bundled sample data
    (None, None, False, False),  # real figures: private unless someone says otherwise
    (None, True, False, True),
    (None, False, True, False),
    ("1", False, False, True),
    ("0", True, True, False),
])
def test_public_viewing_is_the_environment_then_the_admins_choice_then_sample_data_only(
        store, monkeypatch, env, chosen, only_sample, public):
    if env is None:
        monkeypatch.delenv("NTM_PUBLIC_VIEW", raising=False)
    else:
        monkeypatch.setenv("NTM_PUBLIC_VIEW", env)
    if chosen is not None:
        store.set_public_view(chosen, "admin")
    assert auth.public_viewing(store, lambda: only_sample) is public
