"""Finding the administrative unit a person meant: by code or by name, however it is written, among
the units that existed on the day the data speak of.

Names are compared first with tone marks kept but their placement ignored ("Hoà" = "Hòa"), then
without diacritics. Four xã names exist in two districts (Bình An, Thạnh Lộc, Vĩnh Phú, Vĩnh
Thuận): the district, from a column or a section row, decides; without it the name is ambiguous.

Units change over time: on 1/7/2025 Kiên Giang's xã were rearranged into the new An Giang's and the
district level ended. A code names a unit only with a date (30985 is Thị trấn Thứ Ba until
30/6/2025 and Xã An Biên from 1/7/2025), and so does a name ("Xã Bình An" is two old xã and one new
one). A lookup given a day sees the units valid that day; a name or code that existed only on
other days says so (``Match.other_time``), and what an old unit became is its successions
(``successions``, data/reference/admin_unit_successions.csv).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from ntm import config
from ntm.reference import read_csv
from ntm.text import clean, fold, tone_key

COMMUNE_CODE_LENGTH = 5
DISTRICT_CODE_LENGTH = 3
SUCCESSIONS_FILE = "admin_unit_successions.csv"

# Prefixes people put before a unit's name, folded, longest first, and the unit type they imply.
_COMMUNE_PREFIXES = (
    ("thi tran", "thị trấn"),
    ("dac khu", "đặc khu"),
    ("phuong", "phường"),
    ("tt", "thị trấn"),
    ("xa", "xã"),
    ("p", "phường"),
    ("x", "xã"),
)
_DISTRICT_PREFIXES = ("thanh pho", "thi xa", "huyen", "tp", "tx", "h")
_DISTRICT_PREFIX_MEANINGS = tuple((p, p) for p in _DISTRICT_PREFIXES)
_CODE = re.compile(r"^\d+$")
_GLUED_DOT = re.compile(r"\.(?=\S)")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    unit_type: str
    district_code: str | None  # None for the units made on 1/7/2025: no district level since
    valid_from: dt.date | None = None  # None: since before the data kept here
    valid_to: dt.date | None = None  # None: still valid

    def valid_on(self, day: dt.date | None) -> bool:
        """Whether the unit existed on ``day`` (any day when None)."""
        return day is None or (
            (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
        )


@dataclass(frozen=True)
class Succession:
    """One old unit and a unit it went into (wholly or in part) on ``effective``."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    extent: str  # whole | part
    effective: dt.date
    legal_basis: str


