"""Turning an uploaded file into sheets of cell values, or a precise reason why not.

The file's kind is decided by its content, never its name: xlsx and ods are zips, .xls (Excel
97–2003) and encrypted workbooks are OLE containers, CSV is text. Workbooks are read with calamine
(fast, and it reads the values Excel saved for formulas rather than evaluating anything; macros
never run). A formula with no saved value (a file written by a program that does not calculate)
would read as a blank cell, which means "not met": it is an error pointing at the cell instead.

Nothing in a file is trusted. It is read in the sandbox's worker process (etl/sandbox.py), and
before calamine allocates anything, what an xlsx declares is checked: no XML part may carry a
DOCTYPE (entity expansion, external entities), each sheet's dimension and farthest cell must lie
within MAX_ROWS × MAX_COLUMNS, and its shared strings and style counts within what a real workbook
has — calamine reserves memory from them (one stray cell at XFD1048576 made it ask for 512 GB).
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

import python_calamine
from openpyxl.utils import column_index_from_string, get_column_letter

from etl.problems import Findings
from etl.values import legacy_encoding
from ntm import config

# A zip may not expand past this, nor by more than this ratio: a guard against zip bombs.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ROWS = 200_000
# Excel 97–2003's last column (IV): wider than any table read here (the project's own have under 30).
MAX_COLUMNS = 256
# Rows × columns: twice a sheet of MAX_ROWS rows as wide as the criteria table. A stray cell at IV200000
# would otherwise have the reader fill 51 million cells.
MAX_CELLS = 10_000_000
# Counts a workbook declares, far above any real one within the limits above: calamine reserves
# memory for the declared number of shared strings before reading one.
MAX_SHARED_STRINGS = 10_000_000
MAX_STYLES = 64_000  # Excel's own limit on the number of cell formats
# Cells named one by one when formulas lack saved values; the rest of a sheet is counted.
MAX_FORMULA_CELLS_NAMED = 20

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream Excel puts in the OLE container of a password-protected xlsx, as its directory names it; and
# the start of an .xls workbook (its BIFF8 BOF record), which FILEPASS follows when it has a password.
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le") + b"\x00\x00"
_XLS_START = b"\x09\x08\x10\x00\x00\x06\x05\x00"
_FILEPASS = b"\x2f\x00"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The parts of a zip that an XML parser reads (images and other media are left alone).
_XML_PARTS = (".xml", ".rels", ".vml")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError)


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is Excel row 1, rows[r][0] is column A
    visible: bool = True
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # Excel row numbers hidden in Excel

    def cell_row(self, row: int) -> list[object]:
        """0-based row; empty outside the used area."""
        return self.rows[row] if row < len(self.rows) else []

    def cell(self, row: int, col: int) -> object:
        """0-based row and column; empty string outside the used area."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


def read(name: str, content: bytes, findings: Findings, max_bytes: int | None = None) -> list[Sheet]:
    """The file's sheets; an empty list (with an error in ``findings``) when it cannot be read.

    ``max_bytes`` defaults to the configured upload limit (``NTM_MAX_UPLOAD_MB``, 20 MB).
    """
    max_bytes = max_bytes or config.max_upload_bytes()
    if len(content) > max_bytes:
        findings.error(
            "file_too_large", size_mb=round(len(content) / 1024 / 1024, 1), limit_mb=round(max_bytes / 1024 / 1024)
        )
        return []
    if not content.strip():
        findings.error("file_empty")
        return []
    if content.startswith(_OLE):
        xls = content.find(_XLS_START)
        if _ENCRYPTED in content or (xls >= 0 and content[xls + 20 : xls + 22] == _FILEPASS):
            findings.error("file_encrypted")
            return []
        return _checked(_read_workbook(content, findings), findings)  # Excel 97–2003 (.xls)
    if content.startswith(_ZIP):
        return _read_zip(content, findings)
    text = _decode_text(content)
    if text is None:
        findings.error("file_not_readable")
        return []
    if not name.lower().endswith((".csv", ".txt")):
        findings.warning("file_is_csv")
    return _checked(_read_csv(name, text, findings), findings)


