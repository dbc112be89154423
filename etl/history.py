"""Every batch written to the warehouse, the rows each brought, and undoing a batch.

Facts are versioned (``etl/sql/tables/10_core.sql``): a row is in force while ``superseded_by``
is null. Undoing batch B, in one transaction: B's rows are marked superseded by a new rollback
batch (kept, so what B brought can still be read), the rows B had superseded are put back in
force, B becomes 'rolled_back' and the link is kept in ``batch_rollback``. That restores exactly
the values in force before B — unless a later batch replaced some of B's rows: then the later
batch must be undone first, and the rollback is refused. Every dataset's table is covered
through its reader's ``STORE``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import load, warehouse
from etl.readers import READERS
from ntm import db as database
from ntm import schema
from ntm.i18n import t

ROLLBACK_STATUS = "rollback"
PREVIEW_ROWS = 1000  # of a batch's rows per table, on the page
_UNIT_CODES = ("commune_code", "unit_code", "scope_code")  # the column naming a row's unit, if any
# Every unit with its validity: a code names a unit only with a date (a new xã may carry an old one's code).
_UNITS = """
    select commune_code as code, name, valid_from, valid_to from commune
    union all select district_code, name, valid_from, valid_to from district
"""
# A row's year, by which its unit's name is found (the unit its code named in that year).
_YEAR_COLUMNS = ("year", "assessment_year", "target_year", "year_recognised")


class RollbackRefused(Exception):
    """Nothing was changed; ``message(lang)`` says why and what to do."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "vi") -> str:
        return t(f"etl.{self.key}", lang, **self.params)


@dataclass(frozen=True)
class Rollback:
    batch_id: int  # the rollback's own batch
    undone: int
    rows_withdrawn: int
    rows_restored: int


@dataclass(frozen=True)
class BatchTable:
    """The first rows a batch brought to one table, and how many it brought there."""

    first_rows: pd.DataFrame
    total: int


def _stores() -> dict[str, object]:
    """Table -> store, once per table (two datasets may share one)."""
    return {reader.STORE.table: reader.STORE for reader in READERS.values()}


def table_datasets() -> dict[str, str]:
    """Stored table -> the dataset whose rows it holds (``criterion_result`` -> ``criteria``)."""
    return {reader.STORE.table: dataset for dataset, reader in READERS.items()}


def batches(db: Path, user: str | None = None) -> pd.DataFrame:
    """Every batch, newest first (only ``user``'s when given), with the batch a rollback undid
    (``undoes``) and the rollback that undid a batch (``undone_by``)."""
    return database.query(
        db,
        """
        select b.batch_id, b.loaded_at, b.user_name, b.file_name, b.content_hash, b.dataset,
               b.rows_in_file, b.rows_new, b.rows_changed, b.rows_unchanged, b.is_sample, b.status,
               r.undoes, u.batch_id as undone_by
        from batch b
        left join batch_rollback r on r.batch_id = b.batch_id
        left join batch_rollback u on u.undoes = b.batch_id
        where ?::varchar is null or b.user_name = ?::varchar
        order by b.batch_id desc
    """,
        [user, user],
    )


def batch_preview(db: Path, batch_id: int) -> dict[str, BatchTable]:
    """Table -> what ``batch_id`` brought there: its first PREVIEW_ROWS rows (``batch_rows``) and
    how many it brought. A national batch holds over a million rows: a page shows the first and
    builds the whole table (``batch_rows``) only when it is downloaded."""
    column = _batch_column(db, batch_id)
    counts = database.query(
        db,
        " union all ".join(
            f"select '{table}' as table_name, count(*) as total from {table} where {column} = $batch"
            for table in _stores()
        ),
        {"batch": batch_id},
    )
    return {
        table: BatchTable(batch_rows(db, batch_id, table, PREVIEW_ROWS), int(total))
        for table, total in zip(counts["table_name"], counts["total"], strict=True)
        if total
    }


def batch_rows(db: Path, batch_id: int, table: str, limit: int | None = None) -> pd.DataFrame:
    """The rows ``batch_id`` brought to ``table`` (for a rollback: the rows it took out of force), in
    the order of their columns (the first ``limit`` of them when given), with the unit's name beside
    its code and ``superseded_by`` saying whether each is still in force."""
    column = _batch_column(db, batch_id)
    columns = list(database.query(db, f"select * from {table} limit 0").columns)
    code = next((c for c in _UNIT_CODES if c in columns), None)
    year = next((c for c in _YEAR_COLUMNS if c in columns), None)
    on_date = f"valid_on(u.valid_from, u.valid_to, units_date(t.{year}))" if year else "u.valid_to is null"
    named = f"left join ({_UNITS}) u on u.code = t.{code} and {on_date}" if code else ""
    frame = database.query(
        db,
        f"""
        select t.*{", u.name as unit_name" if code else ""}
        from {table} t {named}
        where t.{column} = ?
        order by {", ".join(f"t.{c}" for c in columns)}
        {"limit ?" if limit is not None else ""}
    """,
        [batch_id] if limit is None else [batch_id, limit],
    )
    if code:  # beside the code; text even when no row names a known unit (DuckDB then returns objects)
        frame.insert(frame.columns.get_loc(code) + 1, "unit_name", frame.pop("unit_name").astype("str"))
    return frame


def _batch_column(db: Path, batch_id: int) -> str:
    """The column that names the batch whose rows are read: a rollback's are those it superseded."""
    status = database.query(db, "select status from batch where batch_id = ?", [batch_id])
    return "superseded_by" if not status.empty and status.iloc[0, 0] == ROLLBACK_STATUS else "batch_id"


