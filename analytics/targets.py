"""Targets and progress toward them: the target in force for each measure, the targets on one
criterion, every target's progress up to a year (analytics/progress.py) and the observed series.

The observed values are those of mart_measure_year (etl/sql/views/330_mart_measure_year.sql),
selected from mart_scope_year: the overview's headline figures, so the two pages cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import PROVINCE, progress, scope_code
from ntm import db as database


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
        [year, scope_code(district)],
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
        [criterion, scope_code(district)],
    )


def target_progress(db: Path, year: int | None) -> pd.DataFrame:
    """Every target in force (province and districts) with its base, its latest value up to ``year``
    (mart_measure_year), "% kế hoạch" (``percent_of_plan``) and the progress status and plain numbers of
    ``analytics.progress``: what the targets page and the data API show. The plan's
    base value is used; where the plan gives only the base year, the observed value of that year
    (``base_observed``). Province first, then districts; within each the worst status first."""
    # What does not depend on the year is published in mart_target (etl/sql/views/331_mart_target.sql).
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
    assessed["percent_of_plan"] = percent_of_plan(assessed["latest_value"], assessed["target_value"])
    assessed["status_order"] = assessed["status"].map(progress.WORST_FIRST.index)
    # Rows come by district, measure, criterion and target year: a stable sort puts the worst
    # status first within each district and keeps that order among equals.
    assessed = assessed.sort_values(["district_order", "status_order"], kind="stable")
    return assessed.drop(columns=["district_order", "status_order"]).reset_index(drop=True)


def percent_of_plan(latest: pd.Series, target: pd.Series) -> pd.Series:
    """ "% kế hoạch": the latest value as a percentage of the target, to one decimal; empty without a
    value or with a target of zero."""
    share = pd.to_numeric(latest).astype("Float64") / pd.to_numeric(target).astype("Float64").replace(0, pd.NA)
    return (share * 100).round(1)


def scope_target_progress(db: Path, year: int | None, district: str | None = None) -> pd.DataFrame:
    """``target_progress`` of one district, or (``district=None``) of the province and every district."""
    frame = target_progress(db, year)
    return frame if district is None else frame[frame["scope_code"] == district].reset_index(drop=True)


def district_target_progress(db: Path, year: int | None) -> pd.DataFrame:
    """``target_progress`` of the district-level units' own targets."""
    frame = target_progress(db, year)
    return frame[frame["scope_code"] != PROVINCE].reset_index(drop=True)


def target_series(db: Path, year: int | None) -> pd.DataFrame:
    """The observed values of every measure that has a target, per scope and year up to ``year``,
    from the target's base year (or the first year with criteria results) on."""
    return database.query(
        db,
        """
        with chosen as (select ?::integer as year),
        targeted as (
            select scope_code, measure_code, criterion_no,
                   coalesce(min(base_year), (select min(year) from year_with_data where criteria_results))
                       as first_year
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
