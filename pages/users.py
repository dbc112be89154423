"""Người dùng (admins): the accounts, adding one, changing a role or scope, disabling, a new
password, the browsers signed in to an account (ending them), and whether the dashboards are public.
Every change is made and audited by ``etl.actions``."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from etl import actions, auth
from etl.scope import AGENCIES, DISTRICTS, PROVINCE, Scope
from ntm import config
from ntm.i18n import t
from ui import access, cached, filters, navigation, panels

DONE = "users_done"
SCOPE_KINDS = (PROVINCE, DISTRICTS, AGENCIES)

lang = filters.current().lang
admin = access.require(navigation.ADMINS, lang)
actor = access.actor(admin)
store = access.accounts()
districts = cached.districts(config.db_path())

st.header(t("accounts.users_title", lang))
if DONE in st.session_state:
    st.success(st.session_state.pop(DONE))


def done(key: str, **params: object) -> None:
    st.session_state[DONE] = t(f"accounts.{key}", lang, **params)
    st.rerun()


def attempt(action, *args) -> bool:
    """Run a change (``etl.actions``) as this admin; show why it was refused, if it was."""
    try:
        action(store, actor, *args)
    except auth.AccountError as refused:
        st.error(t(f"accounts.{refused.key}", lang, **refused.params))
        return False
    return True


def scope_fields(prefix: str, current: Scope | None = None) -> Scope | None:
    """The scope chosen in a form (None, with a message, when a list is left empty)."""
    current = current or Scope.province()
    kind = st.radio(
        t("accounts.scope", lang),
        SCOPE_KINDS,
        index=SCOPE_KINDS.index(current.kind) if current.kind in SCOPE_KINDS else 0,
        key=f"{prefix}_kind",
        horizontal=True,
        format_func=lambda k: t(f"accounts.scope_kind_{k}", lang),
    )
    chosen_districts = st.multiselect(
        t("accounts.scope_districts", lang),
        list(districts),
        format_func=districts.get,
        default=sorted(current.codes) if current.kind == DISTRICTS else [],
        key=f"{prefix}_districts",
    )
    agencies = st.text_input(
        t("accounts.scope_agencies", lang),
        key=f"{prefix}_agencies",
        value=", ".join(sorted(current.codes)) if current.kind == AGENCIES else "",
    )
    codes = chosen_districts if kind == DISTRICTS else [a.strip().upper() for a in agencies.split(",") if a.strip()]
    if kind == PROVINCE:
        return Scope.province()
    if not codes:
        return None
    return Scope(kind, frozenset(codes))


def signed_in_sessions(username: str) -> None:
    """The browsers signed in to the account, and ending one or all of them (its owner must sign in again)."""
    st.markdown(f"**{t('accounts.sessions_heading', lang, user=username)}**")
    sessions = store.sessions(username)
    if not sessions:
        st.caption(t("accounts.no_sessions", lang))
        return
    panels.data(
        pd.DataFrame(
            [
                {
                    t("accounts.session", lang): s.session_id,
                    t("accounts.session_client", lang): s.client,
                    t("accounts.session_started", lang): _moment(s.created_at),
                    t("accounts.session_last_seen", lang): _moment(s.last_seen_at),
                    t("accounts.session_expires", lang): _moment(s.expires_at),
                }
                for s in sessions
            ]
        ),
        f"phien-dang-nhap-{username}",
        lang,
    )
    chosen_session = st.selectbox(
        t("accounts.session_choice", lang),
        ["", *(s.session_id for s in sessions)],
        format_func=lambda i: i or t("accounts.all_sessions", lang),
        key=f"end_{username}",
    )
    if st.button(t("accounts.end_sessions", lang), key=f"end_button_{username}") and attempt(
        actions.end_sessions, username, chosen_session or None
    ):
        done("sessions_were_ended", user=username)


def _moment(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds).strftime(t("format.date", lang) + " %H:%M")


users = store.users()
now = store.clock()
# Only what an admin reads about an account: never its password hash or session tokens.
panels.data(
    pd.DataFrame(
        [
            {
                t("accounts.username", lang): u.username,
                t("accounts.display_name", lang): u.display_name,
                t("accounts.role", lang): t(f"accounts.role_{u.role}", lang),
                t("accounts.scope", lang): u.scope.describe(lang, districts) if u.role == auth.ANALYST else "",
                t("accounts.state", lang): t(
                    "accounts.state_locked"
                    if u.locked_until and u.locked_until > now
                    else "accounts.state_active"
                    if u.active
                    else "accounts.state_disabled",
                    lang,
                ),
            }
            for u in users
        ]
    ),
    "nguoi-dung",
    lang,
)

with st.expander(t("accounts.add_heading", lang), icon=":material/person_add:"), st.form("add_user"):
    username = st.text_input(t("accounts.username", lang), help=t("accounts.username_help", lang))
    display_name = st.text_input(t("accounts.display_name", lang))
    role = st.selectbox(
        t("accounts.role", lang),
        auth.ROLES,
        index=auth.ROLES.index(auth.ANALYST),
        format_func=lambda r: t(f"accounts.role_{r}", lang),
    )
    scope = scope_fields("add")
    password = st.text_input(t("accounts.password", lang), type="password", autocomplete="new-password")
    again = st.text_input(t("accounts.password_again", lang), type="password", autocomplete="new-password")
    if st.form_submit_button(t("accounts.add", lang), type="primary"):
        if password != again:
            st.error(t("accounts.passwords_differ", lang))
        elif scope is None:
            st.error(t("accounts.scope_needs_codes", lang))
        elif attempt(actions.add_user, username, display_name, role, scope, password):
            done("added", user=username.strip().lower())

if users:
    with st.expander(t("accounts.change_heading", lang), icon=":material/manage_accounts:"):
        names = [u.username for u in users]
        chosen = next(u for u in users if u.username == st.selectbox(t("accounts.username", lang), names))
        with st.form("change_user"):
            role = st.selectbox(
                t("accounts.role", lang),
                auth.ROLES,
                index=auth.ROLES.index(chosen.role),
                format_func=lambda r: t(f"accounts.role_{r}", lang),
            )
            scope = scope_fields(f"change_{chosen.username}", chosen.scope)
            if st.form_submit_button(t("accounts.save", lang)):
                if scope is None:
                    st.error(t("accounts.scope_needs_codes", lang))
                elif attempt(actions.set_role, chosen.username, role, scope):
                    done("changed", user=chosen.username)
        with st.form("reset_password"):
            password = st.text_input(t("accounts.new_password", lang), type="password", autocomplete="new-password")
            again = st.text_input(t("accounts.password_again", lang), type="password", autocomplete="new-password")
            if st.form_submit_button(t("accounts.reset", lang)):
                if password != again:
                    st.error(t("accounts.passwords_differ", lang))
                elif attempt(actions.reset_password, chosen.username, password):
                    done("password_was_reset", user=chosen.username)
        if chosen.username == admin.username:
            st.caption(t("accounts.cannot_disable_self", lang))
        elif st.button(t("accounts.enable" if not chosen.active else "accounts.disable", lang)) and attempt(
            actions.set_active, chosen.username, not chosen.active
        ):
            done("enabled" if not chosen.active else "disabled", user=chosen.username)
        signed_in_sessions(chosen.username)

public = access.public_viewing()
if auth.public_view_from_environment() is not None:
    st.caption(t("accounts.public_view_from_environment", lang))
st.toggle(
    t("accounts.public_view", lang),
    value=public,
    key="public_view",
    help=t("accounts.public_view_help", lang),
    on_change=lambda: attempt(actions.set_public_view, st.session_state["public_view"]),
)
