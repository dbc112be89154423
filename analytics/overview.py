"""The overview's figures and the command line's summary: the headline counts of a scope and year,
their trend, the criteria bands, the years with data and what data the dashboard shows.

Every count is selected from mart_scope_year (etl/sql/views/310_mart_scope_year.sql), the one
definition of the headline figures that the districts' ranking and the targets' observed values
read too. ``scope`` is a scope code (``analytics.scope_code``); None means the province as it was
that year. Each year's figures are those of its criteria set (19 criteria until 2025, 10 from 2026).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analytics import PROVINCE, criteria, scope_code
from ntm import db as database
from ntm import schema

# The headline figures of mart_scope_year, the average to two decimals (the command line's contract),
# with the year's criteria set.
_HEADLINE = """
    select year, communes_total, communes_assessed, communes_all_criteria, round(avg_criteria, 2) as avg_criteria,
           communes_ntm, communes_advanced, communes_model, districts_total, districts_recognised,
           criteria_set, criteria_count, communes_ntm_modern, communes_not_reviewed
    from mart_scope_year
"""


# The two ways of counting recognitions by year: by assessment year (năm đạt chuẩn, mart_scope_year)
# and by decision date ("tính đến 31/12", or a chosen cut-off: recognition_decided).
COUNTINGS = ("assessment_year", "decision_date")
RECOGNITION_COUNTS = ("communes_ntm", "communes_advanced", "communes_model", "districts_recognised")


def summary(db: Path, year: int | None = None, scope: str | None = None, cutoff: dt.date | None = None) -> dict:
    """The headline figures of ``scope`` (default: the province as it was that year) for ``year``
    (default: the latest year with criteria results), under the year's criteria set.

    The keys are a contract with the command line and the data API: change them only together with
    them. A year of a later set than the first (2026 on) adds its set's decision and number of
    criteria, its level "NTM hiện đại" and the xã not reviewed yet; the first set's years print what
    they always did.
    On a database without criteria results ``year`` and the counts are None (bands and criteria: 0).
    With ``cutoff`` (its year is the year, unless ``year`` is given) the recognitions are counted by
    decision date up to that day, and the keys ``cutoff`` and ``counted_by`` say so.
    """
    if year is None:
        year = cutoff.year if cutoff else latest_assessed_year(db)
    figures = headline(db, year, scope)
    if cutoff is not None:
        decided = recognitions_by_decision_date(db, [cutoff], scope).iloc[0]
        figures = figures | decided[list(RECOGNITION_COUNTS)].to_dict()
    found = {
        "year": year,
        "communes_total": figures["communes_total"],
        "communes_assessed": figures["communes_assessed"],
        "communes_all_criteria": figures["communes_all_criteria"],
        "avg_criteria": figures["avg_criteria"],
        "bands": {row.band: int(row.communes) for row in bands(db, year, scope).itertuples()},
        "per_criterion": {
            str(row.criterion_no): int(row.communes) for row in criteria.criteria_met(db, year, scope).itertuples()
        },
        "recognised_ntm": figures["communes_ntm"],
        "recognised_advanced": figures["communes_advanced"],
        "recognised_model": figures["communes_model"],
        "districts_recognised": figures["districts_recognised"],
    }
    chosen = criteria.criteria_set(db, year)
    if year is not None and not chosen["first_set"]:
        found |= {
            "criteria_set": chosen["decision"],
            "criteria_count": chosen["criteria_count"],
            "recognised_modern": figures["communes_ntm_modern"],
            "communes_not_reviewed": figures["communes_not_reviewed"],
        }
    if cutoff is not None:
        found |= {"cutoff": cutoff.isoformat(), "counted_by": "decision_date"}
    return found


def recognitions_by_decision_date(db: Path, days: list[dt.date], scope: str | None = None) -> pd.DataFrame:
    """Per day of ``days``: the xã of ``scope`` holding NTM, nâng cao, kiểu mẫu and the district-level
    units recognised by the decisions dated up to that day (recognition_decided), among the units of
    the day's year. The district-level units of the province and of the former territory are the same."""
    return database.query(
        db,
        """
        with chosen as (select unnest($days::date[]) as day),
        held as (
            select c.day, r.unit_code, r.unit_kind, r.level_code, r.rank
            from chosen c
            join recognition_decided r
              on r.held_from <= c.day and (r.held_until is null or r.held_until > c.day)
             and valid_on(r.unit_valid_from, r.unit_valid_to, units_date(year(c.day)))
        ),
        communes as (
            select c.day,
                   count(distinct h.unit_code) filter (where h.level_code = 'ntm') as communes_ntm,
                   count(distinct h.unit_code) filter (where h.level_code = 'ntm_advanced') as communes_advanced,
                   count(distinct h.unit_code) filter (where h.level_code = 'ntm_model') as communes_model
            from chosen c
            join scope_commune s on s.year = year(c.day) and s.scope_code = $scope
            left join held h on h.day = c.day and h.unit_kind = 'commune' and h.unit_code = s.commune_code
            group by c.day
        ),
        districts as (
            select c.day, count(distinct h.unit_code) as districts_recognised
            from chosen c
            join programme_district p
              on p.year = year(c.day) and $scope in ('province', 'former_kien_giang', p.district_code)
            join held h on h.day = c.day and h.unit_kind = 'district' and h.unit_code = p.district_code and h.rank = 1
            group by c.day
        )
        select c.day,
               coalesce(m.communes_ntm, 0) as communes_ntm,
               coalesce(m.communes_advanced, 0) as communes_advanced,
               coalesce(m.communes_model, 0) as communes_model,
               coalesce(d.districts_recognised, 0) as districts_recognised
        from chosen c
        left join communes m using (day)
        left join districts d using (day)
        order by c.day
        """,
        {"days": list(days), "scope": scope_code(scope)},
    )


