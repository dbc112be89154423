"""Targets and progress toward them: the target in force for each measure, the targets on one
criterion, every target's progress up to a year (analytics/progress.py) and the observed series.

The observed values are those of mart_measure_year (etl/sql/views/330_mart_measure_year.sql),
selected from mart_scope_year: the overview's headline figures, so the two pages cannot disagree.

A year shows the targets of its period: those whose target year is assessed against the same
criteria set (2025's plan in 2021–2025, the 2030 targets from 2026). A national target (scope
'national', as reported for 2030) is compared with the province's values (mart_target.observed_scope).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import is_district, progress, scope_code
from ntm import db as database


def targets(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """The target in force for each measure of the province (or of one scope) in ``year``, among
    those of the year's period.

    A plan may set several target years for a measure; the one shown is the nearest target year
    not before ``year``, else the latest one already past. Targets per criterion are left out.
    """
    return database.query(
        db,
        f"""
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
              and {_OF_THE_PERIOD.format(target="t", year="c.year")}
        )
        select * exclude (pick) from ranked where pick = 1 order by measure_code
        """,
        [year, scope_code(scope)],
    )


# Whether a target (alias ``target``) belongs to the period of ``year``: its target year is
# assessed against the same criteria set (without a year, every target). Of mart_target ``t``, whose
# rows carry their set, with the chosen year as ``c``: _OF_THE_YEARS_SET.
_OF_THE_PERIOD = """(
    {year} is null or (select criteria_set from calendar_year where year = {target}.target_year)
                       = (select criteria_set from calendar_year where year = {year})
)"""
_OF_THE_YEARS_SET = (
    "($year::integer is null or t.criteria_set = (select criteria_set from calendar_year where year = $year))"
)


def criterion_targets(db: Path, criterion: int, scope: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Targets on the number of xã meeting one criterion, for the province or one scope; with
    ``year``, only those of its period (a criterion's number means another criterion in another set)."""
    return database.query(
        db,
        f"""
        with chosen as (select ?::integer as year)
        select t.base_year, t.base_value, t.target_year, t.target_value
        from current_target t, chosen c
        where t.measure_code = 'communes_meeting_criterion' and t.criterion_no = ? and t.scope_code = ?
          and {_OF_THE_PERIOD.format(target="t", year="c.year")}
        order by t.target_year
        """,
        [year, criterion, scope_code(scope)],
    )


def target_progress(db: Path, year: int | None) -> pd.DataFrame:
    """Every target in force of the year's period (province, national and districts) with its base,
    its latest value up to ``year`` (mart_measure_year), "% kế hoạch" (``percent_of_plan``) and the
    progress status, or the verdict once the target's year has passed (``ended``: the data reach it,
    ``year`` is past it, or the target's period ends within ``year``), with the plain numbers of
    ``analytics.progress``: what the targets page, the brief, the final review and the data API show.
    The plan's base value is used; where the plan gives only the base year, the observed value of
    that year (``base_observed``). Province first, then national targets and districts;
    within each the worst status first."""
    # What does not depend on the year is published in mart_target (etl/sql/views/331_mart_target.sql).
    frame = database.query(
        db,
        f"""
        with latest as (
            -- The latest year's value even when it is empty (arg_max would skip it).
            select position, max(year) as latest_year, arg_max_null(value, year) as latest_value
            from mart_target_value
            where year <= $year
            group by position
        )
        select t.scope_code, t.district_name, t.measure_code, t.name_vi, t.name_en, t.unit, t.direction,
               t.criterion_no, t.criterion_vi, t.criterion_en, t.base_year, t.base_value, t.base_observed,
               l.latest_year, l.latest_value, t.target_year, t.target_value, t.source, t.district_order,
               coalesce(l.latest_year >= t.target_year or $year > t.target_year
                        or (select min(p.ends_on) from period p
                            where p.criteria_set = t.criteria_set
                              and t.target_year between p.first_year and p.last_year) <= make_date($year, 12, 31),
                        false) as ended
        from mart_target t
        left join latest l using (position)
        where {_OF_THE_YEARS_SET}
        order by t.position
        """,
        {"year": year},
    )
    assessed = progress.assess_frame(frame)
    assessed["status_order"] = assessed["status"].map(progress.WORST_FIRST.index)
    # Rows come by district, measure, criterion and target year: a stable sort puts the worst
    # status first within each district and keeps that order among equals.
    assessed = assessed.sort_values(["district_order", "status_order"], kind="stable")
    return assessed.drop(columns=["district_order", "status_order"]).reset_index(drop=True)


def scope_target_progress(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """``target_progress`` of one scope, or (``scope=None``) of the province, the nation and every district."""
    frame = target_progress(db, year)
    return frame if scope is None else frame[frame["scope_code"] == scope_code(scope)].reset_index(drop=True)


def district_target_progress(db: Path, year: int | None) -> pd.DataFrame:
    """``target_progress`` of the district-level units' own targets."""
    frame = target_progress(db, year)
    return frame[frame["scope_code"].map(is_district)].reset_index(drop=True)


def target_series(db: Path, year: int | None) -> pd.DataFrame:
    """The observed values of every measure that has a target of the year's period, per scope (the
    target's: a national target's values are the province's) and year up to ``year``, from the
    target's base year (or the first year with criteria results) on, in the years of its set."""
    return database.query(
        db,
        f"""
        with targeted as (
            select t.scope_code, t.observed_scope, t.measure_code, t.criterion_no,
                   any_value(t.criteria_set) as criteria_set,
                   coalesce(min(t.base_year), (select min(year) from year_with_data where criteria_results))
                       as first_year
            from mart_target t
            where {_OF_THE_YEARS_SET}
            group by t.scope_code, t.observed_scope, t.measure_code, t.criterion_no
        )
        select t.scope_code, v.measure_code, v.criterion_no, v.year, v.value
        from mart_measure_year v
        join targeted t
          on t.observed_scope = v.scope_code and t.measure_code = v.measure_code
         and t.criterion_no is not distinct from v.criterion_no
        join calendar_year y on y.year = v.year and y.criteria_set = t.criteria_set
        where v.year <= $year and v.year >= t.first_year
        order by t.scope_code, v.measure_code, v.criterion_no, v.year
        """,
        {"year": year},
    )
