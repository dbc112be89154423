"""Every query the dashboard and the command line run on the published database.

Plain functions of the database path (and filters) returning DataFrames or dicts, usable without
Streamlit; pages reach them through ``ntm.cached``. They read the marts in etl/sql/5x_*.sql, so
superseded rows and withdrawn recognitions are already out. ``district=None`` means the province.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ntm import db as database

# Years that carry facts: criteria results, or a recognition decided for that year.
_YEARS_WITH_DATA = """
    select year from current_criterion_result
    union
    select assessment_year from current_recognition
"""

# Counts for the chosen year, or for every year with data.
# The province's denominator is the official programme size where one is recorded; a district's
# is the number of its xã in the programme.
_YEAR_FIGURES = f"""
with chosen as (select ?::integer as year, ?::boolean as all_years, ?::varchar as district_code),
years as (
    select y.year
    from calendar_year y, chosen c
    where y.year = c.year or (c.all_years and y.year in ({_YEARS_WITH_DATA}))
),
communes as (
    select m.*
    from mart_commune_year m
    join years using (year), chosen c
    where c.district_code is null or m.district_code = c.district_code
),
commune_counts as (
    select
        y.year,
        count(m.commune_code) as communes_in_programme,
        count(m.commune_code) filter (where m.criteria_assessed is not null) as communes_assessed,
        count(m.commune_code) filter (
            where m.criteria_met = (select count(*) from criterion)
        ) as communes_all_criteria,
        round(avg(m.criteria_met), 2) as avg_criteria,
        count(m.commune_code) filter (where m.recognition_rank >= 1) as communes_ntm,
        count(m.commune_code) filter (where m.recognition_rank >= 2) as communes_advanced,
        count(m.commune_code) filter (where m.recognition_rank = 3) as communes_model
    from years y
    left join communes m using (year)
    group by y.year
),
districts as (
    select y.year, d.district_code
    from years y
    join district d
      on (d.valid_from is null or d.valid_from <= make_date(y.year, 12, 31))
     and (d.valid_to is null or d.valid_to >= make_date(y.year, 1, 1)),
    chosen c
    where c.district_code is null or d.district_code = c.district_code
),
district_counts as (
    select
        y.year,
        count(distinct d.district_code) as districts_total,
        count(distinct r.district_code) as districts_recognised
    from years y
    left join districts d using (year)
    left join mart_district_recognition r using (year, district_code)
    group by y.year
)
select
    k.year,
    case when c.district_code is null then coalesce(p.communes, k.communes_in_programme)
         else k.communes_in_programme end as communes_total,
    k.communes_assessed,
    k.communes_all_criteria,
    k.avg_criteria,
    k.communes_ntm,
    k.communes_advanced,
    k.communes_model,
    d.districts_total,
    d.districts_recognised
from commune_counts k
join district_counts d using (year)
left join programme_size p using (year)
cross join chosen c
order by k.year
"""


def summary(db: Path, year: int | None = None) -> dict:
    """The province's headline figures for ``year`` (default: the latest year with criteria results).

    The keys are a contract with the command line: change them only together with it. On a
    database without criteria results ``year`` and the counts are None (bands and criteria: 0).
    """
    if year is None:
        year = latest_assessed_year(db)
    figures = headline(db, year)
    return {
        "year": year,
        "communes_total": figures["communes_total"],
        "communes_assessed": figures["communes_assessed"],
        "communes_all_criteria": figures["communes_all_criteria"],
        "avg_criteria": figures["avg_criteria"],
        "bands": {row.band: int(row.communes) for row in bands(db, year).itertuples()},
        "per_criterion": {
            str(row.criterion_no): int(row.communes) for row in criteria_met(db, year).itertuples()
        },
        "recognised_ntm": figures["communes_ntm"],
        "recognised_advanced": figures["communes_advanced"],
        "recognised_model": figures["communes_model"],
        "districts_recognised": figures["districts_recognised"],
    }


def headline(db: Path, year: int | None, district: str | None = None) -> dict:
    """Counts for one year: xã in the programme, assessed, meeting all criteria, average criteria,
    xã holding each recognition, district-level units and how many of them are recognised."""
    return _one(db, _YEAR_FIGURES, [year, False, district])


def trend(db: Path, district: str | None = None) -> pd.DataFrame:
    """The headline counts for every year with data, oldest first."""
    return database.query(db, _YEAR_FIGURES, [None, True, district])


def bands(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Assessed xã per criteria band (every band, zero included), in the reports' order."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year, ?::varchar as district_code),
        communes as (
            select m.band, m.commune_code
            from mart_commune_year m, chosen c
            where m.year = c.year and (c.district_code is null or m.district_code = c.district_code)
        )
        select b.band, count(m.commune_code) as communes
        from criteria_band b
        left join communes m using (band)
        group by b.band, b.sort_order
        order by b.sort_order
        """,
        [year, district],
    )


