"""Plotly figures of the dashboard. They draw aggregates handed to them, never a xã's own rows.

Every figure has a title saying what it shows and for when. Colours come from one palette,
declared here, with one meaning per colour across the app.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics import FORMER_KIEN_GIANG, NATIONAL, progress
from analytics.criteria import GRID_ROWS
from ntm import formatting
from ntm.i18n import DEFAULT_LANGUAGE, catalogue, t

# Okabe–Ito: told apart with the common colour-vision deficiencies.
COLOURS = {
    "ntm": "#0072B2",
    "advanced": "#009E73",
    "model": "#CC79A7",
    "modern": "#009E73",
    "not_recognised": "#999999",
    "selected": "#000000",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    # A criterion met or not, a target's verdict (met, missed), and a target drawn as a line mark.
    "met": "#0072B2",
    "not_met": "#D55E00",
    "missed": "#D55E00",
    "target": "#000000",
    # Progress toward a running target, on the same scale as the bands: blue at the goal, vermillion
    # going backwards, grey when it cannot be judged.
    "achieved": "#0072B2",
    "on_track": "#56B4E9",
    "accelerate": "#F0E442",
    "slow": "#E69F00",
    "regress": "#D55E00",
    "insufficient": "#999999",
    # Xã near the finish: one criterion missing, or two.
    "missing_1": "#56B4E9",
    "missing_2": "#F0E442",
}
# The bands of a criteria set, best first: the top band (every criterion met) shares the NTM colour
# on purpose, as meeting all criteria is what the standard asks; the lowest band is vermillion.
BAND_COLOURS = tuple(COLOURS[name] for name in ("ntm", "sky_blue", "yellow", "orange"))
LOWEST_BAND_COLOUR = COLOURS["vermillion"]


def band_colours(bands: list[str]) -> dict[str, str]:
    """Each band of a set (best first) -> its colour."""
    colours = [*BAND_COLOURS[: len(bands) - 1], LOWEST_BAND_COLOUR]
    return dict(zip(bands, colours, strict=False))


def band_label(band: str, lang: str) -> str:
    """A band named by its range (criteria_band.band) as the reports write it: "19 tiêu chí" (all
    of them), "15–18", "Dưới 5"."""
    if band.startswith("<"):
        return t("bands.below", lang, n=band.removeprefix("<"))
    if "-" in band:
        return band.replace("-", "–")
    return t("bands.all", lang, n=band)


@dataclass(frozen=True)
class Chart:
    """A figure and the data behind it, columns named in the reader's language: the table view
    and the downloads show exactly these tables."""

    figure: go.Figure
    table: pd.DataFrame
    targets: pd.DataFrame | None = None  # the target lines drawn on the figure, if any


# The recognition counts drawn on the trend: (column = measure code of its target, status); the
# 2026–2030 pilot level once the trend reaches that set (trend_series).
TREND_SERIES = (("communes_ntm", "ntm"), ("communes_advanced", "advanced"), ("communes_model", "model"))
LATER_SERIES = (("communes_ntm_modern", "modern"),)
# A measure drawn in the colour of its recognition; the others in black.
MEASURE_COLOURS = {column: COLOURS[status] for column, status in TREND_SERIES + LATER_SERIES}


def trend_series(trend: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """The series the trend draws: the 2021–2025 levels, and the later sets' once it reaches them."""
    later = trend["criteria_set"].nunique() > 1 or trend["communes_ntm_modern"].any()
    return TREND_SERIES + (LATER_SERIES if later else ())


def trend_columns(trend: pd.DataFrame) -> list[str]:
    """The columns of the trend's table: the year and the series drawn."""
    return ["year", *(column for column, _ in trend_series(trend))]


def period_markers(trend: pd.DataFrame, unit_changes: list[dt.date], lang: str) -> list[tuple[float, str]]:
    """Where the ground of the trend changes, as (place on the year axis, label): a rearrangement of
    the units (between the year it took effect and the next, or before the year it opened) and the
    first year of a criteria set; one mark holds both when they fall between the same two years."""
    years = list(trend["year"])
    found: dict[float, list[str]] = {}
    for day in unit_changes:
        place = day.year - 0.5 if (day.month, day.day) == (1, 1) else day.year + 0.5
        if years and years[0] < place < years[-1]:
            found.setdefault(place, []).append(t("periods.marker_units", lang, date=formatting.date(day, lang)))
    for before, after in zip(trend.itertuples(), trend.iloc[1:].itertuples(), strict=False):
        if after.criteria_set != before.criteria_set:
            label = t("periods.marker_set", lang, year=after.year, count=after.criteria_count)
            found.setdefault(after.year - 0.5, []).append(label)
    return [(place, " · ".join(labels)) for place, labels in sorted(found.items())]


