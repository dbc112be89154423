"""The overview as a user sees it, run through Streamlit's AppTest on the hand-built warehouse."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import dashboard
from ui import panels

pytestmark = pytest.mark.database("hand_built")


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {metric.label: (metric.value, metric.delta) for metric in at.metric}


def charts(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def title(figure: dict) -> str:
    """A figure's title as read: its lines (wrapped to fit a phone) joined by spaces."""
    return figure["layout"]["title"]["text"].replace("<br>", " ")


def values(array: list | dict) -> list:
    """Plotly sends numeric arrays as typed, base64-encoded buffers."""
    if isinstance(array, list):
        return array
    return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()


def test_headline_in_vietnamese(app):
    at = app.run()
    assert not at.exception
    assert metrics(at) == {
        "Xã đạt chuẩn NTM": ("2/116", "1,7%"),
        "Xã đạt chuẩn NTM nâng cao": ("1/116", "0,9%"),
        "Xã NTM kiểu mẫu": ("1/116", "0,9%"),
        "Huyện đạt chuẩn NTM": ("2/15", ""),
        "Bình quân tiêu chí/xã": ("12,5", ""),
    }
    captions = [caption.value for caption in at.caption]
    assert "Mục tiêu 2025: 116" in captions
    assert "Dữ liệu của 6/116 xã, cập nhật 15/12/2024, đợt cập nhật số 2." in captions


def test_headline_in_english_from_the_url(app):
    app.query_params["lang"] = "en"
    at = app.run()
    assert not at.exception
    assert metrics(at)["NTM communes"] == ("2/116", "1.7%")
    assert metrics(at)["Criteria per commune"] == ("12.5", "")
    assert "Target 2025: 116" in [caption.value for caption in at.caption]


def test_sidebar_shows_sample_data_and_the_data_date(app):
    at = app.run()
    sidebar = [getattr(element, "value", "") for element in at.sidebar]
    assert any("Dữ liệu mẫu" in str(text) for text in sidebar)
    assert "Cập nhật 15/12/2024 · đợt cập nhật số 2" in sidebar


def test_district_filter_changes_the_figures_and_the_url(app):
    at = app.run()
    at.selectbox(key="district").set_value("908").run()
    assert not at.exception
    assert metrics(at)["Xã đạt chuẩn NTM"] == ("1/8", "12,5%")
    assert metrics(at)["Bình quân tiêu chí/xã"] == ("17,7", "")
    assert metrics(at)["Huyện đạt chuẩn NTM"] == ("1/1", "")
    assert at.query_params["district"] == "908"
    assert metrics(at.run())["Xã đạt chuẩn NTM"] == ("1/8", "12,5%")  # kept on the next rerun


def test_district_from_the_url_and_unknown_codes_fall_back_to_the_province(app):
    app.query_params["district"] = "908"
    assert metrics(app.run())["Xã đạt chuẩn NTM"] == ("1/8", "12,5%")
    other = dashboard()
    other.query_params["district"] = "999"
    at = other.run()
    assert metrics(at)["Xã đạt chuẩn NTM"] == ("2/116", "1,7%")
    assert "district" not in at.query_params


def test_year_filter_shows_that_years_recognitions(app):
    app.query_params["year"] = "2023"
    at = app.run()
    assert metrics(at)["Xã đạt chuẩn NTM"] == ("2/116", "1,7%")
    assert metrics(at)["Xã NTM kiểu mẫu"] == ("0/116", "0,0%")
    assert metrics(at)["Bình quân tiêu chí/xã"] == ("17,0", "")
    assert all("2023" in title(chart) for chart in charts(at)[1:])


def test_charts_have_titles_with_their_years_and_the_target_as_a_dashed_line(app):
    trend, bands, districts = charts(app.run())
    assert title(trend) == "Số xã đạt chuẩn nông thôn mới, 2023–2024 – Toàn tỉnh"
    dashed = [line for line in trend["data"] if line.get("line", {}).get("dash") == "dash"]
    assert {"x": [2020, 2025], "y": [50.0, 116.0]}.items() <= dashed[0].items()
    assert all(line["type"] == "scatter" for line in dashed)
    assert "năm 2024" in title(bands)
    assert values(bands["data"][0]["y"]) == [1, 2, 1, 1, 1]
    assert "năm 2024" in title(districts)


def test_each_chart_has_its_data_table_drawn_once_opened(app):
    at = app.run()
    assert [expander.label for expander in at.main.expander] == ["Bảng số liệu"] * 3
    assert not at.dataframe  # a closed table is not sent: the charts draw sooner
    at.session_state[f"{panels.TABLE_KEY}nhom-tieu-chi"] = True  # the reader opens the bands' table
    at.run()
    assert not at.exception
    (bands,) = [element.value for element in at.dataframe]
    assert list(bands["Số xã"]) == [1, 2, 1, 1, 1]
    assert [button.label for button in at.main.get("download_button")] == ["Tải CSV", "Tải Excel (XLSX)"]


def test_missing_database_explains_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DB", str(tmp_path / "none.duckdb"))
    at = dashboard().run()
    assert not at.exception
    assert "Chưa có cơ sở dữ liệu" in at.error[0].value
    assert "python -m etl init" in at.code[0].value
