"""What every dataset reader shares: the context of one file, the record it produces, and how
rows that are not data (section headings, totals, signatures) are recognised."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from etl import values
from etl.problems import Findings, Phrase
from etl.table import Table
from ntm.catalogue import clean_cell, spec
from ntm.text import fold, memoised
from ntm.units import Units


@dataclass
class Catalogue:
    """The reference facts a reader checks values against."""

    criterion_numbers: frozenset[int]  # of every criteria set: which headers name a criterion
    indicator_codes: frozenset[str]
    measure_codes: frozenset[str]


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
    # Each directive of the file -> its first day (its date, or the first of its month): the day its
    # tasks name their agencies on, when a task has no start of its own.
    directive_days: dict[str, dt.date] = field(default_factory=dict)


@dataclass(slots=True)  # a national criteria workbook makes 190,000 of them
class Record:
    """One fact to store, with where it came from in the file."""

    values: dict
    sheet: str
    row: int  # Excel row number
    district_code: str | None = None


def table_rows(table: Table, skip_totals: bool = True, skip_headings: bool = True):
    """(Excel row number, row) for each data row of the table: blank rows, section headings and
    total rows are skipped (unless ``skip_headings`` or ``skip_totals`` is off); the signature
    block ends the table, so names signed under it are never read as data."""
    for index, row in table.data_rows():
        cells = texts(row)  # once per row: large sheets spend their time here
        if is_signature_row(cells):
            return
        if not cells or (skip_totals and is_total_row(cells)):
            continue
        if not (skip_headings and section_heading(cells) is not None):
            yield index + 1, row


def texts(row: list) -> list[str]:
    return [text for text in map(clean_cell, row) if text]


def is_total_row(cells: list[str]) -> bool:
    """Whether a row's texts (``texts(row)``) make it a total row such as "Tổng cộng"."""
    return any(map(_is_total_label, cells))


@memoised  # asked of every cell of every row: a national workbook has some 30,000 different texts
def _is_total_label(text: str) -> bool:
    """A total label, or one of several words followed by more ("Tổng cộng toàn tỉnh")."""
    return spec().total_rows.matches(fold(text))


def is_signature_row(cells: list[str]) -> bool:
    """Whether a row's texts (``texts(row)``) belong to the signature block under a table."""
    return bool(cells) and all(
        fold(v).startswith(spec().signature_rows) or _looks_like_place_and_date(v) for v in cells
    )


def section_heading(cells: list[str]) -> str | None:
    """The label of a section heading row ("I" | "Các xã đạt chuẩn", "II. Các xã chưa đạt"), "" for
    a numeral alone, None for a row that is not a heading (``cells``: the row's texts)."""
    if not cells or len(cells) > 2:
        return None
    found = spec().section_heading.match(cells[0])
    if found is None or (found.group("label") and len(cells) > 1):
        return None
    return found.group("label") or (cells[1] if len(cells) > 1 else "")


def _looks_like_place_and_date(text: str) -> bool:
    folded = fold(text)
    return "ngay" in folded and "thang" in folded


def district_in_title(title: str, units: Units) -> str | None:
    """A district named in the title ("… HUYỆN CHÂU THÀNH NĂM 2024"), when exactly one is."""
    found = {  # the plain ``in`` first: a national list of districts is too many patterns to compile
        code
        for key, code in units.district_keys().items()
        if key in title and re.search(rf"\b(?:huyen|thanh pho|tp|thi xa)\s+{re.escape(key)}\b", title)
    }
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class YearSource:
    """A year a sheet states outside its rows: in its title (at Excel row ``row``), its name or
    its file's name."""

    kind: str  # title | sheet | file
    year: int
    row: int | None = None

    def phrase(self, table: Table, ctx: Context) -> Phrase:
        return Phrase(f"year_source_{self.kind}", (("sheet", table.sheet.name), ("file", ctx.file)))


