"""Read → validate → load, one file at a time, one transaction per file.

A file with any error writes nothing. A valid file is compared with the values in force: rows
that are new or changed are written under a new batch (the old values are kept, marked as
superseded by it); a file that changes nothing writes nothing and says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import getpass
import hashlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl import sandbox, warehouse, workbook
from etl.highlight import SUMMARY_SHEET
from etl.problems import Findings, Problem
from etl.readers import READERS
from etl.readers.common import Catalogue, Context, Record, label_columns
from etl.scope import Scope
from etl.scope import check as check_scope
from etl.table import Table, locate
from etl.templates import INSTRUCTIONS_SHEET
from ntm import config
from ntm.catalogue import spec
from ntm.criteria_sets import all_sets, criteria
from ntm.units import Units

# A sheet must match at least this much of a dataset's header to be taken as that dataset.
MIN_HEADER_SCORE = 2.5
# Sheets this project adds to the workbooks it hands out (a template's instructions, the list of
# problems in a marked copy): never data, so skipped without a warning when such a file comes back.
AUXILIARY_SHEETS = frozenset({INSTRUCTIONS_SHEET, SUMMARY_SHEET})


# The columns ``compare`` adds to a dataset's own (whose names never start with "_"): which dataset,
# where in the file, and the record's status against the values in force.
DATASET, SHEET, ROW, DISTRICT, STATUS = "_dataset", "_sheet", "_row", "_district", "_status"
OLD = "_old_"  # before a field's name: its value in force


@dataclass
class Result:
    file: str
    status: str  # loaded | unchanged | rejected
    dataset: str | None = None
    batch_id: int | None = None
    rows: int = 0
    rows_new: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: pd.DataFrame | None = None  # one row per record: its fields and ``compare``'s columns (_status …)
    dry_run: bool = False
    readable: bool = False  # its sheets could be read (so a copy with the problems marked can be made)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def as_json(self, lang: str = "vi") -> dict:
        body = {
            "file": self.file,
            "status": self.status,
            "dataset": self.dataset,
            "batch_id": self.batch_id,
            "rows": self.rows,
            "rows_new": self.rows_new,
            "rows_changed": self.rows_changed,
            "rows_unchanged": self.rows_unchanged,
            "errors": [p.as_json(lang) for p in self.errors],
            "warnings": [p.as_json(lang) for p in self.warnings],
        }
        if self.dry_run:
            body["dry_run"] = True
        return body


class _NothingToWrite(Exception):
    """Raised inside the write transaction to abandon it when the file changes nothing."""


def load_path(db: Path, path: Path, **options) -> Result:
    # A name whose bytes are not UTF-8 (a file from another system) is shown with "�" in their place.
    name = os.fsencode(Path(path).name).decode("utf-8", errors="replace")
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        findings = Findings(name)
        findings.error("file_unreadable", reason=exc.strerror or str(exc))
        return Result(name, "rejected", problems=findings.items)
    return load_bytes(db, name, content, **options)


def load_bytes(
    db: Path,
    name: str,
    content: bytes,
    *,
    year: int | None = None,
    dry_run: bool = False,
    user: str | None = None,
    dataset: str | None = None,
    scope: Scope | None = None,
) -> Result:
    """Validate one file and, unless ``dry_run``, write it in one transaction.

    ``scope`` is what the loading account may write (``etl.scope``): any row outside it rejects the
    file. None means the whole province: the machine's operator, loading from the command line.
    """
    db = Path(db)
    if not db.exists():
        warehouse.init(db)
    findings = Findings(name)
    parsed = _parse_in_sandbox(db, name, content, findings, year=year, dataset=dataset, scope=scope)
    result = Result(
        name, "rejected", dataset=parsed.dataset, problems=findings.items, dry_run=dry_run, readable=parsed.readable
    )
    if findings.errors:
        return result

    if dry_run:
        con = warehouse.read_only(db)
        try:
            changes = compare(con, parsed.incoming)
        finally:
            con.close()
        result.changes = changes
        _count(result, changes)
        result.status = "loaded" if (changes[STATUS] != "unchanged").any() else "unchanged"
        return result

    try:
        with warehouse.transaction(db, writes=_tables_written(parsed)) as con:
            changes = compare(con, parsed.incoming)
            result.changes = changes
            _count(result, changes)
            if not (changes[STATUS] != "unchanged").any():
                raise _NothingToWrite
            result.batch_id = write(con, parsed, changes, name, content, user or getpass.getuser(), result)
            result.status = "loaded"
    except _NothingToWrite:
        result.status = "unchanged"
    return result


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Reading a national workbook makes about a million small lists, dicts and records, none of
    them in a reference cycle, and keeps them; Python's cycle collector walked them over and over,
    half the time its rows took to read (python -m bench). Reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_in_sandbox(db: Path, name: str, content: bytes, findings: Findings, **options) -> Parsed:
    """``parse`` in the sandbox's worker process: a file that crashes the reader or exceeds its limits
    is rejected with the limit it hit, and this process carries on."""
    try:
        parsed, problems = sandbox.run(_parse_and_report, db, name, content, **options)
    except sandbox.Unsafe as unsafe:
        findings.error(unsafe.key, **unsafe.params)
        return Parsed(None, {})
    findings.items.extend(problems)
    return parsed


def _parse_and_report(db: Path, name: str, content: bytes, **options) -> tuple[Parsed, list[Problem]]:
    """What the worker runs: the file parsed, and its findings."""
    findings = Findings(name)
    with _cycle_collector_paused():
        return parse(db, name, content, findings, **options), findings.items


@dataclass
class Parsed:
    dataset: str | None
    # Dataset -> one row per record: its values, _sheet, _row and _district. A frame rather than the
    # records: it crosses from the worker in a few milliseconds, 190,000 records took a second.
    incoming: dict[str, pd.DataFrame]
    readable: bool = False  # the file's sheets could be read


def parse(
    db: Path,
    name: str,
    content: bytes,
    findings: Findings,
    *,
    year: int | None = None,
    dataset: str | None = None,
    scope: Scope | None = None,
) -> Parsed:
    """Read and validate a file without writing anything."""
    sheets = workbook.read(name, content, findings)
    if not sheets:
        return Parsed(None, {})
    con = warehouse.read_only(db)
    try:
        ctx = Context(name, findings, Units.from_db(con), _catalogue(con), year)
    finally:
        con.close()

    tables = _tables(sheets, ctx, dataset)
    if not tables:
        if not findings.errors:
            findings.error("no_table_found", expected=_dataset_names(dataset))
        return Parsed(None, {}, readable=True)

    records: dict[str, list[Record]] = {}
    order = list(READERS)
    for table in sorted(tables, key=lambda t: order.index(t.dataset.key)):
        label_columns(table, ctx)
        records.setdefault(table.dataset.key, []).extend(READERS[table.dataset.key].read(table, ctx))
    if scope is not None:
        check_scope(scope, records, findings, ctx.units)
    primary = next(key for key in order if key in records and not _companion(key))
    return Parsed(primary, {key: _incoming(items) for key, items in records.items() if items}, readable=True)


def _companion(dataset: str) -> str | None:
    return getattr(READERS[dataset], "COMPANION_OF", None)


def _tables(sheets, ctx: Context, forced: str | None) -> list[Table]:
    """The table of each sheet, with the dataset whose header it matches best."""
    choices = [key for key in READERS if not forced or key == forced or _companion(key) == forced]
    tables = []
    for sheet in sheets:
        if sheet.name in AUXILIARY_SHEETS:
            continue
        if not sheet.visible:
            ctx.findings.warning("sheet_hidden_skipped", sheet.name)
            continue
        candidates = [locate(sheet, spec().datasets[key], _criterion_numbers(key, ctx)) for key in choices]
        candidates = [c for c in candidates if c is not None and c.score >= MIN_HEADER_SCORE]
        if not candidates:
            if any(row for row in sheet.rows if any(str(v).strip() for v in row)):
                ctx.findings.warning("sheet_ignored", sheet.name)
            continue
        tables.append(max(candidates, key=lambda t: t.score))
    return tables


def _criterion_numbers(dataset: str, ctx: Context) -> frozenset[int]:
    """The criteria to look for as columns, for datasets laid out one column per criterion."""
    return ctx.catalogue.criterion_numbers if getattr(READERS[dataset], "CRITERION_COLUMNS", False) else frozenset()


def _dataset_names(forced: str | None) -> str:
    keys = [forced] if forced else [k for k in READERS if not _companion(k)]
    return "; ".join(spec().datasets[k].name_vi for k in keys)


def _catalogue(con: duckdb.DuckDBPyConnection) -> Catalogue:
    return Catalogue(
        criterion_numbers=frozenset(c.number for each in all_sets() for c in criteria(each.code)),
        indicator_codes=frozenset(r[0] for r in con.execute("select indicator_code from indicator").fetchall()),
        measure_codes=frozenset(r[0] for r in con.execute("select measure_code from measure").fetchall()),
    )


def _incoming(records: list[Record]) -> pd.DataFrame:
    # Column by column: a frame from 190,000 dicts (a national criteria workbook) took longer.
    keys = dict.fromkeys(itertools.chain.from_iterable(r.values for r in records))
    return pd.DataFrame(
        {
            **{key: [r.values.get(key) for r in records] for key in keys},
            SHEET: [r.sheet for r in records],
            ROW: [r.row for r in records],
            DISTRICT: [r.district_code for r in records],
        }
    )


def compare(con: duckdb.DuckDBPyConnection, incoming: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every record (a row of ``incoming``'s frames) with its status against the values in force:
    new, changed or unchanged."""
    frames = []
    for dataset, rows in incoming.items():
        store = READERS[dataset].STORE
        con.register("incoming", rows)
        try:
            on = " and ".join(f"c.{k} is not distinct from i.{k}" for k in store.key)
            same = " and ".join(f"c.{v} is not distinct from i.{v}" for v in store.values)
            old = ", ".join(f"c.{v} as {OLD}{v}" for v in store.values)
            frame = con.execute(f"""
                select i.*, {old},
                    case when c.batch_id is null then 'new'
                         when {same} then 'unchanged'
                         else 'changed' end as {STATUS}
                from incoming i
                left join (select * from {store.table} where superseded_by is null) c on {on}
                order by i.{ROW}
            """).df()
        finally:
            con.unregister("incoming")
        frame.insert(0, DATASET, dataset)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[DATASET, STATUS])


