"""The movement's and the agencies' templates: read as people fill them in (title rows, merged
headers, names for codes, units written anywhere), and rejected at the cell that is wrong."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import tomllib

import openpyxl
import pytest

from etl import load, warehouse
from ntm import catalogue as spec
from ntm import config
from ntm.agencies import Agencies, name_key
from ntm.units import Units
from tests.workbooks import save
from tools import sample_movement

DIRECTIVE = "CV triển khai TB 3393"


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    """Sheets of (name, rows), rows written from A1 as given (titles, headers, data)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    return save(book)


def fetch(db, sql):
    with contextlib.closing(warehouse.read_only(db)) as con:
        return con.execute(sql).fetchall()


def errors(result) -> list[tuple]:
    return [(e.key, e.row, e.column_letter) for e in result.errors]


# --- Commendations ---------------------------------------------------------------------------

COMMENDATION_HEADER = [
    "STT",
    "Số QĐ",
    "Ngày quyết định",
    "Năm",
    "Cấp khen",
    "Hình thức",
    "Tập thể/cá nhân",
    "Tên tập thể, cá nhân",
    "Số lượng",
    "Huyện",
    "Xã",
    "Thành tích",
]


def commendations(*rows: list[object]) -> bytes:
    return workbook(
        (
            "Khen thưởng",
            [
                ["DANH SÁCH KHEN THƯỞNG NĂM 2024"],
                [],
                COMMENDATION_HEADER,
                *rows,
                [None, "Tổng cộng", None, None, None, None, None, None, 12],
                [],
                [None, "Người lập biểu", None, None, "KT. CHỦ TỊCH"],
            ],
        )
    )


def test_commendations_as_written_with_unknown_counts_and_decisions(db):
    content = commendations(
        [
            1,
            None,
            None,
            2024,
            "UBND tỉnh",
            "Bằng khen",
            "Tập thể, cá nhân",
            "Các tập thể, cá nhân tiêu biểu",
            "chưa rõ",
            "An Biên",
            None,
            "Lễ công bố 18/3/2024",
        ],
        [
            2,
            "12/QĐ-UBND",
            "15/01/2023",
            None,
            "Chủ tịch UBND huyện",
            "Giấy khen",
            "Hộ gia đình",
            "Hộ ông A",
            None,
            "H. Châu Thành",
            "Giục Tượng",
            "Hiến đất",
        ],
        [
            3,
            "88/QĐ-TTg",
            dt.date(2023, 6, 12),
            2023,
            "Thủ tướng Chính phủ",
            "Bằng khen của Thủ tướng",
            "Tập thể",
            "UBND huyện An Biên",
            1,
            "908",
            None,
            None,
        ],
        [
            4,
            "5/QĐ-CTN",
            "01/09/2022",
            None,
            "Chủ tịch nước",
            "Huân chương Lao động hạng Ba",
            "Cá nhân",
            "Ông B",
            1,
            None,
            None,
            None,
        ],
        [
            5,
            "7/QĐ-SNV",
            "02/03/2024",
            None,
            "Giám đốc Sở Nội vụ",
            "Giấy khen",
            "cá nhân",
            "12 cá nhân",
            12,
            None,
            None,
            None,
        ],
    )
    result = load.load_bytes(db, "kt.xlsx", content)
    assert (result.status, result.dataset, result.rows) == ("loaded", "commendations", 5), errors(result)
    assert fetch(
        db,
        """select year, level_code, form_code, recipient_type, recipients, district_code, commune_code
                        from current_commendation order by year, level_code""",
    ) == [
        (2022, "president", "order", "individual", 1, None, None),
        (2023, "district", "certificate", "household", 1, "905", "30889"),
        (2023, "prime_minister", "certificate_of_merit", "collective", 1, "908", None),
        (2024, "province", "certificate_of_merit", "mixed", None, "908", None),
        (2024, "provincial_agency", "certificate", "individual", 12, None, None),
    ]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        ([1, None, None, 2024, "Cấp xã", "Bằng khen", "Tập thể", "A", None, None, None, None], "term_invalid", "E"),
        ([1, None, None, 2024, "UBND tỉnh", "Kỷ luật", "Tập thể", "A", None, None, None, None], "term_invalid", "F"),
        (
            [1, None, None, 2024, "UBND tỉnh", "Bằng khen", "Doanh nghiệp", "A", None, None, None, None],
            "term_invalid",
            "G",
        ),
        (
            [1, None, None, 2024, "UBND tỉnh", "Bằng khen", "Tập thể", "A", 0, None, None, None],
            "recipients_invalid",
            "I",
        ),
        (
            [1, None, None, None, "UBND tỉnh", "Bằng khen", "Tập thể", "A", None, None, None, None],
            "commendation_year_missing",
            "D",
        ),
        (
            [1, "1/QĐ", "15/01/2023", 2024, "UBND tỉnh", "Bằng khen", "Tập thể", "A", None, None, None, None],
            "commendation_year_disagrees",
            "D",
        ),
        (
            [1, None, None, 2024, "UBND tỉnh", "Bằng khen", "Tập thể", None, None, None, None, None],
            "value_missing",
            "H",
        ),
        (
            [1, None, None, 2024, "UBND tỉnh", "Bằng khen", "Tập thể", "A", None, "Huyện Cái Nước", None, None],
            "district_unknown",
            "J",
        ),
    ],
)
def test_commendation_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "kt.xlsx", commendations(row))
    assert result.status == "rejected"
    assert errors(result) == [(key, 4, column)]


