"""Administrative boundaries: a GeoJSON FeatureCollection in WGS84 longitude/latitude, one feature
per unit, named by its code in the feature's properties (the spellings of ``datasets.toml``).

Not a spreadsheet: ``etl.load.parse`` hands a file that starts like JSON to ``read_geojson`` (in the
sandbox's worker, like every file). Everything wrong is named by its feature (its number in the
file and its code): not JSON, not a FeatureCollection, another coordinate system, a code no unit
has (or given twice), a geometry that is not a polygon, has too few points or crosses itself, a
file too large or too detailed. Each unit's outline is stored as GeoJSON text, its rings oriented
as the map draws them, versioned with its batch like every fact.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

from etl.problems import Findings, Phrase
from etl.readers.common import Record, Store
from ntm.catalogue import header_key, spec

DATASET = "boundaries"
STORE = Store("unit_boundary", ("unit_code", "valid_from"), ("geometry",))
GEOJSON = True  # read by read_geojson, never from a sheet

# Limits of a boundaries file: the province's 102 units drawn at a few metres fit in well under them.
MAX_BYTES = 10 * 1024 * 1024
MAX_FEATURES = 2_000
MAX_POINTS = 500_000
# How a file says it is WGS84 longitude/latitude (RFC 7946's default; an old "crs" member may name it).
WGS84_NAMES = frozenset({"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:epsg::4326", "epsg:4326", "crs84"})
POLYGONS = frozenset({"Polygon", "MultiPolygon"})
# What shapely says is wrong with a geometry (the start of its reason) -> the message's words (etl.boundary_why_<key>).
REASONS = {
    "Self-intersection": "self_intersection",
    "Ring Self-intersection": "self_intersection",
    "Too few points": "too_few_points",
    "Hole lies outside shell": "hole_outside",
    "Nested shells": "nested_shells",
    "Interior is disconnected": "disconnected",
    "Duplicate Rings": "duplicate_rings",
    "Invalid Coordinate": "invalid_coordinate",
}
_POINT = re.compile(r"\[\s*(-?[\d.e+-]+)\s+(-?[\d.e+-]+)")


@dataclass(frozen=True)
class KnownUnit:
    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    district_code: str | None


def looks_like_geojson(content: bytes) -> bool:
    """Whether a file is JSON text (its first character, after a byte order mark and spaces, is "{")."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_geojson(content: bytes, units: list[KnownUnit], findings: Findings) -> list[Record]:
    """The file's features as records (unit_code, valid_from, geometry); errors into ``findings``."""
    if len(content) > MAX_BYTES:
        findings.error(
            "boundary_too_large", size_mb=round(len(content) / 1024 / 1024, 1), limit_mb=MAX_BYTES // 1024 // 1024
        )
        return []
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        findings.error("boundary_not_json", line=1, position=1)
        return []
    except json.JSONDecodeError as error:
        findings.error("boundary_not_json", line=error.lineno, position=error.colno)
        return []
    except RecursionError:  # arrays nested thousands deep
        findings.error("boundary_not_json", line=1, position=1)
        return []
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        findings.error("boundary_not_collection")
        return []
    if not _wgs84(document.get("crs")):
        findings.error("boundary_not_wgs84_crs")
        return []
    features = document.get("features")
    if not isinstance(features, list) or not features:
        findings.error("boundary_no_features")
        return []
    if len(features) > MAX_FEATURES:
        findings.error("boundary_too_many_features", count=len(features), limit=MAX_FEATURES)
        return []
    points = sum(_count_points(feature) for feature in features)
    if points > MAX_POINTS:
        findings.error("boundary_too_detailed", count=points, limit=MAX_POINTS)
        return []
    known = _known(units)
    records: list[Record] = []
    first: dict[tuple[str, dt.date | None], int] = {}
    for number, feature in enumerate(features, start=1):
        record = _feature(number, feature, known, findings)
        if record is None:
            continue
        unit = (record.values["unit_code"], record.values["valid_from"])
        if unit in first:
            findings.error("boundary_duplicate", feature=number, code=unit[0], first=first[unit])
            continue
        first[unit] = number
        records.append(record)
    return records


