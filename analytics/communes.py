"""One xã at a time, and the xã near the finish: the xã of a district, a xã's profile, criteria,
sub-indicators and recognition decisions, and the xã missing one or two criteria.

Selected from mart_commune_year and mart_commune_gap (etl/sql/views/3xx), which define what a xã
meets, lacks and holds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import scope_code
from ntm import db as database
from ntm.units import Units

# "Near the finish": xã missing at most this many criteria.
NEAR_FINISH_MISSING = 2

# The unit a code names in a year: the one valid on the year's units date (a code alone names no
# unit: 30988 is the old Xã Tây Yên until 30/6/2025 and the new one after). Parameters: code, year.
_UNIT_OF_YEAR = """
    unit as (
        select c.*, chosen.year
        from (select ?::integer as year) chosen
        join commune c on c.commune_code = ? and valid_on(c.valid_from, c.valid_to, units_date(chosen.year))
    )
"""


def communes(db: Path, scope: str | None = None, year: int | None = None) -> dict[str, str]:
    """The xã of the commune programme in ``year`` (default: the latest year with data), of one
    scope (default: the province), code -> name, by name."""
    frame = database.query(
        db,
        """
        select p.commune_code, p.name
        from programme_commune p
        join scope_commune s using (year, commune_code)
        where s.scope_code = ?
          and p.year = coalesce(
              ?::integer, (select max(year) from year_with_data), (select max(year) from calendar_year)
          )
        order by p.name, p.commune_code
        """,
        [scope_code(scope), year],
    )
    return dict(zip(frame["commune_code"], frame["name"], strict=True))


def units(db: Path) -> Units:
    """Every administrative unit, for finding a xã however its name is typed (as the loader does)."""
    return database.using(db, Units.from_db)


def commune_profile(db: Path, commune: str, year: int | None) -> dict:
    """One xã in one year (the unit its code names that year): its district, criteria met and
    missing (numbers) of the year's set and how many it has, its recognition (rank, level and its
    names) and, for a unit created by a rearrangement, whether it was reviewed."""
    return database.row(
        db,
        f"""
        with {_UNIT_OF_YEAR}
        select c.commune_code, c.name as commune_name, c.unit_type, c.district_code, d.name as district_name,
               g.criteria_met, g.criteria_missing, g.missing, coalesce(m.recognition_rank, 0) as recognition_rank,
               k.criteria_count, k.criteria_set, c.valid_from, c.valid_to, m.recognition_level,
               l.name_vi as level_vi, l.name_en as level_en, m.review_status
        from unit c
        left join district d using (district_code)
        left join year_criteria k on k.year = c.year
        left join mart_commune_gap g on g.commune_code = c.commune_code and g.year = c.year
        left join mart_commune_year m on m.commune_code = c.commune_code and m.year = c.year
        left join recognition_level l on l.level_code = m.recognition_level
        """,
        [year, commune],
    )


def commune_criteria(db: Path, commune: str, year: int | None) -> pd.DataFrame:
    """One xã's results (the unit its code names in ``year``), in the years assessed against that
    year's set: one row per year with criteria results, a column per criterion (True = met)."""
    long = database.query(
        db,
        f"""
        with {_UNIT_OF_YEAR}
        select r.year, r.criterion_no, r.met
        from programme_criterion_result r
        join unit u on u.commune_code = r.commune_code and u.valid_from is not distinct from r.valid_from
        join calendar_year chosen on chosen.year = u.year
        join calendar_year assessed on assessed.year = r.year and assessed.criteria_set = chosen.criteria_set
        """,
        [year, commune],
    )
    grid = long.pivot_table(index="year", columns="criterion_no", values="met", aggfunc="first")
    grid.columns.name = None
    return grid.reset_index()


def commune_indicators(db: Path, commune: str, year: int | None) -> pd.DataFrame:
    """One xã's sub-indicator values (where loaded; the unit its code names in ``year``), newest
    year first, with the threshold and whether that threshold is confirmed (an unconfirmed one is
    never shown as official)."""
    return database.query(
        db,
        f"""
        with {_UNIT_OF_YEAR}
        select v.year, v.indicator_code, i.criterion_no, i.name_vi, i.name_en, i.unit,
               v.value_number, v.value_text, v.met, i.threshold_mekong, i.threshold_confirmed
        from current_indicator_value v
        join unit u on u.commune_code = v.commune_code and valid_on(u.valid_from, u.valid_to, units_date(v.year))
        join indicator i using (indicator_code)
        order by v.year desc, i.criterion_no, v.indicator_code
        """,
        [year, commune],
    )


