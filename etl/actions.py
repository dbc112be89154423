"""What can change the data or the accounts, and what the audit log records of it: one function per
action, called alike by the pages (upload, history, users) and the command line (``etl/cli.py``).

Each takes who acts (``Actor``), checks what they may do, does it, and writes its audit record, so
both routes leave the same trail. The records (``etl.auth`` keeps the log; subject, then detail):

- loading a file: ``upload``, or ``upload_rejected`` when refused; the file name; dataset, status,
  batch, rows, new, changed, unchanged, errors, dry_run. A dry run is recorded only when refused
  (one that passes changes nothing).
- rolling back a batch: ``rollback``; the batch undone; batch (the rollback's own), withdrawn,
  restored. Refused: ``rollback_refused``, with the reason.
- changing an account: ``user_added`` and ``user_changed`` (with role and scope), ``user_enabled``,
  ``user_disabled``, ``password_reset``, ``user_unlocked``; the account. ``public_view_on``/``_off``.
- ending an account's sessions: ``sessions_ended``; the account; session (its id, or "all"), sessions.
- the data API's tokens: ``token_added`` (with scope and expires_at), ``token_revoked``; the token's name.

Every record also holds ``client``: the browser's address for a page, ``command line`` otherwise.
Its actor is the account's name, or the machine's operator's.
"""

from __future__ import annotations

import getpass
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from etl import auth, history, load
from etl.scope import NOTHING, Scope

COMMAND_LINE = "command line"  # the client of whatever is done from the command line


@dataclass(frozen=True)
class Actor:
    """Who acts, with what rights, from where. ``account`` None is the machine's operator (whoever
    runs the command line), who has every right."""

    name: str
    account: auth.User | None = None
    client: str = COMMAND_LINE

    @classmethod
    def signed_in(cls, account: auth.User, client: str) -> Actor:
        """An account signed in on a page, from the browser's address ``client``."""
        return cls(account.username, account, client)

    @classmethod
    def operator(cls, store: auth.Accounts, name: str | None = None) -> Actor:
        """Whoever runs the command line: the account called ``name`` if the store has one (its rights
        apply), otherwise the operator, recorded as ``name`` or as the system user."""
        account = store.user(name) if name and store.path.exists() else None  # never making the store to look
        return cls(account.username, account) if account else cls(name or getpass.getuser())

    @property
    def write_scope(self) -> Scope:
        """What the actor may load: the province for the operator; nothing for a viewer or a disabled account."""
        return self.account.write_scope if self.account else Scope.province()

    @property
    def is_admin(self) -> bool:
        return self.account is None or (self.account.active and self.account.role == auth.ADMIN)


# Loading -----------------------------------------------------------------------------------------


def load_file(
    db: Path,
    store: auth.Accounts,
    actor: Actor,
    name: str,
    content: bytes,
    *,
    year: int | None = None,
    dataset: str | None = None,
    dry_run: bool = False,
) -> load.Result:
    """Check the file ``name`` and, unless ``dry_run``, load it, within the actor's scope (the loader
    rejects any row outside it)."""
    result = load.load_bytes(
        db, name, content, year=year, dry_run=dry_run, user=actor.name, dataset=dataset, scope=actor.write_scope
    )
    _record_load(store, actor, result)
    return result


def load_path(
    db: Path, store: auth.Accounts, actor: Actor, path: Path, *, year: int | None = None, dry_run: bool = False
) -> load.Result:
    """``load_file`` for a file on disk (one that cannot be read is rejected, and recorded as such)."""
    result = load.load_path(db, path, year=year, dry_run=dry_run, user=actor.name, scope=actor.write_scope)
    _record_load(store, actor, result)
    return result


def _record_load(store: auth.Accounts, actor: Actor, result: load.Result) -> None:
    if result.dry_run and result.status != "rejected":
        return  # nothing changed and nothing was refused
    _record(
        store,
        actor,
        "upload_rejected" if result.status == "rejected" else "upload",
        result.file,
        dataset=result.dataset,
        status=result.status,
        batch=result.batch_id,
        rows=result.rows,
        new=result.rows_new,
        changed=result.rows_changed,
        unchanged=result.rows_unchanged,
        errors=len(result.errors),
        dry_run=result.dry_run,
    )


