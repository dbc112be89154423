"""What an analyst downloads: a copy of their file with each problem marked where it is, and blank
templates that the loader reads back once filled in."""

from __future__ import annotations

import io

import openpyxl
import pytest

from etl import highlight, load, templates
from etl.readers import READERS
from etl.scope import Scope
from ntm.catalogue import spec
from tests.workbooks import GIUC_TUONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met


def opened(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_marked_copy_fills_and_comments_each_offending_cell_and_lists_every_problem(db):
    marks = marks_met(19)
    marks[2] = "?"
    content = criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks, total=17)], layout="merged"))
    result = load.load_bytes(db, "loi.xlsx", content, dry_run=True)
    assert [(p.key, p.row, p.column_letter) for p in result.errors] == [("mark_uncertain", 5, "F")]

    book = opened(highlight.marked_workbook("loi.xlsx", content, result.problems))
    assert book.sheetnames == [highlight.SUMMARY_SHEET, "Tiêu chí"]
    cell = book["Tiêu chí"]["F5"]
    assert cell.value == "?"
    assert cell.fill.start_color.rgb == highlight.FILLS["error"].start_color.rgb
    assert "“?”" in cell.comment.text
    assert book["Tiêu chí"]["G5"].comment is None
    listed = list(book[highlight.SUMMARY_SHEET].values)
    assert listed[1][:4] == ("Lỗi", "Tiêu chí", 5, "F")


def test_a_problem_with_a_whole_row_fills_the_row_and_the_summary_has_file_problems(db):
    content = criteria_workbook(
        CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19)), CommuneRow(*GIUC_TUONG[:2], marks_met(18))])
    )
    result = load.load_bytes(db, "trung.xlsx", content, dry_run=True)
    assert [(p.key, p.row, p.column) for p in result.errors] == [("commune_duplicated", 5, None)]
    sheet = opened(highlight.marked_workbook("trung.xlsx", content, result.problems))["Tiêu chí"]
    assert {cell.fill.fill_type for cell in sheet[5]} == {"solid"}
    assert "hai lần" in sheet["A5"].comment.text
    assert {cell.fill.fill_type for cell in sheet[4]} == {None}


def test_a_csv_comes_back_as_a_workbook_with_its_text_kept_as_text():
    content = 'Mã xã;Tên xã;TC1\n30889;=HYPERLINK("http://x");?\n'.encode("utf-8-sig")
    problem = load.Problem("error", "mark_invalid", {"value": "?"}, "a.csv", "a.csv", 2, 3)
    sheet = opened(highlight.marked_workbook("a.csv", content, [problem]))["a.csv"]
    assert [c.value for c in sheet[2]] == ["30889", '=HYPERLINK("http://x")', "?"]
    assert sheet["B2"].data_type == "s"  # never a formula in the copy we hand back
    assert sheet["C2"].comment is not None


@pytest.mark.parametrize("dataset", templates.datasets())
def test_every_template_has_the_canonical_headers_and_is_recognised_as_its_dataset(db, dataset):
    content = templates.blank(db, dataset, Scope.province(), 2024)
    book = opened(content)
    assert book.sheetnames[-1] == templates.INSTRUCTIONS_SHEET
    headers = [cell.value for cell in book.worksheets[0][templates.HEADER_ROW]]
    declared = [column.header for column in spec().datasets[dataset].columns]
    assert [h for h in headers if h in declared] == declared
    parsed = load.load_bytes(db, "mau.xlsx", content, dry_run=True)
    assert parsed.dataset == dataset
    assert "no_table_found" not in [p.key for p in parsed.problems]
    assert "sheet_ignored" not in [p.key for p in parsed.problems]


def test_a_district_template_lists_that_districts_xa_and_loads_back_once_filled(db):
    scope = Scope.districts(["908"])
    book = opened(templates.blank(db, "criteria", scope, 2024))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=templates.HEADER_ROW + 1, values_only=True))
    filled = [row for row in rows if row[1]]
    assert len(filled) == 8 and {row[3] for row in filled} == {"Huyện An Biên"}
    criteria = [
        i
        for i, h in enumerate(next(sheet.iter_rows(min_row=templates.HEADER_ROW, values_only=True)))
        if str(h).startswith("TC")
    ]
    for number, row in enumerate(
        sheet.iter_rows(min_row=templates.HEADER_ROW + 1, max_row=templates.HEADER_ROW + len(filled)), start=1
    ):
        for index in criteria:
            row[index].value = "Đạt" if index - criteria[0] < 10 + number else "Chưa đạt"
    buffer = io.BytesIO()
    book.save(buffer)
    result = load.load_bytes(db, "an_bien.xlsx", buffer.getvalue(), dry_run=True, scope=scope)
    assert (result.status, result.rows, result.problems) == ("loaded", 8, [])


def drop_down_lists(book: openpyxl.Workbook) -> dict[str, list]:
    """The lists of a template's instructions sheet, by their bold name."""
    return {
        column[0].value: [cell.value for cell in column[1:] if cell.value]
        for column in book[templates.INSTRUCTIONS_SHEET].iter_cols(min_col=templates.LIST_COLUMN)
    }


def test_marks_levels_and_scopes_have_drop_down_lists(db):
    book = opened(templates.blank(db, "criteria", Scope.province(), 2024))
    lists = drop_down_lists(book)
    assert lists["Đánh giá"] == ["Đạt", "Chưa đạt"]
    assert len(lists["Huyện, thành phố"]) == 15
    ranges = {v.formula1 for v in book.worksheets[0].data_validations.dataValidation}
    assert len(ranges) == 2  # one list for all 19 criterion columns, one for the district
    recognitions = opened(templates.blank(db, "recognitions", Scope.province(), 2024))
    assert len(recognitions.worksheets[0].data_validations.dataValidation) >= 3


@pytest.mark.parametrize("dataset", [key for key in ("recognitions", "targets") if key in READERS])
def test_a_filled_recognition_or_target_template_loads_back(db, dataset):
    book = opened(templates.blank(db, dataset, Scope.province(), 2024))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[templates.HEADER_ROW]]
    values = {
        "recognitions": {
            "Tên đơn vị": "Xã Giục Tượng",
            "Huyện": "Huyện Châu Thành",
            "Mức công nhận": "Xã đạt chuẩn nông thôn mới",
            "Hình thức": "Công nhận",
            "Năm đạt chuẩn": 2024,
            "Số quyết định": "QĐ 1/QĐ-UBND",
            "Ngày quyết định": "31/12/2024",
        },
        "targets": {
            "Phạm vi": "Toàn tỉnh",
            "Chỉ tiêu": "Số xã đạt chuẩn nông thôn mới",
            "Năm mục tiêu": 2025,
            "Giá trị mục tiêu": 116,
        },
    }[dataset]
    for header, value in values.items():
        sheet.cell(templates.HEADER_ROW + 1, headers.index(header) + 1, value)
    buffer = io.BytesIO()
    book.save(buffer)
    result = load.load_bytes(db, "mau.xlsx", buffer.getvalue(), dry_run=True)
    assert (result.status, result.rows, result.errors) == ("loaded", 1, [])
