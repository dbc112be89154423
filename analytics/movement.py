"""Queries of the emulation movement's page: resources mobilised (by source, year and district,
next to each district's NTM progress), commendations and the register of exemplary models.

Plain functions of the database path, without Streamlit (pages call them through
``ui.cached.wrap``). Money comes back in đồng, as stored; the charts and tables convert it to
triệu or tỷ đồng and say so. ``district=None`` means the whole province, the province level
included (what was mobilised by provincial agencies, in no district).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import districts
from ntm import db as database
from ntm.text import fold

FUNDING = "funding_source"
_SCOPE = "(?::varchar is null or district_code = ?::varchar)"


def years(db: Path) -> list[int]:
    """Years with resources mobilised or commendations, oldest first."""
    frame = database.query(
        db,
        """
        select distinct year from mart_contribution
        union select distinct year from mart_commendation
        order by year
    """,
    )
    return [int(year) for year in frame["year"]]


def sources(db: Path) -> pd.DataFrame:
    """The funding sources in their reporting order, with names."""
    return database.query(
        db,
        """
        select code as item_code, name_vi, name_en, sort_order
        from movement_term where vocabulary = 'funding_source' order by sort_order
    """,
    )


def contributions_by_year(db: Path, district: str | None = None) -> pd.DataFrame:
    """Money mobilised per year and funding source (đồng): every source of every year with data,
    zero where nothing was reported."""
    return database.query(
        db,
        f"""
        with chosen as (select year, item_code, sum(value) as value
                        from mart_contribution
                        where vocabulary = 'funding_source' and {_SCOPE}
                        group by all),
        grid as (select y.year, s.code as item_code, s.name_vi, s.name_en, s.sort_order
                 from (select distinct year from mart_contribution) y
                 cross join movement_term s where s.vocabulary = 'funding_source')
        select g.year, g.item_code, g.name_vi, g.name_en, g.sort_order, coalesce(c.value, 0) as value
        from grid g left join chosen c using (year, item_code)
        order by g.year, g.sort_order
    """,
        [district, district],
    )


def contributions_by_district(db: Path, first_year: int, last_year: int) -> pd.DataFrame:
    """Money mobilised per unit (each district, and the province level as district_code None)
    and funding source, summed over ``first_year``–``last_year`` (đồng)."""
    return database.query(
        db,
        """
        select district_code, item_code, name_vi, name_en, sort_order, sum(value) as value
        from mart_contribution
        where vocabulary = 'funding_source' and year between ? and ?
        group by all
        order by district_code nulls last, sort_order
    """,
        [first_year, last_year],
    )


def contribution_totals(db: Path, first_year: int, last_year: int, district: str | None = None) -> dict:
    """Over ``first_year``–``last_year``: money from all sources and from the community (đồng),
    in-kind value (đồng), land donated (m²) and work days; None where nothing was reported."""
    frame = database.query(
        db,
        f"""
        select
            sum(value) filter (where vocabulary = 'funding_source') as money,
            sum(value) filter (where item_code = 'community') as community,
            sum(value) filter (where item_code = 'in_kind') as in_kind,
            sum(value) filter (where item_code = 'land') as land,
            sum(value) filter (where item_code = 'workdays') as workdays
        from mart_contribution
        where year between ? and ? and {_SCOPE}
    """,
        [first_year, last_year, district, district],
    )
    return {key: (None if pd.isna(value) else float(value)) for key, value in frame.iloc[0].items()}


def ntm_progress(db: Path, base_year: int, year: int) -> pd.DataFrame:
    """Each district's xã holding NTM at the end of ``base_year`` and of ``year``, the gain, and
    whether the district itself is recognised by ``year`` (the districts' ranking)."""
    then = districts.districts_ranked(db, base_year)[["district_code", "communes_ntm"]]
    now = districts.districts_ranked(db, year)
    progress = now.merge(then.rename(columns={"communes_ntm": "communes_ntm_base"}), on="district_code", how="left")
    progress["communes_gained"] = progress["communes_ntm"] - progress["communes_ntm_base"]
    return progress[
        [
            "district_code",
            "district_name",
            "communes_total",
            "communes_ntm_base",
            "communes_ntm",
            "communes_gained",
            "share_ntm",
            "recognised",
        ]
    ]


def commendations(db: Path, last_year: int, district: str | None = None) -> pd.DataFrame:
    """Every commendation in force up to ``last_year``, newest first, with names of its level, form
    and recipient type."""
    return database.query(
        db,
        f"""
        select * from mart_commendation
        where year <= ? and {_SCOPE}
        order by year desc, decision_date desc nulls last, level_order, recipient_name
    """,
        [last_year, district, district],
    )


def commendation_counts(db: Path, last_year: int, district: str | None = None) -> pd.DataFrame:
    """Per year (up to ``last_year``) and level: recipients (where counted), commendation rows, and
    rows whose count is not known (never guessed as 0 or 1)."""
    return database.query(
        db,
        f"""
        select year, level_code, level_vi, level_en, level_order,
               coalesce(sum(recipients), 0) as recipients,
               count(*) as rows,
               count(*) filter (where recipients is null) as rows_uncounted
        from mart_commendation
        where year <= ? and {_SCOPE}
        group by all
        order by year, level_order
    """,
        [last_year, district, district],
    )


def commendation_forms(db: Path, last_year: int, district: str | None = None) -> pd.DataFrame:
    """Recipients (where counted) per form and recipient type up to ``last_year``, and rows not counted."""
    return database.query(
        db,
        f"""
        select form_code, form_vi, form_en, form_order, recipient_type, recipient_type_vi, recipient_type_en,
               recipient_type_order, coalesce(sum(recipients), 0) as recipients,
               count(*) filter (where recipients is null) as rows_uncounted
        from mart_commendation
        where year <= ? and {_SCOPE}
        group by all
        order by form_order, recipient_type_order
    """,
        [last_year, district, district],
    )


def model_fields(db: Path) -> pd.DataFrame:
    return database.query(
        db,
        """
        select code as field_code, name_vi, name_en from movement_term
        where vocabulary = 'model_field' order by sort_order
    """,
    )


def models(
    db: Path,
    district: str | None = None,
    search: str = "",
    fields: tuple[str, ...] = (),
    replicated: bool | None = None,
) -> pd.DataFrame:
    """The register of exemplary models, newest first: those of a district, whose name, owner,
    description or place holds ``search`` (any case, with or without diacritics), in ``fields``
    (all when empty), replicated or not (either when None)."""
    frame = database.query(
        db,
        f"""
        select * from mart_exemplary_model
        where {_SCOPE}
          and (?::varchar[] = [] or list_contains(?::varchar[], field_code))
          and (?::boolean is null or replicated = ?::boolean)
        order by year_recognised desc, name
    """,
        [district, district, list(fields), list(fields), replicated, replicated],
    )
    if not search.strip():
        return frame
    wanted = fold(search)
    haystack = frame[["name", "owner", "description", "district_name", "commune_name", "replicated_where"]]
    found = haystack.fillna("").astype(str).agg(" ".join, axis=1).map(fold).str.contains(wanted, regex=False)
    return frame[found].reset_index(drop=True)
