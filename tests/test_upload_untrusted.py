"""The upload page (AppTest) given every file of the bad-input corpus at once: each gets its verdict
and nothing raises; the copy with the problems marked is offered only for files whose sheets could
be read (and that have problems), and made only when its button is clicked (in the sandbox), once."""

from __future__ import annotations

import io
from pathlib import PurePath

import openpyxl
import pytest

from etl import auth
from etl.highlight import SUMMARY_SHEET
from etl.scope import Scope
from tests.account_support import XLSX, app, open_page, session
from tests.corpus.cases import Rejected
from tests.dated_units import with_units_from_2025
from tests.test_bad_input_corpus import ALL_CASES

pytestmark = pytest.mark.database("an_bien")

CORPUS = ALL_CASES
# Rejections of a file whose sheets were never read: there is nothing to mark in it.
UNREADABLE = {
    "file_empty",
    "file_corrupt",
    "file_not_xlsx",
    "file_zip_bomb",
    "file_too_large",
    "file_not_readable",
    "file_encrypted",
    "file_xml_doctype",
    "shared_strings_too_many",
    "styles_too_many",
    "workbook_no_sheets",
    "sheet_too_many_rows",
    "sheet_too_many_columns",
    "sheet_too_many_cells",
    "sheet_cell_too_far",
}
MARKED_LABEL = "Tải bản đánh dấu lỗi (.xlsx)"


@pytest.mark.slow
def test_every_corpus_file_gets_its_verdict_and_only_readable_ones_a_marked_copy_made_on_click(
    db, downloads, monkeypatch
):
    with_units_from_2025(db)  # the corpus's files of 2026 name the new xã
    at = open_page(app(monkeypatch, session(db, "tinh", auth.ANALYST, Scope.province())), "pages/upload.py")
    names = {f"{number:02d}_{case.name}{PurePath(case.file_name).suffix}": case for number, case in enumerate(CORPUS)}
    at.file_uploader(key="files_0").set_value([(name, case.build(), XLSX) for name, case in names.items()])
    at = at.run(timeout=600)
    assert not at.exception

    verdicts = {
        element.value.split(":")[0].split(" (")[0][2:]: element.value[0]
        for element in [*at.error, *at.success, *at.info]
        if element.value[:2] in ("✗ ", "✓ ", "= ")
    }
    assert verdicts == {name: "✗" if isinstance(case.expect, Rejected) else "✓" for name, case in names.items()}

    markable = [
        name
        for name, case in names.items()  # rejected once read, or read with a warning
        if (case.expect.key not in UNREADABLE if isinstance(case.expect, Rejected) else case.expect.warning)
    ]
    buttons = [button for button in at.main.get("download_button") if button.proto.label == MARKED_LABEL]
    marked = [downloads[button.proto.deferred_file_id] for button in buttons]  # deferred: a callable each
    assert [file_name for file_name, _ in marked] == [f"{PurePath(name).stem}_danh_dau_loi.xlsx" for name in markable]
    assert at.session_state["upload_marked"] == {}  # none made while the page was drawn

    build = marked[0][1]
    copy = build()
    assert build() is copy  # made once
    book = openpyxl.load_workbook(io.BytesIO(copy))
    assert book.sheetnames[0] == SUMMARY_SHEET
    assert book[SUMMARY_SHEET].max_row >= 2
    assert len(at.session_state["upload_marked"]) == 1
