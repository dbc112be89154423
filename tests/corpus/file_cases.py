"""The bad-input corpus, reading files: workbooks that made the reader abort the whole process, lie
about their sizes or hide XML tricks, and formats offices really send (.xls, .ods, CSV as Excel
writes it). Same dataclasses and runner as tests/corpus/cases.py.

``NATIVE_CRASHES`` names the cases whose file, given to python-calamine without the checks before
it, makes the process abort (tests/test_untrusted_files.py shows it, in the sandbox).
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import xlwt

from tests.corpus.cases import (
    _CRITERIA_CSV,
    _CRITERIA_SHEET,
    _MARKS_IN_FORCE,
    Accepted,
    Case,
    Rejected,
    _criteria,
    _csv,
    _giuc_tuong,
    _patched,
    _zip,
)
from tests.workbooks import CRITERIA, GIUC_TUONG, save

_SHEET = "xl/worksheets/sheet1.xml"
_END_OF_TABLE = b"</sheetData>"


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _giuc_tuong_workbook() -> bytes:
    return _criteria(_giuc_tuong())


def _with_sheet(change) -> bytes:
    """Xã Giục Tượng's criteria workbook with its sheet's XML changed by ``change(xml) -> xml``."""
    parts = _parts(_giuc_tuong_workbook())
    parts[_SHEET] = change(parts[_SHEET])
    return _zip(parts)


def _stray_cell(dimension: bool) -> bytes:
    """One value at XFD1048576, the last cell of a sheet, beside the real table: 2.5 KB."""

    def change(xml: bytes) -> bytes:
        xml = xml.replace(_END_OF_TABLE, b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>' + _END_OF_TABLE)
        return xml if dimension else re.sub(rb"<dimension [^>]*/>", b"", xml)

    return _with_sheet(change)


def _two_far_corners(xml: bytes) -> bytes:
    """IV1 and A40000: neither cell is too far alone, but read from A1 they make 10,240,000 cells."""
    xml = xml.replace(b"</row>", b'<c r="IV1" t="n"><v>1</v></c></row>', 1)  # at the end of row 1
    return xml.replace(_END_OF_TABLE, b'<row r="40000"><c r="A40000" t="n"><v>1</v></c></row>' + _END_OF_TABLE)


def _shifted_past_xfd(xml: bytes) -> bytes:
    """Every cell moved right by Excel's 16,384 columns: the table starts in column XFE."""

    def shift(found: re.Match) -> bytes:
        column = openpyxl.utils.column_index_from_string(found.group(1).decode()) + 16_384
        return b'r="' + openpyxl.utils.get_column_letter(column).encode() + found.group(2) + b'"'

    return re.sub(rb"<dimension [^>]*/>", b"", re.sub(rb'r="([A-Z]+)(\d+)"', shift, xml))


def _shared_strings(count: str) -> bytes:
    """The workbook with a shared-strings part that claims ``count`` strings (and holds one)."""
    parts = _parts(_giuc_tuong_workbook())
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}"><si><t>x</t></si></sst>'
    ).encode()
    return _zip(parts)


def _with_doctype(part: str, doctype: bytes) -> bytes:
    parts = _parts(_giuc_tuong_workbook())
    parts[part] = b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + parts[part]
    return _zip(parts)


_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b"]>"
)
_EXTERNAL = b'<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
_FORMULA_CELL = b'<c r="F4" t="inlineStr"><is><t>x</t></is></c>'
_FORMULA_WITHOUT_VALUE = b'<c r="F4"><f>IF(1=1,"x","")</f></c>'


