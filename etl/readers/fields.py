"""Reading a data row, the one way every reader does: its cells by column key (a criterion's column
by the criterion's number), read as values, words from a declared vocabulary, the district and xã
or the agencies they name; and what readers share about rows: required columns, duplicate keys.

Every helper pins its error to the cell and returns None; a reader may keep going with a None,
since one error anywhere means nothing from the file is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from etl import values
from etl.readers.common import Context, declared_range, parse_cell
from etl.table import Table
from ntm.agencies import Agencies, TooManyNames
from ntm.catalogue import cell_text, clean_cell
from ntm.text import fold
from ntm.units import Match

# A column of a table: its key in datasets.toml, or the number of the criterion it holds.
Key = str | int


class Row:
    """One data row of a table, with where it is, for reading its cells."""

    def __init__(self, table: Table, ctx: Context, cells: list, excel_row: int):
        self.table, self.ctx, self.cells, self.number = table, ctx, cells, excel_row
        self.sheet = table.sheet.name

    def raw(self, key: Key) -> object:
        """The cell as the file holds it; "" when the table has no such column."""
        if isinstance(key, int):
            return self.table.cell(self.cells, self.table.criteria[key])
        return self.table.value(self.cells, key)

    def criteria(self) -> dict[int, object]:
        """The cell of every criterion column, by criterion number (in one pass: a national
        workbook has 190,000 of them)."""
        cell, cells = self.table.cell, self.cells
        return {number: cell(cells, col) for number, col in sorted(self.table.criteria.items())}

    def text(self, key: Key) -> str | None:
        return clean_cell(self.raw(key)) or None

    def blank(self, key: Key) -> bool:
        return values.is_blank(self.raw(key))

    def column(self, key: Key) -> int | None:
        """The Excel column number (1-based) of a column, for messages."""
        if isinstance(key, int):
            return self.table.criteria[key] + 1
        return self.table.column_number(key)

    def label(self, text: str) -> None:
        """Name what this row is about (its unit, agency, model …) in its problems."""
        self.ctx.findings.label_row(self.sheet, self.number, text)

    def error(self, key: str, at: Key | None = None, **params: object) -> None:
        """An error on this row, in the column of ``at`` when given."""
        self.ctx.findings.error(key, self.sheet, self.number, self.column(at) if at is not None else None, **params)

    def warning(self, key: str, at: Key | None = None, **params: object) -> None:
        """A warning on this row, in the column of ``at`` when given."""
        self.ctx.findings.warning(key, self.sheet, self.number, self.column(at) if at is not None else None, **params)

    def parse(self, key: Key, parser: Callable, required: bool = False, out_of_range: str = "value_out_of_range"):
        """The cell read by ``parser`` (see ``read``); None when blank (an error too when ``required``)."""
        if self.blank(key):
            if required:
                self.error("value_missing", key, header=self.header(key))
            return None
        return self.read(key, parser, out_of_range)

    def read(self, key: Key, parser: Callable, out_of_range: str = "value_out_of_range"):
        """The cell read by ``parser``, blank or not (the parser says what a blank is), within the
        column's declared range (else the error ``out_of_range``); None when it cannot be read."""
        return parse_cell(
            self.ctx,
            parser,
            self.raw(key),
            self.sheet,
            self.number,
            self.column(key),
            declared_range(self.table, key),
            out_of_range,
        )

    def peek(self, key: Key, parser: Callable):
        """The cell read by ``parser``, or None, reporting nothing: for what another cell's reading
        depends on (its own errors are reported where it is read)."""
        try:
            return parser(self.raw(key))
        except values.BadValue:
            return None

    def header(self, key: str) -> str:
        """The column's canonical header (as in the template)."""
        return self.table.dataset.column(key).header

    def written_header(self, key: str) -> str:
        """The column's header as this file writes it ("Dân góp"), else the canonical one."""
        col = self.table.columns.get(key)
        text = clean_cell(self.table.sheet.cell(self.table.header_row, col)) if col is not None else ""
        return text or self.header(key)

    def term(self, key: str, vocabulary: dict[str, tuple[str, ...]], contains: bool = False) -> str | None:
        """The code whose spelling the cell is (or, with ``contains``, holds as whole words);
        an error naming the accepted words when none is."""
        if self.blank(key):
            self.error("value_missing", key, header=self.header(key))
            return None
        code = term(self.raw(key), vocabulary, contains)
        if code is None:
            accepted = "; ".join(words[0] for words in vocabulary.values() if words)
            self.error("term_invalid", key, value=self.text(key), header=self.header(key), accepted=accepted)
        return code

    def place(self, on: dt.date | None = None) -> tuple[str | None, str | None]:
        """(district code, xã code) from the optional "Huyện" and "Xã" columns, among the units of
        ``on`` (any day when None)."""
        district = self.district(on)
        if self.blank("commune"):
            return district, None
        text = self.text("commune")
        match = self.ctx.units.find_commune(text, district, on=on)
        if match.unit is None:
            self.unit_problem("commune", match, text, district)
            return district, None
        return match.unit.district_code, match.unit.code

    def district(self, on: dt.date | None, key: str = "district", unknown: bool = True) -> str | None:
        """The district the cell ``key`` names, when it still existed ``on`` that day; an error for a
        name that is no district (unless ``unknown`` is off) or one that had ended by then (the
        district level ended on 1/7/2025)."""
        if self.blank(key):
            return None
        units = self.ctx.units
        code = units.find_district(self.raw(key))
        if code is None:
            if unknown:
                self.error("district_unknown", key, value=self.text(key))
            return None
        ended = units.district_dates.get(code, (None, None))[1]
        if ended is not None and on is not None and ended < on:
            self.error("district_level_ended", key, value=units.district_name(code), date=ended + dt.timedelta(days=1))
            return None
        return code

    def unit_problem(self, key: Key, match: Match, text: str, district: str | None = None) -> None:
        """The error for a name or code in column ``key`` that did not lead to exactly one unit."""
        units = self.ctx.units
        if match.bad_code:
            self.error("commune_code_length", key, value=text)
        elif match.other_time:
            self.other_time(key, match)
        elif match.elsewhere and all(u.unit_type != "xã" for u in match.elsewhere):
            unit = match.elsewhere[0]
            self.error("commune_not_in_programme", key, value=unit.name, unit_type=unit.unit_type)
        elif match.elsewhere:
            names = ", ".join(units.label(u) for u in match.elsewhere)
            self.error("commune_other_district", key, value=text, found=names, district=units.district_name(district))
        elif match.ambiguous:
            names = ", ".join(units.label(u) for u in match.ambiguous)
            self.error("commune_ambiguous", key, value=text, candidates=names)
        elif match.suggestions:
            self.error("commune_unknown_suggest", key, value=text, suggestions="; ".join(match.suggestions))
        else:
            self.error("commune_unknown", key, value=text)

    def other_time(self, key: Key, match: Match) -> None:
        """The error for a unit named at a date it did not exist: what an old unit became (or that
        it ended), or the day a new one began and what it was made from."""
        units = self.ctx.units
        ended = match.ended()
        if ended:
            unit = ended[-1]
            went = units.successors(unit)
            if not went:
                self.error("unit_ended", key, value=unit.name, last_day=unit.valid_to)
                return
            successors = "; ".join(dict.fromkeys(s.new_name for s in went))
            basis = went[0].legal_basis
            self.error(
                "unit_succeeded", key, value=unit.name, successors=successors, date=went[0].effective, basis=basis
            )
            return
        unit = match.other_time[0]
        came = units.predecessors(unit)
        if came:
            sources = ", ".join(dict.fromkeys(s.old_name for s in came))
            self.error("unit_not_yet_from", key, value=unit.name, date=unit.valid_from, predecessors=sources)
        else:
            self.error("unit_not_yet", key, value=unit.name, date=unit.valid_from)

    def agencies(self, key: str, agencies: Agencies, required: bool = True) -> list[str]:
        """The agency codes a cell names (a group gives its members, whenever in office); errors as
        ``agency_names``."""
        return agencies.expand_all(self.agency_names(key, agencies, required))

    def agency_names(self, key: str, agencies: Agencies, required: bool = True) -> list[str]:
        """The agencies and groups a cell names (their codes); an error for a name that is not an
        agency, with the closest spellings, and for a cell naming more than a cell may."""
        if self.blank(key):
            if required:
                self.error("value_missing", key, header=self.header(key))
            return []
        try:
            codes, unknown = agencies.names_in(self.raw(key))
        except TooManyNames as many:
            self.error("agencies_too_many", key, count=many.count, limit=many.limit)
            return []
        for piece in unknown:
            suggestions = agencies.suggest(piece)
            if suggestions:
                self.error("agency_unknown_suggest", key, value=piece, suggestions="; ".join(suggestions))
            else:
                self.error("agency_unknown", key, value=piece)
        return codes


def rows(table: Table, ctx: Context, data_rows) -> list[Row]:
    return [Row(table, ctx, cells, excel_row) for excel_row, cells in data_rows]


def missing_columns(table: Table, ctx: Context) -> bool:
    """Whether a required column is missing (each one reported at the header row)."""
    missing = [column.header for column in table.dataset.columns if column.required and column.key not in table.columns]
    for header in missing:
        ctx.findings.error("column_missing", table.sheet.name, table.header_row + 1, None, header=header)
    return bool(missing)


def term(value: object, vocabulary: dict[str, tuple[str, ...]], contains: bool = False) -> str | None:
    """The code whose (folded) spelling ``value`` is; with ``contains``, else the first code one of
    whose spellings it holds as whole words, in the vocabulary's order."""
    folded = fold(cell_text(value))
    for code, words in vocabulary.items():
        if folded in words:
            return code
    if contains:
        for code, words in vocabulary.items():
            if any(word and f" {word} " in f" {folded} " for word in words):
                return code
    return None


def first_row(seen: dict[tuple, int], key: tuple, row: Row) -> int | None:
    """The row where ``key`` was first seen in this file, if not this one."""
    first = seen.setdefault(key, row.number)
    return first if first != row.number else None
