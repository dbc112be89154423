"""The administrative units valid on a day: the district-level units and their xã, phường and thị
trấn, each with the days its row is valid (etl/sql/tables/10_core.sql, from data/reference/). A unit
is valid from ``valid_from`` to ``valid_to`` inclusive; an empty bound is open. Nothing here knows
which units exist when: it is read from the tables, so units added for a later date are found too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ntm import db as database

DISTRICT_LEVEL, COMMUNE_LEVEL = "district", "commune"


def units_valid_on(db: Path, day: dt.date) -> pd.DataFrame:
    """Every unit valid on ``day``: its level (district or commune), code, name, type, district (its
    own code for a district-level unit) and validity; district-level units first, then by code."""
    return database.query(
        db,
        f"""
        with chosen as (select ?::date as day),
        units as (
            select '{DISTRICT_LEVEL}' as level, district_code as unit_code, name, kind as unit_type, district_code,
                   valid_from, valid_to
            from district
            union all
            select '{COMMUNE_LEVEL}', commune_code, name, unit_type, district_code, valid_from, valid_to
            from commune
        )
        select u.* from units u, chosen c
        where (u.valid_from is null or u.valid_from <= c.day) and (u.valid_to is null or u.valid_to >= c.day)
        order by u.level = '{COMMUNE_LEVEL}', u.unit_code
        """,
        [day],
    )
