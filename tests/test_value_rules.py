"""The loader's rules about values, beyond the bad-input corpus: a year chosen when loading against
the file's own, how messages write numbers and name what they are about, section headings, and
suggestions that would suggest nothing."""

from __future__ import annotations

import duckdb
import pytest

from etl import load
from etl.problems import QUOTE_MAX_CHARS, Findings, Problem, shortened
from etl.readers.common import section_heading
from ntm.units import Units
from tests.workbooks import GIUC_TUONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met


def test_a_year_chosen_when_loading_wins_and_a_warning_names_the_title_it_contradicts(db):
    content = criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))]))  # "… NĂM 2024"
    result = load.load_bytes(db, "tieu_chi.xlsx", content, year=2023, dry_run=True)
    assert result.status == "loaded"
    assert set(result.changes["year"]) == {2023}
    [warning] = result.warnings
    assert (warning.key, warning.row) == ("year_option_differs", 1)
    assert "Đã dùng năm 2023" in warning.message("vi") and "tiêu đề ghi năm 2024" in warning.message("vi")


def test_numbers_in_messages_are_written_the_languages_way_and_years_as_they_are():
    too_long = Problem("error", "sheet_too_many_rows", {"rows": 1_000_000, "limit": 200_000}, "a.xlsx", "Tiêu chí")
    assert "1.000.000 dòng" in too_long.message("vi") and "200.000" in too_long.message("vi")
    assert "1,000,000 rows" in too_long.message("en")
    twice = Problem("error", "commune_duplicated", {"commune": "Xã Giục Tượng", "year": 2024, "first_row": 1234})
    assert "năm 2024 (dòng 1.234" in twice.message("vi")


def test_a_long_cell_is_quoted_by_its_start_and_the_names_suggested_are_shown_whole():
    typed = "Sở " + "Nông nghiệp " * 20
    suggestions = "Ủy ban MTTQ Việt Nam và các tổ chức chính trị – xã hội của tỉnh; Sở Tài nguyên và Môi trường"
    problem = Problem("error", "agency_unknown_suggest", {"value": typed, "suggestions": suggestions})
    for lang in ("vi", "en"):
        quoted = problem.message(lang).split("“")[1].split("”")[0]
        assert quoted == "Sở Nông nghiệp Nông nghiệp Nông nghiệp Nông nghiệp Nông…"
        assert suggestions in problem.message(lang)
    assert Problem("error", "agency_unknown", {"value": "Sở X"}).message("en").startswith("Agency “Sở X” not")


def test_a_long_word_is_cut_at_the_limit_but_never_between_a_letter_and_its_marks():
    assert shortened("x" * 100) == "x" * (QUOTE_MAX_CHARS - 1) + "…"
    decomposed = "a" * (QUOTE_MAX_CHARS - 2) + "e\u0302\u0301" + "b" * 10  # "ế" as a letter and two marks
    assert shortened(decomposed) == "a" * (QUOTE_MAX_CHARS - 2) + "…"


def test_a_row_named_after_its_problems_were_found_names_them_too():
    findings = Findings("a.xlsx")
    findings.label_column("Sheet", 3, "Ngày quyết định")
    findings.error("year_missing", "Sheet", 8, None)
    findings.error("date_invalid", "Sheet", 9, 3, value="hôm qua")
    findings.label_row("Sheet", 9, "Xã Hòa Điền")
    year, dated = findings.items
    assert dated.where("vi") == "a.xlsx, trang “Sheet”, dòng 9, cột C — Xã Hòa Điền, Ngày quyết định"
    assert year.where("vi") == "a.xlsx, trang “Sheet”, dòng 8"


@pytest.mark.parametrize(
    ("cells", "label"),
    [
        (["I", "Các xã đạt chuẩn"], "Các xã đạt chuẩn"),
        (["II. Các xã chưa đạt"], "Các xã chưa đạt"),
        (["A. Khu vực nông thôn"], "Khu vực nông thôn"),
        (["IV"], ""),
        (["A Lưới"], None),  # a xã's name (Thừa Thiên Huế), not a heading
        (["1", "Xã Phi Thông"], None),
        (["II. Các xã chưa đạt", "x"], None),  # a heading has nothing else in its row
    ],
)
def test_a_section_heading_is_a_numeral_or_letter_and_at_most_a_label(cells, label):
    assert section_heading(cells) == label


def test_a_suggestion_never_reads_the_same_as_the_name_typed(db):
    with duckdb.connect(str(db), read_only=True) as con:
        units = Units.from_db(con)
    assert units.suggest("Giục Tượng") and "Xã Giục Tượng (Huyện Châu Thành)" not in units.suggest("Giục Tượng")
    assert units.suggest("Giục Tượg")[0] == "Xã Giục Tượng (Huyện Châu Thành)"
