"""Reading single cell values the way a person would: numbers with Vietnamese or English
separators, dates as Excel dates, serials or dd/mm/yyyy text, years, yes/no marks, reporting
periods ("Quý I/2024"), months ("tháng 01/2024") and amounts of money ("1,2 tỷ").

Each parser returns the value, or raises ``BadValue`` with the message key that explains it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from ntm import config, periods
from ntm.catalogue import cell_text, clean_cell, mark_key, spec
from ntm.text import clean, fold, memoised

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_VN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")
_EN_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$|^-?\d+$")
_YEAR_IN_TEXT = re.compile(r"\bnam\s+(\d{4})\b")
# A date in folded text: "ngay 15 thang 01 nam 2025", "ngay thang 01 nam 2025", "15 01 2025" (15/01/2025).
_DATE_IN_TEXT = re.compile(
    r"\bngay\s+(?:\d{1,2}\s+)?thang\s+(?:\d{1,2}\s+)?nam\s+\d{4}\b"
    r"|\b\d{1,2}\s+\d{1,2}\s+\d{4}\b"
)
_BARE_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


class BadValue(ValueError):
    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


def is_blank(value: object) -> bool:
    return clean_cell(value) == ""


@memoised  # a national workbook holds 190,000 marks, all "1", "0", "x" or blank
def mark(value: object) -> bool:
    """True for a "met" mark (x, Đạt, 1, ✓ …), False for "not met" (blank, 0, -, Chưa đạt …).
    A hedged mark ("Đạt?", "(x)", "đạt/chưa") is neither: refused, not read as its words."""
    if spec().marks_uncertain.search(clean_cell(value)):
        raise BadValue("mark_uncertain", value=clean_cell(value))
    key = mark_key(value)
    if key in spec().marks_met:
        return True
    if key in spec().marks_not_met:
        return False
    raise BadValue("mark_invalid", value=clean_cell(value))


def number(value: object) -> float:
    """1234.5 from 1234.5, "1.234,5" (Vietnamese), "1,234.5" (English) or "1234,5".

    Text that reads both ways ("1.234", "1,5") is read the Vietnamese way, the province's usage.
    """
    if isinstance(value, bool):
        raise BadValue("number_invalid", value=str(value))
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise BadValue("number_not_finite", value=str(value))
        return float(value)
    text = clean(value).replace(" ", "").replace("\u00a0", "")
    if _VN_NUMBER.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _EN_NUMBER.match(text):
        return float(text.replace(",", ""))
    if _not_finite(text):
        raise BadValue("number_not_finite", value=clean(value))
    raise BadValue("number_invalid", value=clean(value))


def _not_finite(text: str) -> bool:
    """ "nan", "inf", "-Infinity", "1e309": what a program writes for a figure it could not compute."""
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


def integer(value: object) -> int:
    result = number(value)
    if not result.is_integer():
        raise BadValue("integer_invalid", value=clean_cell(value))
    return int(result)


def year(value: object, first: int = config.FIRST_YEAR) -> int:
    try:
        result = integer(value)
    except BadValue:
        raise BadValue("year_invalid", value=clean_cell(value)) from None
    if not first <= result <= config.LAST_YEAR:
        raise BadValue("year_out_of_range", value=clean_cell(value), first_year=first, last_year=config.LAST_YEAR)
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
    text = clean_cell(value)
    found = _DATE_TEXT.match(text)
    if found and int(found.group(2)) > 12 >= int(found.group(1)):
        # Only month/day/year reads this way: say so rather than guess the order of the others.
        raise BadValue(
            "date_month_first",
            value=text,
            fixed=f"{int(found.group(2)):02d}/{int(found.group(1)):02d}/{found.group(3)}",
        )
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


def within(value: float | dt.date, bounds: list | None, cell: object) -> None:
    """Nothing when ``value`` (read from ``cell``) lies within ``bounds``, [lowest, highest] as a
    dataset declares them (None: no range declared); else BadValue saying the range."""
    if bounds is None or bounds[0] <= value <= bounds[1]:  # NaN compares false: out of any range
        return
    shown = value if isinstance(value, dt.date) else clean_cell(cell)
    raise BadValue("value_out_of_range", value=shown, low=bounds[0], high=bounds[1])


def year_in_text(text: str) -> int | None:
    """The year a text states: 2024 from "… năm 2024" (folded text), as written, however unlikely
    (a title saying "NĂM 2099" is a mistake to point at, not text to skip); else the one year from
    2015–2030 it holds ("tieu chi 2024 an bien xlsx"), none when it holds several ("2021 2025").
    A date ("ngày 15 tháng 01 năm 2025", "15/01/2025": the day a report was signed or updated)
    states no year."""
    text = _DATE_IN_TEXT.sub(" ", text)
    found = _YEAR_IN_TEXT.search(text)
    if found:
        return int(found.group(1))
    years = {int(y) for y in _BARE_YEAR.findall(text) if config.FIRST_YEAR <= int(y) <= config.LAST_YEAR}
    return years.pop() if len(years) == 1 else None


# --- Periods, months and amounts (the emulation movement and agency reports) -------------------

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_HALF_WORDS = {"dau": 1, "cuoi": 2}
# (pattern on the folded text, period kind, group of the half or quarter (None for a year), group of the year)
_PERIOD_PATTERNS = (
    (re.compile(r"^(?:ca\s+)?(?:nam\s+)?(\d{4})$"), periods.YEAR, None, 1),
    (re.compile(r"^(?:quy|q)\s*(iv|i{1,3}|[1-4])\s*(?:nam\s*)?(\d{4})$"), periods.QUARTER, 1, 2),
    (re.compile(r"^(\d{4})\s*q\s*([1-4])$"), periods.QUARTER, 2, 1),
    (re.compile(r"^(?:6|sau)\s*(?:thang|t)\s*(dau|cuoi)\s*(?:nam\s*)?(\d{4})$"), periods.HALF, 1, 2),
    (re.compile(r"^h\s*([12])\s*(?:nam\s*)?(\d{4})$"), periods.HALF, 1, 2),
    (re.compile(r"^(\d{4})\s*h\s*([12])$"), periods.HALF, 2, 1),
)
# "ngày tháng 01 năm 2024" (the day left blank, as on a document before it is numbered and dated),
# "tháng 01/2024", "01/2024", "tháng 1 năm 2024".
_MONTH_TEXT = re.compile(r"^(?:ngay\s+)?(?:thang\s+)?(\d{1,2})\s*(?:nam\s+)?(\d{4})$")
_DATE_WORDS = re.compile(r"^ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})$")
_AMOUNT_TEXT = re.compile(r"^(?P<number>-?[\d.,]*\d)\s*(?P<unit>[^\d].*)?$")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=\d)")


def period(value: object) -> periods.Period:
    """A reporting period from "Quý I/2024", "Q1/2024", "6 tháng đầu năm 2024", "H2/2024",
    "Năm 2024", 2024 or a period code such as "2024-Q1"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return periods.Period(year(value), periods.YEAR)
    text = fold(cell_text(value))
    for pattern, kind, number_group, year_group in _PERIOD_PATTERNS:
        found = pattern.match(text)
        if not found:
            continue
        when = year(found.group(year_group))
        if number_group is None:
            return periods.Period(when, kind)
        raw = found.group(number_group)
        return periods.Period(when, kind, _HALF_WORDS.get(raw) or _ROMAN_QUARTERS.get(raw) or int(raw))
    raise BadValue("period_invalid", value=clean_cell(value))


