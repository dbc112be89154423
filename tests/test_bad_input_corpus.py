"""Every file of the bad-input corpus (tests/corpus/cases.py, file_cases.py …) is accepted with the right values or
rejected with its precise message, pinned to its place; a rejected file leaves the database's bytes
exactly as they were, and no file raises. The warehouse holds the units of every date (Kiên Giang's
until 30/6/2025, the new An Giang's from 1/7/2025), as the files of 2026 need."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from etl import highlight, load
from ntm import db as database
from tests.corpus.agency_cases import AGENCY_CASES
from tests.corpus.cases import CASES, Accepted, Case
from tests.corpus.file_cases import FILE_CASES
from tests.corpus.header_cases import HEADER_CASES
from tests.corpus.period_cases import PERIOD_CASES
from tests.corpus.value_cases import VALUE_CASES, Said

ALL_CASES = CASES + VALUE_CASES + HEADER_CASES + AGENCY_CASES + FILE_CASES + PERIOD_CASES


def test_the_corpus_covers_at_least_forty_files_with_distinct_names():
    assert len(ALL_CASES) >= 40
    assert len({case.name for case in ALL_CASES}) == len(ALL_CASES)


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_each_corpus_file_gives_its_outcome_and_a_rejection_writes_nothing(case: Case, db, tmp_path):
    before = db.read_bytes()
    result = load.load_bytes(db, case.file_name, case.build())
    expected = case.expect
    if isinstance(expected, Accepted):
        assert result.status == "loaded", [p.as_json() for p in result.errors]
        assert [tuple(row) for row in database.query(db, expected.query).itertuples(index=False)] == expected.rows
        if expected.warning:
            assert expected.warning in [p.key for p in result.warnings]
        return
    assert result.status == "rejected"
    first = result.errors[0]
    place = (
        first.key,
        first.sheet if expected.sheet else None,
        first.row if expected.row else None,
        first.column_letter if expected.column else None,
    )
    assert place == (expected.key, expected.sheet, expected.row, expected.column)
    assert first.message("vi") and first.message("en") and "{" not in first.message("vi")
    if isinstance(expected, Said):
        for lang, words in (("vi", expected.says), ("en", expected.says_en)):
            said = f"{first.where(lang)}: {first.message(lang)}"
            assert [word for word in words if word not in said] == [], said
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.writing"))


def test_a_100k_xa_name_is_quoted_by_its_start_on_screen_in_json_and_in_the_marked_copy(db):
    case = next(case for case in ALL_CASES if case.name == "three_100k_xa_names")
    content = case.build()
    result = load.load_bytes(db, case.file_name, content)
    start = "“Xã Phi Thông Phi Thông Phi Thông Phi Thông Phi Thông Phi…”"
    for lang in ("vi", "en"):
        messages = [problem.message(lang) for problem in result.errors]
        assert len(messages) == 3 and all(start in message and len(message) < 250 for message in messages), messages
        as_json = result.as_json(lang)
        assert [error["message"] for error in as_json["errors"]] == messages
        assert len(json.dumps(as_json, ensure_ascii=False)) < 2_000
    book = openpyxl.load_workbook(io.BytesIO(highlight.marked_workbook(case.file_name, content, result.problems)))
    comment = book["Tiêu chí"]["B4"].comment.text
    assert start in comment and len(comment) < 250
    listed = [row[4] for row in book[highlight.SUMMARY_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listed == [problem.message("vi") for problem in result.problems]
    assert len(book["Tiêu chí"]["B4"].value) > 99_000  # the copy is the file: its cell is kept whole
