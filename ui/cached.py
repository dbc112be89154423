"""Read-side queries as the pages call them: cached across reruns and sessions.

Each result is cached under the data version of the database file (``ntm.db.data_version``), so
when a load publishes a new file the next call misses the cache and reads the new figures; old
entries simply age out. The query modules stay free of Streamlit for the command line; a page
calls ``cached.headline(db, …)`` for the queries listed here, or ``cached.wrap(module.function)``
for a query of another read-side module.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from analytics import queries
from ntm.db import data_version


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
        return _run(query.__module__, query.__name__, str(db), data_version(db), args)

    return call


def share(query: Callable) -> Callable:
    """Like ``wrap``, for a large object that callers only read: one instance per data version is
    handed to every caller instead of a copy (``wrap`` unpickles its result on each call, which for
    every xã of the country costs more than building it)."""

    @functools.wraps(query)
    def call(db: Path, *args: object) -> object:
        return _shared(query.__module__, query.__name__, str(db), data_version(db), args)

    return call


outdated = wrap(queries.outdated)
headline = wrap(queries.headline)
trend = wrap(queries.trend)
bands = wrap(queries.bands)
districts_ranked = wrap(queries.districts_ranked)
targets = wrap(queries.targets)
years = wrap(queries.years)
districts = wrap(queries.districts)
data_status = wrap(queries.data_status)

# Leadership pages.
criteria = wrap(queries.criteria)
criterion_shares = wrap(queries.criterion_shares)
criterion_trend = wrap(queries.criterion_trend)
criterion_targets = wrap(queries.criterion_targets)
criteria_lost = wrap(queries.criteria_lost)
communes_losing_criteria = wrap(queries.communes_losing_criteria)
commune_grid = wrap(queries.commune_grid)
district_criterion_grid = wrap(queries.district_criterion_grid)
communes = wrap(queries.communes)
units = share(queries.units)
commune_profile = wrap(queries.commune_profile)
commune_criteria = wrap(queries.commune_criteria)
commune_indicators = wrap(queries.commune_indicators)
commune_recognitions = wrap(queries.commune_recognitions)
district_comparison = wrap(queries.district_comparison)
district_bands = wrap(queries.district_bands)
scope_target_progress = wrap(queries.scope_target_progress)
district_target_progress = wrap(queries.district_target_progress)
target_series = wrap(queries.target_series)
near_finish = wrap(queries.near_finish)
near_finish_by_district = wrap(queries.near_finish_by_district)
near_finish_criteria = wrap(queries.near_finish_criteria)