# Rolling back ------------------------------------------------------------------------------------


def rollback(db: Path, store: auth.Accounts, actor: Actor, batch_id: int) -> history.Rollback:
    """Undo batch ``batch_id``: an admin or the operator any batch, an analyst only their own, a viewer
    or a disabled account none. Raises ``history.RollbackRefused`` (recorded; nothing changed)."""
    try:
        if actor.write_scope.kind == NOTHING:
            raise history.RollbackRefused("rollback_no_rights", user=actor.name)
        done = history.rollback(db, batch_id, actor.name, own_only=not actor.is_admin)
    except history.RollbackRefused as refused:
        _record(store, actor, "rollback_refused", str(batch_id), reason=refused.key)
        raise
    _record(
        store,
        actor,
        "rollback",
        str(batch_id),
        batch=done.batch_id,
        withdrawn=done.rows_withdrawn,
        restored=done.rows_restored,
    )
    return done


def _record(store: auth.Accounts, actor: Actor, event: str, subject: str, **detail: object) -> None:
    """The audit record of a load or a rollback, written after it. The data change stands whatever
    happens here, so an accounts store that cannot be written (a read-only folder) is reported in
    the log rather than as a failure of what was done."""
    try:
        store.record(actor.name, event, subject, **detail, client=actor.client)
    except (sqlite3.Error, OSError) as exc:
        logging.getLogger(__name__).error(
            "%s %s by %s not in the audit log (%s): %s", event, subject, actor.name, store.path, exc
        )


# Accounts (only an admin or the operator; the store writes each change and its record together) -----


def add_user(
    store: auth.Accounts, actor: Actor, username: str, display_name: str, role: str, scope: Scope, password: str
) -> auth.User:
    _require_admin(actor)
    return store.add_user(username, display_name, role, scope, password, actor.name, client=actor.client)


def set_role(store: auth.Accounts, actor: Actor, username: str, role: str, scope: Scope) -> None:
    _require_admin(actor)
    store.set_role(_stored_name(username), role, scope, actor.name, client=actor.client)


def set_active(store: auth.Accounts, actor: Actor, username: str, active: bool) -> None:
    """Enable or disable an account (disabling ends its sessions); an admin never disables their own."""
    _require_admin(actor)
    username = _stored_name(username)
    if not active and actor.account is not None and actor.account.username == username:
        raise auth.AccountError("cannot_disable_self")
    store.set_active(username, active, actor.name, client=actor.client)


def reset_password(store: auth.Accounts, actor: Actor, username: str, password: str) -> None:
    _require_admin(actor)
    store.reset_password(_stored_name(username), password, actor.name, client=actor.client)


def unlock(store: auth.Accounts, actor: Actor, username: str) -> None:
    _require_admin(actor)
    store.unlock(_stored_name(username), actor.name, client=actor.client)


def set_public_view(store: auth.Accounts, actor: Actor, on: bool) -> None:
    _require_admin(actor)
    store.set_public_view(on, actor.name, client=actor.client)


def end_sessions(store: auth.Accounts, actor: Actor, username: str, session_id: str | None = None) -> int:
    """End one of the account's sessions (``auth.Session.session_id``), or every one; how many ended."""
    _require_admin(actor)
    return store.end_sessions(_stored_name(username), actor.name, session_id, client=actor.client)


def add_token(store: auth.Accounts, actor: Actor, name: str, scope: Scope, expires_at: float | None) -> str:
    """A new bearer token of the data API, returned this once (the store keeps its hash)."""
    _require_admin(actor)
    return store.add_token(name, scope, expires_at, actor.name, client=actor.client)


def revoke_token(store: auth.Accounts, actor: Actor, name: str) -> None:
    _require_admin(actor)
    store.revoke_token(name, actor.name, client=actor.client)


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise auth.AccountError("not_an_admin", user=actor.name)


def _stored_name(username: str) -> str:
    """An account's name as stored (lower case), as typed on the command line or chosen on a page."""
    return username.strip().lower()
