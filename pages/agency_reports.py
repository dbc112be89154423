"""Báo cáo cơ quan: whether each agency reported on the tasks directives gave it — completeness and
timeliness as DHIS2 defines them, overdue and late reports with their days, an agency × task
status matrix, the task register, and any report opened to its figures and text. It is the
province's register: the sidebar's year and district do not filter it (the page says so); an
agency's rates say what became of it when it left office, and requests stay outside the rates.

In the URL: ``directive`` (a directive's code), ``window`` (a year, half or quarter as shown:
2024, H1/2024, Q3/2024; absent for all periods), ``as_of`` (yyyy-mm-dd, default today) and
``grace`` (days after a period's end, default 15)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import agency_reports
from ntm import formatting as fmt
from ntm import periods
from ntm.i18n import t
from presentation import agency_tables, table_display
from ui import cached, filters, panels, view_context

lang = filters.current().lang
db = filters.data_db()

st.header(t("agencies.heading", lang))
# The province's register, whatever the sidebar's year and district.
view_context.chips(db, lang, None, panels.scope_name(db, None, lang))
st.caption(t("agencies_over_time.province_register", lang))
span = cached.wrap(agency_reports.reporting_years)(db)
if span is None:
    st.info(t("agencies.no_data", lang))
    filters.stop(lang)

directives = cached.wrap(agency_reports.directives)(db)
windows = periods.window_choices(*span)
today = dt.date.today()
as_of_range = (today - agency_reports.AS_OF_SPAN, today + agency_reports.AS_OF_SPAN)
# A link's value that these choices cannot take is dropped with a notice, not silently.
filters.drop_unless(filters.DIRECTIVE, set(directives["directive_code"]).__contains__, lang)
filters.drop_unless(filters.WINDOW, {agency_reports.ALL, *windows}.__contains__, lang)
filters.drop_unless(filters.AS_OF, lambda day: as_of_range[0] <= dt.date.fromisoformat(day) <= as_of_range[1], lang)
filters.drop_unless(filters.GRACE, lambda days: int(days) <= agency_reports.MAX_GRACE_DAYS, lang)
controls = st.columns([3, 1.2, 1.2, 1])
# Options are shown (and kept in the URL) as the directive's code, the same in every language.
directive = controls[0].selectbox(
    t("agencies.directive", lang),
    ["", *directives["directive_code"]],
    key=filters.DIRECTIVE,
    bind="query-params",
    format_func=lambda code: code or t("agencies.all_directives", lang),
)
window = controls[1].selectbox(
    t("agencies.window", lang),
    [agency_reports.ALL, *windows],
    key=filters.WINDOW,
    bind="query-params",
    format_func=lambda code: (
        t("agencies.window_all", lang) if code == agency_reports.ALL else periods.Period.from_code(code).label
    ),
)
as_of = controls[2].date_input(
    t("agencies.as_of", lang),
    value=today,
    min_value=as_of_range[0],
    max_value=as_of_range[1],
    key=filters.AS_OF,
    bind="query-params",
    format="DD/MM/YYYY",
)
grace = controls[3].number_input(
    t("agencies.grace", lang),
    min_value=0,
    max_value=agency_reports.MAX_GRACE_DAYS,
    value=agency_reports.DEFAULT_GRACE_DAYS,
    step=1,
    key=filters.GRACE,
    bind="query-params",
    help=t("agencies.grace_help", lang),
)
filters.page_own(filters.DIRECTIVE, filters.WINDOW, filters.AS_OF, filters.GRACE)
if directive:
    st.caption(agency_tables.directive_note(directives[directives["directive_code"] == directive].iloc[0], lang))
with st.expander(t("agencies.definitions_title", lang)):
    st.markdown(t("agencies.definitions", lang, grace=grace))
    st.markdown(t("agencies_over_time.definitions", lang))

chosen = directive or None
status = cached.wrap(agency_reports.status)(db, window, as_of, int(grace), chosen)
tasks = cached.wrap(agency_reports.tasks)(db, chosen)
every_agency = cached.wrap(agency_reports.agencies)(db)
agency_names = agency_tables.agency_names(every_agency, lang)
changes = agency_tables.change_labels(cached.wrap(agency_reports.successions)(db), every_agency, lang)
several = tasks["directive_code"].nunique() > 1
task_labels = {
    (d, n): agency_tables.task_label(d, n, lang, several)
    for d, n in zip(tasks["directive_code"], tasks["task_no"], strict=True)
}

total = status.rates([]).iloc[0]
overdue = status.overdue()
missing = int(overdue["received_on"].isna().sum())
cards = st.columns(5)
cards[0].metric(
    t("agencies.expected", lang),
    fmt.count(total["expected"], lang),
    border=True,
    help=t("agencies.expected_help", lang),
)
cards[1].metric(
    t("agencies.actual", lang),
    fmt.count(total["actual"], lang),
    border=True,
    delta=t("agencies.completeness_value", lang, value=fmt.percent(total["completeness"], 1, lang)),
    delta_color="off",
    delta_arrow="off",
)
cards[2].metric(
    t("agencies.on_time", lang),
    fmt.count(total["on_time"], lang),
    border=True,
    delta=t("agencies.timeliness_value", lang, value=fmt.percent(total["timeliness"], 1, lang)),
    delta_color="off",
    delta_arrow="off",
)
cards[3].metric(t("agencies.missing_count", lang), fmt.count(missing, lang), border=True)
cards[4].metric(t("agencies.late_count", lang), fmt.count(len(overdue) - missing, lang), border=True)
st.caption(t("agencies.as_of_note", lang, date=fmt.date(as_of, lang), grace=grace))
requests = int((tasks["task_kind"] == agency_tables.REQUEST).sum())
if requests:
    st.caption(t("agencies_over_time.requests_note", lang, count=fmt.count(requests, lang)))

st.subheader(t("agencies.overdue_heading", lang))
if overdue.empty:
    st.success(t("agencies.nothing_overdue", lang))
else:
    panels.data(agency_tables.overdue_table(overdue, agency_names, task_labels, lang), "bao-cao-qua-han", lang)

by_agency, by_period, matrix, register, reader = st.tabs(
    [
        t("agencies.tab_agencies", lang),
        t("agencies.tab_periods", lang),
        t("agencies.tab_matrix", lang),
        t("agencies.tab_tasks", lang),
        t("agencies.tab_reports", lang),
    ]
)
with by_agency:
    rates = status.by_agency()
    drawn = agency_tables.rates_by(
        rates,
        list(rates["agency_code"].map(agency_names)),
        lang,
        t("agencies.by_agency_title", lang),
        horizontal=True,
        changes=[changes.get(code, "") for code in rates["agency_code"]],
    )
    panels.figure(drawn.figure, "bao-cao-theo-co-quan")
    panels.data(drawn.table, "bao-cao-theo-co-quan", lang)
with by_period:
    rates = status.rates(["period_code"])
    rates = rates.assign(
        end=[periods.Period.from_code(c).end if c != periods.ONCE else dt.date.max for c in rates["period_code"]]
    ).sort_values("end")
    labels = [agency_tables.period_label(c, lang) for c in rates["period_code"]]
    drawn = agency_tables.rates_by(rates, labels, lang, t("agencies.by_period_title", lang), horizontal=False)
    panels.figure(drawn.figure, "bao-cao-theo-ky")
    panels.data(drawn.table, "bao-cao-theo-ky", lang)
with matrix:
    st.caption(t("agencies.matrix_note", lang))
    panels.data(
        agency_tables.status_matrix(status.latest(), agency_names, task_labels, lang),
        "ma-tran-tinh-trang",
        lang,
        height=600,
    )
with register:
    panels.data(agency_tables.task_register(tasks, task_labels, status.latest(), lang), "nhiem-vu", lang)
with reader:
    received = cached.wrap(agency_reports.reports)(db, chosen)
    if received.empty:
        st.info(t("agencies.no_reports", lang))
    else:
        with st.expander(t("agencies.reports_table", lang, count=len(received))):
            panels.data(agency_tables.reports_table(received, agency_names, task_labels, lang), "bao-cao-da-nhan", lang)
        listed = agency_tables.report_choices(received, agency_names, task_labels, lang)
        choices = dict(zip(received.index, listed, strict=True))
        picked = st.selectbox(t("agencies.pick_report", lang), received.index, format_func=lambda i: choices[i])
        report = received.loc[picked]
        st.markdown(
            f"**{agency_names[report['agency_code']]}** · "
            f"{task_labels.get((report['directive_code'], report['task_no']), report['task_no'])}"
        )
        st.caption(agency_tables.report_meta(report, lang))
        figures = agency_tables.report_figures(report, lang)
        for column, (label, value) in zip(st.columns(max(len(figures), 1)), figures, strict=False):
            column.metric(label, value, border=True)
        summary = report["summary"]
        written = isinstance(summary, str)
        st.markdown(f"> {table_display.as_written(summary, lang)}" if written else t("agencies.no_text", lang))
