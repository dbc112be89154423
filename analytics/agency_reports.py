"""Agencies' reports on the tasks directives assign them: which reports were expected, which came,
which came on time, and the rates, with the definitions DHIS2 uses.

- A responsible agency owes one report per period of its task's cycle (one for a one-off task,
  whose period ends on its deadline). A period is **expected** when the task is in force at the
  period's end (from its start, or its directive's date, to its end date), the period ends inside
  the window, and it has ended by the "as of" date.
- **Actual** reports are those received (by the "as of" date) on a task, for a period ending
  inside the window, from any agency: a coordinating agency's report, or one for a period before
  the task applied, counts too, so actual may exceed expected.
- A report is **on time** when it was first received no later than the period's end plus a grace
  period (default 15 days; a one-off task's deadline gets the same grace). A report sent again
  keeps the date it was first received.
- **Completeness** = actual / expected and **timeliness** = on time / expected, both capped at
  100%; no rate without expected reports.
- An expected report not received by its due date is **overdue**, by the days since that date.
- **Agencies change** (ntm/agencies.py, ``Successions``): a report is owed by the agency in office on
  its period's last day (a one-off task's deadline). From a succession's day the task passes to the
  successor: a period ending on or after 1/3/2025 is owed by Sở NN&MT, not Sở NN&PTNT, while a
  period ending before it stays Sở NN&PTNT's however late it is. An agency that ceased without a
  successor owes nothing ending after its last day: the district committees' tasks close at
  30/6/2025. Two predecessors passing one task to one successor owe it one report. A successor's
  report for a period its predecessor owed answers the predecessor's (it took over the work).
- A **request** ("Đề nghị", ``task_kind``) asks rather than assigns: it owes no
  report and its reports count nowhere in these figures; the register shows it.

``reporting`` is the pure computation (DataFrames in and out, tested on its own); the query
functions below read its inputs from the warehouse's marts (etl/sql/views/5xx_*.sql).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ntm import db as database
from ntm import periods
from ntm.agencies import Successions

DEFAULT_GRACE_DAYS = 15
MAX_GRACE_DAYS = 120
AS_OF_SPAN = dt.timedelta(days=3652)  # the reporting date's choices: ten years either side of today
ALL = "all"  # the window that holds every period
TASK = ["directive_code", "task_no"]
SLOT = ["agency_code", *TASK, "period_code"]
ASSIGNMENT_COLUMNS = ["agency_code", *TASK, "cycle", "deadline", "starts_on", "ends_on"]
REPORT_COLUMNS = [*SLOT, "received_on", "status"]


@dataclass(frozen=True)
class Window:
    """The days whose period ends count; None = no bound."""

    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def from_code(cls, code: str | None) -> Window:
        """``all`` (or nothing) for every period, else a period code: ``2024``, ``2024-H1``, ``2024-Q3``."""
        if not code or code == ALL:
            return cls()
        period = periods.Period.from_code(code)
        return cls(period.start, period.end)

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Reporting:
    """``expected``: one row per expected report (SLOT, period_end, due_on, received_on, on_time,
    days_late, days_overdue, status); ``received``: one row per report counted as actual
    (SLOT, period_end, due_on, received_on, on_time, expected)."""

    expected: pd.DataFrame
    received: pd.DataFrame

    def rates(self, by: list[str]) -> pd.DataFrame:
        """Expected, actual and on-time counts and the capped rates (0–1) per group of ``by``
        (an empty list for the total)."""
        on_time = self.received[self.received["on_time"]]
        if not by:
            table = pd.DataFrame(
                [{"expected": len(self.expected), "actual": len(self.received), "on_time": len(on_time)}]
            )
        else:
            counts = [
                self.expected.groupby(by).size().rename("expected"),
                self.received.groupby(by).size().rename("actual"),
                on_time.groupby(by).size().rename("on_time"),
            ]
            table = pd.concat(counts, axis=1).fillna(0).astype(int).reset_index()
        table["completeness"] = _capped(table["actual"], table["expected"])
        table["timeliness"] = _capped(table["on_time"], table["expected"])
        return table

    def by_agency(self) -> pd.DataFrame:
        """``rates`` per responsible agency, those furthest behind first (no rate: last)."""
        return self.rates(["agency_code"]).sort_values(["completeness", "timeliness"], na_position="last")

    def latest(self) -> pd.DataFrame:
        """For each responsible agency and task, the state of its latest expected report: the
        status it reported (completed, in_progress, not_started), else overdue (past its due
        date) or pending (within the grace period)."""
        last = self.expected.sort_values("period_end").drop_duplicates(["agency_code", *TASK], keep="last")
        last["state"] = [
            status if pd.notna(status) else ("overdue" if pd.notna(days) else "pending")
            for status, days in zip(last["status"], last["days_overdue"], strict=True)
        ]
        return last[["agency_code", *TASK, "period_code", "state"]].sort_values(
            ["agency_code", *TASK], ignore_index=True
        )

    def overdue(self) -> pd.DataFrame:
        """Expected reports received late or not yet received, most days first."""
        late = self.expected[(self.expected["days_late"] > 0) | (self.expected["days_overdue"] > 0)].copy()
        late["days"] = late["days_late"].fillna(late["days_overdue"]).astype(int)
        return late.sort_values(["days", "agency_code", "period_end"], ascending=[False, True, True], ignore_index=True)


def reporting(
    assignments: pd.DataFrame,
    reports: pd.DataFrame,
    window: Window,
    as_of: dt.date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    successions: Successions | None = None,
) -> Reporting:
    """The expected and actual reports of a window, as of a day (see the module docstring).

    ``assignments``: one row per responsible agency and task (ASSIGNMENT_COLUMNS; ``starts_on``
    may be None: then the window's start). ``reports``: one row per submission (REPORT_COLUMNS;
    several rows for one agency, task and period are one report, first received on the earliest
    date, with the status of the latest). ``successions``: who is in office when (none: every
    agency always).
    """
    successions = successions or Successions()
    grace = dt.timedelta(days=grace_days)
    # Looked up once per report: plain dicts, as a frame's .loc per row is slow for thousands.
    cycles: dict[tuple, str] = {}
    deadlines: dict[tuple, object] = {}
    for directive, task, cycle, deadline in zip(
        *(assignments[c].tolist() for c in [*TASK, "cycle", "deadline"]), strict=True
    ):
        cycles.setdefault((directive, task), cycle)  # the task's first row, as for every agency of it
        deadlines.setdefault((directive, task), deadline)
    # The agencies of a task share its schedule: work out the periods once per schedule. (Columns are
    # looped over as lists throughout: iterating a pandas column boxes every value, slowly.)
    owed: dict[tuple, list[tuple[str, dt.date]]] = {}
    expected = []
    for agency, directive, task, cycle, deadline, starts_on, ends_on in zip(
        *(assignments[c].tolist() for c in ASSIGNMENT_COLUMNS), strict=True
    ):
        for holder, since, until in _held(successions, agency, cycle, deadline, starts_on, ends_on):
            schedule = (cycle, deadline, since, until)
            if schedule not in owed:
                owed[schedule] = _periods_owed(*schedule, window, as_of)
            expected += [(holder, directive, task, code, end) for code, end in owed[schedule]]
    # Two predecessors passing one task to one successor: the successor owes one report.
    by_slot = {row[:-1]: row for row in expected}
    slots = set(by_slot)
    expected = pd.DataFrame(list(by_slot.values()), columns=[*SLOT, "period_end"])
    on_tasks = pd.Series([task in cycles for task in _keys(reports, TASK)], index=reports.index, dtype=bool)
    known = reports[(reports["received_on"] <= as_of) & on_tasks].copy()
    # A one-off task has one period, whatever period its reports name.
    one_off = [cycles[task] == periods.ONE_OFF for task in _keys(known, TASK)]
    known.loc[pd.Series(one_off, index=known.index, dtype=bool), "period_code"] = periods.ONCE
    received = _first_receipts(known)
    received["period_end"] = [
        _period_end(period, deadlines[(directive, task)])
        for directive, task, period in zip(
            received["directive_code"].tolist(),
            received["task_no"].tolist(),
            received["period_code"].tolist(),
            strict=True,
        )
    ]
    in_window = pd.Series(
        [end is not None and window.holds(end) for end in received["period_end"]], index=received.index, dtype=bool
    )
    received = _answering(received.loc[in_window], slots, successions)
    received["due_on"] = [end + grace for end in received["period_end"]]
    received["on_time"] = received["received_on"] <= received["due_on"]

    expected["due_on"] = [end + grace for end in expected["period_end"]]
    expected = expected.merge(received[[*SLOT, "received_on", "status", "on_time"]], on=SLOT, how="left")
    expected["on_time"] = expected["on_time"].fillna(False).astype(bool)
    expected["days_late"] = [
        (got - due).days if _is_day(got) and got > due else None
        for got, due in zip(expected["received_on"].tolist(), expected["due_on"].tolist(), strict=True)
    ]
    expected["days_overdue"] = [
        (as_of - due).days if not _is_day(got) and as_of > due else None
        for got, due in zip(expected["received_on"].tolist(), expected["due_on"].tolist(), strict=True)
    ]
    for column in ("days_late", "days_overdue"):
        expected[column] = expected[column].astype("Int64")
    received["expected"] = pd.Series(
        [slot in slots for slot in _keys(received, SLOT)], index=received.index, dtype=bool
    )
    return Reporting(expected, received.reset_index(drop=True))


def _periods_owed(
    cycle: str, deadline, starts_on, ends_on, window: Window, as_of: dt.date
) -> list[tuple[str, dt.date]]:
    """(period code, period end) of each report a responsible agency of a task so scheduled owes."""
    if cycle == periods.ONE_OFF:
        if pd.notna(deadline) and window.holds(deadline) and deadline <= as_of:
            return [(periods.ONCE, deadline)]
        return []
    first = starts_on if pd.notna(starts_on) else window.start
    last = min(day for day in (ends_on, window.end, as_of) if day is not None and pd.notna(day))
    if first is None:
        return []
    return [(period.code, period.end) for period in periods.periods_of(cycle, max(first, window.start or first), last)]


def _held(
    successions: Successions, agency: str, cycle: str, deadline, starts_on, ends_on
) -> list[tuple[str, object, object]]:
    """(the agency in office, from, until) for each stretch of a task given to ``agency``: a
    one-off task is owed by whoever holds it on its deadline (nobody after a ceasing)."""
    if cycle == periods.ONE_OFF:
        holder = successions.holder(agency, deadline) if _is_day(deadline) else agency
        return [(holder, starts_on, ends_on)] if holder else []
    return successions.spans(agency, _day_or_none(starts_on), _day_or_none(ends_on))


def _answering(received: pd.DataFrame, slots: set[tuple], successions: Successions) -> pd.DataFrame:
    """Each report under the expected report it answers: its agency's own, else that of each
    predecessor it took the task over from; the first received, where two answer one."""
    took_over = successions.predecessors_of
    answers = [
        (position, owners)
        for position, (agency, *rest) in enumerate(_keys(received, SLOT))
        if agency in took_over
        and (agency, *rest) not in slots
        and (owners := [p for p in successions.predecessors(agency) if (p, *rest) in slots])
    ]
    if not answers:
        return received.copy()
    positions = list(range(len(received)))
    owners = received["agency_code"].tolist()
    for position, found in answers:
        owners[position] = found[0]
        positions += [position] * (len(found) - 1)
        owners += found[1:]
    answered = received.iloc[positions].assign(agency_code=owners)
    return answered.sort_values("received_on", kind="stable").drop_duplicates(SLOT).sort_index(kind="stable")


def _day_or_none(value: object) -> dt.date | None:
    return value if _is_day(value) else None


def _first_receipts(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per agency, task and period: the first date received, the latest status."""
    slots = _keys(reports, SLOT)
    if len(set(slots)) == len(slots) and not reports[SLOT].isna().any(axis=None):
        # Already one row per slot, as the warehouse's reports are (mart_agency_report): the
        # grouping below would only sort them by slot, more slowly than Python sorts the tuples.
        order = sorted(range(len(slots)), key=slots.__getitem__)
        return reports[[*SLOT, "received_on", "status"]].iloc[order].reset_index(drop=True)
    return (
        reports.sort_values("received_on")
        .groupby(SLOT, as_index=False)
        .agg(received_on=("received_on", "first"), status=("status", "last"))
    )


