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
import csv
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from ntm import config

REFERENCE_TABLES = {
    # table: (file, columns), in the order they are loaded
    "criterion_group": ("criterion_groups.csv", ["group_no", "name_vi", "name_en"]),
    "criterion": ("criteria.csv", ["criterion_no", "group_no", "name_vi", "name_en", "name_confirmed"]),
    "indicator": (
        "indicators.csv",
        [
            "indicator_code", "criterion_no", "unit", "name_vi", "name_en", "code_confirmed",
            "threshold_mekong", "threshold_confirmed", "threshold_source",
        ],
    ),
    "recognition_level": ("recognition_levels.csv", ["level_code", "unit_kind", "rank", "name_vi", "name_en"]),
    "measure": ("measures.csv", ["measure_code", "unit", "direction", "name_vi", "name_en"]),
    "programme_size": ("programme_size.csv", ["year", "communes", "source"]),
    "movement_term": (
        "movement_terms.csv", ["vocabulary", "code", "sort_order", "unit", "name_vi", "name_en", "source"]
    ),
    "agency": (
        "agencies.csv",
        ["agency_code", "kind", "district_code", "name_vi", "name_en", "short_name_vi", "confirmed", "source"],
    ),
    "agency_group": ("agency_groups.csv", ["group_code", "kinds", "name_vi", "name_en"]),
    "agency_alias": ("agency_aliases.csv", ["code", "alias"]),
    "criteria_band": ("criteria_bands.csv", ["band", "min_met", "max_met", "sort_order"]),
}

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
def _writer_lock(db: Path, wait_seconds: float) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(db.name + ".lock")
    try:
        handle = lock_path.open("a+")
    except OSError as exc:
        raise WarehouseUnwritable(str(exc)) from exc
    with handle:  # closing the file releases the lock
        deadline = time.monotonic() + wait_seconds
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
def transaction(db: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a private copy of the database; publish it if the block succeeds.

    Everything done inside the block is one transaction: either all of it is published or none.
    """
    db = Path(db)
    with _writer_lock(db, wait_seconds):
        work = db.with_name(f".{db.name}.{os.getpid()}.writing")
        _remove_quietly(work)
        try:
            if db.exists():
                shutil.copyfile(db, work)
            con = _open(work)
        except OSError as exc:
            _remove_quietly(work)
            raise WarehouseUnwritable(str(exc)) from exc
        try:
            con.execute("begin transaction")
            _apply_sql(con)
            yield con
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


def _remove_quietly(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, then views (files ``etl/sql/NN_*.sql`` in order), idempotent, so every write
    leaves the schema matching this code. Tables are numbered below 50, views from 50."""
    for path in sorted(config.SQL_DIR.glob("[0-9][0-9]_*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def init(db: Path) -> dict[str, int]:
    """Create the schema (if missing) and replace the reference data. Facts are kept."""
    with transaction(db) as con:
        counts = load_reference(con)
    return counts


def load_reference(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, (file_name, columns) in REFERENCE_TABLES.items():
        rows = _read_csv(config.REFERENCE_DIR / file_name, columns)
        con.execute(f"delete from {table}")
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(f"insert into {table} ({', '.join(columns)}) values ({placeholders})", rows)
        counts[table] = len(rows)

    units = _read_csv(
        config.REFERENCE_DIR / "admin_units.csv",
        ["district_code", "district_name", "district_kind", "commune_code", "commune_name", "unit_type",
         "valid_from", "valid_to"],
    )
    districts = {row[0]: (row[0], row[1], row[2], row[6], row[7]) for row in units}
    con.execute("delete from district")
    con.executemany("insert into district values (?, ?, ?, ?, ?)", list(districts.values()))
    con.execute("delete from commune")
    con.executemany(
        "insert into commune values (?, ?, ?, ?, ?, ?)",
        [(r[3], r[4], r[5], r[0], r[6], r[7]) for r in units],
    )
    con.execute("delete from calendar_year")
    con.executemany(
        "insert into calendar_year values (?)",
        [(year,) for year in range(config.FIRST_YEAR, config.LAST_YEAR + 1)],
    )
    counts["district"] = len(districts)
    counts["commune"] = len(units)
    return counts


def _read_csv(path: Path, columns: list[str]) -> list[tuple]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        return [tuple(row[c] if row[c] != "" else None for c in columns) for row in reader]
