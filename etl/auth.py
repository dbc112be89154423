"""Accounts, passwords, sign-in sessions and the audit log, in a small SQLite store of their own.

Why not in the warehouse: every write there copies the whole database and renames it (see
``etl/warehouse.py``), right for a load and wrong for a failed sign-in. The store is SQLite from
the standard library in WAL mode: many small writes, readers never blocked.

- Passwords are hashed with argon2id (argon2-cffi); session tokens are random and only their
  SHA-256 is stored. Neither a password nor a token is ever written to the store or the audit log.
- After ``FREE_FAILURES`` failed sign-ins in a row, each further attempt must wait (``DELAYS``);
  after ``LOCK_AFTER_FAILURES`` the account is locked for ``LOCK_SECONDS``. Unknown names get the
  same answer as wrong passwords, after the same amount of hashing work.
- A session ends after ``SESSION_IDLE_SECONDS`` without use, or ``SESSION_MAX_SECONDS`` at most.
- No account exists until someone creates one (``python -m etl users add``): there is no default.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from etl.scope import Scope
from ntm import config

SCHEMA = config.PROJECT_ROOT / "etl" / "sql" / "accounts" / "schema.sql"
VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)

FREE_FAILURES = 3
DELAYS = (2, 4, 8, 16, 30)  # seconds to wait after the 4th, 5th … failure (the last repeats)
LOCK_AFTER_FAILURES = 8
LOCK_SECONDS = 15 * 60
SESSION_IDLE_SECONDS = 60 * 60
SESSION_MAX_SECONDS = 12 * 60 * 60
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    # Made on the first sign-in attempt, not at import: hashing takes a fifth of a second that
    # every server start (and every page's first run) would otherwise pay.
    return _hasher.hash("not a password: spends the same time on unknown names")



class AccountError(ValueError):
    """A request about accounts that cannot be done; ``key`` is its message in ``ntm/locales``."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    scope: Scope
    active: bool
    failed_attempts: int = 0
    locked_until: float | None = None
    created_at: float | None = None

    @property
    def write_scope(self) -> Scope:
        """What this account may load: nothing for a viewer or a disabled account."""
        if not self.active or self.role == VIEWER:
            return Scope.nothing()
        return Scope.province() if self.role == ADMIN else self.scope


@dataclass(frozen=True)
class SignIn:
    outcome: str  # ok | invalid | wait | locked | disabled
    user: User | None = None
    token: str | None = None
    wait_seconds: int = 0


