"""Errors and warnings found in an uploaded file, each pinned to its place in the workbook.

A problem holds a message key and its parameters rather than text, so the same finding reads in
Vietnamese or English (``ntm/locales``) and the highlighted-errors workbook can point at the cell.
Parameters are rendered for the language when the message is: numbers as the language writes them
(1.000.000 / 1,000,000), dates dd/mm/yyyy, ``Phrase``s translated. Beside the row and column a
problem names what they are about when the reader knows it: the row's xã, unit or agency and the
column's criterion or field ("dòng 9, cột H — Xã Hòa Điền, TC3").

A parameter that quotes a cell as the file has it (``QUOTED_PARAMS``) is shown by its first
``QUOTE_MAX_CHARS`` characters: a crafted 100,000-character cell gives a message of a line or two,
on the screen, in the marked copy and in JSON alike. The names a message is about (the closest
names, the candidates, the accepted words) are the reference's own and always shown whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ntm.i18n import t

# The parameters that quote a cell: the value read, a code and a name typed (commune_code_name_disagree),
# a column's header as written ("item"), the places and the cycle written (model, task).
QUOTED_PARAMS = frozenset({"value", "code", "name", "item", "where", "cycle"})
QUOTE_MAX_CHARS = 60


@dataclass(frozen=True)
class Phrase:
    """Words inside a message that are themselves translated ("the title", "TC3"): ``etl.<key>``."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        return t(f"etl.{self.key}", lang, **dict(self.params))


@dataclass(frozen=True)
class Named:
    """A name the reference data give in each language (a criteria set's), inside a message."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str
    key: str
    params: dict = field(default_factory=dict)
    file: str = ""
    sheet: str | None = None
    row: int | None = None  # Excel row number, 1-based
    column: int | None = None  # Excel column number, 1-based
    row_label: str | None = None  # what the row is about: its xã, unit or agency
    column_label: str | Phrase | None = None  # what the column holds: its criterion or field

    @property
    def column_letter(self) -> str | None:
        return get_column_letter(self.column) if self.column else None

    def message(self, lang: str = "vi") -> str:
        # The sheet is a place, and also a word of some messages ("Trang “{sheet}” có … dòng").
        shown = {name: _shown(name, value, lang) for name, value in self.params.items()}
        return t(f"etl.{self.key}", lang, sheet=self.sheet, **shown)

    def about(self, lang: str = "vi") -> str:
        """The row's xã (or unit, agency) and the column's criterion (or field), those known: "Xã Hòa Điền, TC3"."""
        labels = (self.row_label, self.column_label)
        return ", ".join(_shown("", label, lang) for label in labels if label)

    def where(self, lang: str = "vi") -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("etl.where_sheet", lang, sheet=self.sheet))
        if self.row:
            parts.append(t("etl.where_row", lang, row=_shown("row", self.row, lang)))
        if self.column:
            parts.append(t("etl.where_column", lang, column=self.column_letter))
        place = ", ".join(p for p in parts if p)
        about = self.about(lang)
        return f"{place} — {about}" if about else place

    def as_json(self, lang: str = "vi") -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_letter,
            "about": self.about(lang) or None,
            "message": self.message(lang),
            "code": self.key,
        }


def _shown(name: str, value: object, lang: str) -> object:
    """A parameter as the message shows it in ``lang``. A year (a parameter named "year" or
    "…_year") is a number written without separators: 2024, never 2.024."""
    # Imported here: the worker that reads files makes problems but never renders them, and
    # formatting brings pandas.
    from ntm import formatting

    if isinstance(value, Phrase | Named):
        return value.text(lang)
    if isinstance(value, str):
        return shortened(value) if name in QUOTED_PARAMS else value
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
        return value
    if isinstance(value, dt.date):
        return formatting.date(value, lang)
    if name == "year" or name.endswith("_year"):
        return str(int(value))
    return formatting.amount(value, lang)


def shortened(text: str) -> str:
    """``text``, or its start and "…" in QUOTE_MAX_CHARS characters: cut after a word when one ends
    in the second half, never between a letter and its marks."""
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    cut = QUOTE_MAX_CHARS - 1
    while cut > 0 and unicodedata.combining(text[cut]):
        cut -= 1
    space = text.rfind(" ", QUOTE_MAX_CHARS // 2, cut + 1)
    return text[: space if space > 0 else cut].rstrip() + "…"


class Findings:
    """Collects problems for one file; places are filled in as the reader knows them, and so are
    the labels of rows and columns (a problem found before its row's xã was known gets it too)."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self._row_labels: dict[tuple[str | None, int], str] = {}
        self._column_labels: dict[tuple[str | None, int], str | Phrase] = {}

    def error(
        self, key: str, sheet: str | None = None, row: int | None = None, column: int | None = None, **params: object
    ) -> None:
        self._add(ERROR, key, params, sheet, row, column)

    def warning(
        self, key: str, sheet: str | None = None, row: int | None = None, column: int | None = None, **params: object
    ) -> None:
        self._add(WARNING, key, params, sheet, row, column)

    def label_row(self, sheet: str, row: int, label: str) -> None:
        """Name what Excel row ``row`` of ``sheet`` is about, for its problems already found and to come."""
        self._row_labels[sheet, row] = label
        for index in range(len(self.items) - 1, -1, -1):  # a row's problems are the latest ones
            problem = self.items[index]
            if (problem.sheet, problem.row) != (sheet, row):
                break
            self.items[index] = dataclasses.replace(problem, row_label=label)

    def label_column(self, sheet: str, column: int, label: str | Phrase) -> None:
        """Name what Excel column ``column`` of ``sheet`` holds (set before its rows are read)."""
        self._column_labels[sheet, column] = label

    def _add(
        self, severity: str, key: str, params: dict, sheet: str | None, row: int | None, column: int | None
    ) -> None:
        row_label = self._row_labels.get((sheet, row)) if row else None
        column_label = self._column_labels.get((sheet, column)) if column else None
        self.items.append(Problem(severity, key, params, self.file, sheet, row, column, row_label, column_label))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]
