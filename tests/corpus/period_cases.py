"""The bad-input corpus, over time: files of 2026 (the 10 criteria of QĐ 51/2025/QĐ-TTg, the xã of the
new An Giang from 1/7/2025) and files that mix up the sets, the units or the district level.

A year's criteria set and its units come from data/reference: 2024 is read against the 19 criteria
and Kiên Giang's units, 2026 against the 10 criteria and the new xã; a recognition names its unit as
it was on the decision's day (``etl init`` loads the units of every date)."""

from __future__ import annotations

import io

import openpyxl

from tests.corpus.cases import Accepted, Case
from tests.corpus.value_cases import Said
from tests.table_workbooks import table_workbook
from tests.workbooks import save

_TITLE = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}"
_SHEET = "Sheet"
_RESULTS_2026 = """
    select commune_code, count(*), count(*) filter (met) from criterion_result
    where year = 2026 and superseded_by is null group by all order by all
"""
_RECOGNITIONS = "select unit_code, level_code, action, decision_kind, assessment_year from recognition order by all"
_TARGETS = "select scope_code, measure_code, target_year, target_value from target order by all"
_INDICATORS = "select commune_code, year, indicator_code, value_number from indicator_value order by all"
# New xã of 1/7/2025 (data/reference/admin_units_2025.csv): Xã An Biên took the code of the old
# Thị trấn Thứ Ba, 30985; Xã Tây Yên kept its own; Xã U Minh Thượng took old Xã An Minh Bắc's.
AN_BIEN, TAY_YEN, U_MINH_THUONG = "30985", "30988", "31027"


def criteria_sheet(
    year: int, names: list[object], count: int = 10, marks: int = 10, header: list[str] | None = None
) -> bytes:
    """A criteria sheet of ``year``: STT, Mã xã, Tên xã, ``count`` criterion columns (TC1…), the total;
    one row per (code, name) in ``names``, its first ``marks`` criteria met."""
    criteria = header or [f"TC{n}" for n in range(1, count + 1)]
    rows = [
        [number, code, name, *("x" if n < marks else None for n in range(count)), min(marks, count)]
        for number, (code, name) in enumerate(names, start=1)
    ]
    return table_workbook(_TITLE.format(year=year), ["STT", "Mã xã", "Tên xã", *criteria, "Tổng số"], rows)


def _with_district(district: str) -> bytes:
    return table_workbook(
        _TITLE.format(year=2026),
        ["STT", "Tên xã", "Huyện", *(f"TC{n}" for n in range(1, 11))],
        [[1, "Xã An Biên", district, *["x"] * 10]],
    )


def _recognitions(*rows: list) -> bytes:
    return table_workbook(
        "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN SAU SẮP XẾP",
        ["STT", "Tên đơn vị", "Mức công nhận", "Hình thức", "Năm đạt chuẩn", "Số quyết định", "Ngày quyết định"],
        [[number, *row] for number, row in enumerate(rows, start=1)],
    )


def _targets(*rows: list) -> bytes:
    return table_workbook(
        "CHỈ TIÊU KẾ HOẠCH GIAI ĐOẠN 2026–2030",
        ["STT", "Phạm vi", "Chỉ tiêu", "Năm mục tiêu", "Giá trị mục tiêu", "Văn bản"],
        [[number, *row] for number, row in enumerate(rows, start=1)],
    )


def _with_indicators() -> bytes:
    """Xã An Biên's 2026 results and, on a second sheet, a value of an indicator code not (yet) listed."""
    book = openpyxl.load_workbook(io.BytesIO(criteria_sheet(2026, [(AN_BIEN, "Xã An Biên")])))
    sheet = book.create_sheet("Chỉ tiêu")
    sheet.append(["STT", "Mã xã", "Tên xã", "Mã chỉ tiêu", "Giá trị"])
    sheet.append([1, AN_BIEN, "Xã An Biên", "7.4", 82.5])
    return save(book)


