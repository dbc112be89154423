"""Who is looking at the dashboard in this browser, and what they may see.

A signed-in browser holds a session cookie (``SESSION_COOKIE``): a random token set by the sign-in
route (``web.sessions``), of which the accounts store keeps only the hash (``etl.auth``). Every run
reads it from the request (``st.context.cookies``), so a reload, a second tab or a restarted server
keep the visitor signed in. The script cannot set or clear a cookie: the sign-in and sign-out forms
here post to the routes, which do. The token never appears in the URL, the page or a log.

Both forms carry the browser's anti-forgery value (``BROWSER_COOKIE``, set by ``web.middleware`` on a
page's first request), which the routes compare with the cookie: a form posted from another site
cannot know it.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from etl import actions, auth, history
from ntm import config
from ntm.i18n import t
from ui import cached, navigation

# What the routes of web.sessions and the forms here agree on.
SESSION_COOKIE = "ntm_session"
BROWSER_COOKIE = "ntm_browser"
OUTCOME_COOKIE = "ntm_sign_in"  # a refused sign-in's outcome, for the form to say why (briefly kept)
SIGN_IN_PATH = "/auth/sign-in"
SIGN_OUT_PATH = "/auth/sign-out"
USERNAME_FIELD, PASSWORD_FIELD, NEXT_FIELD, FORGERY_FIELD = "username", "password", "next", "csrf"
REFUSALS = ("invalid", "wait", "locked", "disabled")  # auth.SignIn outcomes other than "ok"
_OUTCOME = re.compile(rf"({'|'.join(REFUSALS)})\.([0-9]{{1,6}})")
_only_sample_data = cached.wrap(history.only_sample_data)


@functools.cache
def _store(path: Path) -> auth.Accounts:
    return auth.Accounts(path)


def accounts() -> auth.Accounts:
    return _store(auth.store_path())


def session_token() -> str | None:
    """The session cookie this browser sent, if any."""
    return cookie(SESSION_COOKIE)


def cookie(name: str) -> str | None:
    """The cookie ``name`` this browser sent with its connection, if any."""
    # Streamlit's test runtime (AppTest) has no browser connection: no cookies then.
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and value else None


def current_user() -> auth.User | None:
    """The signed-in account, or None (never signed in, signed out, expired, disabled)."""
    return accounts().session_user(session_token())


def public_viewing() -> bool:
    db = config.db_path()
    return auth.public_viewing(accounts(), lambda: _only_sample_data(db))


def role(user: auth.User | None, public: bool) -> str:
    """The visitor's role for the list of pages (``ui.navigation``)."""
    if user is not None:
        return user.role
    return navigation.PUBLIC if public else navigation.GUEST


def require(roles: tuple[str, ...], lang: str) -> auth.User:
    """The signed-in account when its role is one of ``roles``; otherwise stop the page here.

    The navigation already hides such pages; this also covers reaching a page by its address."""
    user = current_user()
    if user is None or user.role not in roles:
        st.error(t("accounts.not_allowed", lang))
        st.stop()
    return user


def actor(user: auth.User) -> actions.Actor:
    """The signed-in account as the one who acts (``etl.actions``), from this browser's address."""
    return actions.Actor.signed_in(user, client_address())


def client_address() -> str:
    """This browser session's address, as failed sign-ins are counted by (``auth.client_address``)."""
    peer = st.context.ip_address
    forwarded_for = [value for value in st.context.headers.get_all("X-Forwarded-For") if isinstance(value, str)]
    # Streamlit's test runtime (AppTest) stands in a mock for the connection: no address then.
    return auth.client_address(peer if isinstance(peer, str) else None, forwarded_for)


@dataclass(frozen=True)
class Refusal:
    outcome: str  # one of REFUSALS
    seconds: int  # how long to wait, for "wait" and "locked"

    def message(self, lang: str) -> str:
        return t(
            f"accounts.sign_in_{self.outcome}", lang, seconds=self.seconds, minutes=max(1, round(self.seconds / 60))
        )


def refusal() -> Refusal | None:
    """Why the sign-in just posted from this browser was refused (the route's short-lived cookie)."""
    found = _OUTCOME.fullmatch(cookie(OUTCOME_COOKIE) or "")
    return Refusal(found.group(1), int(found.group(2))) if found else None


def sign_in_form(lang: str, page_path: str, own_path: str) -> None:
    """The sign-in form, posted to the sign-in route, which returns to ``page_path`` (the page a
    shared link named, with the link's values) or, from the sign-in page itself (``own_path``), to
    the first page. A plain HTML form: the browser sends the password to the route, never to the
    script, and a password manager fills it in."""
    back = "" if page_path == own_path else page_path
    query = urllib.parse.urlencode(st.query_params.to_dict())
    fields = "".join(
        [
            _field(USERNAME_FIELD, t("accounts.username", lang), "text", "username"),
            _field(PASSWORD_FIELD, t("accounts.password", lang), "password", "current-password"),
            _hidden(NEXT_FIELD, f"/{back}" + (f"?{query}" if query else "")),
            _hidden(FORGERY_FIELD, cookie(BROWSER_COOKIE) or ""),
            f'<button type="submit" class="ntm-primary">{html.escape(t("accounts.sign_in", lang))}</button>',
        ]
    )
    st.html(f'{_STYLE}<form class="ntm-form" method="post" action="{SIGN_IN_PATH}?lang={lang}">{fields}</form>')


def sidebar(user: auth.User | None, lang: str) -> None:
    """Who is signed in, and the way out: a form posted to the sign-out route, which ends every
    session of the account and clears the cookie."""
    if user is None:
        return
    st.sidebar.caption(
        t("accounts.signed_in_as", lang, name=user.display_name, role=t(f"accounts.role_{user.role}", lang))
    )
    button = html.escape(t("accounts.sign_out", lang))
    st.sidebar.html(
        f'{_STYLE}<form class="ntm-form" method="post" action="{SIGN_OUT_PATH}?lang={lang}">'
        f"{_hidden(FORGERY_FIELD, cookie(BROWSER_COOKIE) or '')}"
        f'<button type="submit" class="ntm-secondary">{button}</button></form>'
    )


def _field(name: str, label: str, kind: str, autocomplete: str) -> str:
    return (
        f'<label for="ntm-{name}">{html.escape(label)}</label>'
        f'<input id="ntm-{name}" name="{name}" type="{kind}" autocomplete="{autocomplete}" required>'
    )


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{html.escape(value, quote=True)}">'


# Close to Streamlit's own inputs and buttons (its theme's colours), without script.
_STYLE = """<style>
.ntm-form { display: flex; flex-direction: column; gap: 0.4rem; max-width: 28rem; }
.ntm-form label { font-size: 0.875rem; }
.ntm-form input { font: inherit; padding: 0.5rem 0.75rem; border: 1px solid rgba(49, 51, 63, 0.2);
  border-radius: 0.5rem; background: #f0f2f6; margin-bottom: 0.5rem; }
.ntm-form button { font: inherit; padding: 0.4rem 0.9rem; border-radius: 0.5rem; cursor: pointer;
  align-self: flex-start; }
.ntm-primary { background: #ff4b4b; color: #fff; border: 1px solid #ff4b4b; }
.ntm-secondary { background: #fff; color: inherit; border: 1px solid rgba(49, 51, 63, 0.2); }
</style>"""
