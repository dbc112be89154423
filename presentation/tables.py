"""The tables and sentences the leadership pages show beside their charts, in the reader's
language: what a xã still lacks, how far each target is and what it would take, who is near the
finish. Plain functions of query results; the numbers
come from the read side (analytics/).
"""

from __future__ import annotations

import math

import pandas as pd

from ntm import formatting as fmt
from ntm.i18n import t
from presentation.charts import TOP_BLOCKING, band_label, criterion_label, measure_name, scope_name, table
from presentation.table_display import as_written

# Statuses that say a target is off track.
OFF_TRACK = ("missed", "regress", "slow", "accelerate")
# Sentences listed before "… and N more": the furthest behind, which a reader acts on first.
OFF_TRACK_SHOWN = 20
# Each xã level (recognition_level) in the pages' words.
LEVEL_STATUS = {
    "ntm": "status.ntm",
    "ntm_advanced": "status.advanced",
    "ntm_model": "status.model",
    "ntm_modern": "status.modern",
}
# A set's level above NTM (its rank 2) -> the sentences saying how far a xã is from it: held,
# within reach (NTM held), NTM needed first.
NEXT_LEVEL_TEXT = {
    "ntm_advanced": ("commune.advanced_held", "commune.advanced_next", "commune.advanced_needs_ntm"),
    "ntm_modern": ("periods.modern_held", "periods.modern_next", "periods.modern_needs_ntm"),
}
# Units of indicators.csv with a name in the locales ("indicator_unit.<unit>"); others are shown as stored.
INDICATOR_UNITS = ("%", "yes/no", "million VND/person/year")
# Decimals kept in a table of figures: enough for an average of criteria (18,77), no float noise.
DECIMALS = 2
# The order that puts the district-level units furthest behind first.
LAGGARDS_FIRST = ["share_ntm", "avg_criteria"]


def criterion_names(criteria: pd.DataFrame, lang: str) -> dict[int, str]:
    column = f"name_{lang}" if f"name_{lang}" in criteria else "name_vi"
    return {int(no): name for no, name in zip(criteria["criterion_no"], criteria[column], strict=True)}


def criterion_labels(criteria: pd.DataFrame, lang: str) -> dict[int, str]:
    """Number -> "TC17. Môi trường và an toàn thực phẩm"."""
    return {no: criterion_label(no, name, lang) for no, name in criterion_names(criteria, lang).items()}


def criteria_text(numbers: object, names: dict[int, str], lang: str) -> str:
    """Criterion numbers as the reader writes them: "TC10. Thu nhập; TC13. Tổ chức sản xuất …"."""
    return "; ".join(criterion_label(no, names[int(no)], lang) for no in list(numbers))


def bottlenecks(shares: pd.DataFrame, lang: str) -> list[str]:
    """The TOP_BLOCKING criteria the most xã do not meet, worst first, in a sentence each."""
    blocking = shares[(shares["blocking_rank"] <= TOP_BLOCKING) & (shares["communes_not_met"] > 0)]
    names = criterion_names(shares, lang)
    return [
        t(
            "criteria.bottleneck",
            lang,
            criterion=criterion_label(row.criterion_no, names[row.criterion_no], lang),
            count=row.communes_not_met,
            share=fmt.number(row.share_met, lang, 1),
        )
        for row in blocking.sort_values("blocking_rank").itertuples()
    ]


