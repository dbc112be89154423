"""Blank templates to fill in, one per dataset, built from datasets.toml and the reference tables.

Each column's header is its canonical spelling (the first alias in datasets.toml), so a filled-in
template is read back by the same rules as any other spreadsheet; there is no second list of
headers. The analyst's own xã (or agencies) are written in; marks, levels, actions, scopes,
measures and indicators get drop-down lists; a sheet "Hướng dẫn" explains how to fill it in and
holds the lists (the loader skips it by its name).
"""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from etl.readers import READERS
from etl.scope import AGENCIES, DISTRICTS, PROVINCE, Scope
from ntm import db as database
from ntm.catalogue import SPEC_FILE, Dataset, spec
from ntm.criteria_sets import criteria, levels, of_year, units_on
from ntm.i18n import catalogue, t

INSTRUCTIONS_SHEET = "Hướng dẫn điền biểu mẫu"  # a name of our own: a "Hướng dẫn" of yours is still reported
TITLE_ROW, HEADER_ROW = 1, 3
EMPTY_ROWS = 200  # rows given drop-downs below the pre-filled ones
LIST_COLUMN = 8  # where the drop-down lists start on the instructions sheet (column H)
COMMUNE_TYPE = "xã"
HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
BOLD, TITLE_FONT = Font(bold=True), Font(bold=True, size=13)
# A unit valid on a day (the parameter, twice).
_VALID = "({t}.valid_from is null or {t}.valid_from <= ?) and ({t}.valid_to is null or {t}.valid_to >= ?)"


def datasets() -> list[str]:
    """The datasets a template is offered for (a companion sheet comes inside its main dataset's)."""
    return [key for key, reader in READERS.items() if not getattr(reader, "COMPANION_OF", None)]


def file_name(dataset: str, year: int) -> str:
    return f"bieu_mau_{dataset}_{year}.xlsx"


def blank(db: Path, dataset: str, scope: Scope, year: int, lang: str = "vi") -> bytes:
    """The template of ``dataset`` for an account with ``scope``, titled for ``year``."""
    refs = _References(db, scope, year)
    # Written row by row (openpyxl's write-only mode): a national template holds a row per xã.
    book = openpyxl.Workbook(write_only=True)
    keys = [dataset] + [k for k, r in READERS.items() if getattr(r, "COMPANION_OF", None) == dataset]
    for key in keys:
        _data_sheet(book, spec().datasets[key], refs, year)
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET), [spec().datasets[k] for k in keys], refs, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _References:
    """Names and drop-down lists for ``year``: the units of its units date (for 2026, the new xã),
    limited to the account's scope, and its criteria set's criteria and levels."""

    def __init__(self, db: Path, scope: Scope, year: int):
        day, self.criteria_set = units_on(year), of_year(year)
        communes = database.query(
            db,
            f"""
            select c.commune_code, c.name, c.district_code, d.name as district_name
            from commune c left join district d using (district_code)
            where c.unit_type = ? and {_VALID.format(t="c")}
            order by c.district_code, c.commune_code
        """,
            [COMMUNE_TYPE, day, day],
        )
        districts = database.query(
            db,
            f"select district_code, name from district d where {_VALID.format(t='d')} order by district_code",
            [day, day],
        )
        # No district column once there are no districts (from 1/7/2025).
        self.with_districts = not districts.empty
        if scope.kind == DISTRICTS:
            communes = communes[communes["district_code"].isin(scope.codes)]
            districts = districts[districts["district_code"].isin(scope.codes)]
        elif scope.kind != PROVINCE:
            communes, districts = communes.iloc[0:0], districts.iloc[0:0]
        self.communes = communes
        self.agencies = sorted(scope.codes) if scope.kind == AGENCIES else []
        province = spec().datasets["targets"].vocabulary("province_scope")["words"][0]
        # District-level units' levels first, as the drop-down always listed them.
        year_levels = sorted(
            levels(self.criteria_set.code), key=lambda level: (level.unit_kind != "district", level.rank)
        )
        self.choices = {
            "marks": _mark_words(),
            "level": [level.name_vi for level in year_levels],
            "action": spec().datasets["recognitions"].choices("decision_kinds", "actions"),
            "task_kind": spec().datasets["tasks"].choices("task_kinds"),
            "scope": ([province.capitalize()] if scope.kind == PROVINCE else []) + list(districts["name"]),
            "measure": list(database.query(db, "select name_vi from measure order by measure_code")["name_vi"]),
            "indicator_code": list(
                database.query(db, "select indicator_code from indicator order by all")["indicator_code"]
            ),
            "district": list(districts["name"]),
            "unit_name": list(communes["name"]) + list(districts["name"]),
            "agency": self.agencies,
        }
        self._written: dict[str, str] = {}

    def list_for(self, column_key: str) -> str | None:
        """The name of the drop-down list a column takes, if any."""
        if column_key == "met":
            return "marks"
        if column_key.startswith("agency"):
            return "agency" if self.agencies else None
        return column_key if self.choices.get(column_key) else None

    def reference(self, name: str) -> str:
        """The cell range of list ``name`` on the instructions sheet, for a data validation."""
        if name not in self._written:
            column = get_column_letter(LIST_COLUMN + len(self._written))
            self._written[name] = column
        column = self._written[name]
        return f"{quote_sheetname(INSTRUCTIONS_SHEET)}!${column}$2:${column}${len(self.choices[name]) + 1}"

    def lists(self, sheet, lang: str) -> list[list]:
        """The columns of the drop-down lists used, as rows from the first: a bold name, then the choices."""
        columns = [
            [_styled(sheet, t(f"upload.list_{name}", lang), font=BOLD), *self.choices[name]] for name in self._written
        ]
        return [
            [column[row] if row < len(column) else None for column in columns]
            for row in range(max(map(len, columns), default=0))
        ]


