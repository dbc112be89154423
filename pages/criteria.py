"""Tiêu chí: for the chosen year and district, the share of xã meeting each criterion with the
bottlenecks named, each criterion over the years (the chosen one with its target), the criteria
recognised xã lose on re-checks, and xã (one district) or districts (the province) against the
criteria. Filters: year, district, criterion (sidebar)."""

from __future__ import annotations

import streamlit as st

from ntm.i18n import t
from presentation import charts, tables
from ui import cached, filters, panels

db, chosen, criteria, labels = filters.with_criterion()
lang, year, district, criterion = chosen.lang, chosen.year, chosen.district, chosen.criterion
scope = panels.heading(db, "criteria.heading", lang, year, district)
coverage = panels.coverage(db, lang, year, district)

shares = cached.criterion_shares(db, year, district)
st.markdown(t("criteria.bottlenecks", lang, year=year))
st.markdown("\n".join(f"1. {line}" for line in tables.bottlenecks(shares, lang)) or t("criteria.no_bottleneck", lang))
panels.chart(charts.criterion_shares(shares, lang, year, scope, criterion), coverage, "ty-le-dat-tieu-chi", lang)

trend = cached.criterion_trend(db, district)
years = (int(trend["year"].min()), int(trend["year"].max()))
trend_coverage = panels.coverage_years(db, lang, *years)
panels.chart(charts.criterion_year_grid(trend, lang, scope), trend_coverage, "tieu-chi-qua-cac-nam", lang)
if criterion:
    label = labels[criterion]
    panels.chart(
        charts.criterion_history(
            cached.criterion_trend(db, district, criterion),
            cached.criterion_targets(db, criterion, district),
            lang,
            scope,
            label,
        ),
        trend_coverage,
        f"tieu-chi-{criterion}",
        lang,
    )
else:
    st.caption(t("criteria.choose_criterion", lang))

st.subheader(t("criteria.lost_heading", lang, year=year))
lost = cached.criteria_lost(db, year, district)
if lost.empty:
    st.info(t("criteria.nothing_lost", lang, year=year, scope=scope))
else:
    losing = cached.communes_losing_criteria(db, year, district)
    st.markdown(t("criteria.lost_summary", lang, count=len(losing), year=year))
    panels.chart(charts.criteria_lost(lost, lang, year, scope), coverage, "tieu-chi-bi-mat", lang)
    with st.expander(t("criteria.lost_communes", lang, count=len(losing))):
        panels.data(tables.losing_table(losing, criteria, lang), "xa-mat-tieu-chi", lang)

if district:
    panels.chart(
        charts.commune_grid(cached.commune_grid(db, year, district), lang, year, scope),
        coverage,
        "xa-theo-tieu-chi",
        lang,
    )
else:
    grid = cached.district_criterion_grid(db, year)
    panels.chart(charts.district_criterion_grid(grid, lang, year), coverage, "huyen-theo-tieu-chi", lang)
    st.caption(t("criteria.choose_district", lang))
