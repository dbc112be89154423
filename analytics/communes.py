"""One xã at a time, and the xã near the finish: the xã of a district, a xã's profile, criteria,
sub-indicators and recognition decisions, and the xã missing one or two criteria.

Selected from mart_commune_year and mart_commune_gap (etl/sql/views/3xx), which define what a xã
meets, lacks and holds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ntm import db as database
from ntm.units import Units

# "Near the finish": xã missing at most this many criteria.
NEAR_FINISH_MISSING = 2


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
    return database.row(
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


# The xã missing one or two criteria, of one year (and district, and criterion missed, when given);
# ``recognised``: the xã already holds NTM (then the gap was found on a re-check).
_NEAR_FINISH = f"""
    with chosen as (select ?::integer as year, ?::varchar as district_code, ?::integer as criterion_no),
    near as (
        select g.*, g.holds_ntm as recognised
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
