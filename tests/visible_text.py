"""Every text a reader sees on a page as AppTest drew it, and the words of each language.

Texts: the visible fields of every element and block (labels, bodies, options, help, captions,
metric values, alerts…), a table's headers and the cells as shown (its Styler's display values),
a Plotly figure's titles, axis and legend names, tick labels, marks' texts and hover templates, and
the share buttons' labels. Never the link itself, a code block, or the values behind a table's
display.

Words: a language's known words are those of its own catalogue (ntm/locales) that the other
language's catalogue does not use, with common words of that language; a Vietnamese word is also
any word written with a letter English does not have (ă, ơ, đ, a tone mark…).
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from ntm.i18n import catalogue, t
from presentation import table_display

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"

# Fields of an element's or a block's message that a reader sees.
VISIBLE_FIELDS = {
    "label",
    "help",
    "body",
    "captions",
    "options",
    "placeholder",
    "text",
    "title",
    "message",
    "delta",
    "delta_description",
    "tooltip",
    "caption",
}
# Keys of a Plotly figure whose strings are drawn (hover templates show when a mark is touched).
PLOTLY_KEYS = {"text", "name", "ticktext", "hovertemplate", "texttemplate"}
_PLACEHOLDER = re.compile(r"%\{[^}]*\}|<[^>]+>")  # Plotly's %{x} and the markup of its texts
# Streamlit's Markdown directives: :blue-badge[…], :material/update:, :orange[…].
# An HTML element's style sheet and tags (its text is what shows).
_HTML_MARKUP = re.compile(r"<style>.*?</style>|<[^>]+>", re.DOTALL)
_DIRECTIVE = re.compile(r":[a-z]+(?:-[a-z]+)*\[|:material/[a-z_]+:")
_SHARE_LINK = "link"  # the share buttons' data: the link is an address, not text

WORD = re.compile(r"[^\W\d_]+(?:[_'][^\W\d_]+)*")
# Letters Vietnamese writes and English does not.
VIETNAMESE_LETTERS = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)
# What code leaves behind where a text should be: a raw name, a Python or pandas "nothing".
RAW = re.compile(r"^(?:[a-z]+(?:_[a-z0-9]+)+|None|nan|NaN|NaT|null|True|False)$")
# Words the English texts borrow on purpose: the xã is the programme's unit, the đồng its money.
ENGLISH_LOANWORDS = {"xã", "đồng"}
# Quoted terms, glosses in parentheses and documents' numbers (318/QĐ-TTg): Vietnamese as people
# write it, named as such.
_QUOTED = re.compile(r"“[^”]*”|\([^)]*\)|\S*\d/\S+")
COMMON_ENGLISH = {
    "the", "and", "with", "from", "this", "that", "for", "not", "are", "was", "were", "has", "have",
    "will", "been", "page", "found", "upload", "per", "file", "files", "browse", "drag", "drop", "here",
    "none", "double", "click", "zoom", "back", "out", "reset", "axes", "download", "plot", "png",
    "autoscale", "pan", "select", "lasso", "box", "show", "hide", "search", "fullscreen", "close",
}  # fmt: skip


def texts(at: AppTest, lang: str) -> Iterator[tuple[str, bool]]:
    """Every text of the page ``at`` drew (the main area and the sidebar), each with whether it is
    shown as people wrote it (``presentation.table_display.as_written``): a column so marked, a
    document's number or a code, a text ending with the mark."""
    marker = t("view.as_written", lang)
    for node in _nodes(at._tree):
        proto, kind = getattr(node, "proto", None), getattr(node, "type", None)
        if proto is None:
            continue
        if kind == "plotly_chart":
            shown = plotly_texts(json.loads(proto.spec))
        elif kind == "dataframe":
            yield from table_texts(proto, lang)
            continue
        elif kind == "bidi_component":
            shown = (value for key, value in _json_strings(json.loads(proto.json or "{}")) if key != _SHARE_LINK)
        elif kind == "code":
            continue
        elif kind == "html":
            shown = [_HTML_MARKUP.sub(" ", proto.body)]
        else:
            shown = _visible_strings(proto)
        yield from ((text, text.rstrip(" .").endswith(marker)) for text in shown)


def plotly_texts(figure: dict) -> Iterator[str]:
    for key, value in _json_strings(figure):
        if key in PLOTLY_KEYS or key == "title":
            shown = _PLACEHOLDER.sub(" ", value).strip()
            if shown:
                yield shown


