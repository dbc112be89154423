"""The scope of an account is enforced by the loader itself: rows outside it reject the whole file,
each named by sheet and row, whatever route the file came by."""

from __future__ import annotations

import pytest

from etl import history, load
from etl.readers.common import Record
from etl.scope import Scope
from tests.table_workbooks import targets
from tests.workbooks import (
    BINH_AN_CHAU_THANH,
    GIUC_TUONG,
    PHI_THONG,
    CommuneRow,
    CriteriaSheet,
    criteria_workbook,
    marks_met,
)

CHAU_THANH = "905"


def two_districts() -> bytes:
    return criteria_workbook(
        CriteriaSheet(
            [
                CommuneRow(*GIUC_TUONG[:2], marks_met(17)),
                CommuneRow(*PHI_THONG[:2], marks_met(19)),
                CommuneRow(*BINH_AN_CHAU_THANH[:2], marks_met(12), district="Châu Thành"),
            ],
            with_district=True,
        )
    )


def test_rows_of_another_district_reject_the_file_and_are_each_named(db):
    result = load.load_bytes(db, "chau_thanh.xlsx", two_districts(), scope=Scope.districts([CHAU_THANH]))
    assert result.status == "rejected"
    assert [(e.key, e.sheet, e.row, e.column) for e in result.errors] == [("scope_row_outside", "Tiêu chí", 5, None)]
    message = result.errors[0].message()
    assert "Thành phố Rạch Giá" in message and "Huyện Châu Thành" in message
    assert history.batches(db).empty


def test_a_file_within_the_scope_loads(db):
    rows = [CommuneRow(*GIUC_TUONG[:2], marks_met(17)), CommuneRow(*BINH_AN_CHAU_THANH[:2], marks_met(12))]
    workbook = criteria_workbook(CriteriaSheet(rows, title="KẾT QUẢ NĂM 2024 HUYỆN CHÂU THÀNH"))
    result = load.load_bytes(db, "chau_thanh.xlsx", workbook, scope=Scope.districts([CHAU_THANH]))
    assert (result.status, result.rows) == ("loaded", 2)


def test_province_wide_rows_are_outside_a_district_scope(db):
    result = load.load_bytes(db, "chi_tieu.xlsx", targets(116), scope=Scope.districts([CHAU_THANH]))
    assert [e.key for e in result.errors] == ["scope_row_province"]
    assert load.load_bytes(db, "chi_tieu.xlsx", targets(116), scope=Scope.province()).status == "loaded"


def test_an_account_that_may_write_nothing_is_refused_once_for_the_file(db):
    result = load.load_bytes(db, "chau_thanh.xlsx", two_districts(), scope=Scope.nothing())
    assert [(e.key, e.row) for e in result.errors] == [("scope_no_rights", None)]


def test_the_operator_without_a_scope_loads_everything(db):
    assert load.load_bytes(db, "toan_tinh.xlsx", two_districts()).status == "loaded"


def test_an_agency_scope_covers_the_rows_its_reader_marks_with_the_agency():
    scope = Scope.agencies(["SNNPTNT"])
    assert scope.covers(Record({"agency_code": "SNNPTNT"}, "Nhiệm vụ", 4))
    assert not scope.covers(Record({"agency_code": "SYT"}, "Nhiệm vụ", 5))
    assert not scope.covers(Record({"commune_code": "30889"}, "Tiêu chí", 4, district_code=CHAU_THANH))


@pytest.mark.parametrize(
    "scope", [Scope.province(), Scope.nothing(), Scope.districts(["908", "905"]), Scope.agencies(["SNNPTNT"])]
)
def test_a_scope_is_stored_as_text_and_read_back(scope):
    assert Scope.parse(str(scope)) == scope


def test_a_district_scope_without_districts_is_a_mistake():
    with pytest.raises(ValueError):
        Scope.districts([])
