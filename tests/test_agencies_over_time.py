"""Agencies over time (issue 15): the department mergers of 1/3/2025 and the end of the district
People's Committees on 1/7/2025, in the reporting rates, in the files that name agencies, on the
page and in the brief; and tasks that are requests ("Đề nghị"), shown but outside the rates.

The rule, counted by hand below: a report is owed by the agency in office on its period's last day
(a one-off task's deadline). Sở NN&PTNT owes every period ending up to 28/2/2025, Sở NN&MT every
period ending from 1/3/2025: a quarterly task gives Q4/2024 to the first and Q1/2025 (ending 31/3)
to the second, a six-monthly task H2/2024 to the first and H1/2025 (ending 30/6) to the second. A
district committee owes nothing ending after 30/6/2025.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from analytics import agency_reports
from analytics.agency_reports import ASSIGNMENT_COLUMNS, REPORT_COLUMNS, Window, reporting
from etl import load, warehouse
from ntm.agencies import Change, Successions
from presentation import agency_tables, brief
from tests.table_workbooks import table_workbook
from tests.test_load_movement import errors, fetch, workbook

D = dt.date
LATE_2025 = D(2025, 12, 31)
MERGER, DISTRICTS_END = D(2025, 3, 1), D(2025, 7, 1)
# As agency_successions.csv has them, for the agencies these tests use.
SUCCESSIONS = Successions(
    [
        Change("SNNPTNT", "SNNMT", MERGER, "merged"),
        Change("STNMT", "SNNMT", MERGER, "merged"),
        Change("UBND908", None, DISTRICTS_END, "ceased"),
    ],
    formed=["SNNMT"],
)


def tasks(*rows: tuple) -> pd.DataFrame:
    """(agency, task, cycle, deadline, starts_on, ends_on), all of directive "CV"."""
    return pd.DataFrame([(agency, "CV", task, *rest) for agency, task, *rest in rows], columns=ASSIGNMENT_COLUMNS)


def reports(*rows: tuple) -> pd.DataFrame:
    """(agency, task, period, received_on), all of directive "CV", all "in_progress"."""
    return pd.DataFrame(
        [(agency, "CV", task, period, day, "in_progress") for agency, task, period, day in rows],
        columns=REPORT_COLUMNS,
    )


def owed(result) -> list[tuple[str, str]]:
    return sorted(zip(result.expected["agency_code"], result.expected["period_code"], strict=True))


def by_agency(result) -> dict[str, tuple[int, int, int]]:
    rates = result.rates(["agency_code"])
    return {row.agency_code: (row.expected, row.actual, row.on_time) for row in rates.itertuples()}


# --- The reporting rates across a succession ------------------------------------------------------


def test_a_period_is_owed_by_the_agency_in_office_on_its_last_day():
    quarterly = tasks(("SNNPTNT", "3", "quarterly", None, D(2024, 10, 1), None))
    six_monthly = tasks(("SNNPTNT", "1", "six_monthly", None, D(2024, 7, 1), None))
    assert owed(reporting(quarterly, reports(), Window.from_code("2025-H1"), LATE_2025, successions=SUCCESSIONS)) == [
        ("SNNMT", "2025-Q1"),  # ends 31/3/2025, after the merger
        ("SNNMT", "2025-Q2"),
    ]
    assert owed(reporting(quarterly, reports(), Window.from_code("2024"), LATE_2025, successions=SUCCESSIONS)) == [
        ("SNNPTNT", "2024-Q4"),  # ends 31/12/2024: Sở NN&PTNT's, however late it comes
    ]
    assert owed(reporting(six_monthly, reports(), Window(), D(2025, 7, 31), successions=SUCCESSIONS)) == [
        ("SNNMT", "2025-H1"),
        ("SNNPTNT", "2024-H2"),
    ]


@pytest.mark.parametrize(
    ("deadline", "agency"),
    [(D(2025, 2, 28), "SNNPTNT"), (D(2025, 3, 1), "SNNMT")],  # its last day; the merger's first
)
def test_a_one_off_task_is_owed_by_the_agency_in_office_on_its_deadline(deadline, agency):
    one_off = tasks(("SNNPTNT", "2", "one_off", deadline, D(2025, 1, 1), None))
    assert owed(reporting(one_off, reports(), Window(), LATE_2025, successions=SUCCESSIONS)) == [(agency, "once")]


def test_rates_across_the_merger_as_counted_by_hand():
    # Six-monthly from 1/1/2024: H1 and H2 2024 owed by Sở NN&PTNT, H1 and H2 2025 by Sở NN&MT.
    task = tasks(("SNNPTNT", "1", "six_monthly", None, D(2024, 1, 1), None))
    got = reports(
        ("SNNPTNT", "1", "2024-H1", D(2024, 7, 10)),  # due 15/7/2024: on time
        ("SNNPTNT", "1", "2024-H2", D(2025, 3, 10)),  # due 15/1/2025, sent after the merger: 54 days late
        ("SNNMT", "1", "2025-H1", D(2025, 7, 15)),  # on the due day
    )  # 2025-H2 never came: due 15/1/2026, overdue as of 31/1/2026
    result = reporting(task, got, Window(), D(2026, 1, 31), successions=SUCCESSIONS)
    assert by_agency(result) == {"SNNPTNT": (2, 2, 1), "SNNMT": (2, 1, 1)}
    total = result.rates([]).iloc[0]
    assert (total["expected"], total["actual"], total["on_time"]) == (4, 3, 2)
    assert result.overdue()[["agency_code", "period_code", "days"]].values.tolist() == [
        ["SNNPTNT", "2024-H2", 54],
        ["SNNMT", "2025-H2", 16],
    ]


def test_without_successions_the_agency_named_owes_every_period():
    task = tasks(("SNNPTNT", "1", "six_monthly", None, D(2024, 1, 1), None))
    assert {agency for agency, _ in owed(reporting(task, reports(), Window(), LATE_2025))} == {"SNNPTNT"}


def test_two_departments_merged_into_one_owe_one_report_per_period_after_the_merger():
    both = tasks(
        ("SNNPTNT", "3", "quarterly", None, D(2025, 1, 1), None),
        ("STNMT", "3", "quarterly", None, D(2025, 1, 1), None),
    )
    result = reporting(both, reports(), Window.from_code("2025-H1"), LATE_2025, successions=SUCCESSIONS)
    assert owed(result) == [("SNNMT", "2025-Q1"), ("SNNMT", "2025-Q2")]


def test_a_district_committees_task_closes_at_30_june_2025():
    quarterly = tasks(("UBND908", "1", "quarterly", None, D(2025, 1, 1), None))
    result = reporting(quarterly, reports(), Window(), LATE_2025, successions=SUCCESSIONS)
    assert owed(result) == [("UBND908", "2025-Q1"), ("UBND908", "2025-Q2")]  # nothing for Q3, Q4
    assert result.overdue()["period_code"].tolist() == ["2025-Q1", "2025-Q2"]
    after_its_end = tasks(("UBND908", "2", "one_off", D(2025, 7, 15), D(2025, 1, 1), None))
    assert reporting(after_its_end, reports(), Window(), LATE_2025, successions=SUCCESSIONS).expected.empty


def test_the_successors_report_for_its_predecessors_period_answers_it_once():
    task = tasks(("SNNPTNT", "3", "quarterly", None, D(2024, 10, 1), D(2024, 12, 31)))
    late = reports(("SNNMT", "3", "2024-Q4", D(2025, 3, 10)))  # the merged department sends it
    result = reporting(task, late, Window(), LATE_2025, successions=SUCCESSIONS)
    assert by_agency(result) == {"SNNPTNT": (1, 1, 0)}
    both = reports(("SNNMT", "3", "2024-Q4", D(2025, 3, 10)), ("SNNPTNT", "3", "2024-Q4", D(2025, 1, 10)))
    result = reporting(task, both, Window(), LATE_2025, successions=SUCCESSIONS)
    assert by_agency(result) == {"SNNPTNT": (1, 1, 1)}  # the first received answers it


def test_the_reference_successions_pass_the_agriculture_department_on_and_end_the_districts():
    declared = Successions.from_reference()
    assert declared.holder("SNNPTNT", D(2025, 2, 28)) == "SNNPTNT"
    assert declared.holder("SNNPTNT", MERGER) == "SNNMT"
    assert declared.holder("SNNMT", D(2025, 2, 28)) is None  # not formed yet
    assert declared.holder("UBND908", D(2025, 6, 30)) == "UBND908"
    assert declared.holder("UBND908", DISTRICTS_END) is None
    assert sorted(declared.predecessors("SNNMT")) == ["SNNPTNT", "STNMT"]


# --- Reading agencies by the date of the row -----------------------------------------------------

REPORT_HEADER = ["Cơ quan báo cáo", "Mã văn bản", "Nhiệm vụ số", "Kỳ báo cáo", "Ngày gửi", "Tình trạng"]
TASK_HEADER = ["Mã văn bản", "Nhiệm vụ số", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Chu kỳ báo cáo", "Từ ngày"]


def agency_reports_file(*rows: list) -> bytes:
    return table_workbook("TỔNG HỢP BÁO CÁO CỦA CÁC CƠ QUAN", REPORT_HEADER, list(rows))


def tasks_file(*rows: list, header: list[str] = TASK_HEADER) -> bytes:
    return table_workbook("NHIỆM VỤ GIAO CÁC CƠ QUAN", header, list(rows))


def test_an_old_departments_name_on_a_later_report_is_its_successors_with_a_warning(db):
    result = load.load_bytes(
        db, "bc.xlsx", agency_reports_file(["Sở NN&PTNT", "CV", 3, "Quý III/2025", "10/10/2025", "Hoàn thành"])
    )
    assert result.status == "loaded", errors(result)
    assert fetch(db, "select agency_code, period_code from current_agency_report") == [("SNNMT", "2025-Q3")]
    [warning] = result.warnings
    assert (warning.key, warning.row, warning.column_letter) == ("report_agency_succeeded", 4, "A")
    assert warning.message() == (
        "Sở Nông nghiệp và Phát triển nông thôn đã hợp nhất vào Sở Nông nghiệp và Môi trường từ 01/03/2025; "
        "kỳ báo cáo kết thúc ngày 30/09/2025 nên báo cáo được ghi cho Sở Nông nghiệp và Môi trường."
    )


def test_a_report_of_a_period_before_the_merger_keeps_the_old_department(db):
    result = load.load_bytes(
        db, "bc.xlsx", agency_reports_file(["Sở NN&PTNT", "CV", 3, "Quý IV/2024", "10/03/2025", "Hoàn thành"])
    )
    assert (result.status, result.warnings) == ("loaded", [])
    assert fetch(db, "select agency_code from current_agency_report") == [("SNNPTNT",)]


def test_a_district_committee_has_no_period_after_30_june_2025_to_report_on(db):
    result = load.load_bytes(
        db, "bc.xlsx", agency_reports_file(["UBND huyện An Biên", "CV", 1, "Quý III/2025", "10/10/2025", "Hoàn thành"])
    )
    assert errors(result) == [("report_agency_ceased", 4, "A")]
    assert result.errors[0].message() == (
        "Ủy ban nhân dân huyện An Biên không còn từ 01/07/2025 (cấp huyện không còn) nên không có kỳ báo cáo nào "
        "kết thúc ngày 30/09/2025. Hãy kiểm tra tên cơ quan hoặc kỳ báo cáo."
    )


def test_a_new_department_may_send_its_predecessors_late_report_but_not_one_before_it_existed(db):
    sent_after = ["Sở NN&MT", "CV", 3, "Quý IV/2024", "10/03/2025", "Hoàn thành"]
    sent_before = ["Sở NN&MT", "CV", 3, "Quý IV/2024", "10/01/2025", "Hoàn thành"]
    assert load.load_bytes(db, "bc.xlsx", agency_reports_file(sent_after)).status == "loaded"
    assert fetch(db, "select agency_code, period_code from current_agency_report") == [("SNNMT", "2024-Q4")]
    result = load.load_bytes(db, "bc2.xlsx", agency_reports_file(sent_before))
    assert errors(result) == [("report_agency_not_formed", 4, "A")]
    assert "chỉ có từ 01/03/2025, sau ngày gửi báo cáo (10/01/2025)" in result.errors[0].message()


@pytest.mark.parametrize(
    ("starts_on", "in_office", "not_yet_or_gone"),
    [
        ("01/01/2024", {"SNNPTNT", "STNMT", "BDT"}, {"SNNMT", "SDTTG"}),
        ("01/05/2025", {"SNNMT", "SDTTG"}, {"SNNPTNT", "STNMT", "BDT"}),
    ],
)
def test_a_group_stands_for_its_members_in_office_on_the_tasks_first_day(db, starts_on, in_office, not_yet_or_gone):
    group = "Các sở, ban, ngành cấp tỉnh"
    result = load.load_bytes(db, "nv.xlsx", tasks_file(["CV", 1, "Kiểm tra", group, "Hàng quý", starts_on]))
    assert (result.status, result.warnings) == ("loaded", []), errors(result)
    members = set(fetch(db, "select responsible from current_task")[0][0].split(";"))
    assert in_office <= members
    assert not members & not_yet_or_gone


def test_a_task_given_after_the_merger_to_the_old_department_is_the_new_ones_with_a_warning(db):
    result = load.load_bytes(db, "nv.xlsx", tasks_file(["CV", 1, "Kiểm tra", "Sở NN&PTNT", "Hàng quý", "01/05/2025"]))
    assert result.status == "loaded", errors(result)
    assert fetch(db, "select responsible from current_task") == [("SNNMT",)]
    assert [(w.key, w.row, w.column_letter) for w in result.warnings] == [("task_agency_succeeded", 4, "D")]


def test_a_task_for_the_district_committees_after_they_ceased_is_rejected_saying_why(db):
    result = load.load_bytes(
        db, "nv.xlsx", tasks_file(["CV", 1, "Tổng kết", "UBND các huyện, thành phố", "Hàng quý", "01/01/2026"])
    )
    assert errors(result) == [("task_agency_ceased", 4, "D")]
    assert (
        result.errors[0]
        .message()
        .startswith(
            "Ủy ban nhân dân các huyện, thành phố không còn từ 01/07/2025 (cấp huyện không còn), trước ngày bắt đầu"
        )
    )


def test_a_task_of_2024_naming_a_department_formed_in_2025_names_the_ones_it_replaced(db):
    result = load.load_bytes(db, "nv.xlsx", tasks_file(["CV", 1, "Kiểm tra", "Sở NN&MT", "Hàng quý", "01/01/2024"]))
    assert errors(result) == [("task_agency_not_formed", 4, "D")]
    message = result.errors[0].message()
    assert "Sở Nông nghiệp và Môi trường chỉ có từ 01/03/2025" in message
    assert message.endswith("Sở Nông nghiệp và Phát triển nông thôn; Sở Tài nguyên và Môi trường.")


def test_a_task_without_its_own_start_is_read_on_its_directives_day(db):
    content = workbook(
        ("Văn bản", [["VĂN BẢN"], ["Mã văn bản", "Ngày ban hành", "Trích yếu"], ["KH-2025", "15/05/2025", "Kế hoạch"]]),
        (
            "Nhiệm vụ",
            [["NHIỆM VỤ"], [], TASK_HEADER[:5], ["KH-2025", 1, "Kiểm tra", "Sở NN&PTNT", "Hàng quý"]],
        ),
    )
    result = load.load_bytes(db, "vb.xlsx", content)
    assert result.status == "loaded", errors(result)
    assert fetch(db, "select responsible from current_task") == [("SNNMT",)]


# --- Requests ----------------------------------------------------------------------------------


def test_a_request_is_registered_but_owes_no_report_and_its_reports_count_nowhere(db):
    header = [*TASK_HEADER, "Loại nhiệm vụ"]
    result = load.load_bytes(
        db,
        "nv.xlsx",
        tasks_file(
            ["CV", 1, "Quán triệt", "Sở Nội vụ", "6 tháng", "01/01/2024", "Giao nhiệm vụ"],
            ["CV", 2, "Vận động", "UBMTTQ và các tổ chức chính trị – xã hội", "6 tháng", "01/01/2024", "Đề nghị"],
            header=header,
        ),
    )
    assert result.status == "loaded", errors(result)
    sent = agency_reports_file(
        ["Sở Nội vụ", "CV", 1, "6 tháng đầu năm 2024", "10/07/2024", "Hoàn thành"],
        ["UBMTTQ tỉnh", "CV", 2, "6 tháng đầu năm 2024", "30/09/2024", "Hoàn thành"],
    )
    assert load.load_bytes(db, "bc.xlsx", sent).status == "loaded"
    status = agency_reports.status(db, "2024-H1", D(2024, 12, 31))
    total = status.rates([]).iloc[0]
    # Only the Sở Nội vụ's report was owed; the six organisations' late or missing ones are no one's due.
    assert (total["expected"], total["actual"], total["on_time"]) == (1, 1, 1)
    assert status.overdue().empty
    register = agency_reports.tasks(db).set_index("task_no")
    assert register["task_kind"].to_dict() == {"1": "assignment", "2": "request"}
    assert len(agency_reports.reports(db)) == 2  # both shown among the reports received
    shown = agency_tables.task_register(
        agency_reports.tasks(db), {("CV", "1"): "1", ("CV", "2"): "2"}, status.latest(), "vi"
    )
    assert shown.set_index("Nhiệm vụ").loc["2", "Kỳ gần nhất"] == "Đề nghị, không tính vào tỷ lệ"


# --- The page and the brief say what became of each agency -----------------------------------------


@pytest.mark.database("movement")
def test_the_agencies_page_says_which_tasks_passed_on_and_which_closed(open_page):
    at = open_page("agency_reports", as_of="2025-12-31")
    assert any(
        caption.value.startswith("Đây là sổ theo dõi cấp tỉnh: năm và huyện chọn ở thanh bên không áp dụng")
        for caption in at.caption
    )
    rates = next(frame.value for frame in at.dataframe if "Thay đổi cơ quan" in frame.value.columns)
    changes = dict(zip(rates["Cơ quan, kỳ"], rates["Thay đổi cơ quan"], strict=True))
    assert changes == {
        "Sở NN&PTNT": "chuyển cho Sở NN&MT từ 01/03/2025",
        "Sở NN&MT": "nhận nhiệm vụ của Sở NN&PTNT, Sở TN&MT từ 01/03/2025",
        "UBND huyện An Biên": "kết thúc 30/06/2025 (cấp huyện không còn)",
        "Sở Nội vụ": "nhận nhiệm vụ của Sở LĐ-TB&XH từ 01/03/2025",
        "VPĐP NTM tỉnh": "",  # its report as a coordinating agency counts; it never changed
    }


@pytest.mark.database("movement")
def test_the_briefs_agency_section_names_the_changes_in_english_too(shared_db):
    for lang, expected in (
        ("vi", "Sở NN&PTNT: chuyển cho Sở NN&MT từ 01/03/2025"),
        ("en", "closed on 30/06/2025 (the district level was abolished)"),
    ):
        agencies = brief.build(shared_db, 2024, None, lang, D(2025, 12, 31)).sections[5]
        assert any(expected in block for block in agencies.blocks if isinstance(block, str)), agencies.blocks


@pytest.mark.database("movement")
def test_a_database_made_before_task_kinds_gets_them_on_init_every_task_assigned(db):
    with duckdb.connect(str(db)) as con:  # what an older version left: no task_kind column
        con.execute("alter table task drop column task_kind")
    warehouse.init(db)
    assert fetch(db, "select distinct task_kind from current_task") == [("assignment",)]
    assert agency_reports.status(db, "all", D(2025, 3, 31)).rates([]).iloc[0]["expected"] == 7
