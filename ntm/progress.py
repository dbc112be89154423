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

from dataclasses import asdict, dataclass

import pandas as pd

ON_TRACK = 0.95
ACCELERATE = 0.6

# Statuses from best to worst; their labels are "progress.<status>" in the locales.
STATUSES = ("achieved", "on_track", "accelerate", "slow", "regress", "insufficient")
# The order a list of targets is read in: those furthest behind first, those without a status last.
WORST_FIRST = ("regress", "slow", "accelerate", "on_track", "achieved", "insufficient")
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


def assess(
    *,
    base_year: int | None,
    base_value: float | None,
    latest_year: int | None,
    latest_value: float | None,
    target_year: int,
    target_value: float,
    direction: str,
) -> Progress:
    """The progress status of one target and the plain numbers beside it."""
    sign = -1 if direction == "decrease" else 1
    if _missing(latest_value) or _missing(latest_year):
        return Progress("insufficient", reason="no_value")
    gap = sign * (target_value - latest_value)
    remaining = int(target_year - latest_year)
    if gap <= 0:
        return Progress("achieved", gap=0.0, remaining_years=remaining)
    numbers = {"gap": float(gap), "remaining_years": remaining,
               "needed_per_year": float(gap / remaining) if remaining > 0 else None}
    if _missing(base_value) or _missing(base_year):
        return Progress("insufficient", reason="no_base", **numbers)
    if latest_year - base_year < 1:
        return Progress("insufficient", reason="one_year", **numbers)

    method = GROWTH if base_value > 0 and target_value > 0 and latest_value >= 0 else LINEAR
    observed = _pace(method, base_value, latest_value, latest_year - base_year)
    required = _pace(method, base_value, target_value, target_year - base_year)
    projected = _land(method, latest_value, observed, remaining) if remaining > 0 else None
    if required == 0:
        # The target equals the base: it was met at the base and the value has moved away since.
        return Progress("regress", method=method, projected=projected, **numbers)
    ratio = sign * observed / abs(required)
    return Progress(_status(ratio), method=method, ratio=ratio, projected=projected, **numbers)


def assess_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (one target per row, with INPUT_COLUMNS) with the Progress fields added."""
    results = [
        asdict(assess(**{column: _plain(row[column]) for column in INPUT_COLUMNS}))
        for _, row in frame.iterrows()
    ]
    columns = list(Progress.__dataclass_fields__)
    assessed = pd.DataFrame(results, columns=columns, index=frame.index)
    for column in ("ratio", "gap", "needed_per_year", "projected"):
        assessed[column] = assessed[column].astype("Float64")
    assessed["remaining_years"] = assessed["remaining_years"].astype("Int64")
    return pd.concat([frame, assessed], axis=1)


def _pace(method: str, start: float, end: float, years: int) -> float:
    if method == GROWTH:
        return (end / start) ** (1 / years) - 1
    return (end - start) / years


def _land(method: str, latest: float, pace: float, years: int) -> float:
    if method == GROWTH:
        return latest * (1 + pace) ** years
    return latest + pace * years


def _status(ratio: float) -> str:
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= ACCELERATE:
        return "accelerate"
    if ratio >= 0:
        return "slow"
    return "regress"


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def _plain(value: object) -> object:
    # Query results carry NaN or pd.NA for "no value"; the method works on plain numbers or None.
    return None if value is None or pd.isna(value) else value
