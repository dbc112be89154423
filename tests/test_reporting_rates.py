"""Expected, actual and on-time reports and the rates, counted as DHIS2 counts them
(analytics/agency_reports.py), on tasks and reports small enough to count by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.agency_reports import ASSIGNMENT_COLUMNS, REPORT_COLUMNS, Window, reporting

D = dt.date
LATE_2025 = D(2025, 12, 31)  # an "as of" day after every period below
ALL = Window()


def tasks(*rows: tuple) -> pd.DataFrame:
    """(agency, task, cycle, deadline, starts_on, ends_on), all of directive "CV"."""
    return pd.DataFrame([(agency, "CV", task, *rest) for agency, task, *rest in rows], columns=ASSIGNMENT_COLUMNS)


def reports(*rows: tuple) -> pd.DataFrame:
    """(agency, task, period, received_on, status), all of directive "CV"."""
    return pd.DataFrame(
        [(agency, "CV", task, period, day, status) for agency, task, period, day, status in rows],
        columns=REPORT_COLUMNS,
    )


def total(result) -> dict:
    return result.rates([]).iloc[0].to_dict()


QUARTERLY_2024 = tasks(("SNN", "3", "quarterly", None, D(2024, 1, 1), D(2024, 12, 31)))


def test_quarterly_task_expects_one_report_per_quarter_and_counts_those_received_and_on_time():
    got = reports(
        ("SNN", "3", "2024-Q1", D(2024, 4, 10), "in_progress"),  # due 15/4: on time
        ("SNN", "3", "2024-Q2", D(2024, 7, 20), "in_progress"),  # due 15/7: 5 days late
        ("SNN", "3", "2024-Q4", D(2025, 1, 15), "completed"),  # on the due day: on time
    )
    result = reporting(QUARTERLY_2024, got, ALL, LATE_2025)
    assert total(result) == {"expected": 4, "actual": 3, "on_time": 2, "completeness": 0.75, "timeliness": 0.5}
    # Q3 was due on 15/10/2024 and is still missing on 31/12/2025; Q2 came 5 days late.
    assert result.overdue()[["period_code", "days"]].values.tolist() == [["2024-Q3", 442], ["2024-Q2", 5]]


def test_overdue_reports_are_listed_with_their_days_most_first():
    got = reports(("SNN", "3", "2024-Q2", D(2024, 7, 20), "in_progress"))
    late = reporting(QUARTERLY_2024, got, ALL, D(2025, 1, 31)).overdue()
    # Q1 due 15/4/2024, Q3 due 15/10/2024, Q4 due 15/1/2025: missing; Q2 received 5 days late.
    assert late[["period_code", "days"]].values.tolist() == [
        ["2024-Q1", 291],
        ["2024-Q3", 108],
        ["2024-Q4", 16],
        ["2024-Q2", 5],
    ]
    assert late["received_on"].isna().tolist() == [True, True, True, False]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("2024", ["2024-H1", "2024-H2"]),
        ("2024-H2", ["2024-H2"]),
        ("2024-Q4", ["2024-H2"]),  # H2 ends on 31/12, inside Q4
        ("2024-Q3", []),  # H2 straddles Q3 and Q4: it counts in the window where it ends
        ("2025-Q1", []),
    ],
)
def test_a_period_counts_in_the_window_its_last_day_falls_in(window, expected):
    six_monthly = tasks(("MTTQ", "2", "six_monthly", None, D(2024, 1, 1), None))
    result = reporting(six_monthly, reports(), Window.from_code(window), LATE_2025)
    assert result.expected["period_code"].tolist() == expected


def test_a_yearly_report_counts_in_the_second_half_not_the_first():
    yearly = tasks(("SNV", "5", "yearly", None, D(2024, 1, 1), None))
    got = reports(("SNV", "5", "2024", D(2025, 1, 10), "completed"))
    assert total(reporting(yearly, got, Window.from_code("2024-H1"), LATE_2025))["expected"] == 0
    assert total(reporting(yearly, got, Window.from_code("2024-H2"), LATE_2025))["actual"] == 1


def test_a_task_added_mid_year_expects_only_the_periods_ending_after_it_started():
    added = tasks(("STTTT", "4", "quarterly", None, D(2024, 8, 15), None))
    got = reports(
        ("STTTT", "4", "2024-Q2", D(2024, 8, 20), "in_progress"),  # before the task: not owed, still received
        ("STTTT", "4", "2024-Q3", D(2024, 10, 5), "in_progress"),
    )
    result = reporting(added, got, Window.from_code("2024"), LATE_2025)
    assert result.expected["period_code"].tolist() == ["2024-Q3", "2024-Q4"]
    # Q4 is missing, yet the Q2 report fills the count: completeness 2/2 (the Q2 report came after
    # its own due date, 15/7, so only Q3 is on time).
    assert total(result) == {"expected": 2, "actual": 2, "on_time": 1, "completeness": 1.0, "timeliness": 0.5}
    assert result.received.set_index("period_code")["expected"].to_dict() == {"2024-Q2": False, "2024-Q3": True}


def test_a_task_that_ends_expects_no_period_ending_after_it():
    ending = tasks(("UBND908", "1", "six_monthly", None, D(2024, 1, 1), D(2025, 6, 30)))
    result = reporting(ending, reports(), ALL, D(2026, 3, 1))
    assert result.expected["period_code"].tolist() == ["2024-H1", "2024-H2", "2025-H1"]


def test_a_resubmitted_report_counts_once_keeps_its_first_date_and_takes_the_latest_status():
    got = reports(
        ("SNN", "3", "2024-Q1", D(2024, 5, 30), "completed"),  # sent again, after the due date
        ("SNN", "3", "2024-Q1", D(2024, 4, 10), "in_progress"),  # first received, on time
    )
    result = reporting(QUARTERLY_2024, got, Window.from_code("2024-Q1"), LATE_2025)
    assert total(result) == {"expected": 1, "actual": 1, "on_time": 1, "completeness": 1.0, "timeliness": 1.0}
    row = result.expected.iloc[0]
    assert (row["received_on"], row["status"], pd.isna(row["days_late"])) == (D(2024, 4, 10), "completed", True)


def test_rates_are_capped_at_100_percent_when_more_reports_come_than_were_expected():
    one_owner = tasks(("SNN", "3", "quarterly", None, D(2024, 1, 1), None))
    got = reports(
        ("SNN", "3", "2024-Q1", D(2024, 4, 1), "in_progress"),
        ("VPDP", "3", "2024-Q1", D(2024, 4, 2), "in_progress"),  # the coordinating office reports too
    )
    result = reporting(one_owner, got, Window.from_code("2024-Q1"), LATE_2025)
    assert total(result) == {"expected": 1, "actual": 2, "on_time": 2, "completeness": 1.0, "timeliness": 1.0}
    by_agency = result.rates(["agency_code"]).set_index("agency_code")
    assert by_agency.loc["SNN", "completeness"] == 1.0
    assert pd.isna(by_agency.loc["VPDP", "completeness"])  # nothing expected of it: no rate, not 100%


@pytest.mark.parametrize(("grace", "on_time", "days_late"), [(15, True, None), (10, True, None), (5, False, 5)])
def test_grace_period_decides_what_is_on_time(grace, on_time, days_late):
    got = reports(("SNN", "3", "2024-Q1", D(2024, 4, 10), "in_progress"))  # 10 days after 31/3
    result = reporting(QUARTERLY_2024, got, Window.from_code("2024-Q1"), LATE_2025, grace_days=grace)
    row = result.expected.iloc[0]
    assert bool(row["on_time"]) is on_time
    assert (None if pd.isna(row["days_late"]) else row["days_late"]) == days_late


def test_a_period_within_its_grace_is_expected_but_not_yet_overdue():
    as_of = D(2024, 4, 5)  # Q1 ended, due on 15/4
    result = reporting(QUARTERLY_2024, reports(), Window.from_code("2024"), as_of)
    assert result.expected["period_code"].tolist() == ["2024-Q1"]
    assert result.overdue().empty
    assert result.latest()["state"].tolist() == ["pending"]


def test_latest_state_of_each_agency_and_task():
    two = tasks(
        ("SNN", "3", "quarterly", None, D(2024, 1, 1), D(2024, 6, 30)),
        ("SNV", "3", "quarterly", None, D(2024, 1, 1), D(2024, 6, 30)),
    )
    got = reports(
        ("SNN", "3", "2024-Q1", D(2024, 4, 1), "in_progress"),
        ("SNN", "3", "2024-Q2", D(2024, 7, 1), "completed"),
        ("SNV", "3", "2024-Q1", D(2024, 4, 1), "in_progress"),
    )
    latest = reporting(two, got, ALL, LATE_2025).latest().set_index("agency_code")
    assert latest["state"].to_dict() == {"SNN": "completed", "SNV": "overdue"}
    assert latest["period_code"].to_dict() == {"SNN": "2024-Q2", "SNV": "2024-Q2"}


def test_a_one_off_task_expects_one_report_due_its_deadline_plus_grace():
    once = tasks(
        ("UBND908", "1", "one_off", D(2025, 3, 31), D(2024, 10, 15), None),
        ("UBND909", "1", "one_off", D(2025, 3, 31), D(2024, 10, 15), None),
    )
    got = reports(("UBND908", "1", "once", D(2025, 4, 20), "completed"))  # 5 days after 31/3 + 15
    result = reporting(once, got, Window.from_code("2025"), D(2025, 5, 1))
    assert total(result) == {"expected": 2, "actual": 1, "on_time": 0, "completeness": 0.5, "timeliness": 0.0}
    assert result.overdue()[["agency_code", "days"]].values.tolist() == [["UBND909", 16], ["UBND908", 5]]
    assert total(reporting(once, got, Window.from_code("2024"), D(2025, 5, 1)))["expected"] == 0


def test_a_report_on_a_one_off_task_counts_whatever_period_it_names():
    once = tasks(("UBND908", "1", "one_off", D(2025, 3, 31), None, None))
    got = reports(("UBND908", "1", "2025", D(2025, 3, 20), "completed"))  # "Năm 2025" written by the clerk
    assert total(reporting(once, got, ALL, LATE_2025)) == {
        "expected": 1,
        "actual": 1,
        "on_time": 1,
        "completeness": 1.0,
        "timeliness": 1.0,
    }


def test_reports_received_after_the_as_of_day_are_not_counted_yet():
    got = reports(("SNN", "3", "2024-Q1", D(2024, 4, 10), "in_progress"))
    result = reporting(QUARTERLY_2024, got, Window.from_code("2024-Q1"), D(2024, 4, 9))
    assert total(result)["actual"] == 0


def test_no_expected_reports_gives_no_rate_rather_than_zero_or_full():
    result = reporting(QUARTERLY_2024, reports(), Window.from_code("2023"), LATE_2025)
    rates = total(result)
    assert (rates["expected"], rates["actual"]) == (0, 0)
    assert pd.isna(rates["completeness"]) and pd.isna(rates["timeliness"])


def test_reports_on_tasks_not_in_the_register_are_left_out():
    got = reports(("SNN", "9", "2024-Q1", D(2024, 4, 10), "in_progress"))
    assert total(reporting(QUARTERLY_2024, got, ALL, LATE_2025))["actual"] == 0
