"""What a year of the programme is assessed against, and with which units: its criteria set and its
units date, read from the reference files (data/reference/README.md) and nowhere else.

- A year's set is the set whose years contain it; a year before the first set takes the first set
  (the 2016–2020 set also had 19 criteria), a year after the last takes the last.
- A year's units date is the last day of the year, or the end of the first period (by start date)
  that covers the year when that comes sooner: 2025 → 30/6/2025, Kiên Giang's last day.

Pure functions of the files, so that the loader and the warehouse's ``init`` decide the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from ntm import config
from ntm.reference import read_csv

SETS_FILE = "criteria_sets.csv"
PERIODS_FILE = "periods.csv"
# Each set's rows are in the file of its own (same columns), the 2021–2025 set's where they always were.
CRITERIA_FILES = ("criteria.csv", "criteria_2026_2030.csv")
LEVEL_FILES = ("recognition_levels.csv", "recognition_levels_2026_2030.csv")


@dataclass(frozen=True)
class Criterion:
    number: int
    name_vi: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


@dataclass(frozen=True)
class Level:
    code: str
    unit_kind: str  # commune | district
    rank: int
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class CriteriaSet:
    code: str  # "2021-2025"
    name_vi: str
    name_en: str
    decision: str  # "318/QĐ-TTg"
    first_year: int
    last_year: int
    criteria: dict[int, Criterion]
    levels: dict[str, Level]  # level code -> level, in rank order (communes first)

    @property
    def criteria_count(self) -> int:
        return len(self.criteria)

    @property
    def years(self) -> str:
        """ "2021–2025", as titles write a period."""
        return f"{self.first_year}–{self.last_year}"

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


@functools.cache
def criteria_sets(folder: Path = config.REFERENCE_DIR) -> tuple[CriteriaSet, ...]:
    """Every criteria set, oldest first."""
    criteria: dict[str, dict[int, Criterion]] = {}
    for name in CRITERIA_FILES:
        for number, name_vi, name_en, code in read_csv(
            folder / name, ["criterion_no", "name_vi", "name_en", "criteria_set"]
        ):
            criteria.setdefault(code, {})[int(number)] = Criterion(int(number), name_vi, name_en)
    levels: dict[str, list[Level]] = {}
    for name in LEVEL_FILES:
        for code, kind, rank, name_vi, name_en, set_code in read_csv(
            folder / name, ["level_code", "unit_kind", "rank", "name_vi", "name_en", "criteria_set"]
        ):
            levels.setdefault(set_code, []).append(Level(code, kind, int(rank), name_vi, name_en))
    sets = [
        CriteriaSet(
            code=code,
            name_vi=name_vi,
            name_en=name_en,
            decision=decision,
            first_year=int(first),
            last_year=int(last),
            criteria=dict(sorted(criteria.get(code, {}).items())),
            levels={
                level.code: level
                for level in sorted(levels.get(code, []), key=lambda level: (level.unit_kind != "commune", level.rank))
            },
        )
        for code, name_vi, name_en, decision, first, last in read_csv(
            folder / SETS_FILE, ["criteria_set", "name_vi", "name_en", "decision", "first_year", "last_year"]
        )
    ]
    return tuple(sorted(sets, key=lambda found: found.first_year))


@functools.cache  # asked for every row of a workbook
def set_of_year(year: int, folder: Path = config.REFERENCE_DIR) -> CriteriaSet:
    """The criteria set a year's results are assessed against."""
    sets = criteria_sets(folder)
    started = [found for found in sets if found.first_year <= year]
    return started[-1] if started else sets[0]


@functools.cache
def units_on(year: int, folder: Path = config.REFERENCE_DIR) -> dt.date:
    """The day whose units a year's results speak of: 31/12, or the end of the first period (by
    start date) covering the year when sooner."""
    year_end = dt.date(year, 12, 31)
    covering = [
        (starts, ends) for starts, ends in _periods(folder) if starts <= year_end and ends >= dt.date(year, 1, 1)
    ]
    return min(year_end, min(covering)[1]) if covering else year_end


@functools.cache
def _periods(folder: Path) -> tuple[tuple[dt.date, dt.date], ...]:
    """(first day, last day) of every period of every territory."""
    return tuple(
        (dt.date.fromisoformat(starts), dt.date.fromisoformat(ends))
        for starts, ends in read_csv(folder / PERIODS_FILE, ["starts_on", "ends_on"])
    )
