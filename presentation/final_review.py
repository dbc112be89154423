"""Báo cáo tổng kết: the final review of the period that has ended (2021–2025), for the former Kiên
Giang territory or one former district, in the structure review reports use — I. Kết quả đạt được,
II. Tồn tại, hạn chế và nguyên nhân, III. Bài học kinh nghiệm (both headed and left for the author:
under II only the facts the data show, never prose), IV. Phương hướng of the next period, and the
appendix of numbered data tables by unit.

The brief's content model (presentation.brief.Brief) rendered by the brief's own Word and PDF
renderers: the page layout, fonts and margin checks are the brief's. Every figure comes from the
read side on the database the reader sees; verdicts and "% kế hoạch" from analytics.targets.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analytics import (
    FORMER_KIEN_GIANG,
    PROVINCE,
    agency_reports,
    communes,
    criteria,
    districts,
    is_district,
    movement,
    overview,
    targets,
    units,
)
from ntm import config
from ntm import formatting as fmt
from ntm.i18n import t
from presentation import agency_tables, charts
from presentation import movement_charts as mc
from presentation.brief import ROMAN, Block, Brief, Section, table_of, target_lines, with_year
from presentation.charts import measure_name

# Criteria most often not met, named under II.
CRITERIA_SHORT_SHOWN = 5


def build(db: Path, lang: str, today: dt.date, scope: str = FORMER_KIEN_GIANG, cutoff: dt.date | None = None) -> Brief:
    """The final review of the latest period ended by ``today``, for ``scope`` (the former territory or a
    former district's code), counting recognitions by decision date up to ``cutoff`` (default: the
    period's last day)."""
    year = units.last_ended_year(db, today)
    period = units.period(db, year)
    cutoff = cutoff or period["ends_on"]
    district = scope if is_district(scope) else None
    area = _area(db, district, lang)
    assessed = targets.target_progress(db, year)
    own = assessed[assessed["scope_code"] == (district or PROVINCE)].reset_index(drop=True)
    status = overview.data_status(db)
    parts = [
        (t("final_review.results_heading", lang), _results(db, year, cutoff, scope, area, own, period, lang)),
        (t("final_review.shortcomings_heading", lang), _shortcomings(db, year, cutoff, scope, own, lang)),
        (t("final_review.lessons_heading", lang), [Section("", [t("final_review.for_the_author", lang)])]),
        (t("final_review.outlook_heading", lang, **_years(units.period(db, year + 1))), _outlook(db, year + 1, lang)),
    ]
    sections = []
    for number, (title, subsections) in enumerate(parts):
        sections.append(Section(f"{ROMAN[number]}. {title}", subsections[0].blocks))
        sections += subsections[1:]
    sections += _appendix(db, year, scope, lang)
    scope_line = t("final_review.scope_line", lang, area=area, **_years(period))
    data = t("brief.data_date", lang, date=fmt.date(status["loaded_at"], lang), batch=status["batch_id"])
    facts = [t("final_review.cutoff_line", lang, date=fmt.date(cutoff, lang)), data]
    if status["sample_data"]:
        facts.append(t("brief.sample_note", lang))
    # The footer is one line on every page: the title and the period, not the whole scope line.
    mark = [t("brief.sample_mark", lang)] if status["sample_data"] else []
    footer = " · ".join([f"{t('final_review.title', lang)} {period['first_year']}–{period['last_year']}", data, *mark])
    body, _, unit = config.issuer().partition("—")
    return Brief(
        lang=lang,
        issuer=[body.strip(), unit.strip()],
        place_date=t("brief.place_date", lang, day=f"{today.day:02d}", month=f"{today.month:02d}", year=today.year),
        title=t("final_review.title", lang).upper(),
        subtitle=scope_line,
        facts=facts,
        sections=sections,
        footer=footer,
        sample=bool(status["sample_data"]),
    )


def _years(period: dict) -> dict:
    return {"first": period["first_year"], "last": period["last_year"]}


def _area(db: Path, district: str | None, lang: str) -> str:
    former = units.territory(db, FORMER_KIEN_GIANG)[f"name_{lang}"]
    if district is None:
        return former
    return t("final_review.district_area", lang, district=districts.districts(db).get(district, district), area=former)


# --- I. Kết quả đạt được ---------------------------------------------------------------------------


def _results(
    db: Path, year: int, cutoff: dt.date, scope: str, area: str, own: pd.DataFrame, period: dict, lang: str
) -> list[Section]:
    district = scope if is_district(scope) else None
    held = overview.recognitions_by_decision_date(db, [cutoff], scope).iloc[0]
    total = overview.headline(db, year, scope)["communes_total"]
    intro = t(
        "final_review.results_text",
        lang,
        date=fmt.date(cutoff, lang),
        area=area,
        ntm=fmt.fraction(held["communes_ntm"], total, lang),
        share=fmt.percent(held["communes_ntm"], total, lang),
        advanced=fmt.count(held["communes_advanced"], lang),
        model=fmt.count(held["communes_model"], lang),
        districts=fmt.count(held["districts_recognised"], lang),
    )
    return [
        Section("", [intro]),
        Section(t("final_review.targets_heading", lang, number=1), _targets(own, lang)),
        Section(t("final_review.path_heading", lang, number=2), _path(db, cutoff, scope, period, lang)),
        Section(t("final_review.lost_heading", lang, number=3), _lost(db, scope, period, lang)),
        Section(t("final_review.short_heading", lang, number=4, year=year), _still_short(db, year, scope, lang)),
        Section(t("final_review.resources_heading", lang, number=5), _resources(db, district, period, lang)),
        Section(t("final_review.movement_heading", lang, number=6), _movement(db, district, period, lang)),
        Section(t("final_review.tasks_heading", lang, number=7, date=fmt.date(cutoff, lang)), _tasks(db, cutoff, lang)),
    ]


def _targets(own: pd.DataFrame, lang: str) -> list[Block]:
    if own.empty:
        return [t("final_review.no_targets", lang)]
    frame = pd.DataFrame(
        {
            t("brief.col_measure", lang): [measure_name(row, lang) for row in own.itertuples()],
            t("brief.col_target", lang): [with_year(r.target_value, r.target_year, lang) for r in own.itertuples()],
            t("final_review.col_result", lang): [
                with_year(r.latest_value, r.latest_year, lang) for r in own.itertuples()
            ],
            t("brief.col_percent_of_plan", lang): [fmt.number(value, lang, 1) for value in own["percent_of_plan"]],
            t("final_review.col_verdict", lang): [t(f"progress.{status}", lang) for status in own["status"]],
        }
    )
    colours = {(i, 4): charts.COLOURS[status] for i, status in enumerate(own["status"])}
    blocks: list[Block] = [table_of(frame, numeric=[False, True, True, True, False], colours=colours)]
    blocks += target_lines(own[own["status"] != "met"], lang)
    blocks += [
        t("final_review.target_source", lang, measure=measure_name(row, lang), source=row.source or fmt.MISSING)
        for row in own.drop_duplicates("source").itertuples()
    ]
    return blocks


def _path(db: Path, cutoff: dt.date, scope: str, period: dict, lang: str) -> list[Block]:
    """Each year of the period (and the year before it) counted both ways: by assessment year, and by
    decision date at 31/12 (the period's last year: at the cut-off)."""
    by_year = overview.trend(db, scope)
    by_year = by_year[by_year["year"].between(period["first_year"] - 1, period["last_year"])].reset_index(drop=True)
    days = [min(dt.date(int(year), 12, 31), cutoff) for year in by_year["year"]]
    decided = overview.recognitions_by_decision_date(db, days, scope)
    columns = {t("brief.col_year", lang): by_year["year"].astype(str)}
    for measure in overview.RECOGNITION_COUNTS:
        label = t(f"final_review.col_{measure}", lang)
        columns[f"{label} ({t('final_review.by_assessment_year', lang)})"] = by_year[measure].map(
            lambda v: fmt.count(v, lang)
        )
        columns[f"{label} ({t('final_review.by_decision_date', lang)})"] = decided[measure].map(
            lambda v: fmt.count(v, lang)
        )
    return [
        t("final_review.path_text", lang, date=fmt.date(cutoff, lang)),
        table_of(pd.DataFrame(columns), numeric=[False] + [True] * 2 * len(overview.RECOGNITION_COUNTS)),
    ]


def _lost(db: Path, scope: str, period: dict, lang: str) -> list[Block]:
    years = range(period["first_year"], period["last_year"] + 1)
    lost = pd.concat([criteria.criteria_lost(db, year, scope).assign(year=year) for year in years])
    if lost.empty:
        return [t("final_review.none_lost", lang)]
    counts = lost.pivot_table(
        index=["criterion_no", f"name_{lang}"], columns="year", values="communes_lost", aggfunc="sum", fill_value=0
    ).reset_index()
    frame = pd.DataFrame(
        {
            t("final_review.col_criterion", lang): [
                f"{int(row[0])}. {row[1]}" for row in counts[["criterion_no", f"name_{lang}"]].itertuples(index=False)
            ],
            **{str(year): counts[year].map(lambda v: fmt.count(v, lang)) for year in counts.columns[2:]},
        }
    )
    return [t("final_review.lost_text", lang), table_of(frame, numeric=[False] + [True] * (len(frame.columns) - 1))]


def _still_short(db: Path, year: int, scope: str, lang: str) -> list[Block]:
    short = communes.not_recognised(db, year, scope)
    if short.empty:
        return [t("final_review.none_short", lang, year=year)]
    return [
        t("final_review.short_text", lang, count=fmt.count(len(short), lang), year=year),
        table_of(_short_table(short, lang), numeric=[False, False, True, False]),
    ]


def _short_table(short: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("brief.col_unit", lang): short["district_name"],
            t("final_review.col_commune", lang): short["commune_name"],
            t("final_review.col_criteria_met", lang): short["criteria_met"].map(lambda v: fmt.count(v, lang)),
            t("final_review.col_why", lang): [
                ", ".join(f"TC{int(number)}" for number in missing) or t("final_review.awaiting_decision", lang)
                for missing in short["missing"]
            ],
        }
    )


