"""The bad-input corpus: one entry per hostile or untidy file, how it is built, and what it must produce.

Every file is built in memory when the test asks for it (nothing binary is kept in the repository).
``Rejected`` names the message key and where it points (sheet, Excel row, column letter; None where
the message is about the whole file); ``Accepted`` names a query and the rows it must then return.
The table in README.md ("What was tried") summarises this list.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from tests.table_workbooks import RECOGNITION_HEADER, TARGET_HEADER, table_workbook
from tests.workbooks import GIUC_TUONG, PHI_THONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met, save


@dataclass(frozen=True)
class Rejected:
    key: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Accepted:
    query: str
    rows: list[tuple]
    warning: str | None = None  # a warning the load must also give


@dataclass(frozen=True)
class Case:
    name: str
    how: str
    build: Callable[[], bytes]
    expect: Rejected | Accepted
    file_name: str = "tep.xlsx"


# --- builders ---------------------------------------------------------------------------------------


def _criteria(*rows: CommuneRow, **options) -> bytes:
    return criteria_workbook(CriteriaSheet(list(rows), **options))


def _giuc_tuong(**changes) -> CommuneRow:
    return CommuneRow(**({"code": GIUC_TUONG[0], "name": GIUC_TUONG[1], "marks": marks_met(19)} | changes))


def _recognition(
    date: object = "31/12/2024",
    decision: object = "QĐ 12/QĐ-UBND",
    year: object = 2023,
    issuer: object = "UBND tỉnh",
    text_cells: tuple[str, ...] = (),
) -> bytes:
    content = table_workbook(
        "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
        [*RECOGNITION_HEADER, "Cơ quan ban hành"],
        [[1, "Xã Phi Thông", "Rạch Giá", "Nông thôn mới", year, decision, date, issuer]],
    )
    if not text_cells:
        return content
    book = openpyxl.load_workbook(io.BytesIO(content))
    for ref in text_cells:  # a text cell that starts with "=" (typed after an apostrophe in Excel)
        book.active[ref].data_type = "s"
    return save(book)


def _target(value: object) -> bytes:
    return table_workbook(
        "CHỈ TIÊU KẾ HOẠCH", TARGET_HEADER, [[1, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới", 2025, value]]
    )


def _contribution(central: object) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KẾT QUẢ HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NÔNG THÔN MỚI NĂM 2024"])
    sheet.append([])
    sheet.append(["STT", "Đơn vị", "Ngân sách trung ương (triệu đồng)", "Ngân sách địa phương (triệu đồng)"])
    sheet.append([1, "An Biên", central, 5])
    return save(book)


def _workbook(*rows: list, hidden_title: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if hidden_title:
        book.active.title = hidden_title
        book.active.sheet_state = "hidden"
        book.create_sheet("Trống")
    return save(book)


def _hidden_sheet(with_visible_data: bool) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(_criteria(_giuc_tuong())))
    book.active.sheet_state = "hidden"
    visible = book.create_sheet("Ghi chú")
    visible.append(["Ghi chú: số liệu ở trang ẩn"])
    if with_visible_data:
        book.remove(visible)
        visible = book.copy_worksheet(book["Tiêu chí"])
        visible.title = "Tiêu chí 2"
        visible.sheet_state = "visible"
        for row in visible.iter_rows(min_row=4):
            for cell in row[1:3]:
                cell.value = {"30889": PHI_THONG[0], "Xã Giục Tượng": PHI_THONG[1]}.get(cell.value, cell.value)
    return save(book)


def _hidden_row() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(_criteria(_giuc_tuong(), CommuneRow(*PHI_THONG[:2], marks_met(18)))))
    book.active.row_dimensions[5].hidden = True
    return save(book)


def _formula(formula: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(_criteria(_giuc_tuong())))
    book.active["F4"] = formula  # openpyxl saves a formula without a value, as programs that do not calculate do
    return save(book)


def _patched(content: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with bytes replaced inside its parts (for what openpyxl refuses to write)."""
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {name: source.read(name).replace(old, new) for name in source.namelist()}
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _million_rows() -> bytes:
    """A real 1,000,000-row sheet (one number per row), streamed into the zip."""
    content = _criteria(_giuc_tuong())
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            if not name.startswith("xl/worksheets/sheet"):
                target.writestr(name, data)
                continue
            with target.open(name, "w") as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
                    b'.org/spreadsheetml/2006/main"><dimension ref="A1:A1000000"/><sheetData>'
                )
                for start in range(1, 1_000_001, 10_000):
                    sheet.write(
                        "".join(
                            f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(start, start + 10_000)
                        ).encode()
                    )
                sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _ole(stream_name: str) -> bytes:
    """The start of an OLE compound file naming ``stream_name`` (EncryptionInfo for a password-protected xlsx,
    Workbook for a .xls): enough for anything that sniffs content, which is all the loader may do."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return header.ljust(512, b"\x00") + stream_name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 4096


def _csv(text: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


_CRITERIA_CSV = (
    "STT;Mã xã;Tên xã;Năm;" + ";".join(f"TC{n}" for n in range(1, 20)) + ";Tổng số tiêu chí đạt\n"
    "1;30889;Xã Giục Tượng;2024;" + ";".join("x" for _ in range(19)) + ";19\n"
)
_MARKS_IN_FORCE = "select count(*) from criterion_result where commune_code = '30889' and superseded_by is null"
_DECISION = "select decision_no from recognition"
_DATE = "select strftime(decision_date, '%d/%m/%Y') from recognition"
_TARGET = "select target_value from target"
_CRITERIA_SHEET = "Tiêu chí"

CASES: list[Case] = [
    # The file as a whole
    Case("empty_file", "zero bytes", lambda: b"", Rejected("file_empty")),
    Case("blank_bytes", "only spaces and newlines", _csv("  \n\n \n"), Rejected("file_empty")),
    Case("empty_workbook", "a new workbook saved untouched", lambda: _workbook(), Rejected("no_table_found")),
    Case(
        "only_a_title",
        "one sheet holding only the report's title",
        lambda: _workbook(["KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2024"]),
        Rejected("no_table_found"),
    ),
    Case(
        "header_without_rows",
        "the criteria header and no xã under it",
        lambda: _criteria(),
        Rejected("sheet_without_rows", _CRITERIA_SHEET),
    ),
    Case(
        "csv_renamed_xlsx",
        "a semicolon CSV of the criteria table saved as .xlsx",
        _csv(_CRITERIA_CSV),
        Accepted(_MARKS_IN_FORCE, [(19,)], warning="file_is_csv"),
    ),
    Case(
        "xls_broken",
        "an OLE container naming a Workbook stream but holding none (a broken .xls)",
        lambda: _ole("Workbook"),
        Rejected("file_corrupt"),
        "cu.xls",
    ),
    Case(
        "password_protected",
        "an OLE container with an EncryptionInfo stream, as Excel writes an encrypted xlsx",
        lambda: _ole("EncryptionInfo"),
        Rejected("file_encrypted"),
    ),
    Case(
        "truncated_zip",
        "the first half of a valid workbook",
        lambda: (c := _criteria(_giuc_tuong()))[: len(c) // 2],
        Rejected("file_corrupt"),
    ),
    Case(
        "corrupted_zip",
        "a valid workbook whose last 200 bytes (the zip's directory) are zeroed",
        lambda: _criteria(_giuc_tuong())[:-200] + b"\x00" * 200,
        Rejected("file_corrupt"),
    ),
    Case(
        "zip_not_a_workbook",
        "a zip holding a Word-like document, not a workbook",
        lambda: _zip({"word/document.xml": b"<w/>"}),
        Rejected("file_not_xlsx"),
    ),
    Case(
        "zip_bomb",
        "a 60 MB sheet of zeros compressed to a few tens of kB",
        lambda: _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (60 << 20)}),
        Rejected("file_zip_bomb"),
    ),
    Case(
        "over_the_size_limit",
        "21 MB (the default limit is 20 MB)",
        lambda: b"PK\x03\x04" + b"\x00" * (21 << 20),
        Rejected("file_too_large"),
    ),
    Case(
        "a_million_rows",
        "a real sheet of 1,000,000 rows, refused from its declared dimension before reading",
        _million_rows,
        Rejected("sheet_too_many_rows", _CRITERIA_SHEET),
    ),
    Case(
        "utf16_text",
        "a text file saved as UTF-16 (NUL bytes)",
        _csv("Tên xã\tTC1\n", "utf-16"),
        Rejected("file_not_readable"),
    ),
    Case(
        "pdf_renamed_xlsx",
        "a PDF's bytes with an .xlsx name",
        lambda: b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n" * 20,
        Rejected("file_not_readable"),
    ),
    # Formulas and what Excel hides
    Case(
        "formula_without_saved_value",
        "a criterion cell holding =IF(...) and no value",
        lambda: _formula('=IF(1=1,"x","")'),
        Rejected("formula_without_value", _CRITERIA_SHEET, 4, "F"),
    ),
    Case(
        "dde_formula",
        "a real =cmd|' /C calc'!A0 formula: never run, and without a saved value it is refused",
        lambda: _formula("=cmd|' /C calc'!A0"),
        Rejected("formula_without_value", _CRITERIA_SHEET, 4, "F"),
    ),
    Case(
        "dde_text",
        "the text =cmd|' /C calc'!A0 in a text cell (decision number)",
        lambda: _recognition(decision="=cmd|' /C calc'!A0", text_cells=("F4",)),
        Accepted(_DECISION, [("=cmd|' /C calc'!A0",)]),
    ),
    Case(
        "hidden_sheet_ignored",
        "the data on a hidden sheet, a visible sheet with other data",
        lambda: _hidden_sheet(True),
        Accepted(
            "select commune_code from criterion_result where criterion_no = 1 and superseded_by is null",
            [(PHI_THONG[0],)],
            warning="sheet_hidden_skipped",
        ),
    ),
    Case(
        "only_hidden_data",
        "the only table is on a hidden sheet",
        lambda: _hidden_sheet(False),
        Rejected("no_table_found"),
    ),
    Case(
        "hidden_row_loaded_with_warning",
        "row 5 (Xã Phi Thông) hidden in Excel",
        _hidden_row,
        Accepted("select count(distinct commune_code) from criterion_result", [(2,)], warning="rows_hidden"),
    ),
    # Dates
    Case(
        "date_dd_mm_yyyy_text",
        "31/12/2024 typed as text",
        lambda: _recognition("31/12/2024"),
        Accepted(_DATE, [("31/12/2024",)]),
    ),
    Case(
        "date_excel_serial",
        "45657 (Excel's serial for 31/12/2024) in a number cell",
        lambda: _recognition(45657),
        Accepted(_DATE, [("31/12/2024",)]),
    ),
    Case(
        "date_real_excel_date",
        "a date cell",
        lambda: _recognition(dt.datetime(2024, 12, 31)),
        Accepted(_DATE, [("31/12/2024",)]),
    ),
    Case("date_iso_text", "2024-12-31 as text", lambda: _recognition("2024-12-31"), Accepted(_DATE, [("31/12/2024",)])),
    Case(
        "date_ambiguous_read_day_first",
        "05/04/2024 as text: the Vietnamese order, 5 April",
        lambda: _recognition("05/04/2024"),
        Accepted(_DATE, [("05/04/2024",)]),
    ),
    Case(
        "date_mm_dd_yyyy",
        "12/31/2024 as text: month first, refused with the order to use",
        lambda: _recognition("12/31/2024"),
        Rejected("date_month_first", "Sheet", 4, "G"),
    ),
    Case(
        "date_impossible",
        "31/02/2024",
        lambda: _recognition("31/02/2024"),
        Rejected("date_impossible", "Sheet", 4, "G"),
    ),
    Case(
        "date_words",
        "'hôm qua' in the date column",
        lambda: _recognition("hôm qua"),
        Rejected("date_invalid", "Sheet", 4, "G"),
    ),
    # Numbers
    Case("number_vietnamese_separators", "1.234,5 as text", lambda: _target("1.234,5"), Accepted(_TARGET, [(1234.5,)])),
    Case("number_english_separators", "1,234.5 as text", lambda: _target("1,234.5"), Accepted(_TARGET, [(1234.5,)])),
    Case(
        "number_thousands_only",
        "1.234 as text (Vietnamese thousands)",
        lambda: _target("1.234"),
        Accepted(_TARGET, [(1234.0,)]),
    ),
    Case(
        "number_garbage",
        "'khoảng 12' in a number column",
        lambda: _target("khoảng 12"),
        Rejected("number_invalid", "Sheet", 4, "E"),
    ),
    # Legacy Vietnamese encodings
    Case(
        "tcvn3_text",
        "the xã's name typed in TCVN3 (.VnTime): 'X· Phi Th«ng'",
        lambda: table_workbook(
            "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
            RECOGNITION_HEADER,
            [[1, "X· Phi Th«ng", "R¹ch Gi¸", "N«ng th«n míi", 2023, "Q§ 12", "31/12/2024"]],
        ),
        Rejected("text_legacy_encoding", "Sheet", 4, "B"),
    ),
    Case(
        "vni_text",
        "the xã's name typed in VNI (VNI-Times): 'Xaõ Phi Thoâng'",
        lambda: table_workbook(
            "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
            RECOGNITION_HEADER,
            [[1, "Xaõ Phi Thoâng", "Raïch Giaù", "Noâng thoân môùi", 2023, "QÑ 12", "31/12/2024"]],
        ),
        Rejected("text_legacy_encoding", "Sheet", 4, "B"),
    ),
    Case(
        "tcvn3_csv",
        "a CSV whose names are in TCVN3",
        _csv(_CRITERIA_CSV.replace("Xã Giục Tượng", "X· Gôc T­îng")),
        Rejected("text_legacy_encoding", "tc.csv", 2, "C"),
        "tc.csv",
    ),
    # Text that must stay text
    Case(
        "markup",
        "<script>alert(1)</script><b>x</b> as a decision number",
        lambda: _recognition(decision="<script>alert(1)</script><b>x</b>"),
        Accepted(_DECISION, [("<script>alert(1)</script><b>x</b>",)]),
    ),
    Case(
        "sql",
        "'); drop table recognition; -- as a decision number",
        lambda: _recognition(decision="QĐ 1'); drop table recognition; --"),
        Accepted(_DECISION, [("QĐ 1'); drop table recognition; --",)]),
    ),
    Case(
        "control_characters",
        "BEL and ESC inside a decision number (written into the sheet XML)",
        lambda: _patched(_recognition(decision="QĐ 12ZZ"), b"ZZ", b"\x07\x1b"),
        Accepted(_DECISION, [("QĐ 12",)]),
    ),
    Case(
        "ten_thousand_characters",
        "a 10,000-character decision number, stored exactly",
        lambda: _recognition(decision="QĐ " + "ư" * 9_997),
        Accepted(_DECISION, [("QĐ " + "ư" * 9_997,)]),
    ),
    # The programme's rules
    Case(
        "year_before_2015",
        "criteria for 2014 (column Năm)",
        lambda: _criteria(_giuc_tuong(year=2014), with_year=True),
        Rejected("year_out_of_range", _CRITERIA_SHEET, 4),
    ),
    Case(
        "year_after_2030",
        "criteria for 2031 (column Năm)",
        lambda: _criteria(_giuc_tuong(year=2031), with_year=True),
        Rejected("year_out_of_range", _CRITERIA_SHEET, 4),
    ),
    Case(
        "recognition_year_2009",
        "a recognition dated 2009 (recognitions start in 2010)",
        lambda: _recognition(year=2009),
        Rejected("year_out_of_range", "Sheet", 4, "E"),
    ),
    Case(
        "same_xa_twice",
        "Xã Giục Tượng on rows 4 and 5",
        lambda: _criteria(_giuc_tuong(), _giuc_tuong()),
        Rejected("commune_duplicated", _CRITERIA_SHEET, 5),
    ),
    Case(
        "negative_contribution",
        "-5 triệu đồng from the central budget",
        lambda: _contribution(-5),
        Rejected("contribution_negative", "Sheet", 4, "C"),
    ),
    Case(
        "commune_code_too_short",
        "code 308 (three digits; four are read as a code whose leading 0 Excel dropped)",
        lambda: _criteria(_giuc_tuong(code="308")),
        Rejected("commune_code_length", _CRITERIA_SHEET, 4, "B"),
    ),
    Case(
        "commune_code_too_long",
        "code 308890 (six digits)",
        lambda: _criteria(_giuc_tuong(code="308890")),
        Rejected("commune_code_length", _CRITERIA_SHEET, 4, "B"),
    ),
    Case(
        "mark_not_understood",
        "'có lẽ' as a criterion mark",
        lambda: _criteria(_giuc_tuong(marks=["có lẽ"] * 19)),
        Rejected("mark_invalid", _CRITERIA_SHEET, 4, "D"),
    ),
    Case(
        "unknown_xa",
        "a xã that does not exist",
        lambda: _criteria(CommuneRow(None, "Xã Không Có", marks_met(19)), with_code=False),
        Rejected("commune_unknown_suggest", _CRITERIA_SHEET, 4, "B"),
    ),
]
