"""A table as the files people open in Excel: CSV (UTF-8 with a byte-order mark, so Excel reads
Vietnamese correctly) and XLSX.

A text cell that begins with = + - @ (or a tab or carriage return) would be read by a spreadsheet
as a formula, also after leading spaces, which some spreadsheets trim on import: names and decision
numbers come from uploaded files, so such a cell is written with a leading apostrophe, the
spreadsheet convention for "this is text". Numbers stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TRIMMED = " \n"  # blanks a spreadsheet may trim before reading a cell (tabs and returns are starts above)
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit on a sheet name.
SHEET_NAME_LENGTH = 31


def neutralise(value: object) -> object:
    """``value``, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.lstrip(TRIMMED).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    # Lines end in CRLF (RFC 4180), so a cell holding a bare carriage return is quoted: with "\n"
    # endings it is not, and a spreadsheet starts a new row at it (the rest of the cell unneutralised).
    return _safe(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sheet: str = "Data") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:SHEET_NAME_LENGTH]
    safe = _safe(table)
    worksheet.append([str(column) for column in safe.columns])
    for row in safe.itertuples(index=False):
        worksheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe(table: pd.DataFrame) -> pd.DataFrame:
    safe = table.copy()
    safe.columns = [neutralise(str(column)) for column in table.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # text, categories, mixed: numbers stay numbers
            safe[column] = safe[column].map(neutralise)
    return safe


def _cell(value: object) -> object:
    # openpyxl writes numbers, text, booleans and dates; "no value" is an empty cell.
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# Plotly's own "download as PNG" (the camera in a chart's toolbar) runs in the browser, offline.
PNG_SCALE = 2  # sharp enough to paste into a report


def png_config(name: str) -> dict:
    """A chart's Plotly config: its PNG download named ``name``.png, at print resolution, the only
    button of its toolbar; no zoom by the mouse wheel or a pinch, and no Plotly hints (in English)."""
    return {
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": PNG_SCALE},
        "modeBarButtons": [["toImage"]],
        "displaylogo": False,
        "scrollZoom": False,
        "doubleClick": False,
        "showTips": False,
    }
