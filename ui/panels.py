"""How the pages show a chart or a table: the figure, a caption with its coverage, and under it,
once opened, the data behind it as a table with CSV and XLSX downloads of exactly that table.
Every table a page shows goes through ``data()``, so every table can be downloaded.

Downloads are built when clicked (a callable), not on every rerun: a page has up to a dozen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from analytics.districts import RANK_MEASURES, separating_measure
from ntm import formatting as fmt
from ntm.i18n import t
from presentation import charts, exports, plotly_locale, table_display
from presentation import verdict_strip as verdict_strip_text
from presentation.charts import Chart
from presentation.charts import scope_name as named_scope
from ui import cached, filters, view_context

# Key of a chart's table expander: this prefix and the chart's name (whether it is open).
TABLE_KEY = "table-"


def chart(chart: Chart, caption: str, name: str, lang: str) -> None:
    """``chart``'s figure, ``caption``, and its tables with downloads named ``name``.csv/.xlsx
    (its target lines: ``name``-muc-tieu.csv/.xlsx), drawn once the reader opens them."""
    figure(chart.figure, name)
    st.caption(caption)
    chart_table(chart, name, lang)


def chart_table(chart: Chart, name: str, lang: str) -> None:
    """Under a chart, its tables with downloads named ``name``, drawn once the reader opens them."""
    # A closed table is not sent: a table in the page, even folded away, makes the browser load
    # and run the data grid's code (1.2 MB) before the charts can draw. Opening it reruns the page.
    with st.expander(t("panel.table", lang), key=f"{TABLE_KEY}{name}", on_change="rerun") as table:
        if not table.open:
            return
        data(chart.table, name, lang)
        if chart.targets is not None:
            data(chart.targets, f"{name}-muc-tieu", lang)


def figure(figure: object, name: str) -> None:
    """A Plotly figure whose PNG download is named ``name``.png (``name`` unique on the page), its
    toolbar's hints in the reader's language.

    Never with Streamlit's selection events: Streamlit gives a chart that reports selections
    Plotly's "pan" drag mode, which takes a swipe over it away from the page's scrolling, and a tap
    on a phone selects nothing there (Plotly's click needs a hover first). Tap-through is by plain
    elements instead (``ranking``'s buttons, ``data``'s rows)."""
    lang = filters.current().lang
    config = exports.png_config(name) | plotly_locale.locale_config(lang)
    st.plotly_chart(as_shown(figure, lang), key=f"chart-{name}", config=config)


def as_shown(figure: go.Figure, lang: str) -> go.Figure:
    """``figure`` as a page shows it: marked as sample data while the bundled sample is loaded."""
    return charts.sample_marked(figure, lang) if cached.data_status(filters.data_db())["sample_data"] else figure


def verdict_strip(db: Path, lang: str, year: int, district: str | None) -> None:
    """The strip a page opens with, before any chart (plain text: read before Plotly's script has
    loaded): each target of the scope with its verdict, gap, "% kế hoạch" and change since the year
    before, and the units that lag most, as buttons that open their pages."""
    scope = scope_name(db, district, lang)
    targets = cached.scope_targets(db, year, district)
    with st.container(border=True, key="verdict-strip"):
        st.markdown(f"**{t('verdict.heading', lang, scope=scope, year=year)}**")
        if targets.empty:
            st.caption(t("verdict.no_targets", lang, scope=scope, year=year))
        for verdict in verdict_strip_text.verdicts(targets, lang):
            st.markdown(verdict.markdown())
        lagging = cached.lagging_units(db, year, district)
        if not lagging.empty:
            # Buttons, not names: a tap opens the unit's page (its overview, or the xã's page).
            opens = filters.open_district if lagging["kind"].iloc[0] == "district" else filters.open_commune
            labels = verdict_strip_text.lagging_labels(lagging, lang)
            unit_buttons(t("verdict.lagging", lang), labels, OPEN_LAGGING, opens)


def ranking(db: Path, lang: str, year: int, district: str | None, caption: str) -> None:
    """The district-level units ranked by a measure the reader chooses (by default the one that
    separates them most), then the units as buttons, those lagging most first: a tap opens that
    unit's overview (a button, not the chart: see ``figure``)."""
    units = cached.units_to_rank(db, year)
    measure = st.segmented_control(
        t("ranking.measure", lang),
        list(RANK_MEASURES),
        default=separating_measure(units),
        required=True,
        format_func=lambda code: t(f"ranking.{code}", lang),
        help=t("ranking.measure_help", lang),
        key=f"rank-by-{year}",
    )
    chart(charts.ranked(units, lang, year, district, measure), caption, "xep-hang-huyen", lang)
    lagging_first = units.sort_values(measure, kind="stable")
    names = dict(zip(lagging_first["district_code"], lagging_first["district_name"], strict=True))
    unit_buttons(t("ranking.open_unit", lang), names, OPEN_DISTRICT, filters.open_district)


# The keys of the buttons that open a unit: the ranking's, and the verdict strip's lagging units.
OPEN_DISTRICT, OPEN_LAGGING = "open-district", "open-lagging"


def unit_buttons(label: str, units: dict[str, str], key: str, opens: Callable[[str], None]) -> None:
    """``units`` (code -> label) as a row of buttons, which wraps on a phone: a tap calls ``opens``
    with the unit's code (``filters.open_district``, ``open_commune``)."""
    st.pills(label, list(units), format_func=units.get, key=key, on_change=_unit_tapped, args=(key, opens))


def _unit_tapped(key: str, opens: Callable[[str], None]) -> None:
    code = st.session_state.get(key)
    st.session_state[key] = None  # not shown as chosen on the page it opens
    if code:
        opens(code)


def data(
    table: pd.DataFrame | Styler,
    name: str,
    lang: str,
    key: str | None = None,
    height: int | str = "auto",
    tap: tuple[Sequence[str], Callable[[str], None]] | None = None,
) -> None:
    """A table (or its coloured Styler) and its downloads; ``name`` names the files and, unless
    ``key`` is given (when the name may repeat, as an uploaded file's), the buttons: unique on the
    page. Rows named by the index (a matrix's agencies) keep their names, on screen and in the files.
    ``tap``: (a code per row, a function) — tapping a row calls the function with its row's code."""
    frame = table.data if isinstance(table, Styler) else table
    named_rows = frame.index.name is not None
    if tap is None:
        shown(table, lang, height=height, hide_index=not named_rows)
    else:
        codes, on_tap = list(tap[0]), tap[1]
        rows_key = f"rows-{key or name}"
        selection = {"key": rows_key, "on_select": lambda: _row_tapped(rows_key, codes, on_tap)}
        shown(table, lang, height=height, hide_index=not named_rows, selection=selection)
        st.caption(t("ranking.tap_row_hint", lang))
    downloads(frame.reset_index() if named_rows else frame, name, lang, key or name)


def _row_tapped(key: str, codes: list[str], on_tap: Callable[[str], None]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        on_tap(str(codes[rows[0]]))


def shown(
    table: pd.DataFrame | Styler,
    lang: str,
    height: int | str = "auto",
    hide_index: bool = True,
    selection: dict | None = None,
) -> None:
    """A table on screen as the cards read (``presentation.table_display``): the reader's number and
    date formats, "–" for no value, codes hidden until the reader shows them (the grid's eye icon).
    ``selection``: the key and callback of a table whose rows can be tapped (one at a time)."""
    frame = table.data if isinstance(table, Styler) else table
    tapped = {**selection, "selection_mode": "single-row"} if selection else {}
    st.dataframe(
        table_display.styled(table, lang),
        hide_index=hide_index,
        height=height,
        column_config=dict.fromkeys(table_display.codes(frame, lang)),
        placeholder=fmt.MISSING,
        **tapped,
    )


def downloads(table: pd.DataFrame, name: str, lang: str, key: str) -> None:
    left, right = st.columns(2)
    left.download_button(
        t("panel.csv", lang),
        data=lambda: exports.csv_bytes(table),
        file_name=f"{name}.csv",
        mime=exports.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=f"csv-{key}",
    )
    right.download_button(
        t("panel.xlsx", lang),
        data=lambda: exports.xlsx_bytes(table),
        file_name=f"{name}.xlsx",
        mime=exports.XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=f"xlsx-{key}",
    )


def scope_name(db: Path, scope: str | None, lang: str) -> str:
    """The chosen scope's name: a district's, "Địa bàn tỉnh Kiên Giang (cũ)", or "Toàn tỉnh"."""
    return named_scope(scope, cached.districts(db).get(scope), lang)


def criteria_set_note(db: Path, lang: str, year: int | None) -> None:
    """Under a heading, for a year assessed against a later set than the first (2026 on): which
    province, criteria set and units its figures speak of, and that đặc khu are not counted."""
    chosen = cached.criteria_set(db, year)
    if year is None or chosen["first_set"] in (None, True):
        return
    province = cached.province(db, year)
    st.caption(
        t(
            "periods.criteria_set_note",
            lang,
            year=year,
            province=province[f"name_{lang}"] or province["name_vi"],
            set_name=chosen[f"name_{lang}"] or chosen["name_vi"],
            decision=chosen["decision"],
            count=chosen["criteria_count"],
            units_on=fmt.date(chosen["units_on"], lang),
        )
        + " "
        + t("periods.dac_khu_note", lang)
    )


def stop_without_data(lang: str, year: int | None) -> None:
    """Before anything is loaded there is no year: say how to load data and stop the page."""
    if year is None:
        st.info(t("overview.no_data", lang))
        st.code("python -m etl load data/sample/*.xlsx", language="bash")
        filters.stop(lang)


def heading(db: Path, key: str, lang: str, year: int | None, district: str | None) -> str:
    """Draw the page's heading ``key`` for the year and scope (with the year's number of criteria),
    or, when that year has no criteria results there, say so and stop the page. Returns the scope's name."""
    stop_without_data(lang, year)
    scope = scope_name(db, district, lang)
    figures = cached.headline(db, year, district)
    st.header(t(key, lang, year=year, scope=scope, criteria_count=figures["criteria_count"]))
    criteria_set_note(db, lang, year)
    # The district chosen, even on a page of all of them.
    view_context.chips(db, lang, year, scope_name(db, filters.current().district, lang))
    if not figures["communes_assessed"]:
        st.info(t("criterion.no_results", lang, year=year, scope=scope))
        filters.stop(lang)
    verdict_strip(db, lang, year, district)
    return scope


def coverage(db: Path, lang: str, year: int, district: str | None) -> str:
    """Which data a chart of one year rests on: "Dữ liệu của 112/116 xã, cập nhật 15/12/2024, đợt cập nhật số 12."."""
    counts = cached.headline(db, year, district)
    return t(
        "panel.coverage",
        lang,
        assessed=counts["communes_assessed"],
        total=counts["communes_total"],
        **updated(db, lang),
    )


def coverage_years(db: Path, lang: str, first: int, last: int) -> str:
    """Which data a chart over several years rests on ("2026–2026" said as one year: the first of a set)."""
    if first == last:
        return t("panel.coverage_one_year", lang, year=first, **updated(db, lang))
    return t("panel.coverage_years", lang, first=first, last=last, **updated(db, lang))


def updated(db: Path, lang: str) -> dict:
    """The date and number of the latest load, for captions."""
    status = cached.data_status(db)
    return {"date": fmt.date(status["loaded_at"], lang), "batch": status["batch_id"]}