def _feature(number: int, feature: object, known: dict[str, list[KnownUnit]], findings: Findings) -> Record | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        findings.error("boundary_not_feature", feature=number)
        return None
    properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    code = _property(properties, "unit_code")
    if code is None:
        findings.error("boundary_no_code", feature=number, names=_aliases("unit_code"))
        return None
    unit = _unit(number, code, _property(properties, "valid_from"), known, findings)
    if unit is None:
        return None
    geometry = _geometry(number, code, feature.get("geometry"), findings)
    if geometry is None:
        return None
    values = {"unit_code": unit.code, "valid_from": unit.valid_from, "geometry": geometry}
    return Record(values, sheet="", row=number, district_code=unit.district_code)


def _unit(
    number: int, code: str, valid_from: str | None, known: dict[str, list[KnownUnit]], findings: Findings
) -> KnownUnit | None:
    """The unit a feature names: the unit of that code that starts on ``valid_from`` when given, else
    the latest unit of that code (30985: Xã An Biên, not the Thị trấn Thứ Ba it was until 30/6/2025)."""
    candidates = known.get(code, [])
    if not candidates:
        findings.error("boundary_unknown_code", feature=number, code=code)
        return None
    if valid_from is None:
        return max(candidates, key=lambda unit: unit.valid_from or dt.date.min)
    try:
        day = dt.date.fromisoformat(valid_from)
    except ValueError:
        findings.error("boundary_bad_day", feature=number, code=code, value=valid_from)
        return None
    found = [unit for unit in candidates if unit.valid_from == day]
    if not found:
        days = ", ".join(sorted(unit.valid_from.isoformat() if unit.valid_from else "–" for unit in candidates))
        findings.error("boundary_unknown_day", feature=number, code=code, value=valid_from, days=days)
        return None
    return found[0]


def _geometry(number: int, code: str, geometry: object, findings: Findings) -> str | None:
    """The outline as GeoJSON text (rings oriented for the map), or None with the error named."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in POLYGONS:
        findings.error("boundary_not_polygon", feature=number, code=code, kind=str(kind or "–"))
        return None
    try:
        outline = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError):
        findings.error("boundary_unreadable", feature=number, code=code)
        return None
    if outline.is_empty:
        findings.error("boundary_unreadable", feature=number, code=code)
        return None
    west, south, east, north = outline.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        findings.error("boundary_not_wgs84", feature=number, code=code)
        return None
    reason = shapely.is_valid_reason(outline)
    if reason != "Valid Geometry":
        why = next((key for start, key in REASONS.items() if reason.startswith(start)), "other")
        place = _POINT.search(reason)
        where = f"{float(place.group(2)):.5f}, {float(place.group(1)):.5f}" if place else "–"
        findings.error("boundary_invalid", feature=number, code=code, why=Phrase(f"boundary_why_{why}"), where=where)
        return None
    # Plotly's maps (d3-geo) take an outer ring clockwise: the reverse of RFC 7946.
    parts = outline.geoms if outline.geom_type == "MultiPolygon" else [outline]
    oriented = shapely.MultiPolygon([orient(part, sign=-1.0) for part in parts])
    return json.dumps(mapping(oriented), separators=(",", ":"))


def _wgs84(crs: object) -> bool:
    """No "crs" member (RFC 7946: WGS84), or one naming WGS84."""
    if crs is None:
        return True
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    return isinstance(name, str) and name.strip().lower() in WGS84_NAMES


def _count_points(feature: object) -> int:
    """Points in a feature's coordinates, counted without recursion (a crafted file nests deeply)."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    stack = [geometry.get("coordinates")] if isinstance(geometry, dict) else []
    count = 0
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            if item and all(isinstance(value, int | float) for value in item):
                count += 1
            else:
                stack.extend(item)
    return count


def _known(units: list[KnownUnit]) -> dict[str, list[KnownUnit]]:
    known: dict[str, list[KnownUnit]] = {}
    for unit in units:
        known.setdefault(unit.code, []).append(unit)
    return known


def _property(properties: dict, key: str) -> str | None:
    """The value of the property spelled as one of the column's aliases (compared as headers are)."""
    wanted = {header_key(alias) for alias in spec().datasets[DATASET].column(key).aliases}
    for name, value in properties.items():
        if header_key(name) in wanted and value not in (None, ""):
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
            return text or None
    return None


def _aliases(key: str) -> str:
    return ", ".join(f"“{alias}”" for alias in spec().datasets[DATASET].column(key).aliases)
