"""The administrative units over time: those valid on a day (district-level units until 30/6/2025,
and the xã, phường, thị trấn and đặc khu), what an old unit became and what a new one was made from
(the 1/7/2025 rearrangement, Nghị quyết 1654/NQ-UBTVQH15), the days the units changed, and the
province a year's figures speak of. A unit is valid from ``valid_from`` to ``valid_to`` inclusive;
an empty bound is open. Nothing here knows which units exist when: it is read from the tables.

A code names a unit only together with a day (30985 is Thị trấn Thứ Ba until 30/6/2025 and Xã An
Biên from 1/7/2025): every function here takes the day, or answers for every day it knows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ntm import db as database

DISTRICT_LEVEL, COMMUNE_LEVEL = "district", "commune"


def units_valid_on(db: Path, day: dt.date) -> pd.DataFrame:
    """Every unit valid on ``day``: its level (district or commune), code, name and English name, type,
    district (its own code for a district-level unit; none from 1/7/2025), validity, whether its kind
    is assessed as xã (``in_programme``) and, for a unit made on 1/7/2025, how much of it was Kiên
    Giang's (``former_kien_giang``: whole, part or none); district-level units first, then by code."""
    return database.query(
        db,
        f"""
        with units as (
            select '{DISTRICT_LEVEL}' as level, district_code as unit_code, name, kind as unit_type, district_code,
                   valid_from, valid_to, name_en, null as former_kien_giang
            from district
            union all
            select '{COMMUNE_LEVEL}', commune_code, name, unit_type, district_code, valid_from, valid_to, name_en,
                   former_kien_giang
            from commune
        )
        select u.* exclude (former_kien_giang), coalesce(t.in_ntm_programme, false) as in_programme,
               u.former_kien_giang
        from units u
        left join unit_type t using (unit_type)
        where valid_on(u.valid_from, u.valid_to, ?)
        order by u.level = '{COMMUNE_LEVEL}', u.unit_code
        """,
        [day],
    )


def successions(db: Path, code: str, day: dt.date | None = None) -> pd.DataFrame:
    """What the unit ``code`` became (``direction`` 'became': it was an old unit) and what it was made
    from ('made_from': it is a new unit), with ``extent`` (whole: all of the old unit went into it;
    part: the old unit was split), the day it took effect and its legal basis. With ``day``, only
    the unit the code named that day; without, both, as a code may name an old and a new unit."""
    return database.query(
        db,
        """
        with rows as (
            select 'became' as direction, * from unit_succession
            where old_code = $code and ($day::date is null or effective_date > $day)
            union all
            select 'made_from', * from unit_succession
            where new_code = $code and ($day::date is null or effective_date <= $day)
        )
        select direction, old_code, old_name, old_unit_type, old_district_name, old_province_name,
               new_code, new_name, extent, effective_date, legal_basis, source
        from rows
        order by direction, old_province_code, old_district_code, old_code, new_code
        """,
        {"code": code, "day": day},
    )


def unit_changes(db: Path) -> list[dt.date]:
    """The days the units changed (a rearrangement took effect), oldest first."""
    frame = database.query(db, "select distinct effective_date from unit_succession order by effective_date")
    return [value.date() if hasattr(value, "date") else value for value in frame["effective_date"]]


def province(db: Path, year: int | None) -> dict:
    """The province a year's figures speak of (the one whose units are valid on the year's units
    date): ``territory_code``, ``name_vi``, ``name_en``; None values outside the calendar."""
    return database.row(
        db,
        """
        select t.territory_code, t.name_vi, t.name_en
        from calendar_year y
        join territory t on t.province_code is not null and valid_on(t.valid_from, t.valid_to, y.units_on)
        where y.year = ?
        """,
        [year],
    )


def period(db: Path, year: int) -> dict:
    """The period the province of ``year`` (``province``) was in that year, from the period
    reference: ``period_code``, ``criteria_set``, ``first_year``, ``last_year``, ``starts_on``,
    ``ends_on`` (the cut-off: 30/6/2025 for Kiên Giang's 2021–2025), ``name_vi``, ``name_en``,
    ``dates_confirmed``, ``source``, with the province's ``territory_code``."""
    return database.row(
        db,
        """
        select p.period_code, p.criteria_set, p.first_year, p.last_year, p.starts_on, p.ends_on, p.name_vi,
               p.name_en, p.dates_confirmed, p.source, t.territory_code
        from calendar_year y
        join territory t on t.province_code is not null and valid_on(t.valid_from, t.valid_to, y.units_on)
        join period p on p.territory_code = t.territory_code and y.year between p.first_year and p.last_year
        where y.year = ?
        """,
        [year],
    )


def territory(db: Path, code: str) -> dict:
    """A territory of the reference (a province, or the former Kiên Giang territory): its names."""
    return database.row(db, "select territory_code, name_vi, name_en from territory where territory_code = ?", [code])


def last_ended_year(db: Path, today: dt.date) -> int | None:
    """The last year of the latest period that had ended by ``today``: the period a final review is of."""
    return database.row(db, "select max(last_year) as year from period where ends_on < ?", [today])["year"]
