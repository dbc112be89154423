"""The dataset declarations of ``datasets.toml``, as Python objects.

Everything the loader knows about a spreadsheet's shape comes from there: which columns a dataset
has, how people spell their headers, which marks mean "met", which rows are totals or signatures.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ntm.text import clean, fold, memoised

SPEC_FILE = Path(__file__).with_name("datasets.toml")
# Innermost parentheses only: "[^)]*" would rescan the rest of the text from every unclosed "(".
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def header(self) -> str:
        """The canonical header, written in templates."""
        return self.aliases[0]


@dataclass(frozen=True)
class Dataset:
    key: str
    name_vi: str
    name_en: str
    hints: tuple[str, ...]
    columns: tuple[Column, ...]
    raw: dict

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    def words(self, table: str) -> dict[str, tuple[str, ...]]:
        """A declared vocabulary (e.g. recognition levels), folded: meaning -> spellings."""
        return {meaning: tuple(fold(w) for w in words) for meaning, words in self.raw.get(table, {}).items()}


@dataclass(frozen=True)
class Phrases:
    """Declared phrases as folded keys. A text matches when it is one, or starts with one of several
    words followed by more ("tổng cộng" in "tổng cộng toàn tỉnh", "tên đơn vị" in "tên đơn vị hành chính")."""

    keys: frozenset[str]
    most_words: int

    @classmethod
    def of(cls, keys: Iterable[str]) -> Phrases:
        keys = frozenset(keys)
        return cls(keys, max((key.count(" ") + 1 for key in keys), default=1))

    def leading(self, key: str) -> list[str]:
        """The phrases of several words that start ``key`` and are followed by more words, shortest
        first. The split stops at the longest phrase: a text of many words costs what a short one does."""
        words = key.split(" ", self.most_words)
        return [prefix for prefix in (" ".join(words[:size]) for size in range(2, len(words))) if prefix in self.keys]

    def matches(self, key: str) -> bool:
        return key in self.keys or bool(self.leading(key))


@dataclass(frozen=True)
class Spec:
    datasets: dict[str, Dataset]
    marks_met: frozenset[str]
    marks_not_met: frozenset[str]
    marks_uncertain: re.Pattern
    total_rows: Phrases
    signature_rows: tuple[str, ...]
    section_heading: re.Pattern
    criterion_explicit: re.Pattern
    criterion_bare: re.Pattern
    ranges: dict[str, list]  # named ranges of plausible values, [lowest, highest]


@functools.cache
def spec() -> Spec:
    with open(SPEC_FILE, "rb") as handle:
        raw = tomllib.load(handle)
    datasets = {}
    for key, body in raw["datasets"].items():
        columns = tuple(
            Column(name, tuple(col["aliases"]), bool(col.get("required", False)))
            for name, col in body.get("columns", {}).items()
        )
        datasets[key] = Dataset(
            key=key,
            name_vi=body["name_vi"],
            name_en=body["name_en"],
            hints=tuple(body.get("hints", ())),
            columns=columns,
            raw=body,
        )
    return Spec(
        datasets=datasets,
        marks_met=frozenset(mark_key(m) for m in raw["marks"]["met"]),
        marks_not_met=frozenset(mark_key(m) for m in raw["marks"]["not_met"]),
        marks_uncertain=re.compile(raw["marks"]["uncertain"]),
        total_rows=Phrases.of(fold(w) for w in raw["skip_rows"]["totals"]),
        signature_rows=tuple(fold(w) for w in raw["skip_rows"]["signatures"]),
        section_heading=re.compile(raw["skip_rows"]["section_heading"]),
        criterion_explicit=re.compile(raw["criterion_header"]["explicit"]),
        criterion_bare=re.compile(raw["criterion_header"]["bare"]),
        ranges=raw["ranges"],
    )


def header_key(text: object) -> str:
    """A header as compared with aliases: folded, without parenthesised notes like "(1)"."""
    return fold(_PARENTHESES.sub(" ", str(text or "")))


def mark_key(text: object) -> str:
    """A mark as compared with the declared marks: symbols kept, since ✓ and - are marks."""
    raw = clean_cell(text).lower()
    folded = fold(raw)
    return folded if folded else raw


def cell_text(value: object) -> str:
    """A cell as text, with whole floats written as integers (Excel stores 1 as 1.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@memoised
def clean_cell(value: object) -> str:
    """A cell as clean text, ``clean(cell_text(value))``, worked out once per distinct value: a
    national workbook asks it of hundreds of thousands of cells."""
    return clean(cell_text(value))
