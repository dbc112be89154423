"""The district-level units' figures: the units, their ranking by the share of xã meeting NTM, the
comparison table with their own recognition, and their xã per criteria band.

A unit's counts are its rows of mart_scope_year (etl/sql/views/310_mart_scope_year.sql), the same
the overview shows for it; only the units valid in the year viewed (programme_district) are listed:
none from 1/7/2025, when the district level was abolished.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ntm import db as database

# Each unit valid in the year viewed with its figures and its own recognition, the average to two
# decimals as the overview shows it.
_UNITS_OF_YEAR = """
    with units as (
        select d.district_code, d.name as district_name, d.kind,
               s.communes_total, s.communes_assessed, s.communes_ntm, s.share_ntm,
               s.communes_advanced, s.communes_all_criteria, s.criteria_count,
               round(s.avg_criteria, 2) as avg_criteria, s.districts_recognised > 0 as recognised,
               l.name_vi as level_vi, l.name_en as level_en,
               r.assessment_year as recognition_year, r.decision_no, r.decision_date
        from programme_district d
        join mart_scope_year s on s.scope_code = d.district_code and s.year = d.year
        left join mart_district_recognition r on r.district_code = d.district_code and r.year = d.year
        left join recognition_level l on l.level_code = r.level_code
        where d.year = ?
    )
"""


def districts(db: Path) -> dict[str, str]:
    """District-level units (of every year), code -> name, in code order."""
    frame = database.query(db, "select district_code, name from district order by district_code")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


def has_districts(db: Path, year: int | None) -> bool:
    """Whether ``year``'s units include district-level units (its units date is before 1/7/2025):
    the district filter and the district figures apply only then."""
    found = database.row(db, "select count(*) > 0 as found from programme_district where year = ?", [year])
    return bool(found["found"])


def districts_ranked(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units by their share of xã meeting NTM that year, highest first."""
    return database.query(
        db,
        _UNITS_OF_YEAR
        + """
        select district_code, district_name, communes_total, communes_ntm, share_ntm, avg_criteria, recognised
        from units
        order by share_ntm desc nulls last, avg_criteria desc nulls last, district_name
        """,
        [year],
    )


# The measures the units can be ranked by, in the order offered, each with the range its values
# can take (None: 0 to the year's number of criteria). The share of xã NTM stops telling units
# apart once most reach 100%: the ranking defaults to the measure that separates them most.
RANK_MEASURES: dict[str, float | None] = {
    "share_ntm": 100.0,
    "share_advanced": 100.0,
    "share_all_criteria": 100.0,
    "avg_criteria": None,
}
# Two units are told apart on a measure when their values differ by at least this share of its range:
# a difference a bar of a phone-wide chart shows.
VISIBLE_DIFFERENCE = 0.02


def units_to_rank(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units that year with every measure of ``RANK_MEASURES`` (shares per 100 xã,
    to one decimal), the xã behind them, and the unit's own recognition; highest share of NTM first."""
    return database.query(
        db,
        _UNITS_OF_YEAR
        + """
        select district_code, district_name, communes_total, communes_assessed, communes_ntm,
               communes_advanced, communes_all_criteria, criteria_count, recognised,
               share_ntm,
               round(100.0 * communes_advanced / nullif(communes_total, 0), 1) as share_advanced,
               round(100.0 * communes_all_criteria / nullif(communes_assessed, 0), 1) as share_all_criteria,
               avg_criteria
        from units
        order by share_ntm desc nulls last, avg_criteria desc nulls last, district_name
        """,
        [year],
    )


def separation(units: pd.DataFrame, measure: str) -> float:
    """The share of pairs of ``units`` told apart by ``measure`` (``VISIBLE_DIFFERENCE``): 0 when
    all are equal (13 of 15 at 100% come close), 1 when every unit stands apart."""
    values = units[measure].dropna().to_numpy(dtype=float)
    if len(values) < 2:
        return 0.0
    scale = RANK_MEASURES[measure] or float(units["criteria_count"].max())
    apart = abs(values[:, None] - values[None, :]) >= VISIBLE_DIFFERENCE * scale
    return float(apart.sum()) / (len(values) * (len(values) - 1))


def separating_measure(units: pd.DataFrame) -> str:
    """The measure of ``RANK_MEASURES`` that tells the most pairs of ``units`` apart (the first
    offered on a tie)."""
    return max(RANK_MEASURES, key=lambda measure: separation(units, measure))


def district_comparison(db: Path, year: int | None) -> pd.DataFrame:
    """District-level units that year: xã in the programme, assessed and meeting NTM, the share,
    average criteria, xã per criteria band (a column per band), and the unit's own recognition
    (level and decision), highest share first."""
    frame = database.query(
        db,
        _UNITS_OF_YEAR
        + """
        select district_code, district_name, kind, communes_total, communes_assessed, communes_ntm, share_ntm,
               avg_criteria, level_vi, level_en, recognition_year, decision_no, decision_date
        from units
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
    """Assessed xã per district-level unit and criteria band of the year's set (every band, zero
    included), in the reports' band order; the units with the smallest share of xã meeting every
    criterion first."""
    return database.query(
        db,
        """
        with chosen as (select * from calendar_year where year = ?),
        bands as (select b.* from criteria_band b join chosen using (criteria_set)),
        counts as (
            select m.scope_code as district_code, m.band, m.communes
            from mart_band_scope_year m
            join chosen c using (year)
            join programme_district p on p.year = m.year and p.district_code = m.scope_code
        ),
        top as (
            -- Weakest first: the smallest share of xã in the top band (all criteria met).
            select n.district_code,
                   sum(n.communes) filter (where b.sort_order = 1) / sum(n.communes) as top_share
            from counts n join bands b using (band)
            group by n.district_code
        )
        select d.district_code, d.name as district_name, b.band, coalesce(n.communes, 0)::integer as communes
        from district d
        join top p using (district_code)
        cross join bands b
        left join counts n on n.district_code = d.district_code and n.band = b.band
        order by coalesce(p.top_share, 0), d.district_code, b.sort_order
        """,
        [year],
    )
