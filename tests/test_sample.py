"""The sample generator: reproducible files, a story that follows the dated published figures both ways
of counting, the new province's review and 2026 results, and a notice on every sheet."""

from __future__ import annotations

import csv
import datetime
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ntm import config
from ntm.text import fold
from tools import sample, sample_an_giang, sample_layout, sample_workbooks

# Kiên Giang's dated results (the reference notes ntm-2026.md §1): xã NTM, nâng cao, kiểu mẫu and
# district-level units on the day each refers to ("early 2022" taken as 31/3/2022, "2024" as 31/12/2024).
PUBLISHED = {
    datetime.date(2021, 1, 31): (81, None, None, 3),
    datetime.date(2022, 3, 31): (90, None, None, 3),
    datetime.date(2023, 3, 17): (101, None, None, 5),
    datetime.date(2023, 11, 2): (108, 5, None, 5),
    datetime.date(2024, 12, 31): (111, 19, None, 7),
    datetime.date(2025, 6, 30): (116, 40, 5, 9),
}
CUTOFF = datetime.date(2025, 6, 30)
COMMUNE_LEVELS = ("ntm", "ntm_advanced", "ntm_model")
DISTRICT_LEVELS = {"district_ntm", "city_task_completed"}
# Inferred from separate sources; the list as a whole is UNCONFIRMED.
NINE_DISTRICT_UNITS = {
    "Huyện Tân Hiệp",
    "Huyện Gò Quao",
    "Huyện Giồng Riềng",
    "Huyện Vĩnh Thuận",
    "Thành phố Hà Tiên",
    "Huyện An Biên",
    "Huyện Kiên Lương",
    "Huyện An Minh",
    "Huyện Châu Thành",
}


@pytest.fixture(scope="module")
def plan():
    return sample_workbooks.build_plan()


@pytest.fixture(scope="module")
def story():
    return sample_an_giang.build_story()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("sample")
    return folder, sample.write_samples(folder)


def held(plan, levels: set[str] | str, year: int) -> set[str]:
    """Units holding a level at the end of a year by assessment year, as the recognition_held view
    counts them: the latest event by assessment year (then decision date) decides."""
    return _latest_recognised(
        plan, levels, lambda e: e.assessment_year <= year, lambda e: (e.assessment_year, e.decision_date)
    )


def held_on(plan, levels: set[str] | str, day: datetime.date) -> set[str]:
    """Units holding a level on a day by decision date: the latest decision up to that day decides."""
    return _latest_recognised(
        plan, levels, lambda e: e.decision_date <= day, lambda e: (e.decision_date, e.assessment_year)
    )


def _latest_recognised(plan, levels, counted, order) -> set[str]:
    levels = {levels} if isinstance(levels, str) else levels
    latest: dict[tuple[str, str], tuple] = {}
    for event in plan.recognitions:
        key = (event.unit_code, event.level)
        if event.level in levels and counted(event) and (key not in latest or order(event) >= latest[key][0]):
            latest[key] = (order(event), event.action)
    return {unit for (unit, _level), (_order, action) in latest.items() if action == "recognised"}


def _sheet_rows(path: Path) -> list[tuple]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def test_two_runs_give_identical_files(tmp_path):
    first = sample.write_samples(tmp_path / "a")
    second = sample.write_samples(tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_samples_match_the_generator(written):
    # The files in data/sample are this generator's output; re-run `python -m etl sample` if not.
    folder, paths = written
    for path in paths:
        committed = config.SAMPLE_DIR / path.relative_to(folder)
        assert committed.exists(), committed
        assert committed.read_bytes() == path.read_bytes(), path.name


def test_load_order_criteria_years_then_recognitions_then_targets_then_the_movement_then_the_new_province(written):
    folder, paths = written
    names = [str(p.relative_to(folder)) for p in paths]
    assert names[:4] == [
        "tieu_chi_2020.xlsx",
        "tieu_chi_2021.xlsx",
        "tieu_chi_2022.xlsx",
        "tieu_chi_2023_toan_tinh.xlsx",
    ]
    assert len([n for n in names if n.startswith("tieu_chi_2024_")]) == 15
    assert names[-11:-8] == ["tieu_chi_2025.xlsx", "quyet_dinh_cong_nhan.xlsx", "chi_tieu_ke_hoach.xlsx"]
    # The directives (with their tasks) before the reports on them.
    assert names[-8:-3] == [
        "van_ban_chi_dao_nhiem_vu.xlsx",
        "bao_cao_co_quan_2024_2025.xlsx",
        "huy_dong_nguon_luc_2021_2025.xlsx",
        "khen_thuong_phong_trao.xlsx",
        "mo_hinh_dien_hinh.xlsx",
    ]
    # The new province last, beside the rest: the targets, the review, then its results, which is their
    # order by name too, after every other workbook's.
    assert names[-3:] == [
        "xa_moi_chi_tieu_ke_hoach_2026_2030.xlsx",
        "xa_moi_quyet_dinh_ra_soat_2025.xlsx",
        "xa_moi_tieu_chi_2026.xlsx",
    ]
    assert sorted(names)[-3:] == names[-3:]


def test_every_sheet_carries_the_sample_notice(written):
    for path in written[1]:
        workbook = openpyxl.load_workbook(path, read_only=True)
        for sheet in workbook.worksheets:
            title_cells = [v for row in sheet.iter_rows(max_row=5, values_only=True) for v in row]
            assert sample_layout.SAMPLE_NOTICE in title_cells, f"{path.name} / {sheet.title}"
        workbook.close()


def test_files_are_small_and_have_no_clock_in_them(written):
    for path in written[1]:
        assert path.stat().st_size < 200_000, path.name
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}


