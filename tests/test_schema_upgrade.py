"""A database made by an older version of the app: the dashboard says how to bring it up to date
instead of failing on a missing mart, `python -m etl init` does it keeping every figure, and a
link pinned to a snapshot saved by the older version opens the latest data with a notice."""

from __future__ import annotations

import duckdb
from fixtures import build_leadership_warehouse
from streamlit.testing.v1 import AppTest

from analytics import overview
from etl import warehouse
from ntm import schema

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


def test_a_link_pinned_to_a_snapshot_of_an_older_version_opens_the_latest_data_with_a_notice(tmp_path, monkeypatch):
    db = build_leadership_warehouse(tmp_path / "ntm.duckdb")
    kept = sorted(db.parent.glob("snapshots/batch-*.duckdb"))[0]
    batch = kept.stem.removeprefix("batch-")
    # A snapshot is a hard link to the file published then: break the link before aging the copy.
    content = kept.read_bytes()
    kept.unlink()
    kept.write_bytes(content)
    made_by_an_older_version(kept)
    monkeypatch.setenv("NTM_DB", str(db))
    at = AppTest.from_file("../dashboard.py", default_timeout=TIMEOUT)
    at.query_params["pin"] = batch
    at.run()
    assert not at.exception
    assert "pin" not in at.query_params
    assert any(f"“{batch}”" in toast.value for toast in at.toast)