def _data_sheet(book, dataset: Dataset, refs: _References, year: int) -> None:
    sheet = book.create_sheet(_sheet_name(dataset))
    columns = _columns(dataset, refs)
    for index, (_, header) in enumerate(columns, start=1):  # a write-only sheet takes widths before rows
        sheet.column_dimensions[get_column_letter(index)].width = 8 if header.startswith("TC") else 22
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    title = dataset.sheet_title
    sheet.append([_styled(sheet, title.format(year=year, period=refs.criteria_set.years), font=TITLE_FONT)])
    for _ in range(HEADER_ROW - TITLE_ROW - 1):
        sheet.append([])
    sheet.append(
        [_styled(sheet, header, font=BOLD, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT) for _, header in columns]
    )
    rows = _prefilled(dataset, refs, year)
    for values in rows:
        sheet.append([values.get(key) for key, _ in columns])
    last = HEADER_ROW + len(rows) + EMPTY_ROWS
    for index, (key, _) in enumerate(columns, start=1):
        name = refs.list_for("met" if isinstance(key, int) else key)
        if name:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1=refs.reference(name), allow_blank=True, showErrorMessage=False
            )
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
            sheet.data_validations.append(validation)  # a write-only sheet has no add_data_validation


def _styled(sheet, value: object, **style: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _columns(dataset: Dataset, refs: _References) -> list[tuple[object, str]]:
    """(column key, or criterion number; header) in order; criterion columns (of the year's set) come
    before the total; no district column in a year without districts."""
    columns: list[tuple[object, str]] = [
        (c.key, c.header) for c in dataset.columns if refs.with_districts or c.key != "district"
    ]
    if getattr(READERS[dataset.key], "CRITERION_COLUMNS", False):
        at = next((i for i, (key, _) in enumerate(columns) if key == "total"), len(columns))
        columns[at:at] = [(c.number, f"TC{c.number}. {c.name_vi}") for c in criteria(refs.criteria_set.code)]
    return columns


def _prefilled(dataset: Dataset, refs: _References, year: int) -> list[dict]:
    keys = {c.key for c in dataset.columns}
    if "commune_code" in keys and not getattr(READERS[dataset.key], "COMPANION_OF", None):
        return [
            {
                "row_no": number,
                "commune_code": row.commune_code,
                "commune_name": row.name,
                "district": row.district_name,
                "year": year,
            }
            for number, row in enumerate(refs.communes.itertuples(), start=1)
        ]
    agency = next((key for key in keys if key.startswith("agency")), None)
    if agency and refs.agencies:
        return [{"row_no": number, agency: code} for number, code in enumerate(refs.agencies, start=1)]
    return []


def _instructions(sheet, datasets: list[Dataset], refs: _References, lang: str) -> None:
    """How to fill in the template, each dataset's columns, and beside them (from LIST_COLUMN) the
    drop-down lists."""
    for letter, width in (("A", 34), ("B", 12), ("C", 70)):
        sheet.column_dimensions[letter].width = width
    lists = refs.lists(sheet, lang)
    for index in range(len(lists[0]) if lists else 0):
        sheet.column_dimensions[get_column_letter(LIST_COLUMN + index)].width = 30
    text = [[_styled(sheet, t("upload.template_heading", lang), font=TITLE_FONT)]]
    step = 1
    while f"upload.template_step_{step}" in catalogue(lang):
        text.append([f"{step}. {t(f'upload.template_step_{step}', lang)}"])
        step += 1
    for dataset in datasets:
        text.append([])
        text.append([_styled(sheet, dataset.name(lang), font=BOLD)])
        text.append(
            [
                _styled(sheet, t(key, lang), font=BOLD)
                for key in ("upload.template_column", "upload.template_required", "upload.template_spellings")
            ]
        )
        for column in dataset.columns:
            text.append([column.header, "✓" if column.required else "", "; ".join(column.aliases)])
    for row in range(max(len(text), len(lists))):
        left = text[row] if row < len(text) else []
        sheet.append([*left, *[None] * (LIST_COLUMN - 1 - len(left)), *(lists[row] if row < len(lists) else [])])


def _sheet_name(dataset: Dataset) -> str:
    """The dataset's Vietnamese name, cut at a word to Excel's 31 characters."""
    name = dataset.name_vi
    while len(name) > 31:
        name = name.rsplit(" ", 1)[0]
    return name


def _mark_words() -> list[str]:
    """ "Đạt" and "Chưa đạt": the first spelled-out mark of each kind declared in datasets.toml."""
    with open(SPEC_FILE, "rb") as handle:
        marks = tomllib.load(handle)["marks"]
    return [_capital(next(m for m in marks[kind] if len(m) > 2)) for kind in ("met", "not_met")]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
