"""The bad-input corpus, boundaries: GeoJSON files as offices might send them (accepted) and as they
go wrong, each rejected with the feature named. Same dataclasses and runner as tests/corpus/cases.py.

The outlines are small squares near the units' real places, made up by hand: enough for the map,
not survey data. ``BOUNDARY_UNITS`` are real unit codes (three district-level units of Kiên Giang).
"""

from __future__ import annotations

import json

from etl.readers import boundaries
from tests.corpus.cases import Accepted, Case, Rejected
from tests.corpus.value_cases import Said

# Three district-level units and where their square goes (west, south), in degrees.
BOUNDARY_UNITS = {"908": (105.00, 9.75), "909": (104.90, 9.55), "913": (105.08, 9.55)}
SIDE = 0.08


def square(west: float, south: float, side: float = SIDE) -> list:
    """A square's outer ring, counter-clockwise as RFC 7946 writes it."""
    return [[[west, south], [west + side, south], [west + side, south + side], [west, south + side], [west, south]]]


def feature(properties: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def polygon(ring: list) -> dict:
    return {"type": "Polygon", "coordinates": ring}


def collection(*features: dict, **members: object) -> bytes:
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)}).encode()


def district_boundaries(codes=tuple(BOUNDARY_UNITS), code_property: str = "Mã") -> bytes:
    """A valid boundaries file of ``codes`` (district-level units of BOUNDARY_UNITS)."""
    return collection(*(feature({code_property: code}, polygon(square(*BOUNDARY_UNITS[code]))) for code in codes))


_AN_BIEN = feature({"ma": "908"}, polygon(square(105.0, 9.75)))
# A bow tie: its outline crosses itself at (105,04; 9,79).
_BOW_TIE = [[[105.0, 9.75], [105.08, 9.83], [105.08, 9.75], [105.0, 9.83], [105.0, 9.75]]]

BOUNDARY_CASES = [
    Case(
        "boundaries_three_districts",
        "three district-level units as GeoJSON, their code under “Mã”",
        district_boundaries,
        Accepted("select unit_code from current_unit_boundary order by unit_code", [("908",), ("909",), ("913",)]),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_code_as_number_named_code",
        "the code as a JSON number under “code”, with a crs naming WGS84",
        lambda: collection(
            feature({"code": 908}, polygon(square(105.0, 9.75))),
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        ),
        Accepted("select unit_code from current_unit_boundary", [("908",)]),
        file_name="ranh-gioi.json",
    ),
    Case(
        "boundaries_not_json",
        "a GeoJSON file cut off in the middle",
        lambda: district_boundaries()[:200],
        Said("boundary_not_json", says=("không phải JSON", "dòng 1"), says_en=("not valid JSON", "line 1")),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_a_single_feature",
        "one Feature, not a FeatureCollection",
        lambda: json.dumps(_AN_BIEN).encode(),
        Rejected("boundary_not_collection"),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_unknown_code",
        "a code no unit has (999), in the second feature",
        lambda: collection(_AN_BIEN, feature({"Mã": "999"}, polygon(square(105.1, 9.6)))),
        Said("boundary_unknown_code", says=("Đối tượng thứ 2", "“999”"), says_en=("Feature 2", "“999”")),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_no_code",
        "a feature whose properties hold only a name",
        lambda: collection(feature({"Tên": "Huyện An Biên"}, polygon(square(105.0, 9.75)))),
        Said("boundary_no_code", says=("Đối tượng thứ 1", "“Mã đơn vị”"), says_en=("Feature 1", "“Mã đơn vị”")),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_self_intersecting",
        "An Minh's outline drawn as a bow tie, crossing itself",
        lambda: collection(_AN_BIEN, feature({"Mã": "909"}, polygon(_BOW_TIE))),
        Said(
            "boundary_invalid",
            says=("Đối tượng thứ 2 (mã 909)", "tự cắt", "9.79000, 105.04000"),
            says_en=("Feature 2 (code 909)", "crosses itself"),
        ),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_too_few_points",
        "a ring of three points (a line, not an area)",
        lambda: collection(feature({"Mã": "908"}, polygon([[[105.0, 9.75], [105.08, 9.75], [105.0, 9.75]]]))),
        Said("boundary_invalid", says=("Đối tượng thứ 1 (mã 908)", "quá ít điểm"), says_en=("too few points",)),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_a_point",
        "a unit drawn as a point",
        lambda: collection(feature({"Mã": "908"}, {"type": "Point", "coordinates": [105.0, 9.75]})),
        Said("boundary_not_polygon", says=("“Point”",), says_en=("“Point”",)),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_in_metres",
        "coordinates in metres (VN-2000), not degrees",
        lambda: collection(feature({"Mã": "908"}, polygon(square(505_000, 1_080_000, 8_000)))),
        Said("boundary_not_wgs84", says=("VN-2000",), says_en=("VN-2000",)),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_other_crs",
        "a crs member naming VN-2000 (EPSG:3405)",
        lambda: collection(_AN_BIEN, crs={"type": "name", "properties": {"name": "EPSG:3405"}}),
        Rejected("boundary_not_wgs84_crs"),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_unit_twice",
        "An Biên in two features",
        lambda: collection(_AN_BIEN, _AN_BIEN),
        Said("boundary_duplicate", says=("Đối tượng thứ 2", "đối tượng thứ 1"), says_en=("Feature 2", "feature 1")),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_oversize",
        "a file past the boundaries' size limit (a long property)",
        lambda: collection(feature({"Mã": "908", "ghi_chu": "x" * boundaries.MAX_BYTES}, polygon(square(105.0, 9.75)))),
        Said("boundary_too_large", says=("tối đa 10 MB",), says_en=("at most 10 MB",)),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_too_detailed",
        "an outline of more points than the limit (written short, to stay under the size limit)",
        lambda: collection(feature({"Mã": "908"}, polygon([[[0, 0]] * (boundaries.MAX_POINTS + 1)]))),
        Rejected("boundary_too_detailed"),
        file_name="ranh-gioi.geojson",
    ),
    Case(
        "boundaries_nested_ten_thousand_deep",
        "coordinates nested 10,000 arrays deep (a parser's recursion)",
        lambda: b'{"type": "FeatureCollection", "features": [' + b"[" * 10_000 + b"]" * 10_000 + b"]}",
        Rejected("boundary_not_json"),
        file_name="ranh-gioi.geojson",
    ),
]
