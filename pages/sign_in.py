"""Đăng nhập: username and password, posted to the sign-in route (``web.sessions``), which sets the
session cookie and returns to the page the link named; after a refusal, why (and when to try again)."""

from __future__ import annotations

import streamlit as st

from ntm.i18n import t
from ui import access, filters, navigation

lang = filters.current().lang

st.header(t("accounts.sign_in_title", lang))
if not access.public_viewing():
    st.caption(t("accounts.private_note", lang))
if not access.accounts().has_users():
    st.info(t("accounts.no_accounts_yet", lang))
    st.code("python3 tasks.py etl users add NAME --role admin", language="bash")
refused = access.refusal()
if refused:
    st.error(refused.message(lang))
access.sign_in_form(lang, filters.page_path(), navigation.SIGN_IN.url_path)
