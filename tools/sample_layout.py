"""What every sample workbook shares: its notice, its seeded randomness and its layout (title rows,
bold centred headers, column widths, a signature block), saved with fixed timestamps so that
re-running the generator gives identical bytes."""

from __future__ import annotations

import datetime
import io
import random
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

SAMPLE_NOTICE = "DỮ LIỆU MẪU – không phải số liệu chính thức"
SEED = 20250630
FIXED_TIME = datetime.datetime(2025, 6, 30, 0, 0, 0)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def rng(purpose: str) -> random.Random:
    # One generator per purpose: a change in one part of the story leaves the others as they were.
    return random.Random(f"{SEED}:{purpose}")


def new_workbook(sheet_title: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "etl.sample (dữ liệu mẫu)"
    sheet = workbook.active
    sheet.title = sheet_title
    return workbook, sheet


def save(workbook: Workbook, path: Path) -> Path:
    """Save with fixed zip timestamps (openpyxl stamps "now"), so re-runs give identical bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(entry.filename))
    return path


def title(sheet: Worksheet, row: int, text: str, last_column: int, bold: bool = True) -> None:
    sheet.cell(row=row, column=1, value=text).font = Font(bold=bold)
    if last_column > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)


def header(sheet: Worksheet, row: int, labels: Iterable[str | int]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = BOLD
        cell.alignment = CENTER


def widths(sheet: Worksheet, columns: int, default: float, wide: dict[int, float]) -> None:
    for column in range(1, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = wide.get(column, default)


def signature_block(sheet: Worksheet, last: int) -> None:
    signer = last - 5
    sheet.append([])
    sheet.append([])
    start = sheet.max_row + 1
    sheet.cell(row=start, column=2, value="Người lập biểu").font = BOLD
    sheet.cell(row=start, column=signer, value="KT. CHỦ TỊCH").font = BOLD
    sheet.cell(row=start + 1, column=signer, value="PHÓ CHỦ TỊCH").font = BOLD
    sheet.cell(row=start + 5, column=2, value="Nguyễn Văn A")
    sheet.cell(row=start + 5, column=signer, value="Trần Văn B")
