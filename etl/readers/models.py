"""Exemplary models and good practices (mô hình, điển hình tiên tiến) found in the movement: what,
in which field, where, recognised when, and whether and where it was replicated."""

from __future__ import annotations

from etl import values
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import first_row, missing_columns, rows
from etl.table import Table
from ntm.criteria_sets import units_on

DATASET = "models"
STORE = Store(
    "exemplary_model",
    ("name", "district_code"),
    ("commune_code", "field_code", "owner", "year_recognised", "description", "replicated", "replicated_where"),
)


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    fields = table.dataset.words("fields")
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    for row in rows(table, ctx, table_rows(table)):
        name = row.text("name")
        if name is None:
            row.error("value_missing", "name", header=row.header("name"))
        else:
            row.label(name)
        year = row.peek("year", values.year)
        district, commune = row.place(units_on(year) if year else None)  # units as they were that year
        replicated_where = row.text("replicated_where")
        replicated = row.parse("replicated", values.mark)
        if replicated is None:
            replicated = bool(replicated_where)
        elif not replicated and replicated_where:
            row.error("model_replicated_disagrees", "replicated", where=replicated_where)
        if (first := first_row(seen, (name, district), row)) is not None:
            row.error("row_duplicated", first_row=first)
        records.append(
            Record(
                {
                    "name": name,
                    "district_code": district,
                    "commune_code": commune,
                    "field_code": row.term("field", fields, contains=True),
                    "owner": row.text("owner"),
                    "year_recognised": row.parse("year", values.year, required=True),
                    "description": row.text("description"),
                    "replicated": replicated,
                    "replicated_where": replicated_where,
                },
                row.sheet,
                row.number,
                district,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", table.sheet.name, table.header_row + 1, None)
    return records
