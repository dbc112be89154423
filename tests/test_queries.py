"""The figures the overview and the command line report, on a warehouse small enough to count by hand
(tests/fixtures.py describes it)."""

from __future__ import annotations

import pytest
from fixtures import SECOND_LOAD

from analytics import districts, overview, targets
from etl import warehouse

pytestmark = pytest.mark.database("hand_built")


def test_summary_counts_programme_xa_with_withdrawals_and_corrections_applied(db):
    assert overview.summary(db) == {
        "year": 2024,  # the latest year with criteria results
        "communes_total": 116,  # programme_size 2024
        "communes_assessed": 6,  # the phường with results is not in the programme
        "communes_all_criteria": 1,  # Tây Yên; Nam Yên's 19th criterion was corrected to "not met"
        "avg_criteria": 12.5,  # (19 + 16 + 18 + 12 + 7 + 3) / 6
        "bands": {"19": 1, "15-18": 2, "10-14": 1, "5-9": 1, "<5": 1},
        # criteria 1..n met per xã, n in 19, 16, 18, 12, 7, 3
        "per_criterion": {
            **dict.fromkeys(["1", "2", "3"], 6),
            **dict.fromkeys(["4", "5", "6", "7"], 5),
            **dict.fromkeys(["8", "9", "10", "11", "12"], 4),
            **dict.fromkeys(["13", "14", "15", "16"], 3),
            "17": 2,
            "18": 2,
            "19": 1,
        },
        "recognised_ntm": 2,  # Tây Yên (model) and Thạnh Hưng; Tây Yên A withdrawn, Thạnh Phước struck out
        "recognised_advanced": 1,
        "recognised_model": 1,
        "districts_recognised": 2,  # TP Hà Tiên (2023, still held) and Huyện An Biên (2024)
    }


def test_summary_of_an_earlier_year_holds_the_recognitions_of_that_year(db):
    figures = overview.summary(db, 2023)
    assert figures["communes_assessed"] == 2
    assert figures["avg_criteria"] == 17.0
    assert figures["bands"] == {"19": 0, "15-18": 2, "10-14": 0, "5-9": 0, "<5": 0}
    assert (figures["recognised_ntm"], figures["recognised_advanced"], figures["recognised_model"]) == (
        2,
        1,
        0,
    )
    assert figures["districts_recognised"] == 1


def test_summary_programme_size_comes_from_the_official_figure_else_from_the_commune_list(db):
    assert overview.summary(db, 2019)["communes_total"] == 117  # programme_size.csv
    assert overview.summary(db, 2018)["communes_total"] == 116  # no official figure: xã valid that year


def test_summary_of_a_year_without_results_has_no_average_and_empty_bands(db):
    figures = overview.summary(db, 2022)
    assert figures["communes_assessed"] == 0
    assert figures["avg_criteria"] is None
    assert set(figures["bands"].values()) == {0}
    assert len(figures["per_criterion"]) == 19


def test_summary_counts_all_criteria_from_the_criterion_table(db):
    with warehouse.transaction(db) as con:
        con.execute("delete from criterion where criterion_no = 19")
        con.execute("delete from criterion_result where criterion_no = 19")
    figures = overview.summary(db)
    assert "19" not in figures["per_criterion"]
    assert figures["communes_all_criteria"] == 2  # Tây Yên and Nam Yên: 18 of a set of 18


@pytest.mark.database("empty")
def test_summary_of_an_empty_warehouse_has_no_year(db):
    figures = overview.summary(db)
    assert figures["year"] is None
    assert figures["communes_assessed"] is None


def test_headline_for_a_district_counts_only_its_xa(db):
    assert overview.headline(db, 2024, "908") == {
        "year": 2024,
        "communes_total": 8,  # xã of Huyện An Biên
        "communes_assessed": 3,
        "communes_all_criteria": 1,
        "avg_criteria": 17.67,  # (19 + 16 + 18) / 3
        "communes_ntm": 1,
        "communes_advanced": 1,
        "communes_model": 1,
        "districts_total": 1,
        "districts_recognised": 1,
    }


def test_trend_starts_at_the_first_year_with_criteria_results_oldest_first(db):
    trend = overview.trend(db)
    assert list(trend["year"]) == [2023, 2024]  # recognitions of 2020 and 2021 come before any criteria
    assert list(trend["communes_ntm"]) == [2, 2]
    assert list(trend["communes_advanced"]) == [1, 1]
    assert list(trend["communes_model"]) == [0, 1]


def test_trend_for_a_district(db):
    trend = overview.trend(db, "906")
    assert list(trend["communes_ntm"]) == [0, 1]
    assert list(trend["communes_total"]) == [18, 18]


def test_bands_for_a_district_list_every_band(db):
    bands = overview.bands(db, 2024, "906")
    assert dict(zip(bands["band"], bands["communes"], strict=True)) == {
        "19": 0,
        "15-18": 0,
        "10-14": 1,
        "5-9": 1,
        "<5": 1,
    }


def test_districts_ranked_by_share_of_xa_meeting_ntm(db):
    ranked = districts.districts_ranked(db, 2024)
    assert len(ranked) == 15
    top = ranked.head(2).to_dict("records")
    assert [
        (r["district_code"], r["communes_ntm"], r["communes_total"], r["share_ntm"], r["recognised"]) for r in top
    ] == [("908", 1, 8, 12.5, True), ("906", 1, 18, 5.6, False)]
    assert ranked.set_index("district_code").loc["900", "recognised"]


def test_targets_take_the_value_in_force_for_the_scope(db):
    province = targets.targets(db, 2024).set_index("measure_code")
    assert province.loc["communes_ntm", "target_value"] == 116  # 110 was superseded
    assert province.loc["communes_ntm", "base_value"] == 50
    assert province.loc["districts_recognised", "target_value"] == 15
    district = targets.targets(db, 2024, "908")
    assert list(district["measure_code"]) == ["communes_ntm"]
    assert district["target_value"].item() == 8


def test_targets_prefer_the_next_target_year_then_the_latest_past_one(db):
    with warehouse.transaction(db) as con:
        con.execute(
            "insert into target (scope_code, measure_code, target_year, target_value, batch_id)"
            " values ('province', 'communes_model', 2022, 3, 2)"
        )
    assert targets.targets(db, 2021).set_index("measure_code").loc["communes_model", "target_year"] == 2022
    assert targets.targets(db, 2024).set_index("measure_code").loc["communes_model", "target_year"] == 2025
    assert targets.targets(db, 2026).set_index("measure_code").loc["communes_model", "target_year"] == 2025


def test_years_newest_first_and_districts_by_code(db):
    assert overview.years(db) == [2024, 2023, 2021, 2020]
    units = districts.districts(db)
    assert len(units) == 15
    assert units["908"] == "Huyện An Biên"


def test_data_status_reports_the_latest_load_and_sample_data(db, warehouses):
    assert overview.data_status(db) == {"batch_id": 2, "loaded_at": SECOND_LOAD, "sample_data": True}
    nothing_loaded = {"batch_id": None, "loaded_at": None, "sample_data": False}
    assert overview.data_status(warehouses.shared("empty")) == nothing_loaded
