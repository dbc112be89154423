"""The administrative units over time: Kiên Giang's until 30/6/2025 (admin_units.csv), the new An
Giang's from 1/7/2025 (admin_units_2025.csv) and which old unit became which (admin_unit_successions.csv).
Read from the committed files only."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from tests.reference_files import day, rows

OLD = rows("admin_units.csv")
NEW = rows("admin_units_2025.csv")
SUCCESSIONS = rows("admin_unit_successions.csv")
TERRITORIES = {row["territory_code"]: row for row in rows("territories.csv")}
KIEN_GIANG_CODE = TERRITORIES["kien_giang"]["province_code"]
ONE_DAY = dt.timedelta(days=1)


def made_of() -> dict[str, list[dict[str, str]]]:
    """New unit code -> the mapping's rows of the old units it was made from."""
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in SUCCESSIONS:
        found[row["new_code"]].append(row)
    return found


def units_over_time() -> list[tuple[str, str, dt.date, dt.date]]:
    """(code, name, first day, last day) of every unit the files name: Kiên Giang's districts and
    communes, the new units, and old An Giang's units (known from the mapping, until the day before it)."""
    units = {(r["district_code"], r["district_name"], r["valid_from"], r["valid_to"]) for r in OLD}
    units |= {(r["commune_code"], r["commune_name"], r["valid_from"], r["valid_to"]) for r in OLD + NEW}
    units |= {
        (r["old_code"], r["old_name"], "", (day(r["effective_date"]) - ONE_DAY).isoformat())
        for r in SUCCESSIONS
        if r["old_province_code"] != KIEN_GIANG_CODE
    }
    return [
        (code, name, day(start) if start else dt.date.min, day(end) if end else dt.date.max)
        for code, name, start, end in units
    ]


UNITS = units_over_time()


def names_on(code: str, when: dt.date) -> list[str]:
    return [name for unit_code, name, start, end in UNITS if unit_code == code and start <= when <= end]


def test_an_giang_has_the_102_units_of_nq_1654_85_xa_14_phuong_and_3_dac_khu():
    assert len(NEW) == 102
    assert Counter(row["unit_type"] for row in NEW) == {"xã": 85, "phường": 14, "đặc khu": 3}
    assert {row["valid_from"] for row in NEW} == {TERRITORIES["an_giang"]["valid_from"]} == {"2025-07-01"}


def test_the_unit_lists_agree_with_the_counts_declared_from_their_sources():
    lists = {"an_giang": NEW, "former_kien_giang": [r for r in NEW if r["former_kien_giang"] != "none"]}
    for declared in rows("admin_unit_counts.csv"):
        units = lists[declared["territory_code"]]
        assert sum(r["unit_type"] == declared["unit_type"] for r in units) == int(declared["units"]), declared


def test_former_kien_giang_became_48_units_41_xa_4_phuong_3_dac_khu_as_plo_vn_reported():
    former = [row for row in NEW if row["former_kien_giang"] != "none"]
    assert Counter(row["unit_type"] for row in former) == {"xã": 41, "phường": 4, "đặc khu": 3}


def test_every_kien_giang_unit_became_part_of_at_least_one_new_unit():
    mapped = {row["old_code"] for row in SUCCESSIONS if row["old_province_code"] == KIEN_GIANG_CODE}
    assert mapped == {row["commune_code"] for row in OLD}
    assert {row["new_code"] for row in SUCCESSIONS} <= {row["commune_code"] for row in NEW}


def test_the_mapping_names_kien_giangs_units_as_admin_units_csv_does():
    listed = {
        r["commune_code"]: (r["commune_name"], r["unit_type"], r["district_code"], r["district_name"]) for r in OLD
    }
    for row in SUCCESSIONS:
        if row["old_province_code"] == KIEN_GIANG_CODE:
            assert (
                row["old_name"],
                row["old_unit_type"],
                row["old_district_code"],
                row["old_district_name"],
            ) == listed[row["old_code"]]


def test_every_new_unit_was_made_from_old_units_and_carries_the_code_of_one_of_them():
    sources = made_of()
    for unit in NEW:
        assert unit["commune_code"] in {row["old_code"] for row in sources[unit["commune_code"]]}, unit
        assert {row["new_name"] for row in sources[unit["commune_code"]]} == {unit["commune_name"]}