class SheetYear:
    """The year of a sheet's rows where no "Năm" cell gives it: the year chosen by whoever loads the
    file (``--year``, the upload form), else the one its title, its name and its file's name state.

    The sources must agree with each other, and every "Năm" cell with them: a disagreement is an
    error naming both, never one of them silently preferred. A chosen year is an instruction, not a
    source: it wins, and a warning names each source it contradicts.
    """

    def __init__(self, table: Table, ctx: Context):
        self.table, self.ctx = table, ctx
        self.year: int | None = ctx.year
        self.stated: YearSource | None = None  # the source of ``year``, None when chosen or unknown
        self.valid = True  # False when the sources disagree or state an impossible year (reported)
        sources = _year_sources(table, ctx)
        sheet = table.sheet.name
        if ctx.year:
            for source in sources:
                if source.year != ctx.year:
                    ctx.findings.warning(
                        "year_option_differs",
                        sheet,
                        source.row,
                        None,
                        year=ctx.year,
                        source=source.phrase(table, ctx),
                        source_year=source.year,
                    )
            return
        if not sources:
            return
        first = sources[0]
        other = next((source for source in sources if source.year != first.year), None)
        if other is not None:
            ctx.findings.error(
                "year_sources_disagree",
                sheet,
                first.row or other.row,
                None,
                source=first.phrase(table, ctx),
                year=first.year,
                other_source=other.phrase(table, ctx),
                other_year=other.year,
            )
            self.valid = False
            return
        self.year = parse_cell(ctx, values.year, first.year, sheet, first.row, None)
        self.valid = self.year is not None
        self.stated = first if self.valid else None

    def of_row(self, cell: object, row: int, col: int | None) -> int | None:
        """The year of a row whose "Năm" cell (column ``col``) is ``cell``: the cell's, which must
        agree with the year the sheet states; the sheet's year when the cell is blank."""
        sheet = self.table.sheet.name
        if values.is_blank(cell):
            if self.year is None:
                self.ctx.findings.error("year_missing", sheet, row, col)
            return self.year
        year = parse_cell(self.ctx, values.year, cell, sheet, row, col)
        if year is not None and self.stated is not None and year != self.stated.year:
            self.ctx.findings.error(
                "year_sources_disagree",
                sheet,
                row,
                col,
                source=Phrase("year_source_column"),
                year=year,
                other_source=self.stated.phrase(self.table, self.ctx),
                other_year=self.stated.year,
            )
            return None
        return year


def _year_sources(table: Table, ctx: Context) -> list[YearSource]:
    """The years the title (every line above the header, "năm 2024" before a bare 2024 on an
    earlier line), the sheet's name and the file's name state."""
    sources = []
    lines = [fold(" ".join(texts(row))) for row in table.sheet.rows[: table.header_row]]
    found = values.year_in_text(" ".join(lines))
    if found:
        row = next((index + 1 for index, line in enumerate(lines) if str(found) in line), None)
        sources.append(YearSource("title", found, row))
    for kind, name in (("sheet", table.sheet.name), ("file", ctx.file)):
        found = values.year_in_text(fold(name))
        if found:
            sources.append(YearSource(kind, found))
    return sources


def parse_cell(
    ctx: Context,
    parser,
    value: object,
    sheet: str,
    row: int,
    col: int | None,
    bounds: list | None = None,
    out_of_range: str = "value_out_of_range",
):
    """``parser(value)``, within ``bounds`` when given (``declared_range``; else the error
    ``out_of_range``); or None with an error pinned to the cell."""
    try:
        parsed = parser(value)
        values.within(parsed, bounds, value)
        return parsed
    except values.BadValue as bad:
        ctx.findings.error(out_of_range if bad.key == "value_out_of_range" else bad.key, sheet, row, col, **bad.params)
        return None


def declared_range(table: Table, key: str) -> list | None:
    """[lowest, highest] plausible value of a column, as its dataset declares it (``ranges``,
    directly or by the name of a range declared for all)."""
    bounds = table.dataset.ranges.get(key)
    return spec().ranges[bounds] if isinstance(bounds, str) else bounds


def label_columns(table: Table, ctx: Context) -> None:
    """Name each column the table has (its criterion, or its header as the template writes it) in
    the problems found in it."""
    sheet = table.sheet.name
    for key, col in table.columns.items():
        ctx.findings.label_column(sheet, col + 1, table.dataset.column(key).header)
    for number, col in table.criteria.items():
        ctx.findings.label_column(sheet, col + 1, Phrase("label_criterion", (("number", number),)))
