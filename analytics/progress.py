"""Progress toward a target, by the method Open SDG uses (Statistics Canada's).

The observed compound annual growth rate from the base year to the latest year is divided by the
rate needed to go from the base to the target by the target year:

    ratio = d × CAGR_observed / |CAGR_required|,   CAGR = (value / base) ^ (1 / years) − 1

with d = +1 when more is better and −1 when less is better (``direction`` in measures.csv). The
target met is "achieved" whatever the ratio; otherwise ratio ≥ 0.95 is on track, ≥ 0.6 needs
acceleration, ≥ 0 is slow progress and below 0 is going backwards.

A growth rate from or to zero is undefined (a xã count that starts at 0 nâng cao xã, a target of
"no xã below 15 criteria"). Open SDG then replaces the zero by 0.001, which turns one xã into a
growth of several hundred per cent a year. Here such a target is judged on a linear pace instead:
the change per year observed since the base divided by the change per year required, with the
same thresholds. The result says which method was used, so the page can say so.

Beside the status, plain numbers: how much is still missing, how much is needed per remaining
year, and where the value lands in the target year if it keeps its pace (the same rate as the
status, so "on track" and "lands at or beyond the target" always agree).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ON_TRACK = 0.95
ACCELERATE = 0.6

# Verdicts on a target whose year has passed, then Open SDG's statuses of a running target, best
# first; their labels are "progress.<status>" in the locales, their colours presentation.charts.COLOURS.
VERDICTS = ("met", "missed")
RUNNING = ("achieved", "on_track", "accelerate", "slow", "regress", "insufficient")
STATUSES = VERDICTS + RUNNING
# The order a list of targets is read in: those furthest behind first, those without a status last.
WORST_FIRST = ("missed", "regress", "slow", "accelerate", "on_track", "achieved", "met", "insufficient")
# Why there is no status: no observed value, no base (year or value), no year after the base.
REASONS = ("no_value", "no_base", "one_year")
GROWTH, LINEAR = "growth", "linear"

INPUT_COLUMNS = ["base_year", "base_value", "latest_year", "latest_value", "target_year", "target_value", "direction"]


@dataclass(frozen=True)
class Progress:
    status: str
    reason: str | None = None
    method: str | None = None  # GROWTH or LINEAR, when a ratio was computed
    ratio: float | None = None
    gap: float | None = None  # still missing to reach the target, in the measure's unit (0 when met)
    remaining_years: int | None = None
    needed_per_year: float | None = None  # the gap spread over the remaining years
    projected: float | None = None  # the value in the target year if the current pace holds
    percent_of_plan: float | None = None  # "% kế hoạch": the value ÷ the target × 100, one decimal


def assess(
    *,
    base_year: int | None,
    base_value: float | None,
    latest_year: int | None,
    latest_value: float | None,
    target_year: int,
    target_value: float,
    direction: str,
    ended: bool = False,
) -> Progress:
    """The progress status (or verdict, once ``ended``) of one target and the plain numbers beside it."""
    one = pd.DataFrame(
        {
            "base_year": [base_year],
            "base_value": [base_value],
            "latest_year": [latest_year],
            "latest_value": [latest_value],
            "target_year": [target_year],
            "target_value": [target_value],
            "direction": [direction],
            "ended": [ended],
        },
        dtype=object,
    )
    row = assess_frame(one).iloc[0]
    return Progress(**{field: _plain(row[field]) for field in Progress.__dataclass_fields__})


def assess_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (one target per row, with INPUT_COLUMNS and optionally ``ended``) with the Progress
    fields added.

    Computed on whole columns (a national list holds thousands of targets); each row follows the
    steps of the module docstring, and a row leaves a column empty (None) where ``Progress`` would.
    """
    base_year, base, latest_year, latest, target_year, target = (
        _numbers(frame[column]) for column in INPUT_COLUMNS if column != "direction"
    )
    sign = np.where(frame["direction"].to_numpy(dtype=object) == "decrease", -1.0, 1.0)
    gap = sign * (target - latest)
    remaining = target_year - latest_year
    no_value = np.isnan(latest) | np.isnan(latest_year)
    achieved = ~no_value & (gap <= 0)
    behind = ~no_value & ~achieved
    no_base = behind & (np.isnan(base) | np.isnan(base_year))
    one_year = behind & ~no_base & (latest_year - base_year < 1)
    judged = behind & ~no_base & ~one_year

    growth = judged & (base > 0) & (target > 0) & (latest >= 0)
    with np.errstate(all="ignore"):  # rows not judged (or judged the other way) compute nonsense, then dropped
        observed = np.where(
            growth, _growth(base, latest, latest_year - base_year), (latest - base) / (latest_year - base_year)
        )
        required = np.where(
            growth, _growth(base, target, target_year - base_year), (target - base) / (target_year - base_year)
        )
        projected = np.where(growth, latest * (1 + observed) ** remaining, latest + observed * remaining)
        ratio = sign * observed / np.abs(required)
        needed = gap / remaining
    # The target equals the base: it was met at the base and the value has moved away since.
    left_behind = judged & (required == 0)
    rated = judged & ~left_behind
    ended = (
        frame["ended"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if "ended" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    status = np.select(
        [
            ended & achieved,
            ended & behind,
            no_value | no_base | one_year,
            achieved,
            left_behind,
            ratio >= ON_TRACK,
            ratio >= ACCELERATE,
            ratio >= 0,
        ],
        ["met", "missed", "insufficient", "achieved", "regress", "on_track", "accelerate", "slow"],
        "regress",
    )
    reason = np.select([no_value, ~ended & no_base, ~ended & one_year], list(REASONS), "")
    assessed = pd.DataFrame(
        {
            "status": status.tolist(),
            "reason": [value or None for value in reason.tolist()],
            "method": [(GROWTH if g else LINEAR) if j else None for g, j in zip(growth, judged, strict=True)],
            "ratio": np.where(rated, ratio, np.nan),
            "gap": np.where(achieved, 0.0, np.where(behind, gap, np.nan)),
            "remaining_years": np.where(no_value, np.nan, remaining),
            "needed_per_year": np.where(behind & (remaining > 0), needed, np.nan),
            "projected": np.where(judged & (remaining > 0), projected, np.nan),
            "percent_of_plan": np.round(100 * latest / np.where(target == 0, np.nan, target), 1),
        },
        index=frame.index,
        dtype=object,
    ).infer_objects()  # as a list of Progress rows would be typed, even empty
    for column in ("ratio", "gap", "needed_per_year", "projected", "percent_of_plan"):
        assessed[column] = assessed[column].astype("Float64")
    assessed["remaining_years"] = assessed["remaining_years"].astype("Int64")
    return pd.concat([frame, assessed], axis=1)


def _numbers(column: pd.Series) -> np.ndarray:
    # Query results carry NaN or pd.NA for "no value", a single target None: all become NaN.
    return pd.to_numeric(column).to_numpy(dtype="float64", na_value=np.nan)


def _growth(start: np.ndarray, end: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The compound annual growth rate (end / start) ^ (1 / years) − 1."""
    return (end / start) ** (1 / years) - 1


def _plain(value: object) -> object:
    # A frame's cell as a plain Python number or None, as ``Progress`` promises.
    if value is None or pd.isna(value):
        return None
    return value.item() if isinstance(value, np.generic) else value
