"""The bad-input corpus, values and rules: files that used to load wrong data without a word (or
crash), each with the place and words its rejection must give, or the figures it must load.

``Said`` is a rejection whose message (with its place) must also contain some words, in Vietnamese
and in English: both sources of a disagreement, the range, the xã and the criterion beside the place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import openpyxl

from ntm import config
from tests.corpus.cases import Accepted, Case, Rejected, _criteria, _giuc_tuong, _patched, _recognition, _target
from tests.table_workbooks import RECOGNITION_HEADER, table_workbook
from tests.workbooks import CRITERIA, GIUC_TUONG, PHI_THONG, CommuneRow, marks_met, save


@dataclass(frozen=True)
class Said(Rejected):
    says: tuple[str, ...] = ()  # in "where: message", Vietnamese
    says_en: tuple[str, ...] = ()  # the same, English


# A number written where a figure must become infinity or NaN: openpyxl cannot write those, so the
# sheet's XML is patched.
_PLACEHOLDER = 424242
_CRITERIA_SHEET = "Tiêu chí"
_CRITERIA_HEADER = ["STT", "Mã xã", "Tên xã", *(f"TC{n}" for n in CRITERIA)]
_TITLE_2024 = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2024"
_CONTRIBUTION_HEADER = [
    "STT",
    "Đơn vị",
    "Ngân sách trung ương (triệu đồng)",
    "Ngân sách địa phương (triệu đồng)",
    "Đất hiến (m²)",
    "Ngày công",
]
_MARKS_IN_FORCE = "select count(*) from criterion_result where commune_code = '{}' and met and superseded_by is null"
_WORKDAYS = "select value from contribution where item_code = 'workdays'"
_SAMPLE_FLAGS = "select is_sample, (select value from meta where key = 'sample_data') from batch"
_RACH_GIA_SAMPLE = "tieu_chi_2024_rach_gia.xlsx"  # one xã, Phi Thông, every criterion met ("✓" in D6:V6)


def _contribution(central: object = 10, workdays: object = 100, land: object = 0) -> bytes:
    """An Biên's 2024 contributions: central budget (column C, triệu đồng), local 5, land (E), work days (F)."""
    return table_workbook(
        "KẾT QUẢ HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NÔNG THÔN MỚI NĂM 2024",
        _CONTRIBUTION_HEADER,
        [[1, "An Biên", central, 5, land, workdays]],
    )


def _not_finite(build, written: bytes) -> bytes:
    """The workbook ``build`` makes from the placeholder number, with the number cell holding ``written``."""
    return _patched(build(_PLACEHOLDER), f"<v>{_PLACEHOLDER}</v>".encode(), b"<v>" + written + b"</v>")


def _criteria_table(
    rows: list[list],
    title_rows: tuple[str, ...] = (_TITLE_2024,),
    sheet: str = _CRITERIA_SHEET,
    header: list[str] = _CRITERIA_HEADER,
) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in [*([line] for line in title_rows), [], header, *rows]:
        book.active.append(row)
    return save(book)


def _xa(code_name: tuple[str, ...], met: int = 19) -> list:
    return [None, *code_name[:2], *marks_met(met)]


def _mark(mark: str) -> bytes:
    """Xã Giục Tượng with ``mark`` in TC1 (column D), every other criterion met, and no total to check."""
    return _criteria(_giuc_tuong(marks=[mark, *marks_met(19)[1:]]), with_total=False)


def _bundled_sample(change: bool) -> bytes:
    path = config.SAMPLE_DIR / _RACH_GIA_SAMPLE
    if not change:
        return path.read_bytes()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["D6"], sheet["W6"] = None, 18  # Phi Thông's TC1 not met: someone's real figure under a sample title
    return save(book)