# Units of measures that count things (drawn from zero, whole ticks); others (an average) are not.
COUNT_UNITS = ("communes", "districts")


def recognition_trend(
    trend: pd.DataFrame,
    targets: pd.DataFrame,
    lang: str,
    scope: str,
    markers: list[tuple[float, str]] = (),
) -> go.Figure:
    """Xã holding each recognition per year, each target as a dashed line in its series' colour, and
    ``markers`` (``period_markers``) as dotted vertical lines with their labels."""
    first, last = int(trend["year"].min()), int(trend["year"].max())
    figure = go.Figure()
    for place, label in markers:
        figure.add_vline(
            x=place,
            line={"color": COLOURS["selected"], "dash": "dot", "width": 1},
            annotation_text=label,
            annotation_position="top left",
        )
    for column, status in trend_series(trend):
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
                name=t("charts.target_line", lang, year=target.target_year, label=t(f"status.{status}", lang)),
                mode="lines+markers",
                line={"color": COLOURS[status], "dash": "dash", "width": 2},
                marker={"symbol": "circle-open", "size": 9},
            )
    figure.update_xaxes(title=t("charts.year", lang), dtick=1, tickformat="d")
    _count_axis(figure, t("charts.communes", lang))
    return finish(figure, t("charts.trend_title", lang, first=first, last=last, scope=scope), lang)


def criteria_bands(bands: pd.DataFrame, lang: str, year: int, scope: str) -> go.Figure:
    """Assessed xã per band of criteria met, in the reports' order (all criteria first)."""
    colours = band_colours(list(bands["band"]))
    figure = go.Figure(
        go.Bar(
            x=[band_label(band, lang) for band in bands["band"]],
            y=bands["communes"],
            marker_color=[colours[band] for band in bands["band"]],
            text=bands["communes"],
            textposition="outside",
            showlegend=False,
        )
    )
    figure.update_xaxes(title=t("charts.criteria_met", lang))
    _count_axis(figure, t("charts.communes", lang))
    return finish(figure, t("charts.bands_title", lang, year=year, scope=scope), lang)


# What each ranking measure's bar is labelled with: the xã behind a share (n/N), or none (an average).
_RANK_FRACTIONS = {
    "share_ntm": ("communes_ntm", "communes_total"),
    "share_advanced": ("communes_advanced", "communes_total"),
    "share_all_criteria": ("communes_all_criteria", "communes_assessed"),
}