def table_texts(proto: Message, lang: str) -> Iterator[tuple[str, bool]]:
    """A table's headers and cells as displayed (its Styler's display values where it has one),
    the codes hidden on screen left out."""
    arrow = proto.arrow_data
    data = arrow.styler.display_values if arrow.HasField("styler") else arrow.data
    frame = dataframe_util.convert_arrow_bytes_to_pandas_df(data)
    hidden = _hidden_columns(proto)
    for column in frame.columns:
        header = str(column)
        if header in hidden:
            continue
        yield header, False
        written = table_display.shown_as_written(header, lang)
        yield from ((str(value), written) for value in frame[column] if isinstance(value, str))


def other_language_words(text: str, as_written: bool, lang: str) -> list[str]:
    """Words of ``text`` in the language other than ``lang``; none in a text shown as people wrote it,
    nor, in English, quoted terms, glosses, documents' numbers and the English texts' loanwords."""
    if lang == "vi":
        return english_words(text)
    if as_written:
        return []
    unquoted = _QUOTED.sub(" ", text)
    return [word for word in vietnamese_words(unquoted) if word.lower() not in ENGLISH_LOANWORDS]


def vietnamese_words(text: str) -> list[str]:
    """Words of ``text`` that are Vietnamese: written with a Vietnamese letter, or known Vietnamese
    (a capitalised word may be a place's name, the same in both languages)."""
    known = known_words("vi")
    return [word for word in _words(text) if VIETNAMESE_LETTERS.search(word) or (word.islower() and word in known)]


def english_words(text: str) -> list[str]:
    """Words of ``text`` that are English; a capitalised word of a place's name ("Long" in "Xã Long
    Thạnh") is the same in both languages."""
    known, places = known_words("en"), place_words()
    return [word for word in _words(text) if word.lower() in known and not (word.istitle() and word in places)]


@functools.cache
def place_words() -> frozenset[str]:
    """The words of the units' names as English writes them (without diacritics)."""
    names = []
    for file, columns in (
        ("admin_units.csv", ("district_name_en", "commune_name_en")),
        ("admin_units_2025.csv", ("commune_name_en",)),
    ):
        with (REFERENCE / file).open(encoding="utf-8") as rows:
            names += [row[column] for row in csv.DictReader(rows) for column in columns]
    return frozenset(word for name in names for word in name.split())


def _words(text: str) -> list[str]:
    return WORD.findall(_DIRECTIVE.sub(" ", text))


def raw_words(text: str) -> list[str]:
    """What code left in ``text`` instead of words: criterion_result, None, nan."""
    words = (word.strip(".,:;()") for word in text.split())
    return [word for word in words if RAW.match(word)]


@functools.cache
def known_words(lang: str) -> frozenset[str]:
    """The words of ``lang``'s catalogue that the other language's catalogue never uses (names,
    acronyms and numbers are in both), with the common words of English."""
    other = "en" if lang == "vi" else "vi"
    own, theirs = _catalogue_words(lang), _catalogue_words(other)
    extra = COMMON_ENGLISH if lang == "en" else set()
    return frozenset({word for word in own | extra if len(word) > 2} - theirs)


def _catalogue_words(lang: str) -> set[str]:
    words = set()
    for text in catalogue(lang).values():
        without_markup = _PLACEHOLDER.sub(" ", re.sub(r"\{[^}]*\}|`[^`]*`", " ", text))
        words.update(word.lower() for word in WORD.findall(without_markup))
    return words


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _oneofs(proto: Message) -> set[str]:
    return {oneof.name for oneof in proto.DESCRIPTOR.oneofs}


def _visible_strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            for item in value if field.is_repeated else [value]:
                yield from _visible_strings(item)
        elif field.type == FieldDescriptor.TYPE_STRING and field.name in VISIBLE_FIELDS:
            yield from (value if field.is_repeated else [value])


def _json_strings(node: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _json_strings(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _json_strings(value, key)
    elif isinstance(node, str):
        yield key, node


def _hidden_columns(proto: Message) -> set[str]:
    config = json.loads(proto.columns or "{}")
    return {name.removeprefix("_pos:").removeprefix("_name:") for name, value in config.items() if value.get("hidden")}
