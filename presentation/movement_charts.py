"""Figures and tables of the emulation movement page: resources mobilised, commendations, exemplary
models.

Each builder returns a ``charts.Chart``: the figure and the table behind it, made from the same
rows, so the two cannot disagree. Money is stored in đồng; figures draw tỷ đồng and tables show
triệu đồng, each saying so. Colours come from the dashboard's one palette (``charts.COLOURS``);
this module only says which of them means what here.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ntm import formatting as fmt
from ntm.i18n import t
from presentation.charts import COLOURS, Chart, finish, named, wrapped
from presentation.table_display import as_written

MILLION, BILLION = 1e6, 1e9
# Funding sources in the order reports list them, each in its own colour of the palette.
# A side-by-side panel's title: the characters that fit on a line of the narrower panel at a phone's width.
PANEL_LINE_CHARS = 14

SOURCE_COLOURS = {
    "central_budget": COLOURS["ntm"],
    "local_budget": COLOURS["sky_blue"],
    "integrated": COLOURS["advanced"],
    "credit": COLOURS["orange"],
    "enterprise": COLOURS["model"],
    "community": COLOURS["vermillion"],
}
LEVEL_COLOURS = {
    "president": COLOURS["selected"],
    "prime_minister": COLOURS["vermillion"],
    "central": COLOURS["model"],
    "province": COLOURS["ntm"],
    "provincial_agency": COLOURS["sky_blue"],
    "district": COLOURS["advanced"],
}


def million(value: float | None, lang: str) -> str:
    """Đồng as whole triệu đồng, written the reader's way (1.234)."""
    return fmt.number(None if value is None or pd.isna(value) else value / MILLION, lang)


def billion(value: float | None, lang: str) -> str:
    """Đồng as tỷ đồng with one decimal (1.234,5)."""
    return fmt.number(None if value is None or pd.isna(value) else value / BILLION, lang, 1)


def sources_by_year(frame: pd.DataFrame, lang: str, scope: str) -> Chart:
    """Money mobilised per year, stacked by funding source (tỷ đồng)."""
    figure = go.Figure()
    for code, rows in frame.groupby("item_code", sort=False):
        figure.add_bar(
            x=rows["year"],
            y=rows["value"] / BILLION,
            name=named(rows, lang).iloc[0],
            marker_color=SOURCE_COLOURS[code],
            hovertemplate=f"%{{x}} · %{{fullData.name}}: %{{y:,.1f}} {t('movement.billion', lang)}<extra></extra>",
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title=t("movement.year", lang), dtick=1, tickformat="d")
    figure.update_yaxes(title=t("movement.billion_axis", lang), rangemode="tozero", tickformat=",.0f")
    first, last = int(frame["year"].min()), int(frame["year"].max())
    finish(figure, t("movement.sources_title", lang, first=first, last=last, scope=scope), lang)

    wide = frame.pivot_table(index="year", columns="item_code", values="value", aggfunc="sum", sort=False)
    names = dict(zip(frame["item_code"], named(frame, lang), strict=False))
    table = pd.DataFrame({t("movement.year", lang): wide.index.astype(str)})
    for code in wide.columns:
        table[names[code]] = [million(v, lang) for v in wide[code]]
    table[t("movement.total_million", lang)] = [million(v, lang) for v in wide.sum(axis=1)]
    return Chart(figure, table)


