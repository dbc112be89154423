"""The commune-criteria loader: what it accepts, what it rejects (and where it says the problem
is), and that a rejected file writes nothing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import duckdb
import pytest

from etl import load
from tests.workbooks import (
    BINH_AN_CHAU_THANH,
    GIUC_TUONG,
    PHI_THONG,
    VINH_HOA_HUNG_NAM,
    CommuneRow,
    CriteriaSheet,
    criteria_workbook,
    marks_met,
)


def stored(db: Path, commune: str, year: int = 2024) -> dict[int, bool]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select criterion_no, met from current_criterion_result where commune_code = ? and year = ?",
            [commune, year],
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


def batches(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from batch").fetchone()[0]
    finally:
        con.close()


def only_error(result: load.Result):
    assert result.status == "rejected", result.as_json()
    assert len(result.errors) == 1, [e.as_json() for e in result.errors]
    return result.errors[0]


def test_canonical_sheet_loads_every_mark(db):
    content = criteria_workbook(
        CriteriaSheet(
            [
                CommuneRow(*PHI_THONG[:2], marks_met(19)),
                CommuneRow(*GIUC_TUONG[:2], marks_met(17)),
            ]
        )
    )
    result = load.load_bytes(db, "tc.xlsx", content)
    assert (result.status, result.dataset, result.rows, result.rows_new) == ("loaded", "criteria", 2, 2)
    assert all(stored(db, PHI_THONG[0]).values())
    giuc_tuong = stored(db, GIUC_TUONG[0])
    assert [n for n, met in giuc_tuong.items() if not met] == [18, 19]


def test_two_row_merged_header_with_numbering_row_title_signature_and_totals(db):
    sheet = CriteriaSheet(
        [CommuneRow(None, "VĨNH HÒA HƯNG NAM", marks_met(18, met="Đạt", not_met="Chưa đạt"))],
        title="BIỂU TỔNG HỢP KẾT QUẢ NĂM 2023",
        layout="merged",
        with_code=False,
        before_rows=[[f"({i})" for i in range(1, 23)], ["I", "Huyện Gò Quao"]],
        trailer=[[None, "Tổng cộng", *(["1"] * 19)], [], [None, "Người lập biểu", None, "KT. CHỦ TỊCH"]],
    )
    result = load.load_bytes(db, "bieu.xlsx", criteria_workbook(sheet))
    assert result.status == "loaded", [e.as_json() for e in result.errors]
    assert sum(stored(db, VINH_HOA_HUNG_NAM[0], 2023).values()) == 18


@pytest.mark.parametrize("header", ["{n}", "TC {n}", "TC0{n}", "Tiêu chí {n}", "TC{n}. Tên", "tiêu chí số {n}"])
def test_criterion_headers_in_the_spellings_people_use(db, header):
    sheet = CriteriaSheet(
        [CommuneRow(*PHI_THONG[:2], marks_met(19))], header_for={n: header.format(n=n) for n in range(1, 20)}
    )
    assert load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)).status == "loaded"


@pytest.mark.parametrize(
    "name",
    [
        "Xã Vĩnh Hòa Hưng Nam",
        "vĩnh hòa hưng nam",
        "  VĨNH  HÒA HƯNG NAM ",
        "Vĩnh Hoà Hưng Nam",
        unicodedata.normalize("NFD", "Xã Vĩnh Hòa Hưng Nam"),
        "X. Vĩnh Hòa Hưng Nam",
    ],
)
def test_commune_found_by_name_in_any_case_form_and_tone_placement(db, name):
    sheet = CriteriaSheet([CommuneRow(None, name, marks_met(19))], with_code=False)
    result = load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet))
    assert result.status == "loaded", [e.as_json() for e in result.errors]
    assert stored(db, VINH_HOA_HUNG_NAM[0])


@pytest.mark.parametrize(("met", "not_met"), [("x", None), ("X", "-"), ("Đạt", "Chưa đạt"), (1, 0), ("✓", "0")])
def test_marks_for_met_and_not_met(db, met, not_met):
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(12, met, not_met), total=12)])
    assert load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)).status == "loaded"
    assert sum(stored(db, PHI_THONG[0]).values()) == 12


def test_year_taken_from_the_title_when_no_year_is_given(db):
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))], title="BÁO CÁO TIÊU CHÍ NĂM 2022")
    load.load_bytes(db, "report.xlsx", criteria_workbook(sheet))
    assert stored(db, PHI_THONG[0], 2022)


def test_shared_name_is_resolved_by_the_district_column(db):
    sheet = CriteriaSheet(
        [CommuneRow(None, "Bình An", marks_met(19), district="Châu Thành")], with_code=False, with_district=True
    )
    assert load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)).status == "loaded"
    assert stored(db, BINH_AN_CHAU_THANH[0])


def test_shared_name_without_a_district_is_rejected_naming_both(db):
    sheet = CriteriaSheet([CommuneRow(None, "Bình An", marks_met(19))], with_code=False)
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.column_letter) == ("commune_ambiguous", 4, "B")
    assert "Huyện Châu Thành" in error.message() and "Huyện Kiên Lương" in error.message()


def test_unknown_commune_is_rejected_with_the_closest_names(db):
    sheet = CriteriaSheet([CommuneRow(None, "Giục Tượn", marks_met(19))], with_code=False)
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.sheet, error.row, error.column_letter) == ("commune_unknown_suggest", "Tiêu chí", 4, "B")
    assert "Xã Giục Tượng" in error.message()


@pytest.mark.parametrize("name", ["Phường Vĩnh Thanh", "Thị trấn Kiên Lương"])
def test_ward_or_town_in_a_criteria_sheet_is_rejected(db, name):
    sheet = CriteriaSheet([CommuneRow(None, name, marks_met(19))], with_code=False)
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.column_letter) == ("commune_not_in_programme", 4, "B")


def test_mark_that_is_neither_met_nor_not_met_is_rejected_at_its_cell(db):
    marks = marks_met(19)
    marks[4] = "có lẽ"
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks, total=18)])
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    # STT, Mã xã, Tên xã, then TC1 in D: TC5 is column H
    assert (error.key, error.row, error.column_letter) == ("mark_invalid", 4, "H")
    assert "có lẽ" in error.message()


def test_total_column_that_disagrees_with_the_marks_is_rejected_with_row_number(db):
    sheet = CriteriaSheet(
        [CommuneRow(*PHI_THONG[:2], marks_met(19)), CommuneRow(*GIUC_TUONG[:2], marks_met(15), total=16)]
    )
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.column_letter) == ("total_disagrees", 5, "W")
    assert error.params == {"total": 16, "counted": 15}


def test_duplicated_commune_is_rejected_naming_the_first_row(db):
    sheet = CriteriaSheet(
        [
            CommuneRow(*PHI_THONG[:2], marks_met(19)),
            CommuneRow(*GIUC_TUONG[:2], marks_met(19)),
            CommuneRow(PHI_THONG[0], PHI_THONG[1], marks_met(18)),
        ]
    )
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.params["first_row"]) == ("commune_duplicated", 6, 4)


def test_missing_criterion_column_is_rejected_naming_it(db):
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))], drop_criteria=(7,))
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.params["missing"]) == ("criteria_columns_missing", 3, "7")


def test_sheet_without_a_year_is_rejected(db):
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))], title="KẾT QUẢ THỰC HIỆN TIÊU CHÍ")
    error = only_error(load.load_bytes(db, "ket_qua.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.sheet) == ("year_missing", "Tiêu chí")


def test_year_outside_the_programme_is_rejected_at_its_cell(db):
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19), year=2045)], with_year=True)
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.column_letter) == ("year_out_of_range", 4, "D")


def test_commune_code_of_the_wrong_length_is_rejected(db):
    sheet = CriteriaSheet([CommuneRow("307631", "Xã Phi Thông", marks_met(19))])
    error = only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet)))
    assert (error.key, error.row, error.column_letter) == ("commune_code_length", 4, "B")


def test_code_and_name_that_disagree_are_rejected(db):
    sheet = CriteriaSheet([CommuneRow(PHI_THONG[0], "Xã Giục Tượng", marks_met(19))])
    assert only_error(load.load_bytes(db, "tc.xlsx", criteria_workbook(sheet))).key == "commune_code_name_disagree"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "file_empty"),
        (b"PK\x03\x04 this is not really a zip", "file_corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "file_corrupt"),
        (bytes(range(256)) * 4, "file_not_readable"),
    ],
)
def test_file_that_is_not_a_readable_workbook_is_rejected(db, content, key):
    assert only_error(load.load_bytes(db, "tc.xlsx", content)).key == key


def test_file_with_one_bad_row_writes_nothing(db):
    load.load_bytes(db, "first.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(15))])))
    before = db.read_bytes()
    bad = marks_met(19)
    bad[0] = "??"
    sheet = CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19)), CommuneRow(*GIUC_TUONG[:2], bad, total=18)])
    assert load.load_bytes(db, "second.xlsx", criteria_workbook(sheet)).status == "rejected"
    assert db.read_bytes() == before
    assert sum(stored(db, PHI_THONG[0]).values()) == 15


def test_loading_the_same_data_twice_changes_nothing_and_says_so(db):
    content = criteria_workbook(CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))]))
    assert load.load_bytes(db, "tc.xlsx", content).status == "loaded"
    before = db.read_bytes()
    again = load.load_bytes(db, "tc-copy.xlsx", content)
    assert (again.status, again.batch_id, again.rows_unchanged) == ("unchanged", None, 1)
    assert db.read_bytes() == before


def test_corrected_file_replaces_values_and_keeps_the_earlier_batch(db):
    first = load.load_bytes(
        db,
        "v1.xlsx",
        criteria_workbook(
            CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(17)), CommuneRow(*GIUC_TUONG[:2], marks_met(19))])
        ),
    )
    second = load.load_bytes(
        db,
        "v2.xlsx",
        criteria_workbook(
            CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(18)), CommuneRow(*GIUC_TUONG[:2], marks_met(19))])
        ),
    )
    assert (second.rows_changed, second.rows_unchanged) == (1, 1)
    assert sum(stored(db, PHI_THONG[0]).values()) == 18
    con = duckdb.connect(str(db), read_only=True)
    history = con.execute(
        """select batch_id, superseded_by from criterion_result
                             where commune_code = ? and criterion_no = 18 order by batch_id""",
        [PHI_THONG[0]],
    ).fetchall()
    con.close()
    assert history == [(first.batch_id, second.batch_id), (second.batch_id, None)]


def test_dry_run_reports_changes_and_writes_nothing(db):
    before = db.read_bytes()
    content = criteria_workbook(CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))]))
    result = load.load_bytes(db, "tc.xlsx", content, dry_run=True)
    assert (result.status, result.rows_new, result.batch_id) == ("loaded", 1, None)
    assert db.read_bytes() == before


def test_rows_of_a_district_file_leave_other_districts_untouched(db):
    load.load_bytes(db, "a.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(16))])))
    load.load_bytes(db, "b.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))])))
    assert sum(stored(db, PHI_THONG[0]).values()) == 16
    assert batches(db) == 2
