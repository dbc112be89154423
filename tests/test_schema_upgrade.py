"""A database made by an older version of the app: the dashboard says how to bring it up to date
instead of failing on a missing mart, `python -m etl init` does it keeping every figure, and a
pinned link opens its load's figures with this version's marts, whatever the older one had built."""

from __future__ import annotations

import duckdb
from fixtures import build_leadership_warehouse
from streamlit.testing.v1 import AppTest

from analytics import overview
from etl import warehouse
from ntm import schema
from ui import snapshots

TIMEOUT = 30


def made_by_an_older_version(path) -> None:
    """What an older version leaves: one of today's marts missing, the others from other SQL."""
    with duckdb.connect(str(path)) as con:
        con.execute(f"drop table {schema.materialised_views()[-1]}")
        for name in schema.materialised_views()[:-1]:
            con.execute(f"comment on table {name} is 'older sql'")


def test_an_older_database_is_named_outdated_and_init_brings_it_up_to_date_keeping_its_figures(tmp_path):
    current = build_leadership_warehouse(tmp_path / "current.duckdb")
    older = build_leadership_warehouse(tmp_path / "older.duckdb")
    made_by_an_older_version(older)
    assert not overview.outdated(current)
    assert overview.outdated(older)
    warehouse.init(older)
    assert not overview.outdated(older)
    assert overview.headline(older, 2024) == overview.headline(current, 2024)


def test_the_dashboard_asks_for_init_on_an_older_database_instead_of_failing(tmp_path, monkeypatch):
    db = build_leadership_warehouse(tmp_path / "ntm.duckdb")
    made_by_an_older_version(db)
    monkeypatch.setenv("NTM_DB", str(db))
    at = AppTest.from_file("../dashboard.py", default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "phiên bản cũ" in at.error[0].value
    assert "python -m etl init" in at.error[0].value


def test_a_link_pinned_when_an_older_version_ran_opens_its_load_as_this_version_builds_it(tmp_path, monkeypatch):
    db = build_leadership_warehouse(tmp_path / "ntm.duckdb")
    published = overview.headline(db, 2024)
    with monkeypatch.context() as older_version:  # its marts were built from other SQL
        older_version.setattr(schema, "sql_fingerprint", lambda: "older sql")
        snapshots._loads.cache_clear()
        older = snapshots.resolve(db, "2")
    snapshots._loads.cache_clear()  # this version starts
    assert overview.outdated(older.path)

    pinned = snapshots.resolve(db, "2")
    assert pinned.path != older.path and not overview.outdated(pinned.path)
    assert overview.headline(pinned.path, 2024) == published
    monkeypatch.setenv("NTM_DB", str(db))
    at = AppTest.from_file("../dashboard.py", default_timeout=TIMEOUT)
    at.query_params["pin"] = "2"
    at.run()
    assert not at.exception and not at.toast
    assert at.query_params["pin"] == "2"
    assert "Số liệu tại thời điểm 15/12/2024 (lần tải #2)" in [info.value for info in at.info]