def _read_zip(content: bytes, findings: Findings) -> list[Sheet]:
    """An xlsx (or xlsm, xlsb) or an ods, once its parts have passed the checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            unzipped = sum(info.file_size for info in infos)
            if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * len(content):
                findings.error("file_zip_bomb", size_mb=round(unzipped / 1024 / 1024))
                return []
            names = {info.filename for info in infos}
            is_xlsx = "xl/workbook.xml" in names or "xl/workbook.bin" in names
            if not is_xlsx and not ("mimetype" in names and archive.read("mimetype").startswith(_ODS_MIMETYPE)):
                findings.error("file_not_xlsx")
                return []
            # Read whole: a zip that lies about a part's size fails its checksum here, not in a reader.
            parts = {info.filename: archive.read(info) for info in infos if info.filename.lower().endswith(_XML_PARTS)}
    except _ZIP_ERRORS:
        findings.error("file_corrupt")
        return []
    if _report_doctype(parts, findings) or (is_xlsx and _report_declared_sizes(parts, findings)):
        return []
    sheets = _read_workbook(content, findings)
    visible = [sheet for sheet in sheets if sheet.visible]
    if is_xlsx:
        _report_sheet_xml(parts, visible, findings)
    else:
        _report_ods_xml(parts.get("content.xml"), visible, findings)
    return _checked(sheets, findings)


def _read_workbook(content: bytes, findings: Findings) -> list[Sheet]:
    """The worksheets of an xlsx, xls or ods workbook, as calamine reads them."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            # Sizes an xls or ods gives only once read (and cells an xlsx places without a reference).
            rows, columns = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
            if _report_size(meta.name, rows, columns, findings):
                return []
            sheets.append(
                Sheet(
                    name=meta.name,
                    rows=sheet.to_python(skip_empty_area=False),
                    visible=meta.visible == python_calamine.SheetVisibleEnum.Visible,
                    merged=list(sheet.merged_cell_ranges or []),
                )
            )
    except python_calamine.PasswordError:
        findings.error("file_encrypted")
        return []
    except (python_calamine.CalamineError, ValueError, OSError):
        findings.error("file_corrupt")
        return []
    if not sheets:
        findings.error("workbook_no_sheets")
    return sheets


def _checked(sheets: list[Sheet], findings: Findings) -> list[Sheet]:
    """The sheets, once their text has been checked for legacy Vietnamese fonts."""
    _report_legacy_text([sheet for sheet in sheets if sheet.visible], findings)
    return sheets


def _report_size(sheet: str, rows: int, columns: int, findings: Findings) -> bool:
    if rows > MAX_ROWS:
        findings.error("sheet_too_many_rows", sheet=sheet, rows=rows, limit=MAX_ROWS)
        return True
    if columns > MAX_COLUMNS:
        findings.error(
            "sheet_too_many_columns",
            sheet=sheet,
            columns=columns,
            limit=MAX_COLUMNS,
            last=get_column_letter(MAX_COLUMNS),
        )
        return True
    if rows * columns > MAX_CELLS:
        findings.error(
            "sheet_too_many_cells", sheet=sheet, rows=rows, columns=columns, cells=rows * columns, limit=MAX_CELLS
        )
        return True
    return False


def _report_doctype(parts: dict[str, bytes], findings: Findings) -> bool:
    """A DOCTYPE (or ENTITY) declaration, which Excel never writes, is how XML expands a few bytes into
    gigabytes or reads other files of the server: refused before any parser sees the part."""
    for path, xml in parts.items():
        text = _as_utf8(xml)
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
            findings.error("file_xml_doctype", part=path)
            return True
    return False


def _report_declared_sizes(parts: dict[str, bytes], findings: Findings) -> bool:
    """Sheets whose dimension or farthest cell lies beyond the limits, and shared strings or styles
    declared in numbers no real workbook has: refused before calamine allocates from them."""
    sheet_names = {path: name for name, path in _sheet_paths(parts).items()}
    for path, xml in parts.items():
        text = _as_utf8(xml)
        if path in sheet_names or "worksheets/" in path:
            if _report_sheet_extent(sheet_names.get(path, path), text, findings):
                return True
        elif path.endswith("sharedStrings.xml"):
            root = _ROOT_TAG.search(text)
            for attribute, count in _COUNT.findall(root.group(0) if root else b""):
                if _integer(count) > MAX_SHARED_STRINGS:
                    findings.error(
                        "shared_strings_too_many",
                        attribute=attribute.decode(),
                        count=_integer(count),
                        limit=MAX_SHARED_STRINGS,
                    )
                    return True
        elif path.endswith("styles.xml"):
            for element, count in _ELEMENT_COUNT.findall(text):
                if _integer(count) > MAX_STYLES:
                    findings.error("styles_too_many", element=element.decode(), count=_integer(count), limit=MAX_STYLES)
                    return True
    return False


