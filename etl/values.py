"""Reading single cell values the way a person would: numbers with Vietnamese or English
separators, dates as Excel dates, serials or dd/mm/yyyy text, years, yes/no marks.

Each parser returns the value, or raises ``BadValue`` with the message key that explains it.
"""

from __future__ import annotations

import datetime as dt
import re

from etl.spec import cell_text, mark_key, spec
from ntm import config
from ntm.text import clean

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_VN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")
_EN_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$|^-?\d+$")
_YEAR_IN_TEXT = re.compile(r"\bnam\s+(\d{4})\b")


class BadValue(ValueError):
    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


def is_blank(value: object) -> bool:
    return clean(cell_text(value)) == ""


def mark(value: object) -> bool:
    """True for a "met" mark (x, Đạt, 1, ✓ …), False for "not met" (blank, 0, -, Chưa đạt …)."""
    key = mark_key(value)
    if key in spec().marks_met:
        return True
    if key in spec().marks_not_met:
        return False
    raise BadValue("mark_invalid", value=clean(cell_text(value)))


def number(value: object) -> float:
    """1234.5 from 1234.5, "1.234,5" (Vietnamese), "1,234.5" (English) or "1234,5".

    Text that reads both ways ("1.234", "1,5") is read the Vietnamese way, the province's usage.
    """
    if isinstance(value, bool):
        raise BadValue("number_invalid", value=str(value))
    if isinstance(value, (int, float)):
        return float(value)
    text = clean(value).replace(" ", "").replace("\u00a0", "")
    if _VN_NUMBER.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _EN_NUMBER.match(text):
        return float(text.replace(",", ""))
    raise BadValue("number_invalid", value=clean(value))


def integer(value: object) -> int:
    result = number(value)
    if not result.is_integer():
        raise BadValue("integer_invalid", value=clean(cell_text(value)))
    return int(result)


def year(value: object, first: int = config.FIRST_YEAR) -> int:
    try:
        result = integer(value)
    except BadValue:
        raise BadValue("year_invalid", value=clean(cell_text(value))) from None
    if not first <= result <= config.LAST_YEAR:
        raise BadValue("year_out_of_range", value=result, first=first, last=config.LAST_YEAR)
    return result


def recognition_year(value: object) -> int:
    return year(value, first=config.FIRST_RECOGNITION_YEAR)


def date(value: object) -> dt.date:
    """A date from an Excel date, an Excel serial number, or text written dd/mm/yyyy (or ISO)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = clean(cell_text(value))
    found = _DATE_TEXT.match(text)
    try:
        if found:
            day, month, year_ = (int(g) for g in found.groups())
            return dt.date(year_, month, day)
        found = _ISO_DATE.match(text)
        if found:
            year_, month, day = (int(g) for g in found.groups())
            return dt.date(year_, month, day)
    except ValueError:
        raise BadValue("date_impossible", value=text) from None
    raise BadValue("date_invalid", value=text)


def year_in_text(text: str) -> int | None:
    """2024 from a title such as "… NĂM 2024" (folded text)."""
    found = _YEAR_IN_TEXT.search(text)
    if not found:
        return None
    candidate = int(found.group(1))
    return candidate if config.FIRST_YEAR <= candidate <= config.LAST_YEAR else None
