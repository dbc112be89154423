"""The queries of ``ntm.queries`` as the pages call them: cached across reruns and sessions.

Each result is cached under the data version of the database file (``ntm.db.data_version``), so
when a load publishes a new file the next call misses the cache and reads the new figures; old
entries simply age out. ``ntm.queries`` stays free of Streamlit for the command line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ntm import queries
from ntm.db import data_version


@st.cache_data(show_spinner=False, max_entries=256)
def _run(query_name: str, db: str, version: str, args: tuple) -> object:
    # ``version`` is unused here on purpose: it is part of the cache key.
    return getattr(queries, query_name)(Path(db), *args)


def _cached(query: Callable) -> Callable:
    @functools.wraps(query)
    def call(db: Path, *args: object) -> object:
        return _run(query.__name__, str(db), data_version(db), args)

    return call


headline = _cached(queries.headline)
trend = _cached(queries.trend)
bands = _cached(queries.bands)
districts_ranked = _cached(queries.districts_ranked)
targets = _cached(queries.targets)
years = _cached(queries.years)
districts = _cached(queries.districts)
data_status = _cached(queries.data_status)
