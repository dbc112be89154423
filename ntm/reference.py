"""The reference tables (data/reference/*.csv): which file fills which table, with which columns.

Declared once: ``python -m etl init`` loads them into the warehouse, and the loader checks names and
codes against the same files.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ntm import config

AGENCY_COLUMNS = ["agency_code", "kind", "district_code", "name_vi", "name_en", "short_name_vi", "confirmed", "source"]
REFERENCE_TABLES = {
    # table: (file, columns), in the order they are loaded
    "criterion_group": ("criterion_groups.csv", ["group_no", "name_vi", "name_en"]),
    "criterion": ("criteria.csv", ["criterion_no", "group_no", "name_vi", "name_en", "name_confirmed"]),
    "indicator": (
        "indicators.csv",
        [
            "indicator_code",
            "criterion_no",
            "unit",
            "name_vi",
            "name_en",
            "code_confirmed",
            "threshold_mekong",
            "threshold_confirmed",
            "threshold_source",
        ],
    ),
    "recognition_level": ("recognition_levels.csv", ["level_code", "unit_kind", "rank", "name_vi", "name_en"]),
    "measure": ("measures.csv", ["measure_code", "unit", "direction", "name_vi", "name_en"]),
    "programme_size": ("programme_size.csv", ["year", "communes", "source"]),
    "movement_term": (
        "movement_terms.csv",
        ["vocabulary", "code", "sort_order", "unit", "name_vi", "name_en", "source"],
    ),
    "agency": ("agencies.csv", AGENCY_COLUMNS),
    "agency_group": ("agency_groups.csv", ["group_code", "kinds", "name_vi", "name_en"]),
    "agency_alias": ("agency_aliases.csv", ["code", "alias"]),
    "criteria_band": ("criteria_bands.csv", ["band", "min_met", "max_met", "sort_order"]),
    "agency_succession": (
        "agency_successions.csv",
        ["agency_code", "successor_code", "effective_date", "kind", "confirmed", "source"],
    ),
    # Agencies formed by a succession, in the columns of `agency`: kept apart, `agency` being the
    # register as it stood in 2024 (the sample generator reads it whole); the view every_agency joins them.
    "agency_formed": ("agencies_from_2025.csv", AGENCY_COLUMNS),
}


def rows(table: str) -> list[dict[str, str]]:
    """The rows of a reference table as declared in ``REFERENCE_TABLES`` (its file and columns)."""
    file_name, columns = REFERENCE_TABLES[table]
    with open(config.REFERENCE_DIR / file_name, encoding="utf-8", newline="") as handle:
        return [{column: row[column] for column in columns} for row in csv.DictReader(handle)]


def read_csv(path: Path, columns: list[str]) -> list[tuple]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        return [tuple(row[c] if row[c] != "" else None for c in columns) for row in reader]
