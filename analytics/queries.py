"""Every query the dashboard and the command line run on the published database.

Plain functions of the database path (and filters) returning DataFrames or dicts, usable without
Streamlit; pages reach them through ``ui.cached``. They read the marts in etl/sql/5x_*.sql, so
superseded rows and withdrawn recognitions are already out. ``district=None`` means the province.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import progress
from ntm import db as database
from ntm import schema
from ntm.units import Units

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
    -- All years: those with data, from the first year with criteria results when there is one
    -- (recognitions reach back to 2010, long before the figures the trend compares them with).
    select y.year
    from calendar_year y, chosen c
    where y.year = c.year
       or (c.all_years and y.year in ({_YEARS_WITH_DATA})
           and y.year >= coalesce((select min(year) from current_criterion_result), y.year))
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
    """The headline counts for every year with data from the first year with criteria results, oldest first."""
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


def outdated(db: Path) -> bool:
    """Whether the file was made by an older version of the app (``ntm.schema.outdated``)."""
    return database.using(db, schema.outdated)


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


# --- Leadership pages: criteria, xã, districts, targets, near the finish ---------------------
# Every query aggregates in the database: a chart receives at most a few hundred values, whatever
# the number of xã (grids keep GRID_ROWS rows, those furthest behind).

GRID_ROWS = 40
# "Near the finish": xã missing at most this many criteria.
NEAR_FINISH_MISSING = 2


def criteria(db: Path) -> pd.DataFrame:
    """The criteria with their group, names in both languages, in number order."""
    return database.query(
        db,
        """
        select k.criterion_no, k.group_no, g.name_vi as group_vi, g.name_en as group_en,
               k.name_vi, k.name_en, k.name_confirmed
        from criterion k join criterion_group g using (group_no)
        order by k.criterion_no
        """,
    )


def criterion_shares(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Each criterion in its group: xã assessed, meeting and not meeting it that year, the share
    meeting it (%), and ``blocking_rank`` (1 = the criterion the most xã do not meet; ties by number).
    Ordered by group, then the weakest criterion first, as the chart draws them."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year, ?::varchar as district_code),
        counts as (
            select m.criterion_no, sum(m.communes_assessed) as assessed, sum(m.communes_met) as met
            from mart_criterion_district_year m, chosen c
            where m.year = c.year and (c.district_code is null or m.district_code = c.district_code)
            group by m.criterion_no
        ),
        shares as (
            select
                k.group_no, g.name_vi as group_vi, g.name_en as group_en, k.criterion_no, k.name_vi, k.name_en,
                coalesce(n.assessed, 0)::integer as communes_assessed,
                coalesce(n.met, 0)::integer as communes_met,
                coalesce(n.assessed - n.met, 0)::integer as communes_not_met,
                round(100.0 * n.met / nullif(n.assessed, 0), 1) as share_met
            from criterion k
            join criterion_group g using (group_no)
            left join counts n using (criterion_no)
        ),
        final as (
            select *, row_number() over (order by communes_not_met desc, criterion_no) as blocking_rank
            from shares
        )
        select * from final order by group_no, share_met nulls last, criterion_no
        """,
        [year, district],
    )


def criterion_trend(db: Path, district: str | None = None, criterion: int | None = None) -> pd.DataFrame:
    """Xã assessed and meeting each criterion (or one), per year with criteria results, oldest first."""
    return database.query(
        db,
        """
        with chosen as (select ?::varchar as district_code, ?::integer as criterion_no),
        counts as (
            select m.year, m.criterion_no, sum(m.communes_assessed) as assessed, sum(m.communes_met) as met
            from mart_criterion_district_year m, chosen c
            where (c.district_code is null or m.district_code = c.district_code)
              and (c.criterion_no is null or m.criterion_no = c.criterion_no)
            group by m.year, m.criterion_no
        )
        select n.year, k.criterion_no, k.name_vi, k.name_en,
               n.assessed::integer as communes_assessed, n.met::integer as communes_met,
               round(100.0 * n.met / nullif(n.assessed, 0), 1) as share_met
        from counts n join criterion k using (criterion_no)
        order by n.year, k.criterion_no
        """,
        [district, criterion],
    )


