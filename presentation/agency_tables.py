"""Tables and figures of the agency-report page: how a period, a task and a directive are named,
the reports overdue, the task register, the status matrix, the reports received with their key
figures, completeness and timeliness by agency or period (the one figure, with its table), and what
became of an agency that left office ("chuyển cho Sở NN&MT từ 01/03/2025").

Colours come from the dashboard's one palette (``charts.COLOURS``); this module only says which of
them means what here.
"""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go

from ntm import formatting as fmt
from ntm import periods
from ntm.agencies import Successions, ceased_reason
from ntm.catalogue import spec
from ntm.i18n import t
from presentation.charts import COLOURS, Chart, finish, named
from presentation.table_display import as_written

# What the state of an agency's latest report on a task looks like in the status matrix.
STATUS_COLOURS = {
    "completed": COLOURS["advanced"],
    "in_progress": COLOURS["on_track"],
    "not_started": COLOURS["slow"],
    "overdue": COLOURS["not_met"],
    "pending": COLOURS["insufficient"],
}
RATE_COLOURS = {"completeness": COLOURS["ntm"], "timeliness": COLOURS["advanced"]}
# The key figures a report may give: columns of the agency_report table, declared in ntm/datasets.toml.
REPORT_FIGURES = spec().datasets["agency_reports"].figures
REQUEST = "request"  # the kind of a task that asks rather than assigns (ntm/datasets.toml task_kinds)


@functools.lru_cache(maxsize=4096)  # a few dozen periods label thousands of reports
def period_label(code: str, lang: str) -> str:
    """A period as a reader names it: "Quý 3/2024", "6 tháng đầu năm 2024", "Năm 2024" (vi); a one-off
    task's single period."""
    if code == periods.ONCE:
        return t("agencies.period_once", lang)
    period = periods.Period.from_code(code)
    half = f"_{period.number}" if period.kind == periods.HALF else ""
    return t(f"agencies.period_{period.kind}{half}", lang, year=period.year, number=period.number)


def task_label(directive: str, task_no: str, lang: str, with_directive: bool) -> str:
    label = t("agencies.task_label", lang, number=task_no)
    return f"{directive} · {label}" if with_directive else label


def directive_note(directive: pd.Series, lang: str) -> str:
    """Number, date, issuer and subject of a directive, saying which of them are not known."""
    number = directive["doc_number"] or directive["directive_code"]
    if not directive["number_known"]:
        number = t("agencies.number_unknown", lang, number=number)
    if pd.notna(directive["issued_on"]):
        issued = fmt.date(directive["issued_on"], lang)
    elif pd.notna(directive["issued_month"]):
        issued = t(
            "agencies.issued_month",
            lang,
            month=f"{int(directive['issued_month']):02d}",
            year=int(directive["issued_year"]),
        )
    else:
        issued = fmt.MISSING
    return t(
        "agencies.directive_note",
        lang,
        number=number,
        issued=issued,
        issuer=directive["issuer"] or fmt.MISSING,
        subject=directive["subject"] or fmt.MISSING,
    )


def overdue_table(
    overdue: pd.DataFrame, agency_names: dict[str, str], task_labels: dict[tuple, str], lang: str
) -> pd.DataFrame:
    """Reports received late or still missing, most days first."""
    return pd.DataFrame(
        {
            t("agencies.agency", lang): overdue["agency_code"].map(agency_names),
            t("agencies.task", lang): [
                task_labels[(d, n)] for d, n in zip(overdue["directive_code"], overdue["task_no"], strict=True)
            ],
            t("agencies.period", lang): [period_label(code, lang) for code in overdue["period_code"]],
            t("agencies.due_on", lang): [fmt.date(d, lang) for d in overdue["due_on"]],
            t("agencies.received_on", lang): [
                fmt.date(d, lang) if pd.notna(d) else t("agencies.not_received", lang) for d in overdue["received_on"]
            ],
            t("agencies.days", lang): overdue["days"].map(lambda v: fmt.count(v, lang)),
            t("agencies.lateness", lang): [
                t("agencies.late" if pd.notna(d) else "agencies.missing", lang) for d in overdue["received_on"]
            ],
        }
    )