def commune_recognitions(db: Path, commune: str, year: int | None) -> pd.DataFrame:
    """One xã's recognition decisions in force (withdrawals and reviews included), oldest first: the
    decisions about the unit its code names in ``year``, never those of an older unit with that code."""
    return database.query(
        db,
        f"""
        with {_UNIT_OF_YEAR}
        select r.assessment_year, r.level_code, l.name_vi as level_vi, l.name_en as level_en, r.action,
               r.decision_no, r.decision_date, r.issuer
        from recognition_event r
        join unit u
          on u.commune_code = r.unit_code and r.unit_kind = 'commune'
         and u.valid_from is not distinct from r.unit_valid_from
        join recognition_level l using (level_code)
        order by r.assessment_year, l.rank, r.decision_date
        """,
        [year, commune],
    )


# The xã missing one or two criteria, of one year (and scope, and criterion missed, when given);
# ``recognised``: the xã already holds NTM (then the gap was found on a re-check).
_NEAR_FINISH = f"""
    with chosen as (select ?::integer as year, ?::varchar as scope_code, ?::integer as criterion_no),
    near as (
        select g.*, g.holds_ntm as recognised
        from mart_commune_gap g
        join chosen c on g.year = c.year
        join scope_commune s on s.year = g.year and s.commune_code = g.commune_code and s.scope_code = c.scope_code
        where g.criteria_missing between 1 and {NEAR_FINISH_MISSING}
          and (c.criterion_no is null or list_contains(g.missing, c.criterion_no))
    ),
    named as (
        select n.*, d.name as district_name
        from near n
        left join programme_district d on d.year = n.year and d.district_code = n.district_code
    )
"""


def near_finish(db: Path, year: int | None, scope: str | None = None, criterion: int | None = None) -> pd.DataFrame:
    """Xã missing one or two criteria that year (only those missing ``criterion``, if given), by
    district: ``recognised`` says whether the xã already holds NTM (then the gap was found on a
    re-check and must be closed to keep the standard)."""
    return database.query(
        db,
        _NEAR_FINISH
        + """
        select n.district_code, n.district_name, n.commune_code, n.commune_name,
               n.criteria_met, n.criteria_missing, n.missing, n.recognised
        from named n
        order by n.recognised, n.district_code, n.criteria_missing, n.commune_name
        """,
        [year, scope_code(scope), criterion],
    )


def near_finish_by_district(
    db: Path, year: int | None, scope: str | None = None, criterion: int | None = None
) -> pd.DataFrame:
    """Xã not yet recognised that miss one or two criteria, counted per district (none from
    1/7/2025) and number missing; the districts with the most such xã first."""
    return database.query(
        db,
        _NEAR_FINISH
        + """
        , counts as (
            select n.district_code, n.district_name, n.criteria_missing, count(*)::integer as communes
            from named n
            where not n.recognised
            group by all
        )
        select * from counts
        order by sum(communes) over (partition by district_code) desc, district_code, criteria_missing
        """,
        [year, scope_code(scope), criterion],
    )


def near_finish_criteria(
    db: Path, year: int | None, scope: str | None = None, criterion: int | None = None
) -> pd.DataFrame:
    """For the xã not yet recognised that miss one or two criteria: how many miss each criterion
    of the year's set, most missed first."""
    return database.query(
        db,
        _NEAR_FINISH
        + """
        , missed as (
            select unnest(n.missing) as criterion_no from near n where not n.recognised
        )
        select k.criterion_no, k.name_vi, k.name_en, count(*)::integer as communes
        from missed m
        join calendar_year y on y.year = (select year from chosen)
        join criterion k on k.criteria_set = y.criteria_set and k.criterion_no = m.criterion_no
        group by all
        order by communes desc, k.criterion_no
        """,
        [year, scope_code(scope), criterion],
    )


def not_recognised(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """Xã of the scope not holding NTM at the end of ``year``, by district, with the criteria they
    do not meet that year (``missing``: empty when every criterion is met and no decision is loaded
    yet; ``criteria_met`` null when the xã was not assessed)."""
    return database.query(
        db,
        """
        select m.district_code, d.name as district_name, m.commune_code, m.commune_name,
               m.criteria_met, m.criteria_missing, coalesce(g.missing, []) as missing
        from mart_commune_year m
        join scope_commune s on s.year = m.year and s.commune_code = m.commune_code and s.scope_code = ?
        left join mart_commune_gap g on g.year = m.year and g.commune_code = m.commune_code
        left join programme_district d on d.year = m.year and d.district_code = m.district_code
        where m.year = ? and not m.holds_ntm
        order by m.district_code, m.criteria_missing, m.commune_name
        """,
        [scope_code(scope), year],
    )
