"""Read-side queries as the pages call them: cached across reruns and sessions.

Each result is cached under the data version of the database file (``ntm.db.data_version``), so
when a load publishes a new file the next call misses the cache and reads the new figures; old
entries simply age out. The query modules stay free of Streamlit for the command line; a page
calls ``cached.headline(db, …)`` for the queries listed here, or ``cached.wrap(module.function)``
for a query of another read-side module.

Units are stored under their Vietnamese names; a page read in English gets their English names
(``ntm.unit_names``) in every result of ``wrap``: in its name columns (``UNIT_NAME_COLUMNS``), or as
the values of a dict (code -> name, a xã's profile). The cache keeps the stored names.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import analytics.communes
import analytics.criteria
import analytics.districts
import analytics.map_units
import analytics.overview
import analytics.targets
import analytics.units
import analytics.verdicts
from ntm import unit_names
from ntm.db import data_version
from ntm.i18n import DEFAULT_LANGUAGE

# The language choice's widget key (``ui.filters.LANG``): the language the pages are read in.
READER_LANGUAGE = "lang"
# Columns of query results that hold a unit's name.
UNIT_NAME_COLUMNS = ("district_name", "commune_name")


@st.cache_data(show_spinner=False, max_entries=512)
def _run(module: str, query_name: str, db: str, version: str, args: tuple) -> object:
    # ``version`` is unused here on purpose: it is part of the cache key.
    return getattr(importlib.import_module(module), query_name)(Path(db), *args)


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared(module: str, query_name: str, db: str, version: str, args: tuple) -> object:
    return getattr(importlib.import_module(module), query_name)(Path(db), *args)


def wrap(query: Callable) -> Callable:
    """``query(db, *args)`` cached by its module, name, arguments and the data version."""

    @functools.wraps(query)
    def call(db: Path, *args: object) -> object:
        return in_reader_language(_run(query.__module__, query.__name__, str(db), data_version(db), args))

    return call


def in_reader_language(result: object) -> object:
    """``result`` (a fresh copy from the cache) with its units named in the reader's language."""
    lang = st.session_state.get(READER_LANGUAGE) or DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        return result
    if isinstance(result, pd.DataFrame):
        for column in UNIT_NAME_COLUMNS:
            if column in result:
                result[column] = [
                    unit_names.in_language(name, lang) if isinstance(name, str) else name for name in result[column]
                ]
    elif isinstance(result, dict):
        return {
            key: unit_names.in_language(value, lang) if isinstance(value, str) else value
            for key, value in result.items()
        }
    return result


def share(query: Callable) -> Callable:
    """Like ``wrap``, for a large object that callers only read: one instance per data version is
    handed to every caller instead of a copy (``wrap`` unpickles its result on each call, which for
    every xã of the country costs more than building it)."""

    @functools.wraps(query)
    def call(db: Path, *args: object) -> object:
        return _shared(query.__module__, query.__name__, str(db), data_version(db), args)

    return call


def database_problem(db: Path) -> str | None:
    """Why the dashboard cannot read ``db``: "no_database", "outdated_database" (made by an older
    version), "unreadable_database"; None when it can."""
    if not db.exists():
        return "no_database"
    try:
        data_status(db)
        return "outdated_database" if outdated(db) else None
    except duckdb.Error:
        return "unreadable_database"


# The overview.
outdated = wrap(analytics.overview.outdated)
headline = wrap(analytics.overview.headline)
trend = wrap(analytics.overview.trend)
trend_by = wrap(analytics.overview.trend_by)
bands = wrap(analytics.overview.bands)
levels = wrap(analytics.overview.levels)
years = wrap(analytics.overview.years)
data_status = wrap(analytics.overview.data_status)

# Criteria.
criteria_set = wrap(analytics.criteria.criteria_set)
criteria = wrap(analytics.criteria.criteria)
criterion_shares = wrap(analytics.criteria.criterion_shares)
criterion_trend = wrap(analytics.criteria.criterion_trend)
criteria_lost = wrap(analytics.criteria.criteria_lost)
communes_losing_criteria = wrap(analytics.criteria.communes_losing_criteria)
commune_grid = wrap(analytics.criteria.commune_grid)
district_criterion_grid = wrap(analytics.criteria.district_criterion_grid)

# Xã, and the xã near the finish.
communes = wrap(analytics.communes.communes)
units = share(analytics.communes.units)
commune_profile = wrap(analytics.communes.commune_profile)
commune_criteria = wrap(analytics.communes.commune_criteria)
commune_indicators = wrap(analytics.communes.commune_indicators)
commune_recognitions = wrap(analytics.communes.commune_recognitions)
near_finish = wrap(analytics.communes.near_finish)
near_finish_by_district = wrap(analytics.communes.near_finish_by_district)
near_finish_criteria = wrap(analytics.communes.near_finish_criteria)

# District-level units.
districts = wrap(analytics.districts.districts)
has_districts = wrap(analytics.districts.has_districts)
districts_ranked = wrap(analytics.districts.districts_ranked)
units_to_rank = wrap(analytics.districts.units_to_rank)
scope_targets = wrap(analytics.verdicts.scope_targets)
lagging_units = wrap(analytics.verdicts.lagging_units)
district_comparison = wrap(analytics.districts.district_comparison)
district_bands = wrap(analytics.districts.district_bands)

# The map.
map_units = wrap(analytics.map_units.map_units)
boundaries = wrap(analytics.map_units.boundaries)

# Targets.
targets = wrap(analytics.targets.targets)
criterion_targets = wrap(analytics.targets.criterion_targets)
scope_target_progress = wrap(analytics.targets.scope_target_progress)
district_target_progress = wrap(analytics.targets.district_target_progress)
target_series = wrap(analytics.targets.target_series)

# Units over time.
unit_changes = wrap(analytics.units.unit_changes)
province = wrap(analytics.units.province)
