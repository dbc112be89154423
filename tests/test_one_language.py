"""One language at a time: every page, switched to English and to Vietnamese, shows no word of the
other language, and nothing code left where a word should be ("criterion_result", "None", "nan").

Every page runs as an administrator (the writing pages too) on the sample's warehouse with a
district and a xã chosen; the sign-in page as a visitor. What a page shows is read from AppTest's
tree (tests/visible_text.py): labels, texts, help, options, metrics, table headers and cells as
displayed, the figures' titles, legends, ticks and hover texts.

In English, Vietnamese may appear only where the English text says so: a term quoted as people
write it in a file (“Năm”), a gloss in parentheses ("Certificate of merit (Bằng khen)"), a text
people wrote, in a column marked as written ("Content (as written, in Vietnamese)"), a document's
number (QĐ …), and the loanwords of the English texts ("xã", "đồng").
"""

from __future__ import annotations

import functools

import pytest

from analytics import agency_reports
from etl import auth
from ntm.i18n import t
from presentation import table_display
from tests import account_support, fixtures, visible_text
from tests.visible_text import other_language_words
from ui import access, navigation

pytestmark = pytest.mark.database("sample")
AN_BIEN, TAY_YEN = "908", "30988"
ADMIN = "quan_tri"  # an account's name, shown as its admin typed it
LANGUAGES = ("vi", "en")


def signed_in_pages(db, monkeypatch, lang: str, year: int) -> dict[str, list[tuple[str, bool]]]:
    """Every page an administrator sees, opened on ``year`` with a district and a xã chosen (a year
    after the districts were abolished drops them, with a notice): page -> its texts."""
    token = account_support.session(db, ADMIN, auth.ADMIN)
    account_support.browser_sends(monkeypatch, {access.SESSION_COOKIE: token})
    at = fixtures.dashboard()
    for key, value in {"lang": lang, "year": str(year), "district": AN_BIEN, "commune": TAY_YEN}.items():
        at.query_params[key] = value
    at.run()
    shown = {}
    for spec in navigation.PAGES:
        if navigation.ADMIN in spec.roles:
            at.switch_page(spec.path).run()
            assert not at.exception, (spec.path, [e.value for e in at.exception])
            shown[spec.path] = list(visible_text.texts(at, lang))
    return shown


def signed_out_pages(monkeypatch, lang: str) -> dict[str, list[tuple[str, bool]]]:
    account_support.browser_sends(monkeypatch, {})
    at = fixtures.open_page("sign_in", {"lang": lang})
    return {navigation.SIGN_IN.path: list(visible_text.texts(at, lang))}


def misplaced(
    pages: dict[str, list[tuple[str, bool]]], lang: str, identifiers: set[str]
) -> dict[str, list[tuple[list[str], str]]]:
    """Page -> (the wrong words, the text they are in); ``identifiers`` (an account's name, a
    directive's code) are names people gave, the same in every language."""
    found = {}
    for page, texts in pages.items():
        wrong = []
        for shown, as_written in texts:
            text = functools.reduce(lambda text, name: text.replace(name, " "), identifiers, shown)
            words = other_language_words(text, as_written, lang) + visible_text.raw_words(text)
            if words:
                wrong.append((words, text[:120]))
        if wrong:
            found[page] = sorted({(tuple(words), text) for words, text in wrong})
    return found


@pytest.mark.parametrize("year", (2024, 2026))  # under each criteria set and its units
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_only_the_chosen_language(db, monkeypatch, lang, year):
    pages = signed_in_pages(db, monkeypatch, lang, year) | signed_out_pages(monkeypatch, lang)
    assert len(pages) == len(navigation.PAGES)
    # What was read: the chosen district's name in this language (in the chips and in the tables)
    # while districts exist, the former territory's name after.
    scope = {
        (2024, "vi"): "Huyện An Biên",
        (2024, "en"): "An Bien District",
        (2026, "vi"): t("filters.whole_province", "vi"),
        (2026, "en"): t("filters.whole_province", "en"),
    }[year, lang]
    assert scope in {text for text, _ in pages["pages/districts.py"]} | {text for text, _ in pages["pages/overview.py"]}
    directives = set(agency_reports.directives(db)["directive_code"])
    assert misplaced(pages, lang, {ADMIN, *directives}) == {}


def test_the_check_finds_a_word_of_the_other_language_and_what_code_left():
    """The dictionaries catch what the issue saw: English in Vietnamese mode, Vietnamese names in
    English mode, raw names and None; and let through what the English texts say on purpose."""
    assert other_language_words("Tải lên · Upload · 25MB per file", False, "vi") == ["Upload", "per", "file"]
    assert other_language_words("Page not found", False, "vi") == ["Page", "not", "found"]
    assert other_language_words("No targets of Huyện An Biên have been loaded.", False, "en") == ["Huyện", "Biên"]
    assert other_language_words("Add a “Năm” column. Certificate of merit (Bằng khen), 3 xã", False, "en") == []
    assert other_language_words("Quán triệt thông báo", True, "en") == []
    assert visible_text.raw_words("Bảng criterion_result: None") == ["criterion_result", "None"]
    assert t("view.as_written", "en") in table_display.as_written("Content", "en")
