"""Targets: for the province or a district, a measure's value in a base year and the value it
should reach by a target year."""

from __future__ import annotations

import functools

from etl import values
from etl.readers.common import Context, Record, Store, declared_range, parse_cell, table_rows
from etl.table import Table
from ntm.catalogue import clean_cell
from ntm.text import fold

DATASET = "targets"
STORE = Store("target", ("scope_code", "measure_code", "criterion_no", "target_year"),
              ("base_year", "base_value", "target_value", "source"))
CRITERION_MEASURE = "communes_meeting_criterion"


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    province_words = {fold(w) for w in table.dataset.raw["province_scope"]["words"]}
    measures = table.dataset.words("measures")
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    # No total rows here: "Toàn tỉnh" is a scope in a targets sheet, not a total.
    for excel_row, row in table_rows(table, skip_totals=False):
        cell = functools.partial(table.value, row)
        col = table.column_number

        scope_text = clean_cell(cell("scope"))
        scope = "province" if fold(scope_text) in province_words else ctx.units.find_district(scope_text)
        if scope is None:
            ctx.findings.error("scope_invalid", sheet, excel_row, col("scope"), value=scope_text)
        else:
            label = scope_text if scope == "province" else ctx.units.district_name(scope)
            ctx.findings.label_row(sheet, excel_row, label)
        measure = _measure(cell("measure"), measures, ctx)
        if measure is None:
            ctx.findings.error("measure_invalid", sheet, excel_row, col("measure"),
                               value=clean_cell(cell("measure")))
        criterion = None
        if measure == CRITERION_MEASURE:
            criterion = parse_cell(ctx, values.integer, cell("criterion_no"), sheet, excel_row,
                                   col("criterion_no"))
            if criterion is not None and criterion not in ctx.catalogue.criterion_numbers:
                ctx.findings.error("criterion_unknown", sheet, excel_row, col("criterion_no"), value=criterion)
                criterion = None
            if criterion is None:
                measure = None
        base_year = base_value = None
        if not values.is_blank(cell("base_year")) or not values.is_blank(cell("base_value")):
            base_year = parse_cell(ctx, values.year, cell("base_year"), sheet, excel_row, col("base_year"))
            base_value = parse_cell(ctx, values.number, cell("base_value"), sheet, excel_row, col("base_value"),
                                    declared_range(table, "base_value"))
            if base_year is None or base_value is None:
                continue
        target_year = parse_cell(ctx, values.year, cell("target_year"), sheet, excel_row, col("target_year"))
        target_value = parse_cell(ctx, values.number, cell("target_value"), sheet, excel_row,
                                  col("target_value"), declared_range(table, "target_value"))
        if None in (scope, measure, target_year, target_value):
            continue
        if base_year is not None and base_year >= target_year:
            ctx.findings.error("base_after_target", sheet, excel_row, col("base_year"), base_year=base_year,
                               target_year=target_year)
            continue
        key = (scope, measure, criterion, target_year)
        first = seen.setdefault(key, excel_row)
        if first != excel_row:
            ctx.findings.error("target_duplicated", sheet, excel_row, None, first_row=first)
            continue
        records.append(Record({
            "scope_code": scope, "measure_code": measure, "criterion_no": criterion, "base_year": base_year,
            "base_value": base_value, "target_year": target_year, "target_value": target_value,
            "source": clean_cell(cell("source")) or None,
        }, sheet, excel_row, None if scope == "province" else scope))
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, table.header_row + 1, None)
    return records


def _measure(value: object, measures: dict[str, tuple[str, ...]], ctx: Context) -> str | None:
    text = clean_cell(value)
    if text in ctx.catalogue.measure_codes:
        return text
    folded = f" {fold(text)} "
    for code, words in measures.items():
        if any(f" {word} " in folded for word in words):
            return code
    return None
