"""Tables read like the cards beside them: the reader's number and date formats, years and document
numbers as written, "–" where there is no value, yes/no in words, codes hidden until shown, the
decisive columns first; the downloads keep the raw values (AppTest, on the hand-built leadership
warehouse; the formats also on a table of their own)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest
from fixtures import AN_BIEN, GIONG_RIENG

from presentation import table_display
from tests.visible_text import table_texts

pytestmark = pytest.mark.database("leadership")


def shown_table(at, column: str) -> pd.DataFrame:
    """The table with ``column`` as the reader sees it: its display values, without hidden columns."""
    from streamlit import dataframe_util

    for element in at.dataframe:
        arrow = element.proto.arrow_data
        values = dataframe_util.convert_arrow_bytes_to_pandas_df(arrow.styler.display_values)
        if column in values.columns:
            hidden = {name for name, config in json.loads(element.proto.columns).items() if config.get("hidden")}
            return values[[name for name in values.columns if name not in hidden]]
    raise AssertionError(f"no table with {column}")


@pytest.mark.parametrize(
    ("lang", "average", "status"),
    [("vi", "17,7", "Trạng thái"), ("en", "17.7", "Status")],
)
def test_the_targets_table_writes_numbers_as_the_cards_do_with_its_status_first(open_page, lang, average, status):
    at = open_page("targets", lang=lang, district=AN_BIEN)
    table = shown_table(at, status)
    assert list(table.columns[:3]) == (
        ["Phạm vi", "Chỉ tiêu", "Trạng thái"] if lang == "vi" else ["Scope", "Measure", "Status"]
    )
    latest = "Giá trị mới nhất" if lang == "vi" else "Latest value"
    base_year = "Năm gốc" if lang == "vi" else "Base year"
    assert average in set(table[latest])  # the average criteria per xã, 17.67: 17,7 as on the cards
    assert "2023" in set(table[base_year])  # a year is never 2.023
    assert "–" in set(table[base_year])  # a target without a base: no "None", no "nan"


def test_the_download_keeps_the_raw_value_behind_the_figure_shown(open_page, downloads):
    open_page("targets", district=AN_BIEN)
    csv = next(data() for name, data in downloads.values() if name == "muc-tieu.csv")
    raw = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert 17.67 in set(raw["Giá trị mới nhất"])


def test_codes_are_hidden_until_the_reader_shows_them_and_the_laggards_come_first(open_page):
    at = open_page("districts")
    table = shown_table(at, "Huyện, thành phố")
    assert "Mã huyện" not in table.columns  # hidden: the grid's column menu shows it, the download has it
    assert list(table["Huyện, thành phố"][:2]) == ["Huyện Giồng Riềng", "Huyện An Biên"]
    assert list(table.columns[:3]) == ["Huyện, thành phố", "Tỷ lệ xã đạt chuẩn NTM (%)", "Bình quân tiêu chí đạt/xã"]
    assert table["Tỷ lệ xã đạt chuẩn NTM (%)"].iloc[0] == "11,1"


@pytest.mark.parametrize(("lang", "written"), [("vi", ["1.234,5", "2024", "02/01/2024", "Có", "–", "908"])])
def test_a_table_is_written_in_the_readers_formats(lang, written):
    frame = pd.DataFrame(
        {
            "Giá trị": [1234.5],
            "Năm gốc": [2024],
            "Ngày quyết định": [dt.date(2024, 1, 2)],
            "Huyện đạt chuẩn/hoàn thành nhiệm vụ": [True],
            "Ghi chú": [None],
            "Mã huyện": ["908"],
        }
    )
    styler = table_display.styled(frame, lang)
    styler._compute()
    body = styler._translate(False, False)["body"][0]
    assert [cell["display_value"] for cell in body[1:]] == written
    assert table_display.codes(frame, lang) == ["Mã huyện"]
    assert frame["Giá trị"][0] == 1234.5  # the table itself, as downloaded, keeps its value


def test_english_writes_english_numbers_and_words():
    frame = pd.DataFrame({"Value": [1234.5], "Base year": [2024], "Recognised": [False]})
    styler = table_display.styled(frame, "en")
    styler._compute()
    assert [cell["display_value"] for cell in styler._translate(False, False)["body"][0][1:]] == [
        "1,234.5",
        "2024",
        "No",
    ]


def test_a_column_of_texts_people_wrote_says_so_outside_vietnamese():
    assert table_display.as_written("Nội dung", "vi") == "Nội dung"
    assert table_display.as_written("Task", "en") == "Task (as written, in Vietnamese)"
    assert table_display.shown_as_written("Task (as written, in Vietnamese)", "en")
    assert table_display.shown_as_written("Số quyết định", "vi")  # a document's number, as written


def test_giong_rieng_reads_its_share_with_a_decimal_comma(open_page):
    texts = {text for text, _ in table_texts(open_page("districts").dataframe[0].proto, "vi")}
    assert {"11,1", "12,5"} <= texts and not {"11.1", "12.5"} & texts
    assert GIONG_RIENG not in texts  # the code column is hidden