def _resources(db: Path, district: str | None, period: dict, lang: str) -> list[Block]:
    money = movement.contributions_by_year(db, district)
    money = money[money["year"].between(period["first_year"], period["last_year"])]
    if money.empty:
        return [t("final_review.none_resources", lang)]
    by_source = money.groupby(["sort_order", f"name_{lang}"], as_index=False)["value"].sum().sort_values("sort_order")
    total = by_source["value"].sum()
    frame = pd.DataFrame(
        {
            t("final_review.col_source", lang): by_source[f"name_{lang}"],
            t("final_review.col_billion", lang): by_source["value"].map(lambda v: mc.billion(v, lang)),
            t("final_review.col_share", lang): [fmt.percent(v, total, lang) for v in by_source["value"]],
        }
    )
    totals = movement.contribution_totals(db, period["first_year"], period["last_year"], district)
    text = t(
        "final_review.resources_text",
        lang,
        money=mc.billion(total, lang),
        land=fmt.number(totals["land"], lang),
        workdays=fmt.number(totals["workdays"], lang),
    )
    return [text, table_of(frame, numeric=[False, True, True])]


def _movement(db: Path, district: str | None, period: dict, lang: str) -> list[Block]:
    counts = movement.commendation_counts(db, period["last_year"], district)
    counts = counts[counts["year"] >= period["first_year"]]
    models = movement.models(db, district)
    models = models[models["year_recognised"].between(period["first_year"], period["last_year"])]
    by_level = counts.groupby(["level_order", f"level_{lang}"], as_index=False)[["recipients", "rows"]].sum()
    frame = pd.DataFrame(
        {
            t("final_review.col_level", lang): by_level[f"level_{lang}"],
            t("final_review.col_commendations", lang): by_level["rows"].map(lambda v: fmt.count(v, lang)),
            t("final_review.col_recipients", lang): by_level["recipients"].map(lambda v: fmt.count(v, lang)),
        }
    )
    text = t(
        "final_review.movement_text",
        lang,
        commendations=fmt.count(int(counts["rows"].sum()), lang),
        recipients=fmt.count(int(counts["recipients"].sum()), lang),
        models=fmt.count(len(models), lang),
    )
    blocks: list[Block] = [text]
    if not frame.empty:
        blocks.append(table_of(frame, numeric=[False, True, True]))
    if not models.empty:
        blocks.append(
            table_of(mc.model_register(models, lang), numeric=[False] * len(mc.model_register(models, lang).columns))
        )
    return blocks


