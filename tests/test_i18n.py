"""Every language says everything: same keys, no empty text, the same placeholders."""

from __future__ import annotations

import string

import pytest

from ntm.i18n import DEFAULT_LANGUAGE, catalogue, languages, t

OTHER_LANGUAGES = [lang for lang in languages() if lang != DEFAULT_LANGUAGE]


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_vietnamese_is_the_default_and_english_is_offered():
    assert languages()[0] == "vi"
    assert "en" in languages()


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_language_has_the_same_keys_as_vietnamese(lang):
    reference, other = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    assert sorted(set(reference) - set(other)) == [], "missing"
    assert sorted(set(other) - set(reference)) == [], "not in Vietnamese"


@pytest.mark.parametrize("lang", languages())
def test_no_text_is_empty(lang):
    assert [key for key, text in catalogue(lang).items() if not text.strip()] == []


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_placeholders_match_vietnamese(lang):
    reference, other = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    assert [
        key
        for key in reference
        if key in other and _placeholders(reference[key]) != _placeholders(other[key])
    ] == []


def test_text_is_filled_in_and_unknown_language_falls_back_to_vietnamese():
    assert t("overview.target", "vi", year=2025, value="116") == "Mục tiêu 2025: 116"
    assert t("overview.target", "en", year=2025, value="116") == "Target 2025: 116"
    assert t("app.title", "xx") == "Nông thôn mới Kiên Giang"
