"""The data history page's tables in the reader's language: the rows a load brought, as stored, and
the audit log.

Stored rows keep their values, but a column of codes of the reference data (a recognition level, a
target's measure, a reporting cycle, a kind of task…: recognition_levels.csv, measures.csv,
movement_terms.csv in data/reference) and a recognition's unit kind, action and kind of decision
show their names, and, outside Vietnamese, a column of texts people wrote says they are as written.
The audit log names each event and each detail of it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from ntm import formatting as fmt
from ntm import reference, unit_names
from ntm.catalogue import spec
from ntm.i18n import catalogue, t
from presentation import table_display

# The audit details that name something the locales have a name for: detail -> its names' key.
AUDIT_VALUE_NAMES = {"role": "accounts.role_{}", "reason": "history.reason_{}", "status": "history.status_{}"}
# Stored columns of codes the locales have names for: column -> its names' key.
STORED_CODE_NAMES = {
    "action": "commune.action_{}",
    "decision_kind": "history.decision_kind_{}",
    "unit_kind": "history.unit_kind_{}",
}


# Reference tables of codes with their names, beside the movement's vocabularies: table -> code column.
NAMED_CODES = {"recognition_level": "level_code", "measure": "measure_code"}


@functools.cache
def vocabularies(lang: str) -> dict[str, dict[str, str]]:
    """Each vocabulary of codes the stored rows use: code -> its name in ``lang``."""
    named: dict[str, dict[str, str]] = {}
    for row in reference.rows("movement_term"):
        named.setdefault(row["vocabulary"], {})[row["code"]] = row[f"name_{lang}"] or row["name_vi"]
    for table, code in NAMED_CODES.items():
        named[table] = {row[code]: row[f"name_{lang}"] or row["name_vi"] for row in reference.rows(table)}
    return named


def stored_rows(rows: pd.DataFrame, label: Callable[[str], str], lang: str) -> pd.DataFrame:
    """``rows`` of a stored table with each column named by ``label``, vocabulary codes named and
    (outside Vietnamese) people's texts marked as written."""
    shown = rows.copy()
    headers = {}
    for column in rows.columns:
        values = set(rows[column].dropna())
        texts = bool(values) and all(isinstance(value, str) for value in values)
        names = _names(column, values, lang) if texts else None
        if names:
            shown[column] = rows[column].map(names)
        header = label(column)
        written = texts and not names and not _is_code(column)
        headers[column] = table_display.as_written(header, lang) if written else header
    return shown.rename(columns=headers)


def audit_log(log: pd.DataFrame, lang: str, describe_scope: Callable[[str], str]) -> pd.DataFrame:
    """The audit records with each event named and its details as "name: value" ("Vai trò: Quản
    trị"); the actor and subject as recorded (account names, file names, a load's number)."""
    return log.assign(
        event=[t(f"history.event_{event}", lang) for event in log["event"]],
        detail=[_details(detail, lang, describe_scope) for detail in log["detail"]],
    )


def _details(detail: dict, lang: str, describe_scope: Callable[[str], str]) -> str:
    return "; ".join(
        f"{t(f'history.detail_{key}', lang)}: {_detail_value(key, value, lang, describe_scope)}"
        for key, value in detail.items()
    )


def _detail_value(key: str, value: object, lang: str, describe_scope: Callable[[str], str]) -> str:
    if isinstance(value, bool):
        return t("view.yes" if value else "view.no", lang)
    if key == "scope":
        return describe_scope(str(value))
    if key == "dataset" and value in spec().datasets:
        return spec().datasets[value].name(lang)
    if key in AUDIT_VALUE_NAMES:
        named = AUDIT_VALUE_NAMES[key].format(value)
        return t(named, lang) if named in catalogue(lang) else str(value)
    if key == "expires_at" and isinstance(value, int | float):
        return fmt.date(pd.Timestamp(value, unit="s"), lang)
    return fmt.MISSING if value in (None, "") else str(value)


def _names(column: str, values: set, lang: str) -> dict[str, str] | None:
    """What a column of texts shows instead of its values: names of codes, or units' names."""
    return _named_codes(column, values, lang) or _vocabulary_of(values, lang) or _unit_names(values, lang)


def _named_codes(column: str, values: set, lang: str) -> dict[str, str] | None:
    """The names of a column's codes (``STORED_CODE_NAMES``), if the locales name every one."""
    if column not in STORED_CODE_NAMES:
        return None
    keys = {value: STORED_CODE_NAMES[column].format(value) for value in values}
    if not set(keys.values()) <= catalogue(lang).keys():
        return None
    return {value: t(key, lang) for value, key in keys.items()}


def _vocabulary_of(values: set, lang: str) -> dict[str, str] | None:
    """The names of ``values`` if each is a code of exactly one vocabulary: a column may mix two (a
    contribution's sources of money and in kind), but a code two vocabularies share is ambiguous."""
    named = {}
    for value in values:
        names = [names[value] for names in vocabularies(lang).values() if value in names]
        if len(names) != 1:
            return None
        named[value] = names[0]
    return named


def _unit_names(values: set, lang: str) -> dict[str, str] | None:
    """Units' names in ``lang``, when ``values`` are all names of units."""
    if lang == unit_names.ENGLISH and values <= unit_names.english_names().keys():
        return {name: unit_names.in_language(name, lang) for name in values}
    return None


def _is_code(column: str) -> bool:
    return column.endswith("_code") or column.endswith("_no")
