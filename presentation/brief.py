"""Báo cáo tóm tắt: the printable brief of the scope a reader is looking at (year and district) —
headline figures against the targets with their statuses, the trend, the districts ranked, the xã
near the finish, the movement's and the agencies' key figures — stating the filters, the data
date and the batch.

One content model, every number already written in the reader's language, rendered twice
(presentation/brief_pdf.py, presentation/brief_docx.py): the PDF and the editable Word file cannot say different
things. The numbers come from the same queries the pages run, on the database the reader sees
(a pinned link's snapshot included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics import agency_reports, communes, criteria, districts, movement, overview, scope_code, targets, units
from ntm import formatting as fmt
from ntm.i18n import t
from presentation import agency_tables, brief_charts, charts, tables
from presentation import movement_charts as mc
from presentation.charts import measure_name

# The headline measures, in the order the overview shows them.
HEADLINE = ("communes_ntm", "communes_advanced", "communes_model", "districts_recognised", "avg_criteria")
# A printed list longer than this says how many more there are (the page has them all).
LIST_ROWS = 40
# The agencies' reports furthest behind: a brief names the worst, the page lists every one.
OVERDUE_ROWS = 10
# Characters a text column may take before it wraps.
TEXT_WIDTH = 30
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass(frozen=True)
class Table:
    """Cells as printed. ``numeric`` columns are right-aligned; ``emphasised`` rows are bold
    (the chosen district in the ranking); ``colours`` fills some cells ("#RRGGBB": a target's
    status in its colour, black text on it as on the page's cards)."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float]
    numeric: list[bool]
    emphasised: frozenset[int] = frozenset()
    colours: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str


Block = str | Table | Figure


@dataclass(frozen=True)
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Brief:
    lang: str
    issuer: list[str]
    place_date: str
    title: str
    subtitle: str
    facts: list[str]
    sections: list[Section]
    footer: str
    sample: bool


def walk(
    item: Brief,
    heading: Callable[[str], None],
    text: Callable[[str], None],
    table: Callable[[Table], None],
    figure: Callable[[Figure], None],
) -> None:
    """Hand each section's title and blocks, in order, to a renderer's drawing functions."""
    for section in item.sections:
        heading(section.title)
        for block in section.blocks:
            if isinstance(block, Table):
                table(block)
            elif isinstance(block, Figure):
                figure(block)
            else:
                text(block)


def build(db: Path, year: int, district: str | None, lang: str, today: dt.date, pinned: bool = False) -> Brief:
    """The brief of ``year`` for the province (``district`` None) or one district-level unit."""
    status = overview.data_status(db)
    scope = charts.scope_name(district, districts.districts(db).get(district), lang)
    figures = overview.headline(db, year, district)
    parts = [
        _results(db, figures, district, scope, lang),
        _trend(db, year, district, scope, lang),
        _ranking(db, year, district, lang),
        _near_finish(db, figures, district, scope, lang),
        _movement(db, year, district, scope, lang),
        _agencies(db, today, lang),
    ]
    sections = [Section(f"{ROMAN[i]}. {part.title}", part.blocks) for i, part in enumerate(parts)]
    data = t("brief.data_date", lang, date=fmt.date(status["loaded_at"], lang), batch=status["batch_id"])
    facts = [t("brief.scope_line", lang, scope=scope, year=year), data]
    if pinned:
        facts.append(t("brief.pinned", lang, batch=status["batch_id"]))
    if status["sample_data"]:
        facts.append(t("brief.sample_note", lang))
    footer = " · ".join(
        [t("brief.title", lang), scope, str(year), data]
        + ([t("brief.sample_mark", lang)] if status["sample_data"] else [])
    )
    return Brief(
        lang=lang,
        issuer=[t("brief.issuer_province", lang), t("brief.issuer_tool", lang)],
        place_date=t("brief.place_date", lang, day=f"{today.day:02d}", month=f"{today.month:02d}", year=today.year),
        title=t("brief.title", lang).upper(),
        subtitle=t("brief.subtitle", lang, year=year, scope=scope),
        facts=facts,
        sections=sections,
        footer=footer,
        sample=bool(status["sample_data"]),
    )


def _results(db: Path, figures: dict, district: str | None, scope: str, lang: str) -> Section:
    year, total = figures["year"], figures["communes_total"]
    text = t(
        "brief.results_text",
        lang,
        year=year,
        scope=scope,
        ntm=fmt.fraction(figures["communes_ntm"], total, lang),
        ntm_share=fmt.percent(figures["communes_ntm"], total, lang),
        advanced=fmt.count(figures["communes_advanced"], lang),
        model=fmt.count(figures["communes_model"], lang),
        districts=fmt.fraction(figures["districts_recognised"], figures["districts_total"], lang),
    )
    if figures["communes_assessed"]:
        text += " " + t(
            "brief.results_criteria",
            lang,
            criteria=fmt.number(figures["avg_criteria"], lang, 2),
            all_criteria=fmt.count(figures["communes_all_criteria"], lang),
            criteria_count=figures["criteria_count"],
        )
    else:
        text += " " + t("brief.no_criteria", lang, year=year)
    blocks: list[Block] = [text]
    assessed = targets.scope_target_progress(db, year, district)
    own = assessed[assessed["scope_code"] == scope_code(district)]
    if own.empty:
        blocks.append(t("brief.no_targets", lang, scope=scope))
        return Section(t("brief.results_heading", lang), blocks)
    order = {code: i for i, code in enumerate(HEADLINE)}
    own = own.assign(order=own["measure_code"].map(order).fillna(len(HEADLINE))).sort_values(["order", "criterion_no"])
    blocks.append(
        _table(
            pd.DataFrame(
                {
                    t("brief.col_measure", lang): [measure_name(row, lang) for row in own.itertuples()],
                    t("brief.col_base", lang): [
                        _with_year(row.base_value, row.base_year, lang) for row in own.itertuples()
                    ],
                    t("brief.col_latest", lang): [
                        _with_year(row.latest_value, row.latest_year, lang) for row in own.itertuples()
                    ],
                    t("brief.col_target", lang): [
                        _with_year(row.target_value, row.target_year, lang) for row in own.itertuples()
                    ],
                    t("brief.col_percent_of_plan", lang): [
                        fmt.number(value, lang, 1) for value in own["percent_of_plan"]
                    ],
                    t("brief.col_status", lang): [t(f"progress.{status}", lang) for status in own["status"]],
                }
            ),
            numeric=[False, True, True, True, True, False],
            colours={(i, 5): charts.COLOURS[status] for i, status in enumerate(own["status"])},
        )
    )
    behind = own[own["status"].isin(tables.OFF_TRACK)]
    if not behind.empty:
        blocks.append(t("brief.off_track_heading", lang))
        blocks += [
            t(
                "brief.off_track_line",
                lang,
                measure=measure_name(row, lang),
                status=t(f"progress.{row.status}", lang),
                note=tables.progress_note(row, lang),
            )
            for row in behind.itertuples()
        ]
    sources = "; ".join(dict.fromkeys(own["source"].dropna()))
    if sources:
        blocks.append(t("brief.targets_source", lang, sources=sources))
    return Section(t("brief.results_heading", lang), blocks)


def _trend(db: Path, year: int, district: str | None, scope: str, lang: str) -> Section:
    trend = overview.trend(db, district)
    trend = trend[trend["year"] <= year]
    if trend.empty:  # a year with recognitions only, before criteria were recorded
        return Section(t("brief.trend_heading_none", lang), [t("brief.trend_none", lang, year=year)])
    in_force = targets.targets(db, year, district)
    first, last = int(trend["year"].min()), int(trend["year"].max())
    figure = Figure(
        brief_charts.trend(trend, in_force, lang), t("brief.trend_caption", lang, scope=scope, first=first, last=last)
    )
    table = _table(
        pd.DataFrame(
            {
                t("brief.col_year", lang): trend["year"].astype(str),
                t("status.ntm", lang): [
                    fmt.fraction(n, total, lang)
                    for n, total in zip(trend["communes_ntm"], trend["communes_total"], strict=True)
                ],
                t("status.advanced", lang): trend["communes_advanced"].map(lambda v: fmt.count(v, lang)),
                t("status.model", lang): trend["communes_model"].map(lambda v: fmt.count(v, lang)),
                t("brief.col_avg_criteria", lang): trend["avg_criteria"].map(lambda v: fmt.number(v, lang, 2)),
            }
        ),
        numeric=[False, True, True, True, True],
    )
    return Section(t("brief.trend_heading", lang, first=first, last=last), [figure, table])


def _ranking(db: Path, year: int, district: str | None, lang: str) -> Section:
    ranked = districts.districts_ranked(db, year).reset_index(drop=True)
    if ranked.empty:  # a year after the district level was abolished
        abolished = fmt.date(min(units.unit_changes(db)), lang)
        return Section(
            t("brief.ranking_heading", lang, year=year),
            [t("periods.no_district_ranking", lang, year=year, date=abolished)],
        )
    table = _table(
        pd.DataFrame(
            {
                t("brief.col_rank", lang): [str(i + 1) for i in range(len(ranked))],
                t("brief.col_unit", lang): ranked["district_name"],
                t("status.ntm", lang): [
                    fmt.fraction(n, total, lang)
                    for n, total in zip(ranked["communes_ntm"], ranked["communes_total"], strict=True)
                ],
                t("brief.col_share", lang): ranked["share_ntm"].map(lambda v: fmt.number(v, lang, 1)),
                t("brief.col_avg_criteria", lang): ranked["avg_criteria"].map(lambda v: fmt.number(v, lang, 2)),
                t("brief.col_unit_recognised", lang): [
                    t("brief.yes" if held else "brief.no", lang) for held in ranked["recognised"]
                ],
            }
        ),
        numeric=[True, False, True, True, True, False],
        emphasised=frozenset(ranked.index[ranked["district_code"] == district]),
    )
    blocks: list[Block] = [t("brief.ranking_text", lang, year=year, count=len(ranked)), table]
    if district:
        blocks.append(t("brief.ranking_chosen", lang))
    return Section(t("brief.ranking_heading", lang, year=year), blocks)


def _near_finish(db: Path, figures: dict, district: str | None, scope: str, lang: str) -> Section:
    year = figures["year"]
    if not figures["communes_assessed"]:
        return Section(t("brief.near_heading", lang, year=year), [t("brief.no_criteria", lang, year=year)])
    near = communes.near_finish(db, year, district, None)
    finishing, keeping = near[~near["recognised"]], near[near["recognised"]]
    blocks: list[Block] = [
        t(
            "brief.near_text",
            lang,
            year=year,
            scope=scope,
            one=fmt.count(int((finishing["criteria_missing"] == 1).sum()), lang),
            two=fmt.count(int((finishing["criteria_missing"] == 2).sum()), lang),
            keeping=fmt.count(len(keeping), lang),
        )
    ]
    names = criteria.criteria(db, year)
    for rows, heading in ((finishing, "brief.near_list"), (keeping, "brief.keeping_list")):
        if rows.empty:
            continue
        blocks.append(t(heading, lang))
        shown = tables.near_finish_table(rows.head(LIST_ROWS), names, lang)
        blocks.append(
            _table(
                shown.drop(columns=shown.columns[1]),  # the xã code: the name is what is read
                numeric=[False, False, True, True, False],
            )
        )
        if len(rows) > LIST_ROWS:
            blocks.append(t("brief.more_rows", lang, count=len(rows) - LIST_ROWS))
    return Section(t("brief.near_heading", lang, year=year), blocks)


def _movement(db: Path, year: int, district: str | None, scope: str, lang: str) -> Section:
    heading = t("brief.movement_heading", lang)
    years = movement.years(db)
    if not years or year < years[0]:
        return Section(heading, [t("brief.movement_none", lang, year=year)])
    first, last = years[0], min(year, max(years))
    totals = movement.contribution_totals(db, first, last, district)
    counts = movement.commendation_counts(db, last, district)
    models = movement.models(db, district)
    return Section(
        heading,
        [
            t(
                "brief.movement_text",
                lang,
                first=first,
                last=last,
                scope=scope,
                money=mc.billion(totals["money"], lang),
                community=mc.billion(totals["community"], lang),
                land=fmt.number(totals["land"], lang),
                workdays=fmt.number(totals["workdays"], lang),
                recipients=fmt.count(counts["recipients"].sum(), lang),
                models=fmt.count(len(models), lang),
            )
        ],
    )


def _agencies(db: Path, today: dt.date, lang: str) -> Section:
    heading = t("brief.agencies_heading", lang)
    if agency_reports.reporting_years(db) is None:
        return Section(heading, [t("brief.agencies_none", lang)])
    status = agency_reports.status(db, agency_reports.ALL, today)
    total = status.rates([]).iloc[0]
    overdue = status.overdue()
    missing = int(overdue["received_on"].isna().sum())
    blocks: list[Block] = [
        t(
            "brief.agencies_text",
            lang,
            date=fmt.date(today, lang),
            grace=agency_reports.DEFAULT_GRACE_DAYS,
            expected=fmt.count(total["expected"], lang),
            actual=fmt.count(total["actual"], lang),
            completeness=fmt.percent(total["completeness"], 1, lang),
            on_time=fmt.count(total["on_time"], lang),
            timeliness=fmt.percent(total["timeliness"], 1, lang),
            missing=fmt.count(missing, lang),
            late=fmt.count(len(overdue) - missing, lang),
        )
    ]
    every_agency = agency_reports.agencies(db)
    agency_names = agency_tables.agency_names(every_agency, lang)
    changes = agency_tables.change_labels(agency_reports.successions(db), every_agency, lang)
    assigned = agency_reports.assignments(db)["agency_code"].tolist()
    changed = agency_tables.changes_sentence(changes, assigned, agency_names)
    if changed:
        blocks.append(t("agencies_over_time.brief_changes", lang, changes=changed))
    tasks = agency_reports.tasks(db)
    requests = int((tasks["task_kind"] == agency_tables.REQUEST).sum())
    if requests:
        blocks.append(t("agencies_over_time.brief_requests", lang, count=fmt.count(requests, lang)))
    if not overdue.empty:
        several = tasks["directive_code"].nunique() > 1
        labels = {
            (d, n): agency_tables.task_label(d, n, lang, several)
            for d, n in zip(tasks["directive_code"], tasks["task_no"], strict=True)
        }
        shown = agency_tables.overdue_table(overdue.head(OVERDUE_ROWS), agency_names, labels, lang)
        blocks += [
            t("brief.overdue_list", lang, count=min(OVERDUE_ROWS, len(overdue))),
            _table(shown, numeric=[False] * 5 + [True, False]),
        ]
        if len(overdue) > OVERDUE_ROWS:
            blocks.append(t("brief.more_rows", lang, count=len(overdue) - OVERDUE_ROWS))
    return Section(heading, blocks)


def _with_year(value: object, year: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return fmt.MISSING
    return f"{fmt.amount(value, lang)} ({int(year)})" if pd.notna(year) else fmt.amount(value, lang)


def _table(
    frame: pd.DataFrame,
    numeric: list[bool],
    emphasised: frozenset[int] = frozenset(),
    colours: dict[tuple[int, int], str] | None = None,
) -> Table:
    """A table of text cells. Each column is as wide as its longest cell or header word; names
    are capped (they wrap) so that numbers never do."""
    rows = [[fmt.MISSING if pd.isna(cell) else str(cell) for cell in row] for row in frame.itertuples(index=False)]
    widths = []
    for i, column in enumerate(frame.columns):
        longest_word = max((len(word) for word in str(column).split()), default=1)
        longest_cell = max((len(row[i]) for row in rows), default=0)
        # Headings are bold and padded: a header word needs a little more room than its letters.
        widths.append(float(max(longest_word + 3, longest_cell if numeric[i] else min(longest_cell, TEXT_WIDTH))))
    return Table([str(column) for column in frame.columns], rows, widths, numeric, emphasised, colours or {})