def _strict(with_formula: bool) -> bytes:
    """The workbook in Strict Open XML's namespaces, as Excel saves "Strict Open XML Spreadsheet"."""
    content = _patched(
        _patched(
            _giuc_tuong_workbook(),
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    )
    return _patched(content, _FORMULA_CELL, _FORMULA_WITHOUT_VALUE) if with_formula else content


def _without_references(xml: bytes) -> bytes:
    """Row 4's cells written without their r="…" references, as some programs do; F4 a formula
    without a saved value."""
    start = xml.index(b'<row r="4">')
    row = xml[start : xml.index(b"</row>", start)]
    return xml.replace(row, re.sub(rb' r="[A-Z]+4"', b"", row.replace(_FORMULA_CELL, _FORMULA_WITHOUT_VALUE)))


def _too_wide_without_references(xml: bytes) -> bytes:
    """A row of 300 cells without references: only their number says how wide the sheet is."""
    cells = b'<c t="n"><v>1</v></c>' * 300
    return xml.replace(_END_OF_TABLE, b"<row>" + cells + b"</row>" + _END_OF_TABLE)


def _styles_count(xml_count: str) -> bytes:
    return _patched(_giuc_tuong_workbook(), b'<cellXfs count="1">', f'<cellXfs count="{xml_count}">'.encode())


def _lying_zip() -> bytes:
    """A workbook whose zip directory says its sheet is 200 bytes when it is several kilobytes: the
    zip-bomb check reads the declared sizes, the reader would read the real ones."""
    content = bytearray(_giuc_tuong_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo(_SHEET)
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, then central directory
        name_at = content.find(_SHEET.encode(), content.find(header) if header == b"PK\x01\x02" else 0)
        start = content.rfind(header, 0, name_at)
        assert int.from_bytes(content[start + size_at : start + size_at + 4], "little") == info.file_size
        content[start + size_at : start + size_at + 4] = (200).to_bytes(4, "little")
    return bytes(content)


def _no_sheets() -> bytes:
    parts = _parts(_giuc_tuong_workbook())
    parts["xl/workbook.xml"] = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"])
    return _zip(parts)


def _sheet_named(name: str) -> bytes:
    """Excel refuses "/" and "\\" in a sheet's name; another program wrote this one."""
    return _patched(_giuc_tuong_workbook(), 'name="Tiêu chí"'.encode(), f'name="{name}"'.encode())


def _hidden_column() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(_giuc_tuong_workbook()))
    book.active.column_dimensions["H"].hidden = True  # TC5
    return save(book)


def _criteria_rows() -> list[list[object]]:
    return [
        ["STT", "Mã xã", "Tên xã", *[f"TC{n}" for n in CRITERIA], "Tổng số tiêu chí đạt"],
        [1, GIUC_TUONG[0], GIUC_TUONG[1], *["x"] * len(CRITERIA), len(CRITERIA)],
    ]


def _xls() -> bytes:
    """Xã Giục Tượng's criteria saved as Excel 97–2003 (.xls)."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(_CRITERIA_SHEET)
    sheet.write(0, 0, "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2024")
    for r, row in enumerate(_criteria_rows(), start=2):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls_with_password() -> bytes:
    """The .xls as Excel saves it with a password: a FILEPASS record right after the workbook's BOF
    (written here in the place of the 6-byte record that follows it)."""
    content = _xls()
    start = content.index(b"\x09\x08\x10\x00\x00\x06\x05\x00") + 20
    return content[:start] + b"\x2f\x00\x02\x00\x01\x00" + content[start + 6 :]


def _ods(hidden_row: int = 0, hidden_column: int = 0, formula_at: tuple[int, int] = (0, 0)) -> bytes:
    """The same table as an OpenDocument spreadsheet, as LibreOffice writes it (trailing empty rows
    and columns repeated to the sheet's end); ``hidden_row`` and ``hidden_column`` (1-based) hidden;
    at ``formula_at`` (row, column), a formula without a saved value, as a program that does not
    calculate writes it."""

    def cell(value: object) -> str:
        if value is _FORMULA:
            return '<table:table-cell table:formula="of:=IF(1=1;&quot;x&quot;;&quot;&quot;)"/>'
        if isinstance(value, int):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                "</table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    rows = [["KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2024"], [], *_criteria_rows()]
    if formula_at[0]:
        rows[formula_at[0] - 1][formula_at[1] - 1] = _FORMULA
    body = "".join(
        ('<table:table-row table:visibility="collapse">' if number == hidden_row else "<table:table-row>")
        + "".join(map(cell, row))
        + '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
        for number, row in enumerate(rows, start=1)
    )
    columns = (
        f'<table:table-column table:number-columns-repeated="{hidden_column - 1}"/>'
        '<table:table-column table:visibility="collapse"/>'
        f'<table:table-column table:number-columns-repeated="{1024 - hidden_column}"/>'
        if hidden_column
        else '<table:table-column table:number-columns-repeated="1024"/>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body>'
        f'<office:spreadsheet><table:table table:name="{_CRITERIA_SHEET}">'
        + columns
        + body
        + '<table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-'
        'repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # the mimetype first and stored, as the format asks
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
            'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
            zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


_FORMULA = object()  # a cell of _ods() written as a formula without its value


def _csv_rows(rows: int) -> bytes:
    line = _CRITERIA_CSV.splitlines()[1]
    return (_CRITERIA_CSV.splitlines()[0] + "\n" + (line + "\n") * rows).encode()


_LONG_NOTE = "x" * 140_000  # csv's own limit is 131,072 characters a field
NATIVE_CRASHES = ("stray_cell_far_away", "stray_cell_without_dimension", "shared_strings_billions")

FILE_CASES: list[Case] = [
    # Sizes a workbook declares or implies, checked before the reader allocates
    Case(
        "stray_cell_far_away",
        "a 2.5 KB workbook with one value at XFD1048576 (its dimension says A1:W4)",
        lambda: _stray_cell(dimension=True),
        Rejected("sheet_cell_too_far", _CRITERIA_SHEET),
    ),
    Case(
        "stray_cell_without_dimension",
        "the same without a dimension element",
        lambda: _stray_cell(dimension=False),
        Rejected("sheet_cell_too_far", _CRITERIA_SHEET),
    ),
    Case(
        "two_far_corners",
        "one value at IV1 and one at A40000 (dimension A1:W4): 10,240,000 cells from A1",
        lambda: _with_sheet(_two_far_corners),
        Rejected("sheet_too_many_cells", _CRITERIA_SHEET),
    ),
    Case(
        "dimension_too_wide",
        "a sheet declaring A1:XFD4 (16,384 columns)",
        lambda: _with_sheet(lambda xml: xml.replace(b'<dimension ref="A1:W4"/>', b'<dimension ref="A1:XFD4"/>')),
        Rejected("sheet_too_many_columns", _CRITERIA_SHEET),
    ),
    Case(
        "table_beyond_xfd",
        "the whole table placed past Excel's last column (from XFE)",
        lambda: _with_sheet(_shifted_past_xfd),
        Rejected("sheet_cell_too_far", _CRITERIA_SHEET),
    ),
    Case(
        "too_wide_without_references",
        "a row of 300 cells written without references",
        lambda: _with_sheet(_too_wide_without_references),
        Rejected("sheet_too_many_columns", _CRITERIA_SHEET),
    ),
    Case(
        "shared_strings_billions",
        "a shared-strings part claiming 4,000,000,000 strings",
        lambda: _shared_strings("4000000000"),
        Rejected("shared_strings_too_many"),
    ),
    Case(
        "styles_count_absurd",
        "styles.xml declaring 1,000,000 cell formats (Excel allows 64,000)",
        lambda: _styles_count("1000000"),
        Rejected("styles_too_many"),
    ),
    Case(
        "zip_lying_about_sizes",
        "the zip's headers give the sheet 200 bytes, it holds kilobytes",
        _lying_zip,
        Rejected("file_corrupt"),
    ),
    Case("no_sheets", "a workbook whose list of sheets is empty", _no_sheets, Rejected("workbook_no_sheets")),
    Case(
        "sheet_named_with_path",
        "a sheet named '../../Tiêu chí' (a name Excel refuses), valid table",
        lambda: _sheet_named("../../Tiêu chí"),
        Accepted(_MARKS_IN_FORCE, [(19,)]),
    ),
    # XML tricks
    Case(
        "entity_expansion",
        "a billion-laughs DOCTYPE in the sheet's XML",
        lambda: _with_doctype(_SHEET, _LAUGHS),
        Rejected("file_xml_doctype"),
    ),
    Case(
        "external_entity",
        "a DOCTYPE naming file:///etc/passwd in the workbook part",
        lambda: _with_doctype("xl/workbook.xml", _EXTERNAL),
        Rejected("file_xml_doctype"),
    ),
    Case(
        "doctype_hiding_a_formula",
        "a harmless DOCTYPE and a formula without a saved value at F4",
        lambda: _patched(_with_doctype(_SHEET, b"<!DOCTYPE worksheet>"), _FORMULA_CELL, _FORMULA_WITHOUT_VALUE),
        Rejected("file_xml_doctype"),
    ),
    Case(
        "strict_open_xml",
        "Excel's Strict Open XML namespaces",
        lambda: _strict(with_formula=False),
        Accepted(_MARKS_IN_FORCE, [(19,)]),
    ),
    Case(
        "strict_open_xml_formula_without_value",
        "Strict Open XML, a formula without a saved value at F4",
        lambda: _strict(with_formula=True),
        Rejected("formula_without_value", _CRITERIA_SHEET, 4, "F"),
    ),
    Case(
        "formula_in_a_cell_without_reference",
        "row 4's cells without references, F4 a formula without value",
        lambda: _with_sheet(_without_references),
        Rejected("formula_without_value", _CRITERIA_SHEET, 4, "F"),
    ),
    # Formats offices send
    Case("xls", "Excel 97–2003 (.xls), read like an xlsx", _xls, Accepted(_MARKS_IN_FORCE, [(19,)]), "cu.xls"),
    Case(
        "xls_with_password",
        "an .xls saved with a password (FILEPASS)",
        _xls_with_password,
        Rejected("file_encrypted"),
        "mat_khau.xls",
    ),
    Case("ods", "an OpenDocument spreadsheet (LibreOffice)", _ods, Accepted(_MARKS_IN_FORCE, [(19,)]), "tc.ods"),
    Case(
        "ods_formula_without_value",
        "an .ods with a formula and no saved value at F4",
        lambda: _ods(formula_at=(4, 6)),
        Rejected("formula_without_value", _CRITERIA_SHEET, 4, "F"),
        "tc.ods",
    ),
    Case(
        "ods_hidden_row_loaded_with_warning",
        "an .ods whose row 4 (Xã Giục Tượng) is hidden in LibreOffice",
        lambda: _ods(hidden_row=4),
        Accepted(_MARKS_IN_FORCE, [(19,)], warning="rows_hidden"),
        "tc.ods",
    ),
    Case(
        "ods_hidden_column_loaded_with_warning",
        "an .ods whose column H (TC5) is hidden in LibreOffice",
        lambda: _ods(hidden_column=8),
        Accepted(_MARKS_IN_FORCE, [(19,)], warning="columns_hidden"),
        "tc.ods",
    ),
    Case(
        "hidden_column_loaded_with_warning",
        "column H (TC5) hidden in Excel",
        _hidden_column,
        Accepted(_MARKS_IN_FORCE, [(19,)], warning="columns_hidden"),
    ),
    Case(
        "csv_mac_line_endings",
        "a semicolon CSV with CR-only line endings (old Mac)",
        _csv(_CRITERIA_CSV.replace("\n", "\r")),
        Accepted(_MARKS_IN_FORCE, [(19,)]),
        "tc.csv",
    ),
    Case(
        "csv_separator_line",
        "Excel's 'sep=;' first line",
        _csv("sep=;\n" + _CRITERIA_CSV),
        Accepted(_MARKS_IN_FORCE, [(19,)]),
        "tc.csv",
    ),
    Case(
        "csv_field_over_131072_characters",
        "a note of 140,000 characters beside the marks",
        _csv(_CRITERIA_CSV.replace("đạt\n", "đạt;Ghi chú\n").replace(";19\n", f";19;{_LONG_NOTE}\n")),
        Accepted(_MARKS_IN_FORCE, [(19,)]),
        "tc.csv",
    ),
    Case(
        "csv_too_many_rows",
        "a CSV of 200,001 rows (the limit is 200,000)",
        lambda: _csv_rows(200_001),
        Rejected("sheet_too_many_rows", "tc.csv"),
        "tc.csv",
    ),
]
