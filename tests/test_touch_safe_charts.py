"""Every chart every reader's page sends holds on a phone: a swipe over it scrolls the page (no
drag-zoom, no pan, no wheel or pinch zoom), its title fits 360 px, its legend sits under the plot;
and the district ranking ranks by a measure that tells the units apart, tapping a bar opening that
district's overview with the year kept. Through AppTest, on the sample data."""

from __future__ import annotations

import json
import re

import pytest
from fixtures import AN_BIEN
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from analytics import districts
from ui import navigation

pytestmark = [pytest.mark.database("sample"), pytest.mark.slow]

READERS_PAGES = [
    spec.path.removeprefix("pages/").removesuffix(".py")
    for spec in navigation.PAGES
    if spec.roles == navigation.READERS
]
# The views each page is read in: the newest year (2026, no districts), a year of the former districts,
# one district in it, and English (longer titles).
VIEWS = {
    "2026": {},
    "2025": {"year": "2025"},
    "an-bien-2025": {"year": "2025", "district": AN_BIEN, "commune": "30988", "criterion": "17"},
    "english-2025": {"year": "2025", "lang": "en", "commune": "30988"},
}
# A phone 360 px wide, less the page's padding either side and the chart toolbar's one button (PNG),
# top right; Source Sans averages about 0.55 em a character (Vietnamese diacritics included), bold more.
PHONE_CONTENT_PX = 360 - 2 * 16 - 40
CHARACTER_EM = 0.6
PLOTLY_TITLE_SIZE = 17  # Plotly's default when a figure sets none


def sent_figures(at: AppTest) -> list[tuple[dict, dict]]:
    """Each Plotly chart the run sent: (figure, config)."""
    return [(json.loads(chart.proto.spec), json.loads(chart.proto.config)) for chart in at.get("plotly_chart")]


def axes(layout: dict) -> dict[str, dict]:
    return {name: axis for name, axis in layout.items() if re.fullmatch(r"[xy]axis[0-9]*", name)}


def title_lines(layout: dict) -> list[str]:
    title = layout.get("title", {}).get("text", "")
    return [re.sub(r"<[^>]+>", "", line) for line in title.split("<br>")]


def shows_legend(figure: dict) -> bool:
    layout = figure["layout"]
    if layout.get("showlegend") is False:
        return False
    shown = [trace for trace in figure["data"] if trace.get("showlegend", True) and trace.get("type") != "heatmap"]
    return len(shown) > 1 or (len(shown) == 1 and layout.get("showlegend") is True)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("page", READERS_PAGES)
def test_every_chart_a_page_sends_holds_on_a_phone(open_page, page, view):
    at = open_page(page, **VIEWS[view])
    for figure, config in sent_figures(at):
        layout = figure["layout"]
        name = " ".join(title_lines(layout))
        assert layout.get("dragmode") is False, name
        assert all(axis.get("fixedrange") is True for axis in axes(layout).values()), name
        assert config.get("scrollZoom") is False and config.get("showTips") is False, name
        size = layout.get("title", {}).get("font", {}).get("size", PLOTLY_TITLE_SIZE)
        for line in title_lines(layout):
            assert len(line) * CHARACTER_EM * size <= PHONE_CONTENT_PX, line
        if shows_legend(figure):
            legend = layout.get("legend", {})
            assert legend.get("orientation") == "h" and legend.get("yanchor") == "top", name
            assert legend.get("y", 1) < 0, name  # under the plot area, not over it


def ranking_figure(at: AppTest) -> dict:
    chart = next(chart for chart in at.get("plotly_chart") if "xep-hang-huyen" in chart.proto.id)
    return json.loads(chart.proto.spec)


