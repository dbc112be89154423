"""Xã: one xã found by typing its name (any spelling the loader accepts) or chosen from the list of
the year's xã: its criteria over the years of the year's set, what it still lacks for NTM and for
the level above (nâng cao until 2025, the pilot "NTM hiện đại" from 2026), its recognition decisions
("chưa rà soát" for a new xã without one) and its sub-indicator values where loaded. A code names
the unit valid in the year chosen. Filters: year, scope, xã (sidebar)."""

from __future__ import annotations

import streamlit as st

from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts, tables
from ui import cached, filters, panels, view_context

db = filters.data_db()
start = filters.current()
filters.commune(start.lang, cached.communes(db, start.district, start.year))
chosen = filters.current()
lang, year, commune = chosen.lang, chosen.year, chosen.commune

panels.stop_without_data(lang, year)
if not commune:
    st.header(t("commune.title", lang))
    view_context.chips(db, lang, year, panels.scope_name(db, chosen.district, lang))
    filters.commune_search(lang, cached.units(db))
    st.info(t("commune.choose", lang))
    filters.stop(lang)

profile = cached.commune_profile(db, commune, year)
criteria = cached.criteria(db, year)
names = tables.criterion_names(criteria, lang)
province_name = cached.province(db, year)[f"name_{lang}"]
if profile["district_name"]:
    st.header(t("commune.heading", lang, name=profile["commune_name"], district=profile["district_name"]))
else:
    st.header(t("periods.commune_heading", lang, name=profile["commune_name"], province=province_name))
panels.criteria_set_note(db, lang, year)
view_context.chips(db, lang, year, profile["district_name"] or province_name)
filters.commune_search(lang, cached.units(db))

left, middle, right = st.columns(3)
left.metric(
    t("commune.criteria_met", lang, year=year),
    fmt.fraction(profile["criteria_met"], profile["criteria_count"], lang)
    if profile["criteria_met"] is not None
    else fmt.MISSING,
    border=True,
)
middle.metric(t("commune.recognition", lang, year=year), tables.recognition_name(profile, lang), border=True)
right.metric(t("commune.code", lang), profile["commune_code"], border=True)

st.subheader(t("commune.lacks_heading", lang))
for line in tables.commune_lacks(profile, names, cached.levels(db, year), year, lang):
    st.markdown(f"- {line}")

results = cached.commune_criteria(db, commune, year)
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
recognitions = cached.commune_recognitions(db, commune, year)
if recognitions.empty:
    st.info(t("commune.no_recognitions", lang))
else:
    panels.data(tables.recognitions_table(recognitions, lang), f"cong-nhan-xa-{commune}", lang)

st.subheader(t("commune.indicators_heading", lang))
indicators = cached.commune_indicators(db, commune, year)
if indicators.empty:
    st.info(t("commune.no_indicators", lang))
else:
    st.caption(t("commune.thresholds_note", lang))
    panels.data(tables.indicators_table(indicators, lang), f"chi-tieu-xa-{commune}", lang)
