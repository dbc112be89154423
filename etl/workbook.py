"""Turning an uploaded file into sheets of cell values, or a precise reason why not.

The file's kind is decided by its content, never its name: xlsx is a zip, .xls and encrypted
workbooks are OLE containers, CSV is text. Excel files are read with calamine (fast, and it reads
the values Excel saved for formulas rather than evaluating anything; macros never run).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import python_calamine

from etl.problems import Findings

MAX_FILE_BYTES = 20 * 1024 * 1024
# A zip may not expand past this, nor by more than this ratio: a guard against zip bombs.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ROWS = 200_000

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


def read(name: str, content: bytes, findings: Findings, max_bytes: int = MAX_FILE_BYTES) -> list[Sheet]:
    """The file's sheets; an empty list (with an error in ``findings``) when it cannot be read."""
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
        return sheets
    except python_calamine.PasswordError:
        findings.error("file_xls_or_encrypted")
    except (python_calamine.CalamineError, ValueError, OSError):
        findings.error("file_corrupt")
    return []


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
