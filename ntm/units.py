"""Finding the administrative unit a person meant: by code or by name, however it is written.

Names are compared first with tone marks kept but their placement ignored ("Hoà" = "Hòa"), then
without diacritics. Four xã names exist in two districts (Bình An, Thạnh Lộc, Vĩnh Phú, Vĩnh
Thuận): the district, from a column or a section row, decides; without it the name is ambiguous.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import fuzz, process

from ntm.text import clean, fold, tone_key

COMMUNE_CODE_LENGTH = 5
DISTRICT_CODE_LENGTH = 3

# Prefixes people put before a unit's name, folded, longest first, and the unit type they imply.
_COMMUNE_PREFIXES = (
    ("thi tran", "thị trấn"),
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
    district_code: str


@dataclass
class Match:
    unit: Unit | None = None
    ambiguous: list[Unit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    bad_code: bool = False
    elsewhere: list[Unit] = field(default_factory=list)  # same name, but outside the district given


class Units:
    def __init__(self, communes: list[Unit], districts: dict[str, str], kinds: dict[str, str]):
        self.communes = {u.code: u for u in communes}
        self.districts = districts
        self.kinds = kinds
        self._district_by_name = {}
        for code, name in districts.items():
            self._district_by_name[_district_key(name)] = code

    @functools.cached_property
    def _by_name(self) -> tuple[dict[str, list[Unit]], dict[str, list[Unit]]]:
        """Xã by their name's tone key and by its folded form. Built on the first search by name,
        not with the object: a page that only lists xã (10,000 of them nationally) never pays for it."""
        by_tone: dict[str, list[Unit]] = {}
        by_fold: dict[str, list[Unit]] = {}
        for unit in self.communes.values():
            bare, _ = _strip_prefix(unit.name, _COMMUNE_PREFIXES)
            by_tone.setdefault(tone_key(bare), []).append(unit)
            by_fold.setdefault(fold(bare), []).append(unit)
        return by_tone, by_fold

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> Units:
        communes = [
            Unit(*row)
            for row in con.execute(
                "select commune_code, name, unit_type, district_code from commune order by commune_code"
            ).fetchall()
        ]
        rows = con.execute("select district_code, name, kind from district order by district_code").fetchall()
        return cls(communes, {code: name for code, name, _ in rows}, {code: kind for code, _, kind in rows})

    def is_city(self, code: str) -> bool:
        return self.kinds.get(code) == "thành phố"

    def district_keys(self) -> dict[str, str]:
        """Folded district names without "Huyện"/"Thành phố" -> district code."""
        return dict(self._district_by_name)

    def district_name(self, code: str) -> str:
        return self.districts.get(code, code)

    def find_district(self, text: object) -> str | None:
        """The district code for a code or a name such as "Huyện Hòn Đất", "H. Hòn Đất", "Hòn Đất"."""
        value = clean(text)
        if not value:
            return None
        if _CODE.match(value):
            code = value.zfill(DISTRICT_CODE_LENGTH)
            return code if code in self.districts else None
        return self._district_by_name.get(_district_key(value))

    def find_commune(self, text: object, district_code: str | None = None, prefer_type: str | None = None) -> Match:
        value = clean(text)
        if _CODE.match(value):
            if len(value) not in (COMMUNE_CODE_LENGTH - 1, COMMUNE_CODE_LENGTH):
                return Match(bad_code=True)
            unit = self.communes.get(value.zfill(COMMUNE_CODE_LENGTH))
            return Match(unit=unit) if unit else Match(suggestions=[])
        bare, type_hint = _strip_prefix(value, _COMMUNE_PREFIXES)
        by_tone, by_fold = self._by_name
        everywhere = by_tone.get(tone_key(bare)) or by_fold.get(fold(bare)) or []
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
        return Match(suggestions=self.suggest(bare, district_code))

    def name_matches(self, unit: Unit, text: object) -> bool:
        """Whether ``text`` is a way of writing ``unit``'s name."""
        bare, _ = _strip_prefix(clean(text), _COMMUNE_PREFIXES)
        own, _ = _strip_prefix(unit.name, _COMMUNE_PREFIXES)
        return fold(bare) == fold(own)

    def suggest(self, text: str, district_code: str | None = None, limit: int = 3) -> list[str]:
        """Names close to ``text``, never one that reads the same as it: "did you mean" the very
        name typed would leave nothing to correct."""
        typed = fold(text)
        pool = [u for u in self.communes.values() if not district_code or u.district_code == district_code]
        choices = {u.code: fold(_strip_prefix(u.name, _COMMUNE_PREFIXES)[0]) for u in pool}
        choices = {code: name for code, name in choices.items() if name != typed}
        found = process.extract(typed, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [
            f"{self.communes[code].name} ({self.district_name(self.communes[code].district_code)})"
            for _, _, code in found
        ]


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
