"""How the pages show a chart or a table: the figure, a caption with its coverage, and under it
the data behind it as a table with CSV and XLSX downloads of exactly that table.

Downloads are built when clicked (a callable), not on every rerun: a page has up to a dozen.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ntm import cached, exports
from ntm import formatting as fmt
from ntm.charts import Chart
from ntm.i18n import t


def chart(chart: Chart, caption: str, name: str, lang: str) -> None:
    """``chart``'s figure, ``caption``, and its tables with downloads named ``name``.csv/.xlsx
    (its target lines: ``name``-muc-tieu.csv/.xlsx)."""
    figure(chart.figure, name)
    st.caption(caption)
    with st.expander(t("panel.table", lang)):
        data(chart.table, name, lang)
        if chart.targets is not None:
            data(chart.targets, f"{name}-muc-tieu", lang)


def figure(figure: object, name: str) -> None:
    """A Plotly figure whose PNG download is named ``name``.png (``name`` unique on the page)."""
    st.plotly_chart(figure, key=f"chart-{name}", config=exports.png_config(name))


def data(table: pd.DataFrame, name: str, lang: str) -> None:
    """A table and its downloads; ``name`` (unique on the page) names the files."""
    st.dataframe(table, hide_index=True)
    downloads(table, name, lang)


def downloads(table: pd.DataFrame, name: str, lang: str) -> None:
    left, right = st.columns(2)
    left.download_button(
        t("panel.csv", lang), data=lambda: exports.csv_bytes(table), file_name=f"{name}.csv",
        mime=exports.CSV_MIME, on_click="ignore", icon=":material/download:", key=f"csv-{name}",
    )
    right.download_button(
        t("panel.xlsx", lang), data=lambda: exports.xlsx_bytes(table), file_name=f"{name}.xlsx",
        mime=exports.XLSX_MIME, on_click="ignore", icon=":material/download:", key=f"xlsx-{name}",
    )


def scope_name(db: Path, district: str | None, lang: str) -> str:
    """The chosen district's name, or "Toàn tỉnh"."""
    return cached.districts(db)[district] if district else t("filters.whole_province", lang)


def stop_without_data(lang: str, year: int | None) -> None:
    """Before anything is loaded there is no year: say how to load data and stop the page."""
    if year is None:
        st.info(t("overview.no_data", lang))
        st.code("python -m etl load data/sample/*.xlsx", language="bash")
        st.stop()


def heading(db: Path, key: str, lang: str, year: int | None, district: str | None) -> str:
    """Draw the page's heading ``key`` for the year and scope, or, when that year has no criteria
    results there, say so and stop the page. Returns the scope's name."""
    stop_without_data(lang, year)
    scope = scope_name(db, district, lang)
    st.header(t(key, lang, year=year, scope=scope))
    if not cached.headline(db, year, district)["communes_assessed"]:
        st.info(t("leadership.no_results", lang, year=year, scope=scope))
        st.stop()
    return scope


def coverage(db: Path, lang: str, year: int, district: str | None) -> str:
    """Which data a chart of one year rests on: "Dữ liệu của 112/116 xã, cập nhật 15/12/2024, lần tải #12."."""
    counts = cached.headline(db, year, district)
    return t("panel.coverage", lang, assessed=counts["communes_assessed"], total=counts["communes_total"],
             **updated(db, lang))


def coverage_years(db: Path, lang: str, first: int, last: int) -> str:
    """Which data a chart over several years rests on."""
    return t("panel.coverage_years", lang, first=first, last=last, **updated(db, lang))


def updated(db: Path, lang: str) -> dict:
    """The date and number of the latest load, for captions."""
    status = cached.data_status(db)
    return {"date": fmt.date(status["loaded_at"], lang), "batch": status["batch_id"]}