def criterion_targets(db: Path, criterion: int, district: str | None = None) -> pd.DataFrame:
    """Targets on the number of xã meeting one criterion, for the province or one district."""
    return database.query(
        db,
        """
        select t.base_year, t.base_value, t.target_year, t.target_value
        from current_target t
        where t.measure_code = 'communes_meeting_criterion' and t.criterion_no = ? and t.scope_code = ?
        order by t.target_year
        """,
        [criterion, district or "province"],
    )


def criteria_lost(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Criteria that xã already holding NTM do not meet that year (mart_criterion_lost), with the
    number of such xã, most often lost first; criteria nobody lost are left out."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year, ?::varchar as district_code),
        lost as (
            select m.criterion_no, count(*) as communes_lost
            from mart_criterion_lost m, chosen c
            where m.year = c.year and (c.district_code is null or m.district_code = c.district_code)
            group by m.criterion_no
        )
        select k.criterion_no, k.name_vi, k.name_en, l.communes_lost::integer as communes_lost
        from lost l join criterion k using (criterion_no)
        order by l.communes_lost desc, k.criterion_no
        """,
        [year, district],
    )


def communes_losing_criteria(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """The xã behind ``criteria_lost``: each with the criteria it lost that year."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year, ?::varchar as district_code)
        select m.district_code, d.name as district_name, m.commune_code, c.name as commune_name,
               list(m.criterion_no order by m.criterion_no) as criteria_lost
        from mart_criterion_lost m
        join commune c using (commune_code)
        join district d on d.district_code = m.district_code
        cross join chosen h
        where m.year = h.year and (h.district_code is null or m.district_code = h.district_code)
        group by all
        order by m.district_code, commune_name
        """,
        [year, district],
    )


def commune_grid(db: Path, year: int | None, district: str) -> pd.DataFrame:
    """One district's xã (those with the fewest criteria first, at most GRID_ROWS) against the
    criteria: one row per xã, a column per criterion number (True = met)."""
    long = database.query(
        db,
        f"""
        with chosen as (select ?::integer as year, ?::varchar as district_code),
        communes as (
            select g.commune_code, g.commune_name, g.criteria_met
            from mart_commune_gap g, chosen c
            where g.year = c.year and g.district_code = c.district_code
            order by g.criteria_met, g.commune_name
            limit {GRID_ROWS}
        )
        select m.commune_code, m.commune_name, m.criteria_met, r.criterion_no, r.met
        from communes m
        join programme_criterion_result r using (commune_code)
        cross join chosen c
        where r.year = c.year
        """,
        [year, district],
    )
    grid = long.pivot_table(
        index=["commune_code", "commune_name", "criteria_met"], columns="criterion_no", values="met", aggfunc="first"
    )
    grid = grid.reset_index().sort_values(["criteria_met", "commune_name"], kind="stable")
    grid.columns.name = None
    return grid.reset_index(drop=True)


def district_criterion_grid(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units against the criteria: the share of their xã meeting each (%), one row per
    unit, the lowest average share first, at most GRID_ROWS units."""
    long = database.query(
        db,
        f"""
        with chosen as (select ?::integer as year),
        shares as (
            select m.district_code, m.criterion_no,
                   round(100.0 * m.communes_met / nullif(m.communes_assessed, 0), 1) as share_met
            from mart_criterion_district_year m join chosen using (year)
        ),
        weakest as (
            select district_code, avg(share_met) as average
            from shares group by district_code
            order by average, district_code
            limit {GRID_ROWS}
        )
        select s.district_code, d.name as district_name, w.average, s.criterion_no, s.share_met
        from shares s
        join weakest w using (district_code)
        join district d using (district_code)
        """,
        [year],
    )
    grid = long.pivot_table(
        index=["district_code", "district_name", "average"], columns="criterion_no", values="share_met",
        aggfunc="first",
    )
    grid = grid.reset_index().sort_values(["average", "district_code"], kind="stable").drop(columns="average")
    grid.columns.name = None
    return grid.reset_index(drop=True)


def communes(db: Path, district: str | None = None) -> dict[str, str]:
    """The xã of the commune programme (of one district), code -> name, by name."""
    frame = database.query(
        db,
        """
        select commune_code, name from commune
        where unit_type = 'xã' and (?::varchar is null or district_code = ?)
        order by name, commune_code
        """,
        [district, district],
    )
    return dict(zip(frame["commune_code"], frame["name"], strict=True))


def units(db: Path) -> Units:
    """Every administrative unit, for finding a xã however its name is typed (as the loader does)."""
    return database.using(db, Units.from_db)


def commune_profile(db: Path, commune: str, year: int | None) -> dict:
    """One xã in one year: its district, criteria met and missing (numbers), and recognition rank."""
    return _one(
        db,
        """
        with chosen as (select ?::varchar as commune_code, ?::integer as year)
        select c.commune_code, c.name as commune_name, c.unit_type, c.district_code, d.name as district_name,
               g.criteria_met, g.criteria_missing, g.missing, coalesce(m.recognition_rank, 0) as recognition_rank
        from commune c
        join district d using (district_code)
        cross join chosen h
        left join mart_commune_gap g on g.commune_code = c.commune_code and g.year = h.year
        left join mart_commune_year m on m.commune_code = c.commune_code and m.year = h.year
        where c.commune_code = h.commune_code
        """,
        [commune, year],
    )


def commune_criteria(db: Path, commune: str) -> pd.DataFrame:
    """One xã's results: one row per year with criteria results, a column per criterion (True = met)."""
    long = database.query(
        db,
        """
        select r.year, r.criterion_no, r.met
        from programme_criterion_result r
        where r.commune_code = ?
        """,
        [commune],
    )
    grid = long.pivot_table(index="year", columns="criterion_no", values="met", aggfunc="first")
    grid.columns.name = None
    return grid.reset_index()


def commune_indicators(db: Path, commune: str) -> pd.DataFrame:
    """One xã's sub-indicator values (where loaded), newest year first, with the threshold and
    whether that threshold is confirmed (an unconfirmed one is never shown as official)."""
    return database.query(
        db,
        """
        select v.year, v.indicator_code, i.criterion_no, i.name_vi, i.name_en, i.unit,
               v.value_number, v.value_text, v.met, i.threshold_mekong, i.threshold_confirmed
        from current_indicator_value v
        join indicator i using (indicator_code)
        where v.commune_code = ?
        order by v.year desc, i.criterion_no, v.indicator_code
        """,
        [commune],
    )


def commune_recognitions(db: Path, commune: str) -> pd.DataFrame:
    """One xã's recognition decisions in force (withdrawals included), oldest first."""
    return database.query(
        db,
        """
        select r.assessment_year, r.level_code, l.name_vi as level_vi, l.name_en as level_en, r.action,
               r.decision_no, r.decision_date, r.issuer
        from current_recognition r
        join recognition_level l using (level_code)
        where r.unit_kind = 'commune' and r.unit_code = ?
        order by r.assessment_year, l.rank, r.decision_date
        """,
        [commune],
    )


def district_comparison(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units that year: xã in the programme, assessed and meeting NTM, the share,
    average criteria, xã per criteria band (a column per band), and the unit's own recognition
    (level and decision), highest share first."""
    frame = database.query(
        db,
        """
        with chosen as (select ?::integer as year),
        communes as (
            select m.district_code,
                   count(*) as communes_total,
                   count(m.criteria_assessed) as communes_assessed,
                   count(*) filter (where m.recognition_rank >= 1) as communes_ntm,
                   round(avg(m.criteria_met), 2) as avg_criteria
            from mart_commune_year m join chosen using (year)
            group by m.district_code
        ),
        decisions as (
            select r.unit_code as district_code, r.level_code, r.assessment_year, r.decision_no, r.decision_date,
                   row_number() over (
                       partition by r.unit_code, r.level_code order by r.assessment_year desc, r.decision_date desc
                   ) as pick
            from current_recognition r, chosen c
            where r.unit_kind = 'district' and r.action = 'recognised' and r.assessment_year <= c.year
        ),
        final as (
            select d.district_code, d.name as district_name, d.kind,
                   coalesce(k.communes_total, 0) as communes_total,
                   coalesce(k.communes_assessed, 0) as communes_assessed,
                   coalesce(k.communes_ntm, 0) as communes_ntm,
                   round(100.0 * k.communes_ntm / nullif(k.communes_total, 0), 1) as share_ntm,
                   k.avg_criteria,
                   l.name_vi as level_vi, l.name_en as level_en,
                   s.assessment_year as recognition_year, s.decision_no, s.decision_date
            from district d
            cross join chosen c
            left join communes k using (district_code)
            left join mart_district_recognition r on r.district_code = d.district_code and r.year = c.year
            left join recognition_level l on l.level_code = r.level_code
            left join decisions s on s.district_code = d.district_code and s.level_code = r.level_code and s.pick = 1
            where (d.valid_from is null or d.valid_from <= make_date(c.year, 12, 31))
              and (d.valid_to is null or d.valid_to >= make_date(c.year, 1, 1))
        )
        select * from final
        order by share_ntm desc nulls last, avg_criteria desc nulls last, district_code
        """,
        [year],
    )
    bands = district_bands(db, year).pivot_table(
        index="district_code", columns="band", values="communes", aggfunc="sum", sort=False
    )
    bands.columns = [f"band_{band}" for band in bands.columns]
    merged = frame.merge(bands, how="left", left_on="district_code", right_index=True)
    merged[bands.columns] = merged[bands.columns].fillna(0).astype(int)  # a unit with no xã assessed
    return merged


def district_bands(db: Path, year: int | None) -> pd.DataFrame:
    """Assessed xã per district-level unit and criteria band (every band, zero included), in the
    reports' band order; the units with the smallest share of xã meeting every criterion first."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year),
        counts as (
            select m.district_code, m.band, count(*) as communes
            from mart_commune_year m join chosen using (year)
            where m.band is not null
            group by m.district_code, m.band
        )
        , top as (
            -- Weakest first: the smallest share of xã in the top band (all criteria met).
            select n.district_code,
                   sum(n.communes) filter (where b.sort_order = 1) / sum(n.communes) as top_share
            from counts n join criteria_band b using (band)
            group by n.district_code
        )
        select d.district_code, d.name as district_name, b.band, coalesce(n.communes, 0)::integer as communes
        from district d
        join top p using (district_code)
        cross join criteria_band b
        left join counts n on n.district_code = d.district_code and n.band = b.band
        order by coalesce(p.top_share, 0), d.district_code, b.sort_order
        """,
        [year],
    )


def target_progress(db: Path, year: int | None) -> pd.DataFrame:
    """Every target in force (province and districts) with its base, its latest value up to ``year``
    (mart_measure_year) and the progress status and plain numbers of ``analytics.progress``. The plan's
    base value is used; where the plan gives only the base year, the observed value of that year
    (``base_observed``). Province first, then districts; within each the worst status first."""
    # What does not depend on the year is published in mart_target (etl/sql/60_leadership_views.sql).
    frame = database.query(
        db,
        """
        with latest as (
            -- The latest year's value even when it is empty (arg_max would skip it).
            select position, max(year) as latest_year, arg_max_null(value, year) as latest_value
            from mart_target_value
            where year <= ?
            group by position
        )
        select t.scope_code, t.district_name, t.measure_code, t.name_vi, t.name_en, t.unit, t.direction,
               t.criterion_no, t.criterion_vi, t.criterion_en, t.base_year, t.base_value, t.base_observed,
               l.latest_year, l.latest_value, t.target_year, t.target_value, t.source, t.district_order
        from mart_target t
        left join latest l using (position)
        order by t.position
        """,
        [year],
    )
    assessed = progress.assess_frame(frame)
    assessed["status_order"] = assessed["status"].map(progress.WORST_FIRST.index)
    # Rows come by district, measure, criterion and target year: a stable sort puts the worst
    # status first within each district and keeps that order among equals.
    assessed = assessed.sort_values(["district_order", "status_order"], kind="stable")
    return assessed.drop(columns=["district_order", "status_order"]).reset_index(drop=True)


def scope_target_progress(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """``target_progress`` of one district, or (``district=None``) of the province and every district."""
    frame = target_progress(db, year)
    return frame if district is None else frame[frame["scope_code"] == district].reset_index(drop=True)


def district_target_progress(db: Path, year: int | None) -> pd.DataFrame:
    """``target_progress`` of the district-level units' own targets."""
    frame = target_progress(db, year)
    return frame[frame["scope_code"] != "province"].reset_index(drop=True)


def target_series(db: Path, year: int | None) -> pd.DataFrame:
    """The observed values of every measure that has a target, per scope and year up to ``year``,
    from the target's base year (or the first year with criteria results) on."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year),
        targeted as (
            select scope_code, measure_code, criterion_no,
                   coalesce(min(base_year), (select min(year) from current_criterion_result)) as first_year
            from current_target
            group by scope_code, measure_code, criterion_no
        )
        select v.scope_code, v.measure_code, v.criterion_no, v.year, v.value
        from mart_measure_year v
        join targeted t
          on t.scope_code = v.scope_code and t.measure_code = v.measure_code
         and t.criterion_no is not distinct from v.criterion_no
        cross join chosen c
        where v.year <= c.year and v.year >= t.first_year
        order by v.scope_code, v.measure_code, v.criterion_no, v.year
        """,
        [year],
    )


_NEAR_FINISH = f"""
    with chosen as (select ?::integer as year, ?::varchar as district_code, ?::integer as criterion_no),
    near as (
        select g.*, g.recognition_rank >= 1 as recognised
        from mart_commune_gap g, chosen c
        where g.year = c.year
          and g.criteria_missing between 1 and {NEAR_FINISH_MISSING}
          and (c.district_code is null or g.district_code = c.district_code)
          and (c.criterion_no is null or list_contains(g.missing, c.criterion_no))
    )
"""


def near_finish(db: Path, year: int | None, district: str | None = None, criterion: int | None = None) -> pd.DataFrame:
    """Xã missing one or two criteria that year (only those missing ``criterion``, if given), by
    district: ``recognised`` says whether the xã already holds NTM (then the gap was found on a
    re-check and must be closed to keep the standard)."""
    return database.query(
        db,
        _NEAR_FINISH
        + """
        select n.district_code, d.name as district_name, n.commune_code, n.commune_name,
               n.criteria_met, n.criteria_missing, n.missing, n.recognised
        from near n join district d using (district_code)
        order by n.recognised, n.district_code, n.criteria_missing, n.commune_name
        """,
        [year, district, criterion],
    )


def near_finish_by_district(
    db: Path, year: int | None, district: str | None = None, criterion: int | None = None
) -> pd.DataFrame:
    """Xã not yet recognised that miss one or two criteria, counted per district and number missing;
    the districts with the most such xã first."""
    return database.query(
        db,
        _NEAR_FINISH
        + """
        , counts as (
            select n.district_code, d.name as district_name, n.criteria_missing, count(*)::integer as communes
            from near n join district d using (district_code)
            where not n.recognised
            group by all
        )
        select * from counts
        order by sum(communes) over (partition by district_code) desc, district_code, criteria_missing
        """,
        [year, district, criterion],
    )


def near_finish_criteria(
    db: Path, year: int | None, district: str | None = None, criterion: int | None = None
) -> pd.DataFrame:
    """For the xã not yet recognised that miss one or two criteria: how many miss each criterion,
    most missed first."""
    return database.query(
        db,
        _NEAR_FINISH
        + """
        , missed as (
            select unnest(n.missing) as criterion_no from near n where not n.recognised
        )
        select k.criterion_no, k.name_vi, k.name_en, count(*)::integer as communes
        from missed m join criterion k using (criterion_no)
        group by all
        order by communes desc, k.criterion_no
        """,
        [year, district, criterion],
    )


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
