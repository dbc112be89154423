"""Links pinned to the data as it was: ``?pin=12`` (a load) or ``?pin=2024-12-31`` (the latest load
on or before that day) open the figures as published right after that load.

Facts are versioned (etl/history.py), so a pinned view is rebuilt from them instead of being kept
as a copy of every load: on first request the database as it stood after that load — its facts
then, today's reference data, the marts built from them by today's SQL — is written to a working
copy in ``<database>.pins/`` beside the database, and the same queries read it. The copies are a
cache bound to their database: a copy's name carries a digest of the loads up to its batch, the
reference data and the SQL, so another database in the same folder, a restored backup or a newer
version of the app never reads a copy made for another. The cache is bounded in size
(``config.pin_cache_bytes``): the copies opened least recently are removed first, and one is
rebuilt when asked for again.

A load that was rolled back cannot be pinned: its figures were withdrawn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import history, warehouse
from ntm import config, schema
from ntm import db as database

# A load's number, or a day as yyyy-mm-dd (ASCII digits only: "²".isdigit() is true).
_PIN = re.compile(r"(?P<batch>[0-9]{1,9})|(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})")
# A copy opened this recently may still be read by a page that is running: it is never removed.
IN_USE_SECONDS = 60
_SOURCE = "published"
log = logging.getLogger(__name__)


def _quietly(batch: int) -> AbstractContextManager:
    """Building a copy without saying so (the command line, tests)."""
    return contextlib.nullcontext()


@dataclass(frozen=True)
class Pin:
    batch: int
    path: Path  # the working copy, which the pages read like the database


def well_formed(pin: str) -> bool:
    """Whether ``pin`` has the shape of a pin (a number or a yyyy-mm-dd day), named load or not."""
    return _PIN.fullmatch(pin.strip()) is not None


def resolve(db: Path, pin: str | None, building: Callable[[int], AbstractContextManager] = _quietly) -> Pin | None:
    """The working copy of the load ``pin`` names, built if needed (inside ``building(batch)``: a
    page says it is preparing the figures). None when it names no load that can be pinned: neither
    a load's number nor a yyyy-mm-dd day, an unknown or rolled-back load, a day before the first
    load or after today; or when the copy cannot be written."""
    batch = named(db, pin or "")
    if batch is None:
        return None
    path = cache_folder(db) / f"batch-{batch}-{_loads(str(db), database.data_version(db)).digests[batch]}.duckdb"
    try:
        return Pin(batch, _opened(db, batch, path, building))
    except (OSError, duckdb.Error):
        log.exception("the data of load %s could not be prepared in %s", batch, path.parent)
        return None


def named(db: Path, pin: str) -> int | None:
    """The load ``pin`` names if it can be pinned, as ``resolve`` finds it (without building its copy)."""
    return _loads(str(db), database.data_version(db)).named(pin.strip())


def first_day(db: Path) -> dt.date | None:
    """The first day a pin by date can name: the day of the first load still in force (on an
    earlier day no data was published). None before any load."""
    return min(_loads(str(db), database.data_version(db)).days.values(), default=None)


def cache_folder(db: Path) -> Path:
    """Where the working copies of ``db``'s pinned loads are kept: a folder of its own."""
    return Path(db).with_name(Path(db).name + ".pins")


@dataclass(frozen=True)
class _Loads:
    days: dict[int, dt.date]  # every load that can be pinned -> the day it was loaded
    digests: dict[int, str]  # -> what its working copy is built from

    def named(self, pin: str) -> int | None:
        match = _PIN.fullmatch(pin)
        if match is None:
            return None
        if match["batch"]:
            batch = int(match["batch"])
            return batch if batch in self.days else None
        try:
            day = dt.date.fromisoformat(match["day"])
        except ValueError:  # 2024-02-30
            return None
        if day > dt.date.today():  # the day is not over: a later load would change what the link shows
            return None
        return max((batch for batch, loaded in self.days.items() if loaded <= day), default=None)


@functools.lru_cache(maxsize=16)
def _loads(db: str, version: str) -> _Loads:
    """The loads of one version of the database, read once (``version`` is the cache key)."""
    return database.using(Path(db), _read_loads)


def _read_loads(con: duckdb.DuckDBPyConnection) -> _Loads:
    # A load's data depends on every batch up to it (rollbacks included), the reference data and
    # the SQL of the marts; a rollback after it changes nothing in it.
    digest = hashlib.sha256(schema.sql_fingerprint().encode())
    for table in history.reference_tables(con):
        content = f"select coalesce(md5(string_agg(t::varchar, '|' order by t::varchar)), '') from {table} t"
        digest.update(f"|{table} {con.execute(content).fetchone()[0]}".encode())
    days, digests = {}, {}
    rows = con.execute("select batch_id, loaded_at, content_hash, status from batch order by batch_id").fetchall()
    for batch, loaded_at, content_hash, status in rows:
        digest.update(f"|{batch} {loaded_at.isoformat()} {content_hash}".encode())
        if status == "loaded":
            days[batch] = loaded_at.date()
            digests[batch] = digest.hexdigest()[:16]
    return _Loads(days, digests)


def _opened(db: Path, batch: int, path: Path, building: Callable[[int], AbstractContextManager]) -> Path:
    """``path``, built first if it is not there, marked as opened now."""
    with contextlib.suppress(FileNotFoundError):
        return _touched(path)
    with building(batch), _cache_lock(path.parent):
        if not path.exists():  # another session may have built it while this one waited
            warehouse.build(path, functools.partial(_fill, Path(db), batch))
        _touched(path)
        _evict(path.parent, keep=path, budget=config.pin_cache_bytes(db))
    return path


def _fill(db: Path, batch: int, con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"attach ? as {_SOURCE} (read_only)", [str(db.resolve())])
    try:
        history.copy_as_of(con, _SOURCE, batch)
    finally:
        con.execute(f"detach {_SOURCE}")


def _touched(path: Path) -> Path:
    """Record the opening in the file's access time (its modification time is part of the data
    version, ``ntm.db.data_version``, and stays as built)."""
    os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))
    return path


@contextlib.contextmanager
def _cache_lock(folder: Path) -> Iterator[None]:
    """One builder at a time per cache, across processes (the dashboard's sessions, the command line)."""
    folder.mkdir(exist_ok=True)
    with open(folder / ".lock", "a+") as handle:  # closing the file releases the lock
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _evict(folder: Path, keep: Path, budget: int) -> None:
    """Remove the copies opened least recently until the cache fits ``budget`` bytes, but never
    ``keep`` nor a copy opened in the last IN_USE_SECONDS; and work files that builders left
    when they were killed (the caller holds the lock: no build is under way)."""
    for stale in folder.glob(".*.writing*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    copies = sorted(
        ((path.stat(), path) for path in folder.glob("batch-*.duckdb")),
        key=lambda item: item[0].st_atime_ns,
        reverse=True,
    )
    used = sum(stat.st_size for stat, _ in copies)
    recent = time.time_ns() - IN_USE_SECONDS * 1_000_000_000
    for stat, path in reversed(copies):
        if used <= budget:
            break
        if path != keep and stat.st_atime_ns < recent:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            used -= stat.st_size
