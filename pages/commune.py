"""Xã: one xã found by typing its name (any spelling the loader accepts) or chosen from the list:
its criteria over the years, what it still lacks for NTM and for nâng cao, its recognition
decisions and its sub-indicator values where loaded. Filters: year, district, xã (sidebar)."""

from __future__ import annotations

import streamlit as st

from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts, tables
from ui import cached, filters, panels, view_context

db = filters.data_db()
start = filters.current()
filters.commune(start.lang, cached.communes(db, start.district), cached.units(db))
chosen = filters.current()
lang, year, commune = chosen.lang, chosen.year, chosen.commune

panels.stop_without_data(lang, year)
if not commune:
    st.header(t("commune.title", lang))
    view_context.chips(db, lang, year, view_context.scope_name(db, chosen.district, lang))
    st.info(t("commune.choose", lang))
    filters.stop(lang)

profile = cached.commune_profile(db, commune, year)
criteria = cached.criteria(db)
names = tables.criterion_names(criteria, lang)
st.header(t("commune.heading", lang, name=profile["commune_name"], district=profile["district_name"]))
view_context.chips(db, lang, year, profile["district_name"])

left, middle, right = st.columns(3)
left.metric(
    t("commune.criteria_met", lang, year=year),
    fmt.fraction(profile["criteria_met"], len(criteria), lang) if profile["criteria_met"] is not None else fmt.MISSING,
    border=True,
)
middle.metric(
    t("commune.recognition", lang, year=year), tables.recognition_name(profile["recognition_rank"], lang), border=True
)
right.metric(t("commune.code", lang), profile["commune_code"], border=True)

st.subheader(t("commune.lacks_heading", lang))
for line in tables.commune_lacks(profile, names, year, lang):
    st.markdown(f"- {line}")

results = cached.commune_criteria(db, commune)
if results.empty:
    st.info(t("commune.no_results", lang))
else:
    first, last = int(results["year"].min()), int(results["year"].max())
    panels.chart(
        charts.commune_years_grid(results, lang, profile["commune_name"]),
        panels.coverage_years(db, lang, first, last),
        f"tieu-chi-xa-{commune}",
        lang,
    )

st.subheader(t("commune.recognitions_heading", lang))
recognitions = cached.commune_recognitions(db, commune)
if recognitions.empty:
    st.info(t("commune.no_recognitions", lang))
else:
    panels.data(tables.recognitions_table(recognitions, lang), f"cong-nhan-xa-{commune}", lang)

st.subheader(t("commune.indicators_heading", lang))
indicators = cached.commune_indicators(db, commune)
if indicators.empty:
    st.info(t("commune.no_indicators", lang))
else:
    st.caption(t("commune.thresholds_note", lang))
    panels.data(tables.indicators_table(indicators, lang), f"chi-tieu-xa-{commune}", lang)
