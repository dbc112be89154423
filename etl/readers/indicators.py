"""Sub-indicator values: one row per xã and indicator (e.g. 15.1 health insurance, 87,5 %), of the
units of their year. A code not in the indicator list is kept with a warning: the list is partly
unconfirmed (data/reference/README.md)."""

from __future__ import annotations

from etl import values
from etl.readers.common import Context, Record, SheetYear, Store, table_rows
from etl.readers.fields import rows
from etl.table import Table
from ntm.criteria_sets import units_on

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
    day = units_on(year)
    records: list[Record] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows(table, ctx, table_rows(table)):
        code, name = row.text("commune_code"), row.text("commune_name") or ""
        district = row.district(day, unknown=False)
        match = ctx.units.find_commune(code or name, None if code else district, prefer_type="xã", on=day)
        if match.unit is None:
            row.unit_problem("commune_code" if code else "commune_name", match, code or name, district)
            continue
        row.label(match.unit.name)
        indicator = row.text("indicator_code")
        if indicator is None:
            row.error("value_missing", "indicator_code", header=row.header("indicator_code"))
            continue
        if indicator not in ctx.catalogue.indicator_codes:
            # Kept: the list is partly unconfirmed (a new set's codes wait for its decision's annex).
            row.warning("indicator_unknown", "indicator_code", value=indicator)
        number = None
        if _is_figure(row.raw("value")):
            number = row.read("value", values.number)
            if number is None:
                continue
        met = None
        if not row.blank("met"):
            met = row.read("met", values.mark)
            if met is None:
                continue
        first = seen.setdefault((match.unit.code, indicator), row.number)
        if first != row.number:
            row.error("indicator_duplicated", commune=match.unit.name, indicator=indicator, first_row=first)
            continue
        records.append(
            Record(
                {
                    "commune_code": match.unit.code,
                    "year": year,
                    "indicator_code": indicator,
                    "value_number": number,
                    "value_text": None if number is not None else row.text("value"),
                    "met": met,
                },
                row.sheet,
                row.number,
                match.unit.district_code,
            )
        )
    return records


def _is_figure(value: object) -> bool:
    """Whether a value cell holds a figure (then read and checked as one), not words ("Đạt",
    "Có"), which are kept as text."""
    try:
        values.number(value)
    except values.BadValue as bad:
        return bad.key != "number_invalid"
    return True