def districts_with_progress(
    money: pd.DataFrame,
    progress: pd.DataFrame,
    lang: str,
    first: int,
    last: int,
    base_year: int,
    province_label: str,
    selected: str | None = None,
) -> Chart:
    """Left: money mobilised over ``first``–``last`` per district, stacked by source (tỷ đồng),
    the province level last. Right: the district's xã holding NTM at the end of ``base_year`` and
    of ``last``, as shares of its xã. Districts ordered by what they mobilised."""
    totals = money.groupby("district_code", dropna=False)["value"].sum()
    order = [code for code in totals.sort_values(ascending=False).index if pd.notna(code)]
    order += [None] if totals.index.isna().any() else []
    labels = dict(zip(progress["district_code"], progress["district_name"], strict=True)) | {None: province_label}
    rows = [labels[code] for code in order]
    figure = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.62, 0.38],
        horizontal_spacing=0.08,  # the two panels' ticks apart ("1.500" and "0%")
        # Each panel's title within its share of a phone's width, so the two never run together.
        subplot_titles=(
            wrapped(t("movement.mobilised_panel", lang, first=first, last=last), PANEL_LINE_CHARS),
            wrapped(t("movement.ntm_panel", lang, base=base_year, year=last), PANEL_LINE_CHARS),
        ),
    )
    for code, part in money.groupby("item_code", sort=False):
        values = part.set_index(part["district_code"].fillna("province"))["value"]
        figure.add_bar(
            y=rows,
            x=[values.get(c if c else "province", 0) / BILLION for c in order],
            orientation="h",
            name=named(part, lang).iloc[0],
            marker_color=SOURCE_COLOURS[code],
            row=1,
            col=1,
            hovertemplate=f"%{{y}} · %{{fullData.name}}: %{{x:,.1f}} {t('movement.billion', lang)}<extra></extra>",
        )
    shown = progress.set_index("district_code").reindex([c for c in order if c])
    names = [labels[c] for c in shown.index]
    for column, year, colour in (
        ("communes_ntm_base", base_year, COLOURS["not_recognised"]),
        ("communes_ntm", last, COLOURS["ntm"]),
    ):
        share = 100 * shown[column] / shown["communes_total"]
        figure.add_scatter(
            y=names,
            x=share,
            mode="markers",
            marker={"color": colour, "size": 11},
            row=1,
            col=2,
            name=t("movement.ntm_share_at", lang, year=year),
            text=[
                fmt.fraction(n, total, lang) for n, total in zip(shown[column], shown["communes_total"], strict=True)
            ],
            hovertemplate="%{y}: %{text} (%{x:.0f}%)<extra></extra>",
        )
    # Each district's move from then to now, all in one line trace broken by None: one shape per
    # district made Plotly's figure building quadratic in the number of districts (minutes at 700).
    moves_x, moves_y = [], []
    for label, before, after, total in zip(
        names, shown["communes_ntm_base"], shown["communes_ntm"], shown["communes_total"], strict=True
    ):
        moves_x += [100 * before / total, 100 * after / total, None]
        moves_y += [label, label, None]
    figure.add_scatter(
        x=moves_x,
        y=moves_y,
        mode="lines",
        line={"color": COLOURS["ntm"], "width": 2},
        showlegend=False,
        hoverinfo="skip",
        row=1,
        col=2,
    )
    ticks = [f"<b>{labels[c]}</b>" if c and c == selected else labels[c] for c in order]
    figure.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(rows)), tickvals=rows, ticktext=ticks, row=1, col=1
    )
    figure.update_xaxes(
        title=wrapped(t("movement.billion_axis", lang), PANEL_LINE_CHARS), tickformat=",.0f", row=1, col=1
    )
    figure.update_xaxes(
        title=wrapped(t("movement.ntm_share_axis", lang), PANEL_LINE_CHARS),
        range=[-4, 104],
        ticksuffix="%",
        row=1,
        col=2,
    )
    panel_lines = max(annotation.text.count("<br>") + 1 for annotation in figure.layout.annotations)
    figure.update_layout(barmode="stack", height=160 + 30 * len(rows), margin={"t": 60 + 18 * panel_lines})
    finish(figure, t("movement.districts_title", lang, first=first, last=last), lang)
    return Chart(figure, _districts_table(money, progress, order, labels, lang, base_year, last))


def _districts_table(money, progress, order, labels, lang, base_year, last) -> pd.DataFrame:
    """Per unit: money mobilised (triệu đồng), its xã holding NTM then and now, by source."""
    wide = money.assign(unit=money["district_code"].fillna("province")).pivot_table(
        index="unit", columns="item_code", values="value", aggfunc="sum", sort=False
    )
    names = dict(zip(money["item_code"], named(money, lang), strict=False))
    # Whole columns in the table's order (the province level has no NTM progress of its own).
    rows = wide.reindex([c if c else "province" for c in order])
    units = progress.set_index("district_code").reindex(order)
    districts = [bool(c) for c in order]
    table = pd.DataFrame({t("movement.unit", lang): [labels[c] for c in order]})
    table[t("movement.total_million", lang)] = [million(v, lang) for v in rows.sum(axis=1)]
    # The district's NTM progress next to its total, then the money by source.
    for column, year in (("communes_ntm_base", base_year), ("communes_ntm", last)):
        table[t("movement.ntm_at", lang, year=year)] = [
            fmt.fraction(n, total, lang) if district else fmt.MISSING
            for n, total, district in zip(units[column], units["communes_total"], districts, strict=True)
        ]
    table[t("movement.ntm_gained", lang)] = [
        fmt.count(n, lang) if district else fmt.MISSING
        for n, district in zip(units["communes_gained"], districts, strict=True)
    ]
    table[t("movement.district_recognised", lang)] = [
        t("movement.yes" if recognised else "movement.no", lang) if district else fmt.MISSING
        for recognised, district in zip(units["recognised"], districts, strict=True)
    ]
    for code in wide.columns:
        table[names[code]] = [million(v, lang) for v in rows[code]]
    return table


