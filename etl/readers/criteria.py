"""Commune criteria results: one row per xã, one column per criterion, a mark in each cell.

A year's results are read against its criteria set (``ntm.criteria_sets``: 19 criteria until 2025,
10 from 2026) and its units (those of its units date: the new xã from 2026)."""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter

from etl import values
from etl.problems import Named
from etl.readers.common import Context, Record, SheetYear, Store, district_in_title, section_heading, table_rows, texts
from etl.readers.fields import Row, rows
from etl.table import Table
from ntm.criteria_sets import CriteriaSet, all_sets, criteria, of_year, units_on
from ntm.text import fold

DATASET = "criteria"
STORE = Store("criterion_result", ("commune_code", "year", "criterion_no"), ("met",))
# The table has one column per criterion of its year's set, found by their headers.
CRITERION_COLUMNS = True
PROGRAMME_UNIT_TYPE = "xã"
_DISTRICT_WORDS = ("huyen ", "thanh pho ", "tp ", "thi xa ")


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    header_row = table.header_row + 1
    for number, (first, second) in sorted(table.repeated_criteria.items()):
        # Which of the two holds the marks cannot be guessed: the first was silently used before.
        ctx.findings.error(
            "criterion_column_repeated",
            sheet,
            header_row,
            second + 1,
            number=number,
            first=get_column_letter(first + 1),
            second=get_column_letter(second + 1),
        )
    if table.repeated_criteria:
        return []
    sheet_year = SheetYear(table, ctx)
    if not sheet_year.valid:
        return []
    columns_set = _columns_set(table, ctx, sheet_year.year)
    if columns_set is None:
        return []
    if "commune_code" not in table.columns and "commune_name" not in table.columns:
        ctx.findings.error("commune_column_missing", sheet, header_row, None)
        return []
    if sheet_year.year is None and "year" not in table.columns:
        ctx.findings.error("year_missing", sheet, None, None)
        return []

    section_district = district_in_title(table.title, ctx.units)
    records: list[Record] = []
    seen: dict[tuple[str, int], int] = {}
    other_set_years: set[int] = set()
    for row in rows(table, ctx, table_rows(table, skip_headings=False)):
        marks = row.criteria()
        has_marks = any(not values.is_blank(v) for v in marks.values())
        if not has_marks:
            cells = texts(row.cells)
            heading = _section_district(cells, ctx)
            if heading:
                section_district = heading
                continue
            if (row.blank("commune_code") and row.blank("commune_name")) or section_heading(cells) is not None:
                continue

        row_year = sheet_year.of_row(row.raw("year"), row.number, row.column("year")) if has_marks else None
        known_year = row_year or sheet_year.year
        day = units_on(known_year) if known_year else None
        district = row.district(day, unknown=False)
        if district is None and section_district and ctx.units.district_valid_on(section_district, day):
            district = section_district
        unit = _commune(row, ctx, district, day)
        if unit is None:
            continue
        row.label(unit.name)
        if not has_marks:
            row.warning("commune_row_without_marks", commune=unit.name)
            continue
        if row_year is None:
            continue
        if of_year(row_year).code != columns_set.code:
            if row_year not in other_set_years:  # once per year: every row of it says the same
                other_set_years.add(row_year)
                _set_mismatch(table, ctx, row_year, row.number, row.column("year"))
            continue

        met = _marks(row, marks)
        if met is None:
            continue
        _check_total(row, met)

        first = seen.setdefault((unit.code, row_year), row.number)
        if first != row.number:
            row.error("commune_duplicated", commune=unit.name, first_row=first, year=row_year)
            continue
        records.extend(
            Record(
                {"commune_code": unit.code, "year": row_year, "criterion_no": number, "met": is_met},
                row.sheet,
                row.number,
                unit.district_code,
            )
            for number, is_met in met.items()
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, header_row, None)
    if records:
        ctx.workbook_year = records[0].values["year"]
    return records


def _columns_set(table: Table, ctx: Context, year: int | None) -> CriteriaSet | None:
    """The criteria set the sheet's columns are of: the set of its year when the sheet states one,
    else the set whose criteria the columns are (each row's year is then checked against it). None,
    with the error, when the columns are not all of one set's criteria and only those."""
    found = set(table.criteria)
    numbers = {each.code: {criterion.number for criterion in criteria(each.code)} for each in all_sets()}
    if year is None:
        exact = [each for each in all_sets() if numbers[each.code] == found]
        if exact:
            return exact[0]
        expected = min(all_sets(), key=lambda each: len(numbers[each.code] ^ found))
    else:
        expected = of_year(year)
        other_set = any(own == found for code, own in numbers.items() if code != expected.code)
        if other_set or found - numbers[expected.code]:
            _set_mismatch(table, ctx, year, table.header_row + 1, None)
            return None
    missing = sorted(numbers[expected.code] - found)
    if missing:
        ctx.findings.error(
            "criteria_columns_missing",
            table.sheet.name,
            table.header_row + 1,
            None,
            missing=", ".join(str(n) for n in missing),
            count=expected.criteria_count,
        )
        return None
    return expected


def _set_mismatch(table: Table, ctx: Context, year: int, row: int, col: int | None) -> None:
    """The error for criterion columns of another set than the year's: it names the year's set."""
    expected = of_year(year)
    ctx.findings.error(
        "criteria_set_mismatch",
        table.sheet.name,
        row,
        col,
        year=year,
        criteria_set=Named(expected.name_vi, expected.name_en),
        decision=expected.decision,
        count=expected.criteria_count,
        found=len(table.criteria),
    )


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


def _commune(row: Row, ctx: Context, district: str | None, day: dt.date | None):
    """The programme's xã the row names by its code (which its name, when given, must agree with) or
    by its name, in ``district`` when known, among the units of ``day``; None, with the error, when
    there is no such xã."""
    code_text, name_text = row.text("commune_code"), row.text("commune_name")
    if code_text:
        key, text = "commune_code", code_text
        match = ctx.units.find_commune(code_text, on=day)
        if match.unit and name_text and not ctx.units.name_matches(match.unit, name_text):
            row.error("commune_code_name_disagree", key, code=code_text, name=name_text, code_name=match.unit.name)
            return None
    else:
        key, text = "commune_name", name_text or ""
        match = ctx.units.find_commune(text, district, prefer_type=PROGRAMME_UNIT_TYPE, on=day)
    if match.unit is None:
        row.unit_problem(key, match, text, district)
        return None
    if match.unit.unit_type != PROGRAMME_UNIT_TYPE:
        row.error("commune_not_in_programme", key, value=match.unit.name, unit_type=match.unit.unit_type)
        return None
    return match.unit


def _marks(row: Row, marks: dict[int, object]) -> dict[int, bool] | None:
    """Met or not, per criterion; None when a mark cannot be read (each one an error at its cell)."""
    try:  # nearly every row of a national workbook: every mark readable, nothing to point at
        return {number: values.mark(value) for number, value in marks.items()}
    except values.BadValue:
        pass
    met = {number: row.read(number, values.mark) for number in marks}
    return None if None in met.values() else met


def _check_total(row: Row, met: dict[int, bool]) -> None:
    if row.blank("total"):
        return
    total = row.parse("total", values.integer)
    counted = sum(met.values())
    if total is not None and total != counted:
        row.error("total_disagrees", "total", total=total, counted=counted)
