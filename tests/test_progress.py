"""The progress status of a target (Open SDG's method), on worked examples counted by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.progress import GROWTH, LINEAR, assess, assess_frame


def progress(
    base_year=2020,
    base_value=100.0,
    latest_year=2022,
    latest_value=121.0,
    target_year=2023,
    target_value=133.1,
    direction="increase",
    ended=False,
):
    return assess(
        base_year=base_year,
        base_value=base_value,
        latest_year=latest_year,
        latest_value=latest_value,
        target_year=target_year,
        target_value=target_value,
        direction=direction,
        ended=ended,
    )


def test_growing_at_the_rate_the_target_needs_is_on_track_and_lands_on_the_target():
    # 100 -> 121 in two years is +10 % a year; 133.1 in 2023 needs +10 % a year too: ratio 1.
    result = progress()
    assert result.status == "on_track"
    assert result.method == GROWTH
    assert result.ratio == pytest.approx(1.0)
    assert result.gap == pytest.approx(12.1)
    assert result.needed_per_year == pytest.approx(12.1)  # one year left
    assert result.projected == pytest.approx(133.1)  # 121 × 1.1


def test_the_provinces_ntm_target_in_the_sample_just_misses_on_track():
    # 81 xã (2020) -> 114 (2025) against 116 in 2025: (114/81)^(1/5) − 1 = 7.074 % a year observed,
    # (116/81)^(1/5) − 1 = 7.447 % needed; ratio 0.9499 < 0.95. The target year has come: 2 xã short.
    result = progress(base_value=81, latest_year=2025, latest_value=114, target_year=2025, target_value=116)
    assert result.ratio == pytest.approx(0.9499, abs=1e-4)
    assert result.status == "accelerate"
    assert (result.gap, result.remaining_years, result.needed_per_year, result.projected) == (2.0, 0, None, None)


def test_a_ratio_between_zero_and_six_tenths_is_slow_progress():
    # 100 -> 104 in two years is +1.98 % a year; 200 by 2025 needs +14.87 % a year: ratio 0.133.
    result = progress(latest_value=104, target_year=2025, target_value=200)
    assert result.ratio == pytest.approx(0.1332, abs=1e-4)
    assert result.status == "slow"
    assert result.needed_per_year == pytest.approx(32.0)  # 96 missing over 3 years


def test_a_value_moving_away_from_the_target_is_going_backwards():
    result = progress(base_value=50, latest_value=40, target_year=2025, target_value=80)
    assert result.ratio < 0
    assert result.status == "regress"
    # −10.56 % a year (0.8 over two years) kept for the three years to 2025: 40 × 0.8^1.5 = 28.6.
    assert result.projected == pytest.approx(40 * 0.8**1.5)


def test_target_already_met_is_achieved_whatever_the_pace_or_the_data():
    assert progress(latest_value=140).status == "achieved"
    assert progress(latest_value=140).gap == 0
    # Met even without a base or a second year: nothing more is needed to say it.
    assert progress(base_year=None, base_value=None, latest_value=140).status == "achieved"
    # A target below the base (already met when set) is still met while the value stays above it.
    assert progress(base_value=120, latest_value=118, target_value=116).status == "achieved"


def test_less_is_better_when_the_measure_decreases():
    # 20 -> 10 in two years is −29.3 % a year; 5 by 2024 needs the same: on track, lands on 5.
    result = progress(base_value=20, latest_value=10, target_year=2024, target_value=5, direction="decrease")
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"
    assert result.gap == 5
    assert result.projected == pytest.approx(5.0)
    assert progress(base_value=10, latest_value=12, target_value=5, direction="decrease").status == "regress"
    assert progress(base_value=10, latest_value=4, target_value=5, direction="decrease").status == "achieved"


def test_a_base_of_zero_is_judged_on_the_linear_pace():
    # 0 nâng cao xã in 2020, 19 in 2024, 30 by 2025: 4.75 xã a year observed, 6 needed: ratio 0.79.
    result = progress(base_value=0, latest_year=2024, latest_value=19, target_year=2025, target_value=30)
    assert result.method == LINEAR
    assert result.ratio == pytest.approx(4.75 / 6)
    assert result.status == "accelerate"
    assert result.needed_per_year == 11
    assert result.projected == pytest.approx(23.75)


def test_a_target_of_zero_is_judged_on_the_linear_pace():
    # "No xã below 15 criteria": 4 (2023) -> 3 (2024), 0 by 2025: −1 a year observed, −2 needed.
    result = progress(
        base_year=2023,
        base_value=4,
        latest_year=2024,
        latest_value=3,
        target_year=2025,
        target_value=0,
        direction="decrease",
    )
    assert result.method == LINEAR
    assert result.ratio == pytest.approx(0.5)
    assert result.status == "slow"
    assert (result.gap, result.needed_per_year, result.projected) == (3, 3, 2)


def test_a_target_equal_to_its_base_left_behind_is_going_backwards():
    result = progress(base_value=10, latest_value=9, target_value=10)
    assert result.status == "regress"
    assert result.ratio is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"latest_year": None, "latest_value": None}, "no_value"),
        ({"base_value": None}, "no_base"),
        ({"base_year": None, "base_value": None}, "no_base"),
        ({"base_year": 2022}, "one_year"),  # the latest year is the base year
        ({"base_year": 2023}, "one_year"),  # the base is after the latest data
    ],
)
def test_not_enough_data_says_why(changes, reason):
    result = progress(**changes)
    assert (result.status, result.reason, result.ratio) == ("insufficient", reason, None)


def test_not_enough_data_still_says_how_much_is_missing():
    result = progress(base_value=None, target_year=2024, target_value=141)
    assert result.gap == pytest.approx(20.0)
    assert result.needed_per_year == pytest.approx(10.0)


def test_a_frame_of_targets_gets_the_status_columns_and_missing_values_read_as_none():
    frame = pd.DataFrame(
        {
            "base_year": pd.array([2020, None], dtype="Int64"),
            "base_value": [100.0, math.nan],
            "latest_year": pd.array([2022, 2022], dtype="Int64"),
            "latest_value": [121.0, 50.0],
            "target_year": [2023, 2025],
            "target_value": [133.1, 80.0],
            "direction": ["increase", "increase"],
        }
    )
    assessed = assess_frame(frame)
    assert list(assessed["status"]) == ["on_track", "insufficient"]
    assert list(assessed["reason"].fillna("")) == ["", "no_base"]
    assert assessed.loc[0, "projected"] == pytest.approx(133.1)
    assert pd.isna(assessed.loc[1, "projected"])


def test_a_target_whose_year_has_passed_is_judged_met_or_missed_whatever_its_pace():
    # The sample's NTM target: 114 of 116 in 2025 would be "acceleration needed" while running; once
    # ended it is missed by 2 xã, at 114 / 116 = 98,3 % of plan.
    missed = progress(base_value=81, latest_year=2025, latest_value=114, target_year=2025, target_value=116, ended=True)
    assert (missed.status, missed.gap, missed.percent_of_plan, missed.reason) == ("missed", 2.0, 98.3, None)
    met = progress(latest_year=2023, latest_value=140, target_year=2023, ended=True)
    assert (met.status, met.gap, met.percent_of_plan) == ("met", 0.0, 105.2)
    # Judged even without a base: a verdict compares the result with the target, not a pace.
    assert progress(base_year=None, base_value=None, latest_value=100, ended=True).status == "missed"
    # Without any result there is nothing to judge.
    assert progress(latest_year=None, latest_value=None, ended=True).status == "insufficient"


def test_percent_of_plan_is_the_result_over_the_target_to_one_decimal_and_empty_for_a_zero_target():
    assert progress(latest_value=14, target_value=15).percent_of_plan == 93.3
    assert progress(latest_value=3, target_value=0, direction="decrease").percent_of_plan is None


def test_a_missed_target_says_its_shortfall_in_plain_units_and_its_percent_of_plan():
    from presentation import tables

    row = pd.DataFrame(
        {
            "base_year": [2020],
            "base_value": [81.0],
            "latest_year": [2025],
            "latest_value": [14.0],
            "target_year": [2025],
            "target_value": [15.0],
            "direction": ["increase"],
            "ended": [True],
            "unit": ["communes"],
        }
    )
    target = next(assess_frame(row).itertuples())
    assert tables.progress_note(target, "vi") == "Còn thiếu 1 xã; đạt 93,3% kế hoạch."
    assert tables.progress_note(target, "en") == "Still missing 1 (communes); 93.3% of plan."


def test_off_track_lists_the_furthest_behind_first_and_counts_the_rest():
    from presentation import tables

    rows = [
        {
            "scope_code": f"{900 + i}",
            "district_name": f"Huyện {i}",
            "name_vi": "Số xã đạt chuẩn nông thôn mới",
            "criterion_no": pd.NA,
            "unit": "communes",
            "direction": "increase",
            "status": "slow",
            "ratio": i / 100,
            "reason": None,
            "latest_value": 5.0,
            "latest_year": 2024,
            "target_value": 10.0,
            "target_year": 2025,
            "base_year": 2020,
            "gap": 5.0,
            "remaining_years": 1,
            "needed_per_year": 5.0,
            "projected": 6.0,
            "method": "growth",
            "percent_of_plan": 50.0,
        }
        for i in range(30)
    ]
    lines = tables.off_track(pd.DataFrame(rows), "vi", limit=20)
    assert len(lines) == 21
    assert lines[0].startswith("**Số xã đạt chuẩn nông thôn mới – Huyện 0**")  # ratio 0: the furthest behind
    assert lines[-1].startswith("… và 10 mục tiêu khác chưa đúng tiến độ")