def unit_names(db: Path) -> dict[str, str]:
    """Code -> name of every xã, phường, thị trấn, đặc khu and district-level unit; a code that named
    several units over time, the latest one's."""
    frame = database.query(db, f"select code, name from ({_UNITS}) order by code, valid_from nulls first")
    return dict(zip(frame["code"], frame["name"], strict=True))


def rollback(db: Path, batch_id: int, user: str, *, own_only: bool = False) -> Rollback:
    """Undo batch ``batch_id`` as ``user``; ``own_only`` (an analyst) allows only their own batches.

    Raises ``RollbackRefused`` (and changes nothing) when the batch cannot be undone.
    """
    with warehouse.transaction(db) as con:
        row = con.execute(
            "select status, user_name, dataset, file_name, content_hash from batch where batch_id = ?", [batch_id]
        ).fetchone()
        if row is None:
            raise RollbackRefused("rollback_unknown", batch=batch_id)
        status, owner, dataset, file_name, content_hash = row
        if status == "rolled_back":
            by = con.execute("select batch_id from batch_rollback where undoes = ?", [batch_id]).fetchone()
            raise RollbackRefused("rollback_already", batch=batch_id, by=by[0] if by else "?")
        if status == ROLLBACK_STATUS:
            raise RollbackRefused("rollback_of_rollback", batch=batch_id)
        if own_only and owner != user:
            raise RollbackRefused("rollback_not_own", batch=batch_id, owner=owner)
        later = sorted(
            {
                found
                for table in _stores()
                for (found,) in con.execute(
                    f"select distinct superseded_by from {table} where batch_id = ? and superseded_by is not null",
                    [batch_id],
                ).fetchall()
            }
        )
        if later:
            raise RollbackRefused("rollback_later", batch=batch_id, later=", ".join(f"#{b}" for b in later))

        new_id = con.execute("select nextval('batch_seq')").fetchone()[0]
        withdrawn = restored = 0
        for table in _stores():
            restored += con.execute(f"select count(*) from {table} where superseded_by = ?", [batch_id]).fetchone()[0]
            con.execute(f"update {table} set superseded_by = null where superseded_by = ?", [batch_id])
            withdrawn += con.execute(f"select count(*) from {table} where batch_id = ?", [batch_id]).fetchone()[0]
            con.execute(f"update {table} set superseded_by = ? where batch_id = ?", [new_id, batch_id])
        # A rollback's counts are of stored values: rows_in_file = withdrawn, rows_changed = restored.
        con.execute(
            "insert into batch (batch_id, dataset, file_name, content_hash, user_name, loaded_at, rows_in_file,"
            " rows_new, rows_changed, rows_unchanged, is_sample, status)"
            " values (?, ?, ?, ?, ?, ?, ?, 0, ?, 0, false, ?)",
            [
                new_id,
                dataset,
                file_name,
                content_hash,
                user,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                withdrawn,
                restored,
                ROLLBACK_STATUS,
            ],
        )
        con.execute("update batch set status = 'rolled_back' where batch_id = ?", [batch_id])
        con.execute("insert into batch_rollback values (?, ?)", [new_id, batch_id])
        load.refresh_sample_flag(con)
    return Rollback(new_id, batch_id, withdrawn, restored)


def copy_as_of(con, source: str, batch_id: int) -> None:
    """Fill the empty tables of ``con`` (today's schema) with the database attached as ``source``
    as it stood right after batch ``batch_id`` was published: its batches up to then (a batch
    undone later counts as loaded), the fact rows written up to then with ``superseded_by`` as it
    was, and the reference data as it is now.

    A later rollback changed ``superseded_by`` after the fact: it put back in force the rows the
    undone batch had replaced. Those rows are found by their store's key: the undone batch wrote
    a row with the same key, which replaced them then."""
    undone_later = [
        undone
        for (undone,) in con.execute(
            f"select undoes from {source}.batch_rollback where batch_id > $batch and undoes <= $batch",
            {"batch": batch_id},
        ).fetchall()
    ]
    con.execute(
        f"""
        insert into batch by name
        select * replace (case when batch_id in (select unnest($undone::integer[])) then 'loaded'
                               else status end as status)
        from {source}.batch where batch_id <= $batch
    """,
        {"batch": batch_id, "undone": undone_later},
    )
    con.execute(
        f"insert into batch_rollback by name select * from {source}.batch_rollback where batch_id <= ?", [batch_id]
    )
    stores = _stores()
    for table, store in stores.items():
        con.execute(
            f"""
            insert into {table} by name
            select * replace (case when superseded_by <= $batch then superseded_by end as superseded_by)
            from {source}.{table} where batch_id <= $batch
        """,
            {"batch": batch_id},
        )
        if undone_later:
            on = " and ".join(f"t.{k} is not distinct from u.{k}" for k in store.key)
            con.execute(
                f"""
                update {table} t set superseded_by = u.batch_id
                from (select * from {source}.{table} where batch_id in (select unnest($undone::integer[]))) u
                where t.superseded_by is null and t.batch_id < u.batch_id and {on}
            """,
                {"undone": undone_later},
            )
    for table in [*reference_tables(con), "meta"]:
        con.execute(f"insert into {table} by name select * from {source}.{table}")
    load.refresh_sample_flag(con)


def reference_tables(con) -> list[str]:
    """The tables of ``con``'s current database that ``init`` fills from data/reference/: all but
    the facts, their batches, meta and the marts."""
    tables = {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    }
    return sorted(tables - set(_stores()) - {"batch", "batch_rollback", "meta"} - set(schema.materialised_views()))


def only_sample_data(db: Path) -> bool:
    """Whether every value in force came from the bundled sample workbooks (or none is loaded)."""
    return bool(database.query(db, load.SAMPLE_IN_FORCE, [load.bundled_sample_hashes()])["only_sample"].iloc[0])
