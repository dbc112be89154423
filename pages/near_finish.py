"""Sắp về đích: the xã missing one or two criteria in the chosen year, with which ones, grouped by
district — the list a leader acts on — and, apart, the recognised xã that must close a gap found on
a re-check to keep the standard. Filters: year, district, criterion (only xã missing it) (sidebar)."""

from __future__ import annotations

import streamlit as st

from ntm.i18n import t
from presentation import charts, tables
from ui import cached, filters, panels

db, chosen, criteria, labels = filters.with_criterion()
lang, year, district, criterion = chosen.lang, chosen.year, chosen.district, chosen.criterion
scope = panels.heading(db, "near_finish.heading", lang, year, district)
if criterion:
    st.caption(t("near_finish.only_criterion", lang, criterion=labels[criterion]))
coverage = panels.coverage(db, lang, year, district)

near = cached.near_finish(db, year, district, criterion)
finishing, keeping = near[~near["recognised"]], near[near["recognised"]]
one, two, short = st.columns(3)
one.metric(t("near_finish.missing_one", lang), int((finishing["criteria_missing"] == 1).sum()), border=True)
two.metric(t("near_finish.missing_two", lang), int((finishing["criteria_missing"] == 2).sum()), border=True)
short.metric(t("near_finish.recognised_short", lang), len(keeping), border=True)

st.subheader(t("near_finish.list_heading", lang))
if finishing.empty:
    st.info(t("near_finish.none", lang, year=year, scope=scope))
else:
    panels.data(
        tables.near_finish_table(finishing, criteria, lang),
        "xa-sap-ve-dich",
        lang,
        tap=(finishing["commune_code"], filters.open_commune),
    )
    st.caption(coverage)
    by_district = cached.near_finish_by_district(db, year, district, criterion)
    panels.chart(charts.near_finish_by_district(by_district, lang, year, scope), coverage, "sap-ve-dich-huyen", lang)
    missed = cached.near_finish_criteria(db, year, district, criterion)
    panels.chart(charts.near_finish_criteria(missed, lang, year, scope), coverage, "sap-ve-dich-tieu-chi", lang)

st.subheader(t("near_finish.keeping_heading", lang))
if keeping.empty:
    st.info(t("near_finish.none_keeping", lang, year=year, scope=scope))
else:
    st.caption(t("near_finish.keeping_note", lang))
    panels.data(
        tables.near_finish_table(keeping, criteria, lang),
        "xa-can-giu-chuan",
        lang,
        tap=(keeping["commune_code"], filters.open_commune),
    )
