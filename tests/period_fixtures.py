"""A small hand-built warehouse across 1/7/2025, whose figures can be counted by hand: a few xã of
Huyện An Biên assessed in 2024 against the 19 criteria, and a few of the new xã of An Giang assessed
in 2026 against the 10 criteria of QĐ 51/2025/QĐ-TTg, some of which carry an old unit's code.

2024 (units of Kiên Giang): Tây Yên 19 criteria met, Tây Yên A 16, Nam Yên 12, Đông Thái 7. Tây Yên
NTM since 2020, nâng cao since 2023; Đông Thái NTM since 2022.

2026 (units of An Giang from 1/7/2025): the new Xã Tây Yên (30988, the old one's code) 10 of 10,
Xã An Biên (30985, the old Thị trấn Thứ Ba's code) 9, Xã Đông Thái (31006) 6, and Xã Mỹ Hòa Hưng
(30313, made from old An Giang's units, outside the former Kiên Giang territory) 10. Review decisions
of 20/11/2025 (assessment year 2025): Tây Yên keeps NTM, An Biên keeps NTM and nâng cao; Đông Thái has
none ("chưa rà soát", whatever the old Đông Thái held). Mỹ Hòa Hưng recognised "NTM hiện đại" in 2026.
A national target for 2030: 65 % of xã NTM. The expected figures are written out in the tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from etl import warehouse

LOADED_AT = dt.datetime(2026, 11, 30, 9, 0)
TAY_YEN, TAY_YEN_A, NAM_YEN, DONG_THAI = "30988", "30991", "30994", "31006"
AN_BIEN_NEW, MY_HOA_HUNG = "30985", "30313"
AN_BIEN_DISTRICT = "908"
REVIEWED_ON = dt.date(2025, 11, 20)

# (commune, year) -> criteria met, as criteria 1..n met and the rest of the year's set not met.
CRITERIA_MET = {
    (TAY_YEN, 2024): 19,
    (TAY_YEN_A, 2024): 16,
    (NAM_YEN, 2024): 12,
    (DONG_THAI, 2024): 7,
    (TAY_YEN, 2026): 10,
    (AN_BIEN_NEW, 2026): 9,
    (DONG_THAI, 2026): 6,
    (MY_HOA_HUNG, 2026): 10,
}
SET_SIZE = {2024: 19, 2026: 10}

# unit, level, assessment year, decision, decision date, kind of decision
RECOGNITIONS = [
    (TAY_YEN, "ntm", 2020, "QĐ 1/2020", dt.date(2021, 3, 1), "ordinary"),
    (TAY_YEN, "ntm_advanced", 2023, "QĐ 2/2023", dt.date(2024, 2, 1), "ordinary"),
    (DONG_THAI, "ntm", 2022, "QĐ 3/2022", dt.date(2023, 1, 15), "ordinary"),
    (TAY_YEN, "ntm", 2025, "QĐ 9/2025 (rà soát)", REVIEWED_ON, "review_result"),
    (AN_BIEN_NEW, "ntm", 2025, "QĐ 9/2025 (rà soát)", REVIEWED_ON, "review_result"),
    (AN_BIEN_NEW, "ntm_advanced", 2025, "QĐ 9/2025 (rà soát)", REVIEWED_ON, "review_result"),
    (MY_HOA_HUNG, "ntm_modern", 2026, "QĐ 5/2026", dt.date(2026, 10, 1), "ordinary"),
]


def build_periods_warehouse(path: Path) -> Path:
    """Create the database at ``path`` with the reference data and the facts above (one batch)."""
    warehouse.init(path)
    with warehouse.transaction(path) as con:
        con.execute(
            "insert into batch (batch_id, dataset, file_name, content_hash, user_name, loaded_at,"
            " rows_in_file, rows_new, rows_changed, rows_unchanged) values (1, 'criteria', 'hai_giai_doan.xlsx',"
            " 'hash', 'tester', ?, 0, 0, 0, 0)",
            [LOADED_AT],
        )
        con.executemany(
            "insert into criterion_result (commune_code, year, criterion_no, met, batch_id) values (?, ?, ?, ?, 1)",
            [
                (commune, year, number, number <= met)
                for (commune, year), met in CRITERIA_MET.items()
                for number in range(1, SET_SIZE[year] + 1)
            ],
        )
        con.executemany(
            "insert into recognition (unit_code, unit_kind, level_code, action, assessment_year, decision_no,"
            " decision_date, decision_kind, batch_id) values (?, 'commune', ?, 'recognised', ?, ?, ?, ?, 1)",
            RECOGNITIONS,
        )
        con.execute(
            "insert into target (scope_code, measure_code, target_year, target_value, source, batch_id)"
            " values ('national', 'share_communes_ntm', 2030, 65, 'baogialai.com.vn (10/2/2026)', 1)"
        )
        con.execute("insert into meta values ('sample_data', 'true')")
    return path
