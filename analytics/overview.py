"""The overview's figures and the command line's summary: the headline counts of a scope and year,
their trend, the criteria bands, the years with data and what data the dashboard shows.

Every count is selected from mart_scope_year (etl/sql/views/310_mart_scope_year.sql), the one
definition of the headline figures that the districts' ranking and the targets' observed values
read too. ``district=None`` means the province.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import PROVINCE, criteria, scope_code
from ntm import db as database
from ntm import schema

# The headline figures of mart_scope_year, the average to two decimals (the command line's contract).
_HEADLINE = """
    select year, communes_total, communes_assessed, communes_all_criteria, round(avg_criteria, 2) as avg_criteria,
           communes_ntm, communes_advanced, communes_model, districts_total, districts_recognised
    from mart_scope_year
"""


def summary(db: Path, year: int | None = None, district: str | None = None) -> dict:
    """The headline figures of the province (or of one district) for ``year`` (default: the latest
    year with criteria results).

    The keys are a contract with the command line and the data API: change them only together with
    them. On a database without criteria results ``year`` and the counts are None (bands and criteria: 0).
    """
    if year is None:
        year = latest_assessed_year(db)
    figures = headline(db, year, district)
    return {
        "year": year,
        "communes_total": figures["communes_total"],
        "communes_assessed": figures["communes_assessed"],
        "communes_all_criteria": figures["communes_all_criteria"],
        "avg_criteria": figures["avg_criteria"],
        "bands": {row.band: int(row.communes) for row in bands(db, year, district).itertuples()},
        "per_criterion": {
            str(row.criterion_no): int(row.communes) for row in criteria.criteria_met(db, year, district).itertuples()
        },
        "recognised_ntm": figures["communes_ntm"],
        "recognised_advanced": figures["communes_advanced"],
        "recognised_model": figures["communes_model"],
        "districts_recognised": figures["districts_recognised"],
    }


def headline(db: Path, year: int | None, district: str | None = None) -> dict:
    """Counts for one year: xã in the programme, assessed, meeting all criteria, average criteria,
    xã holding each recognition, district-level units and how many of them are recognised."""
    return database.row(db, _HEADLINE + "where scope_code = ? and year = ?", [scope_code(district), year])


def trend(db: Path, district: str | None = None) -> pd.DataFrame:
    """The headline counts for every year with data from the first year with criteria results, oldest
    first (recognitions reach back to 2010, long before the figures the trend compares them with)."""
    return database.query(
        db,
        _HEADLINE
        + """
        where scope_code = ?
          and year in (select year from year_with_data)
          and year >= coalesce((select min(year) from year_with_data where criteria_results), year)
        order by year
        """,
        [scope_code(district)],
    )


def bands(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Assessed xã per criteria band (every band, zero included), in the reports' order."""
    return database.query(
        db,
        """
        select b.band, coalesce(m.communes, 0) as communes
        from criteria_band b
        left join mart_band_scope_year m on m.band = b.band and m.scope_code = ? and m.year = ?
        order by b.sort_order
        """,
        [scope_code(district), year],
    )


def years(db: Path) -> list[int]:
    """Years that have data, newest first: the choices of the year filter."""
    frame = database.query(db, "select year from year_with_data order by year desc")
    return [int(year) for year in frame["year"]]


def latest_assessed_year(db: Path) -> int | None:
    """The latest year with criteria results of a xã in the programme."""
    return database.row(
        db,
        "select max(year) as year from mart_scope_year where scope_code = ? and communes_assessed > 0",
        [PROVINCE],
    )["year"]


def data_status(db: Path) -> dict:
    """What data the dashboard shows: the latest load (batch id and time) and whether it is the
    bundled sample data, which the loader records as meta ``sample_data`` = 'true'."""
    return database.row(
        db,
        """
        with latest as (
            select batch_id, loaded_at from batch where status = 'loaded'
            order by batch_id desc limit 1
        )
        select
            (select batch_id from latest) as batch_id,
            (select loaded_at from latest) as loaded_at,
            coalesce((select value = 'true' from meta where key = 'sample_data'), false) as sample_data
        """,
    )


def outdated(db: Path) -> bool:
    """Whether the file was made by an older version of the app (``ntm.schema.outdated``)."""
    return database.using(db, schema.outdated)
