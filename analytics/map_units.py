"""The units a map draws for a year and scope, each with the measures it can be coloured by.

For the whole province in a year with a district level (until 30/6/2025): the district-level units
(mart_scope_year), by the share of their xã holding NTM and their average criteria met. Otherwise (a
district chosen, or a year from 1/7/2025 on): the xã of the scope (programme_commune, scope_commune),
by criteria met and the recognition level held (mart_commune_year). A unit is its code and first day
(``valid_from``), as the tile layouts and the boundaries name it; ``short_vi``/``short_en`` is its
name without its kind ("An Biên", "An Bien"), as a tile shows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import PROVINCE, is_district, progress, scope_code
from analytics.districts import has_districts
from ntm import db as database

DISTRICT, COMMUNE = "district", "commune"


@dataclass(frozen=True)
class Boundaries:
    """The loaded outlines of the units a map draws: a GeoJSON FeatureCollection whose features' ids
    are ``unit_key``s, how many units drawn have none, and the latest load that brought one."""

    geometry: dict
    missing: int
    batch_id: int | None

    @property
    def complete(self) -> bool:
        """Whether every unit drawn has an outline (a map of half outlines would mislead)."""
        return bool(self.geometry["features"]) and self.missing == 0

    @property
    def drawn(self) -> int:
        return len(self.geometry["features"])


def unit_key(code: str, valid_from: object) -> str:
    """How a map names a unit: its code and first day ("30985/2025-07-01"; "908/" for a unit that
    predates the data kept here)."""
    day = "" if valid_from is None or pd.isna(valid_from) else pd.Timestamp(valid_from).date().isoformat()
    return f"{code}/{day}"


def map_units(db: Path, year: int | None, scope: str | None = None) -> pd.DataFrame:
    """One row per unit drawn: ``level`` (district or commune), ``unit_code``, ``valid_from``,
    ``name_vi``, ``name_en``, and the measures of its level (see the module's note)."""
    if scope_code(scope) == PROVINCE and has_districts(db, year):
        return database.query(
            db,
            f"""
            select 'district' as level, d.district_code as unit_code, null::date as valid_from,
                   d.name as name_vi, x.name_en, {_short("d.name", "x.name_en", "x.kind")},
                   s.communes_total, s.communes_ntm, s.share_ntm,
                   round(s.avg_criteria, 2) as avg_criteria, s.criteria_count
            from programme_district d
            join district x on x.district_code = d.district_code
             and valid_on(x.valid_from, x.valid_to, (select units_on from calendar_year where year = d.year))
            join mart_scope_year s on s.scope_code = d.district_code and s.year = d.year
            join unit_type u on u.unit_type = x.kind
            where d.year = ?
            order by d.district_code
            """,
            [year],
        )
    return database.query(
        db,
        f"""
        select 'commune' as level, p.commune_code as unit_code, p.valid_from, p.name as name_vi, p.name_en,
               {_short("p.name", "p.name_en", "c.unit_type")},
               m.criteria_met, k.criteria_count, coalesce(m.recognition_rank, 0) as recognition_rank,
               l.name_vi as level_vi, l.name_en as level_en, m.review_status
        from programme_commune p
        join scope_commune s using (year, commune_code)
        join commune c on c.commune_code = p.commune_code and c.valid_from is not distinct from p.valid_from
        join unit_type u on u.unit_type = c.unit_type
        join year_criteria k on k.year = p.year
        left join mart_commune_year m on m.year = p.year and m.commune_code = p.commune_code
        left join recognition_level l on l.level_code = m.recognition_level
        where p.year = ? and s.scope_code = ?
        order by p.commune_code
        """,
        [year, scope_code(scope)],
    )


def _short(name_vi: str, name_en: str, kind: str) -> str:
    """The columns short_vi and short_en: a unit's names without its kind, the word its Vietnamese
    name starts with and its English name ends with (unit_type, joined as ``u``)."""
    return (
        f"substr({name_vi}, length({kind}) + 2) as short_vi, "
        f"case when ends_with({name_en}, ' ' || u.name_en) "
        f"then left({name_en}, length({name_en}) - length(u.name_en) - 1) else {name_en} end as short_en"
    )


def boundaries(db: Path, year: int | None, scope: str | None = None) -> Boundaries:
    """The outlines in force of the units ``map_units`` draws for the year and scope."""
    units = map_units(db, year, scope)
    loaded = database.query(db, "select unit_code, valid_from, geometry, batch_id from current_unit_boundary")
    outlines = {unit_key(c, v): (g, b) for c, v, g, b in loaded.itertuples(index=False)}
    keys = [unit_key(c, v) for c, v in zip(units["unit_code"], units["valid_from"], strict=True)]
    found = [key for key in keys if key in outlines]
    features = [
        {"type": "Feature", "id": key, "properties": {}, "geometry": json.loads(outlines[key][0])} for key in found
    ]
    batch = max((int(outlines[key][1]) for key in found), default=None)
    return Boundaries({"type": "FeatureCollection", "features": features}, len(keys) - len(found), batch)


def worst_status(targets: pd.DataFrame) -> pd.DataFrame:
    """Each district's status toward its own targets (``analytics.targets.district_target_progress``):
    the worst of its targets that can be judged, else "insufficient". Columns unit_code, status."""
    if targets.empty:
        return pd.DataFrame(columns=["unit_code", "status"])
    frame = targets[targets["scope_code"].map(is_district)]
    order = frame["status"].map(progress.WORST_FIRST.index)
    worst = frame.assign(order=order).sort_values("order", kind="stable").groupby("scope_code", sort=True).head(1)
    return worst.rename(columns={"scope_code": "unit_code"})[["unit_code", "status"]].reset_index(drop=True)
