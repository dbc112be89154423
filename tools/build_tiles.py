"""Build the tile layouts of the commune-level units from where their districts lay.

    python -m tools.build_tiles [--check]

No coordinates of the units were available offline. Each new unit (from 1/7/2025) is placed at the
mean of the approximate centres (``district_centres.csv``, hand-placed) of the old districts its old
units belonged to (``admin_unit_successions.csv``), then given the free hex nearest that point: the
units of one old district make a cluster where that district lay. Each old unit (until 30/6/2025) is
then placed, on a grid twice as fine, where the new unit(s) it went into lie: old xã that merged sit
together. Writes ``tiles_units_2025.csv`` and ``tiles_communes_until_2025.csv``.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from collections import defaultdict

from tools.build_units import read_reference, write_or_check

NEW_LAYOUT, OLD_LAYOUT = "tiles_units_2025.csv", "tiles_communes_until_2025.csv"
# An old unit's grid is this much finer than the new units': about three old xã made one new unit.
OLD_GRID_SCALE = 2
# Degrees per tile: small enough that the clusters of neighbouring districts keep their order, large
# enough that the 102 units fit a phone's width.
TILE_DEGREES = 0.085
ROW_HEIGHT = math.sqrt(3) / 2  # rows of a hex grid are closer than its columns


def centres() -> dict[str, list[tuple[float, float]]]:
    """Each new unit (code) -> the centre of the old district of each old unit it was made from."""
    district = {row["district_code"]: (float(row["longitude"]), float(row["latitude"])) for row in _centres()}
    found: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in read_reference("admin_unit_successions.csv"):
        found[row["new_code"]].append(district[row["old_district_code"]])
    return found


def _centres() -> list[dict[str, str]]:
    return read_reference("district_centres.csv")


def new_layout() -> dict[str, tuple[int, int]]:
    """Each new unit (code) -> its tile (column, row) on an offset hex grid, odd rows shifted half a tile right."""
    units = read_reference("admin_units_2025.csv")
    points = centres()
    west = min(float(row["longitude"]) for row in _centres())
    north = max(float(row["latitude"]) for row in _centres())
    wanted = {}
    for unit in units:
        spots = points[unit["commune_code"]]
        x = (sum(lon for lon, _ in spots) / len(spots) - west) / TILE_DEGREES
        y = (north - sum(lat for _, lat in spots) / len(spots)) / TILE_DEGREES / ROW_HEIGHT
        wanted[unit["commune_code"]] = (x, y)
    return _placed(wanted)


def old_layout(new: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Each old unit (code) -> its tile, on a grid OLD_GRID_SCALE times finer, where its new unit(s) lie."""
    went_into: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in read_reference("admin_unit_successions.csv"):
        column, tile_row = new[row["new_code"]]
        went_into[row["old_code"]].append((column + (tile_row % 2) / 2, float(tile_row)))
    wanted = {
        unit["commune_code"]: tuple(
            OLD_GRID_SCALE
            * sum(spot[axis] for spot in went_into[unit["commune_code"]])
            / len(went_into[unit["commune_code"]])
            for axis in (0, 1)
        )
        for unit in read_reference("admin_units.csv")
    }
    return _placed(wanted)


def _placed(wanted: dict[str, tuple[float, float]]) -> dict[str, tuple[int, int]]:
    """Each unit the free cell nearest where it is wanted, from the north-west on."""
    taken: dict[tuple[int, int], str] = {}
    for code in sorted(wanted, key=lambda code: (wanted[code][1], wanted[code][0], code)):
        taken[_nearest_free(*wanted[code], taken)] = code
    return {code: cell for cell, code in taken.items()}


def _nearest_free(x: float, y: float, taken: dict[tuple[int, int], str]) -> tuple[int, int]:
    """The free cell whose centre is nearest (x, y), in rings around it; ties go to the lower cell, then the left."""
    for reach in range(1, 100):
        cells = [
            (column, row)
            for row in range(math.floor(y) - reach, math.ceil(y) + reach + 1)
            for column in range(math.floor(x) - reach, math.ceil(x) + reach + 1)
            if row >= 0 and column >= 0 and (column, row) not in taken
        ]
        near = [cell for cell in cells if _distance(cell, x, y) <= reach]
        if near:
            return min(near, key=lambda cell: (_distance(cell, x, y), cell[1], cell[0]))
    raise RuntimeError("no free tile")


def _distance(cell: tuple[int, int], x: float, y: float) -> float:
    column, row = cell
    return math.hypot(column + (row % 2) / 2 - x, (row - y) * ROW_HEIGHT)


def layout_text(units: list[dict[str, str]], placed: dict[str, tuple[int, int]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["unit_code", "valid_from", "column", "row"], lineterminator="\n")
    writer.writeheader()
    for unit in units:
        column, row = placed[unit["commune_code"]]
        writer.writerow(
            {"unit_code": unit["commune_code"], "valid_from": unit["valid_from"], "column": column, "row": row}
        )
    return out.getvalue()


def layouts() -> dict[str, str]:
    """Each layout file's text."""
    new = new_layout()
    return {
        NEW_LAYOUT: layout_text(read_reference("admin_units_2025.csv"), new),
        OLD_LAYOUT: layout_text(read_reference("admin_units.csv"), old_layout(new)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build_tiles", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare with the committed file; write nothing")
    args = parser.parse_args(argv)
    return write_or_check(layouts(), args.check)


if __name__ == "__main__":
    sys.exit(main())
