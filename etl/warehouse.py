"""The database file and how it is written.

DuckDB lets one process hold a file for writing, and the dashboard keeps it open for reading.
So no writer ever opens the published file: a write copies it, changes the copy inside one
transaction, checkpoints it and renames it over the original (an atomic rename on one file
system). Readers that still hold the old file keep seeing the old figures until they reopen,
which the dashboard does when the file changes. A crash at any point leaves either the old
file or the new one, never a mixture. Writers queue on a lock file beside the database.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import duckdb

from ntm import config, criteria_sets, reference, schema

LOCK_WAIT_SECONDS = 60


class WarehouseBusy(RuntimeError):
    """Another load holds the database for longer than we are willing to wait."""


class WarehouseUnwritable(RuntimeError):
    """The database folder cannot be written (read-only, full disk, missing permission)."""


# Nothing may reach the network at run time: no extension is fetched or loaded implicitly.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), config=OFFLINE)


def read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the published file, for reading it while others may publish a new one."""
    return duckdb.connect(str(path), read_only=True, config=OFFLINE)


@contextlib.contextmanager
def _writer_lock(db: Path, wait_seconds: float | None = None) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(db.name + ".lock")
    try:
        handle = lock_path.open("a+")
    except OSError as exc:
        raise WarehouseUnwritable(str(exc)) from exc
    with handle:  # closing the file releases the lock
        deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(str(db)) from None
                time.sleep(0.05)
        yield