def districts_ranked(
    units: pd.DataFrame, lang: str, year: int, selected: str | None, measure: str, title_note: str = ""
) -> go.Figure:
    """District-level units by ``measure`` (``analytics.districts.RANK_MEASURES``), highest on top,
    in one colour (the order says who lags, not a colour); the district chosen in the filter is
    outlined and its name bold."""
    units = units.sort_values(measure, ascending=False, kind="stable", na_position="last")
    fraction = _RANK_FRACTIONS.get(measure)
    labels = [
        formatting.fraction(row[fraction[0]], row[fraction[1]], lang)
        if fraction
        else formatting.number(row[measure], lang, 2)
        for _, row in units.iterrows()
    ]
    figure = go.Figure(
        go.Bar(
            x=units[measure],
            y=units["district_name"],
            orientation="h",
            marker={
                "color": COLOURS["ntm"],
                "line": {
                    "color": COLOURS["selected"],
                    "width": [3 if code == selected else 0 for code in units["district_code"]],
                },
            },
            text=labels,
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    names = list(units["district_name"].iloc[::-1])
    chosen = set(units.loc[units["district_code"] == selected, "district_name"])
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=names,
        tickvals=names,
        ticktext=[f"<b>{name}</b>" if name in chosen else name for name in names],
    )
    top = 100 if fraction else float(units["criteria_count"].max())
    # Room right of the longest bar for its label.
    figure.update_xaxes(title=t(f"ranking.{measure}", lang), range=[0, top * 1.25], ticksuffix="%" if fraction else "")
    figure.update_layout(height=120 + 28 * len(units))
    title = t("ranking.title", lang, measure=t(f"ranking.{measure}", lang), year=year) + title_note
    return finish(figure, title, lang)


def ranked(units: pd.DataFrame, lang: str, year: int, selected: str | None, measure: str) -> Chart:
    """``districts_ranked`` with its table; beyond GRID_ROWS units, only the lowest-ranked are drawn."""
    ordered = units.sort_values(measure, ascending=True, kind="stable", na_position="first")
    shown, title_note = _capped(ordered, "district_code", lang, "lowest")
    figure = districts_ranked(shown, lang, year, selected, measure, title_note)
    columns = ["district_code", "district_name", *_RANK_FRACTIONS.get(measure, ()), measure]
    return Chart(figure, table(shown.sort_values(measure, ascending=False, kind="stable")[columns], lang))


def table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The data behind a chart with its columns named in the reader's language. Columns that are
    already labels (a year, "TC17") keep their name."""
    known = catalogue(DEFAULT_LANGUAGE)
    return frame.rename(
        columns={column: t(f"columns.{column}", lang) for column in frame.columns if f"columns.{column}" in known}
    )


def targets_table(targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The targets drawn on the trend, named in the reader's language (Vietnamese if not stored)."""
    name = f"name_{lang}" if f"name_{lang}" in targets else "name_vi"
    drawn = targets[targets["measure_code"].isin([column for column, _ in TREND_SERIES + LATER_SERIES])]
    columns = ["measure", "base_year", "base_value", "target_year", "target_value"]
    return table(drawn.assign(measure=drawn[name])[columns], lang)


def _target_line(target: object, first_year: int) -> dict:
    # From the plan's base to its target where the base is known, else level at the target.
    if pd.notna(target.base_year) and pd.notna(target.base_value):
        return {"x": [target.base_year, target.target_year], "y": [target.base_value, target.target_value]}
    start = min(first_year, target.target_year)
    return {"x": [start, target.target_year], "y": [target.target_value, target.target_value]}


def _count_axis(figure: go.Figure, title: str, axis: str = "y") -> None:
    # Counts of xã are whole numbers: no 0,5 ticks, and a scale of a few xã when all are near zero.
    peak = max((max(getattr(trace, axis), default=0) for trace in figure.data), default=0)
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(title=title, rangemode="tozero", tickformat=",d", range=None if peak >= 5 else [0, 5])


# Plotly's default figure height, and the room under the plot for the x axis's ticks and title.
_DEFAULT_HEIGHT = 450
_BELOW_PLOT = 75
# Plotly never wraps a title: at the narrowest phone (360 px, less the page's padding and the PNG
# button of the chart's toolbar) about this many characters of the title font fit on a line.
TITLE_FONT_SIZE = 16
TITLE_LINE_CHARS = 30
_TITLE_LINE_HEIGHT = 22
_TOP_MARGIN = 60  # room for a one-line title
# A unit's label on a chart's side: at most this many characters a line, so the plot keeps most of a phone's width.
LABEL_LINE_CHARS = 24


def wrapped(text: str, chars: int = TITLE_LINE_CHARS) -> str:
    """``text`` broken into lines of at most ``chars`` characters (at spaces) with Plotly's <br>;
    its own <br> kept. Markup (<b>) is not counted."""
    lines = []
    for line in re.split(r"<br>", text):
        lines += textwrap.wrap(line, chars, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br>".join(lines)


def touch_safe(figure: go.Figure, title: str, lang: str) -> None:
    """What every figure shares so that it reads on a phone: the title wrapped, the reader's number
    separators, and axes that a swipe or a drag cannot zoom or pan (a vertical swipe over a chart
    must scroll the page; "Double-click to zoom back out" is no phone gesture)."""
    title = wrapped(title)
    lines = title.count("<br>") + 1
    figure.update_layout(
        title={
            "text": title,
            "font": {"size": TITLE_FONT_SIZE},
            # From the figure's top left corner down, clear of the panels' titles under it.
            **{"xref": "container", "x": 0, "xanchor": "left", "pad": {"l": 8}},
            **{"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        },
        separators=formatting.plotly_separators(lang),
        dragmode=False,
        margin={"t": (figure.layout.margin.t or _TOP_MARGIN) + _TITLE_LINE_HEIGHT * (lines - 1), "r": 20},
    )
    figure.update_xaxes(fixedrange=True, automargin=True)
    figure.update_yaxes(fixedrange=True, automargin=True)
    # A bar's number drawn past its end must not be cut at the plot's edge ("10/1(").
    figure.update_traces(cliponaxis=False, selector={"type": "bar"})


def sample_marked(figure: go.Figure, lang: str) -> go.Figure:
    """A copy of ``figure`` with "Dữ liệu mẫu" written faintly across its plot: the mark stays on the
    chart's PNG, which leaves the page without the page's own badge."""
    marked = go.Figure(figure)
    marked.add_annotation(
        text=t("app.sample_data", lang).upper(),
        **{"xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False},
        **{"textangle": -20, "opacity": 0.2, "font": {"size": 30, "color": "#7f7f7f"}},
    )
    return marked


def finish(figure: go.Figure, title: str, lang: str) -> go.Figure:
    """Every figure's last step: ``touch_safe``, and the legend under the plot."""
    # The legend goes under the x axis: a fixed distance in pixels, whatever the figure's height,
    # and a line more for each more line of an x axis's title.
    touch_safe(figure, title, lang)
    plot_height = (figure.layout.height or _DEFAULT_HEIGHT) - figure.layout.margin.t - 80
    title_lines = [axis.title.text.count("<br>") for axis in _x_axes(figure) if axis.title.text]
    below = _BELOW_PLOT + _TITLE_LINE_HEIGHT * max(title_lines, default=0)
    figure.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -below / plot_height, "traceorder": "normal"},
        margin={"b": 80},
    )
    return figure


def _x_axes(figure: go.Figure) -> list:
    return [figure.layout[name] for name in figure.layout if re.fullmatch(r"xaxis[0-9]*", name)]


def named(frame: pd.DataFrame | pd.Series, lang: str, stem: str = "name") -> pd.Series | str:
    """The ``{stem}_<lang>`` names of a frame, or name of a row (Vietnamese where the language has none)."""
    return frame[f"{stem}_{lang}"] if f"{stem}_{lang}" in frame else frame[f"{stem}_vi"]


# --- Leadership pages -------------------------------------------------------------------------
# Each builder returns the figure and the table behind it (what the table view shows and the
# downloads hold), made from the same rows, so the two cannot disagree.

# How many criteria the criteria page names as the bottlenecks.
TOP_BLOCKING = 5
_ROW_HEIGHT = 28
# Room for the title above an x axis drawn on top (grids), and above a row of panel titles.
_TOP_AXIS_MARGIN = 100


def criterion_label(number: int, name: str, lang: str) -> str:
    """TC17. Môi trường và an toàn thực phẩm (vi) · C17. Environment and food safety (en)."""
    return t("criterion.label", lang, no=int(number), name=name)


def criterion_short(number: int, lang: str) -> str:
    return t("criterion.short", lang, no=int(number))


def criterion_shares(shares: pd.DataFrame, lang: str, year: int, scope: str, selected: int | None) -> Chart:
    """Share of xã meeting each criterion, grouped by the five groups and weakest first within each
    group; the TOP_BLOCKING criteria the most xã do not meet are marked in the "not met" colour
    with their rank. A dot plot: shares near 100% need no bar from zero to be compared."""
    labels = _criterion_labels(shares, lang)
    groups = list(named(shares, lang, "group"))
    blocking = (shares["blocking_rank"] <= TOP_BLOCKING) & (shares["communes_not_met"] > 0)
    notes = [
        t("criteria.blocking_note", lang, rank=rank, count=count)
        if block
        else t("criteria.not_met_note", lang, count=count)
        if count
        else ""
        for rank, count, block in zip(shares["blocking_rank"], shares["communes_not_met"], blocking, strict=True)
    ]
    low = _share_floor(shares["share_met"])
    figure = go.Figure(
        go.Scatter(
            x=shares["share_met"],
            y=[groups, labels],
            mode="markers+text",
            text=notes,
            textposition="middle right",
            marker={
                "size": 13,
                "color": [COLOURS["not_met"] if block else COLOURS["met"] for block in blocking],
                "line": {
                    "color": COLOURS["selected"],
                    "width": [3 if no == selected else 0 for no in shares["criterion_no"]],
                },
            },
            customdata=shares[["communes_met", "communes_assessed"]],
            hovertemplate="%{y}: %{x:.1f}% (%{customdata[0]}/%{customdata[1]})<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_yaxes(autorange="reversed")
    ticks = list(range(int(low), 101, 5 if 100 - low <= 40 else 10))
    figure.update_xaxes(
        title=t("criterion.share_met", lang),
        range=[low, 100 + 0.6 * (100 - low)],
        tickvals=ticks,
        ticktext=[t("format.percent", lang, value=tick) for tick in ticks],
    )
    figure.update_layout(height=140 + _ROW_HEIGHT * len(shares))
    title = t("criteria.shares_title", lang, year=year, scope=scope)
    columns = [
        "group",
        "criterion",
        "communes_assessed",
        "communes_met",
        "communes_not_met",
        "share_met",
        "blocking_rank",
    ]
    data = shares.assign(group=groups, criterion=labels)[columns]
    return Chart(finish(figure, title, lang), table(data, lang))


def criterion_year_grid(trend: pd.DataFrame, lang: str, scope: str) -> Chart:
    """Share of xã meeting each criterion (rows) in each year (columns)."""
    wide = trend.pivot_table(index="criterion_no", columns="year", values="share_met", aggfunc="first")
    names = trend.drop_duplicates("criterion_no").set_index("criterion_no").loc[wide.index].reset_index()
    labels = _criterion_labels(names, lang)
    years = [int(year) for year in wide.columns]
    figure = _share_heatmap(wide.to_numpy(), [str(year) for year in years], labels, lang)
    title = t("criteria.trend_title", lang, first=min(years), last=max(years), scope=scope)
    data = pd.DataFrame(wide.to_numpy(), columns=[str(year) for year in years]).assign(criterion=labels)
    return Chart(finish(figure, title, lang), table(data[["criterion", *map(str, years)]], lang))


def criterion_history(history: pd.DataFrame, targets: pd.DataFrame, lang: str, scope: str, label: str) -> Chart:
    """Xã meeting one criterion per year, with its target (if any) as a dashed line."""
    first, last = int(history["year"].min()), int(history["year"].max())
    figure = go.Figure()
    figure.add_scatter(
        x=history["year"],
        y=history["communes_met"],
        name=t("criterion.communes_met", lang),
        mode="lines+markers",
        line={"color": COLOURS["met"], "width": 3},
    )
    for target in targets.itertuples():
        figure.add_scatter(
            **_target_line(target, first),
            name=t("charts.target_line", lang, year=target.target_year, label=t("criterion.communes_met", lang)),
            mode="lines+markers",
            line={"color": COLOURS["met"], "dash": "dash", "width": 2},
            marker={"symbol": "circle-open", "size": 9},
        )
    figure.update_xaxes(title=t("charts.year", lang), dtick=1, tickformat="d")
    _count_axis(figure, t("charts.communes", lang))
    title = t("criteria.history_title", lang, criterion=label, first=first, last=last, scope=scope)
    data = table(history[["year", "communes_assessed", "communes_met", "share_met"]], lang)
    lines = table(targets[["base_year", "base_value", "target_year", "target_value"]], lang)
    return Chart(finish(figure, title, lang), data, lines if len(targets) else None)


def criteria_lost(lost: pd.DataFrame, lang: str, year: int, scope: str) -> Chart:
    """Criteria not met by xã already recognised, most often lost on top."""
    return _xa_per_criterion(lost, "communes_lost", t("criteria.lost_title", lang, year=year, scope=scope), lang)


def commune_grid(grid: pd.DataFrame, lang: str, year: int, scope: str) -> Chart:
    """One district's xã (rows) against the criteria (columns): met or not, marked ✓/✗ as well as
    by colour."""
    criteria = _criterion_columns(grid)
    rows = [f"{name} ({met})" for name, met in zip(grid["commune_name"], grid["criteria_met"], strict=True)]
    figure = _met_heatmap(grid[criteria], rows, lang)
    title = t("criteria.commune_grid_title", lang, year=year, scope=scope)
    data = _met_table(grid, criteria, ["commune_code", "commune_name", "criteria_met"], lang)
    return Chart(finish(figure, title, lang), data)


def commune_years_grid(grid: pd.DataFrame, lang: str, name: str) -> Chart:
    """One xã's criteria (columns) in each year with results (rows)."""
    criteria = _criterion_columns(grid)
    figure = _met_heatmap(grid[criteria], [str(year) for year in grid["year"]], lang)
    figure.update_yaxes(type="category")
    first, last = int(grid["year"].min()), int(grid["year"].max())
    title = t("commune.years_title", lang, name=name, first=first, last=last)
    return Chart(finish(figure, title, lang), _met_table(grid, criteria, ["year"], lang))


def district_criterion_grid(grid: pd.DataFrame, lang: str, year: int) -> Chart:
    """District-level units (rows, weakest first) against the criteria: share of xã meeting each."""
    criteria = _criterion_columns(grid)
    values = grid[criteria].to_numpy(dtype=float)
    figure = _share_heatmap(values, [criterion_short(no, lang) for no in criteria], list(grid["district_name"]), lang)
    title = t("districts.criteria_grid_title", lang, year=year)
    data = grid.rename(columns={no: criterion_short(no, lang) for no in criteria})
    return Chart(finish(figure, title, lang), table(data, lang))


def district_bands(bands: pd.DataFrame, lang: str, year: int) -> Chart:
    """Assessed xã per criteria band in each district-level unit (weakest first, at most GRID_ROWS),
    stacked, in the bands' colours."""
    bands, title_note = _capped(bands, "district_code", lang, "lowest")
    colours = band_colours(list(dict.fromkeys(bands["band"])))
    figure = go.Figure()
    for band, rows in bands.groupby("band", sort=False):
        figure.add_bar(
            x=rows["communes"],
            y=rows["district_name"],
            orientation="h",
            name=band_label(band, lang),
            marker_color=colours[band],
        )
    figure.update_layout(barmode="stack", height=160 + _ROW_HEIGHT * bands["district_code"].nunique())
    figure.update_yaxes(autorange="reversed")
    _count_axis(figure, t("charts.communes", lang), axis="x")
    title = t("districts.bands_title", lang, year=year) + title_note
    data = bands.assign(band=[band_label(band, lang) for band in bands["band"]])
    data = data[["district_code", "district_name", "band", "communes"]]
    return Chart(finish(figure, title, lang), table(data, lang))


def target_trajectories(targets: pd.DataFrame, series: pd.DataFrame, lang: str, year: int, scope: str) -> Chart:
    """One panel per target: the observed values (solid), the path from the base to the target
    (dashed) and where the current pace lands in the target year (dotted). The latest point has
    the colour of the target's progress status."""
    # One panel a row: side by side, their titles ran into each other at a phone's width.
    columns, rows = 1, len(targets)
    titles = [_target_name(target, lang) for target in targets.itertuples()]
    panel_titles = [
        f"{wrapped(title)}<br><b>{t(f'progress.{status}', lang)}</b>"
        for title, status in zip(titles, targets["status"], strict=True)
    ]
    height = 160 + 320 * rows
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=panel_titles, vertical_spacing=110 / height)
    # Only the scopes drawn, and every trace added in one call: a panel per target is otherwise
    # slow to build for a national list of values.
    series = series[series["scope_code"].isin(targets["scope_code"].unique())]
    records, traces, places = [], [], []
    for index, target in enumerate(targets.itertuples()):
        place = (index // columns + 1, index % columns + 1)
        colour = MEASURE_COLOURS.get(target.measure_code, COLOURS["selected"])
        observed = _series_of(series, target)
        paths = {
            "observed": (list(observed["year"]), list(observed["value"])),
            "required": _required_path(target),
            "projected": _projected_path(target),
        }
        for kind, (xs, ys) in paths.items():
            records += [
                {"target": titles[index], "series": t(f"targets.series_{kind}", lang), "year": x, "value": y}
                for x, y in zip(xs, ys, strict=True)
            ]
            if xs:
                traces.append(
                    go.Scatter(
                        x=xs,
                        y=ys,
                        mode="lines+markers",
                        name=t(f"targets.series_{kind}", lang),
                        legendgroup=kind,
                        showlegend=index == 0,
                        line={"color": colour, "width": 3 if kind == "observed" else 2, "dash": _DASHES[kind]},
                        marker={"size": 7 if kind == "observed" else 5},
                    )
                )
                places.append(place)
        if len(observed):
            traces.append(
                go.Scatter(
                    x=[observed["year"].iloc[-1]],
                    y=[observed["value"].iloc[-1]],
                    mode="markers",
                    marker={"size": 15, "color": COLOURS[target.status], "line": _OUTLINE},
                    name=t(f"progress.{target.status}", lang),
                    showlegend=False,
                    hovertemplate=f"{t(f'progress.{target.status}', lang)}: %{{y}}<extra></extra>",
                )
            )
            places.append(place)
        row, col = place
        figure.update_xaxes(dtick=1, tickformat="d", row=row, col=col)
        if target.unit in COUNT_UNITS:
            figure.update_yaxes(rangemode="tozero", tickformat=",d", row=row, col=col)
    if traces:
        figure.add_traces(traces, rows=[row for row, _ in places], cols=[col for _, col in places])
    figure.update_layout(height=height, margin={"t": _TOP_AXIS_MARGIN})
    title = t("targets.trajectories_title", lang, year=year, scope=scope)
    data = pd.DataFrame(records, columns=["target", "series", "year", "value"])
    return Chart(finish(figure, title, lang), table(data, lang))


def targets_by_unit(targets: pd.DataFrame, lang: str, year: int) -> Chart:
    """Each district's targets, furthest behind first (at most GRID_ROWS units): the latest value as
    a dot in its status colour, the target as a vertical line mark, where the current pace lands as
    an open circle."""
    order = targets["status"].map(progress.WORST_FIRST.index)
    targets = targets.assign(order=order).sort_values(["order", "ratio", "district_name"], kind="stable")
    targets, title_note = _capped(targets, "scope_code", lang, "lowest")
    names = [f"{target.district_name} · {measure_name(target, lang)}" for target in targets.itertuples()]
    # The unit over its measure, wrapped: on one line the labels took most of a phone's width.
    labels = [
        wrapped(f"{target.district_name}<br>{measure_name(target, lang)}", LABEL_LINE_CHARS)
        for target in targets.itertuples()
    ]
    figure = go.Figure()
    for status in progress.STATUSES:
        chosen = (targets["status"] == status).to_numpy()
        if chosen.any():
            figure.add_scatter(
                x=targets.loc[chosen, "latest_value"],
                y=_kept(labels, chosen),
                mode="markers",
                name=t(f"progress.{status}", lang),
                marker={"size": 13, "color": COLOURS[status], "line": _OUTLINE},
            )
    figure.add_scatter(
        x=targets["target_value"],
        y=labels,
        mode="markers",
        name=t("targets.series_target", lang),
        marker={"symbol": "line-ns", "size": 22, "line": {"color": COLOURS["target"], "width": 3}},
    )
    projected = targets["projected"].notna().to_numpy()
    if projected.any():
        figure.add_scatter(
            x=targets.loc[projected, "projected"],
            y=_kept(labels, projected),
            mode="markers",
            name=t("targets.series_projected", lang),
            marker={"symbol": "circle-open", "size": 11, "color": COLOURS["target"]},
        )
    figure.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    figure.update_xaxes(title=t("targets.value", lang), rangemode="tozero")
    figure.update_layout(height=160 + _ROW_HEIGHT * sum(label.count("<br>") + 1 for label in labels))
    title = t("targets.districts_title", lang, year=year) + title_note
    data = targets.assign(unit_target=names, status=[t(f"progress.{status}", lang) for status in targets["status"]])[
        ["unit_target", "latest_year", "latest_value", "target_year", "target_value", "status", "projected"]
    ]
    return Chart(finish(figure, title, lang), table(data, lang))


def near_finish_by_district(counts: pd.DataFrame, lang: str, year: int, scope: str) -> Chart:
    """Xã not yet recognised missing one or two criteria, per district (those with the most first,
    at most GRID_ROWS), stacked by how many."""
    counts, title_note = _capped(counts, "district_code", lang, "most_near")
    figure = go.Figure()
    for missing, rows in counts.groupby("criteria_missing"):
        figure.add_bar(
            x=rows["communes"],
            y=rows["district_name"],
            orientation="h",
            name=t("near_finish.missing_n", lang, count=int(missing)),
            marker_color=COLOURS[f"missing_{int(missing)}"],
            text=rows["communes"],
            textposition="inside",
        )
    figure.update_layout(barmode="stack", height=180 + _ROW_HEIGHT * counts["district_code"].nunique())
    figure.update_yaxes(
        autorange="reversed", categoryorder="array", categoryarray=list(dict.fromkeys(counts["district_name"]))
    )
    _count_axis(figure, t("charts.communes", lang), axis="x")
    title = t("near_finish.by_district_title", lang, year=year, scope=scope) + title_note
    columns = ["district_code", "district_name", "criteria_missing", "communes"]
    return Chart(finish(figure, title, lang), table(counts[columns], lang))


def near_finish_criteria(counts: pd.DataFrame, lang: str, year: int, scope: str) -> Chart:
    """For the xã near the finish, how many miss each criterion: what to work on first."""
    title = t("near_finish.criteria_title", lang, year=year, scope=scope)
    return _xa_per_criterion(counts, "communes", title, lang)


def _xa_per_criterion(frame: pd.DataFrame, column: str, title: str, lang: str) -> Chart:
    """How many xã ``column`` counts for each criterion, as horizontal bars in the order given (the
    first on top), in the colour of a criterion not met."""
    labels = _criterion_labels(frame, lang)
    figure = go.Figure(
        go.Bar(
            x=frame[column],
            y=labels,
            orientation="h",
            marker_color=COLOURS["not_met"],
            text=frame[column],
            textposition="outside",
            showlegend=False,
        )
    )
    figure.update_yaxes(autorange="reversed")
    _count_axis(figure, t("charts.communes", lang), axis="x")
    figure.update_layout(height=160 + _ROW_HEIGHT * len(frame))
    return Chart(finish(figure, title, lang), table(frame.assign(criterion=labels)[["criterion", column]], lang))


_DASHES = {"observed": "solid", "required": "dash", "projected": "dot"}
_OUTLINE = {"color": COLOURS["selected"], "width": 1}


def _criterion_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    names = zip(frame["criterion_no"], named(frame, lang), strict=True)
    return [criterion_label(no, name, lang) for no, name in names]


def _kept(labels: list[str], keep) -> list[str]:
    return [label for label, kept in zip(labels, keep, strict=True) if kept]


def _required_path(target: object) -> tuple[list, list]:
    if pd.isna(target.base_year) or pd.isna(target.base_value):
        return [target.target_year], [target.target_value]
    return [int(target.base_year), int(target.target_year)], [target.base_value, target.target_value]


def _projected_path(target: object) -> tuple[list, list]:
    if pd.isna(target.projected):
        return [], []
    return [int(target.latest_year), int(target.target_year)], [target.latest_value, target.projected]


def _series_of(series: pd.DataFrame, target: object) -> pd.DataFrame:
    same = (series["scope_code"] == target.scope_code) & (series["measure_code"] == target.measure_code)
    if pd.notna(target.criterion_no):
        same &= series["criterion_no"] == target.criterion_no
    return series[same].sort_values("year")


def scope_name(scope: str | None, district_name: object, lang: str) -> str:
    """The name of a scope (``analytics.scope_code``): a district-level unit's own name, the former
    Kiên Giang territory, the nation (a benchmark target), or "Toàn tỉnh"."""
    if pd.notna(district_name):
        return str(district_name)
    if scope == FORMER_KIEN_GIANG:
        return t("periods.scope_former_kien_giang", lang)
    if scope == NATIONAL:
        return t("periods.national_scope", lang)
    return t("filters.whole_province", lang)


def measure_name(target: object, lang: str) -> str:
    """The measure of a target, with its criterion when it is set on one."""
    name = getattr(target, f"name_{lang}", None) or target.name_vi
    if pd.notna(target.criterion_no):
        criterion = getattr(target, f"criterion_{lang}", None) or target.criterion_vi
        name = f"{name} {criterion_label(target.criterion_no, criterion, lang)}"
    return name


def _target_name(target: object, lang: str) -> str:
    return f"{measure_name(target, lang)} – {scope_name(target.scope_code, target.district_name, lang)}"


def _capped(frame: pd.DataFrame, unit: str, lang: str, which: str) -> tuple[pd.DataFrame, str]:
    """The rows of the first GRID_ROWS ``unit`` values (the frame's order decides which), and a
    note for the title saying ``which`` were kept when some were left out: a chart cannot show
    hundreds of rows (the full list is in the page's table)."""
    units = list(dict.fromkeys(frame[unit]))
    if len(units) <= GRID_ROWS:
        return frame, ""
    kept = frame[frame[unit].isin(units[:GRID_ROWS])].reset_index(drop=True)
    return kept, t(f"charts.capped_{which}", lang, shown=GRID_ROWS, total=len(units))


def _criterion_columns(grid: pd.DataFrame) -> list[int]:
    return [column for column in grid.columns if isinstance(column, int)]


def _share_floor(shares: pd.Series) -> float:
    # Shares cluster near 100%: start the axis a little below the lowest, on a multiple of 5.
    lowest = shares.min()
    return 0.0 if pd.isna(lowest) else max(0.0, 5 * ((lowest - 2) // 5))


def _share_heatmap(values, columns: list[str], rows: list[str], lang: str) -> go.Figure:
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=columns,
            y=rows,
            zmin=_share_floor(pd.Series(values.ravel())),
            zmax=100,
            colorscale=[[0, COLOURS["not_met"]], [0.5, "#F7F7F7"], [1, COLOURS["met"]]],
            texttemplate="%{z:.1f}",
            hovertemplate="%{y} · %{x}: %{z:.1f}%<extra></extra>",
            colorbar={"ticksuffix": "%", "title": {"text": t("criterion.share_met", lang)}},
            xgap=1,
            ygap=1,
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category", side="top")
    figure.update_layout(height=160 + _ROW_HEIGHT * len(rows), margin={"t": _TOP_AXIS_MARGIN})
    return figure


def _met_heatmap(met: pd.DataFrame, rows: list[str], lang: str) -> go.Figure:
    values = met.astype("float").to_numpy()
    marks = [["" if pd.isna(value) else "✓" if value else "✗" for value in row] for row in values]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[criterion_short(no, lang) for no in met.columns],
            y=rows,
            text=marks,
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=1,
            ygap=1,
            colorscale=[[0, COLOURS["not_met"]], [0.5, COLOURS["not_met"]], [0.5, COLOURS["met"]], [1, COLOURS["met"]]],
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(side="top")
    figure.update_layout(height=160 + _ROW_HEIGHT * len(rows), margin={"t": _TOP_AXIS_MARGIN})
    return figure


def _met_table(grid: pd.DataFrame, criteria: list[int], keys: list[str], lang: str) -> pd.DataFrame:
    words = {True: t("criterion.met", lang), False: t("criterion.not_met", lang)}
    marks = grid[criteria].apply(lambda column: column.map(lambda value: words.get(value, formatting.MISSING)))
    marks.columns = [criterion_short(no, lang) for no in criteria]
    return pd.concat([table(grid[keys], lang), marks], axis=1)
