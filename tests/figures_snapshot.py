"""Every figure the read side gives for the years of the 2021–2025 period and before, as plain JSON:
what tests/test_figures_unchanged.py compares with the values saved before issue 15 (criteria sets,
periods and units over time), so that carrying the dashboard past 30/6/2025 changes none of them.

``python -m tests.figures_snapshot`` writes the saved values again, run with the code before issue 15
(a worktree at 1fc3dfb with this file and the sample workbooks it reads, all but the new province's,
copied in). Do it only for a change that is meant to change a figure (new sample data, say), and say
so in the commit: the file is the proof that the others did not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import communes, criteria, districts, movement, overview, targets
from ntm import config
from tests import command_line
from tests.fixtures import build_leadership_warehouse, build_movement_warehouse, build_warehouse
from ui import snapshots

SAVED = Path(__file__).with_name("expected") / "figures_2015_2025.json"
# The last year whose figures must not move: the end of the 2021–2025 period.
LAST_YEAR = 2025
FIRST_SAMPLE_YEAR = 2020  # of the per-xã figures of the sample (every xã, every year from here)


def plain(value: object) -> object:
    """``value`` as JSON keeps it, exactly: a table with its columns, types and rows; numbers as
    they are (a float keeps every digit), dates as ISO text, missing values as None."""
    if isinstance(value, pd.DataFrame):
        return {
            "columns": [str(column) for column in value.columns],
            "dtypes": [str(dtype) for dtype in value.dtypes],
            "rows": [[plain(cell) for cell in row] for row in value.itertuples(index=False)],
        }
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()
    return value


def read_side(db: Path, years: list[int], sample: bool) -> dict[str, object]:
    """Each read function's answer on ``db`` for each of ``years``, scope and xã, by a label naming
    the call. ``sample``: the sample's many xã, whose per-xã figures are taken from FIRST_SAMPLE_YEAR on."""
    found: dict[str, object] = {}

    def call(label: str, function: Callable, *args: object) -> None:
        found[label] = plain(function(db, *args))

    last = years[-1]
    district_codes = [None, *districts.districts(db)]
    commune_codes = [code for code in communes.communes(db, None, last) if sample or has_facts(db, code, last)]
    call("overview.years", lambda path: [year for year in overview.years(path) if year <= LAST_YEAR])
    call("overview.latest_assessed_year", lambda path: min(overview.latest_assessed_year(path), LAST_YEAR))
    call("districts.districts", districts.districts)
    call("movement.years", movement.years)
    call("movement.sources", movement.sources)
    call("movement.model_fields", movement.model_fields)
    for district in district_codes:
        call(f"communes.communes/{district}", communes.communes, district, last)
        call(f"overview.trend/{district}", trend_until_2025, district)
        call(f"criteria.criterion_trend/{district}", criterion_trend_until_2025, district)
        call(f"movement.contributions_by_year/{district}", movement.contributions_by_year, district)
        call(f"movement.models/{district}", movement.models, district)
    for year in years:
        call(f"criteria.criteria/{year}", criteria_of_year, year)
        call(f"overview.summary/{year}", overview.summary, year)
        found[f"cli.summary/{year}"] = command_line.etl("summary", "--year", str(year), "--json", db=db).stdout
        call(f"districts.districts_ranked/{year}", districts.districts_ranked, year)
        call(f"districts.district_comparison/{year}", districts.district_comparison, year)
        call(f"districts.district_bands/{year}", districts.district_bands, year)
        call(f"criteria.district_criterion_grid/{year}", criteria.district_criterion_grid, year)
        call(f"targets.target_progress/{year}", targets.target_progress, year)
        call(f"targets.district_target_progress/{year}", targets.district_target_progress, year)
        call(f"targets.target_series/{year}", targets.target_series, year)
        call(f"movement.ntm_progress/{year}", movement.ntm_progress, years[0], year)
        call(f"movement.contributions_by_district/{year}", movement.contributions_by_district, years[0], year)
        call(f"movement.commendations/{year}", movement.commendations, year)
        for district in district_codes:
            scope = f"{year}/{district}"
            call(f"overview.headline/{scope}", overview.headline, year, district)
            call(f"overview.bands/{scope}", overview.bands, year, district)
            call(f"criteria.criteria_met/{scope}", criteria.criteria_met, year, district)
            call(f"criteria.criterion_shares/{scope}", criteria.criterion_shares, year, district)
            call(f"criteria.criteria_lost/{scope}", criteria.criteria_lost, year, district)
            call(f"criteria.communes_losing_criteria/{scope}", criteria.communes_losing_criteria, year, district)
            call(f"communes.near_finish/{scope}", communes.near_finish, year, district)
            call(f"communes.near_finish_by_district/{scope}", communes.near_finish_by_district, year, district)
            call(f"communes.near_finish_criteria/{scope}", communes.near_finish_criteria, year, district)
            call(f"targets.targets/{scope}", targets.targets, year, district)
            call(f"targets.scope_target_progress/{scope}", targets.scope_target_progress, year, district)
            call(f"movement.contribution_totals/{scope}", movement.contribution_totals, years[0], year, district)
            call(f"movement.commendation_counts/{scope}", movement.commendation_counts, year, district)
            call(f"movement.commendation_forms/{scope}", movement.commendation_forms, year, district)
            if district:
                call(f"criteria.commune_grid/{scope}", criteria.commune_grid, year, district)
        if not sample or year >= FIRST_SAMPLE_YEAR:
            for commune in commune_codes:
                call(f"communes.commune_profile/{commune}/{year}", communes.commune_profile, commune, year)
    for commune in commune_codes:
        call(f"communes.commune_criteria/{commune}", communes.commune_criteria, commune, last)
        call(f"communes.commune_indicators/{commune}", communes.commune_indicators, commune, last)
        call(f"communes.commune_recognitions/{commune}", communes.commune_recognitions, commune, last)
    for district in district_codes:
        for number in criteria_of_year(db, years[-1])["criterion_no"]:
            call(f"targets.criterion_targets/{number}/{district}", targets.criterion_targets, int(number), district)
    return found


