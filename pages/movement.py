"""Phong trào thi đua: what the movement "Kiên Giang chung sức xây dựng nông thôn mới" mobilised
(by source, year and district, next to each district's NTM progress), whom it commended, and the
register of its exemplary models. Filters: year (the last year counted) and district (sidebar; the
movement was Kiên Giang's, so the former territory's scope is the whole of it); the models' search
is in the URL as ``q``."""

from __future__ import annotations

import streamlit as st

from analytics import is_district, movement
from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts
from presentation import movement_charts as mc
from ui import cached, filters, panels, view_context

chosen = filters.current()
lang, year = chosen.lang, chosen.year
district = chosen.district if is_district(chosen.district) else None
db = filters.data_db()
years = cached.wrap(movement.years)(db)
scope = panels.scope_name(db, chosen.district, lang)

st.header(t("movement.heading", lang, scope=scope))
view_context.chips(db, lang, year, scope)
if not years:
    st.info(t("movement.no_data", lang))
    filters.stop(lang)
first = years[0]
last = min(max(years), year) if year else max(years)
base_year = first - 1  # the year before the movement: where each district's NTM progress starts
if last >= first:
    st.caption(t("movement.scope_note", lang, first=first, last=last))


def chart(drawn: charts.Chart, name: str, caption: str | None = None) -> None:
    panels.figure(drawn.figure, name)
    if caption:
        st.caption(caption)
    with st.expander(t("movement.table", lang)):
        panels.data(drawn.table, name, lang)


resources, commendations, models = st.tabs(
    [t("movement.tab_resources", lang), t("movement.tab_commendations", lang), t("movement.tab_models", lang)]
)

with resources:
    if last < first:
        st.info(t("movement.before_movement", lang, year=year, first=first))
    else:
        totals = cached.wrap(movement.contribution_totals)(db, first, last, district)
        cards = st.columns(4)
        for column, key, value in (
            (cards[0], "money_total", mc.billion(totals["money"], lang)),
            (cards[1], "community_total", mc.billion(totals["community"], lang)),
            (cards[2], "land_total", fmt.number(totals["land"], lang)),
            (cards[3], "workdays_total", fmt.number(totals["workdays"], lang)),
        ):
            column.metric(
                t(f"movement.{key}", lang),
                value,
                border=True,
                help=t(f"movement.{key}_help", lang, first=first, last=last),
            )
        by_year = cached.wrap(movement.contributions_by_year)(db, district)
        chart(
            mc.sources_by_year(by_year[by_year["year"] <= last], lang, scope),
            "phong-trao-nguon-luc",
            t("movement.money_note", lang),
        )
        chart(
            mc.districts_with_progress(
                cached.wrap(movement.contributions_by_district)(db, first, last),
                cached.wrap(movement.ntm_progress)(db, base_year, last),
                lang,
                first,
                last,
                base_year,
                t("movement.province_level", lang),
                district,
            ),
            "phong-trao-theo-huyen",
            t("movement.districts_note", lang, base=base_year, year=last),
        )

with commendations:
    counts = cached.wrap(movement.commendation_counts)(db, last, district)
    if counts.empty:
        st.info(t("movement.no_commendations", lang))
    else:
        uncounted = int(counts["rows_uncounted"].sum())
        cards = st.columns(3)
        cards[0].metric(t("movement.recipients_total", lang), fmt.count(counts["recipients"].sum(), lang), border=True)
        cards[1].metric(t("movement.commendation_rows", lang), fmt.count(counts["rows"].sum(), lang), border=True)
        cards[2].metric(
            t("movement.rows_uncounted", lang),
            fmt.count(uncounted, lang),
            border=True,
            help=t("movement.rows_uncounted_help", lang),
        )
        chart(mc.commendations_by_year(counts, lang, scope), "phong-trao-khen-thuong")
        st.subheader(t("movement.forms_heading", lang))
        panels.data(
            mc.commendation_forms(cached.wrap(movement.commendation_forms)(db, last, district), lang),
            "khen-thuong-hinh-thuc",
            lang,
        )
        st.subheader(t("movement.list_heading", lang))
        listed = cached.wrap(movement.commendations)(db, last, district)
        panels.data(mc.commendation_list(listed, lang), "khen-thuong-danh-sach", lang)

with models:
    fields = cached.wrap(movement.model_fields)(db)
    names = dict(zip(fields["field_code"], charts.named(fields, lang), strict=True))
    search_column, field_column, replicated_column = st.columns([2, 2, 1])
    search = search_column.text_input(
        t("movement.model_search", lang),
        key=filters.SEARCH,
        bind="query-params",
        max_chars=filters.TEXT_CHARS,
        placeholder=t("movement.model_search_hint", lang),
    )
    filters.page_own(filters.SEARCH)
    wanted = field_column.multiselect(
        t("movement.model_fields", lang),
        list(names),
        format_func=names.get,
        placeholder=t("movement.model_fields_all", lang),
    )
    replicated = replicated_column.selectbox(
        t("movement.model_replicated", lang),
        [None, True, False],
        format_func=lambda v: t(f"movement.replicated_{v}".lower(), lang),
    )
    register = cached.wrap(movement.models)(db, district, search, tuple(wanted), replicated)
    st.caption(t("movement.models_count", lang, count=len(register)))
    panels.data(mc.model_register(register, lang), "mo-hinh-tieu-bieu", lang)
