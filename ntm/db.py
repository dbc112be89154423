"""Read-only access to the published database.

Loads never touch the file the dashboard has open: they publish a new file by renaming it over
the old one (see ``etl/warehouse.py``). The file's identity (inode, modification time, size) is
therefore the data version: when it changes, readers open the new file and drop cached results.

The file is ATTACHed to a fresh in-memory connection for each version rather than opened with
``duckdb.connect(path)``: DuckDB keeps one database instance per path in a process and would hand
back the instance of the old, replaced file for as long as any cursor of it is alive.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

CATALOG = "warehouse"
T = TypeVar("T")
_lock = threading.Lock()
_connections: dict[str, tuple[str, duckdb.DuckDBPyConnection]] = {}


def data_version(path: Path) -> str:
    """A string that changes whenever a load publishes new data."""
    stat = os.stat(path)
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


def connection(path: Path) -> duckdb.DuckDBPyConnection:
    """A cursor on the current version of the database, shared per process.

    DuckDB connections are not for concurrent use across threads, so each call returns a new
    cursor of one shared read-only connection, reopened when the file has been replaced. The
    old connection is not closed here: a query on another thread may still be using it; it is
    released when its last cursor is.
    """
    key = str(Path(path).resolve())
    version = data_version(path)
    with _lock:
        cached = _connections.get(key)
        if cached is None or cached[0] != version:
            con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
            con.execute(f"attach '{_quoted(key)}' as {CATALOG} (read_only)")
            _connections[key] = (version, con)
            cached = _connections[key]
        cursor = cached[1].cursor()
    cursor.execute(f"use {CATALOG}")
    return cursor


def _quoted(path: str) -> str:
    return path.replace("'", "''")


def using(path: Path, use: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """``use(cursor)`` on a cursor of the current version, closed afterwards."""
    cursor = connection(path)
    try:
        return use(cursor)
    finally:
        cursor.close()


def query(path: Path, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
    return using(path, lambda cursor: cursor.execute(sql, params or []).df())


def row(path: Path, sql: str, params: list | tuple | None = None) -> dict:
    """The first row of ``sql`` as a dict of plain Python values (JSON-ready for the command line);
    every value None when there is no row (a year outside the calendar, an empty database)."""

    def first(cursor: duckdb.DuckDBPyConnection) -> dict:
        cursor.execute(sql, params or [])
        names = [column[0] for column in cursor.description]
        found = cursor.fetchone()
        return dict.fromkeys(names) if found is None else dict(zip(names, found, strict=True))

    return using(path, first)
