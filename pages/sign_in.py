"""Đăng nhập: username and password; the answer says when to try again after repeated failures."""

from __future__ import annotations

import streamlit as st

from ntm.i18n import t
from ui import access, filters

lang = filters.current().lang

st.header(t("accounts.sign_in_title", lang))
if not access.public_viewing():
    st.caption(t("accounts.private_note", lang))
if not access.accounts().has_users():
    st.info(t("accounts.no_accounts_yet", lang))
    st.code("python -m etl users add NAME --role admin", language="bash")

with st.form("sign_in"):
    username = st.text_input(t("accounts.username", lang), key="sign_in_username", autocomplete="username")
    password = st.text_input(
        t("accounts.password", lang), type="password", key="sign_in_password", autocomplete="current-password"
    )
    submitted = st.form_submit_button(t("accounts.sign_in", lang), type="primary")

if submitted:
    result = access.sign_in(username, password)
    if result.outcome == "ok":
        st.rerun()
    st.error(
        t(
            f"accounts.sign_in_{result.outcome}",
            lang,
            seconds=result.wait_seconds,
            minutes=max(1, round(result.wait_seconds / 60)),
        )
    )
