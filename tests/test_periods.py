"""Time as a dimension (issue 15): each year is assessed against its criteria set and counted on the
units valid on its units date; 2026 shows the 10 criteria of QĐ 51/2025/QĐ-TTg on the new units of
An Giang beside 2024's 19 criteria on Kiên Giang's, on a warehouse counted by hand
(tests/period_fixtures.py), and a new xã holds nothing until a decision about it is loaded."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from analytics import FORMER_KIEN_GIANG, communes, criteria, overview, scope_code, units
from ntm import criteria_sets
from tests.command_line import etl
from tests.period_fixtures import AN_BIEN_DISTRICT, AN_BIEN_NEW, DONG_THAI, build_periods_warehouse

pytestmark = pytest.mark.database.with_args(build_periods_warehouse)  # a function alone would be decorated
LAST_KIEN_GIANG_DAY, FIRST_AN_GIANG_DAY = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def test_a_year_takes_the_set_whose_years_hold_it_and_2025_its_units_of_30_june():
    assert [criteria_sets.of_year(year).code for year in (2015, 2024, 2025, 2026, 2030)] == [
        "2021-2025",  # before the first set: the first (2016–2020 had 19 criteria too)
        "2021-2025",
        "2021-2025",
        "2026-2030",
        "2026-2030",
    ]
    assert criteria_sets.of_year(2026).decision == "51/2025/QĐ-TTg"
    assert [len(criteria_sets.criteria(criteria_sets.of_year(year).code)) for year in (2024, 2026)] == [19, 10]
    assert [criteria_sets.units_on(year) for year in (2024, 2025, 2026)] == [
        dt.date(2024, 12, 31),
        LAST_KIEN_GIANG_DAY,
        dt.date(2026, 12, 31),
    ]


def test_the_warehouse_years_carry_their_set_and_units_date(shared_db):
    with duckdb.connect(str(shared_db), read_only=True) as con:
        years = dict(con.execute("select year, (criteria_set, units_on) from calendar_year").fetchall())
    assert years[2024] == ("2021-2025", dt.date(2024, 12, 31))
    assert years[2025] == ("2021-2025", LAST_KIEN_GIANG_DAY)
    assert years[2026] == ("2026-2030", dt.date(2026, 12, 31))
    assert criteria.criteria_set(shared_db, 2026)["criteria_count"] == 10
    assert list(criteria.criteria(shared_db, 2026)["name_vi"])[6] == "Khoa học công nghệ và chuyển đổi số"


def test_a_code_names_at_most_one_unit_on_any_day(shared_db):
    with duckdb.connect(str(shared_db), read_only=True) as con:
        days = [day for (day,) in con.execute("select distinct unnest([valid_from, valid_to]) from commune").fetchall()]
        days = {day + dt.timedelta(days=shift) for day in days if day for shift in (-1, 0, 1)}
        twice = con.execute(
            "select d.day, c.commune_code, count(*) from unnest(?::date[]) d(day)"
            " join commune c on valid_on(c.valid_from, c.valid_to, d.day) group by all having count(*) > 1",
            [sorted(days)],
        ).fetchall()
    assert days and twice == []


def test_the_new_province_has_the_102_units_of_nq_1654_and_the_mapping_reaches_each(shared_db):
    new = units.units_valid_on(shared_db, FIRST_AN_GIANG_DAY)
    assert len(new) == 102
    assert new["unit_type"].value_counts().to_dict() == {"xã": 85, "phường": 14, "đặc khu": 3}
    former = new[new["former_kien_giang"] != "none"]
    assert former["unit_type"].value_counts().to_dict() == {"xã": 41, "phường": 4, "đặc khu": 3}
    assert len(units.units_valid_on(shared_db, LAST_KIEN_GIANG_DAY)) == 15 + 143
    with duckdb.connect(str(shared_db), read_only=True) as con:
        mapped = {code for (code,) in con.execute("select distinct new_code from unit_succession").fetchall()}
    assert mapped == set(new["unit_code"])


def test_the_2024_figures_count_the_19_criteria_on_kien_giangs_units(shared_db):
    figures = overview.summary(shared_db, 2024)
    assert figures["bands"] == {"19": 1, "15-18": 1, "10-14": 1, "5-9": 1, "<5": 0}  # 19, 16, 12, 7
    assert figures["per_criterion"] == {
        str(n): 4 if n <= 7 else 3 if n <= 12 else 2 if n <= 16 else 1 for n in range(1, 20)
    }
    assert (figures["communes_total"], figures["communes_all_criteria"], figures["avg_criteria"]) == (116, 1, 13.5)
    assert (figures["recognised_ntm"], figures["recognised_advanced"]) == (2, 1)  # Tây Yên, Đông Thái; Tây Yên
    assert "criteria_set" not in figures  # a 2021–2025 year prints issue 2's keys only


def test_2026_is_counted_under_the_10_criteria_on_the_new_units(shared_db):
    assert overview.summary(shared_db, 2026) == {
        "year": 2026,
        "communes_total": 85,  # the xã of the new An Giang
        "communes_assessed": 4,
        "communes_all_criteria": 2,  # Tây Yên, Mỹ Hòa Hưng
        "avg_criteria": 8.75,  # (10 + 9 + 6 + 10) / 4
        "bands": {"10": 2, "8-9": 1, "5-7": 1, "<5": 0},
        "per_criterion": {str(n): 4 if n <= 6 else 3 if n <= 9 else 2 for n in range(1, 11)},
        "recognised_ntm": 3,  # Tây Yên and An Biên by the review, Mỹ Hòa Hưng by "hiện đại"
        "recognised_advanced": 1,  # An Biên: nâng cao kept by the review of 11/2025
        "recognised_model": 0,
        "districts_recognised": 0,
        "criteria_set": "51/2025/QĐ-TTg",
        "criteria_count": 10,
        "recognised_modern": 1,
        "communes_not_reviewed": 82,  # 85 xã, 3 with a decision
    }


def test_the_former_kien_giang_territory_compares_2024_and_2026_on_the_same_ground(shared_db):
    trend = overview.trend(shared_db, FORMER_KIEN_GIANG).set_index("year")
    assert trend.loc[2024, ["communes_total", "communes_ntm", "criteria_count"]].tolist() == [116, 2, 19]
    assert trend.loc[2026, ["communes_total", "communes_ntm", "criteria_count"]].tolist() == [41, 2, 10]
    assert overview.summary(shared_db, 2026, FORMER_KIEN_GIANG)["communes_not_reviewed"] == 39


def test_a_new_xa_without_a_review_is_not_recognised_and_shows_chua_ra_soat(shared_db):
    """Đông Thái (31006) was NTM until 30/6/2025; the new Xã Đông Thái that took its code has no decision."""
    old, new = (communes.commune_profile(shared_db, DONG_THAI, year) for year in (2024, 2026))
    assert (old["recognition_level"], old["review_status"]) == ("ntm", None)
    assert (new["recognition_rank"], new["recognition_level"], new["review_status"]) == (0, None, "not_reviewed")
    assert new["district_code"] is None and new["criteria_count"] == 10
    assert communes.commune_recognitions(shared_db, DONG_THAI, 2026).empty
    assert len(communes.commune_recognitions(shared_db, DONG_THAI, 2024)) == 1


def test_a_review_decision_of_november_2025_counts_from_2026_and_leaves_2025_to_kien_giangs_units(shared_db):
    assert overview.headline(shared_db, 2025)["communes_ntm"] == 2  # the old Tây Yên and Đông Thái
    reviewed = communes.commune_profile(shared_db, AN_BIEN_NEW, 2026)
    assert (reviewed["recognition_level"], reviewed["review_status"]) == ("ntm_advanced", "reviewed")
    before = communes.commune_profile(shared_db, AN_BIEN_NEW, 2025)
    assert (before["commune_name"], before["unit_type"]) == ("Thị trấn Thứ Ba", "thị trấn")


def test_districts_are_scopes_only_while_the_units_have_them(shared_db):
    assert AN_BIEN_DISTRICT in overview.scopes(shared_db, 2024)
    assert overview.scopes(shared_db, 2026) == [FORMER_KIEN_GIANG, "province"]
    assert scope_code(None) == "province" and scope_code(AN_BIEN_DISTRICT) == AN_BIEN_DISTRICT
    with pytest.raises(ValueError):
        scope_code("Huyện An Biên")


def test_the_national_2030_target_is_compared_with_the_provinces_share(shared_db):
    from analytics import targets

    assert targets.target_progress(shared_db, 2024).empty  # a 2030 target is not of the 2021–2025 period
    national = targets.target_progress(shared_db, 2026).set_index("measure_code").loc["share_communes_ntm"]
    assert (national["scope_code"], national["latest_year"], national["target_value"]) == ("national", 2026, 65)
    assert national["latest_value"] == pytest.approx(3.5)  # 3 of the 85 xã


# --- The command line ---------------------------------------------------------------------------


def test_summary_json_for_2026_names_the_set_and_counts_its_10_criteria(shared_db):
    ran = etl("summary", "--year", "2026", "--json", db=shared_db)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == overview.summary(shared_db, 2026)
    assert ran.stdout == json.dumps(overview.summary(shared_db, 2026), ensure_ascii=False, indent=2) + "\n"


def test_summary_scope_names_the_former_territory_and_refuses_a_district_after_june_2025(shared_db):
    ran = etl("summary", "--year", "2026", "--scope", FORMER_KIEN_GIANG, "--json", db=shared_db)
    assert json.loads(ran.stdout)["communes_total"] == 41
    gone = etl("summary", "--year", "2026", "--scope", AN_BIEN_DISTRICT, db=shared_db)
    assert gone.returncode == 2 and "908" in gone.stderr and "former_kien_giang" in gone.stderr
    district = etl("summary", "--year", "2024", "--scope", AN_BIEN_DISTRICT, "--json", db=shared_db)
    assert json.loads(district.stdout)["communes_total"] == 8  # xã of Huyện An Biên
    assert etl("summary", "--scope", "An Biên", db=shared_db).returncode == 2


def test_units_at_a_day_lists_the_units_valid_then(shared_db):
    before = etl("units", "--at", "2025-06-30", db=shared_db).stdout.splitlines()
    after = json.loads(etl("units", "--at", "2025-07-01", "--json", db=shared_db).stdout)
    assert (
        len(before) == 15 + 143
        and "30985\tthị trấn\tThị trấn Thứ Ba" in before
        and "908\thuyện\tHuyện An Biên" in before
    )
    assert len(after) == 102  # no district level any more
    assert {"unit_code": "30985", "name": "Xã An Biên", "former_kien_giang": "whole"}.items() <= next(
        unit for unit in after if unit["unit_code"] == "30985"
    ).items()


def test_units_map_says_what_an_old_unit_became_and_what_a_new_one_was_made_from(shared_db):
    became = etl("units", "--map", "31009", db=shared_db)
    assert became.stdout.strip() == (
        "31009 Xã Đông Yên (Huyện An Biên) → 30985 Xã An Biên: toàn bộ, từ 01/07/2025"
        " (Nghị quyết 1654/NQ-UBTVQH15 (16/6/2025))"
    )
    made_from = json.loads(etl("units", "--map", "30985", "--at", "2025-07-01", "--json", db=shared_db).stdout)
    assert {row["direction"] for row in made_from} == {"made_from"}
    assert {row["old_name"] for row in made_from} == {"Thị trấn Thứ Ba", "Xã Hưng Yên", "Xã Đông Yên"}
    old = json.loads(etl("units", "--map", "30985", "--at", "2025-06-30", "--json", db=shared_db).stdout)
    assert [(row["direction"], row["new_name"], row["extent"]) for row in old] == [("became", "Xã An Biên", "whole")]
    assert etl("units", "--map", "99999", db=shared_db).returncode == 1
    assert etl("units", db=shared_db).returncode == 2


def test_summary_json_of_2021_to_2025_prints_what_it_printed_before_issue_15(warehouses):
    """Byte for byte, on the hand-built warehouse: the command line's output saved before the change."""
    from tests import figures_snapshot
    from tests.fixtures import build_warehouse

    saved = json.loads(figures_snapshot.SAVED.read_text(encoding="utf-8"))["hand_built"]
    db = warehouses.shared(build_warehouse)
    for year in figures_snapshot.years_until_2025(db):
        printed = etl("summary", "--year", str(year), "--json", db=db).stdout
        assert figures_snapshot.digest(printed) == saved[f"cli.summary/{year}"][0], year


