"""Directives (văn bản chỉ đạo): a document of the province that assigns tasks to agencies.

A directive is named by its code: its number when it has one, else a code chosen by whoever
records it. What is not known is kept unknown: a letter filed before it was numbered and dated
("Số: /UBND-KGVX", "ngày tháng 01 năm 2024") keeps its number as written and only its month.
"""

from __future__ import annotations

import datetime as dt
import re

from etl import values
from etl.readers.common import Context, Record, Store, declared_range, table_rows
from etl.readers.fields import first_row, missing_columns, rows
from etl.table import Table

DATASET = "directives"
STORE = Store(
    "directive",
    ("directive_code",),
    (
        "doc_number",
        "number_known",
        "issued_on",
        "issued_year",
        "issued_month",
        "issuer",
        "signer",
        "subject",
        "basis",
        "source",
    ),
)
_NUMBER_PREFIX = re.compile(r"^số\s*[:.]?\s*", re.IGNORECASE)
_KNOWN_NUMBER = re.compile(r"^\d+")


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    for row in rows(table, ctx, table_rows(table)):
        number = _NUMBER_PREFIX.sub("", row.text("number") or "") or None
        known = bool(number and _KNOWN_NUMBER.match(number))
        code = row.text("directive") or (number if known else None)
        if code is None:
            row.error("directive_code_missing", "directive" if "directive" in table.columns else "number")
        else:
            row.label(code)
        issued = row.parse("issued", lambda value: _issued(value, declared_range(table, "issued_on")))
        issued = issued or (None, None, None)
        if code is not None and issued[1] is not None:
            ctx.directive_days[code] = issued[0] or dt.date(issued[1], issued[2], 1)
        subject = row.text("subject")
        if subject is None:
            row.error("value_missing", "subject", header=row.header("subject"))
        if (first := first_row(seen, (code,), row)) is not None:
            row.error("row_duplicated", first_row=first)
        records.append(
            Record(
                {
                    "directive_code": code,
                    "doc_number": number,
                    "number_known": known,
                    "issued_on": issued[0],
                    "issued_year": issued[1],
                    "issued_month": issued[2],
                    "issuer": row.text("issuer"),
                    "signer": row.text("signer"),
                    "subject": subject,
                    "basis": row.text("basis"),
                    "source": row.text("source"),
                },
                row.sheet,
                row.number,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", table.sheet.name, table.header_row + 1, None)
    return records


def _issued(value: object, bounds: list | None) -> tuple:
    """(day, year, month) of issue, the day (when known) within ``bounds``."""
    day, year, month = values.day_or_month(value)
    if day is not None:
        values.within(day, bounds, value)
    return day, year, month
