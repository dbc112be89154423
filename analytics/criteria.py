"""The criteria page's figures: the criteria set of a year, its criteria, how many xã meet each (per
scope and year, and over the years), the criteria lost after recognition, and the grids of xã and
units against criteria.

A year is assessed against one criteria set (calendar_year: 19 criteria of QĐ 318 until 2025, 10
of QĐ 51/2025 from 2026): every function takes the year and answers with that set's criteria.
Selected from mart_criterion_scope_year (etl/sql/views/321_mart_criterion_scope_year.sql) and the
xã marts. Every query aggregates in the database: a chart receives at most a few hundred values,
whatever the number of xã (grids keep GRID_ROWS rows, those furthest behind).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import scope_code
from ntm import db as database

GRID_ROWS = 40

# The criteria of the year asked for (the first calendar year's without one: a database with no data
# yet), as ``k``, with the year as ``y``; the query's first parameter is the year.
_CRITERIA_OF_YEAR = """
    calendar_year y
    join criterion k on k.criteria_set = y.criteria_set
    left join criterion_group g on g.criteria_set = k.criteria_set and g.group_no = k.group_no
"""
_THE_YEAR = "y.year = coalesce(?::integer, (select min(year) from calendar_year))"


def criteria_set(db: Path, year: int | None) -> dict:
    """The criteria set ``year`` is assessed against: ``criteria_set`` (its code, "2026-2030"),
    ``decision`` ("51/2025/QĐ-TTg"), ``name_vi``/``name_en``, ``criteria_count``, its years, the
    criteria's names in number order (``criteria_vi``/``criteria_en``), ``first_set`` (whether it is
    the first set, the one the command line's keys were written for) and the year's ``units_on``.
    Every value is None for a year outside the calendar."""
    return database.row(
        db,
        f"""
        select k.criteria_set, s.decision, s.name_vi, s.name_en, count(*) as criteria_count, s.first_year, s.last_year,
               s.first_year = (select min(first_year) from criteria_set) as first_set, y.units_on,
               list(k.name_vi order by k.criterion_no) as criteria_vi,
               list(k.name_en order by k.criterion_no) as criteria_en
        from {_CRITERIA_OF_YEAR}
        join criteria_set s on s.criteria_set = k.criteria_set
        where {_THE_YEAR}
        group by all
        """,
        [year],
    )


def criteria(db: Path, year: int | None) -> pd.DataFrame:
    """The criteria of the year's set with their group (where the set has groups), names in both
    languages, in number order."""
    return database.query(
        db,
        f"""
        select k.criterion_no, k.group_no, g.name_vi as group_vi, g.name_en as group_en,
               k.name_vi, k.name_en, k.name_confirmed
        from {_CRITERIA_OF_YEAR}
        where {_THE_YEAR}
        order by k.criterion_no
        """,
        [year],
    )


def criteria_met(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """For each criterion of the year's set, the number of xã in the programme meeting it that year."""
    return database.query(
        db,
        f"""
        select k.criterion_no, k.name_vi, k.name_en, coalesce(m.communes_met, 0) as communes
        from {_CRITERIA_OF_YEAR}
        left join mart_criterion_scope_year m
          on m.criterion_no = k.criterion_no and m.scope_code = ? and m.year = y.year
        where {_THE_YEAR}
        order by k.criterion_no
        """,
        [scope_code(scope), year],
    )


