"""Finding the agency a person meant: by code, by name, by any spelling declared in
``data/reference/agency_aliases.csv`` ("Sở NN&PTNT", "Sở Nông nghiệp và PTNT"), a district's
People's Committee by any spelling of the district ("UBND huyện An Biên", "UBND H. An Biên"), or a
whole group ("Các sở, ban, ngành, đoàn thể cấp tỉnh").

Names are compared folded (no diacritics, case or punctuation), without "và" and spaces, without
"Kiên Giang" and a final "tỉnh": "Sở NN và PTNT" = "Sở NN&PTNT" = "SỞ NN-PTNT tỉnh Kiên Giang".
A cell may name several agencies, separated by ";", ",", a line break or "và"; since names
themselves hold commas and "và" ("UBND các huyện, thành phố"), the cell is cut where the pieces
are names, preferring the fewest pieces. A name spans at most as many pieces as the longest declared
spelling, and a cell names at most ``most_names_in_a_cell`` pieces (ntm/datasets.toml): finding
them costs what the cell's length does, however it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ntm import catalogue as spec
from ntm import reference
from ntm.text import clean, fold
from ntm.units import Units

# A run of separators (", ;") is one: no empty piece between names.
_SEPARATORS = re.compile(r"(\s*[;,\n][\s;,\n]*|\s+và\s+)", re.IGNORECASE)


class TooManyNames(ValueError):
    """A cell naming more agencies than one cell may (``[agencies] most_names_in_a_cell``)."""

    def __init__(self, count: int, limit: int):
        super().__init__(f"{count} names, at most {limit}")
        self.count, self.limit = count, limit


@dataclass(frozen=True)
class Agency:
    code: str
    kind: str
    district_code: str | None
    name: str
    short_name: str


def name_key(text: object) -> str:
    """How names are compared (see the module docstring)."""
    words = [word for word in fold(text).split(" ") if word and word != "va"]
    joined = " ".join(words).replace("kien giang", "").split()
    if len(joined) > 1 and joined[-1] == "tinh":
        joined = joined[:-1]
    return "".join(joined)


class Agencies:
    def __init__(self, units: Units):
        self.units = units
        self.agencies = {
            row["agency_code"]: Agency(
                row["agency_code"], row["kind"], row["district_code"] or None, row["name_vi"], row["short_name_vi"]
            )
            for row in reference.rows("agency")
        }
        self.by_district = {a.district_code: a.code for a in self.agencies.values() if a.kind == "district"}
        group_rows = reference.rows("agency_group")
        self.group_names = {row["group_code"]: row["name_vi"] for row in group_rows}
        self.members = {
            row["group_code"]: tuple(a.code for a in self.agencies.values() if a.kind in row["kinds"].split("|"))
            for row in group_rows
        }
        self.spellings: dict[str, str] = {}  # display spelling -> agency or group code
        for agency in self.agencies.values():
            for spelling in (agency.code, agency.name, agency.short_name):
                self.spellings[spelling] = agency.code
        for group, name in self.group_names.items():
            self.spellings[name] = group
        for row in reference.rows("agency_alias"):
            self.spellings[row["alias"]] = row["code"]
        self.spelling_keys = {spelling: name_key(spelling) for spelling in self.spellings}
        self.keys = {key: self.spellings[spelling] for spelling, key in self.spelling_keys.items()}
        # A span of more pieces than the longest spelling has is no name: it is never tried.
        self.most_pieces = max(len(_SEPARATORS.split(clean(spelling))[0::2]) for spelling in self.spellings)
        declared = spec.spec()
        self.district_prefixes = frozenset(name_key(p) for p in declared.agency_prefixes)
        self.prefix_words = max(len(p.split()) for p in declared.agency_prefixes)
        self.most_names = declared.most_names_in_a_cell

    def name(self, code: str) -> str:
        return self.agencies[code].name

    def find(self, text: object) -> tuple[str, ...]:
        """The agencies one name stands for: one agency, or a group's members; () if unknown."""
        key = name_key(text)
        if not key:
            return ()
        code = self.keys.get(key)
        if code in self.members:
            return self.members[code]
        if code:
            return (code,)
        district = self._district(clean(text))
        return (self.by_district[district],) if district in self.by_district else ()

    def find_many(self, text: object) -> tuple[list[str], list[str]]:
        """(agency codes in the order named, without repeats; the pieces that name no agency).
        TooManyNames for a cell of more than ``most_names`` pieces."""
        parts = _SEPARATORS.split(clean(text))
        pieces = parts[0::2]
        named = sum(1 for piece in pieces if piece)
        if named > self.most_names:
            raise TooManyNames(named, self.most_names)
        # best[i]: the fewest names covering pieces[:i], as (count, codes, unknown pieces)
        best: list[tuple[int, list[str], list[str]] | None] = [(0, [], [])] + [None] * len(pieces)
        for end in range(1, len(pieces) + 1):
            for start in range(max(0, end - self.most_pieces), end):
                if best[start] is None:
                    continue
                span = "".join(parts[2 * start : 2 * end - 1])
                codes = self.find(span)
                count, found, unknown = best[start]
                if codes:
                    candidate = (count + 1, found + list(codes), unknown)
                elif end - start == 1 and span.strip():
                    candidate = (count + 100, found, [*unknown, span.strip()])  # a piece nobody names
                elif end - start == 1:
                    candidate = (count, found, unknown)
                else:
                    continue
                if best[end] is None or candidate[0] < best[end][0]:
                    best[end] = candidate
        _, codes, unknown = best[-1]
        return list(dict.fromkeys(codes)), unknown

    def suggest(self, text: object, limit: int = 3) -> list[str]:
        """Names close to ``text``, never one that reads the same as it: "did you mean" the very
        name typed would leave nothing to correct."""
        typed = name_key(text)
        choices = {spelling: key for spelling, key in self.spelling_keys.items() if key != typed}
        found = process.extract(typed, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70)
        names = [self._display(self.spellings[spelling]) for _, _, spelling in found]
        return [name for name in dict.fromkeys(names) if name_key(name) != typed][:limit]

    def _display(self, code: str) -> str:
        return self.agencies[code].name if code in self.agencies else self.group_names[code]

    def _district(self, text: str) -> str | None:
        """The district of "UBND huyện An Biên", "Ủy ban nhân dân H. An Biên" or "Huyện An Biên".
        Only the first words, as many as the longest prefix has, are tried as the prefix."""
        words = text.split(" ", self.prefix_words)
        for size in range(min(len(words), self.prefix_words), 0, -1):
            if name_key(" ".join(words[:size])) in self.district_prefixes:
                return self.units.find_district(" ".join(words[size:]))
        return self.units.find_district(text)
