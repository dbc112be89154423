"""Recognition decisions and targets: accepted as people write them, rejected precisely."""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pytest

from etl import load
from tests.workbooks import save

RECOGNITION_HEADER = [
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Huyện",
    "Mức công nhận",
    "Hình thức",
    "Năm đạt chuẩn",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]
TARGET_HEADER = [
    "STT",
    "Phạm vi",
    "Chỉ tiêu",
    "Tiêu chí số",
    "Năm cơ sở",
    "Giá trị năm cơ sở",
    "Năm mục tiêu",
    "Giá trị mục tiêu",
    "Văn bản",
]


def workbook(header: list[str], rows: list[list[object]], title: str = "DANH SÁCH") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    return save(wb)


def fetch(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_recognitions_of_communes_and_districts_with_their_levels(db):
    content = workbook(
        RECOGNITION_HEADER,
        [
            [
                1,
                "31009",
                "Xã Đông Yên",
                "An Biên",
                "Nông thôn mới nâng cao",
                "Công nhận",
                2023,
                "120/QĐ-UBND",
                dt.date(2024, 1, 15),
                "UBND tỉnh Kiên Giang",
            ],
            [
                2,
                None,
                "Huyện Vĩnh Thuận",
                None,
                "Huyện nông thôn mới",
                None,
                2020,
                "669/QĐ-TTg",
                "02/06/2022",
                "Thủ tướng Chính phủ",
            ],
            [3, "900", "Thành phố Hà Tiên", None, "Nông thôn mới", "Công nhận", 2022, "M-1/QĐ-TTg", None, None],
            [4, "31009", "Xã Đông Yên", None, "NTM", "Thu hồi", 2024, "9/QĐ-UBND", 45500, None],
        ],
    )
    result = load.load_bytes(db, "qd.xlsx", content)
    assert (result.status, result.dataset, result.rows) == ("loaded", "recognitions", 4)
    assert fetch(
        db,
        "select unit_code, unit_kind, level_code, action, assessment_year, decision_date "
        "from current_recognition order by unit_code, level_code",
    ) == [
        ("31009", "commune", "ntm", "withdrawn", 2024, dt.date(2024, 7, 27)),
        ("31009", "commune", "ntm_advanced", "recognised", 2023, dt.date(2024, 1, 15)),
        ("900", "district", "city_task_completed", "recognised", 2022, None),
        ("910", "district", "district_ntm", "recognised", 2020, dt.date(2022, 6, 2)),
    ]


def test_a_district_level_unit_can_be_recognised_as_a_model_ntm_district(db):
    content = workbook(
        RECOGNITION_HEADER,
        [[1, None, "Huyện Vĩnh Thuận", None, "Huyện nông thôn mới kiểu mẫu", None, 2025, "Mẫu-1/QĐ-TTg", None, None]],
    )
    result = load.load_bytes(db, "qd.xlsx", content)
    assert result.status == "loaded", [problem.message("vi") for problem in result.errors]
    assert fetch(db, "select unit_kind, level_code from current_recognition") == [("district", "district_ntm_model")]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        ([1, None, "Xã Đông Yên", None, "Xuất sắc", None, 2023, "1/QĐ", None, None], "level_invalid", "E"),
        ([1, None, "Xã Đông Yên", None, "NTM", "Tạm dừng", 2023, "1/QĐ", None, None], "action_invalid", "F"),
        ([1, None, "Xã Đông Yên", None, "NTM", None, 2023, "1/QĐ", "31/02/2024", None], "date_impossible", "I"),
        ([1, None, "Xã Đông Yên", None, "NTM", None, 2023, None, None, None], "decision_no_missing", "H"),
        ([1, None, "Phường Vĩnh Thanh", None, "NTM", None, 2023, "1/QĐ", None, None], "commune_not_in_programme", "C"),
        ([1, None, "Huyện Đông Yên", None, "NTM", None, 2023, "1/QĐ", None, None], "district_unknown", "C"),
    ],
)
def test_recognition_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "qd.xlsx", workbook(RECOGNITION_HEADER, [row]))
    assert result.status == "rejected"
    assert [(e.key, e.row, e.column_letter) for e in result.errors] == [(key, 3, column)]


def test_targets_for_the_province_a_district_and_a_criterion(db):
    content = workbook(
        TARGET_HEADER,
        [
            [1, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới", None, 2020, 81, 2025, 116, "QĐ 1303/QĐ-UBND"],
            [2, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới nâng cao", None, 2020, 0, 2025, 30, None],
            [3, "Huyện Hòn Đất", "Số xã đạt chuẩn nông thôn mới", None, None, None, 2025, 12, "mẫu"],
            [4, "Toàn tỉnh", "Số xã đạt tiêu chí", 17, 2020, "80", 2025, "116", None],
            [5, "Toàn tỉnh", "Bình quân số tiêu chí đạt/xã", None, 2020, "17,7", 2025, 19, None],
        ],
    )
    result = load.load_bytes(db, "ct.xlsx", content)
    assert (result.status, result.dataset) == ("loaded", "targets"), [e.as_json() for e in result.errors]
    assert fetch(
        db,
        "select scope_code, measure_code, criterion_no, base_value, target_value "
        "from current_target order by scope_code, measure_code",
    ) == [
        ("903", "communes_ntm", None, None, 12.0),
        ("province", "avg_criteria", None, 17.7, 19.0),
        ("province", "communes_advanced", None, 0.0, 30.0),
        ("province", "communes_meeting_criterion", 17, 80.0, 116.0),
        ("province", "communes_ntm", None, 81.0, 116.0),
    ]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        [[1, "Tỉnh Cà Mau", "Số xã đạt chuẩn nông thôn mới", None, 2020, 81, 2025, 116, None], "scope_invalid", "B"],
        [[1, "Toàn tỉnh", "Số hộ nghèo", None, 2020, 81, 2025, 116, None], "measure_invalid", "C"],
        [[1, "Toàn tỉnh", "Số xã đạt tiêu chí", 25, 2020, 81, 2025, 116, None], "criterion_unknown", "D"],
        [[1, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới", None, 2025, 81, 2020, 116, None], "base_after_target", "E"],
        [[1, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới", None, 2020, 81, 2025, "nhiều", None], "number_invalid", "H"],
    ],
)
def test_target_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "ct.xlsx", workbook(TARGET_HEADER, [row]))
    assert [(e.key, e.row, e.column_letter) for e in result.errors] == [(key, 3, column)]
