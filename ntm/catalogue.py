"""The dataset declarations of ``datasets.toml``, as Python objects.

Everything the loader knows about a spreadsheet's shape comes from there: which columns a dataset
has, how people spell their headers, which marks mean "met", which rows are totals or signatures.
Every key of the file is read here, into a member of ``Spec`` or ``Dataset``; a key nothing reads
is refused when the file loads (``read_spec``).
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


# The word tables a dataset may declare (meaning -> its spellings), each asked for by a reader or the
# templates (tests/test_catalogue.py checks that every one is).
VOCABULARIES = frozenset(
    {
        "levels",
        "actions",
        "decision_kinds",
        "measures",
        "province_scope",
        "national_scope",
        "forms",
        "recipient_types",
        "unknown_count",
        "money_units",
        "land_units",
        "fields",
        "cycles",
        "task_kinds",
        "statuses",
    }
)


@dataclass(frozen=True)
class Dataset:
    key: str
    name_vi: str
    name_en: str
    columns: tuple[Column, ...]
    sheet_title: str  # above the table of its template; "{year}" is filled in
    ranges: dict[str, list | str]  # column key -> [lowest, highest], or the name of a range declared for all
    vocabularies: dict[str, dict[str, list[str]]]  # as declared, not folded
    figures: tuple[str, ...] = ()  # the key figures of an agency report
    money: dict | None = None  # the money columns of contributions: sources, also, total

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    def vocabulary(self, name: str) -> dict[str, list[str]]:
        """A declared vocabulary as written in datasets.toml: meaning -> spellings."""
        return self.vocabularies.get(name, {})

    def choices(self, *names: str) -> list[str]:
        """The first written spelling of each meaning of the vocabularies named, capitalised: what a
        template's drop-down offers and a message asks for ("Công nhận", "Thu hồi")."""
        firsts = [next(word for word in words if word) for name in names for words in self.vocabulary(name).values()]
        return [word[:1].upper() + word[1:] for word in firsts]

    def words(self, name: str) -> dict[str, tuple[str, ...]]:
        """A declared vocabulary (e.g. recognition levels), folded: meaning -> spellings."""
        return {meaning: tuple(fold(w) for w in words) for meaning, words in self.vocabulary(name).items()}


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
    # Criteria set -> criterion number -> spellings of its name as a column header, beside the name
    # data/reference gives it; a set without an entry has its columns headed by numbers only.
    criterion_names: dict[str, dict[int, tuple[str, ...]]]
    ranges: dict[str, list]  # named ranges of plausible values, [lowest, highest]
    agency_prefixes: tuple[str, ...]  # the words before a district naming its People's Committee ("UBND")
    most_names_in_a_cell: int  # agencies one cell may name


@functools.cache
def spec() -> Spec:
    return read_spec(SPEC_FILE)


def read_spec(path: Path) -> Spec:
    """The declarations of ``path``. A key that nothing here reads is an error, never silently kept:
    a declaration no code reads is either a typo or a promise nobody keeps."""
    with open(path, "rb") as handle:
        declared = _Declared(tomllib.load(handle))
    marks, skip_rows, header = declared.table("marks"), declared.table("skip_rows"), declared.table("criterion_header")
    agencies, ranges = declared.table("agencies"), declared.table("ranges").items()
    names = header.table("names")
    datasets = declared.table("datasets")
    result = Spec(
        datasets={key: _dataset(key, datasets.table(key), ranges) for key in datasets},
        marks_met=frozenset(mark_key(m) for m in marks.get("met")),
        marks_not_met=frozenset(mark_key(m) for m in marks.get("not_met")),
        marks_uncertain=re.compile(marks.get("uncertain")),
        total_rows=Phrases.of(fold(w) for w in skip_rows.get("totals")),
        signature_rows=tuple(fold(w) for w in skip_rows.get("signatures")),
        section_heading=re.compile(skip_rows.get("section_heading")),
        criterion_explicit=re.compile(header.get("explicit")),
        criterion_bare=re.compile(header.get("bare")),
        criterion_names={
            code: {int(number): tuple(spellings) for number, spellings in names.table(code).items().items()}
            for code in names
        },
        ranges=ranges,
        agency_prefixes=tuple(agencies.get("district_prefixes")),
        most_names_in_a_cell=agencies.get("most_names_in_a_cell"),
    )
    unread = declared.unread()
    if unread:
        raise ValueError(f"{path.name}: nothing reads {', '.join(unread)}")
    return result


def _dataset(key: str, body: _Declared, named_ranges: dict[str, list]) -> Dataset:
    columns = body.table("columns")
    ranges = body.table("ranges").items() if "ranges" in body else {}
    for column, bounds in ranges.items():
        if isinstance(bounds, str) and bounds not in named_ranges:
            raise ValueError(f"{SPEC_FILE.name}: {body.where}ranges.{column} names a range declared nowhere: {bounds}")
    return Dataset(
        key=key,
        name_vi=body.get("name_vi"),
        name_en=body.get("name_en"),
        columns=tuple(
            Column(name, tuple(column.get("aliases")), bool(column.get("required", False)))
            for name, column in ((name, columns.table(name)) for name in columns)
        ),
        sheet_title=body.get("sheet_title_vi", body.get("name_vi").upper()),
        ranges=ranges,
        vocabularies={name: body.get(name) for name in sorted(VOCABULARIES & set(body))},
        figures=tuple(body.get("figures", ())),
        money=body.get("money", None),
    )


class _Declared:
    """A table of datasets.toml (at the dotted path ``where``) that remembers which keys were asked for."""

    def __init__(self, body: dict, where: str = ""):
        self.body, self.where = body, where
        self.asked: set[str] = set()
        self.tables: list[_Declared] = []

    def __iter__(self):
        return iter(list(self.body))

    def __contains__(self, key: str) -> bool:
        return key in self.body

    def get(self, key: str, *default: object):
        self.asked.add(key)
        return self.body.get(key, *default) if default else self.body[key]

    def items(self) -> dict:
        """Every entry, all of them read."""
        self.asked.update(self.body)
        return dict(self.body)

    def table(self, key: str) -> _Declared:
        self.asked.add(key)
        table = _Declared(self.body[key], f"{self.where}{key}.")
        self.tables.append(table)
        return table

    def unread(self) -> list[str]:
        """The keys of this table and of the tables taken from it that nobody asked for."""
        own = [f"{self.where}{key}" for key in self.body if key not in self.asked]
        return own + [key for table in self.tables for key in table.unread()]


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
