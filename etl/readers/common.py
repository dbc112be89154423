"""What every dataset reader shares: the context of one file, the record it produces, and how
rows that are not data (section headings, totals, signatures) are recognised."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.problems import Findings
from etl.table import Table
from etl.values import BadValue, year_in_text
from ntm import config
from ntm.catalogue import cell_text, clean_cell, spec
from ntm.text import fold, memoised
from ntm.units import Match, Units

_ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")


@dataclass
class Catalogue:
    """The reference facts a reader checks values against."""

    criterion_numbers: frozenset[int]
    indicator_codes: frozenset[str]
    measure_codes: frozenset[str]
    level_kinds: dict[str, str]  # level code -> commune | district


@dataclass(frozen=True)
class Store:
    """Where a dataset's records go, and what identifies a record (its key) within that table."""

    table: str
    key: tuple[str, ...]
    values: tuple[str, ...]


@dataclass
class Context:
    file: str
    findings: Findings
    units: Units
    catalogue: Catalogue
    year: int | None = None  # given on the command line or in the upload form
    workbook_year: int | None = None  # the year a criteria sheet of the same file gave


@dataclass(slots=True)  # a national criteria workbook makes 190,000 of them
class Record:
    """One fact to store, with where it came from in the file."""

    values: dict
    sheet: str
    row: int  # Excel row number
    district_code: str | None = None


def table_rows(table: Table, skip_totals: bool = True):
    """(Excel row number, row) for each data row of the table: blank rows (and total rows, unless
    ``skip_totals`` is off) are skipped; the signature block ends the table, so names signed
    under it are never read as data."""
    for index, row in table.data_rows():
        cells = texts(row)  # once per row: large sheets spend their time here
        if is_signature_row(cells):
            return
        if cells and not (skip_totals and is_total_row(cells)):
            yield index + 1, row


def texts(row: list) -> list[str]:
    return [text for text in map(clean_cell, row) if text]


def is_total_row(cells: list[str]) -> bool:
    """Whether a row's texts (``texts(row)``) make it a total row such as "Tổng cộng"."""
    return any(map(_is_total_label, cells))


@memoised  # asked of every cell of every row: a national workbook has some 30,000 different texts
def _is_total_label(text: str) -> bool:
    """A total label, or one of several words followed by more ("Tổng cộng toàn tỉnh")."""
    folded = fold(text)
    totals = spec().total_rows
    words = folded.split(" ")
    return folded in totals or any(" ".join(words[:size]) in totals for size in range(2, len(words)))


def is_signature_row(cells: list[str]) -> bool:
    """Whether a row's texts (``texts(row)``) belong to the signature block under a table."""
    return bool(cells) and all(fold(v).startswith(spec().signature_rows) or _looks_like_place_and_date(v)
                               for v in cells)


def is_roman(text: object) -> bool:
    return bool(_ROMAN.match(fold(cell_text(text))))


def _looks_like_place_and_date(text: str) -> bool:
    folded = fold(text)
    return "ngay" in folded and "thang" in folded


def district_in_title(title: str, units: Units) -> str | None:
    """A district named in the title ("… HUYỆN CHÂU THÀNH NĂM 2024"), when exactly one is."""
    found = {  # the plain ``in`` first: a national list of districts is too many patterns to compile
        code for key, code in units.district_keys().items()
        if key in title and re.search(rf"\b(?:huyen|thanh pho|tp|thi xa)\s+{re.escape(key)}\b", title)
    }
    return found.pop() if len(found) == 1 else None


def year_of(table: Table, ctx: Context) -> tuple[int | None, str]:
    """The sheet's year when no column gives it: the command line, then the title, then the
    sheet's name, then the file's name. Returns the year and where it came from."""
    if ctx.year:
        return ctx.year, "option"
    for source, text in (("title", table.title), ("sheet", fold(table.sheet.name)), ("file", fold(ctx.file))):
        found = year_in_text(text) or _bare_year(text)
        if found:
            return found, source
    return None, ""


def _bare_year(text: str) -> int | None:
    for match in re.finditer(r"(?<!\d)(20\d\d)(?!\d)", text):
        value = int(match.group(1))
        if config.FIRST_YEAR <= value <= config.LAST_YEAR:
            return value
    return None


def report_unit_problem(ctx: Context, match: Match, text: str, sheet: str, row: int, col: int | None,
                        district: str | None = None) -> None:
    """The message for a name or code that did not lead to exactly one unit."""
    if match.bad_code:
        ctx.findings.error("commune_code_length", sheet, row, col, value=text)
    elif match.elsewhere and all(u.unit_type != "xã" for u in match.elsewhere):
        unit = match.elsewhere[0]
        ctx.findings.error("commune_not_in_programme", sheet, row, col, value=unit.name, unit_type=unit.unit_type)
    elif match.elsewhere:
        names = ", ".join(f"{u.name} ({ctx.units.district_name(u.district_code)})" for u in match.elsewhere)
        ctx.findings.error("commune_other_district", sheet, row, col, value=text, found=names,
                           district=ctx.units.district_name(district))
    elif match.ambiguous:
        names = ", ".join(f"{u.name} ({ctx.units.district_name(u.district_code)})" for u in match.ambiguous)
        ctx.findings.error("commune_ambiguous", sheet, row, col, value=text, candidates=names)
    elif match.suggestions:
        ctx.findings.error("commune_unknown_suggest", sheet, row, col, value=text,
                           suggestions="; ".join(match.suggestions))
    else:
        ctx.findings.error("commune_unknown", sheet, row, col, value=text)


def parse_cell(ctx: Context, parser, value: object, sheet: str, row: int, col: int | None):
    """``parser(value)``, or None with an error pinned to the cell."""
    try:
        return parser(value)
    except BadValue as bad:
        ctx.findings.error(bad.key, sheet, row, col, **bad.params)
        return None
