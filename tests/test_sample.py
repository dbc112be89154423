"""The sample generator: reproducible files, a story that adds up, and a notice on every sheet."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from ntm import config
from tools import sample, sample_layout, sample_workbooks

NTM_HELD = {2020: 81, 2021: 90, 2022: 101, 2023: 108, 2024: 111, 2025: 114}
ADVANCED_HELD = {2022: 0, 2023: 5, 2024: 19, 2025: 26}
MODEL_HELD = {2024: 0, 2025: 2}
DISTRICT_LEVELS = {"district_ntm", "city_task_completed"}


@pytest.fixture(scope="module")
def plan():
    return sample_workbooks.build_plan()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    return sample.write_samples(tmp_path_factory.mktemp("sample"))


def held(plan, level: str, year: int) -> set[str]:
    """Units holding a level at the end of a year, as the recognition_held view counts them:
    the latest event by assessment year (then decision date) decides."""
    latest: dict[str, tuple] = {}
    for event in plan.recognitions:
        if event.level != level or event.assessment_year > year:
            continue
        key = (event.assessment_year, event.decision_date)
        if event.unit_code not in latest or key >= latest[event.unit_code][0]:
            latest[event.unit_code] = (key, event.action)
    return {unit for unit, (_key, action) in latest.items() if action == "recognised"}


def test_two_runs_give_identical_files(tmp_path):
    first = sample.write_samples(tmp_path / "a")
    second = sample.write_samples(tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_samples_match_the_generator(written):
    # The files in data/sample are this generator's output; re-run `python -m etl sample` if not.
    for path in written:
        committed = config.SAMPLE_DIR / path.name
        assert committed.exists(), committed
        assert committed.read_bytes() == path.read_bytes(), path.name


def test_load_order_criteria_years_then_recognitions_then_targets_then_the_movement(written):
    names = [p.name for p in written]
    assert names[:4] == [
        "tieu_chi_2020.xlsx",
        "tieu_chi_2021.xlsx",
        "tieu_chi_2022.xlsx",
        "tieu_chi_2023_toan_tinh.xlsx",
    ]
    assert len([n for n in names if n.startswith("tieu_chi_2024_")]) == 15
    assert names[-8:-5] == ["tieu_chi_2025.xlsx", "quyet_dinh_cong_nhan.xlsx", "chi_tieu_ke_hoach.xlsx"]
    # The directives (with their tasks) before the reports on them.
    assert names[-5:] == [
        "van_ban_chi_dao_nhiem_vu.xlsx",
        "bao_cao_co_quan_2024_2025.xlsx",
        "huy_dong_nguon_luc_2021_2025.xlsx",
        "khen_thuong_phong_trao.xlsx",
        "mo_hinh_dien_hinh.xlsx",
    ]


def test_every_sheet_carries_the_sample_notice(written):
    for path in written:
        workbook = openpyxl.load_workbook(path, read_only=True)
        for sheet in workbook.worksheets:
            title_cells = [v for row in sheet.iter_rows(max_row=5, values_only=True) for v in row]
            assert sample_layout.SAMPLE_NOTICE in title_cells, f"{path.name} / {sheet.title}"
        workbook.close()


def test_files_are_small_and_have_no_clock_in_them(written):
    for path in written:
        assert path.stat().st_size < 200_000, path.name
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}


def test_ntm_held_at_each_year_end_matches_the_reported_totals(plan):
    assert {year: len(held(plan, "ntm", year)) for year in NTM_HELD} == NTM_HELD


def test_advanced_and_model_totals(plan):
    assert {year: len(held(plan, "ntm_advanced", year)) for year in ADVANCED_HELD} == ADVANCED_HELD
    assert {year: len(held(plan, "ntm_model", year)) for year in MODEL_HELD} == MODEL_HELD
    assert held(plan, "ntm_model", 2025) <= held(plan, "ntm_advanced", 2025)


def test_the_real_advanced_communes_of_2023(plan):
    names = {c.code: c.name for c in plan.communes}
    assert {names[code] for code in held(plan, "ntm_advanced", 2023)} == {
        "Xã Đông Yên",
        "Xã Hòn Nghệ",
        "Xã Đông Thạnh",
        "Xã Thạnh Hưng",
        "Xã Ngọc Thuận",
    }


def test_recognised_communes_meet_all_criteria_in_their_assessment_year(plan):
    communes = {c.code for c in plan.communes}
    for event in plan.recognitions:
        in_data = event.assessment_year in sample_workbooks.YEARS
        if event.unit_code in communes and event.action == "recognised" and in_data:
            assert len(plan.met[(event.unit_code, event.assessment_year)]) == 19, event


def test_higher_levels_go_to_ntm_communes(plan):
    for event in plan.recognitions:
        if event.level in ("ntm_advanced", "ntm_model"):
            assert event.unit_code in held(plan, "ntm", event.assessment_year), event


def test_districts_are_recognised_only_when_all_their_communes_hold_ntm(plan):
    district_events = [e for e in plan.recognitions if e.level in DISTRICT_LEVELS]
    assert len(district_events) == 8
    for event in district_events:
        members = {c.code for c in plan.communes_of(event.unit_code)}
        assert members <= held(plan, "ntm", event.assessment_year), event


def test_one_withdrawal_in_2023_regained_in_2024(plan):
    withdrawals = [e for e in plan.recognitions if e.action == "withdrawn"]
    assert [(e.level, e.assessment_year) for e in withdrawals] == [("ntm", 2023)]
    code = withdrawals[0].unit_code
    assert code not in held(plan, "ntm", 2023)
    assert code in held(plan, "ntm", 2024)


def test_recognised_communes_lose_some_criteria_on_rechecks_from_2022(plan):
    for year in sample_workbooks.YEARS:
        short = [code for code in held(plan, "ntm", year) if len(plan.met[(code, year)]) < 19]
        if year < 2022:
            assert short == []
        else:
            assert 8 <= len(short) <= 15, year
            assert all(len(plan.met[(code, year)]) >= 17 for code in short)


def test_unrecognised_communes_climb_and_some_stay_short(plan):
    for commune in plan.communes:
        counts = [len(plan.met[(commune.code, year)]) for year in sample_workbooks.YEARS]
        if commune.code not in held(plan, "ntm", 2020):
            assert 11 <= counts[0] <= 18
            first = plan.first_ntm_year[commune.code] or 2026
            climb = counts[: first - 2020]
            assert climb == sorted(climb) and max(climb) <= 18
    not_recognised_2025 = {c.code for c in plan.communes} - held(plan, "ntm", 2025)
    counts_2025 = sorted(len(plan.met[(code, 2025)]) for code in not_recognised_2025)
    assert len(counts_2025) == 2 and counts_2025[0] < 15 <= counts_2025[1]


def test_average_criteria_in_2020_is_the_reported_17_7(plan):
    total = sum(len(plan.met[(c.code, 2020)]) for c in plan.communes)
    assert round(total / len(plan.communes), 1) == 17.7


def test_indicator_values_agree_with_the_criteria(plan):
    assert plan.indicator_values
    for value in plan.indicator_values:
        criterion = int(value.indicator_code.split(".")[0])
        if not value.met:
            assert criterion not in plan.met[(value.commune_code, 2024)], value


def test_province_targets(plan):
    province = {t.measure: (t.base_value, t.target_value) for t in plan.targets if t.scope == "Toàn tỉnh"}
    assert province["Số xã đạt chuẩn nông thôn mới"] == (81, 116)
    assert province["Số xã đạt chuẩn nông thôn mới nâng cao"] == (0, 30)
    assert province["Bình quân số tiêu chí đạt/xã"] == (17.7, 19)
