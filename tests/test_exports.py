"""Downloads: a table as CSV (UTF-8 with BOM) and XLSX, text that a spreadsheet would run as a
formula neutralised, and on every page each chart's download holding exactly the data behind it."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from fixtures import GIONG_RIENG, HOA_LOI
from openpyxl import load_workbook
from test_overview_page import values

from ntm.i18n import t
from presentation import exports
from ui import panels

TABLE = pd.DataFrame(
    {
        "Xã": ["Xã Vĩnh Hòa Hưng Nam", '=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "Số 12/QĐ-UBND"],
        "Số tiêu chí": [19, 18, 17, 16, 15, 14],
        "Tỷ lệ (%)": [100.0, -2.5, None, 12.5, 0.0, 99.1],
    }
)


def test_csv_is_utf8_with_a_byte_order_mark_and_reads_back_the_same():
    content = exports.csv_bytes(TABLE)
    assert content.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert list(back.columns) == list(TABLE.columns)
    assert back["Xã"][0] == "Xã Vĩnh Hòa Hưng Nam"
    assert back["Số tiêu chí"].tolist() == TABLE["Số tiêu chí"].tolist()
    assert back["Tỷ lệ (%)"].tolist()[:2] == [100.0, -2.5]  # a negative number stays a number


@pytest.mark.parametrize("read", ["csv", "xlsx"])
def test_text_starting_like_a_formula_is_written_as_text(read):
    if read == "csv":
        cells = pd.read_csv(io.BytesIO(exports.csv_bytes(TABLE)), encoding="utf-8-sig")["Xã"].tolist()
    else:
        sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(TABLE))).active
        assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
        cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == ["Xã Vĩnh Hòa Hưng Nam", '\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "Số 12/QĐ-UBND"]


def test_xlsx_keeps_numbers_as_numbers_and_no_value_as_an_empty_cell():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(TABLE, sheet="Bảng"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Bảng"
    assert rows[0] == ("Xã", "Số tiêu chí", "Tỷ lệ (%)")
    assert [row[1:] for row in rows[1:4]] == [(19, 100), (18, -2.5), (17, None)]


# Text a spreadsheet would run as a formula, also behind the blanks some spreadsheets trim on import.
FORMULA_LOOKING = ["=1+1", "+1", "-2", "@SUM(A1)", '=HYPERLINK("http://x")', " =1+1", "  @A1", "\t=1", "\r=1", "\n -3"]
NUMBERS = [-5, -2.5, 0, 3, -1e6, 12.5, -7, 1, 2, -0.25]


def formula_table() -> pd.DataFrame:
    """The same formula-looking text as plain text, as a category and as pandas' string type."""
    return pd.DataFrame(
        {
            "Tên": FORMULA_LOOKING,
            "Nhóm": pd.Categorical(FORMULA_LOOKING),
            "Ghi chú": pd.array(FORMULA_LOOKING, dtype="string"),
            "Số": NUMBERS,
        }
    )


def test_formula_looking_text_is_text_in_the_csv_and_numbers_stay_numbers():
    back = pd.read_csv(
        io.BytesIO(exports.csv_bytes(formula_table())), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    for column in ("Tên", "Nhóm", "Ghi chú"):
        assert back[column].tolist() == ["'" + value for value in FORMULA_LOOKING]
    assert [float(value) for value in back["Số"]] == NUMBERS  # -5 is written -5, not '-5


def test_formula_looking_text_is_text_in_the_xlsx_and_numbers_stay_numbers():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(formula_table()))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    for index in range(3):
        assert [row[index] for row in rows] == ["'" + value for value in FORMULA_LOOKING]
    assert [row[3] for row in rows] == NUMBERS
    assert {cell.data_type for cell in sheet["D"][1:]} == {"n"}


def test_a_header_that_looks_like_a_formula_is_neutralised_too():
    header = pd.read_csv(io.BytesIO(exports.csv_bytes(pd.DataFrame({"=A1": [1]}))), encoding="utf-8-sig").columns
    assert list(header) == ["'=A1"]


# --- Every chart's download is the data behind it ------------------------------------------------