def _count(result: Result, changes: pd.DataFrame) -> None:
    """Counts per row of the file: a row is changed if any of its values changed."""
    # Vectorised: a Python function per row took seconds on a national workbook (python -m bench).
    flags = pd.DataFrame({"new": changes[STATUS] == "new", "unchanged": changes[STATUS] == "unchanged"})
    per_row = flags.groupby([changes[DATASET], changes[SHEET], changes[ROW]]).all()
    result.rows = len(per_row)
    result.rows_new = int(per_row["new"].sum())
    result.rows_unchanged = int(per_row["unchanged"].sum())
    result.rows_changed = result.rows - result.rows_new - result.rows_unchanged


def write(con, parsed: Parsed, changes: pd.DataFrame, name: str, content: bytes, user: str, result: Result) -> int:
    batch_id = con.execute("select nextval('batch_seq')").fetchone()[0]
    content_hash = hashlib.sha256(content).hexdigest()
    con.execute(
        "insert into batch values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded')",
        [
            batch_id,
            parsed.dataset,
            name,
            content_hash,
            user,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
            result.rows,
            result.rows_new,
            result.rows_changed,
            result.rows_unchanged,
            is_bundled_sample(content_hash),
        ],
    )
    for dataset, frame in changes.groupby(DATASET):
        store = READERS[dataset].STORE
        moving = frame[frame[STATUS] != "unchanged"][list(store.key + store.values)]
        if moving.empty:
            continue
        con.register("moving", moving)
        try:
            on = " and ".join(f"t.{k} is not distinct from m.{k}" for k in store.key)
            # A join, not ``where exists (…)``, which DuckDB ran some 50 times slower over the
            # rows in force of a national warehouse.
            con.execute(
                f"""
                update {store.table} t set superseded_by = ?
                from moving m where t.superseded_by is null and {on}
            """,
                [batch_id],
            )
            columns = ", ".join(store.key + store.values)
            con.execute(f"insert into {store.table} ({columns}, batch_id) select {columns}, ? from moving", [batch_id])
        finally:
            con.unregister("moving")
    refresh_sample_flag(con)
    return batch_id