# --- The pages on 2026 --------------------------------------------------------------------------


def texts(at) -> str:
    parts = [
        element.value
        for kind in ("markdown", "caption", "header", "info", "subheader")
        for element in getattr(at, kind)
    ]
    parts += [f"{metric.label} {metric.value}" for metric in at.metric]
    return "\n".join(str(part) for part in parts)


def test_the_overview_of_2026_shows_the_sets_levels_and_the_xa_not_reviewed(open_page):
    at = open_page("overview", year="2026")
    labels = {metric.label: metric.value for metric in at.metric}
    assert labels["Xã chưa rà soát"] == "82/85"
    assert labels["Xã NTM hiện đại"] == "1/85"
    assert "Xã đạt chuẩn NTM" in " ".join(labels) and not any("huyện" in label.lower() for label in labels)
    assert "QĐ 51/2025/QĐ-TTg, 10 tiêu chí" in texts(at)
    assert "19" not in " ".join(f"{label} {value}" for label, value in labels.items())


def test_the_criteria_page_of_2026_shows_10_criteria_and_no_19(open_page):
    at = open_page("criteria", year="2026")
    assert "Kết quả thực hiện 10 tiêu chí năm 2026" in texts(at)
    assert [option for option in at.selectbox(key="criterion").options if option.startswith("TC")] == [
        f"TC{n}. {name}" for n, name in enumerate(criteria_sets_names(), start=1)
    ]
    assert "19 tiêu chí" not in texts(at)
    # The criteria over the years of the set: one year so far, said as one.
    assert "Dữ liệu năm 2026," in texts(at) and "2026–2026" not in texts(at)


