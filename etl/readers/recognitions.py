"""Recognition decisions: which unit reached which level, for which assessment year, by which
decision. Withdrawals ("Thu hồi") are events too, so a count at any year-end can be rebuilt."""

from __future__ import annotations

from etl import values
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import Row, rows, term
from etl.table import Table
from ntm.text import fold
from ntm.units import COMMUNE_CODE_LENGTH, DISTRICT_CODE_LENGTH

DATASET = "recognitions"
STORE = Store(
    "recognition",
    ("unit_code", "level_code", "decision_no"),
    ("unit_kind", "action", "assessment_year", "decision_date", "issuer"),
)
_DISTRICT_LEVEL = {
    "ntm": "district_ntm",
    "ntm_advanced": "district_ntm_advanced",
    "ntm_model": "district_ntm_model",  # huyện NTM kiểu mẫu (QĐ 320/QĐ-TTg)
    "city_task_completed": "city_task_completed",
}
_DISTRICT_PREFIXES = ("huyen ", "thanh pho ", "tp ", "thi xa ")


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    if "unit_code" not in table.columns and "unit_name" not in table.columns:
        ctx.findings.error("unit_column_missing", sheet, table.header_row + 1, None)
        return []
    levels = table.dataset.words("levels")
    actions = table.dataset.words("actions")
    records: list[Record] = []
    for row in rows(table, ctx, table_rows(table)):
        unit = _unit(row, ctx)
        if unit is None:
            continue
        unit_code, unit_kind, district_code, is_city = unit
        row.label(_unit_name(ctx, unit_code, unit_kind))
        level = _level(row, ctx, levels, unit_kind, is_city)
        action = term(row.raw("action"), actions)
        if action is None:
            row.error("action_invalid", "action", value=row.text("action") or "")
        year = row.read("assessment_year", values.recognition_year)
        decision_no = row.text("decision_no")
        if not decision_no:
            row.error("decision_no_missing", "decision_no")
        decision_date = row.parse("decision_date", values.date)
        if decision_date is not None and year is not None and decision_date.year < year:
            # A xã is recognised once the year it met the standard is assessed, never before.
            row.error("decision_before_assessment_year", "decision_date", date=decision_date, year=year)
            continue
        if None in (level, action, year) or not decision_no:
            continue
        records.append(
            Record(
                {
                    "unit_code": unit_code,
                    "unit_kind": unit_kind,
                    "level_code": level,
                    "action": action,
                    "assessment_year": year,
                    "decision_no": decision_no,
                    "decision_date": decision_date,
                    "issuer": row.text("issuer"),
                },
                row.sheet,
                row.number,
                district_code,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, table.header_row + 1, None)
    return records


def _unit(row: Row, ctx: Context):
    """(unit code, commune|district, its district, is a city) for the row's unit, or None."""
    code, name = row.text("unit_code") or "", row.text("unit_name") or ""
    district_hint = None if row.blank("district") else ctx.units.find_district(row.raw("district"))
    text, key = (code, "unit_code") if code else (name, "unit_name")
    if (code.isdigit() and len(code) == DISTRICT_CODE_LENGTH) or (
        not code and fold(name).startswith(_DISTRICT_PREFIXES)
    ):
        district = ctx.units.find_district(text)
        if district is None:
            row.error("district_unknown", key, value=text)
            return None
        return district, "district", district, ctx.units.is_city(district)
    if code.isdigit() and len(code) not in (COMMUNE_CODE_LENGTH - 1, COMMUNE_CODE_LENGTH):
        row.error("commune_code_length", key, value=code)
        return None
    match = ctx.units.find_commune(text, None if code else district_hint, prefer_type="xã")
    if match.unit is None:
        row.unit_problem(key, match, text, district_hint)
        return None
    if match.unit.unit_type != "xã":
        row.error("commune_not_in_programme", key, value=match.unit.name, unit_type=match.unit.unit_type)
        return None
    return match.unit.code, "commune", match.unit.district_code, False


def _unit_name(ctx: Context, code: str, kind: str) -> str:
    return ctx.units.district_name(code) if kind == "district" else ctx.units.communes[code].name


def _level(row: Row, ctx: Context, levels: dict[str, tuple[str, ...]], unit_kind: str, is_city: bool) -> str | None:
    meaning = None if row.blank("level") else term(row.raw("level"), levels, contains=True)
    if meaning is not None and unit_kind == "district":
        meaning = "city_task_completed" if is_city and meaning == "ntm" else _DISTRICT_LEVEL.get(meaning)
    elif meaning == "city_task_completed":
        meaning = None  # a xã cannot "complete the task"
    if meaning is None or ctx.catalogue.level_kinds.get(meaning) != unit_kind:
        row.error("level_invalid", "level", value=row.text("level") or "", unit_kind=unit_kind)
        return None
    return meaning