def _report_sheet_extent(sheet: str, xml: bytes, findings: Findings) -> bool:
    dimension = _DIMENSION.search(xml, 0, _DIMENSION_BYTES)
    if dimension:
        column, row = _coordinates(dimension.group(2) or dimension.group(1))
        if _report_size(sheet, row, column, findings):
            return True
    for reference in _FAR_REFERENCE.finditer(xml):
        column, row = _coordinates(reference.group(1))
        if row > MAX_ROWS or column > MAX_COLUMNS or row * column > MAX_CELLS:  # the sheet is read from A1
            findings.error(
                "sheet_cell_too_far",
                sheet=sheet,
                cell=reference.group(1).decode().upper()[:24],
                rows=MAX_ROWS,
                last=get_column_letter(MAX_COLUMNS),
                limit=MAX_CELLS,
            )
            return True
    return False


def _coordinates(reference: bytes) -> tuple[int, int]:
    """(column, row) of a cell reference such as b"XFD1048576"; absurdly long parts count as the largest."""
    letters = reference.rstrip(b"0123456789")
    digits = reference[len(letters) :]
    column = (
        column_index_from_string(letters.decode().upper()) if 0 < len(letters) <= 3 else (sys.maxsize if letters else 0)
    )
    return column, _integer(digits) if digits else 0


def _integer(digits: bytes) -> int:
    return int(digits) if len(digits) <= 18 else sys.maxsize


def _as_utf8(xml: bytes) -> bytes:
    """The part's bytes in UTF-8, for the byte patterns above (a UTF-16 part hides them behind NULs)."""
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in xml[:64]:
        try:
            return xml.decode("utf-16").encode()
        except UnicodeDecodeError:
            return xml
    return xml


def _report_sheet_xml(parts: dict[str, bytes], sheets: list[Sheet], findings: Findings) -> None:
    """What only the sheets' XML tells: formulas without saved values (errors), hidden rows and columns."""
    by_name = {sheet.name: sheet for sheet in sheets}
    for name, path in _sheet_paths(parts).items():
        sheet = by_name.get(name)
        xml = parts.get(path)
        if sheet is None or xml is None or not _may_have_facts(xml):
            continue
        try:
            cells, hidden_rows, hidden_columns = _sheet_facts(io.BytesIO(xml))
        except ElementTree.ParseError:  # calamine read it, but whether a formula lacks its value is unknown
            findings.error("file_corrupt", name)
            continue
        _report_formulas(name, cells, findings)
        _report_hidden(sheet, [(row, row) for row in hidden_rows], hidden_columns, findings)


def _report_formulas(sheet: str, cells: list[tuple[int, int]], findings: Findings) -> None:
    for row, col in cells[:MAX_FORMULA_CELLS_NAMED]:
        findings.error("formula_without_value", sheet, row, col)
    if len(cells) > MAX_FORMULA_CELLS_NAMED:
        findings.error("formula_without_value_more", sheet, count=len(cells) - MAX_FORMULA_CELLS_NAMED)


def _report_hidden(
    sheet: Sheet, rows: list[tuple[int, int]], columns: list[tuple[int, int]], findings: Findings
) -> None:
    """Hidden rows and columns (as (first, last) ranges) are loaded — Excel hides them to print or to
    focus, not to withdraw figures — but those holding data are named, so that whoever uploads sees
    what they could not see on screen."""
    sheet.hidden_rows = [
        row for row in _covered(rows, len(sheet.rows)) if any(str(v).strip() for v in sheet.cell_row(row - 1))
    ]
    if sheet.hidden_rows:
        findings.warning("rows_hidden", sheet.name, rows=_listed(map(str, sheet.hidden_rows)))
    letters = [
        get_column_letter(column)
        for column in _covered(columns, _width(sheet))
        if any(str(sheet.cell(row, column - 1)).strip() for row in range(len(sheet.rows)))
    ]
    if letters:
        findings.warning("columns_hidden", sheet.name, columns=_listed(letters))


def _report_ods_xml(content: bytes | None, sheets: list[Sheet], findings: Findings) -> None:
    """What only an OpenDocument spreadsheet's content.xml tells, as for Excel's sheets: formulas
    without saved values, hidden rows and columns."""
    if not content or not any(marker in content for marker in _ODS_MARKERS):
        return
    by_name = {sheet.name: sheet for sheet in sheets}
    try:
        tables = _ods_facts(io.BytesIO(content))
    except ElementTree.ParseError:
        findings.error("file_corrupt")
        return
    for name, (cells, rows, columns) in tables.items():
        if name in by_name:
            _report_formulas(name, cells, findings)
            _report_hidden(by_name[name], rows, columns, findings)


