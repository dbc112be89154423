"""Plotly figures of the dashboard. They draw aggregates handed to them, never a xã's own rows.

Every figure has a title saying what it shows and for when. Colours come from one palette,
declared here, with one meaning per colour across the app.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ntm import formatting
from ntm.i18n import t

# Okabe–Ito: told apart with the common colour-vision deficiencies. A band of 19 criteria shares
# the NTM colour on purpose: meeting all criteria is what the NTM standard asks.
COLOURS = {
    "ntm": "#0072B2",
    "advanced": "#009E73",
    "model": "#CC79A7",
    "not_recognised": "#999999",
    "selected": "#000000",
    "19": "#0072B2",
    "15-18": "#56B4E9",
    "10-14": "#F0E442",
    "5-9": "#E69F00",
    "<5": "#D55E00",
}

# The recognition counts drawn on the trend: (column = measure code of its target, status).
TREND_SERIES = (("communes_ntm", "ntm"), ("communes_advanced", "advanced"), ("communes_model", "model"))
TREND_COLUMNS = ["year", *(column for column, _ in TREND_SERIES)]


def recognition_trend(trend: pd.DataFrame, targets: pd.DataFrame, lang: str, scope: str) -> go.Figure:
    """Xã holding each recognition per year, each target as a dashed line in its series' colour."""
    first, last = int(trend["year"].min()), int(trend["year"].max())
    figure = go.Figure()
    for column, status in TREND_SERIES:
        figure.add_scatter(
            x=trend["year"],
            y=trend[column],
            name=t(f"status.{status}", lang),
            mode="lines+markers",
            line={"color": COLOURS[status], "width": 3},
        )
        for target in targets[targets["measure_code"] == column].itertuples():
            figure.add_scatter(
                **_target_line(target, first),
                name=t(
                    "charts.target_line", lang, year=target.target_year, label=t(f"status.{status}", lang)
                ),
                mode="lines+markers",
                line={"color": COLOURS[status], "dash": "dash", "width": 2},
                marker={"symbol": "circle-open", "size": 9},
            )
    figure.update_xaxes(title=t("charts.year", lang), dtick=1, tickformat="d")
    _count_axis(figure, t("charts.communes", lang))
    return _finish(figure, t("charts.trend_title", lang, first=first, last=last, scope=scope), lang)


def criteria_bands(bands: pd.DataFrame, lang: str, year: int, scope: str) -> go.Figure:
    """Assessed xã per band of criteria met, in the reports' order (19 first)."""
    figure = go.Figure(
        go.Bar(
            x=[t(f"bands.{band}", lang) for band in bands["band"]],
            y=bands["communes"],
            marker_color=[COLOURS[band] for band in bands["band"]],
            text=bands["communes"],
            textposition="outside",
            showlegend=False,
        )
    )
    figure.update_xaxes(title=t("charts.criteria_met", lang))
    _count_axis(figure, t("charts.communes", lang))
    return _finish(figure, t("charts.bands_title", lang, year=year, scope=scope), lang)


def districts_ranked(districts: pd.DataFrame, lang: str, year: int, selected: str | None) -> go.Figure:
    """Share of xã meeting NTM per district-level unit, highest on top; colour says whether the
    unit itself is recognised; the district chosen in the filter is outlined and its name bold."""
    figure = go.Figure()
    for recognised, status, label in (
        (True, "ntm", "charts.district_recognised"),
        (False, "not_recognised", "charts.district_not_recognised"),
    ):
        rows = districts[districts["recognised"] == recognised]
        figure.add_bar(
            x=rows["share_ntm"],
            y=rows["district_name"],
            orientation="h",
            name=t(label, lang),
            marker={
                "color": COLOURS[status],
                "line": {
                    "color": COLOURS["selected"],
                    "width": [3 if code == selected else 0 for code in rows["district_code"]],
                },
            },
            text=[
                formatting.fraction(n, total, lang)
                for n, total in zip(rows["communes_ntm"], rows["communes_total"], strict=True)
            ],
            textposition="outside",
            customdata=[formatting.number(value, lang, 1) for value in rows["avg_criteria"]],
            hovertemplate=f"%{{y}}: %{{x:.1f}}% (%{{text}})<br>{t('columns.avg_criteria', lang)}: "
            "%{customdata}<extra></extra>",
        )
    names = list(reversed(districts["district_name"]))
    chosen = set(districts.loc[districts["district_code"] == selected, "district_name"])
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=names,
        tickvals=names,
        ticktext=[f"<b>{name}</b>" if name in chosen else name for name in names],
    )
    figure.update_xaxes(title=t("charts.share_ntm", lang), range=[0, 115], ticksuffix="%", dtick=20)
    figure.update_layout(height=120 + 28 * len(districts))
    return _finish(figure, t("charts.districts_title", lang, year=year), lang)


def table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The data behind a chart with its columns named in the reader's language."""
    return frame.rename(columns={column: t(f"columns.{column}", lang) for column in frame.columns})


def targets_table(targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The targets drawn on the trend, named in the reader's language (Vietnamese if not stored)."""
    name = f"name_{lang}" if f"name_{lang}" in targets else "name_vi"
    drawn = targets[targets["measure_code"].isin([column for column, _ in TREND_SERIES])]
    columns = ["measure", "base_year", "base_value", "target_year", "target_value"]
    return table(drawn.assign(measure=drawn[name])[columns], lang)


def _target_line(target: object, first_year: int) -> dict:
    # From the plan's base to its target where the base is known, else level at the target.
    if pd.notna(target.base_year) and pd.notna(target.base_value):
        return {"x": [target.base_year, target.target_year], "y": [target.base_value, target.target_value]}
    start = min(first_year, target.target_year)
    return {"x": [start, target.target_year], "y": [target.target_value, target.target_value]}


def _count_axis(figure: go.Figure, title: str) -> None:
    # Counts of xã are whole numbers: no 0,5 ticks, and a scale of a few xã when all are near zero.
    peak = max((max(trace.y, default=0) for trace in figure.data), default=0)
    figure.update_yaxes(title=title, rangemode="tozero", tickformat=",d", range=None if peak >= 5 else [0, 5])


def _finish(figure: go.Figure, title: str, lang: str) -> go.Figure:
    figure.update_layout(
        title={"text": title},
        separators=formatting.plotly_separators(lang),
        legend={"orientation": "h", "yanchor": "top", "y": -0.2},
        margin={"t": 60, "r": 20},
    )
    return figure