@dataclass
class Match:
    unit: Unit | None = None
    ambiguous: list[Unit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    bad_code: bool = False
    elsewhere: list[Unit] = field(default_factory=list)  # same name, but outside the district given
    other_time: list[Unit] = field(default_factory=list)  # that code or name, but not on the day given
    on: dt.date | None = None  # the day given

    def ended(self) -> list[Unit]:
        """The units of ``other_time`` that had ended by the day given (the rest began after it)."""
        return [unit for unit in self.other_time if unit.valid_to is not None and self.on and unit.valid_to < self.on]


class Units:
    def __init__(
        self,
        communes: list[Unit],
        districts: dict[str, str],
        kinds: dict[str, str],
        district_dates: dict[str, tuple[dt.date | None, dt.date | None]] | None = None,
        successions: Iterable[Succession] = (),
    ):
        self.units = communes
        self.districts = districts
        self.kinds = kinds
        self.district_dates = district_dates or {}
        self._by_code: dict[str, list[Unit]] = {}
        for unit in communes:
            self._by_code.setdefault(unit.code, []).append(unit)
        self._successions = tuple(successions)
        self._district_by_name = {}
        for code, name in districts.items():
            self._district_by_name[_district_key(name)] = code

    @functools.cached_property
    def _by_name(self) -> tuple[dict[str, list[Unit]], dict[str, list[Unit]]]:
        """Xã by their name's tone key and by its folded form. Built on the first search by name,
        not with the object: a page that only lists xã (10,000 of them nationally) never pays for it."""
        by_tone: dict[str, list[Unit]] = {}
        by_fold: dict[str, list[Unit]] = {}
        for unit in self.units:
            bare, _ = _strip_prefix(unit.name, _COMMUNE_PREFIXES)
            by_tone.setdefault(tone_key(bare), []).append(unit)
            by_fold.setdefault(fold(bare), []).append(unit)
        return by_tone, by_fold

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> Units:
        communes = [
            Unit(*row)
            for row in con.execute(
                "select commune_code, name, unit_type, district_code, valid_from, valid_to from commune"
                " order by commune_code, valid_from nulls first"
            ).fetchall()
        ]
        rows = con.execute(
            "select district_code, name, kind, valid_from, valid_to from district order by district_code"
        ).fetchall()
        return cls(
            communes,
            {code: name for code, name, *_ in rows},
            {code: kind for code, _, kind, *_ in rows},
            {code: (starts, ends) for code, _, _, starts, ends in rows},
            successions(),
        )

    def is_city(self, code: str) -> bool:
        return self.kinds.get(code) == "thành phố"

    def district_keys(self) -> dict[str, str]:
        """Folded district names without "Huyện"/"Thành phố" -> district code."""
        return dict(self._district_by_name)

    def district_name(self, code: str | None) -> str:
        return self.districts.get(code, code) if code else ""

    def district_valid_on(self, code: str, day: dt.date | None) -> bool:
        starts, ends = self.district_dates.get(code, (None, None))
        return day is None or ((starts is None or starts <= day) and (ends is None or day <= ends))

    def district_level_on(self, day: dt.date | None) -> bool:
        """Whether there were districts on ``day`` (there were none from 1/7/2025)."""
        return any(self.district_valid_on(code, day) for code in self.districts)

    def find_district(self, text: object) -> str | None:
        """The district code for a code or a name such as "Huyện Hòn Đất", "H. Hòn Đất", "Hòn Đất"."""
        value = clean(text)
        if not value:
            return None
        if _CODE.match(value):
            code = value.zfill(DISTRICT_CODE_LENGTH)
            return code if code in self.districts else None
        return self._district_by_name.get(_district_key(value))

    def commune_on(self, code: str, day: dt.date | None) -> Unit | None:
        """The unit ``code`` named on ``day`` (the latest one when no day is given)."""
        found = [unit for unit in self._by_code.get(code, []) if unit.valid_on(day)]
        return found[-1] if found else None

    def find_commune(
        self,
        text: object,
        district_code: str | None = None,
        prefer_type: str | None = None,
        on: dt.date | None = None,
    ) -> Match:
        """The unit ``text`` names (a code or a name), among those valid ``on`` that day (any day when None)."""
        value = clean(text)
        if _CODE.match(value):
            if len(value) not in (COMMUNE_CODE_LENGTH - 1, COMMUNE_CODE_LENGTH):
                return Match(bad_code=True)
            with_code = self._by_code.get(value.zfill(COMMUNE_CODE_LENGTH), [])
            unit = self.commune_on(value.zfill(COMMUNE_CODE_LENGTH), on)
            if unit:
                return Match(unit=unit)
            return Match(other_time=with_code, on=on)
        bare, type_hint = _strip_prefix(value, _COMMUNE_PREFIXES)
        by_tone, by_fold = self._by_name
        named = by_tone.get(tone_key(bare)) or by_fold.get(fold(bare)) or []
        everywhere = [unit for unit in named if unit.valid_on(on)]
        if named and not everywhere:
            if type_hint:
                named = [u for u in named if u.unit_type == type_hint] or named
            return Match(other_time=named, on=on)
        candidates = everywhere
        if district_code:
            candidates = [u for u in everywhere if u.district_code == district_code]
            if not candidates and everywhere:
                if type_hint:
                    everywhere = [u for u in everywhere if u.unit_type == type_hint] or everywhere
                return Match(elsewhere=everywhere)
        if type_hint:
            candidates = [u for u in candidates if u.unit_type == type_hint] or candidates
        if len(candidates) > 1 and prefer_type:
            candidates = [u for u in candidates if u.unit_type == prefer_type] or candidates
        if len(candidates) == 1:
            return Match(unit=candidates[0])
        if candidates:
            return Match(ambiguous=candidates)
        return Match(suggestions=self.suggest(bare, district_code, on=on))

    def successors(self, unit: Unit) -> list[Succession]:
        """What ``unit`` went into when it ended (the day after its last)."""
        if unit.valid_to is None:
            return []
        ended = unit.valid_to + dt.timedelta(days=1)
        return [s for s in self._successions if s.old_code == unit.code and s.effective == ended]

    def predecessors(self, unit: Unit) -> list[Succession]:
        """The units ``unit`` was made from when it began."""
        return [s for s in self._successions if s.new_code == unit.code and s.effective == unit.valid_from]

    def label(self, unit: Unit) -> str:
        """ "Xã Bình An (Huyện Châu Thành)": the name, and its district when it had one."""
        return f"{unit.name} ({self.district_name(unit.district_code)})" if unit.district_code else unit.name

    def name_matches(self, unit: Unit, text: object) -> bool:
        """Whether ``text`` is a way of writing ``unit``'s name."""
        bare, _ = _strip_prefix(clean(text), _COMMUNE_PREFIXES)
        own, _ = _strip_prefix(unit.name, _COMMUNE_PREFIXES)
        return fold(bare) == fold(own)

    def suggest(
        self, text: str, district_code: str | None = None, limit: int = 3, on: dt.date | None = None
    ) -> list[str]:
        """Names close to ``text`` among the units of ``on`` (any day when None), never one that reads
        the same as it: "did you mean" the very name typed would leave nothing to correct."""
        typed = fold(text)
        pool = [u for u in self.units if (not district_code or u.district_code == district_code) and u.valid_on(on)]
        choices = {index: fold(_strip_prefix(u.name, _COMMUNE_PREFIXES)[0]) for index, u in enumerate(pool)}
        choices = {index: name for index, name in choices.items() if name != typed}
        found = process.extract(typed, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [self.label(pool[index]) for _, _, index in found]


@functools.cache
def successions(folder: Path = config.REFERENCE_DIR) -> tuple[Succession, ...]:
    """Every old unit -> new unit pair of the reference file."""
    columns = ["old_code", "old_name", "new_code", "new_name", "extent", "effective_date", "legal_basis"]
    return tuple(
        Succession(old_code, old_name, new_code, new_name, extent, dt.date.fromisoformat(effective), basis)
        for old_code, old_name, new_code, new_name, extent, effective, basis in read_csv(
            folder / SUCCESSIONS_FILE, columns
        )
    )


@functools.lru_cache(maxsize=1 << 16)  # every row of a national workbook names its xã and district
def _strip_prefix(name: str, prefixes) -> tuple[str, str | None]:
    """("Xã Vĩnh Hòa", prefixes) -> ("Vĩnh Hòa", "xã"). Also "X.Vĩnh Hòa" and "TT. Kiên Lương"."""
    value = _GLUED_DOT.sub(". ", clean(name))
    words = value.split(" ")
    folded_words = [fold(word) for word in words]
    for prefix, meaning in prefixes:
        size = len(prefix.split(" "))
        if folded_words[:size] == prefix.split(" ") and len(words) > size:
            return " ".join(words[size:]), meaning
    return value, None


def _district_key(name: str) -> str:
    bare, _ = _strip_prefix(name, _DISTRICT_PREFIX_MEANINGS)
    return fold(bare)
