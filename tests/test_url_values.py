"""A link is untrusted input: every URL parameter the dashboard reads, given hostile values on
every page, is used, or dropped with a notice that names it — never an error, never silently
(AppTest, on the hand-built warehouse of tests/fixtures.py that has every page's data)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from etl import auth
from etl.scope import Scope
from tests import account_support
from tests.fixtures import dashboard
from ui import access, filters, navigation

# Unicode digits, huge numbers, inf/nan, empty, very long, control characters, SQL, markup, a
# day past the calendar's end, a number just past 32 bits.
HOSTILE = [
    "²",
    "١٢",
    "9" * 400,
    "1e309",
    "-inf",
    "nan",
    "",
    "x" * 100_000,
    "\x00\x1b[2J\u202e",
    "1'; drop table batch; --",
    "<img src=x onerror=alert(1)>**[bấm](http://e.vn)**",
    "9999-12-31",
    "2147483648",
]
# Parameters read on every page but the sign-in page, and those read on some pages only.
EVERY_PAGE = {filters.LANG, filters.YEAR, filters.DISTRICT, filters.PIN}
PAGE_OWN = {
    "commune": {filters.COMMUNE},
    "criteria": {filters.CRITERION},
    "near_finish": {filters.CRITERION},
    "agency_reports": {filters.DIRECTIVE, filters.WINDOW, filters.AS_OF, filters.GRACE},
    "movement": {filters.SEARCH},
}
NOTICE_CHARS = 200  # a notice stays short whatever the value
MARKUP = re.compile(r"(?<!\\)[<\[*`$]")  # Markdown or HTML that was not escaped


def searchable(value: str) -> bool:
    """Whether a person could have typed ``value`` in a search box: any short text without control characters."""
    return len(value) <= filters.TEXT_CHARS and not any(unicodedata.category(c).startswith("C") for c in value)


@pytest.fixture(scope="module")
def database(warehouses, tmp_path_factory):
    """A copy of the movement's warehouse with a signed-in analyst and admin beside it."""
    db = warehouses.copy("movement", tmp_path_factory.mktemp("links"))
    tokens = {role: account_support.session(db, role, role, Scope.province()) for role in (auth.ANALYST, auth.ADMIN)}
    return db, tokens


def page_name(spec: navigation.PageSpec) -> str:
    return spec.path.removeprefix("pages/").removesuffix(".py")


def role_for(spec: navigation.PageSpec) -> str:
    """Who opens the page: a public visitor where one may, else an account that may."""
    if navigation.PUBLIC in spec.roles:
        return navigation.PUBLIC
    return next(role for role in (auth.ANALYST, auth.ADMIN) if role in spec.roles)


def open_with_link(spec: navigation.PageSpec, role: str, token: str | None, url: dict[str, str], monkeypatch):
    """The dashboard opened from a link to the page, in a browser holding the session cookie
    ``token``: its first run (the default page), then the page. Every notice shown on the way, and the app."""
    account_support.browser_sends(monkeypatch, {access.SESSION_COOKIE: token} if token else {})
    at = dashboard()
    for key, value in url.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    notices = [toast.value for toast in at.toast]
    if spec != navigation.PAGES[0] and role != navigation.GUEST:
        at.switch_page(spec.path).run()
        assert not at.exception
        notices += [toast.value for toast in at.toast]
    return at, notices


PAGE_ROLES = [(spec, role_for(spec)) for spec in navigation.PAGES if spec.roles != navigation.SIGNED_OUT]
PAGE_ROLES.append((next(spec for spec in navigation.PAGES if spec.roles == navigation.SIGNED_OUT), navigation.GUEST))


@pytest.mark.parametrize(("spec", "role"), PAGE_ROLES, ids=lambda item: getattr(item, "url_path", item))
def test_hostile_link_values_are_used_or_dropped_with_a_notice_on_every_page(database, monkeypatch, spec, role):
    db, tokens = database
    monkeypatch.setenv("NTM_DB", str(db))
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0" if role == navigation.GUEST else "1")
    read_here = set() if role == navigation.GUEST else EVERY_PAGE | PAGE_OWN.get(page_name(spec), set())
    read_here.add(filters.LANG)
    # Each run gives every parameter a different hostile value; over the runs, each gets every one.
    names = list(filters.URL_VALUES)
    for shift in range(len(HOSTILE)):
        url = {name: HOSTILE[(index + shift) % len(HOSTILE)] for index, name in enumerate(names)}
        at, notices = open_with_link(spec, role, tokens.get(role), url, monkeypatch)
        for notice in notices:
            assert len(notice) <= NOTICE_CHARS and notice.isprintable(), notice
            assert not MARKUP.search(notice), f"a value is shown as text, not markup: {notice}"
        for name, value in url.items():
            noticed = any(f"{name} = “" in notice for notice in notices)
            kept = at.query_params.get(name) == value
            if value == "":
                assert not kept and not noticed, f"{name}: an empty value means no choice"
            elif name == filters.SEARCH and searchable(value):
                assert kept and not noticed, f"{name}={value[:20]!r} is a search a person could type"
            elif name in read_here:
                assert noticed and name not in at.query_params, f"{name}={value[:20]!r} is dropped with a notice"
            else:  # not read on this page: a value that may be usable elsewhere is left for it
                assert kept != noticed, f"{name}={value[:20]!r} is kept, or dropped with a notice"
