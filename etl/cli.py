"""The command line: ``python -m etl init | sample | load | summary``.

The words, flags, exit codes and JSON keys here are a contract that scripts rely on: keep them.
Exit codes of ``load``: 0 loaded or unchanged, 1 rejected (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl import load, warehouse
from ntm import config
from ntm.i18n import t

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
    summary.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="database file (default: $NTM_DB or data/ntm.duckdb)")


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not config.FIRST_YEAR <= value <= config.LAST_YEAR:
        raise argparse.ArgumentTypeError(f"year must be {config.FIRST_YEAR}–{config.LAST_YEAR}: {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"init": _init, "sample": _sample, "load": _load, "summary": _summary}[args.command]
    try:
        return handler(args)
    except warehouse.WarehouseBusy:
        print(t("etl.db_busy", args.lang), file=sys.stderr)
        return EXIT_REJECTED
    except warehouse.WarehouseUnwritable as exc:
        print(t("etl.db_unwritable", args.lang, reason=str(exc)), file=sys.stderr)
        return EXIT_REJECTED


def _init(args) -> int:
    db = config.db_path(args.db)
    counts = warehouse.init(db)
    print(t("etl.init_done", args.lang, db=db, communes=counts["commune"], districts=counts["district"],
            criteria=counts["criterion"]))
    return EXIT_OK


def _sample(args) -> int:
    from etl import sample

    paths = sample.write_samples(args.out)
    for path in paths:
        print(path)
    return EXIT_OK


def _load(args) -> int:
    db = config.db_path(args.db)
    results = [load.load_path(db, path, year=args.year, dry_run=args.dry_run, user=args.user)
               for path in args.files]
    if args.json:
        payload = [r.as_json(args.lang) for r in results]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        for result in results:
            _print_result(result, args.lang)
    return EXIT_REJECTED if any(r.status == "rejected" for r in results) else EXIT_OK


def _print_result(result: load.Result, lang: str) -> None:
    key = f"etl.result_{result.status}" + ("_dry_run" if result.dry_run and result.status == "loaded" else "")
    print(t(key, lang, file=result.file, batch=result.batch_id, rows=result.rows, new=result.rows_new,
            changed=result.rows_changed, unchanged=result.rows_unchanged))
    for problem in result.errors:
        print(f"  ✗ {problem.where(lang)}: {problem.message(lang)}")
    for problem in result.warnings:
        print(f"  ! {problem.where(lang)}: {problem.message(lang)}")


def _summary(args) -> int:
    from ntm import queries

    db = config.db_path(args.db)
    if not db.exists():
        print(t("etl.db_missing", args.lang, db=db), file=sys.stderr)
        return EXIT_REJECTED
    figures = queries.summary(db, args.year)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return EXIT_OK