def store_path(db: str | os.PathLike | None = None) -> Path:
    """``$NTM_ACCOUNTS_DB``, else ``accounts.sqlite`` beside the warehouse."""
    env = os.environ.get("NTM_ACCOUNTS_DB")
    return Path(env) if env else config.db_path(db).with_name("accounts.sqlite")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Accounts:
    def __init__(self, path: str | os.PathLike, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("pragma journal_mode = wal")
            con.executescript(SCHEMA.read_text(encoding="utf-8"))
        with contextlib.suppress(OSError):  # the hashes are nobody else's business
            os.chmod(self.path, 0o600)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so two sign-ins cannot both read a stale count."""
        with self._connect() as con:
            con.execute("begin immediate")
            try:
                yield con
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise

    # Accounts ------------------------------------------------------------------------------------

    def add_user(self, username: str, display_name: str, role: str, scope: Scope, password: str,
                 actor: str) -> User:
        username = _check_username(username)
        _check_role(role)
        _check_password(password, username)
        now = self.clock()
        with self._write() as con:
            if con.execute("select 1 from account where username = ?", [username]).fetchone():
                raise AccountError("user_exists", username=username)
            con.execute(
                "insert into account (username, display_name, role, scope, password_hash, created_at,"
                " password_changed_at) values (?, ?, ?, ?, ?, ?, ?)",
                [username, display_name.strip() or username, role, str(scope), hash_password(password), now, now],
            )
            _audit(con, now, actor, "user_added", username, role=role, scope=str(scope))
        return self.user(username)

    def user(self, username: str) -> User | None:
        with self._connect() as con:
            row = con.execute("select * from account where username = ?", [username.strip().lower()]).fetchone()
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self._connect() as con:
            return [_user(row) for row in con.execute("select * from account order by username")]

    def has_users(self) -> bool:
        with self._connect() as con:
            return con.execute("select exists (select 1 from account)").fetchone()[0] == 1

    def set_active(self, username: str, active: bool, actor: str) -> None:
        with self._write() as con:
            self._require(con, username)
            con.execute("update account set active = ?, failed_attempts = 0, locked_until = null where username = ?",
                        [int(active), username])
            if not active:
                con.execute("delete from session where username = ?", [username])
            _audit(con, self.clock(), actor, "user_enabled" if active else "user_disabled", username)

    def reset_password(self, username: str, password: str, actor: str) -> None:
        """A new password; it also lifts a lock-out and ends the account's sessions."""
        _check_password(password, username)
        with self._write() as con:
            self._require(con, username)
            con.execute(
                "update account set password_hash = ?, password_changed_at = ?, failed_attempts = 0,"
                " locked_until = null where username = ?",
                [hash_password(password), self.clock(), username])
            con.execute("delete from session where username = ?", [username])
            _audit(con, self.clock(), actor, "password_reset", username)

    def set_role(self, username: str, role: str, scope: Scope, actor: str) -> None:
        _check_role(role)
        with self._write() as con:
            self._require(con, username)
            con.execute("update account set role = ?, scope = ? where username = ?", [role, str(scope), username])
            _audit(con, self.clock(), actor, "user_changed", username, role=role, scope=str(scope))

    @staticmethod
    def _require(con: sqlite3.Connection, username: str) -> None:
        if not con.execute("select 1 from account where username = ?", [username]).fetchone():
            raise AccountError("user_unknown", username=username)

    # Signing in ----------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> SignIn:
        name = username.strip().lower()
        now = self.clock()
        with self._write() as con:
            row = con.execute("select * from account where username = ?", [name]).fetchone()
            if row is None:
                check_password(_dummy_hash(), password)
                _audit(con, now, name, "sign_in_failed", name, reason="unknown_user")
                return SignIn("invalid")
            failures = row["failed_attempts"]
            if row["locked_until"] is not None:
                if now < row["locked_until"]:
                    _audit(con, now, name, "sign_in_refused", name, reason="locked")
                    return SignIn("locked", wait_seconds=_seconds(row["locked_until"] - now))
                failures = 0  # the lock has run out: a fresh start
            wait = required_wait(failures, row["last_failure_at"], now)
            if wait > 0:
                _audit(con, now, name, "sign_in_refused", name, reason="too_soon")
                return SignIn("wait", wait_seconds=_seconds(wait))
            if not check_password(row["password_hash"], password):
                failures += 1
                locked_until = now + LOCK_SECONDS if failures >= LOCK_AFTER_FAILURES else None
                con.execute("update account set failed_attempts = ?, last_failure_at = ?, locked_until = ?"
                            " where username = ?", [failures, now, locked_until, name])
                _audit(con, now, name, "sign_in_failed", name, reason="wrong_password", failures=failures,
                       locked=locked_until is not None)
                if locked_until is not None:
                    return SignIn("locked", wait_seconds=LOCK_SECONDS)
                return SignIn("invalid", wait_seconds=_seconds(required_wait(failures, now, now)))
            if not row["active"]:
                _audit(con, now, name, "sign_in_refused", name, reason="disabled")
                return SignIn("disabled")
            if _hasher.check_needs_rehash(row["password_hash"]):
                con.execute("update account set password_hash = ? where username = ?", [hash_password(password), name])
            con.execute("update account set failed_attempts = 0, last_failure_at = null, locked_until = null"
                        " where username = ?", [name])
            token = secrets.token_urlsafe(32)
            con.execute("insert into session values (?, ?, ?, ?, ?)",
                        [_token_hash(token), name, now, now, now + SESSION_MAX_SECONDS])
            con.execute("delete from session where expires_at < ? or last_seen_at < ?",
                        [now, now - SESSION_IDLE_SECONDS])
            _audit(con, now, name, "sign_in", name)
        return SignIn("ok", self.user(name), token)

    def session_user(self, token: str | None) -> User | None:
        """The active account a session token belongs to, or None once it has expired or ended."""
        if not token:
            return None
        now = self.clock()
        with self._write() as con:
            row = con.execute(
                "select a.*, s.last_seen_at, s.expires_at from session s join account a using (username)"
                " where s.token_hash = ?", [_token_hash(token)]).fetchone()
            if row is None:
                return None
            if not row["active"] or now >= row["expires_at"] or now - row["last_seen_at"] >= SESSION_IDLE_SECONDS:
                con.execute("delete from session where token_hash = ?", [_token_hash(token)])
                return None
            con.execute("update session set last_seen_at = ? where token_hash = ?", [now, _token_hash(token)])
        return _user(row)

    def sign_out(self, token: str | None) -> None:
        if not token:
            return
        with self._write() as con:
            row = con.execute("select username from session where token_hash = ?", [_token_hash(token)]).fetchone()
            con.execute("delete from session where token_hash = ?", [_token_hash(token)])
            if row:
                _audit(con, self.clock(), row["username"], "sign_out", row["username"])

    # Settings and audit --------------------------------------------------------------------------

    def public_view(self) -> bool | None:
        """The admin's choice of public read-only viewing; None while nobody has chosen."""
        with self._connect() as con:
            row = con.execute("select value from setting where key = 'public_view'").fetchone()
        return None if row is None else row["value"] == "on"

    def set_public_view(self, on: bool, actor: str) -> None:
        with self._write() as con:
            con.execute("insert or replace into setting values ('public_view', ?)", ["on" if on else "off"])
            _audit(con, self.clock(), actor, "public_view_on" if on else "public_view_off", None)

    def record(self, actor: str | None, event: str, subject: str | None = None, **detail: object) -> None:
        """Add an entry to the audit log (uploads and rollbacks are recorded by their callers)."""
        with self._write() as con:
            _audit(con, self.clock(), actor, event, subject, **detail)

    def audit_log(self, actor: str | None = None, limit: int = 1000) -> list[dict]:
        """Newest first; only ``actor``'s entries when given."""
        with self._connect() as con:
            rows = con.execute(
                "select audit_id, at, actor, event, subject, detail from audit"
                " where ?1 is null or actor = ?1 order by audit_id desc limit ?2", [actor, limit]).fetchall()
        return [{**dict(row), "detail": json.loads(row["detail"]) if row["detail"] else {}} for row in rows]


def required_wait(failures: int, last_failure_at: float | None, now: float) -> float:
    """Seconds still to wait before the next attempt, after ``failures`` failures in a row."""
    if failures < FREE_FAILURES or last_failure_at is None:
        return 0.0
    delay = DELAYS[min(failures - FREE_FAILURES, len(DELAYS) - 1)]
    return max(0.0, last_failure_at + delay - now)


def _audit(con: sqlite3.Connection, now: float, actor: str | None, event: str, subject: str | None,
           **detail: object) -> None:
    con.execute("insert into audit (at, actor, event, subject, detail) values (?, ?, ?, ?, ?)",
                [now, actor, event, subject, json.dumps(detail, ensure_ascii=False) if detail else None])


def _user(row: sqlite3.Row) -> User:
    return User(row["username"], row["display_name"], row["role"], Scope.parse(row["scope"]), bool(row["active"]),
                row["failed_attempts"], row["locked_until"], row["created_at"])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _seconds(value: float) -> int:
    return max(1, int(value + 0.999))


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise AccountError("username_invalid", username=username)
    return name


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError("role_invalid", role=role, roles=", ".join(ROLES))


def _check_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short", length=MIN_PASSWORD_LENGTH)
    if password.strip().lower() == username.strip().lower():
        raise AccountError("password_is_username")


def public_viewing(store: Accounts, only_sample_data: Callable[[], bool]) -> bool:
    """Whether the dashboards may be read without signing in (read-only; writing always needs an
    account): ``NTM_PUBLIC_VIEW`` (1/0) decides first, then an admin's choice; while nobody has
    chosen, only a database holding nothing but the bundled sample data is public, so a fresh
    set-up opens at once and real figures are never public unless someone says so."""
    forced = public_view_from_environment()
    if forced is not None:
        return forced
    chosen = store.public_view()
    return chosen if chosen is not None else only_sample_data()


def public_view_from_environment() -> bool | None:
    """``NTM_PUBLIC_VIEW``: 1/true/yes/on or 0/false/no/off; None when unset."""
    env = os.environ.get("NTM_PUBLIC_VIEW", "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    if env in ("0", "false", "no", "off"):
        return False
    return None
