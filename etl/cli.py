"""The command line: ``python -m etl init | sample | load | summary | units | users | tokens | history | rollback
| backup | restore``.

The words, flags, exit codes and JSON keys here are a contract that scripts rely on: keep them.
Exit codes of ``load``: 0 loaded or unchanged, 1 rejected (nothing written), 2 usage error.
``users``, ``tokens``, ``history`` and ``rollback``: 0 done, 1 refused (nothing changed), 2 usage error.

Whoever runs these commands is the machine's operator, with every right. ``--user NAME`` names
who acts; when NAME is an account of the accounts store, that account's rights apply instead
(its scope for ``load``, its own batches only for an analyst's ``rollback``, nothing for a viewer).
What they change, and the audit record of it, is done by ``etl.actions``, as for the pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import re
import sys
import time
from pathlib import Path

import duckdb

from etl import actions, auth, history, load, warehouse
from etl.scope import Scope
from ntm import config
from ntm.i18n import t
from ntm.units import Units

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors; keep that, say why
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m etl", description="NTM Kiên Giang: build and load the database.")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of messages (default vi)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    init = commands.add_parser("init", help="create the schema and the reference data")
    _db_option(init)

    sample = commands.add_parser("sample", help="write the sample workbooks")
    sample.add_argument("--out", type=Path, default=config.SAMPLE_DIR, help="folder (default data/sample)")

    load_cmd = commands.add_parser("load", help="validate and load spreadsheets")
    load_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _db_option(load_cmd)
    load_cmd.add_argument("--year", type=_year, help="the year of the data, when the file does not say")
    load_cmd.add_argument("--dry-run", action="store_true", help="validate and compare, write nothing")
    load_cmd.add_argument("--json", action="store_true", help="print the result as JSON")
    load_cmd.add_argument("--user", help="who is loading (default: the system user)")

    summary = commands.add_parser("summary", help="headline figures for a year")
    _db_option(summary)
    summary.add_argument("--year", type=_year, help="default: the latest year with data")
    summary.add_argument(
        "--scope",
        type=_scope_code,
        help="province (default: the province as it was that year), former_kien_giang, or a district's code"
        " (years before 1/7/2025)",
    )
    summary.add_argument(
        "--cutoff",
        type=_day,
        metavar="YYYY-MM-DD",
        help="count recognitions by decision date up to this day (year-end reports' 'tính đến'); default:"
        " by assessment year",
    )
    summary.add_argument("--json", action="store_true", help="print the figures as JSON")
    units = commands.add_parser("units", help="the administrative units valid on a day, or what a unit became")
    _db_option(units)
    units.add_argument(
        "--at", type=_day, metavar="YYYY-MM-DD", help="the day (with --map: the unit the code named then)"
    )
    units.add_argument("--map", metavar="CODE", help="what the unit CODE became, or what it was made from")
    units.add_argument("--json", action="store_true", help="print the units as JSON")
    _history_commands(commands)
    _users_commands(commands)
    _tokens_commands(commands)
    _backup_commands(commands)
    return parser


def _backup_commands(commands) -> None:
    backup = commands.add_parser("backup", help="copy the database to a file (safe while the dashboard runs)")
    _db_option(backup)
    backup.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the copy (default: ntm-backup-YYYYMMDD-HHMMSS.duckdb beside the database)",
    )
    restore = commands.add_parser("restore", help="publish a backup as the database")
    restore.add_argument("source", type=Path, metavar="FILE")
    _db_option(restore)


def _history_commands(commands) -> None:
    history_cmd = commands.add_parser("history", help="list the batches loaded and rolled back")
    _db_option(history_cmd)
    history_cmd.add_argument("--user", help="only this user's batches")
    history_cmd.add_argument("--json", action="store_true", help="print the batches as JSON")

    rollback_cmd = commands.add_parser("rollback", help="undo a batch: restore the values in force before it")
    rollback_cmd.add_argument("batch", type=int, metavar="BATCH")
    _db_option(rollback_cmd)
    rollback_cmd.add_argument("--user", help="who is undoing it (default: the system user)")
    rollback_cmd.add_argument("--json", action="store_true", help="print the result as JSON")


def _users_commands(commands) -> None:
    users = commands.add_parser("users", help="accounts of the dashboard (stored apart from the data)")
    actions = users.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = actions.add_parser("add", help="create an account (the first admin too)")
    add.add_argument("username")
    add.add_argument("--role", choices=auth.ROLES, required=True)
    add.add_argument("--name", help="the name shown in the dashboard (default: the username)")
    add.add_argument(
        "--district",
        action="append",
        default=[],
        metavar="DISTRICT",
        help="an analyst's district, by code or name (repeat for several)",
    )
    add.add_argument(
        "--agency", action="append", default=[], metavar="AGENCY", help="an analyst's agency code (repeat for several)"
    )
    listing = actions.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true")
    for word, text in (
        ("disable", "disable an account and end its sessions"),
        ("enable", "enable an account"),
        ("reset", "set a new password (also lifts a lock-out)"),
        ("unlock", "lift the pauses after wrong passwords on an account, from every address"),
    ):
        actions.add_parser(word, help=text).add_argument("username")
    public = actions.add_parser("public-view", help="public read-only viewing of the dashboards: on or off")
    public.add_argument("state", choices=["on", "off"])
    sessions = actions.add_parser("sessions", help="list the account's signed-in sessions (browsers)")
    sessions.add_argument("username")
    sessions.add_argument("--json", action="store_true")
    revoke = actions.add_parser("revoke", help="end the account's sessions: every one, or the one given")
    revoke.add_argument("username")
    revoke.add_argument("--session", metavar="ID", help="only this session (its id, as `users sessions` lists it)")
    _store_options(actions)
    for parser in actions.choices.values():
        if parser.prog.endswith((" add", " reset")):
            parser.add_argument(
                "--password-stdin",
                action="store_true",
                help="read the password from standard input instead of asking twice",
            )


def _tokens_commands(commands) -> None:
    tokens = commands.add_parser("tokens", help="bearer tokens of the data API (/api/v1/)")
    actions = tokens.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = actions.add_parser("add", help="make a token (printed once: only its hash is kept)")
    add.add_argument("name")
    add.add_argument(
        "--expires",
        type=_expiry,
        metavar="WHEN",
        help="last day it works, yyyy-mm-dd, or a number of days such as 90d (default: until revoked)",
    )
    add.add_argument(
        "--district",
        action="append",
        default=[],
        metavar="DISTRICT",
        help="read only this district's figures, by code or name (repeat for several)",
    )
    add.add_argument(
        "--agency",
        action="append",
        default=[],
        metavar="AGENCY",
        help="read only this agency's reporting (repeat for several)",
    )
    add.add_argument("--json", action="store_true", help="print the token and its scope as JSON")
    listing = actions.add_parser("list", help="list the tokens (never the tokens themselves)")
    listing.add_argument("--json", action="store_true")
    actions.add_parser("revoke", help="revoke a token: it stops working at once").add_argument("name")
    _store_options(actions)


def _store_options(actions) -> None:
    for parser in actions.choices.values():
        _db_option(parser)
        parser.add_argument(
            "--accounts",
            type=Path,
            default=None,
            help="accounts store (default: $NTM_ACCOUNTS_DB, or accounts.sqlite beside the database)",
        )


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="database file (default: $NTM_DB or data/ntm.duckdb)")


def _expiry(text: str) -> float:
    """``--expires``: the end of the day ``yyyy-mm-dd`` (local time), or ``N`` days from now written ``Nd``."""
    if re.fullmatch(r"[0-9]{1,5}d", text):
        return time.time() + int(text[:-1]) * 86400
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (yyyy-mm-dd) or a number of days (90d): {text!r}") from None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).timestamp()


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not config.FIRST_YEAR <= value <= config.LAST_YEAR:
        raise argparse.ArgumentTypeError(f"year must be {config.FIRST_YEAR}–{config.LAST_YEAR}: {value}")
    return value


def _scope_code(text: str) -> str:
    from analytics import scope_code

    try:
        return scope_code(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a scope: {text!r} (province, former_kien_giang or a district code)"
        ) from None


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "init": _init,
        "sample": _sample,
        "load": _load,
        "summary": _summary,
        "units": _units,
        "users": _users,
        "tokens": _tokens,
        "history": _history,
        "rollback": _rollback,
        "backup": _backup,
        "restore": _restore,
    }[args.command]
    try:
        return handler(args)
    except warehouse.WarehouseBusy:
        print(t("etl.db_busy", args.lang), file=sys.stderr)
        return EXIT_REJECTED
    except warehouse.WarehouseUnwritable as exc:
        print(t("etl.db_unwritable", args.lang, reason=str(exc)), file=sys.stderr)
        return EXIT_REJECTED
    except auth.AccountError as exc:
        print(t(f"accounts.{exc.key}", args.lang, **exc.params), file=sys.stderr)
        return EXIT_REJECTED


def _init(args) -> int:
    db = config.db_path(args.db)
    counts = warehouse.init(db)
    print(
        t(
            "etl.init_done",
            args.lang,
            db=db,
            communes=counts["commune"],
            districts=counts["district"],
            sets=counts["criteria_set"],
            criteria=counts["criterion"],
        )
    )
    return EXIT_OK


def _sample(args) -> int:
    from tools import sample

    paths = sample.write_samples(args.out)
    for path in paths:
        print(path)
    return EXIT_OK


def _load(args) -> int:
    db = config.db_path(args.db)
    store = auth.Accounts(auth.store_path(args.db))
    actor = actions.Actor.operator(store, args.user)
    results = [actions.load_path(db, store, actor, path, year=args.year, dry_run=args.dry_run) for path in args.files]
    if args.json:
        payload = [r.as_json(args.lang) for r in results]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        for result in results:
            _print_result(result, args.lang)
    return EXIT_REJECTED if any(r.status == "rejected" for r in results) else EXIT_OK


def _print_result(result: load.Result, lang: str) -> None:
    key = f"etl.result_{result.status}" + ("_dry_run" if result.dry_run and result.status == "loaded" else "")
    print(
        t(
            key,
            lang,
            file=result.file,
            batch=result.batch_id,
            rows=result.rows,
            new=result.rows_new,
            changed=result.rows_changed,
            unchanged=result.rows_unchanged,
        )
    )
    for problem in result.errors:
        print(f"  ✗ {problem.where(lang)}: {problem.message(lang)}")
    for problem in result.warnings:
        print(f"  ! {problem.where(lang)}: {problem.message(lang)}")


def _summary(args) -> int:
    from analytics import overview

    db = _existing_db(args)
    if db is None:
        return EXIT_REJECTED
    year = args.year or (args.cutoff.year if args.cutoff else overview.latest_assessed_year(db))
    if args.scope and year is not None and args.scope not in overview.scopes(db, year):
        print(t("periods.scope_unknown", args.lang, scope=args.scope, year=year), file=sys.stderr)
        return EXIT_USAGE
    figures = overview.summary(db, year, args.scope, args.cutoff)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return EXIT_OK


def _units(args) -> int:
    from analytics import units

    if args.at is None and args.map is None:
        print(t("periods.units_usage", args.lang), file=sys.stderr)
        return EXIT_USAGE
    db = _existing_db(args)
    if db is None:
        return EXIT_REJECTED
    if args.map is None:
        frame = units.units_valid_on(db, args.at)
        lines = [t("periods.unit_line", args.lang, **row._asdict()) for row in frame.itertuples()]
    else:
        frame = units.successions(db, args.map.strip(), args.at)
        if frame.empty:
            print(t("periods.unit_not_mapped", args.lang, code=args.map), file=sys.stderr)
            return EXIT_REJECTED
        lines = [_succession_line(r, args.lang) for r in frame.itertuples()]
    if args.json:
        print(frame.to_json(orient="records", force_ascii=False, indent=2, date_format="iso"))
    else:
        print("\n".join(lines))
    return EXIT_OK


def _succession_line(row, lang: str) -> str:
    """One row of ``analytics.units.successions`` as a sentence: its columns fill the message."""
    shown = {
        "extent": t(f"periods.extent_{row.extent}", lang),
        "date": row.effective_date.strftime(t("format.date", lang)),
    }
    return t(f"periods.unit_{row.direction}", lang, **(row._asdict() | shown))


def _existing_db(args) -> Path | None:
    """The database of ``--db``, or None (having said how to create it) when it does not exist."""
    db = config.db_path(args.db)
    if db.exists():
        return db
    print(t("etl.db_missing", args.lang, db=db), file=sys.stderr)
    return None


def _history(args) -> int:
    db = _existing_db(args)
    if db is None:
        return EXIT_REJECTED
    frame = history.batches(db, args.user)
    if args.json:
        frame["loaded_at"] = frame["loaded_at"].map(lambda value: value.isoformat())
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in frame.itertuples():
        print(
            t(
                "etl.history_line",
                args.lang,
                batch=row.batch_id,
                at=row.loaded_at.strftime("%d/%m/%Y %H:%M"),
                user=row.user_name,
                file=row.file_name,
                dataset=row.dataset,
                rows=row.rows_in_file,
                new=row.rows_new,
                changed=row.rows_changed,
                status=_status(row, args.lang),
            )
        )
    return EXIT_OK


def _status(row, lang: str) -> str:
    if row.status == history.ROLLBACK_STATUS:
        return t("etl.history_rollback_of", lang, batch=int(row.undoes))
    if row.status == "rolled_back":
        return t("etl.history_rolled_back", lang, batch=int(row.undone_by))
    return t("etl.history_loaded", lang)


def _rollback(args) -> int:
    db = _existing_db(args)
    if db is None:
        return EXIT_REJECTED
    store = auth.Accounts(auth.store_path(args.db))
    try:
        done = actions.rollback(db, store, actions.Actor.operator(store, args.user), args.batch)
    except history.RollbackRefused as refused:
        if args.json:
            print(
                json.dumps(
                    {"batch_id": args.batch, "status": "refused", "message": refused.message(args.lang)},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        print(refused.message(args.lang), file=sys.stderr)
        return EXIT_REJECTED
    if args.json:
        print(
            json.dumps(
                {
                    "batch_id": args.batch,
                    "status": "rolled_back",
                    "rollback_batch_id": done.batch_id,
                    "rows_withdrawn": done.rows_withdrawn,
                    "rows_restored": done.rows_restored,
                },
                indent=2,
            )
        )
    else:
        print(
            t(
                "etl.rollback_done",
                args.lang,
                batch=args.batch,
                rollback=done.batch_id,
                withdrawn=done.rows_withdrawn,
                restored=done.rows_restored,
            )
        )
    return EXIT_OK


def _backup(args) -> int:
    db = _existing_db(args)
    if db is None:
        return EXIT_REJECTED
    out = args.out or db.with_name(f"ntm-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.duckdb")
    warehouse.backup(db, out)
    print(t("etl.backup_done", args.lang, out=out, size_mb=round(out.stat().st_size / 1024 / 1024, 1)))
    return EXIT_OK


def _restore(args) -> int:
    db = config.db_path(args.db)
    try:
        warehouse.restore(db, args.source)
    except (duckdb.Error, OSError) as exc:
        print(
            t("etl.restore_not_a_database", args.lang, source=args.source, reason=str(exc).splitlines()[0]),
            file=sys.stderr,
        )
        return EXIT_REJECTED
    print(t("etl.restore_done", args.lang, db=db, source=args.source))
    return EXIT_OK


def _operator(args) -> tuple[auth.Accounts, actions.Actor]:
    """The accounts store ``--accounts`` (or the database's) and the machine's operator acting on it."""
    store = auth.Accounts(args.accounts or auth.store_path(args.db))
    return store, actions.Actor.operator(store)


def _users(args) -> int:
    store, actor = _operator(args)
    if args.action == "add":
        scope = _scope(args)
        if scope is None:
            return EXIT_USAGE
        user = actions.add_user(
            store, actor, args.username, args.name or args.username, args.role, scope, _password(args)
        )
        print(t("etl.user_added", args.lang, user=user.username, role=user.role, scope=str(user.scope)))
    elif args.action == "list":
        users = store.users()
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "username": u.username,
                            "name": u.display_name,
                            "role": u.role,
                            "scope": str(u.scope),
                            "active": u.active,
                            "locked": bool(u.locked_until and u.locked_until > store.clock()),
                        }
                        for u in users
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        for user in [] if args.json else users:
            print(
                f"{user.username}\t{user.role}\t{user.scope}\t{'active' if user.active else 'disabled'}"
                f"\t{user.display_name}"
            )
    elif args.action in ("disable", "enable"):
        actions.set_active(store, actor, args.username, args.action == "enable")
        print(t(f"etl.user_{args.action}d", args.lang, user=args.username.lower()))
    elif args.action == "unlock":
        actions.unlock(store, actor, args.username)
        print(t("accounts.unlocked", args.lang, user=args.username.lower()))
    elif args.action == "reset":
        if store.user(args.username) is None:
            raise auth.AccountError("user_unknown", username=args.username)
        actions.reset_password(store, actor, args.username, _password(args))
        print(t("etl.user_password_reset", args.lang, user=args.username.lower()))
    elif args.action == "sessions":
        _print_sessions(store, args)
    elif args.action == "revoke":
        ended = actions.end_sessions(store, actor, args.username, args.session)
        print(t("etl.sessions_ended", args.lang, user=args.username.lower(), count=ended))
    else:
        actions.set_public_view(store, actor, args.state == "on")
        print(t(f"etl.public_view_{args.state}", args.lang))
    return EXIT_OK


def _print_sessions(store: auth.Accounts, args) -> None:
    if store.user(args.username) is None:
        raise auth.AccountError("user_unknown", username=args.username)
    sessions = store.sessions(args.username)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "session": s.session_id,
                        "client": s.client,
                        "signed_in_at": _moment(s.created_at),
                        "last_seen_at": _moment(s.last_seen_at),
                        "expires_at": _moment(s.expires_at),
                    }
                    for s in sessions
                ],
                indent=2,
            )
        )
        return
    for session in sessions:
        print(
            f"{session.session_id}\t{session.client or '-'}\t{_moment(session.created_at)}"
            f"\t{_moment(session.last_seen_at)}\t{_moment(session.expires_at)}"
        )
    if not sessions:
        print(t("etl.no_sessions", args.lang, user=args.username.lower()))


def _tokens(args) -> int:
    store, actor = _operator(args)
    if args.action == "add":
        scope = _scope(args)
        if scope is None:
            return EXIT_USAGE
        token = actions.add_token(store, actor, args.name, scope, args.expires)
        if args.json:
            print(
                json.dumps(
                    {
                        "name": args.name.strip().lower(),
                        "token": token,
                        "scope": str(scope),
                        "expires_at": _moment(args.expires),
                    },
                    indent=2,
                )
            )
        else:
            print(
                t(
                    "etl.token_added",
                    args.lang,
                    name=args.name.strip().lower(),
                    scope=str(scope),
                    expires=_moment(args.expires) or t("etl.token_never_expires", args.lang),
                )
            )
            print(token)
    elif args.action == "list":
        tokens = store.tokens()
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "name": k.name,
                            "scope": str(k.scope),
                            "created_at": _moment(k.created_at),
                            "expires_at": _moment(k.expires_at),
                            "last_used_at": _moment(k.last_used_at),
                        }
                        for k in tokens
                    ],
                    indent=2,
                )
            )
        for k in [] if args.json else tokens:
            print(
                f"{k.name}\t{k.scope}\t{_moment(k.created_at)}\t{_moment(k.expires_at) or '-'}"
                f"\t{_moment(k.last_used_at) or '-'}"
            )
    else:
        actions.revoke_token(store, actor, args.name)
        print(t("etl.token_revoked", args.lang, name=args.name.strip().lower()))
    return EXIT_OK


def _moment(seconds: float | None) -> str | None:
    """A time of the accounts store (Unix seconds) as local ISO 8601, to the second."""
    return None if seconds is None else dt.datetime.fromtimestamp(seconds).isoformat(timespec="seconds")


def _scope(args) -> Scope | None:
    """An analyst's scope from ``--district``/``--agency`` (the province when neither is given)."""
    if args.district and args.agency:
        print(t("etl.scope_one_kind", args.lang), file=sys.stderr)
        return None
    if args.agency:
        return Scope.agencies(code.strip().upper() for code in args.agency)
    if not args.district:
        return Scope.province()
    db = config.db_path(args.db)
    if not db.exists():
        print(t("etl.db_missing", args.lang, db=db), file=sys.stderr)
        return None
    con = warehouse.read_only(db)
    try:
        units = Units.from_db(con)
    finally:
        con.close()
    codes = [units.find_district(text) for text in args.district]
    unknown = [text for text, code in zip(args.district, codes, strict=True) if code is None]
    if unknown:
        print(t("etl.district_unknown", args.lang, value=", ".join(unknown)), file=sys.stderr)
        return None
    return Scope.districts(codes)


def _password(args) -> str:
    """The new password: one line of standard input, or typed twice (never a command-line argument,
    which other users of the machine could see)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise auth.AccountError("password_needs_terminal")
    first = getpass.getpass(t("etl.password_prompt", args.lang))
    if getpass.getpass(t("etl.password_again", args.lang)) != first:
        raise auth.AccountError("passwords_differ")
    return first