@contextlib.contextmanager
def transaction(
    db: Path, wait_seconds: float | None = None, writes: Collection[str] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a private copy of the database; publish it if the block succeeds.

    Everything done inside the block is one transaction: either all of it is published or none.
    ``wait_seconds`` for the lock defaults to ``LOCK_WAIT_SECONDS``, read when called.
    ``writes`` names every table the block may change, when the caller knows them: the marts
    built on none of them are published as they were instead of being rebuilt. None (the
    default) means any table: every mart is rebuilt.
    """
    db = Path(db)
    with _writer_lock(db, wait_seconds):
        work = db.with_name(f".{db.name}.{os.getpid()}.writing")
        _remove_stale_work_files(db)
        try:
            if db.exists():
                shutil.copyfile(db, work)
        except OSError as exc:
            _remove_quietly(work)
            raise WarehouseUnwritable(str(exc)) from exc
        with _writing(work, db, writes) as con:
            yield con


def build(out: Path, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Create the database ``out`` afresh: today's schema, the rows ``fill`` writes and every mart
    built from them, published atomically like a write. For a file derived from the database (a
    pinned link's data, ``ui.snapshots``): its caller alone writes ``out``, so no lock is taken."""
    work = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.writing")
    _remove_quietly(work)
    with _writing(work, out, writes=None) as con:
        fill(con)


@contextlib.contextmanager
def _writing(work: Path, db: Path, writes: Collection[str] | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open ``work``, yield it inside one transaction with today's schema, build its marts and
    publish it as ``db``; on any failure remove it and leave ``db`` as it was."""
    try:
        con = _open(work)
    except OSError as exc:
        _remove_quietly(work)
        raise WarehouseUnwritable(str(exc)) from exc
    try:
        con.execute("begin transaction")
        kept = _set_aside_unaffected_marts(con, writes)
        _apply_sql(con)
        yield con
        _materialise(con, kept)
        con.execute("commit")
        con.execute("checkpoint")
        con.close()
        _publish(work, db)
    except BaseException:
        with contextlib.suppress(Exception):
            con.close()
        _remove_quietly(work)
        raise


def _publish(work: Path, db: Path) -> None:
    try:
        with open(work, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(work, db)
        directory = os.open(db.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT):
            raise WarehouseUnwritable(str(exc)) from exc
        raise


def _remove_stale_work_files(db: Path) -> None:
    """Work files left by writers that were killed. Only a writer holding the lock has a live one,
    and the caller holds it now, so every one found is stale."""
    for stale in db.parent.glob(f".{db.name}.*.writing*"):  # the work file and its write-ahead log
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def backup(db: Path, out: Path) -> Path:
    """Copy the published database to ``out`` and check the copy opens.

    The published file is never changed in place (writers rename a new file over it), and the copy
    is taken under the writers' lock, so it is one consistent state even while the dashboard runs."""
    db, out = Path(db), Path(out)
    partial = out.with_name(f".{out.name}.partial")
    with _writer_lock(db):
        try:
            shutil.copyfile(db, partial)
        except OSError as exc:
            _remove_quietly(partial)
            raise WarehouseUnwritable(str(exc)) from exc
    try:
        _check_opens(partial)
        os.replace(partial, out)
    finally:
        _remove_quietly(partial)
    return out


def restore(db: Path, source: Path) -> None:
    """Publish a backup as the database, atomically (readers see the old state or the restored one).

    Raises ``duckdb.Error`` when ``source`` is not a database this code can open."""
    db, source = Path(db), Path(source)
    _check_opens(source)
    with _writer_lock(db):
        _remove_stale_work_files(db)
        work = db.with_name(f".{db.name}.{os.getpid()}.writing")
        try:
            shutil.copyfile(source, work)
            _publish(work, db)
        except OSError as exc:
            _remove_quietly(work)
            raise WarehouseUnwritable(str(exc)) from exc


def _check_opens(path: Path) -> None:
    con = read_only(path)
    try:
        con.execute("select count(*) from batch").fetchone()
    finally:
        con.close()


def _remove_quietly(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, then views (``schema.sql_files``: etl/sql/tables/, then etl/sql/views/, each by number),
    idempotent, so every write leaves the schema matching this code. Reference tables of an older
    shape are made anew and filled again."""
    _drop_materialised(con)
    reshaped = _drop_reshaped_reference_tables(con)
    for path in schema.sql_files():
        con.execute(path.read_text(encoding="utf-8"))
    if reshaped:
        load_reference(con)


def _drop_reshaped_reference_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Drop each reference table whose columns are not today's (schema.REFERENCE_SQL): one made by
    an older version, keyed otherwise (a unit's code alone, a criterion's number alone). Whether any was."""
    shape = (
        "select table_name, list(column_name || ' ' || data_type order by column_index) from duckdb_columns()"
        " where database_name = current_database() and schema_name = 'main' group by table_name"
    )
    with duckdb.connect(config=OFFLINE) as declared:
        declared.execute(schema.REFERENCE_SQL.read_text(encoding="utf-8"))
        today = dict(declared.execute(shape).fetchall())
    reshaped = [name for name, columns in con.execute(shape).fetchall() if name in today and columns != today[name]]
    for name in reshaped:
        con.execute(f"drop table {name}")
    return bool(reshaped)


def _drop_materialised(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the tables standing for views, so the views can be created again: every view's name,
    not only those marked now, so that a view no longer marked becomes a view again."""
    views = {name for path in schema.sql_files() for name in schema.VIEW.findall(path.read_text(encoding="utf-8"))}
    tables = con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
    for (name,) in tables:
        if name in views:
            con.execute(f"drop table {name}")


def _materialise(con: duckdb.DuckDBPyConnection, kept: set[str]) -> None:
    """Replace each marked view by a table of its rows, or by the table set aside for it; each
    table notes the SQL it was built from."""
    source = schema.sql_fingerprint()
    for name in schema.materialised_views():
        if name not in kept:
            con.execute(f"create table {name}{_SET_ASIDE} as select * from {name}")
            con.execute(f"comment on table {name}{_SET_ASIDE} is '{source}'")
        con.execute(f"drop view {name}")
        con.execute(f"alter table {name}{_SET_ASIDE} rename to {name}")


_SET_ASIDE = "__rows"


def _set_aside_unaffected_marts(con: duckdb.DuckDBPyConnection, writes: Collection[str] | None) -> set[str]:
    """Rename out of the way each published mart that this write cannot change, so that it is kept
    rather than rebuilt: built from today's SQL, and reading none of the tables written, directly
    or through other views. Rebuilding every mart was the larger part of publishing a national
    load (python -m bench). The names of the marts set aside."""
    if writes is None:
        return set()
    source = schema.sql_fingerprint()
    published = schema.built_from(con)
    reads = schema.view_reads()
    kept = {
        name
        for name in schema.materialised_views()
        if published.get(name, "missing") == source and not reads[name] & set(writes)
    }
    for name in kept:
        con.execute(f"alter table {name} rename to {name}{_SET_ASIDE}")
    return kept


def init(db: Path) -> dict[str, int]:
    """Create the schema (if missing) and replace the reference data. Facts are kept."""
    with transaction(db) as con:
        counts = load_reference(con)
    return counts


def load_reference(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Replace every reference table by the rows of data/reference/; the number of rows of each."""
    counts: dict[str, int] = {}
    for table, (_, columns) in reference.REFERENCE_TABLES.items():
        rows = reference.table_rows(table)
        con.execute(f"delete from {table}")
        placeholders = ", ".join("?" for _ in columns)
        if rows:  # a file may hold no row yet (commune_group_members.csv)
            con.executemany(f"insert into {table} ({', '.join(columns)}) values ({placeholders})", rows)
        counts[table] = len(rows)
    counts |= _load_units(con)
    years = range(config.FIRST_YEAR, config.LAST_YEAR + 1)
    con.execute("delete from calendar_year")
    con.executemany(
        "insert into calendar_year values (?, ?, ?)",
        [(year, criteria_sets.of_year(year).code, criteria_sets.units_on(year)) for year in years],
    )
    return counts


# The columns of the unit lists (reference.UNIT_LISTS); a list of units after 1/7/2025 has no district.
_UNIT_COLUMNS = ["commune_code", "commune_name", "unit_type", "commune_name_en", "valid_from", "valid_to"]
_DISTRICT_COLUMNS = ["district_code", "district_name", "district_kind", "valid_from", "valid_to", "district_name_en"]


def _load_units(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every unit of every list, with its validity: Kiên Giang's districts and communes, and the
    units of the new An Giang (which took some of their codes)."""
    districts: dict[str, tuple] = {}
    communes: list[tuple] = []
    for file_name, territory in reference.UNIT_LISTS.items():
        for row in reference.file_rows(file_name, _UNIT_COLUMNS):
            value = {column: text or None for column, text in row.items()}
            if value.get("district_code"):
                districts[value["district_code"]] = tuple(value[column] for column in _DISTRICT_COLUMNS)
            communes.append(
                (
                    *(value[column] for column in ("commune_code", "commune_name", "unit_type")),
                    value.get("district_code"),
                    *(value[column] for column in ("valid_from", "valid_to", "commune_name_en")),
                    territory,
                    value.get("former_kien_giang"),
                )
            )
    con.execute("delete from district")
    con.executemany("insert into district values (?, ?, ?, ?, ?, ?)", list(districts.values()))
    con.execute("delete from commune")
    con.executemany("insert into commune values (?, ?, ?, ?, ?, ?, ?, ?, ?)", communes)
    return {"district": len(districts), "commune": len(communes)}
