"""Recognition decisions: which unit reached which level, for which assessment year, by which
decision. Withdrawals ("Thu hồi") are events too, so a count at any year-end can be rebuilt."""

from __future__ import annotations

from etl import values
from etl.readers.common import (
    Context,
    Record,
    Store,
    declared_range,
    parse_cell,
    report_unit_problem,
    table_rows,
)
from etl.table import Table
from ntm.catalogue import cell_text, clean_cell
from ntm.text import fold
from ntm.units import COMMUNE_CODE_LENGTH, DISTRICT_CODE_LENGTH

DATASET = "recognitions"
STORE = Store("recognition", ("unit_code", "level_code", "decision_no"),
              ("unit_kind", "action", "assessment_year", "decision_date", "issuer"))
_DISTRICT_LEVEL = {"ntm": "district_ntm", "ntm_advanced": "district_ntm_advanced",
                   "city_task_completed": "city_task_completed"}
_DISTRICT_PREFIXES = ("huyen ", "thanh pho ", "tp ", "thi xa ")


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    if "unit_code" not in table.columns and "unit_name" not in table.columns:
        ctx.findings.error("unit_column_missing", sheet, table.header_row + 1, None)
        return []
    levels = table.dataset.words("levels")
    actions = table.dataset.words("actions")
    records: list[Record] = []
    for excel_row, row in table_rows(table):
        unit = _unit(table, ctx, row, sheet, excel_row)
        if unit is None:
            continue
        unit_code, unit_kind, district_code, is_city = unit
        ctx.findings.label_row(sheet, excel_row, _unit_name(ctx, unit_code, unit_kind))
        level = _level(table, ctx, row, sheet, excel_row, levels, unit_kind, is_city)
        action = _word(table.value(row, "action"), actions)
        if action is None:
            ctx.findings.error("action_invalid", sheet, excel_row, table.column_number("action"),
                               value=clean_cell(table.value(row, "action")))
        year = parse_cell(ctx, values.recognition_year, table.value(row, "assessment_year"), sheet, excel_row,
                          table.column_number("assessment_year"))
        decision_no = clean_cell(table.value(row, "decision_no"))
        if not decision_no:
            ctx.findings.error("decision_no_missing", sheet, excel_row, table.column_number("decision_no"))
        decision_date = None
        if not values.is_blank(table.value(row, "decision_date")):
            decision_date = parse_cell(ctx, values.date, table.value(row, "decision_date"), sheet, excel_row,
                                       table.column_number("decision_date"), declared_range(table, "decision_date"))
        if decision_date is not None and year is not None and decision_date.year < year:
            # A xã is recognised once the year it met the standard is assessed, never before.
            ctx.findings.error("decision_before_assessment_year", sheet, excel_row,
                               table.column_number("decision_date"), date=decision_date, year=year)
            continue
        if None in (level, action, year) or not decision_no:
            continue
        records.append(Record({
            "unit_code": unit_code, "unit_kind": unit_kind, "level_code": level, "action": action,
            "assessment_year": year, "decision_no": decision_no, "decision_date": decision_date,
            "issuer": clean_cell(table.value(row, "issuer")) or None,
        }, sheet, excel_row, district_code))
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, table.header_row + 1, None)
    return records


def _unit(table, ctx, row, sheet, excel_row):
    """(unit code, commune|district, its district, is a city) for the row's unit, or None."""
    code = clean_cell(table.value(row, "unit_code"))
    name = clean_cell(table.value(row, "unit_name"))
    district_text = table.value(row, "district")
    district_hint = ctx.units.find_district(district_text) if not values.is_blank(district_text) else None
    text, col = (code, table.column_number("unit_code")) if code else (name, table.column_number("unit_name"))
    if (code.isdigit() and len(code) == DISTRICT_CODE_LENGTH) or (
            not code and fold(name).startswith(_DISTRICT_PREFIXES)):
        district = ctx.units.find_district(text)
        if district is None:
            ctx.findings.error("district_unknown", sheet, excel_row, col, value=text)
            return None
        return district, "district", district, ctx.units.is_city(district)
    if code.isdigit() and len(code) not in (COMMUNE_CODE_LENGTH - 1, COMMUNE_CODE_LENGTH):
        ctx.findings.error("commune_code_length", sheet, excel_row, col, value=code)
        return None
    match = ctx.units.find_commune(text, None if code else district_hint, prefer_type="xã")
    if match.unit is None:
        report_unit_problem(ctx, match, text, sheet, excel_row, col, district_hint)
        return None
    if match.unit.unit_type != "xã":
        ctx.findings.error("commune_not_in_programme", sheet, excel_row, col, value=match.unit.name,
                           unit_type=match.unit.unit_type)
        return None
    return match.unit.code, "commune", match.unit.district_code, False


def _unit_name(ctx: Context, code: str, kind: str) -> str:
    return ctx.units.district_name(code) if kind == "district" else ctx.units.communes[code].name


def _level(table, ctx, row, sheet, excel_row, levels, unit_kind, is_city) -> str | None:
    raw = table.value(row, "level")
    meaning = _word(raw, levels, contains=True) if not values.is_blank(raw) else None
    if meaning is not None and unit_kind == "district":
        meaning = "city_task_completed" if is_city and meaning == "ntm" else _DISTRICT_LEVEL.get(meaning)
    elif meaning == "city_task_completed":
        meaning = None  # a xã cannot "complete the task"
    if meaning is None or ctx.catalogue.level_kinds.get(meaning) != unit_kind:
        ctx.findings.error("level_invalid", sheet, excel_row, table.column_number("level"),
                           value=clean_cell(raw), unit_kind=unit_kind)
        return None
    return meaning


def _word(value: object, vocabulary: dict[str, tuple[str, ...]], contains: bool = False) -> str | None:
    folded = fold(cell_text(value))
    for meaning, words in vocabulary.items():
        if folded in words or (contains and any(word and f" {word} " in f" {folded} " for word in words)):
            return meaning
    return None
