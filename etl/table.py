"""Finding the table inside a sheet: title rows above, a header of one or two rows (often with
merged cells), then data, then totals and signatures.

The header row is the row whose cells (or the cell above them, for two-row headers) match the
most of a dataset's declared headers. A label read from the row above counts a little less, so
the real header wins over a column-numbering row "(1) (2) (3) …" right below it.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from etl.values import is_blank
from etl.workbook import Sheet
from ntm.catalogue import Dataset, Phrases, clean_cell, header_key, spec
from ntm.criteria_sets import all_sets, criteria
from ntm.text import fold

HEADER_SEARCH_ROWS = 40
# A header is a few words with a short note at most: a longer cell is no header candidate, whatever
# it starts with. Its value is still read as data, as every cell's is.
HEADER_CELL_MAX_CHARS = 500
_OWN, _FROM_ABOVE = 1.0, 0.9
_NUMBERING = re.compile(r"^\(?\d{1,3}\)?$")


@dataclass
class Table:
    sheet: Sheet
    dataset: Dataset
    header_row: int  # 0-based index of the (last) header row
    columns: dict[str, int]  # column key -> 0-based column index
    criteria: dict[int, int] = field(default_factory=dict)  # criterion number -> column index
    score: float = 0.0
    # Criterion number -> (its first column, another column whose header names it too).
    repeated_criteria: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The folded text above the header: where people write the year and the district."""
        lines = [" ".join(clean_cell(v) for v in row if not is_blank(v)) for row in self.sheet.rows[: self.header_row]]
        return fold(" ".join(line for line in lines if line))

    def data_rows(self):
        """(0-based row index, row values) after the header, skipping column-numbering rows."""
        for index in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            if index <= self.header_row + 2 and _is_numbering_row(row):
                continue
            yield index, row

    def value(self, row: list, key: str) -> object:
        col = self.columns.get(key)
        return self.cell(row, col) if col is not None else ""

    def column_number(self, key: str) -> int | None:
        """The Excel column number (1-based) of a column, for messages."""
        return self.columns[key] + 1 if key in self.columns else None

    @staticmethod
    def cell(row: list, col: int) -> object:
        return row[col] if col < len(row) else ""


def locate(sheet: Sheet, dataset: Dataset, criterion_numbers: frozenset[int] = frozenset()) -> Table | None:
    """The best header for ``dataset`` in ``sheet``, or None when nothing looks like one."""
    filled = _fill_merged(sheet)
    best: Table | None = None
    for index in range(min(len(sheet.rows), HEADER_SEARCH_ROWS)):
        table = _read_header(sheet, filled, index, dataset, criterion_numbers)
        if table and (best is None or table.score > best.score):
            best = table
    return best


def _read_header(sheet, filled, index, dataset, criterion_numbers) -> Table | None:
    columns: dict[str, tuple[int, float]] = {}
    explicit: dict[int, tuple[int, float]] = {}
    bare: dict[int, tuple[int, float]] = {}
    repeated: dict[int, tuple[int, int]] = {}
    width = max(len(filled[index]), len(filled[index - 1]) if index else 0)
    for col in range(width):
        own = _at(filled, index, col)
        above = _at(filled, index - 1, col) if index else ""
        labels = [(own, _OWN)] if own else []
        if above and own:
            labels.append((f"{above} {own}", _FROM_ABOVE))
        if above and not own:
            labels.append((above, _FROM_ABOVE))
        for label, weight in labels:
            found = _classify(label, dataset, criterion_numbers, own_cell=weight == _OWN)
            if found is None:
                continue
            kind, key = found
            target = {"column": columns, "explicit": explicit, "bare": bare}[kind]
            if kind != "column" and key in target:
                repeated.setdefault(key, (target[key][0], col))
            if key not in target or target[key][1] < weight:
                target[key] = (col, weight)
            break
    # Bare numbers are criterion headers only in a row that has many of them (not an STT value).
    criteria = dict(explicit)
    if len(bare) >= 5:
        for number, found in bare.items():
            criteria.setdefault(number, found)
    if not columns and not criteria:
        return None
    score = sum(w for _, w in columns.values()) + sum(w for _, w in criteria.values())
    return Table(
        sheet=sheet,
        dataset=dataset,
        header_row=index,
        columns={key: col for key, (col, _) in columns.items()},
        criteria={no: col for no, (col, _) in criteria.items()},
        score=score,
        repeated_criteria={no: cols for no, cols in repeated.items() if no in criteria},
    )


