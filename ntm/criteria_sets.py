"""Which criteria set and which units a year of data has: the one rule, read from the reference files
(criteria_sets.csv, periods.csv and the sets' criteria and levels), so the loader and the warehouse
agree without a database.

A year's set is the set whose years contain it; years before the first set use the first (the
2016–2020 set had 19 criteria too), years after the last the last. A year's units are those valid
on its units date: 31/12 of the year, or the end of the first period (by start date) covering the
year when that comes earlier — 30/6/2025, Kiên Giang's last day, for 2025.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ntm import config
from ntm.reference import read_csv

SETS_FILE = "criteria_sets.csv"
PERIODS_FILE = "periods.csv"
# Each set's rows are in a file of its own (same columns), the 2021–2025 set's where they always were.
CRITERIA_FILES = ("criteria.csv", "criteria_2026_2030.csv")
LEVEL_FILES = ("recognition_levels.csv", "recognition_levels_2026_2030.csv")


@dataclass(frozen=True)
class CriteriaSet:
    code: str  # "2021-2025"
    name_vi: str
    name_en: str
    decision: str  # "318/QĐ-TTg"
    first_year: int
    last_year: int
    criteria_count: int

    @property
    def years(self) -> str:
        """ "2021–2025", as titles write a period."""
        return f"{self.first_year}–{self.last_year}"


@dataclass(frozen=True)
class Criterion:
    number: int
    group_no: int | None
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Level:
    code: str
    unit_kind: str  # commune | district
    rank: int
    name_vi: str
    name_en: str


@functools.cache
def all_sets() -> tuple[CriteriaSet, ...]:
    """The criteria sets, oldest first."""
    columns = ["criteria_set", "name_vi", "name_en", "decision", "first_year", "last_year", "criteria_count"]
    found = [
        CriteriaSet(code, name_vi, name_en, decision, int(first), int(last), int(count))
        for code, name_vi, name_en, decision, first, last, count in read_csv(config.REFERENCE_DIR / SETS_FILE, columns)
    ]
    return tuple(sorted(found, key=lambda found_set: found_set.first_year))


@functools.cache  # asked for every row of a workbook
def of_year(year: int) -> CriteriaSet:
    """The criteria set data of ``year`` are assessed against."""
    sets = all_sets()
    return next((found for found in sets if found.first_year <= year <= found.last_year), None) or (
        sets[0] if year < sets[0].first_year else sets[-1]
    )


@functools.cache
def criteria(set_code: str) -> tuple[Criterion, ...]:
    """The criteria of a set, in number order."""
    columns = ["criterion_no", "group_no", "name_vi", "name_en", "criteria_set"]
    found = [
        Criterion(int(number), int(group) if group else None, name_vi, name_en)
        for name in CRITERIA_FILES
        for number, group, name_vi, name_en, code in read_csv(config.REFERENCE_DIR / name, columns)
        if code == set_code
    ]
    return tuple(sorted(found, key=lambda criterion: criterion.number))


@functools.cache
def levels(set_code: str) -> tuple[Level, ...]:
    """The recognition levels of a set: the xã's by rank, then the district-level units'."""
    columns = ["level_code", "unit_kind", "rank", "name_vi", "name_en", "criteria_set"]
    found = [
        Level(code, kind, int(rank), name_vi, name_en)
        for name in LEVEL_FILES
        for code, kind, rank, name_vi, name_en, level_set in read_csv(config.REFERENCE_DIR / name, columns)
        if level_set == set_code
    ]
    return tuple(sorted(found, key=lambda level: (level.unit_kind != "commune", level.rank)))


@functools.cache
def units_on(year: int) -> dt.date:
    """The day whose units a year's data speak of (see the module's docstring)."""
    periods = read_csv(config.REFERENCE_DIR / PERIODS_FILE, ["starts_on", "ends_on", "first_year", "last_year"])
    covering = sorted(
        (starts, dt.date.fromisoformat(ends))
        for starts, ends, first, last in periods
        if int(first) <= year <= int(last)
    )
    end_of_year = dt.date(year, 12, 31)
    return min(end_of_year, covering[0][1]) if covering else end_of_year