def _ods_facts(xml) -> dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]]:
    """Table name -> ((row, column) of each formula without a saved value, hidden row ranges, hidden
    column ranges); rows, columns and cells repeat as the file says."""
    tables: dict[str, tuple[list, list, list]] = {}
    cells, rows, columns = [], [], []
    row = column = cell = 0
    for event, element in ElementTree.iterparse(xml, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _ODS_TABLE:
                cells, rows, columns = tables.setdefault(element.get(f"{_TABLE}name"), ([], [], []))
                row = column = cell = 0
            continue
        if tag in _ODS_CELLS:
            if element.get(f"{_TABLE}formula") is not None and element.get(_ODS_VALUE_TYPE) is None:
                cells.append((row + 1, cell + 1))
            cell += _repeated(element, "columns")
        elif tag == _ODS_ROW:
            repeated = _repeated(element, "rows")
            if element.get(f"{_TABLE}visibility") in ("collapse", "filter"):
                rows.append((row + 1, row + repeated))
            row, cell = row + repeated, 0
            element.clear()
        elif tag == _ODS_COLUMN:
            repeated = _repeated(element, "columns")
            if element.get(f"{_TABLE}visibility") in ("collapse", "filter"):
                columns.append((column + 1, column + repeated))
            column += repeated
    return tables


def _repeated(element: ElementTree.Element, what: str) -> int:
    text = element.get(f"{_TABLE}number-{what}-repeated") or "1"
    return min(int(text), MAX_ROWS + 1) if text.isdigit() and len(text) <= 9 else 1


def _listed(items) -> str:
    items = list(items)
    more = len(items) - MAX_FORMULA_CELLS_NAMED
    return ", ".join(items[:MAX_FORMULA_CELLS_NAMED]) + (f" (+{more})" if more > 0 else "")


def _width(sheet: Sheet) -> int:
    return max(map(len, sheet.rows), default=0)


def _covered(ranges: list[tuple[int, int]], width: int) -> list[int]:
    """The columns 1…``width`` inside any of the (first, last) ranges (a range may run to XFD)."""
    starts = [0] * (width + 2)
    for first, last in ranges:
        first, last = max(first, 1), min(last, width)
        if first <= last:
            starts[first] += 1
            starts[last + 1] -= 1
    return [column for column, inside in enumerate(itertools.accumulate(starts)) if inside and 0 < column <= width]


def _report_legacy_text(sheets: list[Sheet], findings: Findings) -> None:
    """Text typed in TCVN3 or VNI fonts is an error at its cell: loaded, it would read as garbage."""
    found = 0
    for sheet in sheets:
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if not isinstance(value, str) or value.isascii():  # most cells: skipped without a call
                    continue
                encoding = legacy_encoding(value)
                if encoding is None:
                    continue
                found += 1
                if found <= MAX_FORMULA_CELLS_NAMED:
                    findings.error("text_legacy_encoding", sheet.name, r + 1, c + 1, value=value, encoding=encoding)
    if found > MAX_FORMULA_CELLS_NAMED:
        findings.error("text_legacy_encoding_more", count=found - MAX_FORMULA_CELLS_NAMED)


# The spreadsheet namespace of Excel's files, and of Strict Open XML (which Excel can save too).
_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)


def _tags(name: str) -> frozenset[str]:
    return frozenset(f"{{{namespace}}}{name}" for namespace in _NAMESPACES)