def agency_names(agencies: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each agency's name as the page writes it: the short name (vi), the name (en)."""
    return dict(zip(agencies["agency_code"], agencies["name_en" if lang == "en" else "short_name_vi"], strict=True))


def change_labels(successions: Successions, agencies: pd.DataFrame, lang: str) -> dict[str, str]:
    """What became of each agency that left office, or whose tasks it took over: "chuyển cho Sở
    NN&MT từ 01/03/2025", "kết thúc 30/06/2025 (cấp huyện không còn)", "nhận nhiệm vụ của …"
    (``agencies``: every agency, with its kind)."""
    names, kinds = agency_names(agencies, lang), dict(zip(agencies["agency_code"], agencies["kind"], strict=True))
    labels = {}
    for code, change in successions.changes.items():
        if change.successor_code:
            labels[code] = t(
                "agencies_over_time.passed_to",
                lang,
                successor=names[change.successor_code],
                date=fmt.date(change.effective_date, lang),
            )
        else:
            reason = t(f"etl.{ceased_reason(kinds[code])}", lang)
            labels[code] = t("agencies_over_time.closed", lang, date=fmt.date(change.last_day, lang), reason=reason)
    for code, earlier in successions.predecessors_of.items():
        took_over = t(
            "agencies_over_time.took_over",
            lang,
            predecessors=", ".join(names[p] for p in earlier),
            date=fmt.date(min(successions.changes[p].effective_date for p in earlier), lang),
        )
        labels[code] = f"{labels[code]}; {took_over}" if code in labels else took_over
    return labels


def changes_sentence(labels: dict[str, str], codes: list[str], agency_names: dict[str, str]) -> str:
    """The agencies of ``codes`` that changed, those of one change together: "Sở NN&PTNT, Sở TN&MT:
    chuyển cho Sở NN&MT từ 01/03/2025; …" ("" when none did)."""
    together: dict[str, list[str]] = {}
    for code in dict.fromkeys(codes):
        if code in labels:
            together.setdefault(labels[code], []).append(agency_names[code])
    return "; ".join(f"{', '.join(names)}: {label}" for label, names in together.items())


def task_register(tasks: pd.DataFrame, task_labels: dict[tuple, str], latest: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Directive → task → agencies, when it is due, and how its responsible agencies stand (a
    request: that it is outside the rates)."""
    states = latest.groupby(["directive_code", "task_no"])["state"].value_counts().unstack(fill_value=0)
    summary = {
        key: "; ".join(f"{t(f'agencies.state.{state}', lang)}: {count}" for state, count in row.items() if count)
        for key, row in states.iterrows()
    }
    return pd.DataFrame(
        {
            t("agencies.task", lang): [
                task_labels[(d, n)] for d, n in zip(tasks["directive_code"], tasks["task_no"], strict=True)
            ],
            as_written(t("agencies.content", lang), lang): tasks["content"],
            t("agencies.responsible", lang): named(tasks, lang, "responsible"),
            t("agencies.coordinating", lang): named(tasks, lang, "coordinating").fillna(""),
            t("agencies.schedule", lang): [
                t("agencies.deadline", lang, date=fmt.date(deadline, lang))
                if cycle == periods.ONE_OFF
                else t(
                    "agencies.cycle_between",
                    lang,
                    cycle=cycle_name,
                    start=fmt.date(start, lang),
                    end=fmt.date(end, lang),
                )
                for cycle, cycle_name, deadline, start, end in zip(
                    tasks["cycle"],
                    named(tasks, lang, "cycle"),
                    tasks["deadline"],
                    tasks["starts_on"],
                    tasks["ends_on"],
                    strict=True,
                )
            ],
            t("agencies.latest_state", lang): [
                t("agencies_over_time.request", lang) if kind == REQUEST else summary.get((d, n), "")
                for d, n, kind in zip(tasks["directive_code"], tasks["task_no"], tasks["task_kind"], strict=True)
            ],
        }
    )


def report_choices(
    reports: pd.DataFrame, agency_names: dict[str, str], task_labels: dict[tuple, str], lang: str
) -> list[str]:
    """How each report is listed for choosing: agency · task · period · date received."""
    return [
        " · ".join(
            (
                agency_names[agency],
                task_labels.get((directive, task), task),
                period_label(period, lang),
                fmt.date(submitted, lang),
            )
        )
        for agency, directive, task, period, submitted in zip(
            reports["agency_code"].tolist(),
            reports["directive_code"].tolist(),
            reports["task_no"].tolist(),
            reports["period_code"].tolist(),
            reports["submitted_on"].tolist(),
            strict=True,
        )
    ]


def report_meta(report: pd.Series, lang: str) -> str:
    """Its number, period, status and dates: when this version came and when it first came."""
    return t(
        "agencies.report_meta",
        lang,
        number=report["document_no"] or fmt.MISSING,
        period=period_label(report["period_code"], lang),
        status=named(report, lang, "status"),
        received=fmt.date(report["submitted_on"], lang),
        first=fmt.date(report["first_received_on"], lang),
    )


def report_figures(report: pd.Series, lang: str) -> list[tuple[str, str]]:
    """(label, value) of each key figure the report gives."""
    return [
        (t(f"agencies.figure.{key}", lang), fmt.count(report[key], lang))
        for key in REPORT_FIGURES
        if pd.notna(report[key])
    ]


def rates_by(
    rates: pd.DataFrame, labels: list[str], lang: str, title: str, horizontal: bool, changes: list[str] | None = None
) -> Chart:
    """Completeness and timeliness (%) side by side for each row of ``rates`` (labelled ``labels``);
    the table says what became of each row's agency when ``changes`` are given."""
    figure = go.Figure()
    for column in ("completeness", "timeliness"):
        values = (100 * rates[column].astype(float)).round(1)
        axes = {"y": labels, "x": values, "orientation": "h"} if horizontal else {"x": labels, "y": values}
        figure.add_bar(
            **axes,
            name=t(f"agencies.{column}", lang),
            marker_color=RATE_COLOURS[column],
            hovertemplate=f"%{{{'y' if horizontal else 'x'}}}: %{{{'x' if horizontal else 'y'}:.1f}}%<extra></extra>",
        )
    value_axis = figure.update_xaxes if horizontal else figure.update_yaxes
    value_axis(title=t("agencies.rate_axis", lang), range=[0, 105], ticksuffix="%")
    if horizontal:
        figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
        figure.update_layout(height=160 + 22 * len(labels))
    figure.update_layout(barmode="group")
    finish(figure, title, lang)
    table = pd.DataFrame(
        {
            t("agencies.row", lang): labels,
            t("agencies.expected", lang): rates["expected"].map(lambda v: fmt.count(v, lang)),
            t("agencies.actual", lang): rates["actual"].map(lambda v: fmt.count(v, lang)),
            t("agencies.on_time", lang): rates["on_time"].map(lambda v: fmt.count(v, lang)),
            t("agencies.completeness", lang): [fmt.percent(v, 1, lang) for v in rates["completeness"]],
            t("agencies.timeliness", lang): [fmt.percent(v, 1, lang) for v in rates["timeliness"]],
        }
    )
    if changes is not None:
        table[t("agencies_over_time.change", lang)] = changes
    return Chart(figure, table)


def status_matrix(latest: pd.DataFrame, agency_names: dict[str, str], task_labels: dict[tuple, str], lang: str):
    """Agencies (rows) × tasks (columns): the state of each agency's latest expected report on the
    task, coloured; empty where the agency has no report due on the task."""
    latest = latest.assign(
        agency=latest["agency_code"].map(agency_names),
        task=[task_labels[(d, n)] for d, n in zip(latest["directive_code"], latest["task_no"], strict=True)],
        label=latest["state"].map(lambda state: t(f"agencies.state.{state}", lang)),
    )
    grid = latest.pivot(index="agency", columns="task", values="label")
    grid = grid[[label for label in task_labels.values() if label in grid.columns]].fillna("")
    grid = grid.rename_axis(index=t("agencies.agency", lang), columns=None)
    colours = {t(f"agencies.state.{state}", lang): colour for state, colour in STATUS_COLOURS.items()}
    ink = COLOURS["selected"]
    return grid.style.map(lambda cell: f"background-color: {colours[cell]}; color: {ink}" if cell else "")


def reports_table(
    reports: pd.DataFrame, agency_names: dict[str, str], task_labels: dict[tuple, str], lang: str
) -> pd.DataFrame:
    """Every report received, as the report reader shows one: agency, task, period, number, status,
    dates, its key figures and its text."""
    return pd.DataFrame(
        {
            t("agencies.agency", lang): reports["agency_code"].map(agency_names),
            t("agencies.task", lang): [
                task_labels.get((d, n), n) for d, n in zip(reports["directive_code"], reports["task_no"], strict=True)
            ],
            t("agencies.period", lang): [period_label(code, lang) for code in reports["period_code"]],
            t("agencies.document_no", lang): reports["document_no"],
            t("agencies.report_status", lang): named(reports, lang, "status"),
            t("agencies.received_on", lang): [fmt.date(day, lang) for day in reports["submitted_on"]],
            t("agencies.first_received_on", lang): [fmt.date(day, lang) for day in reports["first_received_on"]],
            **{t(f"agencies.figure.{key}", lang): reports[key] for key in REPORT_FIGURES},
            as_written(t("agencies.report_text", lang), lang): reports["summary"],
        }
    )