def criteria_sets_names() -> list[str]:
    return [criterion.name_vi for criterion in criteria_sets.criteria("2026-2030")]


def test_the_xa_page_of_2026_shows_a_new_xa_not_reviewed_and_its_10_criteria(open_page):
    at = open_page("commune", year="2026", commune=DONG_THAI)
    shown = texts(at)
    assert "Xã Đông Thái – Tỉnh An Giang" in shown
    assert "Chưa rà soát" in shown and "6/10" in shown
    assert "Nông thôn mới hiện đại (thí điểm)" in shown


def test_the_xa_search_finds_a_name_among_the_units_of_the_chosen_year(open_page):
    """ "Bình An" is one new xã in 2026 and two old ones in 2024 (the district decides then)."""
    at = open_page("commune", year="2026")
    at.text_input(key="commune_search").input("binh an").run()
    assert at.query_params["commune"] == "30898"
    assert "Xã Bình An – Tỉnh An Giang" in texts(at)
    earlier = open_page("commune", year="2024")
    earlier.text_input(key="commune_search").input("binh an").run()
    assert "commune" not in earlier.query_params
    warning = earlier.main.warning[0].value  # the search box is on the page itself
    assert warning.count("Xã Bình An") == 2 and "(Huyện Châu Thành)" in warning and "(Huyện Kiên Lương)" in warning