def losing_table(losing: pd.DataFrame, criteria: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = criterion_names(criteria, lang)
    data = losing.assign(criteria_lost=[criteria_text(lost, names, lang) for lost in losing["criteria_lost"]])
    return table(data[["district_name", "commune_code", "commune_name", "criteria_lost"]], lang)


def near_finish_table(near: pd.DataFrame, criteria: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = criterion_names(criteria, lang)
    data = near.assign(missing=[criteria_text(missing, names, lang) for missing in near["missing"]])
    columns = ["district_name", "commune_code", "commune_name", "criteria_met", "criteria_missing", "missing"]
    return table(data[columns], lang)


def scope_figures(headline: dict, lang: str) -> list[tuple[str, str]]:
    """A scope's headline figures of a year as the overview's cards say them: (label, value), the
    recognitions as n/N with their share ("10/12 · 83,3%")."""
    total = headline["communes_total"]
    counted = [
        (
            t(f"overview.{measure}", lang),
            f"{fmt.fraction(headline[measure], total, lang)} · {fmt.percent(headline[measure], total, lang)}",
        )
        for measure in ("communes_ntm", "communes_advanced", "communes_model")
    ]
    return [*counted, (t("overview.avg_criteria", lang), fmt.number(headline["avg_criteria"], lang, 1))]


def recognition_name(profile: dict, lang: str) -> str:
    """What a xã holds at the end of the year (``analytics.communes.commune_profile``): its highest
    level; "chưa rà soát" for a xã created by a rearrangement with no decision about it yet."""
    if profile["review_status"] == "not_reviewed":
        return t("periods.not_reviewed", lang)
    level = profile["recognition_level"]
    return t(LEVEL_STATUS[level], lang) if level in LEVEL_STATUS else t("commune.not_recognised", lang)


def commune_lacks(profile: dict, names: dict[int, str], levels: pd.DataFrame, year: int, lang: str) -> list[str]:
    """What a xã still lacks that year for NTM, then for the level above it in the year's set
    (``levels``: nâng cao in 2021–2025, the pilot "NTM hiện đại" from 2026). That level's own set is
    not loaded and its thresholds are unconfirmed, so only its precondition is judged."""
    rank, missing = profile["recognition_rank"] or 0, list(profile["missing"] or [])
    count = profile["criteria_count"]
    if profile["criteria_met"] is None:
        ntm = t("commune.lacks_no_results", lang, year=year)
    elif not missing:
        key = "commune.lacks_none_recognised" if rank else "commune.lacks_none_waiting"
        ntm = t(key, lang, year=year, criteria_count=count)
    else:
        key = "commune.lacks_kept" if rank else "commune.lacks_criteria"
        ntm = t(key, lang, year=year, count=len(missing), criteria=criteria_text(missing, names, lang))
    ranks = dict(zip(levels["level_code"], levels["rank"], strict=True))
    held, within_reach, needs_ntm = NEXT_LEVEL_TEXT[levels.loc[levels["rank"] == 2, "level_code"].iloc[0]]
    if ranks.get(profile["recognition_level"], 0) >= 2:
        above = t(held, lang, level=recognition_name(profile, lang))
    elif rank >= 1:
        above = t(within_reach, lang)
    else:
        above = t(needs_ntm, lang)
    return [ntm, above]


def recognitions_table(recognitions: pd.DataFrame, lang: str) -> pd.DataFrame:
    column = f"level_{lang}" if f"level_{lang}" in recognitions else "level_vi"
    data = recognitions.assign(
        level=recognitions[column],
        action=[t(f"commune.action_{action}", lang) for action in recognitions["action"]],
        decision_date=[fmt.date(value, lang) for value in recognitions["decision_date"]],
    )
    named = table(data[["assessment_year", "level", "action", "decision_no", "decision_date", "issuer"]], lang)
    issuer = t("columns.issuer", lang)
    return named.rename(columns={issuer: as_written(issuer, lang)})


def indicators_table(indicators: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sub-indicator values; a threshold not confirmed against QĐ 318 reads "chưa xác minh"."""
    column = f"name_{lang}" if f"name_{lang}" in indicators else "name_vi"
    data = indicators.assign(
        indicator=indicators[column],
        value=[
            text if pd.notna(text) else number
            for number, text in zip(indicators["value_number"], indicators["value_text"], strict=True)
        ],
        met=[_met(value, lang) for value in indicators["met"]],
        threshold=[
            threshold if confirmed and pd.notna(threshold) else t("commune.unconfirmed", lang)
            for threshold, confirmed in zip(
                indicators["threshold_mekong"], indicators["threshold_confirmed"], strict=True
            )
        ],
    )
    data["unit"] = [t(f"indicator_unit.{unit}", lang) if unit in INDICATOR_UNITS else unit for unit in data["unit"]]
    return table(data[["year", "indicator_code", "indicator", "unit", "value", "met", "threshold"]], lang)


def district_table(comparison: pd.DataFrame, targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The district-level units side by side, those that lag first (the lowest share of xã NTM,
    then the fewest criteria per xã; units with no xã assessed last): NTM xã, average criteria,
    bands, own recognition, and their targets with status."""
    band_columns = [column for column in comparison.columns if column.startswith("band_")]
    # One pass over every target: filtering the whole list per unit is quadratic at national scale.
    cells: dict[str, list[str]] = {}
    for row in targets.itertuples():
        cells.setdefault(row.scope_code, []).append(_target_cell(row, lang))
    data = comparison.assign(
        recognition=[
            level if pd.notna(level) else t("districts.not_recognised", lang)
            for level in comparison[f"level_{lang}" if f"level_{lang}" in comparison else "level_vi"]
        ],
        decision_date=[fmt.date(value, lang) for value in comparison["decision_date"]],
        targets=["; ".join(cells.get(code, [])) for code in comparison["district_code"]],
        unassessed=comparison["communes_assessed"] == 0,
    ).sort_values(["unassessed", *LAGGARDS_FIRST], na_position="last", kind="stable")
    columns = [
        "district_name",
        "share_ntm",
        "avg_criteria",
        "communes_ntm",
        "communes_total",
        *band_columns,
        "recognition",
        "recognition_year",
        "decision_no",
        "decision_date",
        "targets",
        "district_code",
    ]
    named = table(data[columns], lang)
    return named.rename(columns={column: band_label(column.removeprefix("band_"), lang) for column in band_columns})


def progress_table(assessed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every target with its status first, then how far it is (% kế hoạch, the gap), its latest
    value and target, its base, the plain numbers beside it, and the source it was read from (which
    says when the decision setting it is not confirmed)."""
    data = assessed.assign(
        scope=[
            scope_name(code, name, lang)
            for code, name in zip(assessed["scope_code"], assessed["district_name"], strict=True)
        ],
        measure=[measure_name(row, lang) for row in assessed.itertuples()],
        status=[t(f"progress.{status}", lang) for status in assessed["status"]],
        note=[progress_note(row, lang) for row in assessed.itertuples()],
    )
    columns = [
        "scope",
        "measure",
        "status",
        "percent_of_plan",
        "gap",
        "latest_value",
        "target_value",
        "latest_year",
        "target_year",
        "needed_per_year",
        "projected",
        "base_year",
        "base_value",
        "ratio",
        "note",
        "source",
    ]
    named = table(data[columns].round(DECIMALS), lang)
    # A target's source is cited as the decision or the paper wrote it, in Vietnamese.
    source = t("columns.source", lang)
    return named.rename(columns={source: as_written(source, lang)})


def off_track(assessed: pd.DataFrame, lang: str, limit: int = OFF_TRACK_SHOWN) -> list[str]:
    """One sentence per target that is not met and not on track, the furthest behind first; past
    ``limit`` a last line says how many more there are (a list of thousands is not read)."""
    behind = assessed[assessed["status"].isin(OFF_TRACK)]
    behind = behind.assign(order=behind["status"].map(OFF_TRACK.index)).sort_values(["order", "ratio"])
    hidden = len(behind) - limit
    more = [t("targets.more_off_track", lang, count=fmt.count(hidden, lang))] if hidden > 0 else []
    return [
        t(
            "targets.off_track_line",
            lang,
            measure=measure_name(row, lang),
            scope=scope_name(row.scope_code, row.district_name, lang),
            latest=fmt.amount(row.latest_value, lang),
            target=fmt.amount(row.target_value, lang),
            year=row.latest_year,
            status=t(f"progress.{row.status}", lang),
            note=progress_note(row, lang),
        )
        for row in behind.head(limit).itertuples()
    ] + more


def progress_note(target: object, lang: str) -> str:
    """The plain numbers beside a status, "% kế hoạch" first: the shortfall of a missed target; what
    is missing, per remaining year, and where the current pace lands; or why there is no status."""
    unit = t(f"measure_unit.{target.unit}", lang)
    # Without it (a target of 0), nothing: "đạt –% kế hoạch" tells a reader nothing.
    has_percent = not pd.isna(target.percent_of_plan)
    percent = fmt.number(target.percent_of_plan, lang, 1)
    if target.status in ("met", "achieved", "missed"):
        if target.status == "missed":
            gap = fmt.amount(target.gap, lang)
            shortfall = t(f"targets.note_missed_{target.direction}", lang, gap=gap, unit=unit)
        else:
            latest, goal = fmt.amount(target.latest_value, lang), fmt.amount(target.target_value, lang)
            shortfall = t(f"targets.note_{target.status}", lang, latest=latest, target=goal)
        plan = f"; {t('targets.percent_of_plan', lang, percent=percent)}" if has_percent else ""
        return f"{shortfall}{plan}."
    if target.status == "insufficient":
        return t(f"targets.reason_{target.reason}", lang, base_year=target.base_year)
    parts = [t("targets.note_percent", lang, percent=percent)] if has_percent else []
    if pd.isna(target.ratio):
        pass
    elif target.ratio < 0:
        parts.append(t("targets.note_backwards", lang))
    else:
        # Rounded down (past float noise: 0,6/0,8 is 0,7499…): 94,99 % must not read "95 %" beside
        # "needs acceleration".
        shown = math.floor(1000 * target.ratio + 1e-6) / 10
        parts.append(t("targets.note_ratio", lang, ratio=fmt.number(shown, lang, 1)))
    # A running target has years left: once none are, it is judged (met or missed) above.
    parts.append(
        t(
            f"targets.note_needed_{target.direction}",
            lang,
            gap=fmt.amount(target.gap, lang),
            unit=unit,
            per_year=fmt.amount(target.needed_per_year, lang),
            years=target.remaining_years,
        )
    )
    parts.append(
        t("targets.note_projected", lang, year=target.target_year, value=fmt.amount(target.projected, lang), unit=unit)
    )
    if target.method == "linear":
        parts.append(t("targets.note_linear", lang))
    return " ".join(parts)


def _target_cell(target: object, lang: str) -> str:
    return t(
        "districts.target_cell",
        lang,
        measure=measure_name(target, lang),
        target=fmt.amount(target.target_value, lang),
        year=target.target_year,
        status=t(f"progress.{target.status}", lang),
    )


def _met(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return fmt.MISSING
    return t("criterion.met" if value else "criterion.not_met", lang)
