"""Turning an uploaded file into sheets of cell values, or a precise reason why not.

The file's kind is decided by its content, never its name: xlsx is a zip, .xls and encrypted
workbooks are OLE containers, CSV is text. Excel files are read with calamine (fast, and it reads
the values Excel saved for formulas rather than evaluating anything; macros never run). A formula
with no saved value (a file written by a program that does not calculate) would read as a blank
cell, which means "not met": it is an error pointing at the cell instead.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import python_calamine
from openpyxl.utils import column_index_from_string

from etl.problems import Findings
from etl.values import legacy_encoding
from ntm import config

MAX_FILE_BYTES = config.DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
# A zip may not expand past this, nor by more than this ratio: a guard against zip bombs.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ROWS = 200_000
# Cells named one by one when formulas lack saved values; the rest of a sheet is counted.
MAX_FORMULA_CELLS_NAMED = 20

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
        findings.error("file_too_large", size_mb=round(len(content) / 1024 / 1024, 1),
                       limit_mb=round(max_bytes / 1024 / 1024))
        return []
    if not content.strip():
        findings.error("file_empty")
        return []
    if content.startswith(_OLE):
        findings.error("file_xls_or_encrypted")
        return []
    if content.startswith(_ZIP):
        return _read_xlsx(content, findings)
    text = _decode_text(content)
    if text is None:
        findings.error("file_not_readable")
        return []
    if not name.lower().endswith((".csv", ".txt")):
        findings.warning("file_is_csv")
    sheet = _read_csv(name, text)
    _report_legacy_text([sheet], findings)
    return [sheet]


def _read_xlsx(content: bytes, findings: Findings) -> list[Sheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            unzipped = sum(info.file_size for info in infos)
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError):
        findings.error("file_corrupt")
        return []
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * len(content):
        findings.error("file_zip_bomb", size_mb=round(unzipped / 1024 / 1024))
        return []
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        findings.error("file_not_xlsx")
        return []
    if _report_declared_rows(content, findings):
        return []
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height > MAX_ROWS:  # a sheet whose XML does not declare its size
                findings.error("sheet_too_many_rows", sheet=meta.name, rows=sheet.height, limit=MAX_ROWS)
                return []
            sheets.append(
                Sheet(
                    name=meta.name,
                    rows=sheet.to_python(skip_empty_area=False),
                    visible=meta.visible == python_calamine.SheetVisibleEnum.Visible,
                    merged=list(sheet.merged_cell_ranges or []),
                )
            )
        visible = [s for s in sheets if s.visible]
        _report_sheet_xml(content, visible, findings)
        _report_legacy_text(visible, findings)
        return sheets
    except python_calamine.PasswordError:
        findings.error("file_xls_or_encrypted")
    except (python_calamine.CalamineError, ValueError, OSError):
        findings.error("file_corrupt")
    return []


def _report_declared_rows(content: bytes, findings: Findings) -> bool:
    """Refuse a sheet that declares more rows than allowed, from the first bytes of its XML, before
    anything reads its cells (a million-row sheet would otherwise be read whole into memory)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name, path in _sheet_paths(archive).items():
            try:
                with archive.open(path) as xml:
                    head = xml.read(_DIMENSION_BYTES)
            except (KeyError, zipfile.BadZipFile, OSError, EOFError):
                continue
            found = _DIMENSION.search(head)
            if found and int(found.group(1)) > MAX_ROWS:
                findings.error("sheet_too_many_rows", sheet=name, rows=int(found.group(1)), limit=MAX_ROWS)
                return True
    return False


def _report_sheet_xml(content: bytes, sheets: list[Sheet], findings: Findings) -> None:
    """What only the sheets' XML tells: formulas without saved values (errors) and hidden rows."""
    by_name = {sheet.name: sheet for sheet in sheets}
    for name, (cells, hidden) in _sheet_xml_facts(content).items():
        sheet = by_name.get(name)
        if sheet is None:
            continue
        for row, col in cells[:MAX_FORMULA_CELLS_NAMED]:
            findings.error("formula_without_value", name, row, col)
        if len(cells) > MAX_FORMULA_CELLS_NAMED:
            findings.error("formula_without_value_more", name, count=len(cells) - MAX_FORMULA_CELLS_NAMED)
        # Hidden rows are loaded (Excel hides rows to print or to focus, not to withdraw figures), but
        # named, so that whoever uploads sees what they could not see on screen.
        sheet.hidden_rows = [row for row in hidden if any(str(v).strip() for v in sheet.cell_row(row - 1))]
        if sheet.hidden_rows:
            shown = ", ".join(str(row) for row in sheet.hidden_rows[:MAX_FORMULA_CELLS_NAMED])
            more = len(sheet.hidden_rows) - MAX_FORMULA_CELLS_NAMED
            findings.warning("rows_hidden", name, rows=shown + (f" (+{more})" if more > 0 else ""))


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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
# <dimension ref="A1:W1000000"/> comes first in a sheet's XML (after sheetPr): its last row.
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"')
_DIMENSION_BYTES = 4096
# Bytes that a formula element (<f>, or <x:f> with a namespace prefix) or a hidden row must contain.
_FACT_MARKERS = (b"<f", b":f", b"hidden")


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML inside the archive."""
    try:
        sheets = ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in sheets:
        target = targets.get(sheet.get(_RELATIONSHIP_ID), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return paths


def _sheet_xml_facts(content: bytes) -> dict[str, tuple[list[tuple[int, int]], list[int]]]:
    """Sheet name -> ((Excel row, column) of each formula without a saved value, hidden Excel rows)."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name, path in _sheet_paths(archive).items():
            try:
                xml = archive.read(path)
                found[name] = _cells_without_values(io.BytesIO(xml)) if _may_have_facts(xml) else ([], [])
            except (KeyError, ElementTree.ParseError):
                continue
    return found


def _may_have_facts(xml: bytes) -> bool:
    """Whether a sheet's XML may hold a formula or a hidden row. When it cannot, walking its every
    cell is skipped: that walk took longer than calamine's whole read of a national workbook.
    (UTF-16 XML, which the byte pattern cannot see into, is always walked.)"""
    return b"\x00" in xml[:64] or any(marker in xml for marker in _FACT_MARKERS)


def _cells_without_values(xml) -> tuple[list[tuple[int, int]], list[int]]:
    cells, hidden = [], []
    for _, element in ElementTree.iterparse(xml):
        if element.tag == f"{_MAIN}row":
            if element.get("hidden") in ("1", "true") and (element.get("r") or "").isdigit():
                hidden.append(int(element.get("r")))
            element.clear()
            continue
        if element.tag != f"{_MAIN}c":
            continue
        formula = element.find(f"{_MAIN}f")
        value = element.find(f"{_MAIN}v")
        inline = element.find(f"{_MAIN}is")
        if formula is not None and inline is None and (value is None or not (value.text or "")):
            ref = _CELL_REF.match(element.get("r", ""))
            if ref:
                cells.append((int(ref.group(2)), column_index_from_string(ref.group(1))))
        element.clear()
    return cells, hidden


def _decode_text(content: bytes) -> str | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return text


def _read_csv(name: str, text: str) -> Sheet:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > MAX_ROWS:
        rows = rows[: MAX_ROWS + 1]
    return Sheet(name=name.rsplit("/", 1)[-1], rows=rows)
