"""The map page on the sample: a tile map with no boundaries loaded (every unit drawn once, coloured
by the measure chosen, named in the reader's language), and a real choropleth once a GeoJSON of the
units' outlines is loaded through the upload page."""

from __future__ import annotations

import csv
import json

import pytest
from streamlit.testing.v1 import AppTest

from analytics import districts, targets
from analytics.map_units import map_units, unit_key, worst_status
from etl import auth
from etl.scope import Scope
from ntm import config
from ntm.i18n import t
from tests import account_support
from tests.corpus.boundary_cases import collection, feature, polygon, square
from tests.fixtures import open_page as open_dashboard_page

pytestmark = pytest.mark.database("sample")
AN_BIEN = "908"
GEOJSON = "application/geo+json"


def drawn(at: AppTest) -> dict:
    """The map the page sends (the one Plotly figure with a choropleth)."""
    figures = [json.loads(element.proto.spec) for element in at.get("plotly_chart")]
    return next(f for f in figures if any(trace["type"] == "choropleth" for trace in f["data"]))


def units_drawn(figure: dict) -> list[str]:
    """Every unit key the map's areas draw, as often as drawn."""
    return [key for trace in figure["data"] if trace["type"] == "choropleth" for key in trace["locations"]]


def areas(figure: dict) -> list[dict]:
    """The map's traces of areas (the first trace places the tiles' names)."""
    return [trace for trace in figure["data"] if trace["type"] == "choropleth"]


def legend_of(figure: dict) -> dict[str, str]:
    """Each unit drawn in a category's colour -> the category's legend entry."""
    return {key: trace["name"] for trace in areas(figure) if trace.get("showlegend") for key in trace["locations"]}


def colour_values(figure: dict) -> dict[str, float]:
    """Each coloured unit's value on the colour scale."""
    coloured = next(trace for trace in figure["data"] if trace["type"] == "choropleth" and trace.get("showscale", True))
    return dict(zip(coloured["locations"], coloured["z"], strict=True))


def test_tile_map_draws_each_district_once_coloured_by_its_share_of_ntm_communes(shared_db, open_page):
    at = open_page("map", year="2024")
    figure = drawn(at)
    ranked = districts.districts_ranked(shared_db, 2024)
    keys = [unit_key(code, None) for code in ranked["district_code"]]
    assert sorted(units_drawn(figure)) == sorted(keys) and len(keys) == 15
    assert colour_values(figure) == dict(zip(keys, ranked["share_ntm"], strict=True))
    assert figure["layout"]["title"]["text"] == "Tỷ lệ xã đạt chuẩn NTM (%)<br>Toàn tỉnh, năm 2024"
    names = next(trace for trace in figure["data"] if trace["type"] == "scattergeo")["text"]
    # Tiles carry the names without "Huyện", "Thành phố", a word a line where one would not fit a phone.
    assert {"An Biên", "Rạch<br>Giá", "U Minh<br>Thượng"} <= set(names)
    assert figure["layout"]["dragmode"] is False
    assert "Sơ đồ ô" in " ".join(caption.value for caption in at.caption)


def test_measure_chosen_recolours_the_tiles_by_average_criteria(shared_db, open_page):
    at = open_page("map", year="2024")
    at.segmented_control(key="measure").set_value("criteria").run()
    figure = drawn(at)
    ranked = districts.districts_ranked(shared_db, 2024)
    expected = {
        unit_key(code, None): avg for code, avg in zip(ranked["district_code"], ranked["avg_criteria"], strict=True)
    }
    assert colour_values(figure) == expected
    assert at.query_params["measure"] == "criteria"  # the code, in every language
    assert "measure=criteria" in at.code[0].value  # and the share box's link carries it
    assert areas(figure)[0]["colorbar"]["title"]["text"] == "Số tiêu chí đạt bình quân/xã"