# --- The published path, both ways of counting -----------------------------------------------


def test_the_story_declares_the_published_figures_each_with_its_source(plan):
    declared = sample_workbooks.PUBLISHED
    assert {f.as_of: (f.ntm, f.advanced, f.model, f.districts) for f in declared} == PUBLISHED
    assert all(f.source and f.results_year in sample_workbooks.YEARS for f in declared)


@pytest.mark.parametrize(("day", "figures"), PUBLISHED.items(), ids=str)
def test_by_decision_date_each_published_figure_holds_on_its_day(plan, day, figures):
    counted = [len(held_on(plan, level, day)) for level in COMMUNE_LEVELS] + [len(held_on(plan, DISTRICT_LEVELS, day))]
    assert [c for c, f in zip(counted, figures, strict=True) if f is not None] == [f for f in figures if f is not None]


def test_by_assessment_year_the_xa_counts_are_the_published_figures_of_the_year_they_report(plan):
    for figure in sample_workbooks.PUBLISHED:
        for level, published in zip(COMMUNE_LEVELS, (figure.ntm, figure.advanced, figure.model), strict=True):
            if published is not None:
                assert len(held(plan, level, figure.results_year)) == published, (level, figure.results_year)


def test_district_units_by_assessment_year_run_ahead_of_the_published_counts(plan):
    """Districts are recognised for a year by a decision one or two years later: An Minh and Châu Thành
    "năm 2024" by QĐ 670 (26/3/2025) and QĐ 1119 (11/6/2025), so 2024 counts 9 by assessment year, 7 by date."""
    by_year = {f.results_year: len(held(plan, DISTRICT_LEVELS, f.results_year)) for f in sample_workbooks.PUBLISHED}
    assert all(by_year[f.results_year] >= f.districts for f in sample_workbooks.PUBLISHED)
    assert (by_year[2024], len(held_on(plan, DISTRICT_LEVELS, datetime.date(2024, 12, 31)))) == (9, 7)


def test_year_end_counts_by_decision_date_trail_where_a_round_is_decided_the_next_year(plan):
    at_year_end = {year: len(held_on(plan, "ntm", datetime.date(year, 12, 31))) for year in (2021, 2022, 2023, 2024)}
    by_year = {year: len(held(plan, "ntm", year)) for year in at_year_end}
    assert at_year_end[2021] < by_year[2021] and at_year_end[2022] < by_year[2022]
    assert at_year_end[2023] == by_year[2023] and at_year_end[2024] == by_year[2024]


def test_no_decision_comes_after_the_provinces_last_day(plan):
    assert max(event.decision_date for event in plan.recognitions) <= CUTOFF


def test_the_nine_district_level_units_with_the_real_decisions_of_2025(plan):
    names = {code: district.name for code, district in plan.districts.items()}
    assert {names[code] for code in held_on(plan, DISTRICT_LEVELS, CUTOFF)} == NINE_DISTRICT_UNITS
    decided_2025 = {
        (names[e.unit_code], e.decision_no, e.decision_date, e.assessment_year)
        for e in plan.recognitions
        if e.level in DISTRICT_LEVELS and e.decision_date.year == 2025
    }
    assert decided_2025 == {
        ("Huyện An Minh", "670/QĐ-TTg", datetime.date(2025, 3, 26), 2024),
        ("Huyện Châu Thành", "1119/QĐ-TTg", datetime.date(2025, 6, 11), 2024),
    }


