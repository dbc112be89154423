-- The accounts store (SQLite, data/accounts.sqlite by default): accounts, sign-in sessions, settings
-- and the audit log. Kept apart from the warehouse, which is rewritten and renamed on every load:
-- a failed sign-in must be a small write, not a copy of the whole database. Applied on every open;
-- every statement is idempotent. Times are Unix seconds (UTC).

create table if not exists account (
    username            text primary key,                -- lower case
    display_name        text not null,
    role                text not null check (role in ('viewer', 'analyst', 'admin')),
    scope               text not null default 'province', -- etl.scope.Scope: province | districts:908,905 | agencies:…
    password_hash       text not null,                   -- argon2id (argon2-cffi); never the password itself
    active              integer not null default 1,
    created_at          real not null,
    password_changed_at real not null
);

-- Failed sign-ins in a row, counted three ways (ntm/auth.py): per name typed from one address
-- (kind 'name_client': only that address is locked out of that name), per address over every name
-- ('client', username '') and per name over every address ('name', client '': slows, never locks).
-- A name is counted whether or not an account has it. A row is dropped LOCK_SECONDS after its last
-- failure once no lock is in force. (Stores made before this table keep unused failed_attempts,
-- last_failure_at and locked_until columns in account.)
create table if not exists sign_in_throttle (
    kind            text not null check (kind in ('name_client', 'client', 'name')),
    username        text not null,                       -- lower case, as typed; '' for kind 'client'
    client          text not null,                       -- the address (IPv6: its /64); '' for kind 'name'
    failures        integer not null,
    last_failure_at real not null,
    locked_until    real,
    primary key (kind, username, client)
);

-- A signed-in browser: its cookie holds a random token, the store keeps the token's SHA-256 (the
-- first SESSION_ID_CHARACTERS of which name the session to an admin). Stores made before sessions
-- lived in cookies get the client column on open (etl/auth.py).
create table if not exists session (
    token_hash   text primary key,
    username     text not null references account (username),
    created_at   real not null,
    last_seen_at real not null,
    expires_at   real not null,
    client       text not null default ''               -- the address it signed in from
);

create index if not exists session_by_user on session (username);

-- Bearer tokens of the data API (python -m etl tokens): shown once, kept as their SHA-256. A token
-- reads within its scope (etl.scope.Scope, as an account's); revoking one deletes it.
create table if not exists api_token (
    name         text primary key,                      -- as an account's username
    token_hash   text not null unique,
    scope        text not null default 'province',
    created_at   real not null,
    expires_at   real,                                  -- null: until revoked
    last_used_at real
);

create table if not exists setting (
    key   text primary key,
    value text not null
);

-- Sign-ins (successful and failed), uploads, rollbacks and changes to accounts and settings.
create table if not exists audit (
    audit_id integer primary key autoincrement,
    at       real not null,
    actor    text,                                      -- who did it (the name typed, for a failed sign-in)
    event    text not null,
    subject  text,                                      -- the account, file or batch it concerns
    detail   text                                       -- JSON
);

create index if not exists audit_by_actor on audit (actor, at);
