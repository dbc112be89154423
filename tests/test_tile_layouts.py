"""The tile layouts of the map (data/reference/tiles_*.csv): every unit of the unit lists has one
tile, no two units of a layout share a cell, and the xã layouts are what tools/build_tiles.py builds."""

from __future__ import annotations

import csv

import pytest

from ntm import config
from presentation.maps import TILE_FILES
from tools import build_tiles


def rows(name: str) -> list[dict[str, str]]:
    with open(config.REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", TILE_FILES)
def test_no_two_units_of_a_layout_share_a_tile(name):
    layout = rows(name)
    cells = [(row["column"], row["row"]) for row in layout]
    units = [(row["unit_code"], row["valid_from"]) for row in layout]
    assert len(set(cells)) == len(cells) and len(set(units)) == len(units)


def test_every_unit_of_the_unit_lists_has_a_tile():
    tiled = {(row["unit_code"], row["valid_from"]) for name in TILE_FILES for row in rows(name)}
    old = rows("admin_units.csv")
    units = {(row["district_code"], "") for row in old} | {(row["commune_code"], row["valid_from"]) for row in old}
    units |= {(row["commune_code"], row["valid_from"]) for row in rows("admin_units_2025.csv")}
    assert units - tiled == set() and len(units) == 15 + 143 + 102


def test_the_commune_layouts_are_the_build_of_tools_build_tiles():
    for name, text in build_tiles.layouts().items():
        assert (config.REFERENCE_DIR / name).read_text(encoding="utf-8") == text, name
