"""Numbers, shares and dates as readers in each language write them."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from ntm import formatting


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "1.234.567,5"), ("en", "1,234,567.5")],
)
def test_number_uses_the_languages_separators(lang, expected):
    assert formatting.number(1234567.46, lang, 1) == expected


def test_number_rounds_to_whole_by_default():
    assert formatting.number(1234.4, "vi") == "1.234"
    assert formatting.number(17.67, "vi", 1) == "17,7"


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_missing_figures_show_a_dash_not_zero(missing):
    assert formatting.number(missing, "vi") == formatting.MISSING
    assert formatting.percent(missing, 116, "vi") == formatting.MISSING


def test_percent_of_a_whole():
    assert formatting.percent(81, 116, "vi") == "69,8%"
    assert formatting.percent(81, 116, "en") == "69.8%"


def test_percent_of_nothing_is_missing():
    assert formatting.percent(0, 0, "vi") == formatting.MISSING


def test_fraction_as_reports_write_it():
    assert formatting.fraction(98, 116, "vi") == "98/116"
    assert formatting.fraction(1200, 1500, "vi") == "1.200/1.500"


def test_count_keeps_a_fractional_target():
    assert formatting.count(116.0, "vi") == "116"
    assert formatting.count(17.5, "vi") == "17,5"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dates_are_day_month_year_in_every_language(lang):
    assert formatting.date(dt.date(2024, 12, 31), lang) == "31/12/2024"
    assert formatting.date(dt.datetime(2024, 12, 15, 10, 30), lang) == "15/12/2024"
    assert formatting.date(None, lang) == formatting.MISSING


def test_plotly_separators_decimal_first():
    assert formatting.plotly_separators("vi") == ",."
    assert formatting.plotly_separators("en") == ".,"
