"""User-facing text in every language the dashboard speaks.

Each language is one file in ``ntm/locales/`` holding every key; adding a language is adding a
file. Vietnamese is the default and the reference: a key missing in another language is a bug
(a test checks that every file has the same keys).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "vi"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    with open(LOCALES_DIR / f"{lang}.toml", "rb") as handle:
        return _flatten(tomllib.load(handle))


def languages() -> list[str]:
    found = sorted(path.stem for path in LOCALES_DIR.glob("*.toml"))
    return [DEFAULT_LANGUAGE] + [lang for lang in found if lang != DEFAULT_LANGUAGE]


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``{params}`` filled in."""
    strings = catalogue(lang if lang in languages() else DEFAULT_LANGUAGE)
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
