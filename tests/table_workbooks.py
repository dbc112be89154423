"""Small one-table workbooks of every core dataset, for the history, scope and upload tests."""

from __future__ import annotations

import openpyxl

from tests.workbooks import CommuneRow, CriteriaSheet, criteria_workbook, save

RECOGNITION_HEADER = [
    "STT",
    "Tên đơn vị",
    "Huyện",
    "Mức công nhận",
    "Năm đạt chuẩn",
    "Số quyết định",
    "Ngày quyết định",
]
TARGET_HEADER = ["STT", "Phạm vi", "Chỉ tiêu", "Năm mục tiêu", "Giá trị mục tiêu"]


def table_workbook(title: str, header: list[str], rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return save(book)


def criteria(*rows: CommuneRow, title="KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2024") -> bytes:
    return criteria_workbook(CriteriaSheet(list(rows), title=title))


def recognitions(date: str) -> bytes:
    """Xã Phi Thông's NTM decision, dated ``date``."""
    return table_workbook(
        "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
        RECOGNITION_HEADER,
        [[1, "Xã Phi Thông", "Rạch Giá", "Nông thôn mới", 2023, "QĐ 12/QĐ-UBND", date]],
    )


def targets(value: float) -> bytes:
    """The province's 2025 target for NTM communes."""
    return table_workbook(
        "CHỈ TIÊU KẾ HOẠCH", TARGET_HEADER, [[1, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới", 2025, value]]
    )