def _tables_written(parsed: Parsed) -> set[str]:
    """Every table ``write`` may change: the batch, the flag in meta and the datasets' tables."""
    return {"batch", "meta"} | {READERS[dataset].STORE.table for dataset in parsed.incoming}


def is_bundled_sample(content_hash: str) -> bool:
    """Whether a file (by its SHA-256) is one of the bundled sample workbooks, byte for byte: the one
    test of "sample data", whose values the dashboard badges as such and may show to anyone. A title
    saying "DỮ LIỆU MẪU" makes nothing sample: changed, such a file holds someone's real figures."""
    return content_hash in bundled_sample_hashes()


@functools.cache
def bundled_sample_hashes() -> list[str]:
    return sorted(
        hashlib.sha256(path.read_bytes()).hexdigest() for path in config.SAMPLE_DIR.glob("*") if path.is_file()
    )


_BATCHES_IN_FORCE = " union ".join(
    f"select batch_id from {reader.STORE.table} where superseded_by is null" for reader in READERS.values()
)
# Whether any value in force came from the bundled sample workbooks (the dashboard's badge), and whether
# every one did (public viewing; true when nothing is loaded): one row, any_sample and only_sample. By the
# batches' content hashes (the parameter: ``bundled_sample_hashes()``), so a database loaded before sample
# data was decided this way is judged the same way.
SAMPLE_IN_FORCE = f"""
    select coalesce(bool_or(sample), false) as any_sample, coalesce(bool_and(sample), true) as only_sample
    from (select list_contains(?, content_hash) as sample from batch where batch_id in ({_BATCHES_IN_FORCE}))
"""


def refresh_sample_flag(con: duckdb.DuckDBPyConnection) -> None:
    """meta.sample_data = 'true' while any value in force came from a sample workbook."""
    any_sample, _ = con.execute(SAMPLE_IN_FORCE, [bundled_sample_hashes()]).fetchone()
    con.execute("insert or replace into meta values ('sample_data', ?)", ["true" if any_sample else "false"])
