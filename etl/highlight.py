"""A copy of an uploaded workbook with each problem marked where it is, to fix in Excel.

The cell a problem names gets a fill and a comment with the message; a problem about a whole row
fills the row; problems without a place are listed on a sheet "Lỗi cần sửa" added in front, which
also lists every problem with its place. A CSV, .xls or .ods becomes an xlsx of its rows with the same marks.
Only the copy is changed (macros are dropped: openpyxl never keeps or runs them). openpyxl reads the
uploaded file again, so the copy is made in the sandbox's worker (``marked_copy``), like the check.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from etl import sandbox, workbook
from etl.problems import ERROR, Findings, Problem
from ntm.i18n import t

FILLS = {
    ERROR: PatternFill("solid", start_color="FFF4B6B6"),  # light red
    "warning": PatternFill("solid", start_color="FFFFE699"),  # light yellow
}
COMMENT_AUTHOR = "NTM Kiên Giang"
SUMMARY_SHEET = "Lỗi cần sửa"


def marked_copy(name: str, content: bytes, problems: list[Problem], lang: str = "vi") -> bytes:
    """``marked_workbook``, made in the sandbox's worker; for a file that defeats it there, the list of
    problems alone (the summary sheet), which is what such a file can be given."""
    try:
        return sandbox.run(marked_workbook, name, content, problems, lang)
    except Exception:  # sandbox.Unsafe, or whatever openpyxl raises on a file it cannot open
        book = openpyxl.Workbook()
        book.remove(book.active)
        _summary(book, problems, lang)
        return _saved(book)


def marked_workbook(name: str, content: bytes, problems: list[Problem], lang: str = "vi") -> bytes:
    """The workbook (xlsx) with ``problems`` marked; for a CSV, .xls or .ods, an xlsx of its rows."""
    book = _open(name, content)
    by_cell: dict[tuple[str, int, int | None], list[Problem]] = {}
    for problem in problems:
        if problem.sheet in book.sheetnames and problem.row:
            by_cell.setdefault((problem.sheet, problem.row, problem.column), []).append(problem)
    for (sheet, row, column), found in by_cell.items():
        _mark(book[sheet], row, column, found, lang)
    _summary(book, problems, lang)
    return _saved(book)


def _saved(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _open(name: str, content: bytes) -> openpyxl.Workbook:
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" in archive.namelist():
                return openpyxl.load_workbook(io.BytesIO(content), rich_text=False)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in workbook.read(name, content, Findings(name)):
        target = book.create_sheet(sheet.name[:31] or "CSV")
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                _value_cell(target, r, c, value)
    return book


def _value_cell(sheet, row: int, column: int, value: object) -> None:
    """A value read from a CSV, .xls or .ods; text stays text ("=…" never becomes a formula in the copy
    we hand back)."""
    if value in ("", None):
        return
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"


def _mark(sheet, row: int, column: int | None, problems: list[Problem], lang: str) -> None:
    fill = FILLS[ERROR] if any(p.severity == ERROR for p in problems) else FILLS["warning"]
    text = "\n".join(f"• {p.message(lang)}" for p in problems)
    if column is None:  # the whole row: fill what is used of it, comment on its first cell
        for col in range(1, max(sheet.max_column, 1) + 1):
            _anchor(sheet, row, col).fill = fill
        column = 1
    cell = _anchor(sheet, row, column)
    cell.fill = fill
    if cell.comment:
        text = f"{cell.comment.text}\n{text}"
    cell.comment = Comment(text, COMMENT_AUTHOR, width=360, height=120)


def _anchor(sheet, row: int, column: int):
    """The cell itself, or the top-left cell of the merged range it lies in (the only one that
    can hold a fill and a comment)."""
    cell = sheet.cell(row, column)
    if not isinstance(cell, MergedCell):
        return cell
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return cell


def _summary(book: openpyxl.Workbook, problems: list[Problem], lang: str) -> None:
    sheet = book.create_sheet(SUMMARY_SHEET, 0)
    headers = [t(f"upload.report_{key}", lang) for key in ("severity", "sheet", "row", "column", "message")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for problem in problems:
        sheet.append(
            [
                t(f"upload.severity_{problem.severity}", lang),
                problem.sheet or "",
                problem.row or "",
                problem.column_letter or "",
                problem.message(lang),
            ]
        )
        sheet.cell(sheet.max_row, 1).fill = FILLS.get(problem.severity, FILLS[ERROR])
    for column, width in zip("ABCDE", (10, 22, 8, 8, 100), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.active = 0