def test_the_district_filter_says_it_does_not_apply_after_june_2025(open_page):
    at = open_page("overview", year="2026", district=AN_BIEN_DISTRICT)
    assert at.selectbox(key="district").options == ["Toàn tỉnh", "Địa bàn tỉnh Kiên Giang (cũ)"]
    assert "không còn cấp huyện" in " ".join(caption.value for caption in at.sidebar.caption)
    earlier = open_page("overview", year="2024", district=AN_BIEN_DISTRICT)
    assert earlier.selectbox(key="district").value == AN_BIEN_DISTRICT


def test_the_trend_of_the_former_territory_marks_the_change_of_units_and_of_set(open_page):
    at = open_page("overview", year="2026", district=FORMER_KIEN_GIANG)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    marks = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    assert marks[0] == "01/07/2025: sắp xếp đơn vị hành chính · Từ 2026: bộ tiêu chí 10 tiêu chí"
    assert marks[1:] == ["DỮ LIỆU MẪU"]  # the warehouse is marked as sample data


def test_the_targets_page_of_2026_shows_the_national_2030_target_beside_the_province(open_page):
    at = open_page("targets", year="2026")
    assert "Toàn quốc (mục tiêu tham chiếu)" in at.dataframe[0].value.to_string()
    assert "Mục tiêu 2025" not in texts(at)


@pytest.mark.parametrize("page", ["districts", "near_finish", "movement", "agency_reports"])
def test_every_other_page_opens_on_2026_and_on_the_former_territory(open_page, page):
    """No page fails on a year without districts or on the scope that is not a district."""
    open_page(page, year="2026")
    open_page(page, year="2024", district=FORMER_KIEN_GIANG)


def test_the_districts_page_of_2026_says_there_is_no_district_level(open_page):
    at = open_page("districts", year="2026")
    assert "Từ 01/07/2025 không còn cấp huyện: năm 2026 không có xếp hạng huyện." in [info.value for info in at.info]


def test_the_brief_of_2026_counts_the_10_criteria_and_says_there_is_no_district_ranking(shared_db):
    from presentation import brief, brief_pdf

    made = brief.build(shared_db, 2026, FORMER_KIEN_GIANG, "vi", dt.date(2026, 12, 1))
    text = "\n".join(str(block) for section in made.sections for block in section.blocks)
    assert "1 xã đạt đủ 10 tiêu chí" in text and "19 tiêu chí" not in text
    assert "năm 2026 không có xếp hạng huyện" in text
    assert "Địa bàn tỉnh Kiên Giang (cũ)" in made.subtitle
    assert brief_pdf.render(made).startswith(b"%PDF")
