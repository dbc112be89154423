"""Tổng quan: a year's headline figures against the targets, the trend, xã by criteria band and
the district-level units ranked. The figures are those of the year's criteria set (its levels, its
bands; "chưa rà soát" from 2026); the trend marks where the set and the units changed, and counts
recognitions one of two ways, labelled: by assessment year or by decision date ("tính đến 31/12";
the page's own choice, in the URL as ``counting``). Filters: year and scope (sidebar)."""

from __future__ import annotations

import streamlit as st

from analytics import overview
from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts
from ui import cached, filters, panels, view_context

chosen = filters.current()
lang, year, district = chosen.lang, chosen.year, chosen.district
db = filters.data_db()

panels.stop_without_data(lang, year)

scope = panels.scope_name(db, district, lang)
figures = cached.headline(db, year, district)
targets = cached.targets(db, year, district)
with_districts = cached.has_districts(db, year)
later_set = not cached.criteria_set(db, year)["first_set"]


def card(column, label: str, value: str, measure: str, share: str | None = None, note: str | None = None) -> None:
    column.metric(t(label, lang), value, delta=share, delta_color="off", delta_arrow="off", border=True, help=note)
    for target in targets[targets["measure_code"] == measure].itertuples():
        column.caption(t("overview.target", lang, year=target.target_year, value=fmt.count(target.target_value, lang)))


st.header(t("overview.heading", lang, year=year, scope=scope))
view_context.chips(db, lang, year, scope)
panels.criteria_set_note(db, lang, year)
panels.verdict_strip(db, lang, year, district)

total = figures["communes_total"]
levels = list(cached.levels(db, year)["measure_code"])
cards = len(levels) + int(with_districts) + int(later_set) + 1
# Rows of three cards: five in a row cut their labels short at a laptop's width.
columns = [column for row in range(0, cards, 3) for column in st.columns(3)[: min(3, cards - row)]]
for column, measure in zip(columns, levels, strict=False):
    card(
        column,
        f"overview.{measure}",
        fmt.fraction(figures[measure], total, lang),
        measure,
        share=fmt.percent(figures[measure], total, lang),
    )
others = iter(columns[len(levels) :])
if later_set:
    card(
        next(others),
        "overview.communes_not_reviewed",
        fmt.fraction(figures["communes_not_reviewed"], total, lang),
        "communes_not_reviewed",
        note=t("periods.communes_not_reviewed_help", lang, date=fmt.date(min(cached.unit_changes(db)), lang)),
    )
if with_districts:
    card(
        next(others),
        "overview.districts_recognised",
        fmt.fraction(figures["districts_recognised"], figures["districts_total"], lang),
        "districts_recognised",
        note=t("overview.districts_recognised_help", lang),
    )
card(
    next(others),
    "overview.avg_criteria",
    fmt.number(figures["avg_criteria"], lang, 1),
    "avg_criteria",
    note=t("overview.avg_criteria_help", lang),
)

counting = filters.page_choice(
    filters.COUNTING,
    overview.COUNTINGS,
    t("overview.counting", lang),
    lambda way: t(f"overview.counting_{way}", lang),
    help=t("overview.counting_help", lang),
)
trend = cached.trend_by(db, counting, district)
trend_chart = charts.Chart(
    charts.recognition_trend(trend, targets, lang, scope, charts.period_markers(trend, cached.unit_changes(db), lang)),
    charts.table(trend[charts.trend_columns(trend)], lang),
    charts.targets_table(targets, lang),
)
trend_coverage = panels.coverage_years(db, lang, int(trend["year"].min()), int(trend["year"].max()))
panels.chart(trend_chart, f"{trend_coverage} {t(f'overview.counted_{counting}', lang)}", "xu-huong", lang)

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
    if with_districts:
        panels.ranking(db, lang, year, district, panels.coverage(db, lang, year, None))
    else:
        st.info(t("periods.no_district_ranking", lang, year=year, date=fmt.date(min(cached.unit_changes(db)), lang)))