def test_each_new_unit_is_marked_by_where_the_units_it_was_made_from_lay():
    sources = made_of()
    for unit in NEW:
        from_kien_giang = [row["old_province_code"] == KIEN_GIANG_CODE for row in sources[unit["commune_code"]]]
        expected = "whole" if all(from_kien_giang) else "part" if any(from_kien_giang) else "none"
        assert unit["former_kien_giang"] == expected, unit


def test_an_old_unit_is_whole_only_when_it_went_into_a_single_new_unit():
    destinations = Counter(row["old_code"] for row in SUCCESSIONS)
    for row in SUCCESSIONS:
        assert row["extent"] in {"whole", "part"}
        if destinations[row["old_code"]] > 1:
            assert row["extent"] == "part", row
    split = {row["old_name"] for row in SUCCESSIONS if row["extent"] == "part"}
    assert split == {"Xã Vĩnh Châu", "Xã Phú Hội", "Xã Phước Hưng"}  # old An Giang's, as the package lists them


def test_a_code_and_a_date_name_exactly_one_unit():
    for code, name, start, end in UNITS:
        bounds = {start, end} - {dt.date.min, dt.date.max}
        assert bounds, code
        for when in bounds:
            assert names_on(code, when) == [name], (code, when)


def test_xa_an_bien_took_the_code_30985_of_the_old_thi_tran_thu_ba():
    assert names_on("30985", dt.date(2025, 6, 30)) == ["Thị trấn Thứ Ba"]
    assert names_on("30985", dt.date(2025, 7, 1)) == ["Xã An Biên"]
    assert {row["old_name"] for row in made_of()["30985"]} == {"Thị trấn Thứ Ba", "Xã Hưng Yên", "Xã Đông Yên"}


def test_phuong_rach_gia_took_the_code_30742_of_the_old_phuong_vinh_thanh_van():
    assert names_on("30742", dt.date(2025, 6, 30)) == ["Phường Vĩnh Thanh Vân"]
    assert names_on("30742", dt.date(2025, 7, 1)) == ["Phường Rạch Giá"]
    assert len(made_of()["30742"]) == 9  # the city's phường but Vĩnh Thông, which took Xã Phi Thông


def test_english_names_are_the_name_without_marks_then_the_unit_type_in_english():
    english = {row["unit_type"]: row["name_en"] for row in rows("admin_unit_types.csv")}
    districts = {row["district_code"]: row["district_name_en"] for row in OLD}
    assert (districts["908"], districts["899"]) == ("An Bien District", "Rach Gia City")
    assert {r["commune_code"]: r["commune_name_en"] for r in OLD}["30985"] == "Thu Ba Township"
    new = {row["commune_code"]: row["commune_name_en"] for row in NEW}
    assert (new["30985"], new["30742"], new["31078"]) == ("An Bien Commune", "Rach Gia Ward", "Phu Quoc Special Zone")
    named = [(r["district_name_en"], r["district_kind"]) for r in OLD] + [
        (r["commune_name_en"], r["unit_type"]) for r in OLD + NEW
    ]
    for name, unit_type in named:
        assert name.isascii() and name.endswith(f" {english[unit_type]}"), name


def test_dac_khu_are_outside_the_ntm_programme_and_marked_unconfirmed_while_xa_are_inside():
    types = {row["unit_type"]: row for row in rows("admin_unit_types.csv")}
    assert {r["unit_type"] for r in OLD + NEW} | {r["district_kind"] for r in OLD} <= set(types)
    assert (types["đặc khu"]["in_ntm_programme"], types["đặc khu"]["in_ntm_programme_confirmed"]) == ("false", "false")
    assert (types["xã"]["in_ntm_programme"], types["xã"]["in_ntm_programme_confirmed"]) == ("true", "true")
    assert sum(types[row["unit_type"]]["in_ntm_programme"] == "true" for row in NEW) == 85


def test_the_built_files_name_the_packages_and_versions_they_come_from():
    assert {row["source"] for row in NEW} == {"vietnam-provinces 2025.10.1 (GSO list 2025-10-18)"}
    for source in {row["source"] for row in SUCCESSIONS}:
        assert "vietnam-address-converter 1.0.5" in source and "vietnam-provinces 0.6.0" in source, source
    assert {row["legal_basis"] for row in NEW + SUCCESSIONS} == {"Nghị quyết 1654/NQ-UBTVQH15 (16/6/2025)"}