_ROW, _CELL, _COLUMN = map(_tags, ("row", "c", "col"))
_CELL_REF = re.compile(r"^([A-Za-z]{1,3})(\d+)$")
# <dimension ref="A1:W1000000"/> comes first in a sheet's XML (after sheetPr).
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*["\']([A-Za-z]*\d*)(?::([A-Za-z]*\d*))?["\']')
_DIMENSION_BYTES = 4096
# A cell reference that may lie beyond the limits: as many letters as MAX_COLUMNS's or as many digits
# as MAX_ROWS (each then checked exactly). A cheap scan that finds none in a national workbook.
_FAR_REFERENCE = re.compile(
    rb'\sr\s*=\s*["\']([A-Za-z]{%d,}\d+|[A-Za-z]*\d{%d,})["\']'
    % (len(get_column_letter(MAX_COLUMNS)), len(str(MAX_ROWS)))
)
_ROOT_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_COUNT = re.compile(rb'\s(count|uniqueCount)\s*=\s*["\'](\d+)["\']')
_ELEMENT_COUNT = re.compile(rb'<(?:\w+:)?(\w+)\b[^>]*?\scount\s*=\s*["\'](\d+)["\']')
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"  # OpenDocument's table namespace
_ODS_TABLE, _ODS_ROW, _ODS_COLUMN = f"{_TABLE}table", f"{_TABLE}table-row", f"{_TABLE}table-column"
_ODS_CELLS = frozenset({f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"})
_ODS_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"  # a cell's saved value has one
# Bytes a formula or a hidden row or column must contain (a visible one does not say so).
_ODS_MARKERS = (b"formula=", b"visibility=")
# Bytes that a formula element (<f>, or <x:f> with a namespace prefix) or a hidden row must contain.
_FACT_MARKERS = (b"<f", b":f", b"hidden")


def _sheet_paths(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> the path of its XML inside the archive."""
    try:
        workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
        rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in workbook.iterfind(".//{*}sheet"):
        # The relationship's id, in the namespace of Excel's files or of Strict Open XML.
        target = targets.get(next((value for key, value in sheet.attrib.items() if key.endswith("}id")), None), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return paths


def _may_have_facts(xml: bytes) -> bool:
    """Whether a sheet's XML may hold a formula or a hidden row or column. When it cannot, walking its
    every cell is skipped: that walk took longer than calamine's whole read of a national workbook.
    (UTF-16 XML, which the byte pattern cannot see into, is always walked.)"""
    return b"\x00" in xml[:64] or any(marker in xml for marker in _FACT_MARKERS)


def _sheet_facts(xml) -> tuple[list[tuple[int, int]], list[int], list[tuple[int, int]]]:
    """(Excel row, column) of each formula without a saved value, the hidden Excel rows, and the
    (first, last) column ranges hidden. A row or cell without its reference is where calamine puts
    it: after the one before."""
    cells, hidden_rows, hidden_columns = [], [], []
    row = 0
    missing: list[tuple[str, int]] = []  # this row's formulas without a value: (last reference, cells since)
    reference, since = "", 0
    for _, element in ElementTree.iterparse(xml):
        tag = element.tag
        if tag in _CELL:
            if element.get("r"):
                reference, since = element.get("r"), 0
            else:
                since += 1
            namespace = tag[:-1]  # "{…}c" -> "{…}": children are in the cell's namespace
            if element.find(namespace + "f") is not None and element.find(namespace + "is") is None:
                value = element.find(namespace + "v")
                if value is None or not value.text:
                    missing.append((reference, since))
        elif tag in _ROW:
            number = element.get("r") or ""
            row = int(number) if number.isdigit() else row + 1
            if element.get("hidden") in ("1", "true"):
                hidden_rows.append(row)
            cells += [_position(cell, after, row) for cell, after in missing]
            missing, reference, since = [], "", 0
        elif tag in _COLUMN:
            if element.get("hidden") in ("1", "true") and (element.get("min") or "").isdigit():
                first, last = int(element.get("min")), element.get("max") or ""
                hidden_columns.append((first, int(last) if last.isdigit() else first))
        else:
            continue
        element.clear()
    return cells, hidden_rows, hidden_columns


def _position(reference: str, after: int, row: int) -> tuple[int, int]:
    """(row, column) of the cell ``after`` cells past ``reference`` (the row's start when there is none)."""
    found = _CELL_REF.match(reference)
    if not found:
        return row, after
    column = column_index_from_string(found.group(1).upper())
    return (int(found.group(2)), column) if after == 0 else (row, column + after)


def _decode_text(content: bytes) -> str | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return text


# Excel's first line of a CSV that names its separator ("sep=;"): not a row of the table.
_SEPARATOR_LINE = re.compile(r"sep=(.)", re.IGNORECASE)


def _read_csv(name: str, text: str, findings: Findings) -> list[Sheet]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line endings
    first, _, rest = text.partition("\n")
    declared = _SEPARATOR_LINE.fullmatch(first.strip())
    if declared:
        text, options = rest, {"dialect": csv.excel, "delimiter": declared.group(1)}
    else:
        try:
            options = {"dialect": csv.Sniffer().sniff(text[:4096], delimiters=",;\t")}
        except csv.Error:
            options = {"dialect": csv.excel}
    csv.field_size_limit(max(len(text), csv.field_size_limit()))  # a field may be as long as the file
    reader = csv.reader(io.StringIO(text), **options)
    try:
        rows = list(itertools.islice(reader, MAX_ROWS + 1))
        height = len(rows) + sum(1 for _ in reader)
    except csv.Error:
        findings.error("file_not_readable")
        return []
    sheet = Sheet(name=name.rsplit("/", 1)[-1], rows=rows)
    return [] if _report_size(sheet.name, height, _width(sheet), findings) else [sheet]