def test_the_real_advanced_communes_of_2023(plan):
    names = {c.code: c.name for c in plan.communes}
    assert {names[code] for code in held(plan, "ntm_advanced", 2023)} == {
        "Xã Đông Yên",
        "Xã Hòn Nghệ",
        "Xã Đông Thạnh",
        "Xã Thạnh Hưng",
        "Xã Ngọc Thuận",
    }


def test_model_communes_are_advanced_ones(plan):
    assert held(plan, "ntm_model", 2025) <= held(plan, "ntm_advanced", 2025)


# --- The criteria behind the recognitions ----------------------------------------------------


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
    assert len(district_events) == len(NINE_DISTRICT_UNITS)
    for event in district_events:
        members = {c.code for c in plan.communes_of(event.unit_code)}
        assert members <= held(plan, "ntm", event.assessment_year), event


def test_one_withdrawal_in_2023_regained_in_2024(plan):
    withdrawals = [e for e in plan.recognitions if e.action == "withdrawn"]
    assert [(e.level, e.assessment_year) for e in withdrawals] == [("ntm", 2023)]
    code = withdrawals[0].unit_code
    assert code not in held(plan, "ntm", 2023) and code not in held_on(plan, "ntm", datetime.date(2023, 11, 2))
    assert code in held(plan, "ntm", 2024)


def test_recognised_communes_lose_some_criteria_on_rechecks_from_2022(plan):
    for year in sample_workbooks.YEARS:
        short = [code for code in held(plan, "ntm", year) if len(plan.met[(code, year)]) < 19]
        if year < 2022:
            assert short == []
        else:
            assert 8 <= len(short) <= 15, year
            assert all(len(plan.met[(code, year)]) >= 17 for code in short)


def test_communes_climb_to_the_standard_and_all_reach_it_by_2025(plan):
    for commune in plan.communes:
        counts = [len(plan.met[(commune.code, year)]) for year in sample_workbooks.YEARS]
        first = plan.first_ntm_year[commune.code]
        if first > 2020:
            assert 11 <= counts[0] <= 18
            climb = counts[: first - 2020]
            assert climb == sorted(climb) and max(climb) <= 18
    assert held(plan, "ntm", 2025) == {c.code for c in plan.communes}


def test_average_criteria_in_2020_is_the_reported_17_7(plan):
    total = sum(len(plan.met[(c.code, 2020)]) for c in plan.communes)
    assert round(total / len(plan.communes), 1) == 17.7


def test_indicator_values_agree_with_the_criteria(plan):
    assert plan.indicator_values
    for value in plan.indicator_values:
        criterion = int(value.indicator_code.split(".")[0])
        if not value.met:
            assert criterion not in plan.met[(value.commune_code, 2024)], value


# --- Targets ---------------------------------------------------------------------------------


def test_province_targets_are_the_reported_plan_each_with_where_it_was_read(plan):
    province = {t.measure: (t.base_value, t.target_value) for t in plan.targets if t.scope == "Toàn tỉnh"}
    assert province == {
        "Số xã đạt chuẩn nông thôn mới": (81, 116),
        "Số xã đạt chuẩn nông thôn mới nâng cao": (0, 30),
        "Số xã nông thôn mới kiểu mẫu": (0, 15),
        "Số đơn vị cấp huyện đạt chuẩn/hoàn thành nhiệm vụ xây dựng NTM": (3, 10),
    }
    sources = {t.measure: t.source for t in plan.targets if t.scope == "Toàn tỉnh"}
    assert all("doanhnghiephoinhap.vn" in source and "chưa xác minh" in source for source in sources.values())
    assert "7–9 huyện" in sources["Số đơn vị cấp huyện đạt chuẩn/hoàn thành nhiệm vụ xây dựng NTM"]


def test_district_targets_are_every_xa_of_a_district_not_complete_in_2020(plan):
    districts = {t.scope: t for t in plan.targets if t.scope != "Toàn tỉnh"}
    incomplete = {
        d.name: len(plan.communes_of(code))
        for code, d in plan.districts.items()
        if not {c.code for c in plan.communes_of(code)} <= held(plan, "ntm", 2020)
    }
    assert {scope: t.target_value for scope, t in districts.items()} == incomplete
    assert all("116/116" in t.source for t in districts.values())


# --- The new province: review, 2026 results, 2030 targets -------------------------------------


