"""Tasks a directive assigns: what is to be done, by which responsible agencies (each of them must
report) with which coordinating agencies, and when: by a deadline (one-off), or every quarter,
six months or year between a start and an end.

Agencies may be named one by one or as the groups directives use ("Các sở, ban, ngành, đoàn thể
cấp tỉnh"), which stand for their members. A task without a start date starts with its directive.
"""

from __future__ import annotations

from etl import values
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import Row, first_row, missing_columns, rows
from etl.table import Table
from ntm import periods
from ntm.agencies import Agencies

DATASET = "tasks"
STORE = Store(
    "task",
    ("directive_code", "task_no"),
    ("content", "responsible", "coordinating", "cycle", "deadline", "starts_on", "ends_on"),
)
SEPARATOR = ";"  # between the agency codes of a task, as stored


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    agencies = Agencies(ctx.units)
    cycles = table.dataset.words("cycles")
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    for row in rows(table, ctx, table_rows(table)):
        directive, task_no, content = row.text("directive"), row.text("task_no"), row.text("content")
        for key, value in (("directive", directive), ("task_no", task_no), ("content", content)):
            if value is None:
                row.error("value_missing", key, header=row.header(key))
        responsible = row.agencies("responsible", agencies)
        coordinating = [
            code for code in row.agencies("coordinating", agencies, required=False) if code not in responsible
        ]
        cycle, deadline = _schedule(row, cycles)
        starts_on, ends_on = row.parse("starts_on", values.date), row.parse("ends_on", values.date)
        if starts_on and ends_on and ends_on < starts_on:
            row.error("task_ends_before_start", "ends_on", starts=f"{starts_on:%d/%m/%Y}", ends=f"{ends_on:%d/%m/%Y}")
        if (first := first_row(seen, (directive, task_no), row)) is not None:
            row.error("row_duplicated", first_row=first)
        records.append(
            Record(
                {
                    "directive_code": directive,
                    "task_no": task_no,
                    "content": content,
                    "responsible": SEPARATOR.join(responsible),
                    "coordinating": SEPARATOR.join(coordinating) or None,
                    "cycle": cycle,
                    "deadline": deadline,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                },
                row.sheet,
                row.number,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", table.sheet.name, table.header_row + 1, None)
    return records


def _schedule(row: Row, cycles: dict[str, tuple[str, ...]]) -> tuple[str | None, object]:
    """(cycle, deadline): a deadline alone makes a one-off task; a periodic task has no deadline."""
    deadline = row.parse("deadline", values.date)
    if row.blank("cycle"):
        if deadline is None and row.blank("deadline"):
            row.error("task_schedule_missing", "cycle" if "cycle" in row.table.columns else "deadline")
        return periods.ONE_OFF, deadline
    cycle = row.term("cycle", cycles)
    if cycle == periods.ONE_OFF and deadline is None and row.blank("deadline"):
        row.error("task_deadline_missing", "deadline" if "deadline" in row.table.columns else "cycle")
    if cycle in periods.CYCLE_PERIOD and deadline is not None:
        row.error("task_deadline_with_cycle", "deadline", cycle=row.text("cycle"))
    return cycle, deadline
