"""Administrative units' names in English, as the reference lists give them (data/reference/
admin_units*.csv: "Huyện An Biên" is "An Bien District", "Thị trấn Thứ Ba" "Thu Ba Township").

Looked up by the Vietnamese name, not by code: a code names a unit only with a date (30985 is Thị trấn
Thứ Ba until 30/6/2025 and Xã An Biên from 1/7/2025), while a name says its kind and means the same
in English whatever the day. A name the lists do not hold (a unit of a synthetic national test) is
shown as it is.
"""

from __future__ import annotations

import csv
import functools

from ntm import config

# Each list of units, and its (Vietnamese, English) name columns.
UNIT_LISTS = {
    "admin_units.csv": (("district_name", "district_name_en"), ("commune_name", "commune_name_en")),
    "admin_units_2025.csv": (("commune_name", "commune_name_en"),),
}
ENGLISH = "en"


@functools.cache
def english_names() -> dict[str, str]:
    """Every unit's Vietnamese name -> its English name."""
    names: dict[str, str] = {}
    for file_name, pairs in UNIT_LISTS.items():
        with open(config.REFERENCE_DIR / file_name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names.update((row[vietnamese], row[english]) for vietnamese, english in pairs)
    return names


def in_language(name: str, lang: str) -> str:
    """``name`` (Vietnamese, as stored) in ``lang``."""
    return english_names().get(name, name) if lang == ENGLISH else name