def criteria_met(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """For each criterion, the number of xã in the programme meeting it that year."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year, ?::varchar as district_code),
        met as (
            select r.criterion_no, count(distinct r.commune_code) as communes
            from current_criterion_result r
            join programme_commune p using (commune_code, year)
            join chosen c using (year)
            where r.met and (c.district_code is null or p.district_code = c.district_code)
            group by r.criterion_no
        )
        select k.criterion_no, k.name_vi, k.name_en, coalesce(m.communes, 0) as communes
        from criterion k
        left join met m using (criterion_no)
        order by k.criterion_no
        """,
        [year, district],
    )


def districts_ranked(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units by their share of xã meeting NTM that year, highest first."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year),
        communes as (
            select
                m.district_code,
                count(*) as communes_total,
                count(*) filter (where m.recognition_rank >= 1) as communes_ntm,
                round(avg(m.criteria_met), 2) as avg_criteria
            from mart_commune_year m
            join chosen using (year)
            group by m.district_code
        ),
        recognised as (
            select distinct r.district_code from mart_district_recognition r join chosen using (year)
        ),
        final as (
            select
                d.district_code,
                d.name as district_name,
                coalesce(k.communes_total, 0) as communes_total,
                coalesce(k.communes_ntm, 0) as communes_ntm,
                round(100.0 * k.communes_ntm / nullif(k.communes_total, 0), 1) as share_ntm,
                k.avg_criteria,
                r.district_code is not null as recognised
            from district d
            cross join chosen c
            left join communes k using (district_code)
            left join recognised r using (district_code)
            where (d.valid_from is null or d.valid_from <= make_date(c.year, 12, 31))
              and (d.valid_to is null or d.valid_to >= make_date(c.year, 1, 1))
        )
        select * from final
        order by share_ntm desc nulls last, avg_criteria desc nulls last, district_name
        """,
        [year],
    )


def targets(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """The target in force for each measure of the province (or of one district) in ``year``.

    A plan may set several target years for a measure; the one shown is the nearest target year
    not before ``year``, else the latest one already past. Targets per criterion are left out.
    """
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year, ?::varchar as scope_code),
        ranked as (
            select
                t.measure_code, m.name_vi, m.name_en, t.base_year, t.base_value,
                t.target_year, t.target_value,
                row_number() over (
                    partition by t.measure_code
                    order by t.target_year < c.year, abs(t.target_year - c.year), t.batch_id desc
                ) as pick
            from current_target t
            join measure m using (measure_code)
            cross join chosen c
            where t.scope_code = c.scope_code and t.criterion_no is null
        )
        select * exclude (pick) from ranked where pick = 1 order by measure_code
        """,
        [year, district or "province"],
    )


def years(db: Path) -> list[int]:
    """Years that have data, newest first: the choices of the year filter."""
    frame = database.query(
        db, f"select year from calendar_year where year in ({_YEARS_WITH_DATA}) order by year desc"
    )
    return [int(year) for year in frame["year"]]


def latest_assessed_year(db: Path) -> int | None:
    """The latest year with criteria results of a xã in the programme."""
    row = _one(
        db,
        """
        select max(r.year) as year
        from current_criterion_result r
        join programme_commune p using (commune_code, year)
        """,
    )
    return row["year"]


def districts(db: Path) -> dict[str, str]:
    """District-level units, code -> name, in code order."""
    frame = database.query(db, "select district_code, name from district order by district_code")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


def data_status(db: Path) -> dict:
    """What data the dashboard shows: the latest load (batch id and time) and whether it is the
    bundled sample data, which the loader records as meta ``sample_data`` = 'true'."""
    row = _one(
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
    return row


def _one(db: Path, sql: str, params: list | None = None) -> dict:
    """The first row of ``sql`` as a dict of plain Python values (JSON-ready for the command line);
    every value None when there is no row (a year outside the calendar, an empty database)."""
    cursor = database.connection(db)
    try:
        cursor.execute(sql, params or [])
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
        return dict.fromkeys(names) if row is None else dict(zip(names, row, strict=True))
    finally:
        cursor.close()
