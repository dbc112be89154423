"""Targets: for the country, the province or a district (while there were districts), a measure's
value in a base year and the value it should reach by a target year."""

from __future__ import annotations

from etl import values
from etl.problems import Phrase
from etl.readers.common import Context, Record, Store, table_rows
from etl.readers.fields import rows
from etl.table import Table
from ntm.catalogue import clean_cell
from ntm.criteria_sets import criteria, of_year, units_on
from ntm.text import fold

DATASET = "targets"
STORE = Store(
    "target",
    ("scope_code", "measure_code", "criterion_no", "target_year"),
    ("base_year", "base_value", "target_value", "source"),
)
CRITERION_MEASURE = "communes_meeting_criterion"
# Scopes written in words (datasets.toml ``province_scope``, ``national_scope``); any other is a district.
PROVINCE, NATIONAL = "province", "national"


def read(table: Table, ctx: Context) -> list[Record]:
    sheet = table.sheet.name
    scopes = {
        scope: {fold(word) for word in words["words"]}
        for scope, words in (
            (PROVINCE, table.dataset.vocabulary("province_scope")),
            (NATIONAL, table.dataset.vocabulary("national_scope")),
        )
    }
    measures = table.dataset.words("measures")
    records: list[Record] = []
    seen: dict[tuple, int] = {}
    # No total rows here: "Toàn tỉnh" is a scope in a targets sheet, not a total.
    for row in rows(table, ctx, table_rows(table, skip_totals=False)):
        # A target speaks of the units of its year, and of the criteria of its year's set.
        year = row.peek("target_year", values.year)
        scope_text = row.text("scope") or ""
        scope = next((name for name, words in scopes.items() if fold(scope_text) in words), None)
        if scope is None:
            day = units_on(year) if year else None
            scope = row.district(day, "scope", unknown=False)
            if scope is None and ctx.units.find_district(scope_text) is None:
                accepted = "scope_words_districts" if ctx.units.district_level_on(day) else "scope_words"
                row.error("scope_invalid", "scope", value=scope_text, accepted=Phrase(accepted))
        if scope is not None:
            row.label(scope_text if scope in scopes else ctx.units.district_name(scope))
        measure = _measure(row.raw("measure"), measures, ctx)
        if measure is None:
            row.error("measure_invalid", "measure", value=row.text("measure") or "")
        criterion = None
        if measure == CRITERION_MEASURE:
            criterion = row.read("criterion_no", values.integer)
            numbers = {c.number for c in criteria(of_year(year).code)} if year else ctx.catalogue.criterion_numbers
            if criterion is not None and criterion not in numbers:
                row.error("criterion_unknown", "criterion_no", value=criterion, count=max(numbers))
                criterion = None
            if criterion is None:
                measure = None
        base_year = base_value = None
        if not row.blank("base_year") or not row.blank("base_value"):
            base_year = row.read("base_year", values.year)
            base_value = row.read("base_value", values.number)
            if base_year is None or base_value is None:
                continue
        target_year = row.read("target_year", values.year)
        target_value = row.read("target_value", values.number)
        if None in (scope, measure, target_year, target_value):
            continue
        if base_year is not None and base_year >= target_year:
            row.error("base_after_target", "base_year", base_year=base_year, target_year=target_year)
            continue
        key = (scope, measure, criterion, target_year)
        first = seen.setdefault(key, row.number)
        if first != row.number:
            row.error("target_duplicated", first_row=first)
            continue
        records.append(
            Record(
                {
                    "scope_code": scope,
                    "measure_code": measure,
                    "criterion_no": criterion,
                    "base_year": base_year,
                    "base_value": base_value,
                    "target_year": target_year,
                    "target_value": target_value,
                    "source": row.text("source"),
                },
                row.sheet,
                row.number,
                None if scope in scopes else scope,
            )
        )
    if not records and not ctx.findings.errors:
        ctx.findings.error("sheet_without_rows", sheet, table.header_row + 1, None)
    return records


def _measure(value: object, measures: dict[str, tuple[str, ...]], ctx: Context) -> str | None:
    text = clean_cell(value)
    if text in ctx.catalogue.measure_codes:
        return text
    folded = f" {fold(text)} "
    for code, words in measures.items():
        if any(f" {word} " in folded for word in words):
            return code
    return None