def test_a_link_with_the_status_measure_colours_each_district_by_its_worst_target_status(shared_db, open_page):
    at = open_page("map", year="2024", measure="status")
    figure = drawn(at)
    worst = worst_status(targets.district_target_progress(shared_db, 2024))
    expected = {unit_key(code, None): t(f"progress.{status}", "vi") for code, status in worst.itertuples(index=False)}
    assert {key: name for key, name in legend_of(figure).items() if key in expected} == expected
    achieved = next(trace for trace in areas(figure) if trace["name"] == t("progress.achieved", "vi"))
    assert achieved["colorscale"][0][1] == "#0072B2"  # the status colour of "achieved"
    others = set(units_drawn(figure)) - set(expected)  # districts without targets of their own
    assert {legend_of(figure)[key] for key in others} <= {"Chưa có mục tiêu"}


def test_a_district_shows_its_communes_by_recognition_level_in_english(shared_db, open_page):
    at = open_page("map", year="2024", district=AN_BIEN, lang="en")
    figure = drawn(at)
    communes = map_units(shared_db, 2024, AN_BIEN)
    assert sorted(units_drawn(figure)) == sorted(unit_key(c, None) for c in communes["unit_code"])
    assert figure["layout"]["title"]["text"].startswith("Recognition level<br>")
    levels = set(legend_of(figure).values())
    assert "NTM commune" in levels and levels <= {
        "Not recognised",
        "NTM commune",
        "Advanced NTM commune",
        "No data yet",
    }


def district_outlines() -> bytes:
    """A GeoJSON of every district-level unit of 2024 as a small square at its approximate centre
    (data/reference/district_centres.csv): made-up outlines for real codes."""
    with open(config.REFERENCE_DIR / "district_centres.csv", encoding="utf-8") as handle:
        centres = {row["district_code"]: row for row in csv.DictReader(handle)}
    with open(config.REFERENCE_DIR / "tiles_districts.csv", encoding="utf-8") as handle:
        codes = [row["unit_code"] for row in csv.DictReader(handle)]
    return collection(
        *(
            feature(
                {"Mã": code},
                polygon(square(float(centres[code]["longitude"]) - 0.04, float(centres[code]["latitude"]) - 0.04)),
            )
            for code in codes
        )
    )


def test_boundaries_loaded_through_the_upload_page_turn_the_map_into_a_choropleth(db, monkeypatch):
    token = account_support.session(db, "tinh", auth.ANALYST, Scope.province())
    at = account_support.open_page(account_support.app(monkeypatch, token), "pages/upload.py")
    at.file_uploader(key="files_0").upload("ranh-gioi-huyen.geojson", district_outlines(), GEOJSON)
    at = at.run()
    assert not at.exception
    assert at.success[0].value.startswith("✓ ranh-gioi-huyen.geojson"), at.success[0].value
    assert "Ranh giới hành chính" in at.success[0].value
    at = account_support.button(at, "Xác nhận tải lên").click().run()
    assert not at.exception

    at.query_params["year"] = "2024"
    at = account_support.open_page(at, "pages/map.py")
    figure = drawn(at)
    assert "Sơ đồ ô" not in " ".join(caption.value for caption in at.caption)  # not the tile map
    geometry = areas(figure)[0]["geojson"]
    assert len(geometry["features"]) == 15
    an_bien = next(f for f in geometry["features"] if f["id"] == unit_key(AN_BIEN, None))
    assert an_bien["geometry"]["type"] == "MultiPolygon"
    assert "trace" not in json.dumps(figure["layout"].get("geo", {}))  # no base map layers asked for
    assert figure["layout"]["geo"]["visible"] is False
    assert "Ranh giới hành chính theo đợt cập nhật số" in " ".join(caption.value for caption in at.caption)


def test_a_part_of_the_boundaries_keeps_the_tile_map_and_says_how_many_are_missing(db, monkeypatch):
    token = account_support.session(db, "tinh", auth.ANALYST, Scope.province())
    at = account_support.open_page(account_support.app(monkeypatch, token), "pages/upload.py")
    at.file_uploader(key="files_0").upload(
        "ba-huyen.geojson", collection(feature({"Mã": AN_BIEN}, polygon(square(105.0, 9.75)))), GEOJSON
    )
    at = account_support.button(at.run(), "Xác nhận tải lên").click().run()
    at = open_dashboard_page("map", {"year": "2024"})
    assert len(areas(drawn(at))[0]["geojson"]["features"]) == 15  # the 15 tiles, not the one outline
    assert "Chưa có ranh giới của 14/15 đơn vị" in " ".join(caption.value for caption in at.caption)
