"""Which criteria set and which units a year of data has: the one rule, read from the reference files
(criteria_sets.csv, periods.csv and the sets' criteria), so the loader, ``init`` (``calendar_year``)
and the command line agree without a database.

A year's set is the set whose years contain it; years before the first set use the first (the
2016–2020 set had 19 criteria too), years after the last the last. A year's units are those valid
on its units date: 31/12 of the year, or the end of the first period (by start date) covering the
year when that comes earlier — 30/6/2025, Kiên Giang's last day, for 2025.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ntm import reference


@dataclass(frozen=True)
class CriteriaSet:
    code: str  # "2021-2025"
    name_vi: str
    name_en: str
    decision: str  # "318/QĐ-TTg"
    first_year: int
    last_year: int
    criteria_count: int


@dataclass(frozen=True)
class Criterion:
    number: int
    group_no: int | None
    name_vi: str
    name_en: str


@functools.cache
def all_sets() -> tuple[CriteriaSet, ...]:
    """The criteria sets, oldest first."""
    found = [
        CriteriaSet(
            code=row["criteria_set"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            decision=row["decision"],
            first_year=int(row["first_year"]),
            last_year=int(row["last_year"]),
            criteria_count=int(row["criteria_count"]),
        )
        for row in reference.rows("criteria_set")
    ]
    return tuple(sorted(found, key=lambda found_set: found_set.first_year))


def of_year(year: int) -> CriteriaSet:
    """The criteria set data of ``year`` are assessed against."""
    sets = all_sets()
    return next((found for found in sets if found.first_year <= year <= found.last_year), None) or (
        sets[0] if year < sets[0].first_year else sets[-1]
    )


@functools.cache
def criteria(set_code: str) -> tuple[Criterion, ...]:
    """The criteria of a set, in number order."""
    found = [
        Criterion(
            int(row["criterion_no"]), int(row["group_no"]) if row["group_no"] else None, row["name_vi"], row["name_en"]
        )
        for row in reference.rows("criterion")
        if row["criteria_set"] == set_code
    ]
    return tuple(sorted(found, key=lambda criterion: criterion.number))


def units_on(year: int) -> dt.date:
    """The day whose units a year's data speak of (see the module's docstring)."""
    covering = sorted(
        (row["starts_on"], dt.date.fromisoformat(row["ends_on"]))
        for row in reference.rows("period")
        if int(row["first_year"]) <= year <= int(row["last_year"])
    )
    end_of_year = dt.date(year, 12, 31)
    return min(end_of_year, covering[0][1]) if covering else end_of_year