def _keys(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Each row's values of ``columns``, as tuples: for lookups in sets and dicts, much faster at a
    few thousand rows than pandas' indexes."""
    return list(zip(*(frame[c].tolist() for c in columns), strict=True))


def _is_day(value: object) -> bool:
    # A received date, not the NaN or None of a report not received (pd.notna per value is slow).
    return isinstance(value, dt.date)


def _period_end(code: str, deadline) -> dt.date | None:
    if code == periods.ONCE:
        return deadline if pd.notna(deadline) else None
    return _end_of(code)


@functools.lru_cache(maxsize=1024)
def _end_of(code: str) -> dt.date:
    # A few dozen period codes recur across thousands of reports.
    return periods.Period.from_code(code).end


def _capped(part: pd.Series, whole: pd.Series) -> pd.Series:
    rate = (part / whole.where(whole > 0)).clip(upper=1.0)
    return rate.astype("Float64")


# --- Queries ---------------------------------------------------------------------------------

_DIRECTIVE_FILTER = "(?::varchar is null or directive_code = ?::varchar)"


def assignments(db: Path, directive: str | None = None) -> pd.DataFrame:
    """One row per assigned task (not a request) and responsible agency (ASSIGNMENT_COLUMNS), the
    start defaulting to the directive's date."""
    frame = database.query(
        db,
        f"""
        select a.agency_code, t.directive_code, t.task_no, t.cycle, t.deadline, t.effective_start as starts_on,
               t.ends_on
        from task_agency a
        join mart_task t using (directive_code, task_no)
        where a.role = 'responsible' and t.task_kind = 'assignment' and {_DIRECTIVE_FILTER}
        order by t.directive_code, t.task_no, a.agency_code
    """,
        [directive, directive],
    )
    return _dates(frame, "deadline", "starts_on", "ends_on")


def submissions(db: Path, directive: str | None = None) -> pd.DataFrame:
    """Reports in force (REPORT_COLUMNS), each dated by its first receipt."""
    frame = database.query(
        db,
        f"""
        select agency_code, directive_code, task_no, period_code, first_received_on as received_on, status
        from mart_agency_report
        where {_DIRECTIVE_FILTER}
    """,
        [directive, directive],
    )
    return _dates(frame, "received_on")


def successions(db: Path) -> Successions:
    """Who was in office when, as the warehouse's reference tables say."""
    return database.using(db, Successions.from_db)


def status(
    db: Path, window: str, as_of: dt.date, grace_days: int = DEFAULT_GRACE_DAYS, directive: str | None = None
) -> Reporting:
    """``reporting`` on the warehouse's tasks and reports (``window`` as a code, see Window)."""
    return reporting(
        assignments(db, directive),
        submissions(db, directive),
        Window.from_code(window),
        as_of,
        grace_days,
        successions(db),
    )


def directives(db: Path) -> pd.DataFrame:
    """Directives with tasks or in the register, newest first; ``number_known`` false for a
    document filed before it was numbered."""
    return database.query(
        db,
        """
        with codes as (select directive_code from current_directive union select directive_code from current_task)
        select c.directive_code, d.doc_number, coalesce(d.number_known, false) as number_known, d.issued_on,
               d.issued_year, d.issued_month, d.issuer, d.signer, d.subject, d.basis, d.source
        from codes c
        left join current_directive d using (directive_code)
        order by d.issued_year desc nulls last, d.issued_month desc nulls last, c.directive_code
    """,
    )


def tasks(db: Path, directive: str | None = None) -> pd.DataFrame:
    """The task register: each task with its directive, schedule and agencies (by short name, and
    in English)."""
    frame = database.query(
        db,
        f"""
        with names as (
            select a.directive_code, a.task_no, a.role, count(*) as agencies,
                   string_agg(g.short_name_vi, '; ' order by g.agency_code) as names,
                   string_agg(g.name_en, '; ' order by g.agency_code) as names_en
            from task_agency a join every_agency g using (agency_code)
            group by all
        )
        select t.directive_code, t.task_no, t.content, t.cycle, c.name_vi as cycle_vi, c.name_en as cycle_en,
               t.deadline, t.effective_start as starts_on, t.ends_on, t.subject, t.directive_known, t.task_kind,
               r.names as responsible_vi, r.names_en as responsible_en, r.agencies as responsible_count,
               k.names as coordinating_vi, k.names_en as coordinating_en
        from mart_task t
        left join movement_term c on c.vocabulary = 'report_cycle' and c.code = t.cycle
        left join names r on r.directive_code = t.directive_code and r.task_no = t.task_no and r.role = 'responsible'
        left join names k on k.directive_code = t.directive_code and k.task_no = t.task_no and k.role = 'coordinating'
        where {_DIRECTIVE_FILTER.replace("directive_code", "t.directive_code")}
        order by t.directive_code, try_cast(t.task_no as integer) nulls last, t.task_no
    """,
        [directive, directive],
    )
    return _dates(frame, "deadline", "starts_on", "ends_on")


def reports(db: Path, directive: str | None = None) -> pd.DataFrame:
    """Every report in force with its agency, task, figures and text, newest first."""
    frame = database.query(
        db,
        f"""
        select r.*, g.name_vi as agency_vi, g.name_en as agency_en, g.short_name_vi as agency_short,
               t.content as task_content, s.name_vi as status_vi, s.name_en as status_en
        from mart_agency_report r
        join every_agency g using (agency_code)
        left join current_task t using (directive_code, task_no)
        left join movement_term s on s.vocabulary = 'report_status' and s.code = r.status
        where {_DIRECTIVE_FILTER.replace("directive_code", "r.directive_code")}
        order by r.first_received_on desc, r.agency_code, r.task_no
    """,
        [directive, directive],
    )
    return _dates(frame, "submitted_on", "first_submitted_on", "first_received_on")


def agencies(db: Path) -> pd.DataFrame:
    return database.query(
        db, "select agency_code, kind, name_vi, name_en, short_name_vi from every_agency order by agency_code"
    )


def reporting_years(db: Path) -> tuple[int, int] | None:
    """The first and last year any task is in force or any report is for: the window's choices."""
    row = database.query(
        db,
        """
        select min(year(effective_start)) as first, max(year(coalesce(ends_on, deadline, effective_start))) as last
        from mart_task
    """,
    ).iloc[0]
    if pd.isna(row["first"]):
        return None
    return int(row["first"]), int(row["last"])


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Date columns as ``datetime.date`` (None when empty): the computation compares calendar days."""
    for column in columns:  # whole days: datetime.date, and None for NaT (as a list: typed as before when empty)
        frame[column] = pd.to_datetime(frame[column]).to_numpy(dtype="datetime64[D]").astype(object).tolist()
    return frame
