"""Spreadsheets in layouts the loader was not written against, as districts might send them."""

from __future__ import annotations

import openpyxl

from etl import load
from tests.workbooks import save


def loaded(db, content, **options) -> load.Result:
    result = load.load_bytes(db, "bao_cao.xlsx", content, **options)
    assert result.status == "loaded", [e.as_json() for e in result.errors]
    return result


def test_table_starting_mid_sheet_with_a_notes_column_and_an_instructions_sheet(db):
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "Đánh dấu x vào ô tiêu chí đạt."
    ws = wb.create_sheet("Số liệu")
    ws["C2"] = "UBND HUYỆN GÒ QUAO"
    ws["C3"] = "Kết quả rà soát tiêu chí nông thôn mới năm 2024"
    ws.cell(6, 3, "Số TT")
    ws.cell(6, 4, "Tên đơn vị hành chính")
    for n in range(1, 20):
        ws.cell(6, 4 + n, f"Tiêu chí số {n}")
    ws.cell(6, 24, "Số TC đạt")
    ws.cell(6, 25, "Ghi chú")
    ws.append([])
    ws.cell(7, 3, "1.")
    ws.cell(7, 4, "xã Vĩnh Hòa Hưng Nam ")
    for n in range(1, 20):
        ws.cell(7, 4 + n, "đạt " if n != 13 else "chưa đạt")
    ws.cell(7, 24, 18)
    ws.cell(7, 25, "Đang hoàn thiện hồ sơ tiêu chí 13")
    ws.cell(8, 4, "Cộng huyện Gò Quao")
    for n in range(1, 20):
        ws.cell(8, 4 + n, 1)
    result = loaded(db, save(wb))
    assert result.rows == 1
    assert [w.key for w in result.warnings] == ["sheet_ignored"]


def test_codes_written_as_numbers_and_year_in_its_own_column_with_english_style_headers(db):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ma xa", "Ten xa", "Nam"] + [f"TC{n:02d}" for n in range(1, 20)] + ["Tong so tieu chi dat"])
    ws.append([30763, "Phi Thong", 2023] + ["X"] * 19 + [19])
    ws.append([30889, "Giuc Tuong", 2023] + ["X"] * 18 + [""] + [18])
    assert loaded(db, save(wb)).rows == 2


def test_province_report_with_district_headings_and_shared_names(db):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ NĂM 2022"])
    ws.append(["TT", "Đơn vị"] + [f"TC {n}" for n in range(1, 20)])
    ws.append(["A", "HUYỆN KIÊN LƯƠNG"])
    ws.append([1, "Bình An"] + ["✓"] * 19)
    ws.append(["B", "HUYỆN CHÂU THÀNH"])
    ws.append([1, "Bình An"] + ["✓"] * 17 + ["", ""])
    ws.append([None, "Tổng cộng toàn tỉnh"] + [2] * 19)
    result = loaded(db, save(wb))
    assert (result.rows, result.rows_new) == (2, 2)


def test_csv_export_from_another_system_with_semicolons_and_a_bom(db):
    header = ";".join(["Mã xã", "Tên xã"] + [f"Tiêu chí {n}" for n in range(1, 20)])
    row = ";".join(["30763", "Xã Phi Thông"] + ["1"] * 19)
    content = ("\ufeff" + header + "\n" + row + "\n").encode("utf-8")
    result = load.load_bytes(db, "xuat_du_lieu_2021.csv", content)
    assert result.status == "loaded", [e.as_json() for e in result.errors]
