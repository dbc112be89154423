"""Reporting periods: a year, a half-year or a quarter, and the periods a reporting cycle asks for.

Shared by the loader (a report's "Kỳ báo cáo" is read into a period) and the read side (which
periods a task expects). A period is written as a code that reads the same in every language:
``2024``, ``2024-H1``, ``2024-Q3``. A one-off task has a single period, ``once``, that ends on its
deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

YEAR, HALF, QUARTER = "year", "half", "quarter"
ONCE = "once"
ONE_OFF = "one_off"
# Reporting cycle (task) -> the kind of period it reports on.
CYCLE_PERIOD = {"quarterly": QUARTER, "six_monthly": HALF, "yearly": YEAR}
_MONTHS = {YEAR: 12, HALF: 6, QUARTER: 3}
_LETTER = {HALF: "H", QUARTER: "Q"}
_CODE = re.compile(r"^(\d{4})(?:-([HQ])([1-4]))?$")


@dataclass(frozen=True)
class Period:
    year: int
    kind: str  # year | half | quarter
    number: int = 1  # which half (1–2) or quarter (1–4); 1 for a year

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 12 // _MONTHS[self.kind]:
            raise ValueError(f"no {self.kind} {self.number}")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * _MONTHS[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.number * _MONTHS[self.kind]
        following = dt.date(self.year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        return str(self.year) if self.kind == YEAR else f"{self.year}-{_LETTER[self.kind]}{self.number}"

    @property
    def label(self) -> str:
        """Read the same in every language: 2024, H1/2024, Q3/2024."""
        return str(self.year) if self.kind == YEAR else f"{_LETTER[self.kind]}{self.number}/{self.year}"

    @classmethod
    def from_code(cls, code: str) -> Period:
        found = _CODE.match(code)
        if not found:
            raise ValueError(f"not a period code: {code!r}")
        year, letter, number = found.groups()
        if letter is None:
            return cls(int(year), YEAR)
        kind = HALF if letter == "H" else QUARTER
        return cls(int(year), kind, int(number))


def periods_of(cycle: str, first: dt.date, last: dt.date) -> list[Period]:
    """The periods of a reporting cycle whose end falls between ``first`` and ``last`` (inclusive),
    in order: the periods a task in force over those days must report on."""
    kind = CYCLE_PERIOD[cycle]
    per_year = 12 // _MONTHS[kind]
    found = []
    for year in range(first.year, last.year + 1):
        for number in range(1, per_year + 1):
            period = Period(year, kind, number)
            if first <= period.end <= last:
                found.append(period)
    return found


def window_choices(first_year: int, last_year: int) -> list[str]:
    """Codes of every year, half and quarter from ``first_year`` to ``last_year``, newest year
    first, each year followed by its halves and quarters: the choices of a reporting window."""
    codes = []
    for year in range(last_year, first_year - 1, -1):
        codes.append(str(year))
        codes += [Period(year, HALF, n).code for n in (1, 2)]
        codes += [Period(year, QUARTER, n).code for n in (1, 2, 3, 4)]
    return codes