VALUE_CASES: list[Case] = [
    # Infinity and NaN where a figure must be
    Case(
        "money_text_nan",
        "'nan' as the central budget",
        lambda: _contribution(central="nan"),
        Said("number_not_finite", "Sheet", 4, "C", says=("“nan”",)),
    ),
    Case(
        "money_text_1e309",
        "'1e309' (beyond the largest float) as the central budget",
        lambda: _contribution(central="1e309"),
        Rejected("number_not_finite", "Sheet", 4, "C"),
    ),
    Case(
        "money_cell_infinity",
        "a number cell holding 1e309, read as infinity",
        lambda: _not_finite(lambda v: _contribution(central=v), b"1e309"),
        Rejected("number_not_finite", "Sheet", 4, "C"),
    ),
    Case(
        "workdays_cell_nan",
        "a number cell holding NaN as the work days",
        lambda: _not_finite(lambda v: _contribution(workdays=v), b"NaN"),
        Rejected("number_not_finite", "Sheet", 4, "F"),
    ),
    Case(
        "workdays_text_inf",
        "'inf' as the work days",
        lambda: _contribution(workdays="inf"),
        Rejected("number_not_finite", "Sheet", 4, "F"),
    ),
    # Plausible ranges, declared with each dataset
    Case(
        "workdays_out_of_range",
        "10^12 work days",
        lambda: _contribution(workdays=1e12),
        Said(
            "value_out_of_range",
            "Sheet",
            4,
            "F",
            says=("0 – 100.000.000", "An Biên, Ngày công"),
            says_en=("0 – 100,000,000",),
        ),
    ),
    Case(
        "money_out_of_range",
        "5.000.000.000 in a column of triệu đồng: 5 × 10^15 đồng",
        lambda: _contribution(central="5.000.000.000"),
        Said(
            "amount_out_of_range",
            "Sheet",
            4,
            "C",
            says=("là 5.000.000.000.000.000 đồng", "0 – 100.000.000.000.000 đồng"),
            says_en=("100,000,000,000,000 đồng",),
        ),
    ),
    Case(
        "land_out_of_range",
        "10^9 m² of land donated in a year",
        lambda: _contribution(land=1_000_000_000),
        Rejected("amount_out_of_range", "Sheet", 4, "E"),
    ),
    Case(
        "workdays_in_range",
        "2.500 work days",
        lambda: _contribution(workdays="2.500"),
        Accepted(_WORKDAYS, [(2500.0,)]),
    ),
    Case(
        "decision_date_1900",
        "a decision dated 28/02/1900 (a date cell) for a 2023 recognition",
        lambda: _recognition(dt.datetime(1900, 2, 28)),
        Said("value_out_of_range", "Sheet", 4, "G", says=("28/02/1900", "01/01/2010 – 31/12/2031", "Xã Phi Thông")),
    ),
    Case(
        "decision_before_its_year",
        "a decision of 15/06/2022 recognising the standard met in 2023",
        lambda: _recognition("15/06/2022"),
        Said("decision_before_assessment_year", "Sheet", 4, "G", says=("15/06/2022", "2023")),
    ),
    Case(
        "target_out_of_range",
        "a target of 1.000.000 xã",
        lambda: _target("1.000.000"),
        Said("value_out_of_range", "Sheet", 4, "E", says=("“1.000.000”", "0 – 10.000")),
    ),
    # Where the year comes from
    Case(
        "title_year_2099_file_2024",
        "the title says NĂM 2099, the file's name 2024",
        lambda: _criteria(_giuc_tuong(), title="KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2099"),
        Said(
            "year_sources_disagree",
            _CRITERIA_SHEET,
            1,
            says=("tiêu đề ghi năm 2099", "tên tệp “tieu_chi_2024.xlsx” ghi năm 2024"),
            says_en=("the title says 2099", "the file name “tieu_chi_2024.xlsx” says 2024"),
        ),
        "tieu_chi_2024.xlsx",
    ),
    Case(
        "title_year_2099_alone",
        "the title says NĂM 2099 and nothing else gives a year",
        lambda: _criteria(_giuc_tuong(), title="KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2099"),
        Said("year_out_of_range", _CRITERIA_SHEET, 1, says=("2099", "2015–2030")),
    ),
    Case(
        "year_column_disagrees_with_title",
        "a Năm cell of 2023 under a title for 2024",
        lambda: _criteria(_giuc_tuong(year=2023), with_year=True),
        Said("year_sources_disagree", _CRITERIA_SHEET, 4, "D", says=("cột Năm ghi năm 2023", "tiêu đề ghi năm 2024")),
    ),
    Case(
        "sheet_name_disagrees_with_title",
        "a sheet named “Năm 2023” under a title for 2024",
        lambda: _criteria_table([_xa(GIUC_TUONG)], sheet="Năm 2023"),
        Said("year_sources_disagree", "Năm 2023", 1, says=("tên trang “Năm 2023” ghi năm 2023",)),
    ),
    Case(
        "dates_and_year_span_state_no_year",
        "“ngày 15 tháng 01 năm 2025” and “cập nhật 20/01/2025” above a 2024 title, file named for 2021–2025: "
        "the year is the title's",
        lambda: _criteria_table(
            [_xa(GIUC_TUONG)],
            title_rows=("Kiên Giang, ngày 15 tháng 01 năm 2025", "(cập nhật 20/01/2025)", _TITLE_2024),
        ),
        Accepted("select distinct year from criterion_result", [(2024,)]),
        "bao_cao_2021_2025.xlsx",
    ),
    # Columns
    Case(
        "criterion_column_twice",
        "TC1…TC19, then a second column headed TC5 (H and W)",
        lambda: _criteria_table([[*_xa(GIUC_TUONG), None]], header=[*_CRITERIA_HEADER, "TC5"]),
        Said("criterion_column_repeated", _CRITERIA_SHEET, 3, "W", says=("Tiêu chí 5 có hai cột (H và W)",)),
    ),
    # Rows that are not data
    Case(
        "section_headings_in_criteria",
        "headings “I | Các xã đạt chuẩn”, “II. Các xã chưa đạt”, “A. Khu vực nông thôn” between the xã",
        lambda: _criteria_table(
            [
                ["A. Khu vực nông thôn"],
                ["I", None, "Các xã đạt chuẩn"],
                _xa(GIUC_TUONG),
                [None, None, "II. Các xã chưa đạt"],
                _xa(PHI_THONG, 12),
            ]
        ),
        Accepted("select count(distinct commune_code), sum(met::int) from criterion_result", [(2, 31)]),
    ),
    Case(
        "section_heading_in_recognitions",
        "a heading “I. Cấp xã” above the decisions",
        lambda: table_workbook(
            "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN",
            RECOGNITION_HEADER,
            [["I. Cấp xã"], [1, "Xã Phi Thông", "Rạch Giá", "Nông thôn mới", 2023, "QĐ 12", "31/12/2023"]],
        ),
        Accepted("select unit_code from recognition", [(PHI_THONG[0],)]),
    ),
    # Marks that hedge
    *(
        Case(
            f"mark_uncertain_{name}",
            f"“{mark}” as a criterion mark",
            lambda mark=mark: _mark(mark),
            Said("mark_uncertain", _CRITERIA_SHEET, 4, "D", says=(f"“{mark}”", "Ghi “x”")),
        )
        for name, mark in (("dat_question", "Đạt?"), ("x_question", "x?"), ("bracketed", "(x)"), ("both", "đạt/chưa"))
    ),
    # Sample data is the bundled files, byte for byte
    Case(
        "bundled_sample_is_sample",
        "the bundled sample workbook of Rạch Giá, as it is",
        lambda: _bundled_sample(change=False),
        Accepted(_SAMPLE_FLAGS, [(True, "true")]),
        _RACH_GIA_SAMPLE,
    ),
    Case(
        "changed_sample_is_not_sample",
        "the same workbook, titled “DỮ LIỆU MẪU”, with one mark changed",
        lambda: _bundled_sample(change=True),
        Accepted(_SAMPLE_FLAGS, [(False, "false")]),
        _RACH_GIA_SAMPLE,
    ),
    # Invisible characters and what messages name
    Case(
        "invisible_characters_in_name",
        "BOM, zero-width space and non-joiner, soft hyphen, word joiner inside “Xã Giục Tượng”",
        lambda: _criteria(
            CommuneRow(None, "\ufeffXã Giục\u200b Tư\u200cợ\u00adng\u2060", marks_met(19)), with_code=False
        ),
        Accepted(_MARKS_IN_FORCE.format(GIUC_TUONG[0]), [(19,)]),
    ),
    Case(
        "message_names_xa_and_criterion",
        "“có lẽ” in TC3 (column F) of Xã Giục Tượng",
        lambda: _criteria(_giuc_tuong(marks=["x", "x", "có lẽ", *marks_met(19)[3:]])),
        Said(
            "mark_invalid",
            _CRITERIA_SHEET,
            4,
            "F",
            says=("dòng 4, cột F — Xã Giục Tượng, TC3",),
            says_en=("row 4, column F — Xã Giục Tượng, criterion 3",),
        ),
    ),
]
