"""What every sample workbook shares: its notice, its seeded randomness and its layout (title rows,
bold centred headers, column widths, a signature block), saved with fixed timestamps so that
re-running the generator gives identical bytes."""

from __future__ import annotations

import datetime
import io
import random
import re
import unicodedata
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


def weighted_sample(rng: random.Random, weights: dict[int, int], k: int) -> list[int]:
    """k distinct keys, heavier ones more likely and more likely drawn first."""
    pool = dict(sorted(weights.items()))
    drawn: list[int] = []
    for _ in range(k):
        key = rng.choices(list(pool), weights=list(pool.values()))[0]
        drawn.append(key)
        del pool[key]
    return drawn


# --- Names and headers as clerks type them ---------------------------------------------------

NAME_FORMS = ("nfc", "nfd", "old_tone")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_NEW_TONE = re.compile(rf"([oO])([{_TONE_MARKS}])([aAeE])(?!\w)|([uU])([{_TONE_MARKS}])([yY])(?!\w)")


def old_tone_placement(text: str) -> str:
    """'Hòa' -> 'Hoà', 'Thủy' -> 'Thuỷ': the tone on the second vowel of a final oa, oe or uy."""

    def move(match: re.Match[str]) -> str:
        first, tone, last = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        return first + last + tone

    return unicodedata.normalize("NFC", _NEW_TONE.sub(move, unicodedata.normalize("NFD", text)))


def written_name(text: str, form: str) -> str:
    """``text`` in one of NAME_FORMS: as is, decomposed (NFD), or with the old tone placement."""
    if form == "nfd":
        return unicodedata.normalize("NFD", text)
    if form == "old_tone":
        return old_tone_placement(text)
    return text


def typed_name(name: str, rng: random.Random) -> str:
    """A xã's name as clerks type it: with or without its "Xã ", sometimes in capitals."""
    typed = name if rng.random() < 0.5 else name.removeprefix("Xã ")
    return typed.upper() if rng.random() < 0.15 else typed


def criterion_header(rng: random.Random, number: int, names: dict[int, str]) -> str:
    """A criterion's column header in one of the spellings reports use."""
    styles = (f"TC{number}. {names[number]}", f"TC {number}", f"Tiêu chí {number}", f"TC{number:02d}")
    return rng.choice(styles)


# --- Workbooks --------------------------------------------------------------------------------


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