# --- Resources mobilised ---------------------------------------------------------------------


def contributions(*rows: list[object], unit_line: str | None = None, group: str = "Nguồn vốn (triệu đồng)") -> bytes:
    """The province's usual layout: a merged "Nguồn vốn" over the six sources, then totals."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024"
    sheet.append(["KẾT QUẢ HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NÔNG THÔN MỚI"])
    sheet.append([unit_line])
    sheet.append(["STT", "Đơn vị", group, None, None, None, None, None, "Tổng cộng", "Đất hiến (m²)", "Ngày công"])
    sheet.append([None, None, "NSTW", "NSĐP", "Lồng ghép", "Tín dụng", "Doanh nghiệp", "Dân góp"])
    sheet.merge_cells("C3:H3")
    for column in "ABIJK":
        sheet.merge_cells(f"{column}3:{column}4")
    for row in rows:
        sheet.append(row)
    return save(book)


def test_contributions_in_the_unit_the_header_states_with_cells_carrying_their_own(db):
    content = contributions(
        [1, "Huyện An Biên", 10, "20", "30,5", 40, 5, "1,5 tỷ", "1.605,5", "1.200", 3000],
        [2, "Cấp tỉnh", 100, None, None, None, None, "350 triệu", 450, None, None],
        [None, "Tổng cộng", 110, 20, 30.5, 40, 5, 1850, 2055.5],
    )
    result = load.load_bytes(db, "hd.xlsx", content)
    assert (result.status, result.dataset, result.rows) == ("loaded", "contributions", 2), errors(result)
    assert fetch(db, "select scope_code, year, item_code, value from current_contribution order by all") == [
        ("908", 2024, "central_budget", 10e6),
        ("908", 2024, "community", 1.5e9),
        ("908", 2024, "credit", 40e6),
        ("908", 2024, "enterprise", 5e6),
        ("908", 2024, "integrated", 30.5e6),
        ("908", 2024, "land", 1200.0),
        ("908", 2024, "local_budget", 20e6),
        ("908", 2024, "workdays", 3000.0),
        ("province", 2024, "central_budget", 100e6),
        ("province", 2024, "community", 350e6),
    ]


def test_contributions_unit_from_the_line_above_the_table(db):
    content = contributions(
        [1, "An Biên", 2, None, None, None, None, None, 2, None, None],
        unit_line="Đơn vị tính: tỷ đồng",
        group="Nguồn vốn",
    )
    result = load.load_bytes(db, "hd.xlsx", content)
    assert result.status == "loaded", errors(result)
    assert fetch(db, "select value from current_contribution") == [(2e9,)]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        ([1, "Huyện An Biên", 10, "-20", None, None, None, None, None, None, None], "contribution_negative", "D"),
        ([1, "Huyện An Biên", 10, 20, None, None, None, None, 40, None, None], "contribution_total_disagrees", "I"),
        ([1, "Huyện An Biên", 10, None, None, None, None, None, None, -5, None], "contribution_negative", "J"),
        ([1, "Huyện An Biên", "10 USD", None, None, None, None, None, None, None, None], "money_unit_unknown", "C"),
        ([1, "Tỉnh Cà Mau", 10, None, None, None, None, None, None, None, None], "contribution_scope_invalid", "B"),
        ([1, "Huyện An Biên", None, None, None, None, None, None, None, None, None], "contribution_row_empty", None),
    ],
)
def test_contribution_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "hd.xlsx", contributions(row))
    assert result.status == "rejected"
    assert errors(result) == [(key, 5, column)]


def test_a_negative_contribution_is_explained_and_nothing_from_the_file_is_written(db):
    result = load.load_bytes(
        db,
        "hd.xlsx",
        contributions(
            [1, "Huyện An Biên", 10, 20, None, None, None, None, None, None, None],
            [2, "Huyện An Minh", 10, None, None, None, None, "-50", None, None, None],
        ),
    )
    assert errors(result) == [("contribution_negative", 6, "H")]
    assert result.errors[0].message() == (
        "Khoản “Dân góp” ghi “-50” là số âm. Nguồn lực huy động không thể âm; nếu là khoản điều chỉnh giảm, hãy "
        "ghi số đã điều chỉnh của năm (từ 0 trở lên)."
    )
    assert fetch(db, "select count(*) from contribution") == [(0,)]


def test_money_without_a_unit_anywhere_is_rejected_not_guessed(db):
    result = load.load_bytes(
        db,
        "hd.xlsx",
        contributions([1, "An Biên", 1536, None, None, None, None, None, None, None, None], group="Nguồn vốn"),
    )
    assert errors(result) == [("money_unit_missing", 5, "C")]
    assert "triệu đồng" in result.errors[0].message()


# --- Exemplary models ------------------------------------------------------------------------

MODEL_HEADER = [
    "STT",
    "Mô hình",
    "Lĩnh vực",
    "Huyện",
    "Xã",
    "Chủ mô hình",
    "Năm",
    "Mô tả",
    "Nhân rộng",
    "Nhân rộng tại",
]


def models(*rows: list[object]) -> bytes:
    return workbook(("Mô hình", [["DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"], MODEL_HEADER, *rows]))


def test_models_with_fields_places_and_replication(db):
    result = load.load_bytes(
        db,
        "mh.xlsx",
        models(
            [
                1,
                "Tuyến đường hoa",
                "Môi trường, cảnh quan",
                "An Biên",
                "Xã Đông Yên",
                "Hội LHPN",
                2022,
                "…",
                "x",
                "Tây Yên",
            ],
            [2, "Camera an ninh", "An ninh trật tự", None, "Giục Tượng", None, "2023", None, None, "Vĩnh Hòa Hiệp"],
            [
                3,
                "Chợ không tiền mặt",
                "Chuyển đổi số",
                "Giồng Riềng",
                None,
                "Đoàn Thanh niên",
                2023,
                None,
                "Chưa",
                None,
            ],
        ),
    )
    assert (result.status, result.rows) == ("loaded", 3), errors(result)
    assert fetch(
        db,
        """select name, district_code, commune_code, field_code, replicated
                        from current_exemplary_model order by name""",
    ) == [
        ("Camera an ninh", "905", "30889", "security", True),
        ("Chợ không tiền mặt", "906", None, "digital", False),
        ("Tuyến đường hoa", "908", "31009", "environment", True),
    ]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        ([1, "A", "Thể thao điện tử", None, None, None, 2023, None, None, None], "term_invalid", "C"),
        ([1, "A", "Sản xuất", None, None, None, None, None, None, None], "value_missing", "G"),
        ([1, "A", "Sản xuất", None, None, None, 2023, None, "Không", "Xã Tây Yên"], "model_replicated_disagrees", "I"),
        ([1, "A", "Sản xuất", "An Biên", "Xã Bình An", None, 2023, None, None, None], "commune_other_district", "E"),
    ],
)
def test_model_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "mh.xlsx", models(row))
    assert errors(result) == [(key, 3, column)]


# --- Directives and tasks --------------------------------------------------------------------

DIRECTIVE_HEADER = ["Mã văn bản", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"]
TASK_HEADER = [
    "Mã văn bản",
    "Nhiệm vụ số",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Chu kỳ báo cáo",
    "Thời hạn",
    "Từ ngày",
    "Đến ngày",
]


def directive_workbook(directive_rows: list[list[object]], task_rows: list[list[object]]) -> bytes:
    return workbook(
        ("Văn bản", [["VĂN BẢN CHỈ ĐẠO"], DIRECTIVE_HEADER, *directive_rows]),
        ("Nhiệm vụ", [["NHIỆM VỤ"], [], TASK_HEADER, *task_rows]),
    )


def test_a_directive_filed_without_number_or_day_keeps_them_unknown_and_its_tasks_name_groups(db):
    content = directive_workbook(
        [
            [DIRECTIVE, "Số: /UBND-KGVX", "ngày tháng 01 năm 2024", "UBND tỉnh Kiên Giang", "V/v triển khai …"],
            [None, "123/KH-UBND", "15/10/2024", "UBND tỉnh", "Kế hoạch tổng kết"],
        ],
        [
            [
                DIRECTIVE,
                2,
                "Vận động",
                "UBMTTQ và các tổ chức chính trị – xã hội",
                None,
                "6 tháng",
                None,
                None,
                "30/06/2025",
            ],
            [DIRECTIVE, 3, "Kiểm tra", "Sở NN và PTNT", "VPĐP NTM tỉnh, Sở Nội vụ", "Hàng quý", None, None, None],
            [
                "123/KH-UBND",
                "1",
                "Tổng kết",
                "UBND H. An Biên; Ủy ban nhân dân huyện An Minh",
                None,
                None,
                "31/03/2025",
                None,
                None,
            ],
        ],
    )
    result = load.load_bytes(db, "vb.xlsx", content)
    assert (result.status, result.dataset, result.rows) == ("loaded", "directives", 5), errors(result)
    assert fetch(
        db,
        """select directive_code, doc_number, number_known, issued_on, issued_year, issued_month
                        from current_directive order by issued_year, issued_month""",
    ) == [
        (DIRECTIVE, "/UBND-KGVX", False, None, 2024, 1),
        ("123/KH-UBND", "123/KH-UBND", True, dt.date(2024, 10, 15), 2024, 10),
    ]
    assert fetch(
        db,
        """select task_no, responsible, coordinating, cycle, deadline
                        from current_task order by directive_code, task_no""",
    ) == [
        ("1", "UBND908;UBND909", None, "one_off", dt.date(2025, 3, 31)),
        ("2", "MTTQ;LDLD;HND;TDTN;HLHPN;HCCB", None, "six_monthly", None),
        ("3", "SNNPTNT", "VPDP;SNV", "quarterly", None),
    ]


def test_a_directive_without_a_number_needs_a_code_of_its_own(db):
    result = load.load_bytes(
        db, "vb.xlsx", directive_workbook([[None, "Số: /UBND-KGVX", "01/2024", "UBND tỉnh", "V/v"]], [])
    )
    assert errors(result) == [("directive_code_missing", 3, "A")]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        (
            [DIRECTIVE, 1, "A", "Sở Nông nghiệp và Môi trường biển", None, "6 tháng", None, None, None],
            "agency_unknown_suggest",
            "D",
        ),
        ([DIRECTIVE, 1, "A", "Sở Nội vụ", "Phòng Xổ số", "6 tháng", None, None, None], "agency_unknown", "E"),
        ([DIRECTIVE, 1, "A", "Sở Nội vụ", None, None, None, None, None], "task_schedule_missing", "F"),
        ([DIRECTIVE, 1, "A", "Sở Nội vụ", None, "Hàng quý", "31/03/2025", None, None], "task_deadline_with_cycle", "G"),
        ([DIRECTIVE, 1, "A", "Sở Nội vụ", None, "Một lần", None, None, None], "task_deadline_missing", "G"),
        ([DIRECTIVE, 1, "A", "Sở Nội vụ", None, "Hai tuần", None, None, None], "term_invalid", "F"),
        (
            [DIRECTIVE, 1, "A", "Sở Nội vụ", None, "Hàng năm", None, "01/07/2025", "01/01/2025"],
            "task_ends_before_start",
            "I",
        ),
    ],
)
def test_task_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "nv.xlsx", workbook(("Nhiệm vụ", [["NHIỆM VỤ"], [], TASK_HEADER, row])))
    assert errors(result) == [(key, 4, column)]


def test_an_unknown_agency_is_answered_with_the_closest_names(db):
    row = [DIRECTIVE, 1, "A", "Sở Nông nghiệp và Phát triển nông thông", None, "6 tháng", None, None, None]
    result = load.load_bytes(db, "nv.xlsx", workbook(("Nhiệm vụ", [TASK_HEADER, row])))
    assert "Sở Nông nghiệp và Phát triển nông thôn" in result.errors[0].message()


@pytest.fixture(scope="module")
def agencies():
    with open(config.REFERENCE_DIR / "admin_units.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    districts = {row["district_code"]: row["district_name"] for row in rows}
    kinds = {row["district_code"]: row["district_kind"] for row in rows}
    return Agencies(Units([], districts, kinds))


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("SNNPTNT", ["SNNPTNT"]),
        ("Sở NN&PTNT", ["SNNPTNT"]),
        ("Sở Nông nghiệp và Phát triển nông thôn", ["SNNPTNT"]),
        ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH KIÊN GIANG", ["SNNPTNT"]),
        ("UBND huyện An Biên", ["UBND908"]),
        ("Ủy ban nhân dân H. An Biên", ["UBND908"]),
        ("UBND TP Rạch Giá", ["UBND899"]),
        ("Sở Nội vụ và Sở TT&TT", ["SNV", "STTTT"]),
        ("VPĐP NTM tỉnh, Sở Nội vụ; Báo Kiên Giang", ["VPDP", "SNV", "BKG"]),
        (
            "Sở Nội vụ;; Sở TT&TT, ;Các tổ chức chính trị – xã hội",
            ["SNV", "STTTT", "LDLD", "HND", "TDTN", "HLHPN", "HCCB"],
        ),
        ("Các tổ chức chính trị – xã hội", ["LDLD", "HND", "TDTN", "HLHPN", "HCCB"]),
    ],
)
def test_agencies_are_found_by_code_name_or_any_spelling(agencies, text, codes):
    assert agencies.find_many(text) == (codes, [])


def test_an_agency_suggestion_never_reads_the_same_as_the_name_typed(agencies):
    assert agencies.suggest("Sở Nội vụ") and "Sở Nội vụ" not in agencies.suggest("SỞ NỘI VỤ")
    assert agencies.suggest("Sở Nội vục")[0] == "Sở Nội vụ"


def test_agency_spellings_are_declared_once_and_name_agencies_or_groups_that_exist():
    known = {}
    for register in ("agencies.csv", "agencies_from_2025.csv"):  # as listed in 2024, and formed since
        with open(config.REFERENCE_DIR / register, encoding="utf-8") as handle:
            known |= {row["agency_code"]: row for row in csv.DictReader(handle)}
    with open(config.REFERENCE_DIR / "agency_groups.csv", encoding="utf-8") as handle:
        known |= {row["group_code"]: row for row in csv.DictReader(handle)}
    with open(config.REFERENCE_DIR / "agency_aliases.csv", encoding="utf-8") as handle:
        aliases = list(csv.DictReader(handle))
    assert {row["code"] for row in aliases} <= set(known)
    spellings: dict[str, str] = {}
    for code, row in known.items():
        for spelling in (code, row.get("name_vi"), row.get("short_name_vi")):
            if spelling:
                assert spellings.setdefault(name_key(spelling), code) == code, spelling
    for row in aliases:
        assert spellings.setdefault(name_key(row["alias"]), row["code"]) == row["code"], row["alias"]


def test_every_declared_word_means_a_code_of_the_reference_vocabularies():
    with open(config.REFERENCE_DIR / "movement_terms.csv", encoding="utf-8") as handle:
        terms: dict[str, set[str]] = {}
        for row in csv.DictReader(handle):
            terms.setdefault(row["vocabulary"], set()).add(row["code"])
    datasets = spec.spec().datasets
    for dataset, table, vocabulary in (
        ("commendations", "levels", "commendation_level"),
        ("commendations", "forms", "commendation_form"),
        ("commendations", "recipient_types", "recipient_type"),
        ("models", "fields", "model_field"),
        ("tasks", "cycles", "report_cycle"),
        ("tasks", "task_kinds", "task_kind"),
        ("agency_reports", "statuses", "report_status"),
    ):
        assert set(datasets[dataset].vocabulary(table)) == terms[vocabulary], (dataset, table)
    money = datasets["contributions"].money
    assert set(money["sources"]) == terms["funding_source"]
    assert {*money["also"], "land", "workdays"} == terms["contribution_other"]
    with open(spec.SPEC_FILE, "rb") as handle:
        assert tomllib.load(handle)["agencies"]["district_prefixes"]


# --- Agency reports --------------------------------------------------------------------------

REPORT_HEADER = [
    "STT",
    "Cơ quan",
    "Văn bản",
    "Mục",
    "Kỳ báo cáo",
    "Ngày gửi",
    "Số báo cáo",
    "Tình trạng",
    "Số cuộc kiểm tra",
    "Số tin, bài",
    "Nội dung báo cáo",
]


def agency_reports(*rows: list[object]) -> bytes:
    return workbook(("Báo cáo", [["TỔNG HỢP BÁO CÁO"], ["(cập nhật đến 30/9/2025)"], [], REPORT_HEADER, *rows]))


def test_reports_as_clerks_log_them(db):
    result = load.load_bytes(
        db,
        "bc.xlsx",
        agency_reports(
            [1, "Sở NN&PTNT", DIRECTIVE, 3, "Quý I/2024", "10/04/2024", "12/BC-SNN", "Đang triển khai", 2, None, "…"],
            [
                2,
                "UBND H. An Biên",
                DIRECTIVE,
                "1",
                "6 tháng đầu năm 2024",
                dt.date(2024, 7, 20),
                None,
                "Hoàn thành",
                None,
                None,
                None,
            ],
            [3, "Sở TT&TT", DIRECTIVE, 4, "Q2/2024", "05/07/2024", None, "đang thực hiện", None, "35", None],
            [4, "UBND huyện An Minh", "123/KH-UBND", 1, None, "20/03/2025", None, "Hoàn thành", None, None, None],
        ),
    )
    assert (result.status, result.dataset, result.rows) == ("loaded", "agency_reports", 4), errors(result)
    assert fetch(
        db,
        """select agency_code, task_no, period_code, status, inspections, articles
                        from current_agency_report order by agency_code""",
    ) == [
        ("SNNPTNT", "3", "2024-Q1", "in_progress", 2.0, None),
        ("STTTT", "4", "2024-Q2", "in_progress", None, 35.0),
        ("UBND908", "1", "2024-H1", "completed", None, None),
        ("UBND909", "1", "once", "completed", None, None),
    ]


def test_a_report_sent_again_keeps_its_first_date_in_the_same_file_and_in_a_later_upload(db):
    first = [1, "Sở NN&PTNT", DIRECTIVE, 3, "Quý I/2024", "10/04/2024", "12/BC-SNN", "Đang thực hiện", 2, None, "…"]
    again = [2, "Sở NN&PTNT", DIRECTIVE, 3, "Q1/2024", "30/04/2024", "15/BC-SNN", "Hoàn thành", 3, None, "Bổ sung"]
    assert load.load_bytes(db, "bc.xlsx", agency_reports(first, again)).rows == 1
    assert fetch(db, "select submitted_on, first_received_on, status, document_no from mart_agency_report") == [
        (dt.date(2024, 4, 30), dt.date(2024, 4, 10), "completed", "15/BC-SNN"),
    ]
    corrected = [1, "Sở NN&PTNT", DIRECTIVE, 3, "Quý I/2024", "02/05/2024", "16/BC-SNN", "Hoàn thành", 3, None, "…"]
    assert load.load_bytes(db, "bc2.xlsx", agency_reports(corrected)).status == "loaded"
    assert fetch(db, "select submitted_on, first_received_on, document_no from mart_agency_report") == [
        (dt.date(2024, 5, 2), dt.date(2024, 4, 10), "16/BC-SNN"),
    ]


@pytest.mark.parametrize(
    ("row", "key", "column"),
    [
        (
            [
                1,
                "Các tổ chức chính trị – xã hội",
                DIRECTIVE,
                2,
                "2024",
                "10/01/2025",
                None,
                "Hoàn thành",
                None,
                None,
                None,
            ],
            "report_one_agency",
            "B",
        ),
        (
            [1, "Sở Nội vụ", DIRECTIVE, 5, "Tháng 13/2024", "10/01/2025", None, "Hoàn thành", None, None, None],
            "period_invalid",
            "E",
        ),
        ([1, "Sở Nội vụ", DIRECTIVE, 5, "2024", None, None, "Hoàn thành", None, None, None], "value_missing", "F"),
        ([1, "Sở Nội vụ", DIRECTIVE, 5, "2024", "10/01/2025", None, "Tạm hoãn", None, None, None], "term_invalid", "H"),
        (
            [1, "Sở Nội vụ", DIRECTIVE, 5, "2024", "10/01/2025", None, "Hoàn thành", -1, None, None],
            "value_negative",
            "I",
        ),
        ([1, "Sở Nội vụ", None, 5, "2024", "10/01/2025", None, "Hoàn thành", None, None, None], "value_missing", "C"),
    ],
)
def test_report_rows_that_cannot_be_read_are_rejected_at_their_cell(db, row, key, column):
    result = load.load_bytes(db, "bc.xlsx", agency_reports(row))
    assert errors(result) == [(key, 5, column)]


def test_the_same_report_twice_on_the_same_day_is_rejected_with_both_rows(db):
    row = [1, "Sở Nội vụ", DIRECTIVE, 5, "2024", "10/01/2025", None, "Hoàn thành", None, None, None]
    result = load.load_bytes(db, "bc.xlsx", agency_reports(row, row))
    assert errors(result) == [("report_duplicated", 6, None)]
    assert result.errors[0].params == {"first_row": 5}


def test_every_template_is_reported_missing_a_required_column_at_its_header(db):
    result = load.load_bytes(
        db,
        "bc.xlsx",
        workbook(
            (
                "Báo cáo",
                [
                    ["Cơ quan", "Văn bản", "Mục", "Kỳ báo cáo", "Ngày gửi"],
                    ["Sở Nội vụ", DIRECTIVE, 5, "2024", "10/01/2025"],
                ],
            )
        ),
        dataset="agency_reports",
    )
    assert errors(result) == [("column_missing", 1, None)]
    assert result.errors[0].params == {"header": "Tình trạng thực hiện"}


def test_the_bundled_sample_of_the_movement_loads_and_carries_the_real_directive(db):
    results = [
        load.load_path(db, config.SAMPLE_DIR / name)
        for name in (
            "van_ban_chi_dao_nhiem_vu.xlsx",
            "bao_cao_co_quan_2024_2025.xlsx",
            "huy_dong_nguon_luc_2021_2025.xlsx",
            "khen_thuong_phong_trao.xlsx",
            "mo_hinh_dien_hinh.xlsx",
        )
    ]
    assert [(r.status, r.errors) for r in results] == [("loaded", [])] * 5
    assert fetch(
        db,
        "select doc_number, number_known, issued_on, issued_year, issued_month, basis from directive "
        "where directive_code = 'CV triển khai TB 3393'",
    ) == [
        (
            "/UBND-KGVX",
            False,
            None,
            2024,
            1,
            "Thông báo số 3393/TB-BTĐKT ngày 17/11/2023 của Ban Thi đua - Khen thưởng Trung ương",
        ),
    ]
    assert fetch(
        db, "select task_no from current_task where directive_code = 'CV triển khai TB 3393' order by task_no"
    ) == [("1",), ("2",), ("3",), ("4",), ("5",)]
    assert fetch(
        db,
        "select count(*) from current_commendation where recipients is null and decision_no is null "
        "and year = 2024 and district_code = '908'",
    ) == [(1,)]
    assert fetch(db, "select value from meta where key = 'sample_data'") == [("true",)]


def test_the_sample_story_has_late_and_missing_reports_and_nothing_after_the_province_ended():
    story = sample_movement.build_story()
    owed = {
        (agency, task.directive, task.number, period)
        for task in story.tasks
        for agency in task.reporters
        for period, _end in task.periods
    }
    received = {(r.agency, r.directive, r.task, r.period) for r in story.reports}
    assert owed - received, "some reports never came"
    due = {
        (task.directive, task.number, period): end + dt.timedelta(days=15)
        for task in story.tasks
        for period, end in task.periods
    }
    assert any(r.received > due[(r.directive, r.task, r.period)] for r in story.reports), "some came late"
    assert all(c.decision_date is None or c.decision_date <= dt.date(2025, 6, 30) for c in story.commendations)
    assert [t.number for t in story.tasks if t.directive == sample_movement.REAL_DIRECTIVE] == ["1", "2", "3", "4", "5"]
