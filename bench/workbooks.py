"""The criteria workbook of a whole country's xã for one year, in the template's layout (codes,
1/0 marks, a Năm column), written from the warehouse's marks in force with some of them changed,
so that loading it writes something. ``variant`` picks which xã change: an even variant lets a
tenth of the xã meet every criterion, an odd one takes five criteria from another tenth, so that
consecutive variants move the average number of criteria met."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
from openpyxl import Workbook

from etl import warehouse

TITLE = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}"


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
    sheet.append(["STT", "Năm", "Mã xã", "Tên xã", "Huyện", *[f"TC{n}" for n in range(1, 20)],
                  "Tổng số tiêu chí đạt"])
    for number, (code, name, district, marks) in enumerate(rows, start=1):
        sheet.append([number, year, code, name, district, *marks, sum(marks)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(con: duckdb.DuckDBPyConnection, year: int, variant: int) -> list[tuple]:
    return con.execute("""
        select c.commune_code, c.name, d.name,
               list(case when hash(c.commune_code) % 10 = $slot and $raise then 1
                         when hash(c.commune_code) % 10 = $slot and r.criterion_no <= 5 then 0
                         else r.met::int end order by r.criterion_no)
        from commune c join district d using (district_code)
        join criterion_result r on r.commune_code = c.commune_code and r.year = $year and r.superseded_by is null
        group by all order by c.commune_code
    """, {"year": year, "slot": variant % 10, "raise": variant % 2 == 0}).fetchall()
