"""Links pinned to the data as it was: ``?pin=12`` (a load) or ``?pin=2024-12-31`` (the latest load
on or before that day) opens the database as published with that load.

Every write publishes a new file and ``etl.warehouse.keep_snapshot`` keeps a hard link to it, so a
pinned view reads an unchanging file with the same queries as the live one.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from analytics import overview
from etl import warehouse
from ntm import db as database


@dataclass(frozen=True)
class Pin:
    batch: int
    path: Path


def resolve(db: Path, pin: str | None) -> Pin | None:
    """The snapshot ``pin`` names, or None when it names no kept load (a typo, a rolled-back or
    unknown load, a day before the first load) or one that an older version of the app saved,
    whose marts today's pages cannot read."""
    batch = _batch(db, (pin or "").strip())
    if batch is None:
        return None
    path = warehouse.snapshot_path(db, batch)
    return Pin(batch, path) if path.exists() and _readable(str(path), path.stat().st_mtime_ns) else None


def first_day(db: Path) -> dt.date | None:
    """The first day a pin by date can name: the day of the first load kept (on an earlier day no
    data was published). Every later day names a load, up to today. None before any load is kept."""
    loads = database.query(db, "select batch_id, loaded_at from batch where status = 'loaded' order by batch_id")
    kept = [loaded_at for batch, loaded_at in zip(loads["batch_id"], loads["loaded_at"], strict=True)
            if warehouse.snapshot_path(db, batch).exists()]
    return min(kept).date() if kept else None


def _batch(db: Path, pin: str) -> int | None:
    if pin.isdigit():
        return int(pin)
    try:
        day = dt.date.fromisoformat(pin)
    except ValueError:
        return None
    found = database.query(
        db, "select max(batch_id) as batch_id from batch where status = 'loaded' and loaded_at < ?",
        [day + dt.timedelta(days=1)],
    )["batch_id"].iloc[0]
    return None if found is None or found != found else int(found)  # NaN when there is none


@functools.lru_cache(maxsize=256)
def _readable(path: str, modified_ns: int) -> bool:
    # A snapshot never changes once kept: asked once per file (and modification time), not per rerun.
    return not overview.outdated(Path(path))
