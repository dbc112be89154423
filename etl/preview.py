"""What a validated file would change, as an analyst checks it before confirming: its problems,
counts of rows new, changed and unchanged per district and year, and each changed value as old → new.

Works on ``Result.changes`` of a dry run (``etl.load``), for any dataset through its reader's
``STORE``; a row of the file is "changed" when any of its values is.
"""

from __future__ import annotations

import pandas as pd

from etl.load import DATASET, DISTRICT, OLD, ROW, SHEET, STATUS
from etl.problems import Problem
from etl.readers import READERS
from ntm.i18n import catalogue, t

STATUSES = ("new", "changed", "unchanged")
_UNIT_COLUMNS = ("commune_code", "unit_code", "scope_code")


def by_district_year(changes: pd.DataFrame, names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """One line per district and year: how many rows of the file are new, changed, unchanged."""
    rows = []
    for dataset, frame in changes.groupby(DATASET, sort=False):
        year = _year_column(dataset)
        for _, row in frame.groupby([SHEET, ROW], sort=False):
            status = row[STATUS]
            rows.append(
                {
                    "district": row[DISTRICT].iloc[0],
                    "year": row[year].iloc[0] if year else None,
                    "status": "new"
                    if (status == "new").all()
                    else ("unchanged" if (status == "unchanged").all() else "changed"),
                }
            )
    frame = pd.DataFrame(rows, columns=["district", "year", "status"])
    counts = (
        frame.groupby(["district", "year"], dropna=False)["status"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    counts["district"] = [_district(code, names, lang) for code in counts["district"]]
    counts["year"] = counts["year"].astype("Int64")
    labels = {
        "district": t("upload.preview_district", lang),
        "year": t("upload.preview_year", lang),
        **{status: t(f"upload.status_{status}", lang) for status in STATUSES},
    }
    return counts.rename(columns=labels)


def changed_values(changes: pd.DataFrame, names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """Each value a confirmed load would replace: where (district, year, unit, which record, row of
    the file), which field, the value in force and the new one."""
    rows = []
    changed = changes[changes[STATUS] == "changed"]
    for dataset, frame in changed.groupby(DATASET, sort=False):
        store = READERS[dataset].STORE
        year = _year_column(dataset)
        unit = next((c for c in _UNIT_COLUMNS if c in store.key), None)
        others = [k for k in store.key if k not in (unit, year)]
        for record in frame.to_dict("records"):
            for field in store.values:
                old, new = record[f"{OLD}{field}"], record[field]
                if _same(old, new):
                    continue
                rows.append(
                    {
                        "district": _district(record[DISTRICT], names, lang),
                        "year": record[year] if year else None,
                        "unit": names.get(record[unit], record[unit]) if unit else "",
                        "record": ", ".join(
                            f"{field_label(k, lang)} {_shown(record[k], lang)}" for k in others if not _blank(record[k])
                        ),
                        "where": t("upload.preview_place", lang, sheet=record[SHEET], row=record[ROW]),
                        "field": field_label(field, lang),
                        "old": _shown(old, lang),
                        "new": _shown(new, lang),
                    }
                )
    columns = ["district", "year", "unit", "record", "where", "field", "old", "new"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame.rename(columns={c: t(f"upload.preview_{c}", lang) for c in columns})


def problems(found: list[Problem], lang: str = "vi") -> pd.DataFrame:
    """The validation report: kind, sheet, row, column, what they are about (the row's xã or unit,
    the column's criterion or field) and what to fix, one line per problem."""
    columns = ("severity", "sheet", "row", "column", "about", "message")
    return pd.DataFrame(
        [
            (
                t(f"upload.severity_{p.severity}", lang),
                p.sheet or "",
                p.row,
                p.column_letter or "",
                p.about(lang),
                p.message(lang),
            )
            for p in found
        ],
        columns=[t(f"upload.report_{c}", lang) for c in columns],
    )


def _year_column(dataset: str) -> str | None:
    store = READERS[dataset].STORE
    return next((c for c in store.key + store.values if c == "year" or c.endswith("_year")), None)


def _district(code: object, names: dict[str, str], lang: str) -> str:
    return t("upload.preview_province", lang) if _blank(code) else names.get(code, str(code))


def field_label(field: str, lang: str) -> str:
    """A stored field's name for people; the field's own name where none is written yet."""
    return catalogue(lang).get(f"upload.field_{field}", field)


def _shown(value: object, lang: str) -> str:
    if _blank(value):
        return "–"
    if isinstance(value, bool):
        return t(f"upload.met_{str(value).lower()}", lang)
    if hasattr(value, "strftime"):
        return value.strftime(t("format.date", lang))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _same(old: object, new: object) -> bool:
    if _blank(old) or _blank(new):
        return _blank(old) and _blank(new)
    return old == new
