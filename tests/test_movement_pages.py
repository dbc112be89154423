"""The "Phong trào thi đua" and "Báo cáo cơ quan" pages as a user sees them, through Streamlit's
AppTest, on the hand-built warehouse of tests/fixtures.py (build_movement_warehouse).

Hand counts (window: all; as of 31/3/2025; grace 15 days):
- expected: task 1 (SNV, UBND908 × H1, H2 2024) = 4; task 2 (SNNPTNT from 1/7/2024: Q3, Q4 2024; passed to
  Sở NN&MT on 1/3/2025: Q1 2025) = 3 → 7;
- received: SNV H1, H2; UBND908 H1; SNNPTNT Q3, Q4; VPĐP Q3 (coordinating) → 6; completeness 6/7 = 85,7%;
- on time: SNV H1 (10/7 ≤ 15/7), SNV H2, VPĐP Q3, SNNPTNT Q4 → 4; timeliness 4/7 = 57,1%;
- UBND908 H2 missing since 15/1/2025: 75 days; UBND908 H1 20 days late; SNNPTNT Q3 5 days late;
  Sở NN&MT's Q1 2025 not yet due (15/4).
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import dashboard
from tests.test_overview_page import title

pytestmark = pytest.mark.database("movement")


def open_page(app: AppTest, page: str, **params: str) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    at = app.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def movement(app: AppTest, **params: str) -> AppTest:
    return open_page(app, "pages/movement.py", **params)


def agencies(app: AppTest, **params: str) -> AppTest:
    return open_page(app, "pages/agency_reports.py", **{"as_of": "2025-03-31", **params})


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {metric.label: (metric.value, metric.delta) for metric in at.metric}


def charts(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def table(at: AppTest, column: str):
    """The first table shown with a column of that name."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


# --- Phong trào thi đua ----------------------------------------------------------------------


def test_movement_totals_in_vietnamese_with_their_units(app):
    at = movement(app)
    assert at.header[0].value == "Phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới” – Toàn tỉnh"
    shown = metrics(at)
    assert shown["Tổng vốn huy động (tỷ đồng)"] == ("49,0", "")  # 12 (2023) + 28 + 8 + 1 (2024)
    assert shown["Cộng đồng dân cư (tỷ đồng)"] == ("5,0", "")
    assert shown["Đất hiến (m²)"] == ("2.000", "")
    assert shown["Ngày công lao động"] == ("1.000", "")
    assert shown["Tập thể, cá nhân, hộ được khen"] == ("4", "")
    assert shown["Dòng chưa rõ số lượng"] == ("1", "")


def test_movement_totals_in_english(app):
    shown = metrics(movement(app, lang="en"))
    assert shown["Mobilised (billion đồng)"] == ("49.0", "")
    assert shown["Land donated (m²)"] == ("2,000", "")
    assert shown["Rows with an unknown count"] == ("1", "")


def test_money_by_year_reconciles_with_its_table_in_million_dong(app):
    at = movement(app)
    by_year = charts(at)[0]
    assert title(by_year) == ("Vốn huy động xây dựng nông thôn mới theo nguồn, 2023–2024 – Toàn tỉnh (tỷ đồng)")
    totals = table(at, "Tổng cộng (triệu đồng)")
    assert totals.set_index("Năm")["Tổng cộng (triệu đồng)"].to_dict() == {"2023": "12.000", "2024": "37.000"}
    assert totals.set_index("Năm")["Ngân sách trung ương"].to_dict() == {"2023": "10.000", "2024": "20.000"}


