"""The verdict strip: the first thing a page says, in words and numbers only (no chart), so that it
is read before any chart's script has loaded. One line per target of the scope in view — its
status in the status colour, value against target, the gap in the measure's unit, "% kế hoạch", the
change since the year before — then the units that lag most. Built from ``analytics.verdicts``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import NATIONAL
from ntm import formatting as fmt
from ntm.i18n import t
from presentation.charts import measure_name, scope_name

# A status's colour as a Streamlit badge names it: the nearest of the charts' status colours
# (presentation.charts.COLOURS: blue at the goal, yellow to orange behind, vermillion backwards).
STATUS_BADGES = {
    "met": "blue",
    "achieved": "blue",
    "on_track": "blue",
    "accelerate": "yellow",
    "slow": "orange",
    "regress": "red",
    "missed": "red",
    "insufficient": "gray",
}


@dataclass(frozen=True)
class Verdict:
    """One target's line of the strip, every part in the reader's language."""

    status: str  # analytics.progress's status or verdict
    badge: str  # the status's badge colour (STATUS_BADGES)
    label: str  # the status in words
    measure: str
    value: str  # "114 / 116 xã"
    gap: str  # "Còn thiếu 2 xã", or the status when nothing is missing
    plan: str  # "đạt 98,3% kế hoạch" ("" for a target of zero)
    change: str  # "+3 so với 2024" ("" without the year before)

    def markdown(self) -> str:
        # "% kế hoạch" first, as every target says it (issue 13's wording).
        parts = [self.plan, self.value, self.gap, self.change]
        return f":{self.badge}-badge[{self.label}] **{self.measure}**: " + " · ".join(part for part in parts if part)


def verdicts(targets: pd.DataFrame, lang: str) -> list[Verdict]:
    """A ``Verdict`` per row of ``analytics.verdicts.scope_targets``, the furthest behind first."""
    return [_verdict(target, lang) for target in targets.itertuples()]


def _verdict(target: object, lang: str) -> Verdict:
    unit = t(f"measure_unit.{target.unit}", lang)
    label = t(f"progress.{target.status}", lang)
    behind = not pd.isna(target.gap) and target.gap > 0
    gap = (
        t(f"targets.note_missed_{target.direction}", lang, gap=fmt.amount(target.gap, lang), unit=unit)
        if behind
        else ""
    )
    plan = (
        ""
        if pd.isna(target.percent_of_plan)
        else t("targets.percent_of_plan", lang, percent=fmt.number(target.percent_of_plan, lang, 1))
    )
    return Verdict(
        status=target.status,
        badge=STATUS_BADGES[target.status],
        label=label,
        measure=measure_name(target, lang)
        + (f" – {scope_name(target.scope_code, None, lang)}" if target.scope_code == NATIONAL else ""),
        value=t(
            "verdict.value",
            lang,
            value=fmt.amount(target.latest_value, lang),
            target=fmt.amount(target.target_value, lang),
            unit=unit,
            year=target.target_year,
        ),
        gap=gap,
        plan=plan,
        change=change(target.latest_value, target.previous_value, target.latest_year - 1, lang),
    )


def change(value: object, previous: object, year: object, lang: str) -> str:
    """ "+3 so với 2024", "−0,2 so với 2024", "không đổi so với 2024"; "" without both values."""
    if pd.isna(value) or pd.isna(previous):
        return ""
    difference = float(value) - float(previous)
    if difference == 0:
        return t("verdict.unchanged", lang, year=int(year))
    sign = "+" if difference > 0 else "−"
    return t("verdict.change", lang, change=sign + fmt.amount(abs(difference), lang), year=int(year))


def lagging_labels(lagging: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each unit of ``analytics.verdicts.lagging_units`` by its code: "Thành phố Hà Tiên (50% xã đạt đủ tiêu chí)"."""
    return {
        row.code: t(
            f"verdict.lagging_{row.measure}",
            lang,
            name=(row.name_en if lang == "en" and isinstance(row.name_en, str) else row.name),
            value=fmt.amount(row.value, lang),
        )
        for row in lagging.itertuples()
    }
