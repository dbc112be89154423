"""A small hand-built warehouse whose figures can be counted by hand.

Two batches. Year 2024 has one programme xã in each criteria band (and two in 15–18), a phường
with results (outside the programme, so never counted), a criterion corrected by the second batch,
a withdrawal, and a recognition struck out by the second batch. The expected figures are written
out in the tests that use it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from etl import warehouse

FIRST_LOAD = dt.datetime(2024, 11, 30, 9, 0)
SECOND_LOAD = dt.datetime(2024, 12, 15, 10, 30)

# Xã of Huyện An Biên (908) and Huyện Giồng Riềng (906); a phường of TP Rạch Giá (899).
TAY_YEN, TAY_YEN_A, NAM_YEN = "30988", "30991", "30994"
THANH_HUNG, THANH_PHUOC, THANH_LOC = "30907", "30910", "30913"
PHUONG_VINH_THANH = "30733"

# (commune, year) -> criteria met, as criteria 1..n met and the rest not met.
CRITERIA_MET = {
    (TAY_YEN, 2023): 18,
    (TAY_YEN_A, 2023): 16,
    (TAY_YEN, 2024): 19,
    (TAY_YEN_A, 2024): 16,
    (NAM_YEN, 2024): 18,  # after the second batch corrected criterion 19 to "not met"
    (THANH_HUNG, 2024): 12,
    (THANH_PHUOC, 2024): 7,
    (THANH_LOC, 2024): 3,
    (PHUONG_VINH_THANH, 2024): 19,
}

# unit, kind, level, action, assessment year, superseded by batch
RECOGNITIONS = [
    (TAY_YEN, "commune", "ntm", "recognised", 2020, None),
    (TAY_YEN, "commune", "ntm_advanced", "recognised", 2023, None),
    (TAY_YEN, "commune", "ntm_model", "recognised", 2024, None),
    (TAY_YEN_A, "commune", "ntm", "recognised", 2021, None),
    (TAY_YEN_A, "commune", "ntm", "withdrawn", 2024, None),
    (THANH_HUNG, "commune", "ntm", "recognised", 2024, None),
    (THANH_PHUOC, "commune", "ntm", "recognised", 2024, 2),  # entered by mistake, struck out
    ("900", "district", "city_task_completed", "recognised", 2023, None),
    ("908", "district", "district_ntm", "recognised", 2024, None),
]

# scope, measure, base year, base value, target year, target value, superseded by batch
TARGETS = [
    ("province", "communes_ntm", 2020, 50, 2025, 110, 2),
    ("province", "communes_ntm", 2020, 50, 2025, 116, None),
    ("province", "communes_advanced", None, None, 2025, 40, None),
    ("province", "communes_model", None, None, 2025, 12, None),
    ("province", "districts_recognised", None, None, 2025, 15, None),
    ("province", "avg_criteria", None, None, 2025, 19, None),
    ("908", "communes_ntm", None, None, 2025, 8, None),
]


def build_warehouse(path: Path, *, sample_data: bool = False) -> Path:
    """Create the database at ``path`` with the reference data and the facts above."""
    warehouse.init(path)
    with warehouse.transaction(path) as con:
        for batch_id, loaded_at in ((1, FIRST_LOAD), (2, SECOND_LOAD)):
            con.execute(
                "insert into batch (batch_id, dataset, file_name, content_hash, user_name, loaded_at,"
                " rows_in_file, rows_new, rows_changed, rows_unchanged)"
                " values (?, 'criteria', ?, 'hash', 'tester', ?, 0, 0, 0, 0)",
                [batch_id, f"ket_qua_{batch_id}.xlsx", loaded_at],
            )
        for (commune, year), met in CRITERIA_MET.items():
            con.executemany(
                "insert into criterion_result values (?, ?, ?, ?, 1, null)",
                [(commune, year, no, no <= met) for no in range(1, 20)],
            )
        con.execute(
            "update criterion_result set met = true, superseded_by = 2"
            " where commune_code = ? and year = 2024 and criterion_no = 19",
            [NAM_YEN],
        )
        con.execute("insert into criterion_result values (?, 2024, 19, false, 2, null)", [NAM_YEN])
        con.executemany(
            "insert into recognition values (?, ?, ?, ?, ?, 'QĐ số 1', null, null, 1, ?, 'ordinary')",
            RECOGNITIONS,
        )
        con.executemany("insert into target values (?, ?, null, ?, ?, ?, ?, 'Kế hoạch', 1, ?)", TARGETS)
        if sample_data:
            con.execute("insert into meta values ('sample_data', 'true')")
    return path


# --- The leadership pages' warehouse -----------------------------------------------------------
# The warehouse above, plus two xã of Huyện Giồng Riềng assessed in 2024 (Hoà Lợi, not recognised,
# 17 criteria; Thạnh Bình, NTM since 2022, 18 criteria), two sub-indicator values and targets with a
# base, one for each progress status. Its 2024 figures, counted by hand, are written out in the tests that use it.
HOA_LOI, THANH_BINH = "30937", "30917"
HA_TIEN, AN_BIEN, GIONG_RIENG = "900", "908", "906"

LEADERSHIP_CRITERIA_MET = {(HOA_LOI, 2024): 17, (THANH_BINH, 2024): 18}
LEADERSHIP_RECOGNITIONS = [(THANH_BINH, "commune", "ntm", "recognised", 2022, None)]
# commune, year, indicator, value, met: 15.3's threshold is confirmed, income's (10) is not.
LEADERSHIP_INDICATORS = [(HOA_LOI, 2024, "15.3", 15.0, True), (HOA_LOI, 2024, "10", 45.0, False)]

# scope, measure, base year, base value, target year, target value
LEADERSHIP_TARGETS = [
    (GIONG_RIENG, "communes_ntm", 2023, 1, 2025, 3),  # 1 -> 2 in a year: on track
    (AN_BIEN, "avg_criteria", 2023, 17, 2025, 19),  # 17,0 -> 17,67: needs acceleration
    ("province", "communes_below_15", 2023, 4, 2025, 0),  # 4 -> 3, target 0 (linear pace): slow
    (AN_BIEN, "districts_recognised", 2023, 0, 2025, 1),  # recognised in 2024: met
    (HA_TIEN, "communes_ntm", 2024, 0, 2025, 2),  # base year = latest year: not enough data
]
# On one criterion: xã meeting TC19 in the province, 0 (2023) -> 1 (2024), 8 by 2025: 1 a year
# against 4 needed (linear: the base is 0): slow.
CRITERION_TARGET = ("province", "communes_meeting_criterion", 19, 2023, 0, 2025, 8)


def build_leadership_warehouse(path: Path, *, sample_data: bool = False) -> Path:
    """``build_warehouse`` plus the LEADERSHIP_ facts above, in the second batch."""
    build_warehouse(path, sample_data=sample_data)
    with warehouse.transaction(path) as con:
        for (commune, year), met in LEADERSHIP_CRITERIA_MET.items():
            con.executemany(
                "insert into criterion_result values (?, ?, ?, ?, 2, null)",
                [(commune, year, no, no <= met) for no in range(1, 20)],
            )
        con.executemany(
            "insert into recognition values (?, ?, ?, ?, ?, 'QĐ số 2', null, null, 2, ?, 'ordinary')",
            LEADERSHIP_RECOGNITIONS,
        )
        con.executemany("insert into target values (?, ?, null, ?, ?, ?, ?, 'Kế hoạch', 2, null)", LEADERSHIP_TARGETS)
        con.execute("insert into target values (?, ?, ?, ?, ?, ?, ?, 'Kế hoạch', 2, null)", CRITERION_TARGET)
        con.executemany("insert into indicator_value values (?, ?, ?, ?, null, ?, 2, null)", LEADERSHIP_INDICATORS)
    return path


# --- The movement's and the agency reports' warehouse ----------------------------------------
# ``build_warehouse`` plus a few facts of the movement (2023–2024) and one directive with two tasks,
# small enough that the pages' figures can be counted by hand in the tests that use it.
DIRECTIVE = "CV"
# scope, year, item, value (đồng; m² for land, days for work days)
CONTRIBUTIONS = [
    ("908", 2023, "central_budget", 10e9),
    ("908", 2023, "community", 2e9),
    ("908", 2023, "land", 1500),
    ("908", 2023, "workdays", 400),
    ("908", 2024, "central_budget", 20e9),
    ("908", 2024, "credit", 5e9),
    ("908", 2024, "community", 3e9),
    ("908", 2024, "land", 500),
    ("908", 2024, "workdays", 600),
    ("906", 2024, "local_budget", 8e9),
    ("province", 2024, "enterprise", 1e9),
]
# decision, year, type, name, district, level, form, form as written, recipients (None: not known)
COMMENDATIONS = [
    ("1/QĐ-UBND", 2023, "collective", "Ba ấp tiêu biểu", "908", "province", "certificate_of_merit", "Bằng khen", 3),
    ("2/QĐ-UBND", 2024, "household", "Hộ ông A", "906", "district", "certificate", "Giấy khen", 1),
    (
        None,
        2024,
        "mixed",
        "Các tập thể, cá nhân tiêu biểu",
        "908",
        "province",
        "certificate_of_merit",
        "Bằng khen",
        None,
    ),
]
# name, district, field, year, replicated, where
MODELS = [
    ("Tuyến đường hoa", "908", "environment", 2022, True, "Xã Tây Yên"),
    ("Camera an ninh ấp", "906", "security", 2023, False, None),
]
# task, content, responsible, coordinating, cycle, starts_on, ends_on
TASKS = [
    ("1", "Quán triệt thông báo", "SNV;UBND908", None, "six_monthly", None, dt.date(2024, 12, 31)),
    ("2", "Kiểm tra", "SNNPTNT", "VPDP", "quarterly", dt.date(2024, 7, 1), None),  # added mid-year
]
# agency, task, period, received, status, inspections, summary
REPORTS = [
    ("SNV", "1", "2024-H1", dt.date(2024, 7, 10), "completed", None, "Đã quán triệt."),
    ("UBND908", "1", "2024-H1", dt.date(2024, 8, 4), "in_progress", None, None),
    ("SNV", "1", "2024-H2", dt.date(2025, 1, 5), "completed", None, None),
    ("SNNPTNT", "2", "2024-Q3", dt.date(2024, 10, 20), "in_progress", 1, None),
    ("VPDP", "2", "2024-Q3", dt.date(2024, 10, 10), "in_progress", None, None),
    ("SNNPTNT", "2", "2024-Q4", dt.date(2025, 1, 14), "completed", 3, "Đã kiểm tra 3 huyện."),
]


def build_movement_warehouse(path: Path) -> Path:
    """``build_warehouse`` (marked as sample data) plus the movement and agency facts above, in batch 3."""
    build_warehouse(path, sample_data=True)
    with warehouse.transaction(path) as con:
        con.execute(
            "insert into batch (batch_id, dataset, file_name, content_hash, user_name, loaded_at, rows_in_file,"
            " rows_new, rows_changed, rows_unchanged) values (3, 'agency_reports', 'bc.xlsx', 'hash', 'tester', ?,"
            " 0, 0, 0, 0)",
            [SECOND_LOAD],
        )
        con.executemany("insert into contribution values (?, ?, ?, ?, 3, null)", CONTRIBUTIONS)
        con.executemany(
            "insert into commendation (decision_no, year, recipient_type, recipient_name, district_code, level_code,"
            " form_code, form_text, recipients, batch_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 3)",
            COMMENDATIONS,
        )
        con.executemany(
            "insert into exemplary_model (name, district_code, field_code, year_recognised, replicated,"
            " replicated_where, batch_id) values (?, ?, ?, ?, ?, ?, 3)",
            MODELS,
        )
        con.execute(
            "insert into directive (directive_code, doc_number, number_known, issued_year, issued_month, issuer,"
            " subject, batch_id) values (?, '/UBND-KGVX', false, 2024, 1, 'UBND tỉnh', 'V/v triển khai', 3)",
            [DIRECTIVE],
        )
        con.executemany(
            "insert into task (directive_code, task_no, content, responsible, coordinating, cycle, starts_on,"
            " ends_on, batch_id) values (?, ?, ?, ?, ?, ?, ?, ?, 3)",
            [(DIRECTIVE, *task) for task in TASKS],
        )
        con.executemany(
            "insert into agency_report (agency_code, directive_code, task_no, period_code, submitted_on,"
            " first_submitted_on, status, inspections, summary, batch_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 3)",
            [
                (agency, DIRECTIVE, task, period, day, day, status, inspections, summary)
                for agency, task, period, day, status, inspections, summary in REPORTS
            ],
        )
    return path


# Pages may take long on a busy machine; a timeout, never a measure of speed (that is bench/'s).
PAGE_TIMEOUT = 60


def dashboard(timeout: float = PAGE_TIMEOUT) -> AppTest:
    """The dashboard, not run yet, on the warehouse NTM_DB names."""
    return AppTest.from_file("../dashboard.py", default_timeout=timeout)


def open_page(page: str, url: dict[str, str] | None = None, timeout: float = PAGE_TIMEOUT) -> AppTest:
    """The dashboard as a reader opens it: ``url`` parameters in the address, then pages/``page``.py
    (the caller points NTM_DB at a warehouse and turns public viewing on)."""
    at = dashboard(timeout)
    for key, value in (url or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    return at


def record_downloads(monkeypatch) -> dict[str, tuple[str, object]]:
    """The files behind every download button drawn, by the button's file id: (name, bytes)."""
    files: dict[str, tuple[str, object]] = {}
    add_deferred = MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, **options):
        file_id = add_deferred(self, data, mimetype, coordinates, file_name=file_name, **options)
        files[file_id] = (file_name, data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return files
