"""Resources mobilised for NTM: for a district (or the province level) and a year, money by
source, in-kind contributions, land donated and work days.

Money is stored in đồng. Its unit comes from the column header ("Ngân sách trung ương (triệu
đồng)"), else from the sheet ("Đơn vị tính: triệu đồng"), else from the cell ("1,2 tỷ"); a
number with no unit anywhere is rejected, since 1.536 could be đồng, triệu or tỷ. A total column
must equal the sum of the sources; it, and the in-kind column, are in the sources' unit unless
their header says otherwise. Nothing mobilised can be negative.
"""

from __future__ import annotations

import re

from etl import values
from etl.readers.common import Context, Record, SheetYear, Store, declared_range, table_rows
from etl.readers.fields import Row, first_row, missing_columns, rows
from etl.table import Table
from ntm.catalogue import clean_cell
from ntm.text import fold

DATASET = "contributions"
STORE = Store("contribution", ("scope_code", "year", "item_code"), ("value",))
PROVINCE = "province"
_PARENTHESES = re.compile(r"\(([^)]*)\)")
_UNIT_NOTE = re.compile(r"(?:don vi tinh|dvt)\s+(.+)$")
_TOLERANCE_DONG = 10  # sums of amounts typed with decimals of a triệu may differ by a few đồng


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    sheet = table.sheet.name
    money = table.dataset.money
    money_units = {word: int(unit) for unit, words in table.dataset.words("money_units").items() for word in words}
    land_units = {word: int(unit) for unit, words in table.dataset.words("land_units").items() for word in words}
    items = [key for key in (*money["sources"], *money["also"], "land", "workdays") if key in table.columns]
    if not items:
        ctx.findings.error("contribution_columns_missing", sheet, table.header_row + 1, None)
        return []
    sheet_unit = _unit_in(_UNIT_NOTE.search(table.title), money_units)
    unit_of = {key: _column_unit(table, key, money_units) or sheet_unit for key in money["sources"]}
    # A total or in-kind column without a unit of its own is in the sources' unit, when they agree.
    shared = {unit_of[key] for key in money["sources"] if key in table.columns} - {None}
    common = shared.pop() if len(shared) == 1 else None
    unit_of |= {
        key: _column_unit(table, key, money_units) or sheet_unit or common for key in (*money["also"], money["total"])
    }
    land_unit = _column_unit(table, "land", land_units) or 1
    sheet_year = SheetYear(table, ctx)
    if not sheet_year.valid:
        return []
    province_words = {fold(w) for w in table.dataset.vocabulary("province_scope")["words"]}
    money_range, land_range = declared_range(table, "money"), declared_range(table, "land")
    dong, square_metre = table.dataset.vocabulary("money_units")["1"][0], table.dataset.vocabulary("land_units")["1"][0]

    records: list[Record] = []
    seen: dict[tuple, int] = {}
    for row in rows(table, ctx, table_rows(table)):
        scope = _scope(row, ctx, province_words)
        year = sheet_year.of_row(row.raw("year"), row.number, row.column("year"))
        amounts = {}
        for key in items:
            if key == "land":
                amount = _amount(row, key, lambda v: values.quantity(v) * land_unit, land_range, square_metre)
            elif key == "workdays":
                amount = _amount(row, key, values.quantity, declared_range(table, "workdays"))
            else:
                amount = _amount(
                    row, key, lambda v, unit=unit_of[key]: values.money(v, unit, money_units), money_range, dong
                )
            if amount is not None:
                amounts[key] = amount
        if money["total"] in table.columns and not row.blank(money["total"]):
            _check_total(row, money, amounts, unit_of[money["total"]], money_units, money_range, dong)
        if all(row.blank(key) for key in items):
            row.error("contribution_row_empty")
        if (first := first_row(seen, (scope, year), row)) is not None:
            row.error("row_duplicated", first_row=first)
        district = None if scope == PROVINCE else scope
        records += [
            Record({"scope_code": scope, "year": year, "item_code": key, "value": amount}, sheet, row.number, district)
            for key, amount in amounts.items()
        ]
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, table.header_row + 1, None)
    return records


def _scope(row: Row, ctx: Context, province_words: set[str]) -> str | None:
    text = row.text("scope")
    if text is None:
        row.error("value_missing", "scope", header=row.header("scope"))
        return None
    if fold(text) in province_words:
        row.label(text)
        return PROVINCE
    district = ctx.units.find_district(text)
    if district is None:
        row.error("contribution_scope_invalid", "scope", value=text)
    else:
        row.label(ctx.units.district_name(district))
    return district


def _amount(row: Row, key: str, parser, bounds: list | None, unit: str | None = None) -> float | None:
    """The cell read by ``parser`` within ``bounds``, both in ``unit`` (đồng, m²: the cell may be
    in triệu or ha) or in the cell's own terms (work days); None when blank or wrong."""
    if row.blank(key):
        return None
    amount = None
    try:
        amount = parser(row.raw(key))
        values.within(amount, bounds, row.raw(key))
        return amount
    except values.BadValue as bad:
        item = row.written_header(key).split(" (")[0]
        if bad.key == "value_negative":
            row.error("contribution_negative", key, item=item, **bad.params)
        elif bad.key == "money_unit_missing":
            row.error("money_unit_missing", key, item=item, **bad.params)
        elif bad.key == "value_out_of_range" and unit:
            row.error("amount_out_of_range", key, amount=amount, unit=unit, **bad.params)
        else:
            row.error(bad.key, key, **bad.params)
        return None


def _check_total(
    row: Row, money: dict, amounts: dict, unit: int | None, units: dict[str, int], bounds: list | None, dong: str
) -> None:
    """The total column against the sum of the sources, both shown in the total's unit."""
    total = _amount(row, money["total"], lambda v: values.money(v, unit, units), bounds, dong)
    counted = sum(amounts.get(key, 0.0) for key in money["sources"])
    if total is not None and abs(total - counted) > _TOLERANCE_DONG:
        shown = unit or 1
        row.error(
            "contribution_total_disagrees",
            money["total"],
            total=total / shown,
            counted=counted / shown,
            unit=row.table.dataset.vocabulary("money_units")[str(shown)][0],
        )


def _column_unit(table: Table, key: str, units: dict[str, int]) -> int | None:
    """The unit a column's header states, in "(…)" or after "ĐVT"."""
    if key not in table.columns:
        return None
    text = " ".join(_header_cells(table, table.columns[key]))
    for note in _PARENTHESES.findall(text):
        unit = _unit_in(_UNIT_NOTE.search(fold(note)), units) or units.get(fold(note))
        if unit:
            return unit
    return _unit_in(_UNIT_NOTE.search(fold(text)), units)


def _header_cells(table: Table, col: int) -> list[str]:
    """The header's own cell and the one above it (a merged group label such as "Nguồn vốn
    (triệu đồng)" is read from its top-left cell)."""
    cells = []
    for row_index in (table.header_row - 1, table.header_row):
        if row_index < 0:
            continue
        top, left = row_index, col
        for (first_row_, first_col), (last_row, last_col) in table.sheet.merged:
            if first_row_ <= row_index <= last_row and first_col <= col <= last_col:
                top, left = first_row_, first_col
        cells.append(clean_cell(table.sheet.cell(top, left)))
    return cells


def _unit_in(found: re.Match | None, units: dict[str, int]) -> int | None:
    """The unit at the start of the words after "Đơn vị tính:" (the longest spelling that fits)."""
    if not found:
        return None
    words = found.group(1).split()
    for size in range(min(len(words), 4), 0, -1):
        unit = units.get(" ".join(words[:size]))
        if unit:
            return unit
    return None
