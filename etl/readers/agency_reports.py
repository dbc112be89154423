"""Reports of agencies on their tasks: which agency, on which task of which directive, for which
period (none for a one-off task), when it was received, the status it reports, its key figures
and its text.

A report sent again for the same agency, task and period (a correction, a supplement) replaces
the earlier one, but its timeliness stays that of the first receipt: two rows of one file with
different dates keep the later row's content and the earlier date as ``first_submitted_on``; a
later upload does the same through the history the warehouse keeps (see analytics/agency_reports.py).
"""

from __future__ import annotations

from etl import values
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import Row, missing_columns, rows
from etl.table import Table
from ntm import periods
from ntm.agencies import Agencies
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
        report = {
            "agency_code": _agency(row, agencies),
            "directive_code": row.text("directive"),
            "task_no": row.text("task_no"),
            "period_code": _period(row),
            "submitted_on": row.parse("submitted_on", values.date, required=True),
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


def _agency(row: Row, agencies: Agencies) -> str | None:
    codes = row.agencies("agency", agencies)
    if len(codes) > 1:
        row.error("report_one_agency", "agency", value=row.text("agency"))
        return None
    if not codes:
        return None
    row.label(agencies.name(codes[0]))
    return codes[0]


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
