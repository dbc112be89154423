"""A small hand-built warehouse whose figures can be counted by hand.

Two batches. Year 2024 has one programme xã in each criteria band (and two in 15–18), a phường
with results (outside the programme, so never counted), a criterion corrected by the second batch,
a withdrawal, and a recognition struck out by the second batch. The expected figures are written
out in the tests that use it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
            "insert into recognition values (?, ?, ?, ?, ?, 'QĐ số 1', null, null, 1, ?)",
            RECOGNITIONS,
        )
        con.executemany("insert into target values (?, ?, null, ?, ?, ?, ?, 'Kế hoạch', 1, ?)", TARGETS)
        if sample_data:
            con.execute("insert into meta values ('sample_data', 'true')")
    return path