def trend_by(db: Path, counting: str, scope: str | None = None) -> pd.DataFrame:
    """``trend`` with its recognitions counted one of the two ways (COUNTINGS): by assessment year as
    ``trend`` itself, or by decision date at each year's 31/12."""
    years = trend(db, scope)
    if counting == "assessment_year" or years.empty:
        return years
    year_ends = [dt.date(int(year), 12, 31) for year in years["year"]]
    decided = recognitions_by_decision_date(db, year_ends, scope)
    years[list(RECOGNITION_COUNTS)] = decided[list(RECOGNITION_COUNTS)].to_numpy()
    return years


def headline(db: Path, year: int | None, scope: str | None = None) -> dict:
    """Counts for one year: xã in the programme, assessed, meeting all criteria, average criteria,
    xã holding each recognition (and "NTM hiện đại"), xã not reviewed yet, district-level units and
    how many of them are recognised, with the year's criteria set and its number of criteria."""
    return database.row(db, _HEADLINE + "where scope_code = ? and year = ?", [scope_code(scope), year])


def trend(db: Path, scope: str | None = None) -> pd.DataFrame:
    """The headline counts for every year with data from the first year with criteria results, oldest
    first (recognitions reach back to 2010, long before the figures the trend compares them with),
    each year under its own criteria set (``criteria_set``, ``criteria_count``)."""
    return database.query(
        db,
        _HEADLINE
        + """
        where scope_code = ?
          and year in (select year from year_with_data)
          and year >= coalesce((select min(year) from year_with_data where criteria_results), year)
        order by year
        """,
        [scope_code(scope)],
    )


def bands(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """Assessed xã per criteria band of the year's set (every band, zero included), in the reports'
    order; without a year, the first set's bands, all zero."""
    return database.query(
        db,
        """
        select b.band, coalesce(m.communes, 0) as communes
        from calendar_year y
        join criteria_band b using (criteria_set)
        left join mart_band_scope_year m on m.band = b.band and m.scope_code = ? and m.year = y.year
        where y.year = coalesce(?, (select min(year) from calendar_year))
        order by b.sort_order
        """,
        [scope_code(scope), year],
    )


def levels(db: Path, year: int | None) -> pd.DataFrame:
    """The xã recognition levels of the year's set, lowest first, each with ``measure_code``: the
    headline figure (and the targets' measure) counting the xã that hold it. 2021–2025: NTM, nâng
    cao, kiểu mẫu; 2026–2030: NTM and the pilot "NTM hiện đại"."""
    return database.query(
        db,
        """
        select l.level_code, l.name_vi, l.name_en, l.rank, l.pilot, l.measure_code
        from calendar_year y
        join recognition_level_set s using (criteria_set)
        join recognition_level l using (level_code)
        where y.year = coalesce(?::integer, (select min(year) from calendar_year)) and l.unit_kind = 'commune'
        order by l.rank
        """,
        [year],
    )


def scopes(db: Path, year: int | None) -> list[str]:
    """The scopes ``year`` has figures for: the province, the former Kiên Giang territory, and the
    district-level units valid that year (none from 1/7/2025)."""
    frame = database.query(db, "select scope_code from mart_scope_year where year = ? order by all", [year])
    return list(frame["scope_code"])


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
