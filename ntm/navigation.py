"""The dashboard's pages, declared once: file, title key, address, who may see it.

``url_path`` keeps a page's address the same in every language and differs from the file name on
purpose: Streamlit still treats a folder called pages/ as a legacy multipage app (on a process's
first run, and on every AppTest run), and an address matching a file there runs that file alone,
without dashboard.py's filters.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ntm.i18n import t


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    url_path: str
    icon: str | None = None


# In the order they appear in the navigation; the first is the default page.
PAGES = [
    PageSpec("pages/overview.py", "overview.title", "tong-quan", ":material/dashboard:"),
]


def pages(lang: str) -> list[st.Page]:
    return [
        st.Page(spec.path, title=t(spec.title_key, lang), url_path=spec.url_path, icon=spec.icon,
                default=index == 0)
        for index, spec in enumerate(PAGES)
    ]
