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

Agencies change over time (``Successions``, from agency_successions.csv): on a succession's day an
agency leaves office and its tasks pass to its successor (merged, renamed), or end with it (ceased:
the district People's Committees on 1/7/2025). An agency formed by a succession
(agencies_from_2025.csv) is in office from the first day an agency passed to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
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


@dataclass(frozen=True)
class Change:
    """What became of an agency on ``effective_date``, its first day out of office: ``merged`` into
    or ``renamed`` as ``successor_code``, or ``ceased`` without a successor."""

    agency_code: str
    successor_code: str | None
    effective_date: dt.date
    kind: str

    @property
    def last_day(self) -> dt.date:
        return self.effective_date - dt.timedelta(days=1)


class Successions:
    """Which agency answers for an agency's tasks on a given day. ``changes``: one per agency that
    left office; ``formed``: the agencies that did not exist before their first predecessor passed
    to them."""

    def __init__(self, changes: Iterable[Change] = (), formed: Iterable[str] = ()):
        self.changes = {change.agency_code: change for change in changes}
        self.predecessors_of: dict[str, list[str]] = {}
        for change in self.changes.values():
            if change.successor_code:
                self.predecessors_of.setdefault(change.successor_code, []).append(change.agency_code)
        self._all_predecessors: dict[str, list[str]] = {}
        self.first_days = {
            code: min(self.changes[p].effective_date for p in self.predecessors_of[code])
            for code in formed
            if code in self.predecessors_of
        }

    @classmethod
    def from_reference(cls) -> Successions:
        """As data/reference declares them (the loader's view)."""
        changes = (
            Change(
                row["agency_code"],
                row["successor_code"] or None,
                dt.date.fromisoformat(row["effective_date"]),
                row["kind"],
            )
            for row in reference.rows("agency_succession")
        )
        return cls(changes, [row["agency_code"] for row in reference.rows("agency_formed")])

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> Successions:
        """As the warehouse holds them (the read side's view, a pinned load's included)."""
        rows = con.execute("select agency_code, successor_code, effective_date, kind from agency_succession").fetchall()
        formed = [code for (code,) in con.execute("select agency_code from agency_formed").fetchall()]
        return cls((Change(*row) for row in rows), formed)

    def first_day(self, code: str) -> dt.date | None:
        """The day an agency was formed; None for one in office before any succession."""
        return self.first_days.get(code)

    def holder(self, code: str, day: dt.date) -> str | None:
        """The agency answering on ``day`` for what ``code`` was given: itself while in office, then
        its successor (and the successor's); None after it ceased without one, or before it was formed."""
        first = self.first_days.get(code)
        if first is not None and day < first:
            return None
        while (change := self.changes.get(code)) is not None and day >= change.effective_date:
            if change.successor_code is None:
                return None
            code = change.successor_code
        return code

    def spans(self, code: str, start: dt.date | None, end: dt.date | None) -> list[tuple[str, object, object]]:
        """(holder, first day, last day) over the days from ``start`` to ``end`` (None: unbounded),
        in order: ``code`` until its last day, then each successor in turn; nothing after a ceasing."""
        found = []
        since = _later(start, self.first_days.get(code))
        while True:
            change = self.changes.get(code)
            until = _earlier(end, change.last_day if change else None)
            if since is None or until is None or since <= until:
                found.append((code, since, until))
            if change is None or change.successor_code is None or (end is not None and change.effective_date > end):
                return found
            code, since = change.successor_code, _later(start, change.effective_date)

    def ceasing(self, code: str) -> Change | None:
        """The ceasing that ends the line of ``code`` and its successors, if one does."""
        while (change := self.changes.get(code)) is not None and change.successor_code is not None:
            code = change.successor_code
        return change

    def predecessors(self, code: str) -> list[str]:
        """Every agency whose tasks passed to ``code``, directly or through another."""
        if code not in self._all_predecessors:  # asked for each report that may answer for another's
            direct = self.predecessors_of.get(code, [])
            self._all_predecessors[code] = [*direct, *(earlier for p in direct for earlier in self.predecessors(p))]
        return self._all_predecessors[code]


def ceased_reason(kind: str) -> str:
    """The key (of the ``etl`` messages) saying why an agency of ``kind`` ceased without a successor:
    a district's People's Committee went with the district level; of another, no successor is known."""
    return "agency_ceased_district" if kind == "district" else "agency_ceased_other"


def _later(day: dt.date | None, other: dt.date | None) -> dt.date | None:
    return max((d for d in (day, other) if d is not None), default=None)


def _earlier(day: dt.date | None, other: dt.date | None) -> dt.date | None:
    return min((d for d in (day, other) if d is not None), default=None)


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
            for table in ("agency", "agency_formed")
            for row in reference.rows(table)
        }
        self.successions = Successions.from_reference()
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

    def is_group(self, code: str) -> bool:
        return code in self.members

    def find(self, text: object) -> tuple[str, ...]:
        """The agencies one name stands for: one agency, or a group's members (every agency of its
        kinds, whenever in office); () if unknown."""
        return self.expand(self.named(text))

    def named(self, text: object) -> str | None:
        """The agency or group one name names; None if unknown."""
        key = name_key(text)
        if not key:
            return None
        code = self.keys.get(key)
        if code:
            return code
        district = self._district(clean(text))
        return self.by_district.get(district)

    def expand(self, code: str | None) -> tuple[str, ...]:
        """A group's members, an agency alone; () for None."""
        if code is None:
            return ()
        return self.members.get(code, (code,))

    def find_many(self, text: object) -> tuple[list[str], list[str]]:
        """(agency codes in the order named, without repeats; the pieces that name no agency).
        TooManyNames for a cell of more than ``most_names`` pieces."""
        names, unknown = self.names_in(text)
        return self.expand_all(names), unknown

    def expand_all(self, names: Iterable[str]) -> list[str]:
        """The agencies of several names (agencies and groups), in order, without repeats."""
        return list(dict.fromkeys(code for name in names for code in self.expand(name)))

    def names_in(self, text: object) -> tuple[list[str], list[str]]:
        """(the agencies and groups a cell names, in order, without repeats; the pieces that name
        none). TooManyNames for a cell of more than ``most_names`` pieces."""
        parts = _SEPARATORS.split(clean(text))
        pieces = parts[0::2]
        named = sum(1 for piece in pieces if piece)
        if named > self.most_names:
            raise TooManyNames(named, self.most_names)
        # best[i]: the fewest names covering pieces[:i], as (count, agencies and groups, unknown pieces)
        best: list[tuple[int, list[str], list[str]] | None] = [(0, [], [])] + [None] * len(pieces)
        for end in range(1, len(pieces) + 1):
            for start in range(max(0, end - self.most_pieces), end):
                if best[start] is None:
                    continue
                span = "".join(parts[2 * start : 2 * end - 1])
                code = self.named(span)
                count, found, unknown = best[start]
                if code:
                    candidate = (count + 1, [*found, code], unknown)
                elif end - start == 1 and span.strip():
                    candidate = (count + 100, found, [*unknown, span.strip()])  # a piece nobody names
                elif end - start == 1:
                    candidate = (count, found, unknown)
                else:
                    continue
                if best[end] is None or candidate[0] < best[end][0]:
                    best[end] = candidate
        _, names, unknown = best[-1]
        return list(dict.fromkeys(names)), unknown

    def suggest(self, text: object, limit: int = 3) -> list[str]:
        """Names close to ``text``, never one that reads the same as it: "did you mean" the very
        name typed would leave nothing to correct."""
        typed = name_key(text)
        choices = {spelling: key for spelling, key in self.spelling_keys.items() if key != typed}
        found = process.extract(typed, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70)
        names = [self.display(self.spellings[spelling]) for _, _, spelling in found]
        return [name for name in dict.fromkeys(names) if name_key(name) != typed][:limit]

    def display(self, code: str) -> str:
        """An agency's or a group's name."""
        return self.agencies[code].name if code in self.agencies else self.group_names[code]

    def _district(self, text: str) -> str | None:
        """The district of "UBND huyện An Biên", "Ủy ban nhân dân H. An Biên" or "Huyện An Biên".
        Only the first words, as many as the longest prefix has, are tried as the prefix."""
        words = text.split(" ", self.prefix_words)
        for size in range(min(len(words), self.prefix_words), 0, -1):
            if name_key(" ".join(words[:size])) in self.district_prefixes:
                return self.units.find_district(" ".join(words[size:]))
        return self.units.find_district(text)
