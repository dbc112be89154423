"""Corpus files whose cells are far longer than any header, in the rows the header is looked for in:
each must be read in a fraction of a second (the benchmark times the first), and a long cell is
still read as data, never dropped."""

from __future__ import annotations

from bench.workbooks import LONG_DECISION, long_cells_workbook, long_text, with_texts
from tests.corpus.cases import Accepted, Case, Rejected
from tests.table_workbooks import RECOGNITION_HEADER, table_workbook
from tests.workbooks import CommuneRow, CriteriaSheet, criteria_workbook, marks_met


def _name_header_with_a_long_note() -> bytes:
    content = table_workbook(
        "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
        ["STT", "LONG_HEADER", *RECOGNITION_HEADER[2:]],
        [[1, "Xã Phi Thông", "Rạch Giá", "Nông thôn mới", 2023, "QĐ 12", "31/12/2024"]],
    )
    return with_texts(content, {"LONG_HEADER": long_text("Tên đơn vị ", "ghi chú ")})


def _long_names() -> bytes:
    content = criteria_workbook(CriteriaSheet([CommuneRow(None, "LONG_NAME", marks_met(19))] * 3, with_code=False))
    return with_texts(content, {"LONG_NAME": long_text("Xã ", "Phi Thông ")})


HEADER_CASES: list[Case] = [
    Case(
        "three_100k_cells_in_the_header_area",
        "title, an extra header (an alias, then words and unclosed brackets) and the decision number of the "
        "first row: 100,000 characters each, most of them one-letter words; the decision is stored whole",
        long_cells_workbook,
        Accepted("select decision_no from recognition", [(LONG_DECISION,)]),
    ),
    Case(
        "name_header_with_a_100k_note",
        "'Tên đơn vị' followed by 100,000 characters: no header, so no name column",
        _name_header_with_a_long_note,
        Rejected("unit_column_missing", "Sheet", 3),
    ),
    Case(
        "three_100k_xa_names",
        "three xã named 'Xã Phi Thông Phi Thông …' over 100,000 characters",
        _long_names,
        Rejected("commune_unknown_suggest", "Tiêu chí", 4, "B"),
    ),
]