PAGES = [
    ("overview", {}),
    ("criteria", {"criterion": "19"}),
    ("criteria", {"criterion": "19", "district": GIONG_RIENG}),
    ("commune", {"commune": HOA_LOI}),
    ("districts", {}),
    ("targets", {}),
    ("near_finish", {}),
    ("near_finish", {"lang": "en"}),
]


@pytest.mark.database("leadership")
@pytest.mark.parametrize(("page_name", "url"), PAGES)
def test_each_charts_download_is_exactly_the_data_behind_it(open_page, downloads, page_name, url):
    at = open_page(page_name, **url)
    open_every_table(at)
    assert not at.exception
    lang = url.get("lang", "vi")

    tables = tables_with_downloads(at.main, downloads)
    assert tables, "every page shows its data"
    for shown, csv, xlsx in tables:
        assert table_rows(pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)) == table_rows(shown)
        assert table_rows(pd.read_excel(io.BytesIO(xlsx), dtype=str, engine="calamine")) == table_rows(shown)

    charts = list(_charts_with_tables(at.main))
    assert charts, "every page draws a chart"
    for figure, behind in charts:
        known = _numbers(behind, lang)
        drawn = _drawn_numbers(figure)
        assert drawn, figure["layout"]["title"]["text"]
        assert drawn <= known, (figure["layout"]["title"]["text"], sorted(drawn - known)[:5])


def open_every_table(at) -> None:
    """Open every chart's table, as a reader would: a chart's table is drawn once opened."""
    for key in [key for key in at.session_state if str(key).startswith(panels.TABLE_KEY)]:
        at.session_state[key] = True
    at.run()


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def tables_with_downloads(root, files) -> list[tuple[pd.DataFrame, bytes, bytes]]:
    """Each table with the bytes of the CSV and XLSX buttons drawn right after it."""
    elements = [node for node in _walk(root) if getattr(node, "type", None) in ("dataframe", "download_button")]
    found = []
    for index, node in enumerate(elements):
        if node.type == "dataframe":
            csv, xlsx = (files[button.proto.deferred_file_id] for button in elements[index + 1 : index + 3])
            assert csv[0].endswith(".csv") and xlsx[0].endswith(".xlsx")
            found.append((node.value, csv[1](), xlsx[1]()))
    return found


def _charts_with_tables(root):
    """Each chart's figure with the tables in the expander that follows it."""
    for node in _walk(root):
        siblings = list(getattr(node, "children", {}).values())
        for index, child in enumerate(siblings):
            if getattr(child, "type", None) == "plotly_chart":
                expander = next(block for block in siblings[index + 1 :] if getattr(block, "type", None) == "expander")
                behind = [element.value for element in _walk(expander) if getattr(element, "type", None) == "dataframe"]
                yield json.loads(child.proto.spec), behind


def table_rows(frame: pd.DataFrame) -> list[list[str]]:
    """A table as text, the way both files and the screen agree on it: numbers by value."""

    def cell(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, (bool, np.bool_)):
            return str(value)
        try:
            return repr(round(float(value), 9))
        except ValueError:
            return str(value)

    return [[str(column) for column in frame.columns]] + [
        [cell(value) for value in row] for row in frame.itertuples(index=False)
    ]


def _numbers(tables: list[pd.DataFrame], lang: str) -> set[float]:
    # A grid of met / not met is drawn as 1 / 0.
    words = {t("criterion.met", lang): 1.0, t("criterion.not_met", lang): 0.0}
    found = set()
    for frame in tables:
        for value in frame.to_numpy().ravel():
            number = words.get(value, value) if isinstance(value, str) else value
            if isinstance(number, (int, float, np.number)) and not pd.isna(number):
                found.add(round(float(number), 6))
    return found


def _drawn_numbers(figure: dict) -> set[float]:
    found = set()
    for trace in figure["data"]:
        for axis in ("x", "y", "z"):
            if axis in trace:
                found |= {round(float(value), 6) for value in _flat(trace[axis]) if _is_number(value)}
    return found


def _flat(array) -> list:
    array = values(array) if isinstance(array, dict) else array
    flat = []
    for item in array:
        flat.extend(_flat(item) if isinstance(item, (list, dict)) else [item])
    return flat


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)