def _former_kien_giang_xa() -> int:
    with open(config.REFERENCE_DIR / "admin_unit_counts.csv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return next(
            int(r["units"]) for r in rows if r["territory_code"] == "former_kien_giang" and r["unit_type"] == "xã"
        )


def test_the_review_keeps_the_provinces_outcome_scaled_to_the_former_territory(story):
    """69 of 85 xã kept NTM, 9 nâng cao, 1 kiểu mẫu in the whole new province: 33, 4 and 1 of the 41."""
    assert len(story.communes) == _former_kien_giang_xa() == 41
    assert (len(story.kept("ntm")), len(story.kept("ntm_advanced")), len(story.kept("ntm_model"))) == (33, 4, 1)
    assert story.kept("ntm_model") <= story.kept("ntm_advanced") <= story.kept("ntm")
    decisions = {(r.decision.kind, r.decision.date.strftime("%m/%Y")) for r in story.reviews}
    assert decisions == {("Kết quả rà soát", "11/2025"), ("Công nhận sau sắp xếp", "11/2025")}


def test_xa_without_a_decision_are_left_not_reviewed_and_each_took_in_a_township(story):
    not_reviewed = [c for c in story.communes if c.code not in story.kept("ntm")]
    assert len(not_reviewed) == 8
    assert all(c.took_in_township for c in not_reviewed)
    reviewed = {r.unit_code for r in story.reviews if r.decision == sample_an_giang.REVIEW}
    assert not any(c.took_in_township for c in story.communes if c.code in reviewed)


def test_review_workbook_names_new_units_by_code_and_name_with_the_decisions_kind(written):
    folder, _paths = written
    rows = _sheet_rows(folder / sample_an_giang.REVIEW_WORKBOOK)
    header = rows[3]
    assert "Hình thức" in header and "Huyện" not in header
    new_units = {c.code: c.name for c in sample_an_giang.read_new_communes()}
    code, name, kind = header.index("Mã đơn vị"), header.index("Tên đơn vị"), header.index("Hình thức")
    assert {row[kind] for row in rows[4:]} == {"Kết quả rà soát", "Công nhận sau sắp xếp"}
    assert all(new_units[row[code]] == row[name] for row in rows[4:])


def test_2026_results_use_the_ten_criteria_the_groups_and_fill_every_band(story):
    assert all(met <= set(sample_an_giang.criterion_names()) for met in story.met.values())
    assert set(story.met) == {c.code for c in story.communes}
    assert {c.code for c in story.communes if story.groups[c.code] == 1} == {
        c.code for c in story.communes if c.took_in_township
    }
    assert set(story.groups.values()) == {1, 2, 3}
    with open(config.REFERENCE_DIR / "criteria_bands_2026_2030.csv", encoding="utf-8", newline="") as handle:
        bands = {row["band"]: (int(row["min_met"]), int(row["max_met"])) for row in csv.DictReader(handle)}
    for band, (low, high) in bands.items():
        assert any(low <= len(met) <= high for met in story.met.values()), band


def test_2026_sheet_writes_new_xa_names_as_clerks_do_with_a_group_column(written, story):
    folder, _paths = written
    rows = _sheet_rows(folder / sample_an_giang.CRITERIA_WORKBOOK)
    header = rows[5]
    assert header[:3] == ("STT", "Tên xã", "Nhóm xã") and len(header) == 3 + 10 + 1
    assert "NĂM 2026" in rows[2][0]
    written_names = [row[1] for row in rows[6 : 6 + len(story.communes)]]
    by_fold = {fold(c.name).removeprefix("xa "): c.code for c in story.communes}
    # Each folds to its xã, whatever the form: NFD, old tone placement, without "Xã", in capitals.
    assert [by_fold[fold(name).removeprefix("xa ")] for name in written_names] == [c.code for c in story.communes]
    assert any(unicodedata.is_normalized("NFC", name) is False for name in written_names)
    assert any("oà" in name or "OÀ" in name for name in written_names)
    assert any(not fold(name).startswith("xa ") for name in written_names)


def test_national_2030_targets_come_from_the_reference_file_with_their_source(story):
    with open(config.REFERENCE_DIR / "targets_national_2026_2030.csv", encoding="utf-8", newline="") as handle:
        declared = list(csv.DictReader(handle))
    assert [(t.scope, t.target_year, t.target_value) for t in story.targets] == [
        ("Toàn quốc", int(row["target_year"]), float(row["target_value"])) for row in declared
    ]
    assert all(row["source"] in t.source for t, row in zip(story.targets, declared, strict=True))
    assert {t.target_value for t in story.targets} >= {65, 10}