def criterion_shares(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """Each criterion in its group: xã assessed, meeting and not meeting it that year, the share
    meeting it (%), and ``blocking_rank`` (1 = the criterion the most xã do not meet; ties by number).
    Ordered by group (a set without groups: one), then the weakest criterion first, as the chart
    draws them."""
    return database.query(
        db,
        f"""
        with shares as (
            select
                k.group_no, g.name_vi as group_vi, g.name_en as group_en, k.criterion_no, k.name_vi, k.name_en,
                coalesce(m.communes_assessed, 0)::integer as communes_assessed,
                coalesce(m.communes_met, 0)::integer as communes_met,
                coalesce(m.communes_not_met, 0)::integer as communes_not_met,
                m.share_met
            from {_CRITERIA_OF_YEAR}
            left join mart_criterion_scope_year m
              on m.criterion_no = k.criterion_no and m.scope_code = ? and m.year = y.year
            where {_THE_YEAR}
        ),
        final as (
            select *, row_number() over (order by communes_not_met desc, criterion_no) as blocking_rank
            from shares
        )
        select * from final order by group_no, share_met nulls last, criterion_no
        """,
        [scope_code(scope), year],
    )


def criterion_trend(
    db: Path, scope: str | None = None, criterion: int | None = None, year: int | None = None
) -> pd.DataFrame:
    """Xã assessed and meeting each criterion (or one), per year with criteria results, oldest first;
    with ``year``, only the years assessed against that year's set (a criterion's number means
    another criterion in another set)."""
    return database.query(
        db,
        """
        select m.year, k.criterion_no, k.name_vi, k.name_en,
               m.communes_assessed::integer as communes_assessed, m.communes_met::integer as communes_met,
               m.share_met, m.criteria_set
        from mart_criterion_scope_year m
        join criterion k on k.criteria_set = m.criteria_set and k.criterion_no = m.criterion_no
        where m.scope_code = ? and (?::integer is null or m.criterion_no = ?)
          and (?::integer is null or m.criteria_set = (select criteria_set from calendar_year where year = ?))
        order by m.year, k.criterion_no
        """,
        [scope_code(scope), criterion, criterion, year, year],
    )


def criteria_lost(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """Criteria that xã already holding NTM do not meet that year (mart_criterion_lost), with the
    number of such xã, most often lost first; criteria nobody lost are left out."""
    return database.query(
        db,
        """
        select k.criterion_no, k.name_vi, k.name_en, m.communes_lost::integer as communes_lost
        from mart_criterion_scope_year m
        join criterion k on k.criteria_set = m.criteria_set and k.criterion_no = m.criterion_no
        where m.scope_code = ? and m.year = ? and m.communes_lost > 0
        order by m.communes_lost desc, k.criterion_no
        """,
        [scope_code(scope), year],
    )


def communes_losing_criteria(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """The xã behind ``criteria_lost``: each with the criteria it lost that year."""
    return database.query(
        db,
        """
        select m.district_code, d.name as district_name, m.commune_code, c.name as commune_name,
               list(m.criterion_no order by m.criterion_no) as criteria_lost
        from mart_criterion_lost m
        join scope_commune s on s.year = m.year and s.commune_code = m.commune_code
        join programme_commune c on c.year = m.year and c.commune_code = m.commune_code
        left join programme_district d on d.year = m.year and d.district_code = m.district_code
        where m.year = ? and s.scope_code = ?
        group by all
        order by m.district_code, commune_name
        """,
        [year, scope_code(scope)],
    )


def commune_results(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """Every xã of the programme assessed that year (of one scope, or of the province) against the
    criteria of the year's set: one row per xã with its district (none from 1/7/2025) and criteria
    met, and a column per criterion number (True = met); those with the fewest criteria first, then by name."""
    long = database.query(
        db,
        """
        select g.district_code, g.commune_code, g.commune_name, g.criteria_met, r.criterion_no, r.met
        from mart_commune_gap g
        join scope_commune s on s.year = g.year and s.commune_code = g.commune_code
        join programme_criterion_result r on r.commune_code = g.commune_code and r.year = g.year
        where g.year = ? and s.scope_code = ?
        """,
        [year, scope_code(scope)],
    )
    described = long.drop_duplicates("commune_code")[["district_code", "commune_code", "commune_name", "criteria_met"]]
    if long.empty:
        return described
    # By code alone: a xã of 2026 has no district (pivoting on it would drop the row).
    marks = long.pivot(index="commune_code", columns="criterion_no", values="met")
    grid = described.merge(marks, left_on="commune_code", right_index=True)
    grid = grid.sort_values(["criteria_met", "commune_name", "commune_code"], kind="stable")
    grid.columns.name = None
    return grid.reset_index(drop=True)


def commune_grid(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """A scope's xã against the criteria (``commune_results``), the GRID_ROWS with the fewest
    criteria: what a chart can show."""
    return commune_results(db, year, scope).head(GRID_ROWS).drop(columns="district_code")


def district_criterion_grid(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units against the criteria: the share of their xã meeting each (%), one row per
    unit, the lowest average share first, at most GRID_ROWS units."""
    long = database.query(
        db,
        f"""
        with shares as (
            select m.scope_code as district_code, m.criterion_no, m.share_met
            from mart_criterion_scope_year m
            join programme_district d on d.year = m.year and d.district_code = m.scope_code
            where m.year = ?
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
        index=["district_code", "district_name", "average"],
        columns="criterion_no",
        values="share_met",
        aggfunc="first",
    )
    grid = grid.reset_index().sort_values(["average", "district_code"], kind="stable").drop(columns="average")
    grid.columns.name = None
    return grid.reset_index(drop=True)
