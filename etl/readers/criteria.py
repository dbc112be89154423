"""Commune criteria results: one row per xã, one column per criterion, a mark in each cell."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from etl import values
from etl.readers.common import (
    Context,
    Record,
    SheetYear,
    Store,
    district_in_title,
    parse_cell,
    report_unit_problem,
    section_heading,
    table_rows,
    texts,
)
from etl.table import Table
from ntm.catalogue import clean_cell
from ntm.text import fold

DATASET = "criteria"
STORE = Store("criterion_result", ("commune_code", "year", "criterion_no"), ("met",))
# The table has one column per criterion (1…19), found by their headers.
CRITERION_COLUMNS = True
PROGRAMME_UNIT_TYPE = "xã"
_DISTRICT_WORDS = ("huyen ", "thanh pho ", "tp ", "thi xa ")


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    header_row = table.header_row + 1
    for number, (first, second) in sorted(table.repeated_criteria.items()):
        # Which of the two holds the marks cannot be guessed: the first was silently used before.
        ctx.findings.error("criterion_column_repeated", sheet, header_row, second + 1, number=number,
                           first=get_column_letter(first + 1), second=get_column_letter(second + 1))
    if table.repeated_criteria:
        return []
    missing = sorted(ctx.catalogue.criterion_numbers - set(table.criteria))
    if missing:
        ctx.findings.error("criteria_columns_missing", sheet, header_row, None,
                           missing=", ".join(str(n) for n in missing))
        return []
    if "commune_code" not in table.columns and "commune_name" not in table.columns:
        ctx.findings.error("commune_column_missing", sheet, header_row, None)
        return []

    sheet_year = SheetYear(table, ctx)
    if not sheet_year.valid:
        return []
    if sheet_year.year is None and "year" not in table.columns:
        ctx.findings.error("year_missing", sheet, None, None)
        return []

    section_district = district_in_title(table.title, ctx.units)
    records: list[Record] = []
    seen: dict[tuple[str, int], int] = {}
    criterion_columns = sorted(table.criteria.items())
    for excel_row, row in table_rows(table, skip_headings=False):
        code_text = clean_cell(table.value(row, "commune_code"))
        name_text = clean_cell(table.value(row, "commune_name"))
        marks = {number: table.cell(row, col) for number, col in criterion_columns}
        has_marks = any(not values.is_blank(v) for v in marks.values())

        district_text = table.value(row, "district")
        row_district = ctx.units.find_district(district_text) if not values.is_blank(district_text) else None
        if not has_marks:
            cells = texts(row)
            heading = _section_district(cells, ctx)
            if heading:
                section_district = heading
                continue
            if (not code_text and not name_text) or section_heading(cells) is not None:
                continue
        district = row_district or section_district

        unit = _commune(table, ctx, sheet, excel_row, code_text, name_text, district)
        if unit is None:
            continue
        ctx.findings.label_row(sheet, excel_row, unit.name)
        if not has_marks:
            ctx.findings.warning("commune_row_without_marks", sheet, excel_row, None, commune=unit.name)
            continue

        row_year = sheet_year.of_row(table.value(row, "year"), excel_row, table.column_number("year"))
        if row_year is None:
            continue

        met = _marks(table, ctx, sheet, excel_row, marks)
        if met is None:
            continue
        _check_total(table, ctx, sheet, excel_row, row, met)

        first = seen.setdefault((unit.code, row_year), excel_row)
        if first != excel_row:
            ctx.findings.error("commune_duplicated", sheet, excel_row, None, commune=unit.name, first_row=first,
                               year=row_year)
            continue
        records.extend(Record({"commune_code": unit.code, "year": row_year, "criterion_no": number, "met": is_met},
                              sheet, excel_row, unit.district_code) for number, is_met in met.items())
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, header_row, None)
    if records:
        ctx.workbook_year = records[0].values["year"]
    return records


def _section_district(cells: list[str], ctx: Context) -> str | None:
    """A heading row such as "I | Huyện Kiên Lương" or "II. Huyện Giồng Riềng" that opens a
    district's block of xã (``cells``: the row's texts).

    Only a section number ("I", "A.") or a "Huyện"/"Thành phố" prefix makes a heading: a bare
    "Vĩnh Thuận" is also a xã's name.
    """
    label = section_heading(cells)
    for text in [label] if label else cells:
        code = ctx.units.find_district(text)
        if code and (label or fold(text).startswith(_DISTRICT_WORDS)):
            return code
    return None


def _commune(table, ctx, sheet, excel_row, code_text, name_text, district):
    if code_text:
        match = ctx.units.find_commune(code_text)
        col = table.columns["commune_code"] + 1
        if match.unit and name_text and not ctx.units.name_matches(match.unit, name_text):
            ctx.findings.error("commune_code_name_disagree", sheet, excel_row, col, code=code_text,
                               name=name_text, code_name=match.unit.name)
            return None
        text = code_text
    else:
        match = ctx.units.find_commune(name_text, district, prefer_type=PROGRAMME_UNIT_TYPE)
        col = table.columns["commune_name"] + 1
        text = name_text
    if match.unit is None:
        report_unit_problem(ctx, match, text, sheet, excel_row, col, district)
        return None
    if match.unit.unit_type != PROGRAMME_UNIT_TYPE:
        ctx.findings.error("commune_not_in_programme", sheet, excel_row, col, value=match.unit.name,
                           unit_type=match.unit.unit_type)
        return None
    return match.unit


def _marks(table, ctx, sheet, excel_row, marks) -> dict[int, bool] | None:
    try:  # nearly every row of a national workbook: every mark readable, nothing to point at
        return {number: values.mark(value) for number, value in marks.items()}
    except values.BadValue:
        pass
    met: dict[int, bool] = {}
    ok = True
    for number, value in marks.items():
        col = table.criteria[number] + 1
        parsed = parse_cell(ctx, values.mark, value, sheet, excel_row, col)
        if parsed is None:
            ok = False
        else:
            met[number] = parsed
    return met if ok else None


def _check_total(table, ctx, sheet, excel_row, row, met) -> None:
    if "total" not in table.columns:
        return
    value = table.value(row, "total")
    if values.is_blank(value):
        return
    col = table.columns["total"] + 1
    total = parse_cell(ctx, values.integer, value, sheet, excel_row, col)
    counted = sum(met.values())
    if total is not None and total != counted:
        ctx.findings.error("total_disagrees", sheet, excel_row, col, total=total, counted=counted)
