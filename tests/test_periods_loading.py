"""The loader over time: the criteria set and units date of a year (ntm/criteria_sets.py), units
resolved by the date of the data (ntm/units.py), and the templates of each set (etl/templates.py).
The files that mix sets and units up are in the corpus (tests/corpus/period_cases.py)."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import openpyxl
import pytest

from etl import load, templates
from etl.problems import Findings
from etl.scope import Scope
from ntm.criteria_sets import all_sets, criteria, levels, of_year, units_on
from ntm.units import Units
from tests.corpus.period_cases import AN_BIEN, criteria_sheet
from tests.reference_files import rows
from tests.test_highlight_templates import drop_down_lists

LAST_OLD_DAY, FIRST_NEW_DAY = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
NEW_XA = sorted(row["commune_name"] for row in rows("admin_units_2025.csv") if row["unit_type"] == "xã")


@pytest.fixture
def units(shared_db) -> Units:
    with duckdb.connect(str(shared_db), read_only=True) as con:
        return Units.from_db(con)


@pytest.mark.parametrize(
    ("year", "criteria_set", "count", "decision"),
    [
        (2019, "2021-2025", 19, "318/QĐ-TTg"),  # before the first set: the first (2016–2020 also had 19)
        (2021, "2021-2025", 19, "318/QĐ-TTg"),
        (2025, "2021-2025", 19, "318/QĐ-TTg"),
        (2026, "2026-2030", 10, "51/2025/QĐ-TTg"),
        (2030, "2026-2030", 10, "51/2025/QĐ-TTg"),
    ],
)
def test_a_years_criteria_set_is_the_one_whose_years_contain_it(year, criteria_set, count, decision):
    chosen = of_year(year)
    assert (chosen.code, chosen.criteria_count, chosen.decision) == (criteria_set, count, decision)
    assert [c.number for c in criteria(chosen.code)] == list(range(1, count + 1))


def test_the_2026_2030_set_has_its_own_criteria_and_levels_and_no_district_level():
    new = of_year(2026).code
    assert criteria(new)[6].name_vi == "Khoa học công nghệ và chuyển đổi số"
    assert [level.code for level in levels(new)] == ["ntm", "ntm_modern"]
    assert {level.unit_kind for level in levels(of_year(2024).code)} == {"commune", "district"}
    assert [each.code for each in all_sets()] == ["2021-2025", "2026-2030"]


@pytest.mark.parametrize(
    ("year", "day"),
    [(2020, dt.date(2020, 12, 31)), (2024, dt.date(2024, 12, 31)), (2025, LAST_OLD_DAY), (2026, dt.date(2026, 12, 31))],
)
def test_a_years_units_are_those_of_its_last_day_and_2025s_those_of_kien_giangs_last_day(year, day):
    assert units_on(year) == day


def test_code_30985_is_thi_tran_thu_ba_until_30_june_2025_and_xa_an_bien_from_1_july(units):
    before, after = (
        units.find_commune(AN_BIEN, on=LAST_OLD_DAY).unit,
        units.find_commune(AN_BIEN, on=FIRST_NEW_DAY).unit,
    )
    assert (before.name, before.unit_type, before.district_code) == ("Thị trấn Thứ Ba", "thị trấn", "908")
    assert (after.name, after.unit_type, after.district_code) == ("Xã An Biên", "xã", None)


def test_a_name_resolves_among_the_units_of_its_date(units):
    old = units.find_commune("Xã Bình An", on=dt.date(2024, 12, 31))
    assert [unit.district_code for unit in old.ambiguous] == ["902", "905"]  # two old xã, one per district
    new = units.find_commune("binh an", on=dt.date(2026, 12, 31))
    assert (new.unit.code, new.unit.valid_from) == ("30898", FIRST_NEW_DAY)


def test_an_old_xa_after_the_rearrangement_is_found_with_what_it_became(units):
    match = units.find_commune("Xã Đông Yên", on=dt.date(2026, 12, 31))
    assert match.unit is None and [unit.name for unit in match.ended()] == ["Xã Đông Yên"]
    [went] = units.successors(match.ended()[0])
    assert (went.new_name, went.extent, went.effective) == ("Xã An Biên", "whole", FIRST_NEW_DAY)
    assert "1654/NQ-UBTVQH15" in went.legal_basis


def test_a_new_xa_before_the_rearrangement_is_found_with_what_it_was_made_from(units):
    match = units.find_commune("Xã An Biên", on=dt.date(2024, 12, 31))
    assert match.unit is None and match.ended() == []
    made_from = {s.old_name for s in units.predecessors(match.other_time[0])}
    assert made_from == {"Thị trấn Thứ Ba", "Xã Hưng Yên", "Xã Đông Yên"}


def test_districts_exist_until_30_june_2025_and_none_after(units):
    assert units.district_valid_on("908", LAST_OLD_DAY) and not units.district_valid_on("908", FIRST_NEW_DAY)
    assert units.district_level_on(LAST_OLD_DAY) and not units.district_level_on(FIRST_NEW_DAY)


@pytest.mark.parametrize(
    ("name", "year", "key", "says"),
    [
        ("Xã Đông Yên", 2026, "unit_ended", "Xã Đông Yên chỉ có đến hết ngày 30/06/2025"),
        ("Xã An Biên", 2024, "unit_not_yet", "Xã An Biên (mới) có từ ngày 01/07/2025."),
    ],
)
def test_without_a_recorded_succession_the_message_says_when_the_unit_ended_or_began(
    shared_db, monkeypatch, name, year, key, says
):
    with duckdb.connect(str(shared_db), read_only=True) as con:
        found = Units.from_db(con)
    monkeypatch.setattr(
        load.Units, "from_db", lambda con: Units(found.units, found.districts, found.kinds, found.district_dates)
    )
    findings = Findings("a.xlsx")
    load.parse(shared_db, "a.xlsx", criteria_sheet(year, [(None, name)], count=of_year(year).criteria_count), findings)
    [error] = findings.errors
    assert (error.key, error.row, error.column_letter) == (key, 4, "C")
    assert says in error.message("vi")


def _opened(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_2026_criteria_template_has_the_ten_criteria_and_the_new_xa_and_no_district(shared_db):
    sheet = _opened(templates.blank(shared_db, "criteria", Scope.province(), 2026)).worksheets[0]
    header = [cell.value for cell in sheet[templates.HEADER_ROW]]
    assert [h for h in header if h.startswith("TC")] == [
        f"TC{c.number}. {c.name_vi}" for c in criteria(of_year(2026).code)
    ]
    assert "Huyện" not in header and "Tên xã" in header
    names = [row[header.index("Tên xã")] for row in sheet.iter_rows(min_row=templates.HEADER_ROW + 1, values_only=True)]
    assert sorted(name for name in names if name) == NEW_XA


def test_a_filled_2026_criteria_template_loads_back(db):
    book = _opened(templates.blank(db, "criteria", Scope.province(), 2026))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[templates.HEADER_ROW]]
    criteria = [index for index, h in enumerate(header) if h.startswith("TC")]
    for row in sheet.iter_rows(min_row=templates.HEADER_ROW + 1, max_row=templates.HEADER_ROW + len(NEW_XA)):
        for index in criteria:
            row[index].value = "Đạt"
        row[header.index("Tổng số tiêu chí đạt")].value = len(criteria)
    buffer = io.BytesIO()
    book.save(buffer)
    result = load.load_bytes(db, "mau_2026.xlsx", buffer.getvalue())
    assert (result.status, result.rows, result.errors) == ("loaded", len(NEW_XA), [])


def test_the_2026_recognition_template_offers_the_sets_levels_and_the_kinds_of_decision(shared_db):
    book = _opened(templates.blank(shared_db, "recognitions", Scope.province(), 2026))
    lists = drop_down_lists(book)
    assert lists["Mức công nhận"] == ["Xã đạt chuẩn nông thôn mới", "Xã nông thôn mới hiện đại"]
    assert lists["Hình thức"] == ["Công nhận", "Kết quả rà soát", "Thừa nhận", "Công nhận sau sắp xếp", "Thu hồi"]
    assert "Huyện" not in [cell.value for cell in book.worksheets[0][templates.HEADER_ROW]]