def has_facts(db: Path, commune: str, year: int) -> bool:
    return not (
        communes.commune_criteria(db, commune, year).empty and communes.commune_recognitions(db, commune, year).empty
    )


def criteria_of_year(db: Path, year: int) -> pd.DataFrame:
    return criteria.criteria(db, year)


def trend_until_2025(db: Path, district: str | None) -> pd.DataFrame:
    frame = overview.trend(db, district)
    return frame[frame["year"] <= LAST_YEAR].reset_index(drop=True)


def criterion_trend_until_2025(db: Path, district: str | None) -> pd.DataFrame:
    frame = criteria.criterion_trend(db, district, None, LAST_YEAR)
    return frame[frame["year"] <= LAST_YEAR].reset_index(drop=True)


def years_until_2025(db: Path) -> list[int]:
    return sorted(year for year in overview.years(db) if year <= LAST_YEAR)


def sample_workbooks_digest() -> dict[str, str]:
    """Which sample workbooks the sample's figures were taken from: each one's name and fingerprint."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(config.SAMPLE_DIR.glob("*.xlsx"))
    }


def is_table(value: object) -> bool:
    return isinstance(value, dict) and value.keys() == {"columns", "dtypes", "rows"}


def shape(value: object) -> list[str] | None:
    """The columns of a table, the keys of a dict: a later version may add some, never change one."""
    if is_table(value):
        return value["columns"]
    return list(value) if isinstance(value, dict) else None


def restricted(value: object, columns: list[str] | None) -> object:
    """``value`` with only ``columns`` (of a table, or keys of a dict), in that order."""
    if columns is None:
        return value
    if is_table(value):
        at = [value["columns"].index(column) for column in columns]
        return {
            "columns": columns,
            "dtypes": [value["dtypes"][i] for i in at],
            "rows": [[row[i] for i in at] for row in value["rows"]],
        }
    return {key: value[key] for key in columns}


def digest(value: object) -> str:
    """A short fingerprint of a figure: the saved file stays small, and a difference names its call."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def saved_form(figures: dict[str, dict[str, object]]) -> dict[str, object]:
    """Per warehouse, each call's fingerprint and the index of its columns among ``shapes``."""
    shapes: list[list[str] | None] = []
    saved: dict[str, object] = {"shapes": shapes}
    for name, calls in figures.items():
        saved[name] = {}
        for label, value in calls.items():
            columns = shape(value)
            if columns not in shapes:
                shapes.append(columns)
            saved[name][label] = [digest(value), shapes.index(columns)]
    return saved


def changed(saved: dict[str, object], name: str, figures: dict[str, object]) -> list[str]:
    """The calls whose answer differs from the one saved in their saved columns, or that were not
    saved, or are gone."""
    expected = saved[name]
    differ = sorted(figures.keys() ^ expected.keys())
    for label in figures.keys() & expected.keys():
        fingerprint, columns = expected[label]
        try:
            now = digest(restricted(figures[label], saved["shapes"][columns]))
        except (KeyError, ValueError):  # a column or key gone
            now = None
        if now != fingerprint:
            differ.append(label)
    return sorted(differ)


def pinned(db: Path) -> dict[str, object]:
    """The figures a link pinned to each load opens (``?pin=1``): the load's data as published then."""
    found: dict[str, object] = {}
    for batch in ("1", "2"):
        path = snapshots.resolve(db, batch).path
        found |= {
            f"pin {batch}/{label}": value for label, value in read_side(path, years_until_2025(path), False).items()
        }
    return found


HAND_BUILT = {
    "hand_built": build_warehouse,
    "leadership": build_leadership_warehouse,
    "movement": build_movement_warehouse,
}


def write(full: Path | None = None) -> None:
    """Save the fingerprints of every figure; with ``full``, every figure in that file too (to see
    what a difference is)."""
    from tests.warehouses import build_sample_warehouse

    values: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, build in {**HAND_BUILT, "sample": build_sample_warehouse}.items():
            db = build(Path(folder) / f"{name}.duckdb")
            values[name] = read_side(db, years_until_2025(db), sample=name == "sample")
            if name == "hand_built":
                values[name] |= pinned(db)
    saved = {"sample_workbooks": sample_workbooks_digest(), **saved_form(values)}
    if full:
        full.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    SAVED.parent.mkdir(exist_ok=True)
    SAVED.write_text(
        json.dumps(saved, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(SAVED, file=sys.stderr)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
