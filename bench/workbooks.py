"""The criteria workbook of a whole country's xã for one year, in the template's layout (codes,
1/0 marks, a Năm column), written from the warehouse's marks in force with some of them changed,
so that loading it writes something. ``variant`` picks which xã change: an even variant lets a
tenth of the xã meet every criterion, an odd one takes five criteria from another tenth, so that
consecutive variants move the average number of criteria met.

Also hostile ones: a small table with three cells of 100,000 characters where its header is looked for,
and tasks whose agency cells are long lists or one long name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
from openpyxl import Workbook

from etl import warehouse
from ntm import reference
from ntm.catalogue import spec

TITLE = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}"
LONG_CELL = 100_000  # characters: three times Excel's own limit, which a crafted file need not keep


def long_text(start: str, word: str) -> str:
    """``start``, then ``word`` again and again: LONG_CELL characters (less a trailing space)."""
    return (start + word * (LONG_CELL // len(word)))[:LONG_CELL].rstrip()


# Many short words (what made header matching quadratic), an alias followed by more words, unclosed "(".
LONG_TITLE = long_text("DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN ", "rất dài ")
LONG_HEADER = long_text("Tên đơn vị ", "(ghi chú ")
LONG_DECISION = long_text("QĐ ", "ư ")
LONG_AGENCY = long_text("Sở ", "Nông nghiệp ")  # no separator: one name, and no agency's
UNKNOWN_AGENCY = "Sở X"  # a short piece no spelling is


def criteria_rows(db: Path, year: int, variant: int = 0) -> list[tuple]:
    """(code, name, district name, 19 marks) per xã: the marks in force, changed by ``variant``."""
    con = warehouse.read_only(db)
    try:
        return _rows(con, year, variant)
    finally:
        con.close()


def average_met(rows: list[tuple]) -> float:
    """The average number of criteria met, as the overview computes it (to 2 decimals)."""
    return round(sum(sum(marks) for *_, marks in rows) / len(rows), 2)


def criteria_workbook(rows: list[tuple], year: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tiêu chí")
    sheet.append([TITLE.format(year=year)])
    sheet.append([])
    sheet.append(["STT", "Năm", "Mã xã", "Tên xã", "Huyện", *[f"TC{n}" for n in range(1, 20)], "Tổng số tiêu chí đạt"])
    for number, (code, name, district, marks) in enumerate(rows, start=1):
        sheet.append([number, year, code, name, district, *marks, sum(marks)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def long_cells_workbook() -> bytes:
    """Xã Phi Thông's recognition, in a table whose title, last header and decision number are
    LONG_TITLE, LONG_HEADER and LONG_DECISION."""
    row = {
        "row_no": 1,
        "unit_name": "Xã Phi Thông",
        "district": "Rạch Giá",
        "level": "Nông thôn mới",
        "assessment_year": 2023,
        "decision_no": "LONG_DECISION",
        "decision_date": "31/12/2024",
    }
    columns = spec().datasets["recognitions"].columns
    book = Workbook()
    sheet = book.active
    sheet.append(["LONG_TITLE"])
    sheet.append([])
    sheet.append([column.header for column in columns] + ["LONG_HEADER"])
    sheet.append([row.get(column.key) for column in columns])
    out = io.BytesIO()
    book.save(out)
    long_cells = {"LONG_TITLE": LONG_TITLE, "LONG_HEADER": LONG_HEADER, "LONG_DECISION": LONG_DECISION}
    return with_texts(out.getvalue(), long_cells)


def agency_names(count: int) -> list[str]:
    """The full names of the first ``count`` agencies of data/reference/agencies.csv."""
    return [row["name_vi"] for row in reference.rows("agency")[:count]]


def unknown_agencies(count: int) -> str:
    """``count`` pieces that name no agency, separated by ";"."""
    return "; ".join([UNKNOWN_AGENCY] * count)


def tasks_workbook(coordinating: list[str]) -> bytes:
    """A table of tasks, one per text in ``coordinating`` (its coordinating agencies, column E from
    row 4), each led by UBND huyện Giang Thành and reported every quarter. LONG_AGENCY, longer than
    openpyxl writes, is written as with_texts does."""
    row = {
        "directive": "KH 01/KH-UBND",
        "content": "Kiểm tra",
        "responsible": "UBND huyện Giang Thành",
        "cycle": "Hàng quý",
    }
    columns = spec().datasets["tasks"].columns
    book = Workbook()
    sheet = book.active
    sheet.append(["NHIỆM VỤ"])
    sheet.append([])
    sheet.append([column.header for column in columns])
    for number, text in enumerate(coordinating, start=1):
        cells = row | {"task_no": number, "coordinating": "LONG_AGENCY" if text == LONG_AGENCY else text}
        sheet.append([cells.get(column.key) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return with_texts(out.getvalue(), {"LONG_AGENCY": LONG_AGENCY})


def agency_cells_workbook() -> bytes:
    """Four tasks whose coordinating agencies are: the first 40 agencies by full name (1,086
    characters), 100 pieces that name none (the most a cell may hold), LONG_AGENCY, and 200 pieces."""
    return tasks_workbook(["; ".join(agency_names(40)), unknown_agencies(100), LONG_AGENCY, unknown_agencies(200)])


def with_texts(content: bytes, texts: dict[str, str]) -> bytes:
    """The workbook with each placeholder replaced by its text in every part: openpyxl cuts text at
    Excel's 32,767 characters, a crafted file does not."""
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            for placeholder, text in texts.items():
                data = data.replace(placeholder.encode(), text.encode())
            target.writestr(name, data)
    return patched.getvalue()


def _rows(con: duckdb.DuckDBPyConnection, year: int, variant: int) -> list[tuple]:
    return con.execute(
        """
        select c.commune_code, c.name, d.name,
               list(case when hash(c.commune_code) % 10 = $slot and $raise then 1
                         when hash(c.commune_code) % 10 = $slot and r.criterion_no <= 5 then 0
                         else r.met::int end order by r.criterion_no)
        from commune c join district d using (district_code)
        join criterion_result r on r.commune_code = c.commune_code and r.year = $year and r.superseded_by is null
        group by all order by c.commune_code
    """,
        {"year": year, "slot": variant % 10, "raise": variant % 2 == 0},
    ).fetchall()
