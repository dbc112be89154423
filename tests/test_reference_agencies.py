"""Agencies over time: the department mergers of 1/3/2025 and the end of the district People's
Committees on 1/7/2025 (agency_successions.csv), with the departments they created (agencies_from_2025.csv)."""

from __future__ import annotations

import datetime as dt

from ntm.agencies import name_key
from tests.reference_files import day, rows

AGENCIES = {row["agency_code"]: row for row in rows("agencies.csv", "agencies_from_2025.csv")}
SUCCESSIONS = rows("agency_successions.csv")


def test_the_new_departments_take_no_code_or_spelling_of_an_existing_agency_or_group():
    existing = rows("agencies.csv")
    assert len(AGENCIES) == len(existing) + len(rows("agencies_from_2025.csv"))
    spellings = {name_key(r[c]) for r in existing for c in ("agency_code", "name_vi", "short_name_vi")}
    spellings |= {name_key(r["group_code"]) for r in rows("agency_groups.csv")}
    spellings |= {name_key(r["alias"]) for r in rows("agency_aliases.csv")}
    for row in rows("agencies_from_2025.csv"):
        assert not {name_key(row[c]) for c in ("agency_code", "name_vi", "short_name_vi")} & spellings, row


def test_a_succession_names_known_agencies_and_a_successor_unless_the_agency_ceased():
    for row in SUCCESSIONS:
        assert row["agency_code"] in AGENCIES, row
        assert row["kind"] in {"merged", "renamed", "ceased"}, row
        assert (row["successor_code"] == "") == (row["kind"] == "ceased"), row
        assert not row["successor_code"] or row["successor_code"] in AGENCIES, row
    assert len({row["agency_code"] for row in SUCCESSIONS}) == len(SUCCESSIONS)  # an agency ends once


def test_no_agency_succeeds_to_one_that_has_already_ended():
    ended = {row["agency_code"]: day(row["effective_date"]) for row in SUCCESSIONS}
    for row in SUCCESSIONS:
        if row["successor_code"] in ended:
            assert ended[row["successor_code"]] > day(row["effective_date"]), row


def test_on_1_march_2025_agriculture_and_environment_merged_and_five_departments_joined_others():
    merged = {row["agency_code"]: row["successor_code"] for row in SUCCESSIONS if row["effective_date"] == "2025-03-01"}
    assert merged == {
        "SNNPTNT": "SNNMT",
        "STNMT": "SNNMT",
        "STTTT": "SKHCN",
        "SLDTBXH": "SNV",
        "SKHDT": "STC",
        "SGTVT": "SXD",
        "SNGV": "VPUBND",
        "BDT": "SDTTG",
    }
    assert AGENCIES["SNNMT"]["name_vi"] == "Sở Nông nghiệp và Môi trường"


def test_every_district_committee_ceased_the_day_after_kien_giangs_last_day():
    last_day = day({row["territory_code"]: row for row in rows("territories.csv")}["kien_giang"]["valid_to"])
    ceased = {row["agency_code"]: row for row in SUCCESSIONS if row["kind"] == "ceased"}
    districts = {code for code, row in AGENCIES.items() if row["kind"] == "district"}
    assert set(ceased) == districts and len(districts) == 15
    assert {day(row["effective_date"]) for row in ceased.values()} == {last_day + dt.timedelta(days=1)}
