"""Entry point: page setup, the sign-in gate, the shared filters, which data is shown, and the
list of pages (which depends on who is signed in: ``ui.navigation``).

Served by app.py (``streamlit run app.py``), which adds the HTTP routes: sign-in, the data API,
/healthz. The database is ``ntm.config.db_path()``.
"""

from __future__ import annotations

import streamlit as st

from ntm import config, formatting
from ntm.i18n import t
from ui import access, brief_download, cached, filters, navigation

BUILD_COMMANDS = "python -m etl init\npython -m etl load data/sample/*.xlsx"

st.set_page_config(page_title=t("app.title"), page_icon="🌾", layout="wide")
filters.drop_malformed()  # before anything reads the link
lang = filters.language()
st.set_page_config(page_title=t("app.title", lang))
db = config.db_path()


def how_to_build_the_database() -> None:
    st.title(t("app.title", lang))
    st.error(t(f"app.{problem}", lang, path=db))
    if problem != "outdated_database":  # that message names its one command
        st.write(t("app.build_database", lang))
        st.code(BUILD_COMMANDS, language="bash")


def show_data_status() -> None:
    status = cached.data_status(db)
    if status["sample_data"]:
        st.sidebar.badge(
            t("app.sample_data", lang),
            icon=":material/science:",
            color="orange",
            help=t("app.sample_data_help", lang),
        )
    if status["batch_id"] is None:
        st.sidebar.caption(t("app.no_data_loaded", lang))
    else:
        updated = formatting.date(status["loaded_at"], lang)
        st.sidebar.caption(t("app.data_date", lang, date=updated, batch=status["batch_id"]))


problem = cached.database_problem(db)
if problem:
    pages = [st.Page(how_to_build_the_database, title=t("app.database_title", lang), url_path="database")]
else:
    user = access.current_user()
    visitor = access.role(user, access.public_viewing())
    if visitor != navigation.GUEST:  # while viewing is private, a guest sees only the sign-in page
        db = filters.data_db()  # a pinned link reads the data as it was then
        filters.year_and_district(lang, cached.years(db), cached.districts(db))
        show_data_status()
        access.sidebar(user, lang)
        filters.pinned_banner(lang, cached.data_status(db)["loaded_at"])
        chosen = filters.current()
        brief_download.sidebar(db, chosen.year, chosen.district, lang, pinned=filters.pin() is not None)
    pages = navigation.pages(lang, visitor)
current_page = st.navigation(pages)
if not problem:
    filters.follow_tap()
filters.serving(current_page.url_path)
current_page.run()
# A page that stops early ("no results for this year") draws the box itself (filters.stop).
if not problem and visitor != navigation.GUEST:
    filters.share(lang, current_page.url_path, cached.data_status(config.db_path())["batch_id"])