_NEW_XA_ANY_SPELLING = [
    (AN_BIEN, "Xã An Biên"),  # the code of the old Thị trấn Thứ Ba names the new xã in 2026
    (None, "x. tay yen"),  # no code, no diacritics, lower case
    (None, "XÃ U MINH THƯỢNG"),
    (None, "Xã Vĩnh Hoà Hưng"),  # the old tone placement
]
_NAMED_CRITERIA = [
    "Quy hoạch",
    "Hạ tầng",
    "Phát triển kinh tế nông thôn",
    "Nguồn nhân lực",
    "Văn hóa, giáo dục, y tế",
    "Giảm nghèo và an sinh xã hội",
    "KHCN và CĐS",
    "Môi trường và cảnh quan nông thôn",
    "Hệ thống chính trị",
    "Tiếp cận pháp luật và an ninh, quốc phòng",
]

PERIOD_CASES: list[Case] = [
    Case(
        "new_xa_2026_ten_criteria",
        "a 2026 sheet of new xã (a code, names in several spellings) with TC1…TC10",
        lambda: criteria_sheet(2026, _NEW_XA_ANY_SPELLING, marks=8),
        Accepted(_RESULTS_2026, [("30970", 10, 8), (AN_BIEN, 10, 8), (TAY_YEN, 10, 8), (U_MINH_THUONG, 10, 8)]),
    ),
    Case(
        "new_xa_2026_criteria_by_name",
        "a 2026 sheet whose criterion columns are headed by the criteria's names, not numbers",
        lambda: criteria_sheet(2026, [(AN_BIEN, "Xã An Biên")], header=_NAMED_CRITERIA, marks=10),
        Accepted(_RESULTS_2026, [(AN_BIEN, 10, 10)]),
    ),
    Case(
        "nineteen_criteria_in_2026",
        "a 2026 sheet with the 19 criterion columns of 2021–2025",
        lambda: criteria_sheet(2026, [(AN_BIEN, "Xã An Biên")], count=19, marks=19),
        Said(
            "criteria_set_mismatch",
            _SHEET,
            3,
            says=(
                "Năm 2026",
                "Bộ tiêu chí quốc gia về nông thôn mới giai đoạn 2026–2030",
                "QĐ 51/2025/QĐ-TTg",
                "10 tiêu chí",
                "19 cột",
            ),
            says_en=("2026", "Decision 51/2025/QĐ-TTg", "10 criteria", "19 criterion columns"),
        ),
    ),
    Case(
        "ten_criteria_in_2024",
        "a 2024 sheet with only the 10 criterion columns of 2026–2030",
        lambda: criteria_sheet(2024, [("30889", "Xã Giục Tượng")]),
        Said(
            "criteria_set_mismatch",
            _SHEET,
            3,
            says=("Năm 2024", "giai đoạn 2021–2025", "QĐ 318/QĐ-TTg", "19 tiêu chí", "10 cột"),
            says_en=("2024", "Decision 318/QĐ-TTg", "19 criteria", "10 criterion columns"),
        ),
    ),
    Case(
        "old_xa_name_in_2026",
        "Xã Đông Yên (merged into Xã An Biên on 1/7/2025) named in a 2026 sheet",
        lambda: criteria_sheet(2026, [(None, "Xã Đông Yên")]),
        Said(
            "unit_succeeded",
            _SHEET,
            4,
            "C",
            says=("Xã Đông Yên đã được sắp xếp vào Xã An Biên từ ngày 01/07/2025", "1654/NQ-UBTVQH15"),
            says_en=("Xã Đông Yên became part of Xã An Biên on 01/07/2025", "1654/NQ-UBTVQH15"),
        ),
    ),
    Case(
        "old_xa_code_in_2026",
        "the code of Xã Đông Yên (31009), which names no unit after 30/6/2025, in a 2026 sheet",
        lambda: criteria_sheet(2026, [("31009", None)]),
        Said("unit_succeeded", _SHEET, 4, "B", says=("Xã Đông Yên", "Xã An Biên", "01/07/2025")),
    ),
    Case(
        "new_xa_in_2024",
        "the new Xã An Biên named in a 2024 sheet",
        lambda: criteria_sheet(2024, [(None, "Xã An Biên")], count=19, marks=19),
        Said(
            "unit_not_yet_from",
            _SHEET,
            4,
            "C",
            says=("Xã An Biên (mới) có từ ngày 01/07/2025", "Thị trấn Thứ Ba", "Xã Đông Yên"),
            says_en=("Xã An Biên (new) exists from 01/07/2025",),
        ),
    ),
    Case(
        "code_30985_in_2024",
        "30985 in a 2024 sheet: Thị trấn Thứ Ba until 30/6/2025, a town outside the programme",
        lambda: criteria_sheet(2024, [(AN_BIEN, None)], count=19, marks=19),
        Said("commune_not_in_programme", _SHEET, 4, "B", says=("Thị trấn Thứ Ba",)),
    ),
    Case(
        "district_column_in_2026",
        "a 2026 sheet whose “Huyện” column names the former district",
        lambda: _with_district("Huyện An Biên"),
        Said("district_level_ended", _SHEET, 4, "C", says=("Huyện An Biên", "01/07/2025")),
    ),
    Case(
        "review_decisions_for_new_xa",
        "the review of the new xã in 11/2025 and a 2026 pilot recognition, each with its kind of decision",
        lambda: _recognitions(
            ["Xã An Biên", "Xã đạt chuẩn nông thôn mới", "Kết quả rà soát", 2025, "2650/QĐ-UBND", "20/11/2025"],
            ["xa tay yen", "Nông thôn mới nâng cao", "Công nhận sau sắp xếp", 2025, "2651/QĐ-UBND", "20/11/2025"],
            ["X. U Minh Thượng", "NTM", "Thừa nhận", 2025, "2652/QĐ-UBND", "20/11/2025"],
            ["Xã An Biên", "Xã NTM hiện đại", None, 2026, "15/QĐ-UBND", "20/12/2026"],
        ),
        Accepted(
            _RECOGNITIONS,
            [
                (AN_BIEN, "ntm", "recognised", "review_result", 2025),
                (AN_BIEN, "ntm_modern", "recognised", "ordinary", 2026),
                (TAY_YEN, "ntm_advanced", "recognised", "after_rearrangement", 2025),
                (U_MINH_THUONG, "ntm", "recognised", "acknowledged", 2025),
            ],
        ),
    ),
    Case(
        "advanced_level_in_2026",
        "“nâng cao” for a 2026 assessment: a level of the 2021–2025 set only",
        lambda: _recognitions(["Xã An Biên", "Nông thôn mới nâng cao", None, 2026, "16/QĐ-UBND", "20/12/2026"]),
        Said("level_not_in_set", _SHEET, 4, "C", says=("2026–2030", "51/2025/QĐ-TTg", "Xã nông thôn mới hiện đại")),
    ),
    Case(
        "old_xa_decision_after_rearrangement",
        "a decision of 20/11/2025 naming the old Xã Đông Yên",
        lambda: _recognitions(["Xã Đông Yên", "NTM", None, 2025, "2653/QĐ-UBND", "20/11/2025"]),
        Said("unit_succeeded", _SHEET, 4, "B", says=("Xã An Biên",)),
    ),
    Case(
        "national_targets_2030",
        "the national 2030 targets as reported (shares of xã), for the whole country",
        lambda: _targets(
            ["Toàn quốc", "Tỷ lệ xã đạt chuẩn nông thôn mới", 2030, 65, "baogialai.com.vn (10/2/2026)"],
            ["Toàn quốc", "Tỷ lệ xã đạt chuẩn nông thôn mới hiện đại", 2030, 10, "baogialai.com.vn (10/2/2026)"],
        ),
        Accepted(
            _TARGETS,
            [("national", "share_communes_ntm", 2030, 65.0), ("national", "share_communes_ntm_modern", 2030, 10.0)],
        ),
    ),
    Case(
        "district_target_for_2030",
        "a 2030 target for a district, which no longer exists then",
        lambda: _targets(["Huyện An Biên", "Số xã đạt chuẩn nông thôn mới", 2030, 5, None]),
        Said("district_level_ended", _SHEET, 4, "B", says=("Huyện An Biên",)),
    ),
    Case(
        "unlisted_indicator_code_2026",
        "a 2026 indicator value under a code the indicator list does not hold (the 2026–2030 codes are unconfirmed)",
        _with_indicators,
        Accepted(_INDICATORS, [(AN_BIEN, 2026, "7.4", 82.5)], warning="indicator_unknown"),
    ),
]
