"""The criteria page's figures: the criteria, how many xã meet each (per scope and year, and over
the years), the criteria lost after recognition, and the grids of xã and units against criteria.

Selected from mart_criterion_scope_year (etl/sql/views/321_mart_criterion_scope_year.sql) and the
xã marts. Every query aggregates in the database: a chart receives at most a few hundred values,
whatever the number of xã (grids keep GRID_ROWS rows, those furthest behind).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import PROVINCE, scope_code
from ntm import db as database

GRID_ROWS = 40


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


def criteria_met(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """For each criterion, the number of xã in the programme meeting it that year."""
    return database.query(
        db,
        """
        select k.criterion_no, k.name_vi, k.name_en, coalesce(m.communes_met, 0) as communes
        from criterion k
        left join mart_criterion_scope_year m on m.criterion_no = k.criterion_no and m.scope_code = ? and m.year = ?
        order by k.criterion_no
        """,
        [scope_code(district), year],
    )


def criterion_shares(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Each criterion in its group: xã assessed, meeting and not meeting it that year, the share
    meeting it (%), and ``blocking_rank`` (1 = the criterion the most xã do not meet; ties by number).
    Ordered by group, then the weakest criterion first, as the chart draws them."""
    return database.query(
        db,
        """
        with shares as (
            select
                k.group_no, g.name_vi as group_vi, g.name_en as group_en, k.criterion_no, k.name_vi, k.name_en,
                coalesce(m.communes_assessed, 0)::integer as communes_assessed,
                coalesce(m.communes_met, 0)::integer as communes_met,
                coalesce(m.communes_not_met, 0)::integer as communes_not_met,
                m.share_met
            from criterion k
            join criterion_group g using (group_no)
            left join mart_criterion_scope_year m
              on m.criterion_no = k.criterion_no and m.scope_code = ? and m.year = ?
        ),
        final as (
            select *, row_number() over (order by communes_not_met desc, criterion_no) as blocking_rank
            from shares
        )
        select * from final order by group_no, share_met nulls last, criterion_no
        """,
        [scope_code(district), year],
    )


def criterion_trend(db: Path, district: str | None = None, criterion: int | None = None) -> pd.DataFrame:
    """Xã assessed and meeting each criterion (or one), per year with criteria results, oldest first."""
    return database.query(
        db,
        """
        select m.year, k.criterion_no, k.name_vi, k.name_en,
               m.communes_assessed::integer as communes_assessed, m.communes_met::integer as communes_met,
               m.share_met
        from mart_criterion_scope_year m join criterion k using (criterion_no)
        where m.scope_code = ? and (?::integer is null or m.criterion_no = ?)
        order by m.year, k.criterion_no
        """,
        [scope_code(district), criterion, criterion],
    )


def criteria_lost(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Criteria that xã already holding NTM do not meet that year (mart_criterion_lost), with the
    number of such xã, most often lost first; criteria nobody lost are left out."""
    return database.query(
        db,
        """
        select k.criterion_no, k.name_vi, k.name_en, m.communes_lost::integer as communes_lost
        from mart_criterion_scope_year m join criterion k using (criterion_no)
        where m.scope_code = ? and m.year = ? and m.communes_lost > 0
        order by m.communes_lost desc, k.criterion_no
        """,
        [scope_code(district), year],
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


def commune_results(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """Every xã of the programme assessed that year (of one district, or of the province) against the
    criteria: one row per xã with its district and criteria met, and a column per criterion number
    (True = met); those with the fewest criteria first, then by name."""
    long = database.query(
        db,
        """
        select g.district_code, g.commune_code, g.commune_name, g.criteria_met, r.criterion_no, r.met
        from mart_commune_gap g
        join programme_criterion_result r on r.commune_code = g.commune_code and r.year = g.year
        where g.year = ? and (?::varchar is null or g.district_code = ?)
        """,
        [year, district, district],
    )
    index = ["district_code", "commune_code", "commune_name", "criteria_met"]
    if long.empty:
        return long[index]
    grid = long.pivot_table(index=index, columns="criterion_no", values="met", aggfunc="first")
    grid = grid.reset_index().sort_values(["criteria_met", "commune_name", "commune_code"], kind="stable")
    grid.columns.name = None
    return grid.reset_index(drop=True)


def commune_grid(db: Path, year: int | None, district: str) -> pd.DataFrame:
    """One district's xã against the criteria (``commune_results``), the GRID_ROWS with the fewest
    criteria: what a chart can show."""
    return commune_results(db, year, district).head(GRID_ROWS).drop(columns="district_code")


def district_criterion_grid(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units against the criteria: the share of their xã meeting each (%), one row per
    unit, the lowest average share first, at most GRID_ROWS units."""
    long = database.query(
        db,
        f"""
        with shares as (
            select scope_code as district_code, criterion_no, share_met
            from mart_criterion_scope_year
            where year = ? and scope_code <> ?
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
        [year, PROVINCE],
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
