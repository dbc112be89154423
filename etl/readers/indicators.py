"""Sub-indicator values: one row per xã and indicator (e.g. 15.1 health insurance, 87,5 %)."""

from __future__ import annotations

from etl import values
from etl.readers.common import (
    Context,
    Record,
    SheetYear,
    Store,
    declared_range,
    parse_cell,
    report_unit_problem,
    table_rows,
)
from etl.table import Table
from ntm.catalogue import clean_cell

DATASET = "indicators"
STORE = Store("indicator_value", ("commune_code", "year", "indicator_code"), ("value_number", "value_text", "met"))
# Read only as a companion sheet of a criteria workbook, whose year it takes.
COMPANION_OF = "criteria"


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    if "commune_code" not in table.columns and "commune_name" not in table.columns:
        ctx.findings.error("commune_column_missing", sheet, table.header_row + 1, None)
        return []
    year = ctx.workbook_year
    if year is None:
        sheet_year = SheetYear(table, ctx)
        if not sheet_year.valid:
            return []
        year = sheet_year.year
    if year is None:
        ctx.findings.error("year_missing", sheet, None, None)
        return []
    records: list[Record] = []
    seen: dict[tuple[str, str], int] = {}
    for excel_row, row in table_rows(table):
        code = clean_cell(table.value(row, "commune_code"))
        name = clean_cell(table.value(row, "commune_name"))
        district = ctx.units.find_district(table.value(row, "district"))
        key = "commune_code" if code else "commune_name"
        match = ctx.units.find_commune(code or name, None if code else district, prefer_type="xã")
        if match.unit is None:
            report_unit_problem(ctx, match, code or name, sheet, excel_row, table.columns[key] + 1, district)
            continue
        ctx.findings.label_row(sheet, excel_row, match.unit.name)
        indicator = clean_cell(table.value(row, "indicator_code"))
        if indicator not in ctx.catalogue.indicator_codes:
            ctx.findings.error("indicator_unknown", sheet, excel_row, table.columns["indicator_code"] + 1,
                               value=indicator)
            continue
        raw = table.value(row, "value")
        number = None
        if _is_figure(raw):
            number = parse_cell(ctx, values.number, raw, sheet, excel_row, table.column_number("value"),
                                declared_range(table, "value"))
            if number is None:
                continue
        met_raw = table.value(row, "met")
        met = None
        if not values.is_blank(met_raw):
            met = parse_cell(ctx, values.mark, met_raw, sheet, excel_row, table.columns["met"] + 1)
            if met is None:
                continue
        first = seen.setdefault((match.unit.code, indicator), excel_row)
        if first != excel_row:
            ctx.findings.error("indicator_duplicated", sheet, excel_row, None, commune=match.unit.name,
                               indicator=indicator, first_row=first)
            continue
        records.append(Record({
            "commune_code": match.unit.code, "year": year, "indicator_code": indicator,
            "value_number": number, "value_text": None if number is not None else (clean_cell(raw) or None),
            "met": met,
        }, sheet, excel_row, match.unit.district_code))
    return records


def _is_figure(value: object) -> bool:
    """Whether a value cell holds a figure (then read and checked as one), not words ("Đạt",
    "Có"), which are kept as text."""
    try:
        values.number(value)
    except values.BadValue as bad:
        return bad.key != "number_invalid"
    return True
