"""Small spreadsheets written the ways districts really write them, for the loader's tests."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import openpyxl

CRITERIA = range(1, 20)

# Real xã of Kiên Giang (data/reference/admin_units.csv) used across the tests.
PHI_THONG = ("30763", "Xã Phi Thông", "899")
BINH_AN_CHAU_THANH = ("30898", "Xã Bình An", "905")
BINH_AN_KIEN_LUONG = ("30808", "Xã Bình An", "902")
GIUC_TUONG = ("30889", "Xã Giục Tượng", "905")
VINH_HOA_HUNG_NAM = ("30970", "Xã Vĩnh Hòa Hưng Nam", "907")


@dataclass
class CommuneRow:
    code: str | None
    name: str | None
    marks: list[object]
    total: object = None
    district: str | None = None
    year: object = None


@dataclass
class CriteriaSheet:
    """A criteria table; ``layout`` picks the header style."""

    rows: list[CommuneRow]
    title: str | None = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2024"
    layout: str = "canonical"  # canonical | merged | bare
    header_for: dict[int, str] = field(default_factory=dict)  # criterion -> header text override
    drop_criteria: tuple[int, ...] = ()
    with_code: bool = True
    with_total: bool = True
    with_district: bool = False
    with_year: bool = False
    sheet_name: str = "Tiêu chí"
    trailer: list[list[object]] = field(default_factory=list)  # rows after the table (totals, signatures)
    before_rows: list[list[object]] = field(default_factory=list)  # rows between header and data


def marks_met(count: int, met="x", not_met=None) -> list[object]:
    """Marks with the first ``count`` criteria met."""
    return [met if n <= count else not_met for n in CRITERIA]


def criteria_workbook(*sheets: CriteriaSheet) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        _write_criteria(workbook.create_sheet(spec.sheet_name), spec)
    return save(workbook)


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_criteria(ws, spec: CriteriaSheet) -> None:
    if spec.title:
        ws.append([spec.title])
    ws.append([])
    criteria = [n for n in CRITERIA if n not in spec.drop_criteria]
    lead = ["STT"] + (["Mã xã"] if spec.with_code else []) + ["Tên xã"]
    lead += (["Huyện"] if spec.with_district else []) + (["Năm"] if spec.with_year else [])
    tail = ["Tổng số tiêu chí đạt"] if spec.with_total else []
    if spec.layout == "merged":
        ws.append(lead + ["Kết quả thực hiện các tiêu chí"] + [None] * (len(criteria) - 1) + tail)
        top = ws.max_row
        ws.append([None] * len(lead) + criteria + [None] * len(tail))
        for offset in range(len(lead)):
            ws.merge_cells(start_row=top, start_column=offset + 1, end_row=top + 1, end_column=offset + 1)
        ws.merge_cells(start_row=top, start_column=len(lead) + 1, end_row=top, end_column=len(lead) + len(criteria))
        if tail:
            col = len(lead) + len(criteria) + 1
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    else:
        names = [spec.header_for.get(n, f"TC{n}" if spec.layout == "canonical" else n) for n in criteria]
        ws.append(lead + names + tail)
    for extra in spec.before_rows:
        ws.append(extra)
    for number, row in enumerate(spec.rows, start=1):
        cells = [number] + ([row.code] if spec.with_code else []) + [row.name]
        cells += ([row.district] if spec.with_district else []) + ([row.year] if spec.with_year else [])
        marks = [m for n, m in zip(CRITERIA, row.marks, strict=True) if n not in spec.drop_criteria]
        total = row.total if row.total is not None else sum(1 for m in row.marks if m in ("x", "Đạt", 1, "1"))
        ws.append(cells + marks + ([total] if spec.with_total else []))
    for extra in spec.trailer:
        ws.append(extra)
