"""Accounts and signing in: hashed passwords and tokens, slowing down and locking after failures,
sessions that expire, and the audit log — with a clock the tests move by hand."""

from __future__ import annotations

import hashlib
import sqlite3

import argon2
import pytest

from etl import auth
from etl.scope import Scope

PASSWORD = "một mật khẩu dài"
OWNER, STRANGER = "198.51.100.7", "203.0.113.9"  # client addresses (documentation ranges)


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


@pytest.fixture
def quick_hashing(monkeypatch):
    """Argon2 at its cheapest, for tests that make dozens of attempts (each costs half a second here).
    Ask for it before ``store``, so that the account's hash is made with it too."""
    monkeypatch.setattr(auth, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    auth._dummy_hash.cache_clear()
    yield
    auth._dummy_hash.cache_clear()


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


def test_signing_out_disabling_and_resetting_end_every_session_of_the_account(store):
    store.add_user("chau_thanh", "Châu Thành", auth.ANALYST, Scope.districts(["905"]), PASSWORD, "test")
    other = store.sign_in("chau_thanh", PASSWORD).token
    office, phone = (store.sign_in("an_bien", PASSWORD, client=where).token for where in (OWNER, STRANGER))
    store.sign_out(office)
    assert store.session_user(office) is None and store.session_user(phone) is None
    office, phone = (store.sign_in("an_bien", PASSWORD).token for _ in range(2))
    store.reset_password("an_bien", "mật khẩu mới đủ dài", "admin")
    assert store.session_user(office) is None and store.session_user(phone) is None
    office, phone = (store.sign_in("an_bien", "mật khẩu mới đủ dài").token for _ in range(2))
    store.set_active("an_bien", False, "admin")
    assert store.session_user(office) is None and store.session_user(phone) is None
    assert store.sign_in("an_bien", "mật khẩu mới đủ dài").outcome == "disabled"
    assert store.session_user(other).username == "chau_thanh"  # another account's sessions stay


def test_an_admin_lists_an_accounts_sessions_by_id_and_ends_one_or_all(store, clock):
    office = store.sign_in("an_bien", PASSWORD, client=OWNER).token
    clock.advance(60)
    phone = store.sign_in("an_bien", PASSWORD, client=STRANGER).token
    listed = store.sessions("an_bien")
    assert [(s.client, s.created_at) for s in listed] == [(STRANGER, clock.now), (OWNER, clock.now - 60)]
    assert all(len(s.session_id) == auth.SESSION_ID_CHARACTERS and s.session_id not in (office, phone) for s in listed)
    assert store.end_sessions("an_bien", "quan_tri", listed[0].session_id) == 1
    assert store.session_user(phone) is None and store.session_user(office).username == "an_bien"
    with pytest.raises(auth.AccountError, match="session_unknown"):
        store.end_sessions("an_bien", "quan_tri", listed[0].session_id)
    store.sign_in("an_bien", PASSWORD)
    assert store.end_sessions("an_bien", "quan_tri") == 2
    assert store.sessions("an_bien") == [] and store.session_user(office) is None
    assert [(e["actor"], e["detail"]["sessions"]) for e in store.audit_log() if e["event"] == "sessions_ended"] == [
        ("quan_tri", 2),
        ("quan_tri", 1),
    ]


def test_a_store_made_before_sessions_lived_in_cookies_gains_the_client_column(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:
        con.execute(
            "create table session (token_hash text primary key, username text not null,"
            " created_at real not null, last_seen_at real not null, expires_at real not null)"
        )
    store = auth.Accounts(path)
    store.add_user("an_bien", "An Biên", auth.ANALYST, Scope.province(), PASSWORD, "test")
    token = store.sign_in("an_bien", PASSWORD, client=OWNER).token
    assert store.session_user(token).username == "an_bien"
    assert [s.client for s in store.sessions("an_bien")] == [OWNER]


def test_an_api_token_is_shown_once_kept_as_its_hash_and_stops_at_expiry_or_revocation(store, clock):
    token = store.add_token("bo_nong_nghiep", Scope.province(), clock.now + 86400, "quan_tri")
    assert token.startswith(auth.API_TOKEN_PREFIX) and len(token) > 40
    assert raw(store, "select token_hash from api_token") == [(hashlib.sha256(token.encode()).hexdigest(),)]
    assert token.encode() not in store.path.read_bytes()
    assert store.api_token(token).name == "bo_nong_nghiep"
    assert store.api_token(token + "x") is None and store.api_token("") is None
    clock.advance(86400)
    assert store.api_token(token) is None  # expired
    district = store.add_token("an_bien_api", Scope.districts(["908"]), None, "quan_tri")
    assert store.api_token(district).scope == Scope.districts(["908"])
    assert [(k.name, k.last_used_at) for k in store.tokens()] == [
        ("an_bien_api", clock.now),
        ("bo_nong_nghiep", clock.now - 86400),
    ]
    store.revoke_token("an_bien_api", "quan_tri")
    assert store.api_token(district) is None
    with pytest.raises(auth.AccountError, match="token_unknown"):
        store.revoke_token("an_bien_api", "quan_tri")
    with pytest.raises(auth.AccountError, match="token_exists"):
        store.add_token("bo_nong_nghiep", Scope.province(), None, "quan_tri")
    with pytest.raises(auth.AccountError, match="token_expiry_past"):
        store.add_token("da_qua", Scope.province(), clock.now - 1, "quan_tri")
    assert [e["event"] for e in store.audit_log()[:3]] == ["token_revoked", "token_added", "token_added"]
    assert token.encode() not in repr(store.audit_log()).encode()


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
        ("test", "user_added"),
        ("an_bien", "sign_in"),
        ("an_bien", "sign_in_failed"),
        ("ai_do", "sign_in_failed"),
        ("admin", "password_reset"),
    ]
    text = repr(log).encode() + store.path.read_bytes()
    for secret in (PASSWORD, "sai mật khẩu", "đoán thử", "mật khẩu mới đủ dài", token):
        assert secret.encode() not in text


@pytest.mark.parametrize(
    ("env", "chosen", "only_sample", "public"),
    [
        (None, None, True, True),  # a fresh set-up on the bundled sample data
        (None, None, False, False),  # real figures: private unless someone says otherwise
        (None, True, False, True),
        (None, False, True, False),
        ("1", False, False, True),
        ("0", True, True, False),
    ],
)
def test_public_viewing_is_the_environment_then_the_admins_choice_then_sample_data_only(
    store, monkeypatch, env, chosen, only_sample, public
):
    if env is None:
        monkeypatch.delenv("NTM_PUBLIC_VIEW", raising=False)
    else:
        monkeypatch.setenv("NTM_PUBLIC_VIEW", env)
    if chosen is not None:
        store.set_public_view(chosen, "admin")
    assert auth.public_viewing(store, lambda: only_sample) is public


def test_a_strangers_failures_lock_only_his_address_and_the_owner_signs_in_from_another(quick_hashing, store, clock):
    outcomes = []
    for _ in range(13):  # as fast as he is let
        outcomes.append(store.sign_in("an_bien", "đoán bừa", client=STRANGER).outcome)
        clock.advance(auth.DELAYS[-1])
    assert outcomes[auth.LOCK_AFTER_FAILURES - 1 :] == ["locked"] * (13 - auth.LOCK_AFTER_FAILURES + 1)
    assert store.sign_in("an_bien", PASSWORD, client=STRANGER).outcome == "locked"  # even the right password
    assert store.sign_in("an_bien", PASSWORD, client=OWNER).outcome == "ok"
    assert store.sign_in("an_bien", PASSWORD, client=STRANGER).outcome == "locked"  # the owner forgave nobody else
    clock.advance(auth.LOCK_SECONDS)
    assert store.sign_in("an_bien", "đoán bừa", client=STRANGER).outcome == "invalid"  # the lock runs out


def test_failures_from_many_addresses_slow_each_address_that_failed_and_lock_none(quick_hashing, store, clock):
    addresses = [f"203.0.113.{n}" for n in range(1, 11)]
    for address in addresses:  # one guess each: alone, none of them would have to wait yet
        assert store.sign_in("an_bien", "đoán bừa", client=address).outcome == "invalid"
    second = store.sign_in("an_bien", "đoán lần hai", client=addresses[0])
    assert (second.outcome, second.wait_seconds) == ("wait", auth.DELAYS[-1])
    for _ in range(3):  # round after round, every address only ever waits
        clock.advance(auth.DELAYS[-1])
        assert {store.sign_in("an_bien", "đoán tiếp", client=a).outcome for a in addresses} == {"invalid"}
    assert store.user("an_bien").failed_attempts == 4 * len(addresses)
    assert store.sign_in("an_bien", PASSWORD, client=OWNER).outcome == "ok"  # no failure from here: at once


def test_one_address_guessing_across_many_names_is_locked_out_of_every_name(quick_hashing, store, clock):
    for n in range(auth.CLIENT_LOCK_AFTER_FAILURES):
        refused = store.sign_in(f"ten_{n}", "mật khẩu phổ biến", client=STRANGER)
        assert refused.outcome == ("locked" if n + 1 == auth.CLIENT_LOCK_AFTER_FAILURES else "invalid")
        clock.advance(auth.DELAYS[-1])
    assert store.sign_in("an_bien", PASSWORD, client=STRANGER).outcome == "locked"
    assert store.sign_in("an_bien", PASSWORD, client=OWNER).outcome == "ok"


def test_unknown_and_known_names_get_the_same_answers_and_the_same_waits(quick_hashing, store, clock):
    seen = set()
    for _ in range(30):
        known = store.sign_in("an_bien", "sai mật khẩu", client=OWNER)
        unknown = store.sign_in("khong_co", "sai mật khẩu", client=STRANGER)
        assert (unknown.outcome, unknown.wait_seconds, unknown.user) == (known.outcome, known.wait_seconds, None)
        seen.add(known.outcome)
        clock.advance(5)
    assert seen == {"invalid", "wait", "locked"}


def test_an_unknown_name_costs_the_same_argon2_work_as_a_known_one(store, monkeypatch):
    checked = []

    def spy(stored_hash: str, password: str) -> bool:
        checked.append(argon2.extract_parameters(stored_hash))
        return real(stored_hash, password)

    real = auth.check_password
    monkeypatch.setattr(auth, "check_password", spy)
    store.sign_in("an_bien", "sai mật khẩu", client=OWNER)
    store.sign_in("khong_co", "sai mật khẩu", client=STRANGER)
    assert len(checked) == 2 and checked[0] == checked[1]


def test_unlock_lets_the_owner_back_in_from_the_address_a_stranger_locked(quick_hashing, store, clock):
    office = "198.51.100.1"  # colleagues behind one address: the stranger is one of them
    for _ in range(auth.LOCK_AFTER_FAILURES):
        store.sign_in("an_bien", "đoán bừa", client=office)
        clock.advance(auth.DELAYS[-1])
    assert store.sign_in("an_bien", PASSWORD, client=office).outcome == "locked"
    assert store.user("an_bien").locked_until > clock.now
    store.unlock("an_bien", "admin")
    assert store.user("an_bien").locked_until is None
    assert store.sign_in("an_bien", PASSWORD, client=office).outcome == "ok"
    assert [(e["event"], e["actor"]) for e in store.audit_log()][1] == ("user_unlocked", "admin")
    with pytest.raises(auth.AccountError, match="user_unknown"):
        store.unlock("khong_co", "admin")


def test_failed_sign_ins_are_audited_with_their_address_and_forgotten_by_the_throttle_later(
    quick_hashing, store, clock
):
    store.sign_in("an_bien", "sai mật khẩu", client=STRANGER)
    store.sign_in("khong_co", "sai mật khẩu", client=OWNER)
    failed = [
        (e["subject"], e["detail"]["reason"], e["detail"]["client"])
        for e in reversed(store.audit_log())
        if e["event"] == "sign_in_failed"
    ]
    assert failed == [("an_bien", "wrong_password", STRANGER), ("khong_co", "unknown_user", OWNER)]
    clock.advance(auth.LOCK_SECONDS)
    store.sign_in("ai_do", "sai mật khẩu", client=OWNER)  # only this failure's counts remain
    assert sorted(raw(store, "select kind, username, client from sign_in_throttle")) == [
        ("client", "", OWNER),
        ("name", "ai_do", ""),
        ("name_client", "ai_do", OWNER),
    ]
    assert store.user("an_bien").failed_attempts == 0


def test_the_client_is_the_connection_unless_a_trusted_proxy_says_whom_it_forwarded(monkeypatch):
    monkeypatch.delenv(auth.TRUSTED_PROXIES_VARIABLE, raising=False)
    assert auth.client_address("203.0.113.9", []) == "203.0.113.9"
    assert auth.client_address(None, ["198.51.100.7"]) == "127.0.0.1"  # no proxy named: the header is not believed
    assert auth.client_address("2001:db8:1:2:3:4:5:6", []) == "2001:db8:1:2::/64"  # one subscriber's share
    assert auth.client_address("::ffff:203.0.113.9", []) == "203.0.113.9"
    monkeypatch.setenv(auth.TRUSTED_PROXIES_VARIABLE, "127.0.0.1, 10.0.0.0/8")
    assert auth.client_address(None, ["1.2.3.4, 198.51.100.7"]) == "198.51.100.7"  # 1.2.3.4: the client's own claim
    assert auth.client_address(None, ["198.51.100.7, 10.0.0.5"]) == "198.51.100.7"  # through two proxies
    assert auth.client_address(None, ["198.51.100.7", "10.0.0.5"]) == "198.51.100.7"  # the header sent twice
    assert auth.client_address("203.0.113.9", ["198.51.100.7"]) == "203.0.113.9"  # not through the proxy
    assert auth.client_address(None, ["không phải địa chỉ"]) == "127.0.0.1"
