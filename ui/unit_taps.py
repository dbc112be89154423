"""A tap on a unit of a chart opens that unit's page (a district's, or a xã's) with the filters kept.

The chart is drawn with Streamlit's selection events (one point at a time); the unit is read from
the figure's own data (each trace's ``customdata``, the unit's key first), never from the browser.
"""

from __future__ import annotations

import streamlit as st

from presentation import exports
from presentation.charts import Chart
from ui import filters, panels

_TAPPED = "unit_tapped"  # session state: the (level, code) a tap chose, whose page the rerun opens
# The modebar's buttons that move or zoom a map: a map read on a phone stays as drawn.
FIXED = ["zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo", "pan2d", "select2d", "lasso2d"]
# The page of a unit by its level (analytics.map_units), and the URL parameter naming the unit there.
UNIT_PAGES = {"district": ("pages/districts.py", filters.DISTRICT), "commune": ("pages/commune.py", filters.COMMUNE)}


def chart_opening_units(chart: Chart, caption: str, name: str, lang: str, level: str) -> None:
    """``chart`` (touch-safe: no zoom by wheel or double tap) with its caption and tables; a tap on a
    unit opens the page of that unit (of ``level``), the year, language and scope kept."""
    tapped = st.session_state.pop(_TAPPED, None)
    if tapped is not None:  # the level of the map tapped: choosing a district makes the map one of xã
        open_unit_page(*tapped)
    key = f"chart-{name}"
    config = {**exports.png_config(name), "scrollZoom": False, "doubleClick": False, "modeBarButtonsToRemove": FIXED}
    st.plotly_chart(
        panels.as_shown(chart.figure, lang),
        key=key,
        config=config,
        on_select=lambda: _remember_tap(chart, key, level),
        selection_mode="points",
    )
    st.caption(caption)
    panels.chart_table(chart, name, lang)


def _remember_tap(chart: Chart, key: str, level: str) -> None:
    """Before the rerun a tap causes: choose the unit tapped (the sidebar's choice is drawn from this
    state before the page runs), and remember to open its page."""
    code = tapped_unit(chart, st.session_state[key])
    if code is not None:
        st.session_state[UNIT_PAGES[level][1]] = code
        st.session_state[_TAPPED] = (level, code)


def tapped_unit(chart: Chart, event: object) -> str | None:
    """The code of the unit tapped (the first point selected), from the figure's data."""
    points = event.selection.points if event else []
    if not points:
        return None
    point = points[0]
    trace = chart.figure.data[point["curve_number"]]
    key = trace.customdata[point["point_index"]][0]
    return str(key).split("/", 1)[0]


# The URL values a switch of page carries itself: language and year are bound to the sidebar's widgets
# (Streamlit keeps them, and refuses to be given them); the scope, the xã and a pin are this module's.
CARRIED = (filters.DISTRICT, filters.COMMUNE, filters.PIN)


def open_unit_page(level: str, code: str) -> None:
    """Switch to the page of the unit ``code`` of ``level``, the scope and a pin kept."""
    page, parameter = UNIT_PAGES[level]
    kept = {key: st.query_params.get(key) for key in CARRIED} | {parameter: code}
    st.switch_page(page, query_params={key: value for key, value in kept.items() if value})