def test_each_district_mobilisation_sits_next_to_its_ntm_progress(app):
    at = movement(app)
    districts = table(at, "Xã đạt chuẩn NTM cuối năm 2024").set_index("Đơn vị")
    an_bien = districts.loc["Huyện An Biên"]
    assert an_bien["Tổng cộng (triệu đồng)"] == "40.000"
    # End of 2022: Tây Yên and Tây Yên A; end of 2024: Tây Yên A withdrawn.
    assert (an_bien["Xã đạt chuẩn NTM cuối năm 2022"], an_bien["Xã đạt chuẩn NTM cuối năm 2024"]) == ("2/8", "1/8")
    assert an_bien["Số xã tăng thêm"] == "-1"
    assert an_bien["Huyện đạt chuẩn/hoàn thành nhiệm vụ"] == "Có"
    assert districts.loc["Huyện Giồng Riềng", "Xã đạt chuẩn NTM cuối năm 2024"] == "1/18"
    assert districts.loc["Cấp tỉnh", "Tổng cộng (triệu đồng)"] == "1.000"
    assert list(districts.index[:3]) == ["Huyện An Biên", "Huyện Giồng Riềng", "Cấp tỉnh"]  # most mobilised first


def test_district_filter_narrows_the_movement_to_that_district(app):
    at = movement(app, district="908")
    shown = metrics(at)
    assert shown["Tổng vốn huy động (tỷ đồng)"] == ("40,0", "")
    assert shown["Tập thể, cá nhân, hộ được khen"] == ("3", "")


def test_a_year_before_the_movement_says_so(app):
    at = movement(app, year="2020")
    assert any("trước khi phong trào có số liệu" in info.value for info in at.info)


def test_commendations_by_year_and_level_keep_unknown_counts_apart(app):
    at = movement(app)
    by_level = table(at, "Dòng chưa rõ số lượng").set_index("Năm")
    assert by_level.loc["2024", "UBND tỉnh"] == "0"
    assert by_level.loc["2024", "Dòng chưa rõ số lượng"] == "1"
    forms = table(at, "Hình thức").set_index("Hình thức")
    assert forms.loc["Bằng khen", "Tập thể và cá nhân (không tách được)"] == "chưa rõ"
    assert forms.loc["Bằng khen", "Tập thể, cá nhân, hộ được khen"] == "3 + chưa rõ"
    listed = table(at, "Tập thể, cá nhân được khen")
    assert listed["Số lượng"].tolist().count("chưa rõ") == 1


def test_model_register_search_ignores_diacritics_and_is_kept_in_the_url(app):
    at = movement(app, q="duong hoa")
    register = table(at, "Mô hình, điển hình")
    assert register["Mô hình, điển hình"].tolist() == ["Tuyến đường hoa"]
    assert register["Đã nhân rộng"].tolist() == ["Có"]
    assert "1 mô hình, điển hình." in [caption.value for caption in at.caption]


def test_model_register_in_english_filters_by_replication(app):
    at = movement(app, lang="en")
    replicated = next(box for box in at.selectbox if box.label == "Replicated")
    at = replicated.set_value(False).run()
    model = "Model (as written, in Vietnamese)"  # a model's name is shown as people wrote it
    assert table(at, model)[model].tolist() == ["Camera an ninh ấp"]


# --- Báo cáo cơ quan -------------------------------------------------------------------------


def test_reporting_rates_as_counted_by_hand(app):
    shown = metrics(agencies(app))
    assert {
        label: shown[label] for label in ("Báo cáo phải nộp", "Đã nhận", "Đúng hạn", "Quá hạn chưa nộp", "Nộp muộn")
    } == {
        "Báo cáo phải nộp": ("7", ""),
        "Đã nhận": ("6", "đầy đủ 85,7%"),
        "Đúng hạn": ("4", "đúng hạn 57,1%"),
        "Quá hạn chưa nộp": ("1", ""),
        "Nộp muộn": ("2", ""),
    }


