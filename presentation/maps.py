"""The map: the units of a year and scope coloured by a measure, on their loaded boundaries or, without
them, on a tile map (one hexagon per unit, laid out roughly as the units lie: data/reference/tiles_*.csv).

Both are Plotly choropleths without a base map (nothing can be fetched offline): the tiles are
GeoJSON hexagons in made-up degrees near (0, 0), so the two share one figure. A unit is named in the
geometry by ``unit_key`` (its code and first day), which the map's selection hands back.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from analytics import progress
from analytics.map_units import COMMUNE, DISTRICT, unit_key
from ntm import config, formatting
from ntm.i18n import t
from ntm.reference import read_csv
from presentation.charts import COLOURS, Chart, named, table, touch_safe, wrapped

# The measures a map can show, by the level of its units: NTM (the share of xã holding it, or the
# level a xã holds), criteria met (on average, or the xã's), and the district's own targets' status.
NTM, CRITERIA, STATUS = "ntm", "criteria", "status"
MEASURES = {DISTRICT: (NTM, CRITERIA, STATUS), COMMUNE: (NTM, CRITERIA)}

# The tile layouts: (unit code, first day or empty) -> (column, row) on a hex grid, odd rows shifted
# half a tile right.
TILE_FILES = ("tiles_districts.csv", "tiles_communes_until_2025.csv", "tiles_units_2025.csv")
TILE_DEGREES = 0.1  # a tile's width in the made-up degrees the tiles are drawn in
SEQUENTIAL = "Blues"
NO_VALUE_COLOUR = "#E6E6E6"
EDGE = {"color": "#FFFFFF", "width": 1}
MAP_HEIGHT = 520
# Up to this many units, each tile carries its unit's name (the 15 districts); more would not be read.
NAMED_TILES = 20


@functools.cache
def tiles() -> dict[str, tuple[int, int]]:
    """Every unit of the tile layouts, by ``unit_key``: its (column, row)."""
    columns = ["unit_code", "valid_from", "column", "row"]
    return {
        unit_key(code, valid_from): (int(column), int(row))
        for name in TILE_FILES
        for code, valid_from, column, row in read_csv(config.REFERENCE_DIR / name, columns)
    }


def tile_geometry(keys: list[str]) -> dict:
    """The tiles of the units ``keys`` (those with one) as a GeoJSON FeatureCollection of hexagons."""
    placed = tiles()
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": key, "properties": {}, "geometry": _hexagon(*placed[key])}
            for key in keys
            if key in placed
        ],
    }


def _hexagon(column: int, row: int) -> dict:
    """A pointy-top hexagon, its ring clockwise as Plotly's maps draw an outer ring."""
    x = (column + (row % 2) / 2) * TILE_DEGREES
    y = -row * TILE_DEGREES * math.sqrt(3) / 2
    radius = TILE_DEGREES / math.sqrt(3)
    ring = [
        [x + radius * math.cos(math.radians(angle)), y + radius * math.sin(math.radians(angle))]
        for angle in (90, 30, -30, -90, -150, -210)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def tile_centre(key: str) -> tuple[float, float]:
    column, row = tiles()[key]
    return (column + (row % 2) / 2) * TILE_DEGREES, -row * TILE_DEGREES * math.sqrt(3) / 2


def measures(level: str, has_targets: bool) -> tuple[str, ...]:
    """The measures the units of ``level`` can be coloured by (the targets' status only where some are loaded)."""
    return tuple(m for m in MEASURES[level] if m != STATUS or has_targets)


# A tile's name, a line at most this long: a tile is about 45 px wide on a phone.
TILE_LABEL_CHARS = 7


def unit_map(
    units: pd.DataFrame, statuses: pd.DataFrame, geometry: dict | None, measure: str, lang: str, title: str
) -> Chart:
    """The units (``analytics.map_units``) coloured by ``measure``, on ``geometry`` (loaded boundaries,
    by ``unit_key``) or, when None, on their tiles; ``statuses``: ``map_units.worst_status``. Units
    without a value are drawn pale grey, in a legend entry of their own; each unit is drawn once."""
    frame = units.assign(key=[unit_key(c, v) for c, v in zip(units["unit_code"], units["valid_from"], strict=True)])
    frame["name"] = named(frame, lang)
    if measure == STATUS:
        frame = frame.merge(statuses, on="unit_code", how="left")
    level = frame["level"].iloc[0] if len(frame) else DISTRICT
    values, shown, colours = _measure(frame, level, measure, lang)
    frame = frame.assign(value=values, shown=shown)
    tiled = geometry is None
    geometry = tile_geometry(list(frame["key"])) if tiled else geometry
    drawn = {feature["id"] for feature in geometry["features"]}
    frame = frame[frame["key"].isin(drawn)]
    measured = frame["value"].notna()
    figure = go.Figure()
    hover = "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>"
    # Plotly's geo asks the web for a world map when its first trace names places by a locationmode
    # (a choropleth does): a first trace placed by longitude and latitude (the tiles' names, or
    # nothing) keeps the map offline.
    labelled = frame if tiled and len(frame) <= NAMED_TILES else frame.iloc[0:0]
    centres = [tile_centre(key) for key in labelled["key"]]
    figure.add_scattergeo(
        lon=[x for x, _ in centres],
        lat=[y for _, y in centres],
        text=[wrapped(name, TILE_LABEL_CHARS) for name in named(labelled, lang, "short")],
        customdata=labelled[["key", "name", "shown"]].to_numpy(),
        mode="text",
        textfont={"size": 10, "color": [_text_colour(colours.of(value)) for value in labelled["value"]]},
        hovertemplate=hover,
        showlegend=False,
    )
    common = {"geojson": geometry, "marker": {"line": EDGE}, "hovertemplate": hover, "showscale": False}
    if colours.scale is not None and measured.any():
        _areas(figure, frame[measured], common, name=measure_label(level, measure, lang), showlegend=False)
        figure.data[-1].update(showscale=True, z=[float(value) for value in frame[measured]["value"]], **colours.scale)
    for value, (label, colour) in (colours.categories or {}).items():
        _areas(figure, frame[frame["value"] == value], common, name=label, colour=colour)
    no_value = t("map.no_targets" if measure == STATUS else "map.no_value", lang)
    _areas(figure, frame[~measured], common, name=no_value, colour=NO_VALUE_COLOUR)
    figure.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    figure.update_layout(
        height=MAP_HEIGHT,
        margin={"t": 70, "r": 10, "l": 10, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.02,  # under the map, never over a unit
            "x": 0,
            "title": {"text": measure_label(level, measure, lang)},
        },
    )
    touch_safe(figure, title, lang)
    code, name = (f"{level}_code", f"{level}_name")
    data = frame[["name", "shown", "unit_code"]].rename(columns={"unit_code": code, "name": name})
    return Chart(figure, table(data, lang).rename(columns={"shown": measure_label(level, measure, lang)}))


@dataclass(frozen=True)
class Colours:
    """How a measure colours the units: a sequential scale with its colour bar (``scale``: Plotly's
    colorscale, zmin, zmax, colorbar), or categories each with its colour and a legend entry
    (``categories``: value -> (label, colour), best first)."""

    scale: dict | None = None
    categories: dict[int, tuple[str, str]] | None = None

    def of(self, value: object) -> str | None:
        """The colour a unit of ``value`` is drawn in (None: no value)."""
        if value is None or pd.isna(value):
            return None
        if self.categories is not None:
            return self.categories[int(value)][1]
        low, high = self.scale["zmin"], self.scale["zmax"]
        where = min(max((float(value) - low) / (high - low), 0), 1)
        return sample_colorscale(self.scale["colorscale"], [where])[0]


def _measure(frame: pd.DataFrame, level: str, measure: str, lang: str) -> tuple[pd.Series, list[str], Colours]:
    """Each unit's value (None: none), its text, and the colours: the status colours for the
    targets' status, steps of the sequential scale for the level held, else the sequential scale."""
    title = measure_label(level, measure, lang)
    if measure == STATUS:
        order = list(progress.STATUSES)
        values = frame["status"].map(lambda status: order.index(status) if isinstance(status, str) else None)
        shown = [t(f"progress.{s}", lang) if isinstance(s, str) else t("map.no_targets", lang) for s in frame["status"]]
        categories = {i: (t(f"progress.{status}", lang), COLOURS[status]) for i, status in enumerate(order)}
        return values, shown, Colours(categories=categories)
    if level == COMMUNE and measure == NTM:
        ranks = frame["recognition_rank"].where(frame["criteria_met"].notna() | frame["recognition_rank"].gt(0))
        names = _rank_names(frame, lang)
        shown = [names[int(rank)] if pd.notna(rank) else t("map.no_value", lang) for rank in ranks]
        shades = sample_colorscale(SEQUENTIAL, [0.15 + 0.85 * rank / max(len(names) - 1, 1) for rank in names])
        categories = {rank: (names[rank], shade) for rank, shade in zip(reversed(names), reversed(shades), strict=True)}
        return ranks, shown, Colours(categories=categories)
    column, highest = {
        (DISTRICT, NTM): ("share_ntm", 100),
        (DISTRICT, CRITERIA): ("avg_criteria", None),
        (COMMUNE, CRITERIA): ("criteria_met", None),
    }[(level, measure)]
    values = pd.to_numeric(frame[column]).astype("Float64")
    highest = highest or int(frame["criteria_count"].max())
    decimals = 1 if column == "share_ntm" else 2 if column == "avg_criteria" else 0
    suffix = "%" if column == "share_ntm" else ""
    shown = [
        f"{title}: {formatting.number(v, lang, decimals)}{suffix}" if pd.notna(v) else t("map.no_value", lang)
        for v in values
    ]
    bar = {"title": {"text": title, "side": "top"}, "orientation": "h", "y": -0.02, "yanchor": "top", "len": 0.9}
    return values, shown, Colours(scale={"colorscale": SEQUENTIAL, "zmin": 0, "zmax": highest, "colorbar": bar})


def _areas(figure: go.Figure, units: pd.DataFrame, common: dict, name: str, colour: str = "", **options) -> None:
    """The units' areas as one trace, drawn in ``colour`` (a legend entry named ``name``), when there are any."""
    if units.empty:
        return
    flat = [[0, colour], [1, colour]] if colour else SEQUENTIAL
    figure.add_choropleth(
        locations=list(units["key"]),
        z=[0] * len(units),  # a list: the page's figure reads as numbers, not bytes
        customdata=units[["key", "name", "shown"]].to_numpy(),
        colorscale=flat,
        name=name,
        showlegend=options.pop("showlegend", True),
        **common,
    )


def _text_colour(colour: str | None) -> str:
    """White on a dark tile, black on a light one (or one without a value)."""
    if colour is None:
        return "#000000"
    red, green, blue = (
        channel / 255 for channel in unlabel_rgb(colour if colour.startswith("rgb") else f"rgb{hex_to_rgb(colour)}")
    )
    return "#FFFFFF" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5 else "#000000"


def _rank_names(frame: pd.DataFrame, lang: str) -> dict[int, str]:
    """Each recognition rank up to the highest held -> the level's name (rank 0: not recognised)."""
    held = frame.dropna(subset=["level_vi"]).drop_duplicates("recognition_rank")
    names = {int(rank): name for rank, name in zip(held["recognition_rank"], named(held, lang, "level"), strict=True)}
    top = max(names, default=1)
    return {0: t("map.rank_none", lang)} | {rank: names.get(rank, str(rank)) for rank in range(1, top + 1)}


def measure_label(level: str, measure: str, lang: str) -> str:
    return t(f"map.measure_{level}_{measure}", lang)
