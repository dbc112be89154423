"""The leadership pages as a reader sees them, in both languages, through Streamlit's AppTest on
the hand-built warehouse of tests/fixtures.py (``build_leadership_warehouse``).

Its 2024 figures, counted by hand. Eight programme xã are assessed, meeting criteria 1..n with n =
19 (Tây Yên), 16 (Tây Yên A), 18 (Nam Yên), 12 (Thạnh Hưng), 7 (Thạnh Phước), 3 (Thạnh Lộc),
17 (Hoà Lợi), 18 (Thạnh Bình). So criterion k is met by the xã with n ≥ k: TC19 by 1 (7 short,
12,5 %), TC18 by 3 (5 short), TC17 by 4 (4 short), TC13–16 by 5 (3 short each, the first two by
number rank 4th and 5th). Holding NTM at the end of 2023: Tây Yên, Tây Yên A (withdrawn in 2024)
and Thạnh Bình; in 2024 Tây Yên A misses TC17–19 and Thạnh Bình TC19. Near the finish: Nam Yên
(TC19) and Hoà Lợi (TC18, TC19), not recognised; Thạnh Bình (TC19), recognised.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from fixtures import AN_BIEN, GIONG_RIENG, HOA_LOI, TAY_YEN, THANH_BINH
from streamlit.testing.v1 import AppTest
from test_overview_page import title, values

from analytics import criteria
from presentation import charts

pytestmark = pytest.mark.database("leadership")


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def texts(at: AppTest) -> str:
    return "\n".join(str(element.value) for element in [*at.markdown, *at.caption, *at.info, *at.warning])


def figures(at: AppTest) -> dict[str, dict]:
    """Each drawn chart by its title."""
    drawn = [json.loads(element.proto.spec) for element in at.get("plotly_chart")]
    return {title(figure): figure for figure in drawn}


def table_with(at: AppTest, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


# --- Tiêu chí ------------------------------------------------------------------------------------

BOTTLENECKS = {
    "vi": [
        "TC19. Quốc phòng và An ninh: **7 xã chưa đạt** (12,5% xã đạt)",
        "TC18. Hệ thống chính trị và tiếp cận pháp luật: **5 xã chưa đạt** (37,5% xã đạt)",
        "TC17. Môi trường và an toàn thực phẩm: **4 xã chưa đạt** (50,0% xã đạt)",
        "TC13. Tổ chức sản xuất và phát triển kinh tế nông thôn: **3 xã chưa đạt** (62,5% xã đạt)",
        "TC14. Giáo dục và Đào tạo: **3 xã chưa đạt** (62,5% xã đạt)",
    ],
    "en": [
        "C19. Defence and security: **7 communes short** (12.5% meet it)",
        "C18. Political system and access to law: **5 communes short** (37.5% meet it)",
        "C17. Environment and food safety: **4 communes short** (50.0% meet it)",
        "C13. Organisation of production and rural economic development: **3 communes short** (62.5% meet it)",
        "C14. Education and training: **3 communes short** (62.5% meet it)",
    ],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_criteria_page_names_the_five_bottlenecks_in_order(open_page, lang):
    at = open_page("criteria", lang=lang)
    listed = next(element.value for element in at.markdown if element.value.startswith("1. "))
    assert listed.split("\n") == [f"1. {line}" for line in BOTTLENECKS[lang]]


def test_criteria_page_draws_each_criterions_share_and_marks_the_bottlenecks(open_page):
    at = open_page("criteria")
    chart = figures(at)["Tỷ lệ xã đạt từng tiêu chí, năm 2024 – Toàn tỉnh"]
    dots = chart["data"][0]
    shares = dict(zip(dots["y"][1], values(dots["x"]), strict=True))
    assert shares["TC19. Quốc phòng và An ninh"] == 12.5
    assert shares["TC18. Hệ thống chính trị và tiếp cận pháp luật"] == 37.5
    assert shares["TC1. Quy hoạch"] == 100.0
    marked = [label for label, colour in zip(dots["y"][1], dots["marker"]["color"], strict=True) if colour == "#D55E00"]
    assert sorted(label.split(".")[0] for label in marked) == ["TC13", "TC14", "TC17", "TC18", "TC19"]
    assert "Dữ liệu của 8/116 xã, cập nhật 15/12/2024, đợt cập nhật số 2." in texts(at)


LOST_TITLES = {
    "vi": "Tiêu chí các xã đã đạt chuẩn NTM chưa giữ được, năm 2024 – Toàn tỉnh",
    "en": "Criteria not kept by communes already recognised as NTM, 2024 – Whole province",
}


@pytest.mark.parametrize(("lang", "summary"), [("vi", "**2 xã** đã đạt chuẩn"), ("en", "**2 communes** recognised")])
def test_criteria_page_counts_the_criteria_recognised_xa_lost(open_page, lang, summary):
    at = open_page("criteria", lang=lang)
    assert summary in texts(at)
    bars = figures(at)[LOST_TITLES[lang]]["data"][0]
    numbers = [label.split(".")[0].lstrip("TC") for label in bars["y"]]  # "TC19. …" (vi), "C19. …" (en)
    assert dict(zip(numbers, values(bars["x"]), strict=True)) == {"19": 2, "17": 1, "18": 1}


def test_criteria_page_for_a_district_shows_its_xa_against_each_criterion(open_page):
    at = open_page("criteria", district=GIONG_RIENG)
    grid = figures(at)["Kết quả từng tiêu chí của các xã (số tiêu chí đạt), năm 2024 – Huyện Giồng Riềng"]["data"][0]
    assert grid["y"] == [
        "Xã Thạnh Lộc (3)",
        "Xã Thạnh Phước (7)",
        "Xã Thạnh Hưng (12)",
        "Xã Hoà Lợi (17)",
        "Xã Thạnh Bình (18)",
    ]
    assert grid["text"][3] == ["✓"] * 17 + ["✗", "✗"]
    assert "Dữ liệu của 5/18 xã, cập nhật 15/12/2024, đợt cập nhật số 2." in texts(at)


def test_criteria_page_follows_the_chosen_criterion_over_the_years_and_keeps_it_in_the_url(open_page):
    at = open_page("criteria", criterion="19")
    met, target = figures(at)["Số xã đạt TC19. Quốc phòng và An ninh, 2023–2024 – Toàn tỉnh"]["data"]
    assert (values(met["x"]), values(met["y"])) == ([2023, 2024], [0, 1])
    assert (target["x"], target["y"], target["line"]["dash"]) == ([2023, 2025], [0.0, 8.0], "dash")
    assert at.query_params["criterion"] == "19"
    at.selectbox(key="criterion").set_value("17").run()
    assert at.query_params["criterion"] == "17"
    assert "Số xã đạt TC17. Môi trường và an toàn thực phẩm, 2023–2024 – Toàn tỉnh" in figures(at)


def test_an_unknown_criterion_in_the_url_is_dropped_quietly(open_page):
    at = open_page("criteria", criterion="99")
    assert at.selectbox(key="criterion").value == ""
    assert "criterion" not in at.query_params


# --- Xã ----------------------------------------------------------------------------------------


def test_commune_page_asks_for_a_xa_until_one_is_chosen(open_page):
    at = open_page("commune")
    assert "Gõ tên xã" in at.info[0].value


@pytest.mark.parametrize("typed", ["hoa loi", "Hòa Lợi", "X. Hoà Lợi", HOA_LOI])
def test_commune_search_accepts_any_spelling_the_loader_accepts(open_page, typed):
    at = open_page("commune")
    at.text_input(key="commune_search").input(typed).run()
    assert at.header[0].value == "Xã Hoà Lợi – Huyện Giồng Riềng"
    assert at.query_params["commune"] == HOA_LOI
    assert metrics(at)["Tiêu chí đạt năm 2024"] == "17/19"
    assert metrics(at)["Công nhận đến cuối năm 2024"] == "Chưa đạt chuẩn"
    lacks = texts(at)
    assert (
        "Nông thôn mới: năm 2024 còn thiếu 2 tiêu chí: TC18. Hệ thống chính trị và tiếp cận pháp luật; "
        "TC19. Quốc phòng và An ninh."
    ) in lacks
    assert "Nông thôn mới nâng cao: cần đạt chuẩn nông thôn mới trước." in lacks


def test_a_name_in_two_districts_asks_for_the_district_and_the_district_decides(open_page):
    at = open_page("commune")
    at.text_input(key="commune_search").input("thanh loc").run()
    assert "Xã Thạnh Lộc (Huyện Châu Thành), Xã Thạnh Lộc (Huyện Giồng Riềng)" in at.main.warning[0].value
    assert "commune" not in at.query_params
    decided = open_page("commune", district=GIONG_RIENG)
    decided.text_input(key="commune_search").input("thanh loc").run()
    assert decided.query_params["commune"] == "30913"


def test_a_xa_found_in_another_district_moves_the_district_filter(open_page):
    at = open_page("commune", district=AN_BIEN)
    at.text_input(key="commune_search").input("Thanh Binh").run()
    assert at.query_params["commune"] == THANH_BINH
    assert at.query_params["district"] == GIONG_RIENG
    assert "Nông thôn mới: đã đạt chuẩn nhưng năm 2024 chưa đạt 1 tiêu chí" in texts(at)


def test_an_unknown_name_suggests_close_ones(open_page):
    at = open_page("commune")
    at.text_input(key="commune_search").input("Tay Yenn").run()
    assert "Có phải: Xã Tây Yên (Huyện An Biên)" in at.main.warning[0].value


def test_commune_page_in_english_with_recognitions_and_the_xa_from_the_url(open_page):
    at = open_page("commune", lang="en", commune=TAY_YEN)
    assert metrics(at)["Criteria met in 2024"] == "19/19"
    assert metrics(at)["Recognition at the end of 2024"] == "Model NTM"
    assert "NTM: recognised, and all 19 criteria kept in 2024." in texts(at)
    assert "Advanced NTM: held (Model NTM)." in texts(at)
    decisions = table_with(at, "Decision number")
    assert list(decisions["Assessment year"]) == [2020, 2023, 2024]
    assert list(decisions["Action"]) == ["Recognised"] * 3


def test_a_withdrawn_recognition_is_listed_and_the_xa_no_longer_counts_as_recognised(open_page):
    at = open_page("commune", commune="30991")
    assert list(table_with(at, "Hình thức")["Hình thức"]) == ["Công nhận", "Thu hồi"]
    assert metrics(at)["Công nhận đến cuối năm 2024"] == "Chưa đạt chuẩn"


@pytest.mark.parametrize(("lang", "unconfirmed"), [("vi", "chưa xác minh"), ("en", "unconfirmed")])
def test_unconfirmed_thresholds_are_never_shown_as_official(open_page, lang, unconfirmed):
    at = open_page("commune", lang=lang, commune=HOA_LOI)
    column = "Ngưỡng (ĐBSCL)" if lang == "vi" else "Threshold (Mekong Delta)"
    thresholds = table_with(at, column).set_index("Mã chỉ tiêu" if lang == "vi" else "Indicator code")[column]
    assert thresholds.to_dict() == {"10": unconfirmed, "15.3": "≤ 19%"}


def test_the_chosen_xa_is_kept_when_moving_to_another_page_and_back(open_page):
    at = open_page("commune", commune=HOA_LOI)
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/commune.py").run()
    assert at.header[0].value == "Xã Hoà Lợi – Huyện Giồng Riềng"


# --- Huyện -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_districts_page_compares_the_units_side_by_side(open_page, lang):
    at = open_page("districts", lang=lang)
    code = "Mã huyện" if lang == "vi" else "District code"
    table = table_with(at, code).set_index(code)
    an_bien, giong_rieng = table.loc[AN_BIEN], table.loc[GIONG_RIENG]
    assert list(table.index[:2]) == [GIONG_RIENG, AN_BIEN]  # laggards first: 2/18 = 11,1 % before 1/8 = 12,5 %
    assert list(an_bien.iloc[1:5]) == [12.5, 17.67, 1, 8]  # share, average, NTM, in the programme
    assert list(giong_rieng.iloc[1:5]) == [11.1, 11.4, 2, 18]
    bands = (
        ["19 tiêu chí", "15–18", "10–14", "5–9", "Dưới 5"]
        if lang == "vi"
        else ["All 19", "15–18", "10–14", "5–9", "Under 5"]
    )
    assert list(giong_rieng[bands]) == [0, 2, 1, 1, 1]
    assert list(an_bien[bands]) == [1, 2, 0, 0, 0]
    if lang == "vi":
        assert an_bien["Huyện đạt chuẩn/hoàn thành nhiệm vụ"] == "Huyện đạt chuẩn nông thôn mới"
        assert giong_rieng["Huyện đạt chuẩn/hoàn thành nhiệm vụ"] == "Chưa đạt chuẩn"
        assert (
            giong_rieng["Mục tiêu của huyện"] == "Số xã đạt chuẩn nông thôn mới: 3 (2025) – Tiến bộ tốt, đúng tiến độ"
        )
    else:
        assert an_bien["District recognised / task completed"] == "NTM district"
        assert (
            giong_rieng["District's targets"]
            == "Communes meeting the NTM standard: 3 (2025) – Substantial progress/on track"
        )


def test_districts_page_draws_each_units_targets_as_marks(open_page):
    at = open_page("districts")
    chart = figures(at)["Mục tiêu của các huyện: thực hiện (chấm) và mục tiêu (vạch), số liệu đến năm 2024"]
    by_name = {trace["name"]: trace for trace in chart["data"]}
    assert values(by_name["Tiến bộ tốt, đúng tiến độ"]["x"]) == [2.0]  # Giồng Riềng: 2 xã of a target of 3
    target = by_name["Mục tiêu"]
    assert target["marker"]["symbol"] == "line-ns"
    assert values(by_name["Theo tốc độ hiện nay"]["x"]) == [pytest.approx(18.3595, abs=1e-4), 4.0]


# --- Mục tiêu 2025 -----------------------------------------------------------------------------

STATUS_COUNTS = {
    "vi": {
        "Đã đạt mục tiêu": "1",
        "Tiến bộ tốt, đúng tiến độ": "1",
        "Có tiến bộ, cần đẩy nhanh": "1",
        "Tiến bộ hạn chế": "2",
        "Suy giảm": "1",
        "Chưa đủ số liệu đánh giá": "6",
    },
    "en": {
        "Target achieved": "1",
        "Substantial progress/on track": "1",
        "Moderate progress/acceleration needed": "1",
        "Limited or no progress": "2",
        "Deterioration": "1",
        "Not enough data": "6",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_targets_page_counts_each_status(open_page, lang):
    assert metrics(open_page("targets", lang=lang)) == STATUS_COUNTS[lang]


def test_targets_page_says_which_targets_are_off_track_and_by_how_much(open_page):
    at = open_page("targets")
    lines = next(element.value for element in at.markdown if element.value.startswith("- ")).split("\n")
    assert lines == [
        # 50 (2020) -> 3 (2024): −50,5 % a year against +18,3 % needed; at that pace 3 × 0,495 in 2025.
        "- **Số xã đạt chuẩn nông thôn mới – Toàn tỉnh**: 3 năm 2024, mục tiêu 116 · **Suy giảm**. Đạt 2,6% "
        "kế hoạch. Giá trị đang đi ngược hướng mục tiêu. Còn thiếu 113 xã: cần thêm 113 xã/năm trong 1 năm "
        "còn lại. Theo tốc độ hiện nay, năm 2025 đạt 1,5 xã.",
        # TC19: 0 (2023) -> 1 (2024), 8 by 2025: 1 a year against 4 needed (linear: the base is 0).
        "- **Số xã đạt tiêu chí TC19. Quốc phòng và An ninh – Toàn tỉnh**: 1 năm 2024, mục tiêu 8 · **Tiến "
        "bộ hạn chế**. Đạt 12,5% kế hoạch. Tốc độ bằng 25,0% mức cần có. Còn thiếu 7 xã: cần thêm 7 xã/năm "
        "trong 1 năm còn lại. Theo tốc độ hiện nay, năm 2025 đạt 2 xã. (Tính theo mức thay đổi tuyệt đối mỗi "
        "năm vì giá trị gốc hoặc mục tiêu bằng 0.)",
        # 4 (2023) -> 3 (2024), 0 by 2025: −1 a year against −2 needed (linear: the target is 0).
        "- **Số xã đạt dưới 15 tiêu chí – Toàn tỉnh**: 3 năm 2024, mục tiêu 0 · **Tiến bộ hạn chế**. Tốc độ "
        "bằng 50,0% mức cần có. Còn phải giảm 3 xã: giảm 3 xã/năm trong 1 năm còn lại. Theo tốc độ hiện nay, "
        "năm 2025 đạt 2 xã. (Tính theo mức thay đổi tuyệt đối mỗi năm vì giá trị gốc hoặc mục tiêu bằng 0.)",
        # 17 (2023) -> 17,67 (2024): +3,92 % against +5,72 % needed for 19 in 2025: ratio 0,686.
        "- **Bình quân số tiêu chí đạt/xã – Huyện An Biên**: 17,7 năm 2024, mục tiêu 19 · **Có tiến bộ, cần "
        "đẩy nhanh**. Đạt 93,0% kế hoạch. Tốc độ bằng 68,5% mức cần có. Còn thiếu 1,3 tiêu chí/xã: cần thêm "
        "1,3 tiêu chí/xã/năm trong 1 năm còn lại. Theo tốc độ hiện nay, năm 2025 đạt 18,4 tiêu chí/xã.",
    ]


def test_targets_page_table_gives_every_target_its_status_and_plain_numbers(open_page):
    at = open_page("targets", lang="en")
    table = table_with(at, "Pace ratio (observed/needed)")
    assert len(table) == 12
    giong_rieng = table[table["Scope"] == "Giong Rieng District"].iloc[0]
    assert (
        giong_rieng["Status"],
        giong_rieng["Needed per year"],
        giong_rieng["Projected for the target year at the current pace"],
    ) == ("Substantial progress/on track", 1.0, 4.0)
    ha_tien = table[table["Scope"] == "Ha Tien City"].iloc[0]
    assert ha_tien["Status"] == "Not enough data"
    assert ha_tien["In plain numbers"] == "No data for any year after the base year 2024."
    province = table[table["Scope"] == "Whole province"]
    assert set(province.loc[province["Status"] == "Not enough data", "In plain numbers"]) == {
        "The plan gives no base year or base value."
    }


def test_targets_page_draws_targets_as_lines_from_the_base(open_page):
    at = open_page("targets")
    chart = figures(at)["Thực hiện so với mục tiêu, số liệu đến năm 2024 – Toàn tỉnh"]
    paths = [(trace["x"], trace["y"]) for trace in chart["data"] if trace.get("line", {}).get("dash") == "dash"]
    assert ([2020, 2025], [50.0, 116.0]) in paths  # xã meeting NTM: from the plan's base to its target
    assert all(trace["type"] == "scatter" for trace in chart["data"])


def test_targets_page_for_a_district_shows_only_its_targets(open_page):
    at = open_page("targets", district=GIONG_RIENG)
    assert metrics(at)["Tiến bộ tốt, đúng tiến độ"] == "1"
    assert sum(int(value) for value in metrics(at).values()) == 1


# --- Sắp về đích -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            {
                "Xã còn thiếu 1 tiêu chí": "1",
                "Xã còn thiếu 2 tiêu chí": "1",
                "Xã đã đạt chuẩn đang thiếu 1–2 tiêu chí": "1",
            },
        ),
        (
            "en",
            {
                "Communes missing 1 criterion": "1",
                "Communes missing 2 criteria": "1",
                "Recognised communes missing 1–2 criteria": "1",
            },
        ),
    ],
)
def test_near_finish_counts_the_xa_one_or_two_criteria_away(open_page, lang, expected):
    assert metrics(open_page("near_finish", lang=lang)) == expected


def test_near_finish_lists_the_xa_with_what_they_miss_by_district(open_page):
    at = open_page("near_finish")
    finishing, keeping = [frame.value for frame in at.dataframe if "Tiêu chí còn thiếu" in frame.value.columns]
    assert finishing.values.tolist() == [
        [
            "Huyện Giồng Riềng",
            HOA_LOI,
            "Xã Hoà Lợi",
            17,
            2,
            "TC18. Hệ thống chính trị và tiếp cận pháp luật; TC19. Quốc phòng và An ninh",
        ],
        ["Huyện An Biên", "30994", "Xã Nam Yên", 18, 1, "TC19. Quốc phòng và An ninh"],
    ]
    assert keeping["Xã"].tolist() == ["Xã Thạnh Bình"]
    missed = figures(at)["Tiêu chí các xã sắp về đích còn thiếu, năm 2024 – Toàn tỉnh"]["data"][0]
    assert dict(zip(missed["y"], values(missed["x"]), strict=True)) == {
        "TC19. Quốc phòng và An ninh": 2,
        "TC18. Hệ thống chính trị và tiếp cận pháp luật": 1,
    }


def test_near_finish_for_one_criterion_keeps_the_xa_missing_it_and_the_choice_follows_to_other_pages(open_page):
    at = open_page("near_finish", criterion="18")
    assert metrics(at)["Xã còn thiếu 1 tiêu chí"] == "0"
    assert metrics(at)["Xã còn thiếu 2 tiêu chí"] == "1"
    at.switch_page("pages/criteria.py").run()
    assert at.selectbox(key="criterion").value == "18"


def test_a_chart_of_more_districts_than_it_can_show_draws_those_furthest_behind_and_says_so():
    units = [f"D{number:03d}" for number in range(50)]
    bands = pd.DataFrame(
        {
            "district_code": units,
            "district_name": [f"Huyện {unit}" for unit in units],
            "band": "19",
            "communes": range(50),
        }
    )
    chart = charts.district_bands(bands, "vi", 2024)
    assert len(chart.table) == criteria.GRID_ROWS
    assert set(chart.figure.data[0].y) == {f"Huyện D{number:03d}" for number in range(criteria.GRID_ROWS)}
    shown = chart.figure.layout.title.text.replace("<br>", " ")
    assert shown.endswith(f" – {criteria.GRID_ROWS}/50 huyện có kết quả thấp nhất")


@pytest.mark.database("empty")
@pytest.mark.parametrize("page", ["criteria", "commune", "districts", "targets", "near_finish"])
def test_before_any_data_is_loaded_each_page_says_how_to_load_it(open_page, page):
    at = open_page(page, commune=HOA_LOI)
    assert at.info[0].value.startswith("Chưa có số liệu của năm nào")
    assert "python -m etl load" in at.code[0].value
