"""User-facing text in every language the dashboard speaks.

Each language is one folder ``ntm/locales/<lang>/``; its files hold the keys of one concept each
(``core.toml``, ``criteria.toml``, ``cells.toml`` …) so that concepts are edited independently. Adding a
language is adding a folder. Vietnamese is the default and the reference: a key missing in another
language, or defined twice, is a bug (tests/test_i18n.py checks both).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "vi"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    strings: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with open(path, "rb") as handle:
            area = _flatten(tomllib.load(handle))
        twice = sorted(set(strings) & set(area))
        if twice:
            raise ValueError(f"{path}: keys defined in another file too: {twice}")
        strings.update(area)
    return strings


def languages() -> list[str]:
    return list(_language_folders())


@functools.cache
def _language_folders() -> tuple[str, ...]:
    # Read once: ``t`` asks on every call, tens of thousands of times for a national table.
    found = sorted(path.name for path in LOCALES_DIR.iterdir() if path.is_dir())
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``{params}`` filled in."""
    strings = catalogue(lang if lang in _language_folders() else DEFAULT_LANGUAGE)
    template = strings.get(key) or catalogue(DEFAULT_LANGUAGE)[key]
    return template.format(**params) if params else template


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat
