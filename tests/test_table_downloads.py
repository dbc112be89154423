"""Every table a page shows downloads as CSV and XLSX through the same code path as the charts'
tables (ui/panels.py → presentation/exports.py), with exactly its rows: the agency status matrix and the
reports received, the upload's preview (old → new values) and its problems, the accounts (never a
password hash or a token), a batch's rows and the audit log."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from fixtures import REPORTS
from fixtures import open_page as open_dashboard_page
from openpyxl import load_workbook
from test_exports import table_rows, tables_with_downloads

from analytics import agency_reports
from etl import auth, warehouse
from etl.scope import Scope
from presentation import exports
from tests.account_support import (
    AN_BIEN,
    PASSWORD,
    TAY_YEN,
    an_bien,
    app,
    choose,
    open_page,
    session,
)
from tests.workbooks import CommuneRow, CriteriaSheet, criteria_workbook, marks_met

pytestmark = pytest.mark.database("an_bien")

FORMULA = '=HYPERLINK("http://x","Bấm vào đây")'


def csv_file(files: dict, name: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(_content(files, name)), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def xlsx_file(files: dict, name: str):
    return load_workbook(io.BytesIO(_content(files, name))).active


def _content(files: dict, name: str) -> bytes:
    return next(data() for file_name, data in files.values() if file_name == name)


def every_table_downloads_as_shown(at, files) -> None:
    tables = tables_with_downloads(at.main, files)
    assert tables
    for shown, csv, xlsx in tables:
        shown = shown.reset_index() if shown.index.name else shown  # rows named by the index: a column in files
        shown = shown.map(exports.neutralise)  # formula-looking text is the one difference
        assert table_rows(pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)) == table_rows(shown)
        assert table_rows(pd.read_excel(io.BytesIO(xlsx), dtype=str, engine="calamine")) == table_rows(shown)


@pytest.mark.database("movement")
def test_the_status_matrix_and_the_reports_received_download_with_theirtable_rows(db, downloads):
    with warehouse.transaction(db) as con:  # an agency's text that a spreadsheet would run
        con.execute("update agency_report set summary = ? where agency_code = 'VPDP'", [FORMULA])
    at = open_dashboard_page("agency_reports", {"as_of": "2025-03-31"})
    assert not at.exception

    names = agency_reports.agencies(db).set_index("agency_code")["short_name_vi"]
    matrix = csv_file(downloads, "ma-tran-tinh-trang.csv")
    assert matrix.columns[0] == "Cơ quan"  # the rows' names, shown as the index, are in the files
    # The responsible agencies, Sở NN&MT among them since task 2 passed to it on 1/3/2025.
    assert set(matrix["Cơ quan"]) == set(names[["SNV", "UBND908", "SNNPTNT", "SNNMT"]])
    assert set(matrix.columns[1:]) == {"Nhiệm vụ 1", "Nhiệm vụ 2"}

    received = csv_file(downloads, "bao-cao-da-nhan.csv")
    assert len(received) == len(REPORTS)
    assert sorted(received["Cơ quan"]) == sorted(names[[report[0] for report in REPORTS]])
    assert "Đã kiểm tra 3 huyện." in set(received["Nội dung báo cáo"])
    assert "'" + FORMULA in set(received["Nội dung báo cáo"])
    sheet = xlsx_file(downloads, "bao-cao-da-nhan.xlsx")
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    every_table_downloads_as_shown(at, downloads)


def test_the_upload_preview_downloads_the_old_and_new_values(db, downloads, monkeypatch):
    token = session(db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))
    at = open_page(app(monkeypatch, token), "pages/upload.py")
    at = choose(at, "an_bien_sua.xlsx", an_bien(19, 17))
    assert not at.exception

    changed = csv_file(downloads, "an_bien_sua-gia-tri-thay-doi.csv")
    assert changed["Mục"].tolist() == ["Tiêu chí 16", "Tiêu chí 17", "Tiêu chí 18", "Tiêu chí 19"]
    assert set(zip(changed["Giá trị đang dùng"], changed["Giá trị mới"], strict=True)) == {("Chưa đạt", "Đạt")}
    by_district = csv_file(downloads, "an_bien_sua-theo-huyen-nam.csv")
    assert by_district.to_dict("records") == [
        {"Huyện, thành phố": "Huyện An Biên", "Năm": "2024", "Mới": "0", "Thay đổi": "1", "Không đổi": "1"}
    ]
    every_table_downloads_as_shown(at, downloads)


def test_the_upload_problems_download_as_a_table(db, downloads, monkeypatch):
    token = session(db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))
    at = open_page(app(monkeypatch, token), "pages/upload.py")
    marks = marks_met(19)
    marks[4] = "có lẽ"
    at = choose(at, "loi.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*TAY_YEN, marks, total=19)])))
    problems = csv_file(downloads, "loi-loi.csv")
    assert problems.iloc[0][["Loại", "Trang", "Dòng", "Cột"]].tolist() == ["Lỗi", "Tiêu chí", "4", "H"]
    every_table_downloads_as_shown(at, downloads)


def test_the_accounts_download_without_password_hashes_or_tokens(db, downloads, monkeypatch):
    token = session(db, "quan_tri", auth.ADMIN)
    analyst_token = session(db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))
    at = open_page(app(monkeypatch, token), "pages/users.py")
    assert not at.exception

    accounts = csv_file(downloads, "nguoi-dung.csv")
    assert accounts.columns.tolist() == ["Tên đăng nhập", "Họ tên", "Vai trò", "Phạm vi tải dữ liệu", "Trạng thái"]
    assert sorted(accounts["Tên đăng nhập"]) == ["an_bien", "quan_tri"]
    store = auth.Accounts(auth.store_path(db))
    with store._connect() as con:
        secrets = [
            row[0] for row in con.execute("select password_hash from account union all select token_hash from session")
        ]
    secrets += [PASSWORD, token, analyst_token]
    files = _content(downloads, "nguoi-dung.csv").decode("utf-8-sig")
    with io.BytesIO(_content(downloads, "nguoi-dung.xlsx")) as xlsx:
        files += repr([row for row in load_workbook(xlsx).active.iter_rows(values_only=True)])
    assert len(secrets) == 7
    assert [secret[:6] for secret in secrets if secret in files] == []
    every_table_downloads_as_shown(at, downloads)


def test_the_batch_list_a_batchs_rows_and_the_audit_log_download(db, downloads, monkeypatch):
    at = open_page(app(monkeypatch, session(db, "quan_tri", auth.ADMIN)), "pages/history.py")
    assert not at.exception
    names = [file_name for file_name, _ in downloads.values()]
    assert {"lich-su-tai.csv", "nhat-ky.csv"} <= set(names)
    assert any(name.startswith("lan-tai-1-") for name in names)
    assert "Đăng nhập" in set(csv_file(downloads, "nhat-ky.csv").iloc[:, 1:].to_numpy().ravel())  # the sign-in, named
    every_table_downloads_as_shown(at, downloads)


@pytest.mark.database("movement")
def test_every_table_of_the_movement_page_downloads_as_shown(shared_db, downloads):
    at = open_dashboard_page("movement")
    assert not at.exception
    every_table_downloads_as_shown(at, downloads)
