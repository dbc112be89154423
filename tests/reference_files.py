"""The committed reference files as the tests read them: plain CSV, without the packages that
tools/build_units.py built some of them from."""

from __future__ import annotations

import csv
import datetime as dt

from ntm import config


def rows(*file_names: str) -> list[dict[str, str]]:
    """The rows of one or more files of data/reference, in order."""
    found: list[dict[str, str]] = []
    for name in file_names:
        with open(config.REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
            found += csv.DictReader(handle)
    return found


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
