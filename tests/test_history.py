"""Undoing a batch puts back exactly the values in force before it — for every dataset — is itself
recorded, and is refused (changing nothing) when a later batch built on it."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analytics import overview
from etl import auth, history, load, warehouse
from etl.readers import READERS
from ntm import config
from ntm import db as database
from tests.account_support import app, open_page, session
from tests.table_workbooks import RECOGNITION_HEADER, TARGET_HEADER, criteria, recognitions, table_workbook, targets
from tests.workbooks import GIUC_TUONG, PHI_THONG, VINH_HOA_HUNG_NAM, CommuneRow, marks_met

FIRST = {
    "criteria": criteria(CommuneRow(*PHI_THONG[:2], marks_met(12)), CommuneRow(*GIUC_TUONG[:2], marks_met(19))),
    "recognitions": recognitions("15/03/2024"),
    "targets": targets(110),
}
CORRECTION = {  # each changes a value in force and adds one where there was none
    "criteria": criteria(CommuneRow(*PHI_THONG[:2], marks_met(14)), CommuneRow(*VINH_HOA_HUNG_NAM[:2], marks_met(9))),
    "recognitions": table_workbook(
        "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
        RECOGNITION_HEADER,
        [
            [1, "Xã Phi Thông", "Rạch Giá", "Nông thôn mới", 2023, "QĐ 12/QĐ-UBND", "20/03/2024"],
            [2, "Xã Giục Tượng", "Châu Thành", "Nông thôn mới", 2024, "QĐ 99/QĐ-UBND", "01/12/2024"],
        ],
    ),
    "targets": table_workbook(
        "CHỈ TIÊU KẾ HOẠCH",
        TARGET_HEADER,
        [
            [1, "Toàn tỉnh", "Số xã đạt chuẩn nông thôn mới", 2025, 116],
            [2, "Huyện Châu Thành", "Số xã đạt chuẩn nông thôn mới", 2025, 9],
        ],
    ),
}


def first_loads(path):
    """A warehouse with each of FIRST loaded by "op"."""
    warehouse.init(path)
    for name, content in FIRST.items():
        assert load.load_bytes(path, f"{name}.xlsx", content, user="op").status == "loaded"
    return path


pytestmark = pytest.mark.database.with_args(first_loads)  # (called with a function alone, a mark decorates it)


def in_force(db) -> dict[str, str]:
    """Every value in force, table by table, and the headline figures, as text to compare exactly."""
    tables = {reader.STORE.table for reader in READERS.values()}
    snapshot = {
        table: database.query(db, f"select * from {table} where superseded_by is null order by all").to_csv()
        for table in sorted(tables)
    }
    snapshot["summary"] = json.dumps(overview.summary(db, 2024), sort_keys=True, default=str)
    return snapshot


@pytest.mark.parametrize("dataset", list(CORRECTION))
def test_rollback_restores_exactly_the_values_in_force_before_the_batch(db, dataset):
    before = in_force(db)
    loaded = load.load_bytes(db, "sua.xlsx", CORRECTION[dataset], user="an")
    assert (loaded.status, loaded.rows_new, loaded.rows_changed) == ("loaded", 1, 1)
    assert in_force(db) != before

    done = history.rollback(db, loaded.batch_id, "an")
    assert in_force(db) == before
    assert done.rows_restored > 0 and done.rows_withdrawn > done.rows_restored


def test_the_rollback_is_recorded_and_the_rows_the_batch_brought_stay_readable(db):
    loaded = load.load_bytes(db, "sua.xlsx", CORRECTION["criteria"], user="an")
    done = history.rollback(db, loaded.batch_id, "admin")
    batches = history.batches(db).set_index("batch_id")
    assert batches.at[loaded.batch_id, "status"] == "rolled_back"
    assert batches.at[loaded.batch_id, "undone_by"] == done.batch_id
    assert (batches.at[done.batch_id, "status"], batches.at[done.batch_id, "user_name"]) == ("rollback", "admin")
    assert batches.at[done.batch_id, "undoes"] == loaded.batch_id
    brought = history.batch_preview(db, loaded.batch_id)["criterion_result"]
    assert set(brought.first_rows["unit_name"]) == {"Xã Phi Thông", "Xã Vĩnh Hòa Hưng Nam"}
    assert set(brought.first_rows["superseded_by"]) == {done.batch_id}
    assert brought.total == len(brought.first_rows)  # fewer than PREVIEW_ROWS: all shown
    rolled_back = history.batch_preview(db, done.batch_id)  # the rows the rollback took out of force
    assert rolled_back["criterion_result"].first_rows.equals(brought.first_rows)
    with pytest.raises(history.RollbackRefused, match="rollback_already"):
        history.rollback(db, loaded.batch_id, "admin")
    with pytest.raises(history.RollbackRefused, match="rollback_of_rollback"):
        history.rollback(db, done.batch_id, "admin")


def test_a_batch_that_later_batches_built_on_is_refused_until_they_are_undone(db):
    before = in_force(db)
    first = load.load_bytes(db, "sua.xlsx", CORRECTION["criteria"], user="an").batch_id
    # The second file takes back criterion 14, a value the first batch wrote.
    second = load.load_bytes(
        db, "sua_lan_2.xlsx", criteria(CommuneRow(*PHI_THONG[:2], marks_met(13))), user="an"
    ).batch_id
    after_both = in_force(db)
    with pytest.raises(history.RollbackRefused) as refused:
        history.rollback(db, first, "an")
    assert f"#{second}" in refused.value.message()
    assert in_force(db) == after_both  # refused means nothing changed
    history.rollback(db, second, "an")
    history.rollback(db, first, "an")
    assert in_force(db) == before


def test_values_a_later_batch_changed_elsewhere_stay_when_an_earlier_batch_is_undone(db):
    first = load.load_bytes(db, "sua.xlsx", criteria(CommuneRow(*PHI_THONG[:2], marks_met(14))), user="an")
    load.load_bytes(db, "giuc_tuong.xlsx", criteria(CommuneRow(*GIUC_TUONG[:2], marks_met(18))), user="an")
    history.rollback(db, first.batch_id, "an")
    met = database.query(
        db,
        "select commune_code, sum(met::int) as met from criterion_result"
        " where superseded_by is null group by all order by all",
    )
    assert met.values.tolist() == [[PHI_THONG[0], 12], [GIUC_TUONG[0], 18]]


def test_an_analyst_may_undo_only_their_own_batches(db):
    theirs = load.load_bytes(db, "sua.xlsx", CORRECTION["targets"], user="chau_thanh").batch_id
    with pytest.raises(history.RollbackRefused, match="rollback_not_own"):
        history.rollback(db, theirs, "an_bien", own_only=True)
    assert history.rollback(db, theirs, "chau_thanh", own_only=True).undone == theirs


def test_unknown_batch_is_refused(db):
    with pytest.raises(history.RollbackRefused, match="rollback_unknown"):
        history.rollback(db, 999, "admin")


def test_undoing_real_figures_over_the_sample_brings_back_sample_only_viewing(tmp_path):
    path = tmp_path / "ntm.duckdb"
    load.load_path(path, config.SAMPLE_DIR / "tieu_chi_2024_rach_gia.xlsx")  # Xã Phi Thông, every criterion met
    assert history.only_sample_data(path)
    real = load.load_bytes(path, "that.xlsx", criteria(CommuneRow(*PHI_THONG[:2], marks_met(13))))
    assert not history.only_sample_data(path)
    history.rollback(path, real.batch_id, "admin")
    assert history.only_sample_data(path)
    assert overview.data_status(path)["sample_data"]


def test_a_batch_shows_its_first_rows_and_counts_them_all_and_downloads_them_all(db, monkeypatch):
    monkeypatch.setattr(history, "PREVIEW_ROWS", 5)
    first = int(history.batches(db).set_index("dataset").at["criteria", "batch_id"])
    brought = history.batch_preview(db, first)
    whole = history.batch_rows(db, first, "criterion_result")
    assert brought["criterion_result"].total == len(whole) > 5
    assert brought["criterion_result"].first_rows.equals(whole.head(5))
    assert list(whole.columns[:2]) == ["commune_code", "unit_name"]
    assert whole[["commune_code", "year", "criterion_no"]].equals(
        whole[["commune_code", "year", "criterion_no"]].sort_values(["commune_code", "year", "criterion_no"])
    )
    assert set(brought) == {"criterion_result"}  # tables the batch brought nothing to are left out


@pytest.mark.database("an_bien")
def test_the_page_shows_a_large_batchs_first_rows_with_the_count_and_downloads_every_row(db, monkeypatch, downloads):
    monkeypatch.setattr(history, "PREVIEW_ROWS", 10)
    at = open_page(app(monkeypatch, session(db, "quan_tri", auth.ADMIN)), "pages/history.py")
    assert not at.exception
    total = history.batch_preview(db, 1)["criterion_result"].total
    assert total > 10
    assert f"Kết quả thực hiện tiêu chí xã nông thôn mới: 10 / {total} dòng" in " ".join(c.value for c in at.caption)
    assert len(at.dataframe[1].value) == 10
    csv = next(data() for name, data in downloads.values() if name == "lan-tai-1-criterion_result.csv")
    assert len(pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)) == total