def commendations_by_year(counts: pd.DataFrame, lang: str, scope: str) -> Chart:
    """Recipients commended per year, stacked by the level that commended them."""
    figure = go.Figure()
    for code, rows in counts.groupby("level_code", sort=False):
        figure.add_bar(
            x=rows["year"],
            y=rows["recipients"],
            name=named(rows, lang, "level").iloc[0],
            marker_color=LEVEL_COLOURS[code],
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title=t("movement.year", lang), dtick=1, tickformat="d")
    figure.update_yaxes(title=t("movement.recipients", lang), rangemode="tozero", tickformat=",d")
    years = counts["year"]
    finish(
        figure,
        t("movement.commendations_title", lang, first=int(years.min()), last=int(years.max()), scope=scope),
        lang,
    )
    wide = counts.pivot_table(index="year", columns="level_code", values="recipients", aggfunc="sum", sort=False)
    levels = dict(zip(counts["level_code"], named(counts, lang, "level"), strict=False))
    uncounted = counts.groupby("year")["rows_uncounted"].sum()
    table = pd.DataFrame({t("movement.year", lang): wide.index.astype(str)})
    for code in wide.columns:
        table[levels[code]] = [fmt.count(v, lang) for v in wide[code].fillna(0)]
    table[t("movement.recipients_total", lang)] = [fmt.count(v, lang) for v in wide.sum(axis=1)]
    table[t("movement.rows_uncounted", lang)] = [fmt.count(uncounted.get(y, 0), lang) for y in wide.index]
    return Chart(figure, table)


def commendation_forms(forms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Recipients per form (rows) and recipient type (columns); a cell holding rows whose count is
    not known says so rather than showing them as 0."""
    counted = forms.pivot_table(
        index="form_code", columns="recipient_type", values="recipients", aggfunc="sum", sort=False
    ).fillna(0)
    uncounted = forms.pivot_table(
        index="form_code", columns="recipient_type", values="rows_uncounted", aggfunc="sum", sort=False
    ).fillna(0)
    form_names = dict(zip(forms["form_code"], named(forms, lang, "form"), strict=False))
    type_names = dict(zip(forms["recipient_type"], named(forms, lang, "recipient_type"), strict=False))
    unknown = t("movement.unknown", lang)

    def cell(count: float, rows: float) -> str:
        if not rows:
            return fmt.count(count, lang)
        return unknown if not count else f"{fmt.count(count, lang)} + {unknown}"

    table = pd.DataFrame({t("movement.form", lang): [form_names[c] for c in counted.index]})
    for code in counted.columns:
        table[type_names[code]] = [cell(n, u) for n, u in zip(counted[code], uncounted[code], strict=True)]
    table[t("movement.recipients_total", lang)] = [
        cell(n, u) for n, u in zip(counted.sum(axis=1), uncounted.sum(axis=1), strict=True)
    ]
    return table


def commendation_list(listed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The commendations as a register: decision, level, form, recipient, how many, where, why."""
    return pd.DataFrame(
        {
            t("movement.year", lang): listed["year"].astype(str),
            t("movement.decision", lang): listed["decision_no"].fillna(t("movement.unknown", lang)),
            t("movement.decision_date", lang): [fmt.date(d, lang) for d in listed["decision_date"]],
            t("movement.level", lang): named(listed, lang, "level"),
            as_written(t("movement.form", lang), lang): listed["form_text"],
            t("movement.recipient_type", lang): named(listed, lang, "recipient_type"),
            as_written(t("movement.recipient", lang), lang): listed["recipient_name"],
            t("movement.recipients", lang): [
                fmt.count(v, lang) if pd.notna(v) else t("movement.unknown", lang) for v in listed["recipients"]
            ],
            t("movement.place", lang): _place(listed),
            as_written(t("movement.reason", lang), lang): listed["reason"].fillna(""),
            as_written(t("movement.note", lang), lang): listed["note"].fillna(""),
        }
    )


def model_register(models: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The exemplary models: name, field, place, owner, year, description, replication."""
    return pd.DataFrame(
        {
            as_written(t("movement.model_name", lang), lang): models["name"],
            t("movement.model_field", lang): named(models, lang, "field"),
            t("movement.place", lang): _place(models),
            as_written(t("movement.model_owner", lang), lang): models["owner"].fillna(""),
            t("movement.year", lang): models["year_recognised"].astype(str),
            as_written(t("movement.model_description", lang), lang): models["description"].fillna(""),
            t("movement.model_replicated", lang): [
                t("movement.yes" if done else "movement.no", lang) for done in models["replicated"]
            ],
            as_written(t("movement.model_replicated_where", lang), lang): models["replicated_where"].fillna(""),
        }
    )


def _place(frame: pd.DataFrame) -> list[str]:
    return [
        ", ".join(part for part in (commune, district) if isinstance(part, str))
        for commune, district in zip(frame["commune_name"], frame["district_name"], strict=True)
    ]
