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
    return [_read_csv(name, text)]


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
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height > MAX_ROWS:
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
        _report_formulas_without_values(content, {s.name for s in sheets if s.visible}, findings)
        return sheets
    except python_calamine.PasswordError:
        findings.error("file_xls_or_encrypted")
    except (python_calamine.CalamineError, ValueError, OSError):
        findings.error("file_corrupt")
    return []


def _report_formulas_without_values(content: bytes, sheet_names: set[str], findings: Findings) -> None:
    for sheet, cells in _formulas_without_values(content).items():
        if sheet not in sheet_names:
            continue
        for row, col in cells[:MAX_FORMULA_CELLS_NAMED]:
            findings.error("formula_without_value", sheet, row, col)
        if len(cells) > MAX_FORMULA_CELLS_NAMED:
            findings.error("formula_without_value_more", sheet, count=len(cells) - MAX_FORMULA_CELLS_NAMED)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _formulas_without_values(content: bytes) -> dict[str, list[tuple[int, int]]]:
    """Sheet name -> (Excel row, column) of each cell holding a formula but no saved value."""
    found: dict[str, list[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            sheets = ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError):
            return found
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
        for sheet in sheets:
            target = targets.get(sheet.get(_RELATIONSHIP_ID), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            try:
                with archive.open(path) as xml:
                    cells = _cells_without_values(xml)
            except (KeyError, ElementTree.ParseError):
                continue
            if cells:
                found[sheet.get("name")] = cells
    return found


def _cells_without_values(xml) -> list[tuple[int, int]]:
    cells = []
    for _, element in ElementTree.iterparse(xml):
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
    return cells


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
