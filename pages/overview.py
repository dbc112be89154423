"""Tổng quan: a year's headline figures against the targets, the trend, xã by criteria band and
the district-level units ranked. Filters: year and district (sidebar)."""

from __future__ import annotations

import streamlit as st

from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts
from ui import cached, filters, panels, view_context

chosen = filters.current()
lang, year, district = chosen.lang, chosen.year, chosen.district
db = filters.data_db()

panels.stop_without_data(lang, year)

updated = panels.updated(db, lang)
scope = panels.scope_name(db, district, lang)
figures = cached.headline(db, year, district)
targets = cached.targets(db, year, district)


def card(column, label: str, value: str, measure: str, share: str | None = None, note: str | None = None) -> None:
    column.metric(t(label, lang), value, delta=share, delta_color="off", delta_arrow="off", border=True, help=note)
    for target in targets[targets["measure_code"] == measure].itertuples():
        column.caption(t("overview.target", lang, year=target.target_year, value=fmt.count(target.target_value, lang)))


st.header(t("overview.heading", lang, year=year, scope=scope))
view_context.chips(db, lang, year, scope)
st.caption(t("overview.data_note", lang, **updated))

total = figures["communes_total"]
# Two rows of cards: five in a row cut their labels short at a laptop's width.
columns = st.columns(3) + st.columns(3)[:2]
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
trend_chart = charts.Chart(
    charts.recognition_trend(trend, targets, lang, scope),
    charts.table(trend[charts.TREND_COLUMNS], lang),
    charts.targets_table(targets, lang),
)
panels.chart(
    trend_chart, panels.coverage_years(db, lang, int(trend["year"].min()), int(trend["year"].max())), "xu-huong", lang
)

left, right = st.columns(2)
with left:
    bands = cached.bands(db, year, district)
    panels.chart(
        charts.Chart(charts.criteria_bands(bands, lang, year, scope), charts.table(bands, lang)),
        panels.coverage(db, lang, year, district),
        "nhom-tieu-chi",
        lang,
    )
with right:
    ranked = cached.districts_ranked(db, year)
    panels.chart(
        charts.ranked(ranked, lang, year, district),
        panels.coverage(db, lang, year, None),
        "xep-hang-huyen",
        lang,
    )
