"""Accounts, passwords, sign-in sessions and the audit log, in a small SQLite store of their own.

Why not in the warehouse: every write there copies the whole database and renames it (see
``etl/warehouse.py``), right for a load and wrong for a failed sign-in. The store is SQLite from
the standard library in WAL mode: many small writes, readers never blocked.

- Passwords are hashed with argon2id (argon2-cffi); session tokens are random and only their
  SHA-256 is stored. Neither a password nor a token is ever written to the store or the audit log.
- Failed sign-ins are counted per name typed *and client address*: after ``FREE_FAILURES`` in a
  row, each further attempt from that address must wait (``DELAYS``); after ``LOCK_AFTER_FAILURES``
  that address is locked out of that name for ``LOCK_SECONDS``. A stranger thus locks only himself
  out: the owner, from an address without failures, signs in at once.
- Per address, over every name: one address guessing across accounts is slowed after
  ``CLIENT_FREE_FAILURES`` and locked after ``CLIENT_LOCK_AFTER_FAILURES``.
- Per name, over every address: many addresses guessing one account slow each address that has
  failed on it (by the name's count of failures), never lock it, and never touch an address
  without failures on it.
- A name is counted whether or not an account has it: unknown names get the same answers, the same
  waits and the same amount of hashing work as known ones.
- ``python -m etl users unlock NAME`` (or a new password) lifts every pause on an account.
- A session (a signed-in browser's cookie) ends after ``SESSION_IDLE_SECONDS`` without use, or
  ``SESSION_MAX_SECONDS`` at most. Signing out, disabling the account or a new password end every
  session of the account at once; an admin may end one or all (``end_sessions``).
- The data API's bearer tokens (``add_token``) are random, shown once, kept as their SHA-256 and
  read within a scope like an account's; revoking one deletes it.
- No account exists until someone creates one (``python -m etl users add``): there is no default.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import json
import logging
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
LOCK_SECONDS = 15 * 60  # also how long failures are remembered after the last one
# An office's colleagues share one address (NAT): it may fail more often, over all names, before it waits.
CLIENT_FREE_FAILURES = 10
CLIENT_LOCK_AFTER_FAILURES = 30
# Names are at most 40 characters: a longer one typed is kept (throttled, audited) this far.
NAME_KEPT_CHARACTERS = 64
# Reverse proxies whose X-Forwarded-For is believed: addresses or networks, comma-separated.
TRUSTED_PROXIES_VARIABLE = "NTM_TRUSTED_PROXIES"
SESSION_IDLE_SECONDS = 60 * 60
SESSION_MAX_SECONDS = 12 * 60 * 60
# A session is named to an admin by this many leading characters of its token's hash (never the token).
SESSION_ID_CHARACTERS = 12
# Every API token starts so: a secret scanner (or a person) recognises one pasted where it should not be.
API_TOKEN_PREFIX = "ntm_"
# A token's last use is written at most this often: an API client's every request is not a write.
TOKEN_USE_RECORDED_SECONDS = 60
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
    failed_attempts: int = 0  # on this name, from every address, not yet forgotten
    locked_until: float | None = None  # the latest lock of an address out of this name
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


@dataclass(frozen=True)
class Session:
    """A signed-in browser, as an admin sees it: never its token."""

    session_id: str
    username: str
    created_at: float
    last_seen_at: float
    expires_at: float
    client: str


@dataclass(frozen=True)
class ApiToken:
    """A bearer token of the data API, as listed: never the token itself."""

    name: str
    scope: Scope
    created_at: float
    expires_at: float | None
    last_used_at: float | None


@dataclass(frozen=True)
class _Rule:
    """How failures of one kind are counted: ``name_client`` (a name from one address), ``client``
    (an address, over every name) or ``name`` (a name, over every address; slows, never locks)."""

    kind: str
    free: int
    lock_after: int | None

    def key(self, name: str, client: str) -> tuple[str, str, str]:
        return self.kind, name if self.kind != "client" else "", client if self.kind != "name" else ""


_PAIR = _Rule("name_client", FREE_FAILURES, LOCK_AFTER_FAILURES)
_CLIENT = _Rule("client", CLIENT_FREE_FAILURES, CLIENT_LOCK_AFTER_FAILURES)
_NAME = _Rule("name", FREE_FAILURES, None)


@dataclass(frozen=True)
class _Count:
    failures: int = 0
    last_failure_at: float | None = None
    locked_until: float | None = None

    def locked(self, now: float) -> bool:
        return self.locked_until is not None and now < self.locked_until


class _Throttle:
    """The three counts that apply to one attempt (a name from an address), as they stand ``now``."""

    def __init__(self, con: sqlite3.Connection, name: str, client: str, now: float):
        self.name, self.client, self.now = name, client, now
        self.counts = {
            rule.kind: _current(
                con.execute(
                    "select failures, last_failure_at, locked_until from sign_in_throttle"
                    " where kind = ? and username = ? and client = ?",
                    rule.key(name, client),
                ).fetchone(),
                now,
            )
            for rule in (_PAIR, _CLIENT, _NAME)
        }

    def refusal(self) -> SignIn | None:
        """ "locked" or "wait" before the password is even looked at; None when it may be tried."""
        locks = [count.locked_until for count in self.counts.values() if count.locked(self.now)]
        if locks:
            return SignIn("locked", wait_seconds=_seconds(max(locks) - self.now))
        wait = self._wait()
        return SignIn("wait", wait_seconds=_seconds(wait)) if wait > 0 else None

    def _wait(self) -> float:
        pair, client, name = (self.counts[rule.kind] for rule in (_PAIR, _CLIENT, _NAME))
        waits = [
            required_wait(pair.failures, pair.last_failure_at, self.now, _PAIR.free),
            required_wait(client.failures, client.last_failure_at, self.now, _CLIENT.free),
        ]
        if pair.failures:  # the name's failures from everywhere slow only an address that has failed on it
            waits.append(required_wait(name.failures, pair.last_failure_at, self.now, _NAME.free))
        return max(waits)

    def fail(self, con: sqlite3.Connection) -> SignIn:
        """Count a failed attempt; the answer: "invalid" (with the wait before the next), or "locked"."""
        for rule in (_PAIR, _CLIENT, _NAME):
            failures = self.counts[rule.kind].failures + 1
            locked_until = self.now + LOCK_SECONDS if rule.lock_after and failures >= rule.lock_after else None
            self.counts[rule.kind] = _Count(failures, self.now, locked_until)
            con.execute(
                "insert or replace into sign_in_throttle values (?, ?, ?, ?, ?, ?)",
                [*rule.key(self.name, self.client), failures, self.now, locked_until],
            )
        con.execute(
            "delete from sign_in_throttle where last_failure_at <= ? and coalesce(locked_until, 0) <= ?",
            [self.now - LOCK_SECONDS, self.now],
        )
        return self.refusal() if self.locked() else SignIn("invalid", wait_seconds=_seconds(self._wait()))

    def locked(self) -> bool:
        return any(count.locked(self.now) for count in self.counts.values())

    def succeed(self, con: sqlite3.Connection) -> None:
        """The address proved it knows the password: its own failures on the name are forgiven."""
        con.execute(
            "delete from sign_in_throttle where kind = ? and username = ? and client = ?",
            _PAIR.key(self.name, self.client),
        )


def _current(row: sqlite3.Row | None, now: float) -> _Count:
    """A stored count as it stands: forgotten once its lock has run out, or LOCK_SECONDS after the last
    failure when it holds no lock."""
    if row is None:
        return _Count()
    count = _Count(row["failures"], row["last_failure_at"], row["locked_until"])
    if count.locked_until is not None:
        return count if count.locked(now) else _Count()
    return count if now - count.last_failure_at < LOCK_SECONDS else _Count()


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
        # The file is made on first use, so that a command refused before (say, in a read-only folder)
        # leaves nothing behind and fails with its own message.
        self._made = False

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._made:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            if not self._made:
                self._make(con)
            yield con
        finally:
            con.close()

    def _make(self, con: sqlite3.Connection) -> None:
        con.execute("pragma journal_mode = wal")
        con.executescript(SCHEMA.read_text(encoding="utf-8"))
        # A store made while sessions lived in a browser tab has no client column yet (schema.sql has it).
        if "client" not in {row["name"] for row in con.execute("pragma table_info(session)")}:
            con.execute("alter table session add column client text not null default ''")
        with contextlib.suppress(OSError):  # the hashes are nobody else's business
            os.chmod(self.path, 0o600)
        self._made = True

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

    def add_user(
        self,
        username: str,
        display_name: str,
        role: str,
        scope: Scope,
        password: str,
        actor: str,
        *,
        client: str | None = None,
    ) -> User:
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
            _audit(con, now, actor, "user_added", username, role=role, scope=str(scope), **_origin(client))
        return self.user(username)

    def user(self, username: str) -> User | None:
        with self._connect() as con:
            row = con.execute("select * from account where username = ?", [username.strip().lower()]).fetchone()
            return _user(con, row, self.clock()) if row else None

    def users(self) -> list[User]:
        with self._connect() as con:
            rows = con.execute("select * from account order by username").fetchall()
            return [_user(con, row, self.clock()) for row in rows]

    def has_users(self) -> bool:
        with self._connect() as con:
            return con.execute("select exists (select 1 from account)").fetchone()[0] == 1

    def set_active(self, username: str, active: bool, actor: str, *, client: str | None = None) -> None:
        with self._write() as con:
            self._require(con, username)
            con.execute("update account set active = ? where username = ?", [int(active), username])
            _lift_pauses(con, username)
            if not active:
                con.execute("delete from session where username = ?", [username])
            _audit(con, self.clock(), actor, "user_enabled" if active else "user_disabled", username, **_origin(client))

    def reset_password(self, username: str, password: str, actor: str, *, client: str | None = None) -> None:
        """A new password; it also lifts a lock-out and ends the account's sessions."""
        _check_password(password, username)
        with self._write() as con:
            self._require(con, username)
            con.execute(
                "update account set password_hash = ?, password_changed_at = ? where username = ?",
                [hash_password(password), self.clock(), username],
            )
            _lift_pauses(con, username)
            con.execute("delete from session where username = ?", [username])
            _audit(con, self.clock(), actor, "password_reset", username, **_origin(client))

    def unlock(self, username: str, actor: str, *, client: str | None = None) -> None:
        """Lift every pause on the account's sign-ins, and on the addresses that failed on it: the way
        back in (``python -m etl users unlock NAME``) when someone keeps an account, the only admin's
        included, locked from the address its owner uses."""
        with self._write() as con:
            self._require(con, username)
            _lift_pauses(con, username)
            _audit(con, self.clock(), actor, "user_unlocked", username, **_origin(client))

    def set_role(self, username: str, role: str, scope: Scope, actor: str, *, client: str | None = None) -> None:
        _check_role(role)
        with self._write() as con:
            self._require(con, username)
            con.execute("update account set role = ?, scope = ? where username = ?", [role, str(scope), username])
            _audit(con, self.clock(), actor, "user_changed", username, role=role, scope=str(scope), **_origin(client))

    @staticmethod
    def _require(con: sqlite3.Connection, username: str) -> None:
        if not con.execute("select 1 from account where username = ?", [username]).fetchone():
            raise AccountError("user_unknown", username=username)

    # Signing in ----------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, client: str = "") -> SignIn:
        """Check a password typed for a name, from ``client`` (the address, as ``client_address``
        reads it; "" when unknown, shared by all such attempts): a page and an HTTP route alike."""
        name = username.strip().lower()[:NAME_KEPT_CHARACTERS]
        now = self.clock()
        with self._write() as con:
            throttle = _Throttle(con, name, client, now)
            refused = throttle.refusal()
            if refused:
                reason = "locked" if refused.outcome == "locked" else "too_soon"
                _audit(con, now, name, "sign_in_refused", name, reason=reason, client=client)
                return refused
            row = con.execute("select * from account where username = ?", [name]).fetchone()
            # An unknown name is checked against a dummy hash, made on the first attempt whatever its name:
            # the time taken tells nothing.
            dummy = _dummy_hash()
            if not check_password(row["password_hash"] if row else dummy, password):
                answer = throttle.fail(con)
                _audit(
                    con,
                    now,
                    name,
                    "sign_in_failed",
                    name,
                    reason="wrong_password" if row else "unknown_user",
                    client=client,
                    locked=answer.outcome == "locked",
                )
                return answer
            if not row["active"]:
                _audit(con, now, name, "sign_in_refused", name, reason="disabled", client=client)
                return SignIn("disabled")
            if _hasher.check_needs_rehash(row["password_hash"]):
                con.execute("update account set password_hash = ? where username = ?", [hash_password(password), name])
            throttle.succeed(con)
            token = secrets.token_urlsafe(32)
            con.execute(
                "insert into session (token_hash, username, created_at, last_seen_at, expires_at, client)"
                " values (?, ?, ?, ?, ?, ?)",
                [_token_hash(token), name, now, now, now + SESSION_MAX_SECONDS, client],
            )
            _forget_ended_sessions(con, now)
            _audit(con, now, name, "sign_in", name, client=client)
        return SignIn("ok", self.user(name), token)

    def session_user(self, token: str | None) -> User | None:
        """The active account a session token belongs to, or None once it has expired or ended."""
        if not token:
            return None
        now = self.clock()
        with self._write() as con:
            row = con.execute(
                "select a.*, s.last_seen_at, s.expires_at from session s join account a using (username)"
                " where s.token_hash = ?",
                [_token_hash(token)],
            ).fetchone()
            if row is None:
                return None
            if not row["active"] or now >= row["expires_at"] or now - row["last_seen_at"] >= SESSION_IDLE_SECONDS:
                con.execute("delete from session where token_hash = ?", [_token_hash(token)])
                return None
            con.execute("update session set last_seen_at = ? where token_hash = ?", [now, _token_hash(token)])
            return _user(con, row, now)

    def sign_out(self, token: str | None, client: str = "") -> None:
        """End every session of the account ``token`` belongs to: signing out in one browser signs out
        in all of them (a shared office computer left signed in elsewhere included)."""
        if not token:
            return
        with self._write() as con:
            row = con.execute("select username from session where token_hash = ?", [_token_hash(token)]).fetchone()
            if row:
                ended = con.execute("delete from session where username = ?", [row["username"]]).rowcount
                _audit(con, self.clock(), row["username"], "sign_out", row["username"], sessions=ended, client=client)

    def sessions(self, username: str) -> list[Session]:
        """The account's sessions still open, the most recently used first."""
        now = self.clock()
        with self._write() as con:
            _forget_ended_sessions(con, now)
            rows = con.execute(
                "select * from session where username = ? order by last_seen_at desc", [username.strip().lower()]
            ).fetchall()
        return [
            Session(
                row["token_hash"][:SESSION_ID_CHARACTERS],
                row["username"],
                row["created_at"],
                row["last_seen_at"],
                row["expires_at"],
                row["client"],
            )
            for row in rows
        ]

    def end_sessions(
        self, username: str, actor: str, session_id: str | None = None, *, client: str | None = None
    ) -> int:
        """End one session of the account (``session_id``, as ``sessions`` names it) or every one;
        how many ended. A session id that names none of the account's is refused."""
        with self._write() as con:
            self._require(con, username)
            wanted = session_id.strip().lower() if session_id else None
            if wanted is not None and len(wanted) != SESSION_ID_CHARACTERS:
                raise AccountError("session_unknown", session=session_id, username=username)
            ended = con.execute(
                "delete from session where username = ?1 and (?2 is null or substr(token_hash, 1, ?3) = ?2)",
                [username, wanted, SESSION_ID_CHARACTERS],
            ).rowcount
            if wanted is not None and not ended:
                raise AccountError("session_unknown", session=session_id, username=username)
            _audit(
                con,
                self.clock(),
                actor,
                "sessions_ended",
                username,
                session=wanted or "all",
                sessions=ended,
                **_origin(client),
            )
        return ended

    # API tokens ----------------------------------------------------------------------------------

    def add_token(
        self, name: str, scope: Scope, expires_at: float | None, actor: str, *, client: str | None = None
    ) -> str:
        """A new bearer token for the data API called ``name``, reading within ``scope`` until
        ``expires_at`` (None: until revoked). The token is returned here only: the store keeps its hash."""
        if not _USERNAME.match(name.strip().lower()):
            raise AccountError("token_name_invalid", name=name)
        name = name.strip().lower()
        now = self.clock()
        if expires_at is not None and expires_at <= now:
            raise AccountError("token_expiry_past")
        token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._write() as con:
            if con.execute("select 1 from api_token where name = ?", [name]).fetchone():
                raise AccountError("token_exists", name=name)
            con.execute(
                "insert into api_token (name, token_hash, scope, created_at, expires_at) values (?, ?, ?, ?, ?)",
                [name, _token_hash(token), str(scope), now, expires_at],
            )
            _audit(con, now, actor, "token_added", name, scope=str(scope), expires_at=expires_at, **_origin(client))
        return token

    def tokens(self) -> list[ApiToken]:
        with self._connect() as con:
            rows = con.execute("select * from api_token order by name").fetchall()
        return [
            ApiToken(row["name"], Scope.parse(row["scope"]), row["created_at"], row["expires_at"], row["last_used_at"])
            for row in rows
        ]

    def revoke_token(self, name: str, actor: str, *, client: str | None = None) -> None:
        name = name.strip().lower()
        with self._write() as con:
            if not con.execute("delete from api_token where name = ?", [name]).rowcount:
                raise AccountError("token_unknown", name=name)
            _audit(con, self.clock(), actor, "token_revoked", name, **_origin(client))

    def api_token(self, token: str | None) -> ApiToken | None:
        """The token ``token`` is, while it has not expired nor been revoked; else None."""
        if not token:
            return None
        now = self.clock()
        with self._connect() as con:
            row = con.execute("select * from api_token where token_hash = ?", [_token_hash(token)]).fetchone()
        if row is None or (row["expires_at"] is not None and now >= row["expires_at"]):
            return None
        if row["last_used_at"] is None or now - row["last_used_at"] >= TOKEN_USE_RECORDED_SECONDS:
            with self._write() as con:
                con.execute("update api_token set last_used_at = ? where token_hash = ?", [now, row["token_hash"]])
        return ApiToken(row["name"], Scope.parse(row["scope"]), row["created_at"], row["expires_at"], now)

    # Settings and audit --------------------------------------------------------------------------

    def public_view(self) -> bool | None:
        """The admin's choice of public read-only viewing; None while nobody has chosen."""
        with self._connect() as con:
            row = con.execute("select value from setting where key = 'public_view'").fetchone()
        return None if row is None else row["value"] == "on"

    def set_public_view(self, on: bool, actor: str, *, client: str | None = None) -> None:
        with self._write() as con:
            con.execute("insert or replace into setting values ('public_view', ?)", ["on" if on else "off"])
            _audit(con, self.clock(), actor, "public_view_on" if on else "public_view_off", None, **_origin(client))

    def record(self, actor: str | None, event: str, subject: str | None = None, **detail: object) -> None:
        """Add an entry to the audit log (uploads and rollbacks are recorded by ``etl.actions``)."""
        with self._write() as con:
            _audit(con, self.clock(), actor, event, subject, **detail)

    def audit_log(self, actor: str | None = None, limit: int = 1000) -> list[dict]:
        """Newest first; only ``actor``'s entries when given."""
        with self._connect() as con:
            rows = con.execute(
                "select audit_id, at, actor, event, subject, detail from audit"
                " where ?1 is null or actor = ?1 order by audit_id desc limit ?2",
                [actor, limit],
            ).fetchall()
        return [{**dict(row), "detail": json.loads(row["detail"]) if row["detail"] else {}} for row in rows]