def _classify(label: str, dataset: Dataset, criterion_numbers, own_cell: bool):
    key = header_key(label)
    if not key:
        return None
    aliases = _column_aliases(dataset.key)
    if key in aliases.exact:
        return "column", aliases.exact[key]
    # "Tên đơn vị hành chính", "Số quyết định công nhận": a several-word alias followed by more words;
    # the column declared first wins, as with exact aliases.
    found = [aliases.leading[prefix] for prefix in aliases.phrases.leading(key)]
    if found:
        return "column", min(found)[1]
    if criterion_numbers:
        found = spec().criterion_explicit.match(key)
        if found and int(found.group(1)) in criterion_numbers:
            return "explicit", int(found.group(1))
        found = spec().criterion_bare.match(key)
        if found and own_cell and int(found.group(1)) in criterion_numbers:
            return "bare", int(found.group(1))
        if _criterion_names().get(key) in criterion_numbers:
            return "explicit", _criterion_names()[key]
    return None


@functools.cache
def _criterion_names() -> dict[str, int]:
    """Header keys of criterion names -> the criterion's number: for each set datasets.toml lists
    under ``[criterion_header.names]``, its names in data/reference and the spellings listed."""
    found: dict[str, int] = {}
    for each in all_sets():
        spellings = spec().criterion_names.get(each.code)
        if spellings is None:
            continue
        for criterion in criteria(each.code):
            for text in (criterion.name_vi, *spellings.get(criterion.number, ())):
                found.setdefault(header_key(text), criterion.number)
    return found


@dataclass(frozen=True)
class _Aliases:
    """A dataset's aliases as header keys: exact alias -> the first column declaring it; each
    several-word alias -> (the first column's position, its key), and those as phrases to find at the
    start of a header. Every cell of the header area is classified against every dataset: looking
    aliases up beats scanning them."""

    exact: dict[str, str]
    leading: dict[str, tuple[int, str]]
    phrases: Phrases


@functools.cache
def _column_aliases(dataset_key: str) -> _Aliases:
    exact: dict[str, str] = {}
    leading: dict[str, tuple[int, str]] = {}
    for position, column in enumerate(spec().datasets[dataset_key].columns):
        for alias in column.aliases:
            alias_key = header_key(alias)
            exact.setdefault(alias_key, column.key)
            if " " in alias_key:
                leading.setdefault(alias_key, (position, column.key))
    return _Aliases(exact, leading, Phrases.of(leading))


def _at(filled: list[list[str]], row: int, col: int) -> str:
    if row < 0 or row >= len(filled) or col >= len(filled[row]):
        return ""
    return filled[row][col]


def _fill_merged(sheet: Sheet) -> list[list[str]]:
    """The header area as text, each merged range filled with its top-left value; a cell too long to
    be a header is left blank here (only here: the table's rows keep it)."""
    height = min(len(sheet.rows), HEADER_SEARCH_ROWS + 1)
    filled = [[_header_text(v) for v in row] for row in sheet.rows[:height]]
    for (top, left), (bottom, right) in sheet.merged:
        if top >= height:
            continue
        value = filled[top][left] if left < len(filled[top]) else ""
        for r in range(top, min(bottom, height - 1) + 1):
            for c in range(left, right + 1):
                if c < len(filled[r]):
                    filled[r][c] = value
    return filled


def _header_text(value: object) -> str:
    text = clean_cell(value)
    return text if len(text) <= HEADER_CELL_MAX_CHARS else ""


def _is_numbering_row(row: list) -> bool:
    """A row "1 2 3 …" or "(1) (2) (3) …" under a header, numbering its columns."""
    values = [clean_cell(v) for v in row if not is_blank(v)]
    if len(values) < 3 or not all(_NUMBERING.match(v) for v in values):
        return False
    numbers = [int(v.strip("()")) for v in values]
    return all(b == a + 1 for a, b in itertools.pairwise(numbers))
