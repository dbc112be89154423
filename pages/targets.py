"""Mục tiêu: every target of the year's period (2025's plan until 2025, the 2030 targets from 2026)
of the province, the nation (benchmarks, compared with the province's values) and the districts,
with its base, latest value and target, its progress status (Open SDG's method, analytics/progress.py)
and, in plain numbers, what is still needed per year and where the current pace lands. Filters:
year (data up to it), scope (only that scope's targets) (sidebar)."""

from __future__ import annotations

import streamlit as st

from analytics import NATIONAL, PROVINCE, is_district, progress
from ntm.i18n import t
from presentation import charts, tables
from ui import cached, filters, panels

db = filters.data_db()
chosen = filters.current()
lang, year, district = chosen.lang, chosen.year, chosen.district
panels.stop_without_data(lang, year)
scope = panels.scope_name(db, district, lang)

st.header(t("targets.heading", lang, year=year, scope=scope))
panels.criteria_set_note(db, lang, year)
assessed = cached.scope_target_progress(db, year, district)
if assessed.empty:
    st.info(t("targets.no_targets", lang, scope=scope))
    filters.stop(lang)
coverage = t("targets.coverage", lang, year=year, **panels.updated(db, lang))

counts = assessed["status"].value_counts()
# Only the statuses that occur: an ended period shows its verdicts, not empty running statuses.
shown = [status for status in progress.STATUSES if counts.get(status, 0)]
for column, status in zip(st.columns(len(shown)), shown, strict=True):
    column.metric(t(f"progress.{status}", lang), int(counts[status]), border=True)

st.subheader(t("targets.off_track_heading", lang))
off_track = tables.off_track(assessed, lang)
st.markdown("\n".join(f"- {line}" for line in off_track) or t("targets.none_off_track", lang))

st.subheader(t("targets.table_heading", lang))
panels.data(tables.progress_table(assessed, lang), "muc-tieu", lang)
st.caption(coverage)
with st.expander(t("targets.method_heading", lang)):
    st.markdown(t("targets.method", lang))

own = assessed[assessed["scope_code"].isin([district] if district else [PROVINCE, NATIONAL])]
if not own.empty:
    panels.chart(
        charts.target_trajectories(own, cached.target_series(db, year), lang, year, scope),
        coverage,
        "lo-trinh-muc-tieu",
        lang,
    )
units = assessed[assessed["scope_code"].map(is_district)]
if not district and not units.empty:
    panels.chart(charts.targets_by_unit(units, lang, year), coverage, "muc-tieu-cac-huyen", lang)
