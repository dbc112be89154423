"""Reports of agencies on their tasks: which agency, on which task of which directive, for which
period (none for a one-off task), when it was received, the status it reports, its key figures
and its text.

A report sent again for the same agency, task and period (a correction, a supplement) replaces
the earlier one, but its timeliness stays that of the first receipt: two rows of one file with
different dates keep the later row's content and the earlier date as ``first_submitted_on``; a
later upload does the same through the history the warehouse keeps (see analytics/agency_reports.py).

The agency is read on the day its period ends (a report without a period: the day it was sent). One
that had left office by then is taken as its successor, with a warning naming it ("Sở NN&PTNT" on a
report for Q3/2025 is Sở NN&MT's); one that had ceased has no period ending after its last day to
report on (an error). An agency may send a report for a period before it was formed (its
predecessor's report, sent late), but not before it was formed.
"""

from __future__ import annotations

import datetime as dt

from etl import values
from etl.problems import Phrase
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import Row, missing_columns, rows
from etl.table import Table
from ntm import periods
from ntm.agencies import Agencies, ceased_reason
from ntm.catalogue import spec

DATASET = "agency_reports"
# The key figures, declared in datasets.toml; each is a column of the agency_report table.
_FIGURES = spec().datasets[DATASET].figures
STORE = Store(
    "agency_report",
    ("agency_code", "directive_code", "task_no", "period_code"),
    ("submitted_on", "first_submitted_on", "status", "document_no", *_FIGURES, "summary"),
)


def read(table: Table, ctx: Context) -> list[Record]:
    if missing_columns(table, ctx):
        return []
    agencies = Agencies(ctx.units)
    statuses = table.dataset.words("statuses")
    latest: dict[tuple, Record] = {}
    for row in rows(table, ctx, table_rows(table)):
        period = _period(row)
        submitted = row.parse("submitted_on", values.date, required=True)
        report = {
            "agency_code": _agency(row, agencies, period, submitted),
            "directive_code": row.text("directive"),
            "task_no": row.text("task_no"),
            "period_code": period,
            "submitted_on": submitted,
            "status": row.term("status", statuses),
            "document_no": row.text("document_no"),
            **{figure: row.parse(figure, values.quantity) for figure in _FIGURES},
            "summary": row.text("summary"),
        }
        for key in ("directive", "task_no"):
            if row.blank(key):
                row.error("value_missing", key, header=row.header(key))
        report["first_submitted_on"] = report["submitted_on"]
        _keep_latest(latest, Record(report, row.sheet, row.number), row)
    records = list(latest.values())
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", table.sheet.name, table.header_row + 1, None)
    return records


def _agency(row: Row, agencies: Agencies, period: str | None, submitted: dt.date | None) -> str | None:
    codes = row.agencies("agency", agencies)
    if len(codes) > 1:
        row.error("report_one_agency", "agency", value=row.text("agency"))
        return None
    if not codes:
        return None
    code = codes[0]
    row.label(agencies.name(code))
    if period is None or submitted is None:
        return code
    return _in_office(row, agencies, code, period, submitted)


def _in_office(row: Row, agencies: Agencies, code: str, period: str, submitted: dt.date) -> str | None:
    """The agency answering for the report (see the module docstring)."""
    successions = agencies.successions
    periodic = period != periods.ONCE
    day = periods.Period.from_code(period).end if periodic else submitted
    first = successions.first_day(code)
    if first is not None and submitted < first:
        row.error("report_agency_not_formed", "agency", agency=agencies.name(code), date=first, day=submitted)
        return None
    if first is not None and day < first:
        return code  # its predecessor's report, sent once it was formed
    holder = successions.holder(code, day)
    if holder is None:
        if not periodic:
            return code  # sent after its end, on a one-off task it may have owed before it
        ceased = successions.ceasing(code)
        row.error(
            "report_agency_ceased",
            "agency",
            agency=agencies.name(code),
            date=ceased.effective_date,
            reason=Phrase(ceased_reason(agencies.agencies[ceased.agency_code].kind)),
            day=day,
        )
        return None
    if holder != code:
        change = successions.changes[code]
        row.warning(
            "report_agency_succeeded",
            "agency",
            agency=agencies.name(code),
            change=Phrase(f"agency_{change.kind}"),
            successor=agencies.name(holder),
            date=change.effective_date,
            when=Phrase("report_period_ends" if periodic else "report_sent"),
            day=day,
        )
    return holder


def _period(row: Row) -> str:
    if row.blank("period"):
        return periods.ONCE
    found = row.parse("period", values.period)
    return found.code if found else None


def _keep_latest(latest: dict[tuple, Record], record: Record, row: Row) -> None:
    """One record per agency, task and period: the latest submission, dated from the first."""
    key = tuple(record.values[k] for k in STORE.key)
    earlier = latest.get(key)
    if earlier is None:
        latest[key] = record
        return
    old, new = earlier.values["submitted_on"], record.values["submitted_on"]
    if old is None or new is None:
        return
    if old == new:
        row.error("report_duplicated", first_row=earlier.row)
        return
    first = min(old, new, earlier.values["first_submitted_on"])
    kept = record if new > old else earlier
    kept.values["first_submitted_on"] = first
    latest[key] = kept
