"""The dashboard's pages, declared once: file, title key, address, who may see it.

Who may see a page is its ``roles``: the visitor's role is ``PUBLIC`` (not signed in, public
viewing on), ``GUEST`` (not signed in, viewing private: only the sign-in page), or a signed-in
account's role (``etl.auth``). The list only hides pages; the pages that write also check the
role themselves and the loader checks the account's scope (``etl.scope``).

``url_path`` keeps a page's address the same in every language and differs from the file name on
purpose: Streamlit treats a folder called pages/ as a legacy multipage app on every AppTest run (and
on a server's first run, unless started by app.py: ``web.lifespan``), and an address matching a file
there runs that file alone, without dashboard.py's filters.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from etl.auth import ADMIN, ANALYST, VIEWER
from ntm.i18n import t

PUBLIC, GUEST = "public", "guest"
READERS = (PUBLIC, VIEWER, ANALYST, ADMIN)  # everyone who may read the dashboards
WRITERS = (ANALYST, ADMIN)
ADMINS = (ADMIN,)
SIGNED_OUT = (PUBLIC, GUEST)


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    url_path: str
    icon: str | None = None
    roles: tuple[str, ...] = READERS


# In the order they appear in the navigation; the first is the default page.
PAGES = [
    PageSpec("pages/overview.py", "overview.title", "tong-quan", ":material/dashboard:"),
    PageSpec("pages/criteria.py", "criteria.title", "tieu-chi", ":material/fact_check:"),
    PageSpec("pages/commune.py", "commune.title", "xa", ":material/home_pin:"),
    PageSpec("pages/districts.py", "districts.title", "huyen", ":material/map:"),
    PageSpec("pages/map.py", "map.title", "ban-do", ":material/travel_explore:"),
    PageSpec("pages/targets.py", "targets.title", "muc-tieu", ":material/flag:"),
    PageSpec("pages/near_finish.py", "near_finish.title", "sap-ve-dich", ":material/sports_score:"),
    PageSpec("pages/movement.py", "movement.title", "phong-trao", ":material/volunteer_activism:"),
    PageSpec("pages/agency_reports.py", "agencies.title", "bao-cao-co-quan", ":material/assignment_turned_in:"),
    PageSpec("pages/upload.py", "upload.title", "tai-du-lieu", ":material/upload_file:", roles=WRITERS),
    PageSpec("pages/history.py", "history.title", "lich-su", ":material/history:", roles=WRITERS),
    PageSpec("pages/users.py", "accounts.users_title", "nguoi-dung", ":material/group:", roles=ADMINS),
    PageSpec("pages/sign_in.py", "accounts.sign_in_title", "dang-nhap", ":material/login:", roles=SIGNED_OUT),
]
SIGN_IN = next(spec for spec in PAGES if spec.roles == SIGNED_OUT)


def pages(lang: str, role: str = PUBLIC) -> list[st.Page]:
    """The pages ``role`` may see, in order; the first is the default.

    Every other page's address opens a page too (unlisted), never Streamlit's English "Page not
    found": for a visitor not signed in, the sign-in form, so a shared link such as
    ``/huyen?district=908`` opens its page right after signing in; for an account, the page itself,
    which says in the reader's language that it is not for that account (``access.require``).
    """
    allowed = [spec for spec in PAGES if role in spec.roles]
    listed = [
        st.Page(spec.path, title=t(spec.title_key, lang), url_path=spec.url_path, icon=spec.icon, default=index == 0)
        for index, spec in enumerate(allowed)
    ]
    opened = SIGN_IN if role in SIGNED_OUT else None
    return listed + [
        st.Page(
            (opened or spec).path,
            title=t((opened or spec).title_key, lang),
            url_path=spec.url_path,
            visibility="hidden",
        )
        for spec in PAGES
        if spec not in allowed
    ]
