"""Commendations of the emulation movement: who was commended (a collective, a person, a
household, or several at once), with which form, at which level, by which decision, and where.

A row may stand for several recipients ("Số lượng"); a count nobody knows ("chưa rõ") is stored
as unknown, never as 0 or 1. A decision whose number or date is not known keeps what is known:
the year is then required.
"""

from __future__ import annotations

from etl import values
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import first_row, missing_columns, rows
from etl.table import Table
from ntm.criteria_sets import units_on
from ntm.text import fold

DATASET = "commendations"
STORE = Store(
    "commendation",
    ("decision_no", "year", "recipient_type", "recipient_name", "district_code", "commune_code"),
    ("decision_date", "level_code", "form_code", "form_text", "recipients", "reason", "note"),
)


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    dataset = table.dataset
    levels, forms = dataset.words("levels"), dataset.words("forms")
    recipient_types = dataset.words("recipient_types")
    unknown_counts = {fold(word) or word for word in dataset.vocabulary("unknown_count")["words"]}
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    for row in rows(table, ctx, table_rows(table)):
        decision_date = row.parse("decision_date", values.date)
        year = row.parse("year", values.year)
        if decision_date is not None and year is not None and decision_date.year != year:
            row.error("commendation_year_disagrees", "year", year=year, date=f"{decision_date:%d/%m/%Y}")
        if year is None and decision_date is None and row.blank("year"):
            row.error("commendation_year_missing", "year" if "year" in table.columns else "decision_date")
        recipient_type = row.term("recipient_type", recipient_types)
        recipients = _recipients(row, unknown_counts, recipient_type)
        # Units as they were on the decision's day, else in its year.
        district, commune = row.place(decision_date or (units_on(year) if year else None))
        values_ = {
            "decision_no": row.text("decision_no"),
            "year": year or (decision_date.year if decision_date else None),
            "recipient_type": recipient_type,
            "recipient_name": row.text("recipient_name"),
            "district_code": district,
            "commune_code": commune,
            "decision_date": decision_date,
            "level_code": row.term("level", levels, contains=True),
            "form_code": row.term("form", forms, contains=True),
            "form_text": row.text("form"),
            "recipients": recipients,
            "reason": row.text("reason"),
            "note": row.text("note"),
        }
        if values_["recipient_name"] is None:
            row.error("value_missing", "recipient_name", header=dataset.column("recipient_name").header)
        else:
            row.label(values_["recipient_name"])
        key = tuple(values_[k] for k in STORE.key)
        if (first := first_row(seen, key, row)) is not None:
            row.error("row_duplicated", first_row=first)
        records.append(Record(values_, row.sheet, row.number, district))
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", table.sheet.name, table.header_row + 1, None)
    return records


def _recipients(row, unknown_counts: set[str], recipient_type: str | None) -> int | None:
    """How many the row commends: the count written; 1 when blank, except for a row of
    collectives and individuals together, whose count is then unknown."""
    if row.blank("recipients"):
        return None if recipient_type == "mixed" else 1
    text = row.text("recipients") or ""
    if (fold(text) or text.lower()) in unknown_counts:
        return None
    return row.parse("recipients", values.integer, out_of_range="recipients_invalid")
