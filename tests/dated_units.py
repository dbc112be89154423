"""Test warehouses holding the units of the new An Giang (from 1/7/2025) beside Kiên Giang's, for
the loader's tests of data after the rearrangement.

On this branch ``etl init`` loads Kiên Giang's units only, one per code; loading every unit with
its validity (a code names a unit only with a date) is the warehouse model's part of issue 15.
``with_units_from_2025`` puts the new units in where ``init`` did not, and does nothing where it did.
"""

from __future__ import annotations

from pathlib import Path

from etl import warehouse
from ntm import config
from ntm.reference import read_csv

NEW_UNITS_FILE = "admin_units_2025.csv"


def build_dated_units_warehouse(path: Path) -> Path:
    """An empty warehouse (``etl init``) whose units are those of every date."""
    warehouse.init(path)
    return with_units_from_2025(path)


def with_units_from_2025(path: Path) -> Path:
    units = read_csv(config.REFERENCE_DIR / NEW_UNITS_FILE, ["commune_code", "commune_name", "unit_type", "valid_from"])
    with warehouse.transaction(path) as con:
        present = con.execute("select count(*) from commune where valid_from = ?", [units[0][3]]).fetchone()[0]
        if present:
            return path
        keyed = con.execute(
            "select count(*) from duckdb_constraints() where table_name = 'commune' and constraint_type = 'PRIMARY KEY'"
        ).fetchone()[0]
        if keyed:  # a code is no key once it names two units
            con.execute("create table commune_by_date as select * from commune")
            con.execute("drop table commune")
            con.execute("alter table commune_by_date rename to commune")
        con.executemany(
            "insert into commune (commune_code, name, unit_type, district_code, valid_from) values (?, ?, ?, null, ?)",
            units,
        )
    return path
