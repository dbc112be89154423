"""What the verdict strip at the top of a page reads: the targets of the scope in view with their
verdict, gap and "% kế hoạch" as ``targets.target_progress`` computes them (never recomputed here),
each with the measure's value a year before; and the units of the scope that lag most.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import NATIONAL, PROVINCE, districts, scope_code, targets
from ntm import db as database

# How many lagging units the strip names.
LAGGING_NAMED = 3


def scope_targets(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """The targets of ``scope`` (None: the province, with the national ones) in force in ``year``'s period, as
    ``targets.target_progress`` gives them, with ``previous_value``: the measure's value in the year
    before its latest (empty where none is recorded)."""
    code = scope_code(scope)
    # The province's strip holds the national targets too: they are measured on the province's values.
    shown = {code, NATIONAL} if code == PROVINCE else {code}
    frame = targets.target_progress(db, year)
    frame = frame[frame["scope_code"].isin(shown)].reset_index(drop=True)
    series = targets.target_series(db, year)
    series = series[series["scope_code"].isin(shown)]
    keys = ["scope_code", "measure_code", "criterion_no"]
    before = frame[keys].assign(year=frame["latest_year"] - 1).merge(series[[*keys, "year", "value"]], how="left")
    return frame.assign(previous_value=before["value"].to_numpy())


def lagging_units(db: Path, year: int | None, scope: str | None = None, count: int = LAGGING_NAMED) -> pd.DataFrame:
    """The units of ``scope`` that lag most in ``year``: for the province in a year with districts,
    the district-level units lowest on the measure that separates them (``districts.separating_measure``);
    otherwise the scope's xã with the fewest criteria met. Only units behind the best are named.
    Columns: code, kind (district or commune), name, name_en, measure, value."""
    if scope is None and districts.has_districts(db, year):
        units = districts.units_to_rank(db, year)
        measure = districts.separating_measure(units)
        behind = units[units[measure] < units[measure].max()]  # the best are not lagging, even if few
        lowest = behind.sort_values([measure, "district_name"]).head(count)
        return pd.DataFrame(
            {
                "code": lowest["district_code"],
                "kind": "district",
                "name": lowest["district_name"],
                "name_en": None,
                "measure": measure,
                "value": lowest[measure],
            }
        ).reset_index(drop=True)
    return database.query(
        db,
        """
        select p.commune_code as code, 'commune' as kind, p.name, p.name_en, 'criteria_met' as measure,
               m.criteria_met as value
        from mart_commune_year m
        join scope_commune s using (year, commune_code)
        join programme_commune p using (year, commune_code)
        where m.year = ? and s.scope_code = ? and m.criteria_missing > 0
        order by m.criteria_met, p.name
        limit ?
        """,
        [year, scope_code(scope), count],
    )
