"""Tổng quan: a year's headline figures against the targets, the trend, xã by criteria band and
the district-level units ranked. Filters: year and district (sidebar)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ntm import cached, charts, config, filters
from ntm import formatting as fmt
from ntm.i18n import t

chosen = filters.current()
lang, year, district = chosen.lang, chosen.year, chosen.district
db = config.db_path()

if year is None:
    st.info(t("overview.no_data", lang))
    st.code("python -m etl load data/sample/*.xlsx", language="bash")
    st.stop()

status = cached.data_status(db)
updated = {"date": fmt.date(status["loaded_at"], lang), "batch": status["batch_id"]}
scope = cached.districts(db)[district] if district else t("filters.whole_province", lang)
figures = cached.headline(db, year, district)
targets = cached.targets(db, year, district)


def card(
    column, label: str, value: str, measure: str, share: str | None = None, note: str | None = None
) -> None:
    column.metric(
        t(label, lang), value, delta=share, delta_color="off", delta_arrow="off", border=True, help=note
    )
    for target in targets[targets["measure_code"] == measure].itertuples():
        column.caption(
            t("overview.target", lang, year=target.target_year, value=fmt.count(target.target_value, lang))
        )


def chart(figure: go.Figure, caption: str, *tables: pd.DataFrame) -> None:
    st.plotly_chart(figure)
    st.caption(caption)
    with st.expander(t("overview.table", lang)):
        for frame in tables:
            st.dataframe(frame, hide_index=True)


def coverage(counts: dict) -> str:
    return t(
        "overview.coverage",
        lang,
        assessed=counts["communes_assessed"],
        total=counts["communes_total"],
        **updated,
    )


st.header(t("overview.heading", lang, year=year, scope=scope))
st.caption(t("overview.data_note", lang, **updated))

total = figures["communes_total"]
columns = st.columns(5)
for column, measure in zip(columns[:3], ("communes_ntm", "communes_advanced", "communes_model"), strict=True):
    card(
        column,
        f"overview.{measure}",
        fmt.fraction(figures[measure], total, lang),
        measure,
        share=fmt.percent(figures[measure], total, lang),
    )
card(
    columns[3],
    "overview.districts_recognised",
    fmt.fraction(figures["districts_recognised"], figures["districts_total"], lang),
    "districts_recognised",
    note=t("overview.districts_recognised_help", lang),
)
card(
    columns[4],
    "overview.avg_criteria",
    fmt.number(figures["avg_criteria"], lang, 1),
    "avg_criteria",
    note=t("overview.avg_criteria_help", lang),
)

trend = cached.trend(db, district)
chart(
    charts.recognition_trend(trend, targets, lang, scope),
    t("overview.trend_coverage", lang, first=trend["year"].min(), last=trend["year"].max(), **updated),
    charts.table(trend[charts.TREND_COLUMNS], lang),
    charts.targets_table(targets, lang),
)

left, right = st.columns(2)
with left:
    bands = cached.bands(db, year, district)
    chart(charts.criteria_bands(bands, lang, year, scope), coverage(figures), charts.table(bands, lang))
with right:
    ranked = cached.districts_ranked(db, year)
    province = cached.headline(db, year) if district else figures
    chart(
        charts.districts_ranked(ranked, lang, year, district), coverage(province), charts.table(ranked, lang)
    )
