"""The reference tables (data/reference/*.csv): which file fills which table, with which columns.

Declared once: ``python -m etl init`` loads them into the warehouse, and the loader checks names and
codes against the same files.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ntm import config

# A table filled from several files: the 2026–2030 set's rows are in files of their own, with the
# columns of the 2021–2025 file they extend (data/reference/README.md).
CRITERIA_FILES = ("criteria.csv", "criteria_2026_2030.csv")
BAND_FILES = ("criteria_bands.csv", "criteria_bands_2026_2030.csv")
LEVEL_FILES = ("recognition_levels.csv", "recognition_levels_2026_2030.csv")
MEASURE_FILES = ("measures.csv", "measures_national.csv")
# The units of each list, and the territory (territories.csv) whose units they are.
UNIT_LISTS = {"admin_units.csv": "kien_giang", "admin_units_2025.csv": "an_giang"}
AGENCY_COLUMNS = ["agency_code", "kind", "district_code", "name_vi", "name_en", "short_name_vi", "confirmed", "source"]

REFERENCE_TABLES = {
    # table: (file, or files whose rows it holds (a row in several files once), columns), in the order they are loaded
    "criteria_set": (
        "criteria_sets.csv",
        [
            "criteria_set",
            "name_vi",
            "name_en",
            "decision",
            "decision_date",
            "effective_from",
            "effective_from_confirmed",
            "first_year",
            "last_year",
            "criteria_count",
            "indicator_count",
            "source",
        ],
    ),
    "criterion_group": ("criterion_groups.csv", ["criteria_set", "group_no", "name_vi", "name_en"]),
    "criterion": (CRITERIA_FILES, ["criteria_set", "criterion_no", "group_no", "name_vi", "name_en", "name_confirmed"]),
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
            "criteria_set",
        ],
    ),
    "recognition_level": (
        LEVEL_FILES,
        ["level_code", "unit_kind", "rank", "name_vi", "name_en", "pilot", "measure_code"],
    ),
    "recognition_level_set": (LEVEL_FILES, ["criteria_set", "level_code"]),
    "measure": (MEASURE_FILES, ["measure_code", "unit", "direction", "name_vi", "name_en"]),
    "programme_size": ("programme_size.csv", ["year", "communes", "source"]),
    "movement_term": (
        "movement_terms.csv",
        ["vocabulary", "code", "sort_order", "unit", "name_vi", "name_en", "source"],
    ),
    "agency": ("agencies.csv", AGENCY_COLUMNS),
    "agency_group": ("agency_groups.csv", ["group_code", "kinds", "name_vi", "name_en"]),
    "agency_alias": ("agency_aliases.csv", ["code", "alias"]),
    "criteria_band": (BAND_FILES, ["criteria_set", "band", "min_met", "max_met", "sort_order"]),
    "period": (
        "periods.csv",
        [
            "period_code",
            "territory_code",
            "criteria_set",
            "first_year",
            "last_year",
            "starts_on",
            "ends_on",
            "dates_confirmed",
            "name_vi",
            "name_en",
            "source",
        ],
    ),
    "territory": (
        "territories.csv",
        ["territory_code", "name_vi", "name_en", "province_code", "valid_from", "valid_to", "source"],
    ),
    "unit_type": (
        "admin_unit_types.csv",
        ["unit_type", "level", "name_en", "in_ntm_programme", "in_ntm_programme_confirmed", "source"],
    ),
    "unit_succession": (
        "admin_unit_successions.csv",
        [
            "old_province_code",
            "old_province_name",
            "old_district_code",
            "old_district_name",
            "old_code",
            "old_name",
            "old_unit_type",
            "new_code",
            "new_name",
            "extent",
            "effective_date",
            "legal_basis",
            "source",
        ],
    ),
    "commune_group": (
        "commune_groups.csv",
        [
            "criteria_set",
            "group_no",
            "name_vi",
            "name_en",
            "description_vi",
            "description_en",
            "description_confirmed",
            "source",
        ],
    ),
    "commune_group_member": (
        "commune_group_members.csv",
        ["commune_code", "criteria_set", "group_no", "confirmed", "source"],
    ),
    "agency_succession": (
        "agency_successions.csv",
        ["agency_code", "successor_code", "effective_date", "kind", "confirmed", "source"],
    ),
    # Agencies formed by a succession, in the columns of `agency`: kept apart, `agency` being the
    # register as it stood in 2024 (the sample generator reads it whole); the view every_agency joins them.
    "agency_formed": ("agencies_from_2025.csv", AGENCY_COLUMNS),
}


def files(table: str) -> tuple[str, ...]:
    """The files whose rows fill ``table``."""
    named = REFERENCE_TABLES[table][0]
    return (named,) if isinstance(named, str) else named


def rows(table: str) -> list[dict[str, str]]:
    """The rows of a reference table as declared in ``REFERENCE_TABLES`` (its files and columns), as text."""
    columns = REFERENCE_TABLES[table][1]
    return [dict(zip(columns, row, strict=True)) for row in _distinct_rows(table, str)]


def table_rows(table: str) -> list[tuple]:
    """The rows ``init`` writes into ``table``: empty text as None, a row found in several files once
    (the level ``ntm`` belongs to both criteria sets)."""
    return _distinct_rows(table, lambda text: text or None)


def _distinct_rows(table: str, value: object) -> list[tuple]:
    columns = REFERENCE_TABLES[table][1]
    found = (tuple(value(row[c]) for c in columns) for name in files(table) for row in file_rows(name, columns))
    return list(dict.fromkeys(found))


def file_rows(file_name: str, columns: list[str]) -> list[dict[str, str]]:
    """The rows of one file of data/reference, as text; the file must have ``columns``."""
    return _dict_rows(config.REFERENCE_DIR / file_name, columns)


def read_csv(path: Path, columns: list[str]) -> list[tuple]:
    """The ``columns`` of every row of a CSV file, empty text as None; the file must have them."""
    return [tuple(row[c] if row[c] != "" else None for c in columns) for row in _dict_rows(path, columns)]


def _dict_rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        return list(reader)