def test_late_and_overdue_reports_with_their_days(app):
    late = table(agencies(app), "Số ngày chậm")
    assert late.values.tolist() == [
        [
            "UBND huyện An Biên",
            "Nhiệm vụ 1",
            "6 tháng cuối năm 2024",
            "15/01/2025",
            "chưa nhận",
            "75",
            "Quá hạn, chưa nộp",
        ],
        ["UBND huyện An Biên", "Nhiệm vụ 1", "6 tháng đầu năm 2024", "15/07/2024", "04/08/2024", "20", "Nộp muộn"],
        ["Sở NN&PTNT", "Nhiệm vụ 2", "Quý 3/2024", "15/10/2024", "20/10/2024", "5", "Nộp muộn"],
    ]


def test_grace_and_window_from_the_url_change_the_counts(app):
    at = agencies(app, grace="10")
    assert metrics(at)["Đúng hạn"] == ("3", "đúng hạn 42,9%")
    assert table(at, "Số ngày chậm")["Số ngày chậm"].tolist()[0] == "80"
    other = dashboard()
    at = open_page(other, "pages/agency_reports.py", window="H2/2024", as_of="2025-03-31")
    # H2 2024: 4 expected, 4 received (the coordination office's report fills the missing one): capped at 100%.
    assert metrics(at)["Đã nhận"] == ("4", "đầy đủ 100,0%")
    assert metrics(at)["Đúng hạn"] == ("3", "đúng hạn 75,0%")


def test_status_matrix_shows_each_agency_latest_state_on_each_task(app):
    at = agencies(app)
    matrix = next(
        frame.value
        for frame in at.dataframe
        if "Nhiệm vụ 2" in frame.value.columns
        and "Nhiệm vụ 1" in frame.value.columns
        and "Cơ quan" not in frame.value.columns
    )
    # Task 2 passed from Sở NN&PTNT (its last report, Q4 2024, completed) to Sở NN&MT on 1/3/2025.
    assert matrix.to_dict("index") == {
        "Sở NN&MT": {"Nhiệm vụ 1": "", "Nhiệm vụ 2": "Chưa đến hạn"},
        "Sở NN&PTNT": {"Nhiệm vụ 1": "", "Nhiệm vụ 2": "Hoàn thành"},
        "Sở Nội vụ": {"Nhiệm vụ 1": "Hoàn thành", "Nhiệm vụ 2": ""},
        "UBND huyện An Biên": {"Nhiệm vụ 1": "Quá hạn, chưa nộp", "Nhiệm vụ 2": ""},
    }


def test_task_register_names_the_unknown_number_and_the_agencies(app):
    at = agencies(app, directive="CV")
    assert "Số /UBND-KGVX (chưa ghi số) · tháng 01/2024 (chưa rõ ngày) · UBND tỉnh · V/v triển khai" in [
        caption.value for caption in at.caption
    ]
    register = table(at, "Cơ quan chủ trì").set_index("Nhiệm vụ")
    assert register.loc["Nhiệm vụ 1", "Cơ quan chủ trì"] == "Sở Nội vụ; UBND huyện An Biên"
    assert register.loc["Nhiệm vụ 2", "Cơ quan phối hợp"] == "VPĐP NTM tỉnh"
    assert register.loc["Nhiệm vụ 2", "Thời hạn, chu kỳ"] == "Hàng quý, từ 01/07/2024 đến –"


def test_a_report_opens_to_its_figures_and_text(app):
    at = agencies(app)
    picker = next(box for box in at.selectbox if box.label == "Chọn báo cáo")
    choice = next(option for option in picker.options if "Quý 4/2024" in option)
    at = picker.select(choice).run()
    assert metrics(at)["Cuộc kiểm tra"] == ("3", "")
    assert any("Đã kiểm tra 3 huyện." in block.value for block in at.markdown)


def test_agency_page_in_english(app):
    at = agencies(app, lang="en")
    assert metrics(at)["Received"] == ("6", "complete 85.7%")
    assert metrics(at)["On time"] == ("4", "on time 57.1%")
    late = table(at, "Days late")
    assert late["Period"].tolist() == ["H2 2024", "H1 2024", "Q3 2024"]
    assert late["Agency"].tolist()[0] == "People's Committee of An Bien district"
