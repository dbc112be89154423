"""Huyện: every district-level unit in the chosen year: xã meeting NTM (n/N), average criteria,
criteria bands, the unit's own recognition, and progress against its own targets where loaded;
ranked, and side by side in one table. A year after 30/6/2025 has no district level: the page says
so. Filters: year, district (highlighted) (sidebar)."""

from __future__ import annotations

import streamlit as st

from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts, tables
from ui import cached, filters, panels

db = filters.data_db()
chosen = filters.current()
lang, year, district = chosen.lang, chosen.year, chosen.district

panels.heading(db, "districts.heading", lang, year, None)
if not cached.has_districts(db, year):
    st.info(t("periods.no_district_ranking", lang, year=year, date=fmt.date(min(cached.unit_changes(db)), lang)))
    filters.stop(lang)
coverage = panels.coverage(db, lang, year, None)
targets = cached.district_target_progress(db, year)

st.subheader(t("districts.table_heading", lang))
panels.data(tables.district_table(cached.district_comparison(db, year), targets, lang), "so-sanh-huyen", lang)
st.caption(coverage)

left, right = st.columns(2)
with left:
    panels.ranking(db, lang, year, district, coverage)
with right:
    panels.chart(charts.district_bands(cached.district_bands(db, year), lang, year), coverage, "huyen-theo-nhom", lang)

st.subheader(t("districts.targets_heading", lang))
if targets.empty:
    st.info(t("districts.no_targets", lang))
else:
    panels.chart(
        charts.targets_by_unit(targets, lang, year), panels.coverage(db, lang, year, None), "muc-tieu-huyen", lang
    )
