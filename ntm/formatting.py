"""Numbers, shares and dates as the reader writes them: 1.234,5 · 69,8% · 31/12/2024 in Vietnamese.

The separators and patterns live in each language's catalogue (``[format]`` in ntm/locales), so a
new language brings its own. Dates are dd/mm/yyyy in every language: it is the province's usage.
"""

from __future__ import annotations

import datetime as dt
from numbers import Real

import pandas as pd

from ntm.i18n import t

# Shown where a figure does not exist (no xã assessed, no target), never a zero that is not one.
MISSING = "–"


def number(value: Real | None, lang: str, decimals: int = 0) -> str:
    """1.234,5 (vi) or 1,234.5 (en)."""
    if _is_missing(value):
        return MISSING
    text = f"{value:,.{decimals}f}"
    separators = str.maketrans({",": t("format.thousands", lang), ".": t("format.decimal", lang)})
    return text.translate(separators)


def count(value: Real | None, lang: str) -> str:
    """A whole number, or a figure such as a target that is usually whole but may not be."""
    if _is_missing(value):
        return MISSING
    return number(value, lang, 0 if float(value).is_integer() else 1)


def amount(value: Real | None, lang: str) -> str:
    """A measured amount as a target table writes it: whole numbers plain (xã, districts), an
    average with the decimals that show a gap of 0,23."""
    if _is_missing(value):
        return MISSING
    if float(value).is_integer():
        return number(value, lang, 0)
    return number(value, lang, 1 if abs(value) >= 1 else 2)


def percent(part: Real | None, whole: Real | None, lang: str, decimals: int = 1) -> str:
    """``part`` as a share of ``whole``: 69,8% (vi), 69.8% (en); missing when ``whole`` is 0."""
    if _is_missing(part) or _is_missing(whole) or not whole:
        return MISSING
    return t("format.percent", lang, value=number(100 * part / whole, lang, decimals))


def fraction(part: Real | None, whole: Real | None, lang: str) -> str:
    """n/N as reports write it: 98/116."""
    return f"{count(part, lang)}/{count(whole, lang)}"


def date(value: dt.date | None, lang: str) -> str:
    """31/12/2024. Accepts dates and datetimes (a load time is shown as its day)."""
    if _is_missing(value):
        return MISSING
    return value.strftime(t("format.date", lang))


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators``: the decimal mark, then the thousands separator."""
    return t("format.decimal", lang) + t("format.thousands", lang)


def _is_missing(value: object) -> bool:
    # Query results carry None, NaN or pd.NA for "no figure", depending on the column type.
    return value is None or bool(pd.isna(value))
