"""Links pinned to a load open the figures as published right after it, rebuilt from the versioned
facts (ntm/snapshots.py): after every sample workbook, a correction and its rollback; bound to their
own database; in a cache that keeps the data folder within twice the database's size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from analytics import overview
from etl import history, load, warehouse
from ntm import config
from tests import account_support
from ui import snapshots

YEARS = range(2020, 2026)  # every year of the sample


def figures(db) -> dict[int, dict]:
    """The command line's summary for every year of the sample."""
    return {year: overview.summary(db, year) for year in YEARS}


def folder_size(folder) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def links_opened_minutes_apart(monkeypatch):
    """A copy opened in the last minute is never removed (a page may be reading it): here each link
    is opened as if minutes after the last, so the cache is held to its bound."""
    monkeypatch.setattr(snapshots, "IN_USE_SECONDS", 0)


@dataclass
class SampleHistory:
    db: Path
    after: dict[int, dict]  # load -> its figures, taken right after it
    corrected: int  # the load that was rolled back
    folder_after_loads: int  # bytes


@pytest.fixture(scope="module")
def sample_history(tmp_path_factory) -> SampleHistory:
    """The sample workbooks loaded one by one; after An Biên's, a correction of two of its xã that
    is rolled back two loads later."""
    db = tmp_path_factory.mktemp("pins") / "ntm.duckdb"
    warehouse.init(db)
    after: dict[int, dict] = {}

    def loaded(result: load.Result) -> int:
        assert result.status == "loaded", [problem.as_json() for problem in result.errors]
        after[result.batch_id] = figures(db)
        return result.batch_id

    paths = sorted(config.SAMPLE_DIR.glob("*.xlsx"))
    correction_after = paths.index(config.SAMPLE_DIR / "tieu_chi_2024_an_bien.xlsx")
    corrected = None
    for index, path in enumerate(paths):
        loaded(load.load_path(db, path))
        if index == correction_after:
            corrected = loaded(load.load_bytes(db, "an_bien_2024.xlsx", account_support.an_bien(3, 4)))
        if index == correction_after + 2:
            history.rollback(db, corrected, "tester")
    return SampleHistory(db, after, corrected, folder_size(db.parent))


@pytest.mark.slow
def test_every_load_pinned_opens_the_figures_taken_right_after_it_and_a_rolled_back_one_is_refused(sample_history):
    db, after, corrected = sample_history.db, sample_history.after, sample_history.corrected
    assert after[corrected] != after[corrected - 1], "the correction changes the figures"
    for batch, expected in after.items():
        pinned = snapshots.resolve(db, str(batch))
        if batch == corrected:
            assert pinned is None, "a load rolled back cannot be pinned"
        else:
            assert figures(pinned.path) == expected, f"load #{batch}"


@pytest.mark.slow
def test_pinned_copies_keep_the_data_folder_within_twice_the_database(sample_history):
    db, after = sample_history.db, sample_history.after
    assert sample_history.folder_after_loads <= 2 * db.stat().st_size, "after the loads"
    first = min(after)
    for batch in after:
        snapshots.resolve(db, str(batch))
        assert folder_size(db.parent) <= 2 * db.stat().st_size, f"with load #{batch} opened"
    reopened = snapshots.resolve(db, str(first))  # its copy was removed: built again
    assert figures(reopened.path) == after[first]


def test_two_databases_in_one_folder_keep_their_own_pinned_figures(tmp_path):
    first, second = tmp_path / "ntm.duckdb", tmp_path / "other.duckdb"
    published = {}
    for db, (tay_yen, tay_yen_a) in ((first, (15, 17)), (second, (19, 19))):
        warehouse.init(db)
        assert load.load_bytes(db, "an_bien_2024.xlsx", account_support.an_bien(tay_yen, tay_yen_a)).batch_id == 1
        published[db] = overview.summary(db, 2024)
    for db in (first, second):  # a later load in each: load #1 is no longer the latest
        assert load.load_bytes(db, "an_bien_2024.xlsx", account_support.an_bien(1, 1)).batch_id == 2
    assert published[first] != published[second]
    for db in (first, second):
        assert overview.summary(snapshots.resolve(db, "1").path, 2024) == published[db]


# Pins of the leadership warehouse, whose loads are of 30/11/2024 (#1) and 15/12/2024 (#2).
NAMING_A_LOAD = {"1": 1, "0002": 2, " 2 ": 2, "2024-11-30": 1, "2024-12-14": 1, "2024-12-15": 2}
NAMING_NONE = ["3", "²", "１", "٢", "2024-11-29", "2024-02-30", "9999-12-31", "24-12-15", "1e3", "-1", "", "x" * 10_000]


@pytest.mark.database("leadership")
def test_a_pin_names_a_load_by_ascii_number_or_by_a_day_up_to_today(shared_db):
    today, tomorrow = dt.date.today(), dt.date.today() + dt.timedelta(days=1)
    assert {pin: snapshots.named(shared_db, pin) for pin in NAMING_A_LOAD} == NAMING_A_LOAD
    assert snapshots.named(shared_db, today.isoformat()) == 2
    assert [pin for pin in [*NAMING_NONE, tomorrow.isoformat()] if snapshots.named(shared_db, pin) is not None] == []
    assert snapshots.first_day(shared_db) == dt.date(2024, 11, 30)