def required_wait(failures: int, last_failure_at: float | None, now: float, free: int = FREE_FAILURES) -> float:
    """Seconds still to wait before the next attempt, after ``failures`` failures in a row of which
    ``free`` need no wait."""
    if failures < free or last_failure_at is None:
        return 0.0
    delay = DELAYS[min(failures - free, len(DELAYS) - 1)]
    return max(0.0, last_failure_at + delay - now)


def client_address(peer: str | None, forwarded_for: list[str], trusted: str | None = None) -> str:
    """Who an attempt comes from, for counting failures: the connection's address (``peer``; None for
    this machine, as Streamlit gives it). Behind a reverse proxy named in ``$NTM_TRUSTED_PROXIES``
    (or ``trusted``), the nearest address in X-Forwarded-For (``forwarded_for``: the header's values)
    that is not such a proxy; anything further left was written by the client and is not believed.
    An IPv6 address counts as its /64 network, which one subscriber gets whole."""
    proxies = _networks(os.environ.get(TRUSTED_PROXIES_VARIABLE, "") if trusted is None else trusted)
    address = _address(peer) if peer else ipaddress.ip_address("127.0.0.1")
    if address is None:
        return peer[:NAME_KEPT_CHARACTERS]
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    if hops and not proxies:
        _warn_forwarded_for_ignored()
    while hops and any(address in network for network in proxies):
        hop = _address(hops.pop())
        if hop is None:  # not an address: the proxy's own is the best we know
            break
        address = hop
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:1.2.3.4 is 1.2.3.4
    return mapped or address


