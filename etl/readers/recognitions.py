"""Recognition decisions: which unit reached which level, for which assessment year, by which
decision. Withdrawals ("Thu hồi") are events too, so a count at any year-end can be rebuilt.

A decision names its unit as the unit was on the decision's day (else on its assessment year's
units date): a xã made on 1/7/2025 is recognised by a decision of its own (a review result, an
acknowledgement, a recognition after the rearrangement: its ``decision_kind``), never through the
old xã it was made of. Its level is one of its assessment year's criteria set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from etl import values
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import Row, rows, term
from etl.table import Table
from ntm.criteria_sets import Level, all_sets, levels, of_year, units_on
from ntm.text import fold
from ntm.units import COMMUNE_CODE_LENGTH, DISTRICT_CODE_LENGTH

DATASET = "recognitions"
STORE = Store(
    "recognition",
    ("unit_code", "level_code", "decision_no"),
    ("unit_kind", "action", "decision_kind", "assessment_year", "decision_date", "issuer"),
)
_DISTRICT_LEVEL = {
    "ntm": "district_ntm",
    "ntm_advanced": "district_ntm_advanced",
    "city_task_completed": "city_task_completed",
}
_DISTRICT_PREFIXES = ("huyen ", "thanh pho ", "tp ", "thi xa ")
RECOGNISED, WITHDRAWN = "recognised", "withdrawn"
# What a withdrawal's decision is stored as: it names no kind of recognition.
ORDINARY = "ordinary"


@dataclass(frozen=True)
class _Unit:
    code: str
    kind: str  # commune | district
    name: str
    district_code: str | None
    is_city: bool


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    if "unit_code" not in table.columns and "unit_name" not in table.columns:
        ctx.findings.error("unit_column_missing", sheet, table.header_row + 1, None)
        return []
    spellings = table.dataset.words("levels")
    known = {level.code: level for each in all_sets() for level in levels(each.code)}
    actions, kinds = table.dataset.words("actions"), table.dataset.words("decision_kinds")
    records: list[Record] = []
    for row in rows(table, ctx, table_rows(table)):
        unit = _unit(row, ctx, _units_day(row))
        if unit is None:
            continue
        row.label(unit.name)
        level = _level(row, spellings, known, unit)
        action, decision_kind = _action(row, actions, kinds)
        year = row.read("assessment_year", values.recognition_year)
        decision_no = row.text("decision_no")
        if not decision_no:
            row.error("decision_no_missing", "decision_no")
        decision_date = row.parse("decision_date", values.date)
        if decision_date is not None and year is not None and decision_date.year < year:
            # A xã is recognised once the year it met the standard is assessed, never before.
            row.error("decision_before_assessment_year", "decision_date", date=decision_date, year=year)
            continue
        if level is not None and year is not None and not _level_of_year(row, level, year):
            continue
        if None in (level, action, year) or not decision_no:
            continue
        records.append(
            Record(
                {
                    "unit_code": unit.code,
                    "unit_kind": unit.kind,
                    "level_code": level.code,
                    "action": action,
                    "decision_kind": decision_kind,
                    "assessment_year": year,
                    "decision_no": decision_no,
                    "decision_date": decision_date,
                    "issuer": row.text("issuer"),
                },
                row.sheet,
                row.number,
                unit.district_code,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, table.header_row + 1, None)
    return records


def _units_day(row: Row) -> dt.date | None:
    """The day the row's unit is named on: its decision's date, else its assessment year's units
    date; None when neither can be read."""
    year = row.peek("assessment_year", values.recognition_year)
    return row.peek("decision_date", values.date) or (units_on(year) if year else None)


def _unit(row: Row, ctx: Context, day: dt.date | None) -> _Unit | None:
    """The row's unit, a xã or a district, as it was on ``day``; None, with the error, when none."""
    code, name = row.text("unit_code") or "", row.text("unit_name") or ""
    text, key = (code, "unit_code") if code else (name, "unit_name")
    if (code.isdigit() and len(code) == DISTRICT_CODE_LENGTH) or (
        not code and fold(name).startswith(_DISTRICT_PREFIXES)
    ):
        district = row.district(day, key)
        if district is None:
            return None
        return _Unit(district, "district", ctx.units.district_name(district), district, ctx.units.is_city(district))
    if code.isdigit() and len(code) not in (COMMUNE_CODE_LENGTH - 1, COMMUNE_CODE_LENGTH):
        row.error("commune_code_length", key, value=code)
        return None
    district_hint = row.district(day, unknown=False)
    match = ctx.units.find_commune(text, None if code else district_hint, prefer_type="xã", on=day)
    if match.unit is None:
        row.unit_problem(key, match, text, district_hint)
        return None
    if match.unit.unit_type != "xã":
        row.error("commune_not_in_programme", key, value=match.unit.name, unit_type=match.unit.unit_type)
        return None
    return _Unit(match.unit.code, "commune", match.unit.name, match.unit.district_code, False)


def _level(row: Row, spellings: dict[str, tuple[str, ...]], known: dict[str, Level], unit: _Unit) -> Level | None:
    """The level the cell names for the unit's kind, among those ``known`` (of every criteria set: its
    year's set is checked apart)."""
    meaning = None if row.blank("level") else term(row.raw("level"), spellings, contains=True)
    if meaning is not None and unit.kind == "district":
        meaning = "city_task_completed" if unit.is_city and meaning == "ntm" else _DISTRICT_LEVEL.get(meaning)
    elif meaning == "city_task_completed":
        meaning = None  # a xã cannot "complete the task"
    if meaning is None or known.get(meaning) is None or known[meaning].unit_kind != unit.kind:
        accepted = "; ".join(dict.fromkeys(level.name_vi for level in known.values() if level.unit_kind == unit.kind))
        row.error("level_invalid", "level", value=row.text("level") or "", unit_kind=unit.kind, levels=accepted)
        return None
    return known[meaning]


def _level_of_year(row: Row, level: Level, year: int) -> bool:
    """Whether ``level`` is one of the levels of the set ``year`` is assessed against (an error if not)."""
    year_set = of_year(year)
    year_levels = levels(year_set.code)
    if level.code in {each.code for each in year_levels}:
        return True
    row.error(
        "level_not_in_set",
        "level",
        value=row.text("level"),
        year=year,
        criteria_set=year_set.years,
        decision=year_set.decision,
        levels="; ".join(each.name_vi for each in year_levels),
    )
    return False


def _action(
    row: Row, actions: dict[str, tuple[str, ...]], kinds: dict[str, tuple[str, ...]]
) -> tuple[str | None, str | None]:
    """(action, decision kind) from the "Hình thức" cell: a withdrawal, or a recognition of the kind
    it names (an ordinary one when blank); (None, None), with the error, for words of neither."""
    if term(row.raw("action"), actions) == WITHDRAWN:
        return WITHDRAWN, ORDINARY
    kind = term(row.raw("action"), kinds)
    if kind is not None:
        return RECOGNISED, kind
    accepted = row.table.dataset.choices("decision_kinds", "actions")
    row.error("action_invalid", "action", value=row.text("action") or "", accepted="; ".join(accepted))
    return None, None
