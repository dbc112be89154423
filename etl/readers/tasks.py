"""Tasks a directive assigns: what is to be done, by which responsible agencies (each of them must
report) with which coordinating agencies, and when: by a deadline (one-off), or every quarter,
six months or year between a start and an end.

Agencies may be named one by one or as the groups directives use ("Các sở, ban, ngành, đoàn thể
cấp tỉnh"), which stand for their members. A task without a start date starts with its directive.

Names are read on the task's first day (its start, else its directive's day when the directive is
in the same file): a group stands for its members in office that day; an agency that had left office
by then is taken as its successor, with a warning, and one that had ceased, or was not yet formed,
is an error. With no day known, a group stands for every member it ever had (each reports only
while in office: analytics/agency_reports.py). A task is assigned, unless its kind says it is a
request ("Đề nghị"): shown, outside the reporting rates.
"""

from __future__ import annotations

import datetime as dt

from etl import values
from etl.problems import Phrase
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import Row, first_row, missing_columns, rows
from etl.table import Table
from ntm import periods
from ntm.agencies import Agencies, ceased_reason

DATASET = "tasks"
STORE = Store(
    "task",
    ("directive_code", "task_no"),
    ("content", "responsible", "coordinating", "cycle", "deadline", "starts_on", "ends_on", "task_kind"),
)
ASSIGNMENT = "assignment"  # the kind of a task whose kind is not written
SEPARATOR = ";"  # between the agency codes of a task, as stored


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    agencies = Agencies(ctx.units)
    cycles, kinds = table.dataset.words("cycles"), table.dataset.words("task_kinds")
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    for row in rows(table, ctx, table_rows(table)):
        directive, task_no, content = row.text("directive"), row.text("task_no"), row.text("content")
        for key, value in (("directive", directive), ("task_no", task_no), ("content", content)):
            if value is None:
                row.error("value_missing", key, header=row.header(key))
        starts_on, ends_on = row.parse("starts_on", values.date), row.parse("ends_on", values.date)
        first_day = starts_on or ctx.directive_days.get(directive)
        responsible = _in_office(row, "responsible", agencies, first_day)
        coordinating = [
            code
            for code in _in_office(row, "coordinating", agencies, first_day, required=False)
            if code not in responsible
        ]
        cycle, deadline = _schedule(row, cycles)
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
                    "task_kind": ASSIGNMENT if row.blank("task_kind") else row.term("task_kind", kinds),
                },
                row.sheet,
                row.number,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", table.sheet.name, table.header_row + 1, None)
    return records


def _in_office(row: Row, key: str, agencies: Agencies, day: dt.date | None, required: bool = True) -> list[str]:
    """The agencies a cell names, as in office on ``day`` (see the module docstring)."""
    names = row.agency_names(key, agencies, required)
    if day is None:
        return agencies.expand_all(names)
    successions = agencies.successions
    codes: list[str] = []
    for name in names:
        members = agencies.expand(name)
        holders = [holder for holder in (successions.holder(code, day) for code in members) if holder]
        codes += holders
        if not holders and successions.first_day(name) and day < successions.first_day(name):
            row.error(
                "task_agency_not_formed",
                key,
                agency=agencies.name(name),
                date=successions.first_day(name),
                day=day,
                predecessors="; ".join(agencies.name(code) for code in successions.predecessors_of[name]),
            )
        elif not holders:  # ceased, or every member of the group had: the last to go says when
            ceased = max(filter(None, map(successions.ceasing, members)), key=lambda change: change.effective_date)
            row.error(
                "task_agency_ceased",
                key,
                agency=agencies.display(name),
                date=ceased.effective_date,
                reason=Phrase(ceased_reason(agencies.agencies[ceased.agency_code].kind)),
                day=day,
            )
        elif not agencies.is_group(name) and holders[0] != name:
            change = successions.changes[name]
            row.warning(
                "task_agency_succeeded",
                key,
                agency=agencies.name(name),
                change=Phrase(f"agency_{change.kind}"),
                successor=agencies.name(holders[0]),
                date=change.effective_date,
                day=day,
            )
    return list(dict.fromkeys(codes))


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