def _networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            logging.getLogger(__name__).error(
                "%s: %r is not an address or network; ignored", TRUSTED_PROXIES_VARIABLE, item
            )
    return networks


@functools.cache
def _warn_forwarded_for_ignored() -> None:
    logging.getLogger(__name__).warning(
        "X-Forwarded-For received but %s is not set: every sign-in is counted as coming from the proxy. "
        "Name the reverse proxy's address there.",
        TRUSTED_PROXIES_VARIABLE,
    )


def _audit(
    con: sqlite3.Connection, now: float, actor: str | None, event: str, subject: str | None, **detail: object
) -> None:
    con.execute(
        "insert into audit (at, actor, event, subject, detail) values (?, ?, ?, ?, ?)",
        [now, actor, event, subject, json.dumps(detail, ensure_ascii=False) if detail else None],
    )


def _origin(client: str | None) -> dict[str, str]:
    """Where a change came from (``etl.actions.Actor.client``), for its audit record, when the caller says."""
    return {} if client is None else {"client": client}


def _user(con: sqlite3.Connection, row: sqlite3.Row, now: float) -> User:
    """An account, with its failed sign-ins from every address and the last pause of an address on it."""
    name = row["username"]
    counted = con.execute(
        "select failures, last_failure_at, locked_until from sign_in_throttle"
        " where kind = ? and username = ? and client = ?",
        _NAME.key(name, ""),
    ).fetchone()
    (locked_until,) = con.execute(
        "select max(locked_until) from sign_in_throttle where kind = ? and username = ? and locked_until > ?",
        [_PAIR.kind, name, now],
    ).fetchone()
    return User(
        name,
        row["display_name"],
        row["role"],
        Scope.parse(row["scope"]),
        bool(row["active"]),
        _current(counted, now).failures,
        locked_until,
        row["created_at"],
    )


def _forget_ended_sessions(con: sqlite3.Connection, now: float) -> None:
    con.execute("delete from session where expires_at <= ? or last_seen_at <= ?", [now, now - SESSION_IDLE_SECONDS])


def _lift_pauses(con: sqlite3.Connection, name: str) -> None:
    """Forget the failures on ``name``, and those of the addresses that failed on it."""
    con.execute(
        "delete from sign_in_throttle where kind = ? and client in (select client from sign_in_throttle"
        " where kind = ? and username = ?)",
        [_CLIENT.kind, _PAIR.kind, name],
    )
    con.execute("delete from sign_in_throttle where kind != ? and username = ?", [_CLIENT.kind, name])


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
