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
    assert "Số liệu tại thời điểm 15/12/2024 (đợt cập nhật số 2)" in [info.value for info in at.info]


# The reference tables as the version before issue 15 made them: a unit, a criterion, a band and a
# level keyed by its code or number alone, years without their set.
BEFORE_ISSUE_15 = """
create table district (district_code varchar primary key, name varchar not null, kind varchar not null,
                       valid_from date, valid_to date);
create table commune (commune_code varchar primary key, name varchar not null, unit_type varchar not null,
                      district_code varchar not null, valid_from date, valid_to date);
create table calendar_year (year integer primary key);
create table criterion_group (group_no integer primary key, name_vi varchar not null, name_en varchar not null);
create table criterion (criterion_no integer primary key, group_no integer not null, name_vi varchar not null,
                        name_en varchar not null, name_confirmed boolean not null);
create table recognition_level (level_code varchar primary key, unit_kind varchar not null, rank integer not null,
                                name_vi varchar not null, name_en varchar not null);
create table criteria_band (band varchar primary key, min_met integer not null, max_met integer not null,
                            sort_order integer not null);
"""


def made_before_issue_15(path) -> None:
    """Its reference tables in their old shape, filled as that version filled them (Kiên Giang's units,
    the 19 criteria), its marts built by other SQL."""
    with duckdb.connect(str(path)) as con:
        for table in ("district", "commune", "calendar_year", "criterion_group", "criterion", "recognition_level"):
            con.execute(f"create temporary table old_{table} as select * from {table}")
        for table in [*schema.materialised_views(), "district", "commune", "calendar_year", "criterion_group"]:
            con.execute(f"drop table if exists {table}")
        for table in ("criterion", "recognition_level", "criteria_band"):
            con.execute(f"drop table {table}")
        con.execute(BEFORE_ISSUE_15)
        con.execute("insert into district select distinct on (district_code) * exclude (name_en) from old_district")
        con.execute(
            "insert into commune select * exclude (name_en, territory_code, former_kien_giang) from old_commune"
            " where district_code is not null"
        )
        con.execute("insert into calendar_year select year from old_calendar_year")
        con.execute("insert into criterion_group select group_no, name_vi, name_en from old_criterion_group")
        con.execute(
            "insert into criterion select criterion_no, group_no, name_vi, name_en, name_confirmed from old_criterion"
            " where criteria_set = '2021-2025'"
        )
        con.execute("insert into recognition_level select * exclude (pilot, measure_code) from old_recognition_level")
        con.execute("insert into criteria_band values ('19', 19, 19, 1), ('15-18', 15, 18, 2), ('<15', 0, 14, 3)")


def test_a_database_made_before_issue_15_is_brought_up_to_date_by_init_keeping_every_fact(tmp_path):
    current = build_leadership_warehouse(tmp_path / "current.duckdb")
    older = build_leadership_warehouse(tmp_path / "older.duckdb")
    made_before_issue_15(older)
    assert overview.outdated(older)
    warehouse.init(older)
    assert not overview.outdated(older)
    for year in (2023, 2024):
        assert overview.summary(older, year) == overview.summary(current, year)
    facts = "select (select count(*) from criterion_result), (select count(*) from recognition), count(*) from target"
    with duckdb.connect(str(older), read_only=True) as upgraded, duckdb.connect(str(current), read_only=True) as made:
        assert upgraded.execute("select count(*) from commune").fetchone() == (245,)
        assert upgraded.execute(facts).fetchone() == made.execute(facts).fetchone()
