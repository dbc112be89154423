"""What may come in by upload: a size limit that can be configured, a guard against zip bombs,
formulas read only as their saved values, and text kept as text."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from etl import load
from ntm import db as database
from tests.table_workbooks import RECOGNITION_HEADER, table_workbook
from tests.workbooks import GIUC_TUONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met, save


def errors(result: load.Result) -> list[tuple]:
    return [(p.key, p.sheet, p.row, p.column_letter) for p in result.errors]


def test_a_formula_without_a_saved_value_is_an_error_at_its_cell(db):
    book = openpyxl.load_workbook(
        io.BytesIO(criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))])))
    )
    book["Tiêu chí"]["F4"] = '=IF(1=1,"x","")'  # openpyxl saves formulas without a value, as some programs do
    result = load.load_bytes(db, "cong_thuc.xlsx", save(book), dry_run=True)
    assert errors(result)[0] == ("formula_without_value", "Tiêu chí", 4, "F")


def test_formulas_with_saved_values_are_read_as_those_values(db):
    content = criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))]))
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    # Excel's way: the formula and the value it saved, in the total column (W4 = 19).
    parts[sheet] = parts[sheet].replace(
        b'<c r="W4" t="n"><v>19</v></c>', b'<c r="W4" t="n"><f>COUNTIF(D4:V4,"x")</f><v>19</v></c>'
    )
    assert b"<f>" in parts[sheet]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert load.load_bytes(db, "excel.xlsx", buffer.getvalue(), dry_run=True).status == "loaded"


def test_the_size_limit_is_configurable(db, monkeypatch):
    content = criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))]))
    monkeypatch.setenv("NTM_MAX_UPLOAD_MB", str(len(content) / 2 / 1024 / 1024))
    assert [e.key for e in load.load_bytes(db, "a.xlsx", content, dry_run=True).errors] == ["file_too_large"]
    monkeypatch.delenv("NTM_MAX_UPLOAD_MB")
    assert load.load_bytes(db, "a.xlsx", content, dry_run=True).status == "loaded"


def test_a_workbook_that_expands_enormously_is_refused_before_it_is_read(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"\x00" * (300 * 1024 * 1024 + 1))
    result = load.load_bytes(db, "bom.xlsx", buffer.getvalue(), dry_run=True)
    assert [e.key for e in result.errors] == ["file_zip_bomb"]


def test_text_that_looks_like_sql_or_markup_is_stored_exactly_as_written(db):
    issuer = "UBND tỉnh'); drop table recognition; -- <b>x</b>"
    content = table_workbook(
        "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
        [*RECOGNITION_HEADER, "Cơ quan ban hành"],
        [[1, "Xã Giục Tượng", "Châu Thành", "Nông thôn mới", 2024, "=1+1 không phải công thức", "31/12/2024", issuer]],
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    book.active["F4"].data_type = "s"  # a text cell that starts with "="
    result = load.load_bytes(db, "qd.xlsx", save(book))
    assert result.status == "loaded", errors(result)
    stored = database.query(db, "select decision_no, issuer from recognition")
    assert stored.values.tolist() == [["=1+1 không phải công thức", issuer]]
