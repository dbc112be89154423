"""Errors and warnings found in an uploaded file, each pinned to its place in the workbook.

A problem holds a message key and its parameters rather than text, so the same finding reads in
Vietnamese or English (``ntm/locales``) and the highlighted-errors workbook can point at the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ntm.i18n import t

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

    @property
    def column_letter(self) -> str | None:
        return get_column_letter(self.column) if self.column else None

    def message(self, lang: str = "vi") -> str:
        # The sheet is a place, and also a word of some messages ("Trang “{sheet}” có … dòng").
        return t(f"etl.{self.key}", lang, sheet=self.sheet, **self.params)

    def where(self, lang: str = "vi") -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("etl.where_sheet", lang, sheet=self.sheet))
        if self.row:
            parts.append(t("etl.where_row", lang, row=self.row))
        if self.column:
            parts.append(t("etl.where_column", lang, column=self.column_letter))
        return ", ".join(p for p in parts if p)

    def as_json(self, lang: str = "vi") -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_letter,
            "message": self.message(lang),
            "code": self.key,
        }


class Findings:
    """Collects problems for one file; places are filled in as the reader knows them."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def error(self, key: str, sheet: str | None = None, row: int | None = None, column: int | None = None,
              **params: object) -> None:
        self.items.append(Problem(ERROR, key, params, self.file, sheet, row, column))

    def warning(self, key: str, sheet: str | None = None, row: int | None = None, column: int | None = None,
                **params: object) -> None:
        self.items.append(Problem(WARNING, key, params, self.file, sheet, row, column))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]
