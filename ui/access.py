"""Who is looking at the dashboard in this browser session, and what they may see.

The session token (``etl.auth``) lives only in Streamlit's session state, in the server's memory
for this browser tab: never in the URL, a cookie or a log. Reloading the page signs out.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from etl import actions, auth, history
from ntm import config
from ntm.i18n import t
from ui import cached, navigation

TOKEN = "auth_token"
_only_sample_data = cached.wrap(history.only_sample_data)


@functools.cache
def _store(path: Path) -> auth.Accounts:
    return auth.Accounts(path)


def accounts() -> auth.Accounts:
    return _store(auth.store_path())


def current_user() -> auth.User | None:
    """The signed-in account, or None (never signed in, signed out, expired, disabled)."""
    token = st.session_state.get(TOKEN)
    if not token:
        return None
    user = accounts().session_user(token)
    if user is None:
        del st.session_state[TOKEN]
    return user


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


def sign_in(username: str, password: str) -> auth.SignIn:
    result = accounts().sign_in(username, password, client=client_address())
    if result.outcome == "ok":
        st.session_state[TOKEN] = result.token
    return result


def client_address() -> str:
    """This browser session's address, as failed sign-ins are counted by (``auth.client_address``)."""
    peer = st.context.ip_address
    forwarded_for = [value for value in st.context.headers.get_all("X-Forwarded-For") if isinstance(value, str)]
    # Streamlit's test runtime (AppTest) stands in a mock for the connection: no address then.
    return auth.client_address(peer if isinstance(peer, str) else None, forwarded_for)


def sign_out() -> None:
    accounts().sign_out(st.session_state.pop(TOKEN, None))


def sidebar(user: auth.User | None, lang: str) -> None:
    """Who is signed in, and the way out."""
    if user is None:
        return
    st.sidebar.caption(
        t("accounts.signed_in_as", lang, name=user.display_name, role=t(f"accounts.role_{user.role}", lang))
    )
    st.sidebar.button(t("accounts.sign_out", lang), key="sign_out", on_click=sign_out, icon=":material/logout:")
