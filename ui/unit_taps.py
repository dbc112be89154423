"""A tap on a unit of a chart opens that unit's page (a district's, or a xã's) with the filters kept.

The chart is drawn with Streamlit's selection events (one point at a time); the unit is read from
the figure's own data (each trace's ``customdata``, the unit's key first), never from the browser.
"""

from __future__ import annotations

import streamlit as st

from presentation import exports
from presentation.charts import Chart
from ui import filters, panels

# The page of a unit by its level (analytics.map_units), and the URL parameter naming the unit there.
UNIT_PAGES = {"district": ("pages/districts.py", filters.DISTRICT), "commune": ("pages/commune.py", filters.COMMUNE)}


def chart_opening_units(chart: Chart, caption: str, name: str, lang: str, level: str) -> None:
    """``chart`` (touch-safe: no zoom by wheel or double tap) with its caption and tables; a tap on a
    unit opens the page of that unit (of ``level``), the year, language and scope kept."""
    config = {**exports.png_config(name), "scrollZoom": False, "doubleClick": False}
    event = st.plotly_chart(
        chart.figure, key=f"chart-{name}", config=config, on_select="rerun", selection_mode="points"
    )
    st.caption(caption)
    panels.chart_table(chart, name, lang)
    code = tapped_unit(chart, event)
    if code is not None:
        open_unit_page(level, code)


def tapped_unit(chart: Chart, event: object) -> str | None:
    """The code of the unit tapped (the first point selected), from the figure's data."""
    points = event.selection.points if event else []
    if not points:
        return None
    point = points[0]
    trace = chart.figure.data[point["curve_number"]]
    key = trace.customdata[point["point_index"]][0]
    return str(key).split("/", 1)[0]


def open_unit_page(level: str, code: str) -> None:
    """Switch to the page of the unit ``code`` of ``level``, keeping every other value of the URL."""
    page, parameter = UNIT_PAGES[level]
    kept = {key: st.query_params.get(key) for key in st.query_params}
    kept |= {filters.LANG: filters.current().lang, filters.YEAR: str(filters.current().year), parameter: code}
    st.switch_page(page, query_params={key: value for key, value in kept.items() if value})