def day_or_month(value: object) -> tuple[dt.date | None, int, int]:
    """(the date, its year, its month) from a date (also "ngày 15 tháng 01 năm 2024"), or
    (None, year, month) when only the month is known: "ngày tháng 01 năm 2024", "tháng 01/2024"."""
    try:
        day = date(value)
        return day, day.year, day.month
    except BadValue as bad:
        if bad.key in ("date_impossible", "date_month_first"):
            raise
    text = fold(cell_text(value))
    found = _DATE_WORDS.match(text)
    if found:
        day_, month, year_ = found.groups()
        return day_or_month(f"{day_}/{month}/{year_}")
    found = _MONTH_TEXT.match(text)
    if found and 1 <= int(found.group(1)) <= 12:
        return None, year(found.group(2)), int(found.group(1))
    raise BadValue("date_invalid", value=clean_cell(value))


def quantity(value: object) -> float:
    """A count or a measure that cannot be negative (m² of land, work days, training sessions)."""
    result = number(value)
    if result < 0:
        raise BadValue("value_negative", value=clean_cell(value))
    return result


def money(value: object, multiplier: int | None, units: dict[str, int]) -> float:
    """Đồng from a cell: a number in the column's unit (``multiplier`` đồng, None when the sheet
    does not say), or a number with its own unit, "1.234.000 đồng", "1,2 tỷ", "350 triệu".
    ``units`` maps folded unit words to their value in đồng. Never negative."""
    text = _SPACE_IN_NUMBER.sub("", clean_cell(value).replace("\u2212", "-"))
    if isinstance(value, (int, float)) or _not_finite(text):
        amount, unit = number(value), ""
    else:
        found = _AMOUNT_TEXT.match(text)
        if not found:
            raise BadValue("number_invalid", value=clean_cell(value))
        amount, unit = number(found.group("number")), fold(found.group("unit") or "")
    if amount < 0:
        raise BadValue("value_negative", value=clean_cell(value))
    if unit:
        if unit not in units:
            raise BadValue("money_unit_unknown", value=clean_cell(value))
        multiplier = units[unit]
    if multiplier is None:
        raise BadValue("money_unit_missing", value=clean_cell(value))
    dong = amount * multiplier
    return float(round(dong)) if math.isfinite(dong) else dong  # too large for any range: refused there


# Text typed with the pre-Unicode Vietnamese fonts reads as garbage once in Unicode. TCVN3 (ABC,
# .VnTime) puts toned vowels on Latin-1 symbols ("X· Phi Th«ng"); VNI (VNI-Times) writes a vowel
# then a Latin-1 letter for its marks ("Xaõ Phi Thoâng", đ as "ñ"). None of these sequences occurs
# in Unicode Vietnamese, so finding one inside a word is enough to say which font was used.
# (Marks that end an English word, "Excel®", "©", are left out of the first pattern; "giùm" is
# Unicode Vietnamese, so ù and õ count only after a, e, o, y.)
_TCVN3 = re.compile(r"[A-Za-z][¨ª«¬\xadµ¶·¸¹»¼½¾Æ]|[¨©ª«¬®µ¶·¸¹»¼½¾Æ][A-Za-z]")
_VNI = re.compile(r"[aeiouyAEIOUY][øûïØÛÏ]|[aeoyAEOY][ùõÙÕ]|[ñÑ]")


def legacy_encoding(text: str) -> str | None:
    """ "TCVN3" or "VNI" when ``text`` looks typed in that legacy font, else None."""
    if text.isascii():
        return None
    if _TCVN3.search(text):
        return "TCVN3"
    if _VNI.search(text):
        return "VNI"
    return None