def _tasks(db: Path, cutoff: dt.date, lang: str) -> list[Block]:
    """Each directive's tasks and how each agency reported on them, closed at the cut-off."""
    directives = agency_reports.directives(db)
    if directives.empty:
        return [t("brief.agencies_none", lang)]
    names = agency_tables.agency_names(agency_reports.agencies(db), lang)
    blocks: list[Block] = []
    for directive in directives.itertuples():
        by_agency = agency_reports.status(
            db, agency_reports.ALL, cutoff, directive=directive.directive_code
        ).by_agency()
        blocks.append(t("final_review.directive_line", lang, code=directive.directive_code, subject=directive.subject))
        if by_agency.empty:
            blocks.append(t("final_review.no_reports_owed", lang))
            continue
        frame = pd.DataFrame(
            {
                t("agencies.agency", lang): by_agency["agency_code"].map(names),
                t("agencies.expected", lang): by_agency["expected"].map(lambda v: fmt.count(v, lang)),
                t("agencies.actual", lang): by_agency["actual"].map(lambda v: fmt.count(v, lang)),
                t("agencies.on_time", lang): by_agency["on_time"].map(lambda v: fmt.count(v, lang)),
            }
        )
        blocks.append(table_of(frame, numeric=[False, True, True, True]))
    return blocks


