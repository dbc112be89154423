"""How a table reads on screen, like the cards beside it: numbers in the reader's format (18,8 and
1.234 in Vietnamese), years and numbers of documents as written (2025, not 2.025), dates dd/mm/yyyy,
"–" where there is no value, and codes hidden until asked for. The table itself is not changed: its
downloads keep the raw values.

A column's role comes from its raw name, found back from the header it was given in the reader's
language (``columns.<name>`` and ``<page>.column_<name>`` in the locales): "Mã huyện" is
``district_code``, a code; "Năm gốc" is ``base_year``, a year.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pandas as pd
from pandas.io.formats.style import Styler

from ntm import formatting as fmt
from ntm.i18n import DEFAULT_LANGUAGE, catalogue, t

# Raw names of columns whose values identify rather than measure: written as they are, never with
# a thousands separator (a year, a load's number, a decision's number).
_IDENTIFIER = re.compile(r"(^|_)(year|id|no)$")
# Raw names of codes: hidden on screen (names say the same to a reader), kept in the downloads.
_CODE = re.compile(r"(^|_)code$")
_COLUMN_PREFIX = "column_"


@functools.cache
def raw_names(lang: str) -> dict[str, str]:
    """Column headers in ``lang`` -> the raw column name each one names ("Mã huyện" -> "district_code")."""
    names = {}
    for key, header in catalogue(lang).items():
        section, _, name = key.partition(".")
        if section == "columns":
            names[header] = name
        elif name.startswith(_COLUMN_PREFIX):
            names[header] = name.removeprefix(_COLUMN_PREFIX)
    return names


def codes(frame: pd.DataFrame, lang: str) -> list[str]:
    """The columns of ``frame`` that hold codes: hidden until the reader shows them."""
    return [column for column in frame.columns if _CODE.search(raw_names(lang).get(str(column), ""))]


def as_written(header: str, lang: str) -> str:
    """The header of a column of texts people wrote (a task, a report's summary, a model's name),
    or such a text itself: shown as they wrote it, in Vietnamese, which in another language it says."""
    return header if lang == DEFAULT_LANGUAGE else f"{header} {t('view.as_written', lang)}"


def shown_as_written(header: str, lang: str) -> bool:
    """Whether a column's values are shown as people wrote them: a column ``as_written`` marks, a
    code, or a number of a document ("QĐ số 12/2024")."""
    raw = raw_names(lang).get(header, "")
    return header.endswith(t("view.as_written", lang)) or bool(_CODE.search(raw) or _IDENTIFIER.search(raw))


def styled(table: pd.DataFrame | Styler, lang: str) -> Styler:
    """``table`` (or the Styler that colours it) with every value written for the reader."""
    styler = table if isinstance(table, Styler) else table.style
    frame = styler.data
    formatters = {column: _formatter(frame[column], str(column), lang) for column in frame.columns}
    # Every column first (text too: None reads "–"), then each column with its own way of writing.
    styler.format(na_rep=fmt.MISSING)
    return styler.format({column: format for column, format in formatters.items() if format}, na_rep=fmt.MISSING)


def _formatter(values: pd.Series, header: str, lang: str) -> Callable[[object], str] | None:
    if pd.api.types.is_bool_dtype(values):
        return functools.partial(_yes_no, lang=lang)
    if pd.api.types.is_numeric_dtype(values):
        if _IDENTIFIER.search(raw_names(lang).get(header, "")):
            return _as_written
        return functools.partial(fmt.amount, lang=lang)
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.infer_dtype(values, skipna=True) == "date":
        return functools.partial(fmt.date, lang=lang)
    return None


def _yes_no(value: object, lang: str) -> str:
    return t("view.yes" if value else "view.no", lang)


def _as_written(value: object) -> str:
    """A year or a number of a document: 2025, 12 (stored as 2025.0 where a column has gaps)."""
    return str(int(value)) if float(value).is_integer() else str(value)