def test_the_district_ranking_defaults_to_the_measure_that_separates_the_districts(open_page, shared_db):
    at = open_page("overview", year="2025")
    figure = ranking_figure(at)
    units = districts.units_to_rank(shared_db, 2025)
    chosen = districts.separating_measure(units)
    # On the sample 13 of 15 districts have every xã NTM in 2025: that share tells few of them apart.
    assert (units["share_ntm"] == 100).sum() >= 13
    assert districts.separation(units, chosen) > districts.separation(units, "share_ntm")
    # Drawn from the top (the y axis lists its categories bottom up), highest first.
    expected = list(units.sort_values(chosen, ascending=False, kind="stable")["district_name"])
    assert figure["layout"]["yaxis"]["categoryarray"][::-1] == expected
    assert len({trace["marker"]["color"] for trace in figure["data"]}) == 1  # one colour: no good/bad


def test_the_reader_can_rank_by_another_measure(open_page):
    at = open_page("districts", year="2025")
    at.button_group(key="rank-by-2025").set_value("share_ntm").run()
    figure = ranking_figure(at)
    assert figure["layout"]["xaxis"]["title"]["text"] == "tỷ lệ xã đạt chuẩn NTM"
    assert figure["data"][0]["text"][-1] != "1/1"  # the lowest share last, not a 100% unit


def select(at: AppTest, element: object, selection: dict) -> AppTest:
    """Run on after the reader selected ``selection`` in ``element`` (a chart or a data frame), as the
    browser reports it: AppTest has no way of its own to tap a chart's mark or a table's row."""
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=element.proto.id, string_value=json.dumps({"selection": selection})))
    return at._run(states)


def test_tapping_a_district_button_under_the_ranking_opens_its_overview_with_the_year_kept(open_page, shared_db):
    at = open_page("districts", year="2024")
    buttons = at.button_group(key="open-district")
    units = districts.units_to_rank(shared_db, 2024)
    furthest_behind = units.sort_values(districts.separating_measure(units), kind="stable")["district_name"]
    assert buttons.options == list(furthest_behind)
    at = buttons.set_value(AN_BIEN).run()
    assert not at.exception
    assert at.query_params.get("district") == AN_BIEN
    assert at.session_state["year"] == 2024
    assert at.header[0].value == "Nông thôn mới năm 2024 – Huyện An Biên"
    assert at.metric  # the overview's cards, not the districts' table


def test_no_chart_takes_a_swipe_from_the_page(open_page):
    # Streamlit gives a chart reporting selections Plotly's "pan" drag mode, whatever the figure says.
    # The map is the one chart made to be tapped (one point at a time): its browser journey swipes
    # over it on a phone and checks the page scrolls (tests/test_journey_map.py).
    for page in READERS_PAGES:
        at = open_page(page, year="2025")
        selecting = [chart.proto.id for chart in at.get("plotly_chart") if chart.proto.selection_mode]
        if page == "map":
            assert len(selecting) == 1 and "chart-ban-do" in selecting[0], selecting
        else:
            assert selecting == [], page


@pytest.mark.database("leadership")
def test_tapping_a_xa_row_opens_that_xas_page_with_the_year_kept(open_page):
    at = open_page("near_finish", year="2024")
    table = next(frame for frame in at.dataframe if frame.proto.id.endswith("rows-xa-sap-ve-dich"))
    first = table.value.iloc[0]
    at = select(at, table, {"rows": [0], "columns": [], "cells": []})
    assert not at.exception
    assert at.query_params.get("commune") == first["Mã xã"]
    assert at.header[0].value.startswith(first["Xã"])
    assert at.session_state["year"] == 2024


def sample_marks(figure: dict) -> list[str]:
    return [note["text"] for note in figure["layout"].get("annotations", []) if note.get("text") == "DỮ LIỆU MẪU"]


def test_every_chart_of_the_sample_carries_the_sample_mark_into_its_png(open_page):
    for page in READERS_PAGES:
        at = open_page(page, year="2025")
        for figure, _ in sent_figures(at):
            assert len(sample_marks(figure)) == 1, (page, " ".join(title_lines(figure["layout"])))


@pytest.mark.database("an_bien")  # figures loaded by an analyst, not the sample
def test_a_chart_of_loaded_figures_carries_no_sample_mark(open_page, monkeypatch):
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "1")
    figures = sent_figures(open_page("overview", year="2024"))
    assert figures and not any(sample_marks(figure) for figure, _ in figures)