# --- II. Tồn tại, hạn chế: the facts the data show ---------------------------------------------------


def _shortcomings(db: Path, year: int, cutoff: dt.date, scope: str, own: pd.DataFrame, lang: str) -> list[Section]:
    facts = target_lines(own[own["status"] == "missed"], lang)
    shares = criteria.criterion_shares(db, year, scope)
    shares = shares[shares["communes_not_met"] > 0].sort_values(
        ["communes_not_met", "criterion_no"], ascending=[False, True]
    )
    facts += [
        t(
            "final_review.criterion_short_line",
            lang,
            number=int(row.criterion_no),
            name=getattr(row, f"name_{lang}"),
            count=fmt.count(row.communes_not_met, lang),
            year=year,
        )
        for row in shares.head(CRITERIA_SHORT_SHOWN).itertuples()
    ]
    names = agency_tables.agency_names(agency_reports.agencies(db), lang)
    silent = agency_reports.status(db, agency_reports.ALL, cutoff).by_agency()
    silent = silent[(silent["expected"] > 0) & (silent["actual"] == 0)]
    if not silent.empty:
        facts.append(
            t(
                "final_review.agencies_silent_line",
                lang,
                date=fmt.date(cutoff, lang),
                agencies=", ".join(silent["agency_code"].map(names)),
            )
        )
    return [Section("", [t("final_review.for_the_author", lang), t("final_review.facts_heading", lang), *facts])]


# --- IV. Phương hướng --------------------------------------------------------------------------------


def _outlook(db: Path, first_year: int, lang: str) -> list[Section]:
    chosen = criteria.criteria_set(db, first_year)
    listed = criteria.criteria(db, first_year)
    blocks: list[Block] = [
        t("final_review.new_set_text", lang, decision=chosen["decision"], count=chosen["criteria_count"]),
        table_of(
            pd.DataFrame(
                {
                    t("final_review.col_criterion", lang): [
                        f"{row.criterion_no}. {getattr(row, f'name_{lang}')}"
                        + ("" if row.name_confirmed else f" ({t('final_review.unconfirmed', lang)})")
                        for row in listed.itertuples()
                    ]
                }
            ),
            numeric=[False],
        ),
    ]
    planned = targets.target_progress(db, first_year)
    if planned.empty:
        blocks.append(t("final_review.no_next_targets", lang))
        return [Section("", blocks)]
    frame = pd.DataFrame(
        {
            t("brief.col_measure", lang): [measure_name(row, lang) for row in planned.itertuples()],
            t("final_review.col_scope", lang): [
                charts.scope_name(row.scope_code, row.district_name, lang) for row in planned.itertuples()
            ],
            t("brief.col_target", lang): [with_year(r.target_value, r.target_year, lang) for r in planned.itertuples()],
            t("final_review.col_target_source", lang): planned["source"].fillna(fmt.MISSING),
        }
    )
    blocks += [t("final_review.next_targets_text", lang), table_of(frame, numeric=[False, False, True, False])]
    return [Section("", blocks)]


# --- Phụ lục -----------------------------------------------------------------------------------------


def _appendix(db: Path, year: int, scope: str, lang: str) -> list[Section]:
    district = scope if is_district(scope) else None
    ranked = districts.districts_ranked(db, year)
    if district:
        ranked = ranked[ranked["district_code"] == district]
    by_unit = pd.DataFrame(
        {
            t("brief.col_unit", lang): ranked["district_name"],
            t("final_review.col_communes_total", lang): ranked["communes_total"].map(lambda v: fmt.count(v, lang)),
            t("status.ntm", lang): ranked["communes_ntm"].map(lambda v: fmt.count(v, lang)),
            t("brief.col_share", lang): ranked["share_ntm"].map(lambda v: fmt.number(v, lang, 1)),
            t("brief.col_avg_criteria", lang): ranked["avg_criteria"].map(lambda v: fmt.number(v, lang, 2)),
            t("brief.col_unit_recognised", lang): [
                t("brief.yes" if held else "brief.no", lang) for held in ranked["recognised"]
            ],
        }
    )
    short = communes.not_recognised(db, year, scope)
    tables_by_unit = [
        (
            t("final_review.appendix_units", lang, year=year),
            table_of(by_unit, numeric=[False, True, True, True, True, False]),
        ),
        (
            t("final_review.appendix_short", lang, year=year),
            table_of(_short_table(short, lang), numeric=[False, False, True, False]),
        ),
    ]
    return [Section(t("final_review.appendix_heading", lang))] + [
        Section(t("final_review.appendix_table", lang, number=f"{number:02d}", title=title), [table])
        for number, (title, table) in enumerate(tables_by_unit, start=1)
    ]
