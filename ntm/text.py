"""Vietnamese text as people type it: NFC or NFD, old or new tone placement, any case.

Two keys are used for matching:
- ``fold``: no diacritics at all ("Vĩnh Hòa" -> "vinh hoa"), for headers and loose lookups;
- ``tone_key``: keeps every mark but puts each syllable's tone at its end, so "Hoà" and "Hòa"
  (old and new tone placement) compare equal while "Bình An" and "Bình Ân" stay different.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_TONE_MARKS = {"\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "."}
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def memoised(function):
    """Spreadsheets repeat the same few texts ("x", "Đạt", names) thousands of times: cache them.
    typed=True keeps 1, 1.0 and True apart, which compare equal but print differently; values that
    cannot be hashed are computed each time. (Asking forgiveness rather than checking
    ``isinstance(value, Hashable)``: that check cost more than the cached call on a national workbook.)"""
    cached = functools.lru_cache(maxsize=1 << 16, typed=True)(function)

    @functools.wraps(function)
    def call(value):
        try:
            return cached(value)
        except TypeError:  # unhashable: lru_cache refuses it before calling
            return function(value)

    return call


# Characters nobody sees: controls (Cc) and format characters (Cf: zero-width space and joiners,
# word joiner, byte-order mark, soft hyphen …), which text pasted from the web or Word carries.
_INVISIBLE = frozenset(("Cc", "Cf"))


@memoised
def clean(value: object) -> str:
    """A cell's text, NFC, single-spaced, without invisible characters (tabs and newlines become spaces)."""
    if value is None:
        return ""
    text = str(value)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE or ch in "\t\n")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


@memoised
def fold(value: object) -> str:
    """Lower case, no diacritics, punctuation as spaces: for header and loose name matching."""
    text = unicodedata.normalize("NFD", clean(value).lower()).replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


@memoised
def tone_key(value: object) -> str:
    """Lower case with each syllable's tone mark moved to the syllable's end."""
    words = []
    for word in clean(value).lower().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(_TONE_MARKS[ch] for ch in decomposed if ch in _TONE_MARKS)
        base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)
