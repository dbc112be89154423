"""What an account may write: the whole province, some districts, or some agencies.

The scope is checked where data is written (``etl.load``), not in a page, so no route — the
upload page, the command line, a future one — can load rows outside it. A record is inside a
district scope when its district (``Record.district_code``) is one of the scope's, and inside an
agency scope when its agency (the ``agency_code`` value a reader gives it) is one of the scope's.
Province-wide rows (a target for "Toàn tỉnh") belong to no district: only the province covers them.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.problems import Findings
from etl.readers.common import Record
from ntm.i18n import t
from ntm.units import Units

PROVINCE, DISTRICTS, AGENCIES, NOTHING = "province", "districts", "agencies", "nothing"
KINDS = (PROVINCE, DISTRICTS, AGENCIES, NOTHING)
# The value (or extra) a reader of an agency's dataset sets to say whose row it is.
AGENCY_FIELD = "agency_code"


@dataclass(frozen=True)
class Scope:
    kind: str
    codes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown scope kind: {self.kind!r}")
        if self.kind in (DISTRICTS, AGENCIES) and not self.codes:
            raise ValueError(f"a {self.kind} scope needs at least one code")

    @classmethod
    def province(cls) -> Scope:
        return cls(PROVINCE)

    @classmethod
    def districts(cls, codes) -> Scope:
        return cls(DISTRICTS, frozenset(codes))

    @classmethod
    def agencies(cls, codes) -> Scope:
        return cls(AGENCIES, frozenset(codes))

    @classmethod
    def nothing(cls) -> Scope:
        """A viewer's or a disabled account's: it may write nothing at all."""
        return cls(NOTHING)

    @classmethod
    def parse(cls, text: str) -> Scope:
        """The stored form: ``province``, ``districts:908,905``, ``agencies:SNN``, ``nothing``."""
        kind, _, codes = text.strip().partition(":")
        return cls(kind, frozenset(c.strip() for c in codes.split(",") if c.strip()))

    def __str__(self) -> str:
        return f"{self.kind}:{','.join(sorted(self.codes))}" if self.codes else self.kind

    def covers(self, record: Record) -> bool:
        if self.kind == PROVINCE:
            return True
        if self.kind == DISTRICTS:
            return record.district_code in self.codes
        if self.kind == AGENCIES:
            return agency_of(record) in self.codes
        return False

    def describe(self, lang: str, district_names: dict[str, str]) -> str:
        """ "Huyện An Biên, Huyện Châu Thành" — the scope as a person reads it."""
        if self.kind in (PROVINCE, NOTHING):
            return t(f"etl.scope_{self.kind}", lang)
        names = sorted(district_names.get(code, code) for code in self.codes)
        return t(f"etl.scope_{self.kind}", lang, names=", ".join(names))


def agency_of(record: Record) -> str | None:
    return record.values.get(AGENCY_FIELD)


def check(scope: Scope, records: dict[str, list[Record]], findings: Findings, units: Units) -> None:
    """An error for each row of the file outside ``scope`` (one per Excel row, naming its unit)."""
    if scope.kind == PROVINCE:
        return
    if scope.kind == NOTHING:
        findings.error("scope_no_rights")
        return
    allowed = ", ".join(sorted(units.district_name(code) for code in scope.codes))
    reported: set[tuple[str, int]] = set()
    for items in records.values():
        for record in items:
            place = (record.sheet, record.row)
            if place in reported or scope.covers(record):
                continue
            reported.add(place)
            unit = agency_of(record) if scope.kind == AGENCIES else None
            unit = unit or (units.district_name(record.district_code) if record.district_code else None)
            if unit:
                findings.error("scope_row_outside", record.sheet, record.row, None, unit=unit, allowed=allowed)
            else:
                findings.error("scope_row_province", record.sheet, record.row, None, allowed=allowed)
