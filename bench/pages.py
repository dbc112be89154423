"""Every page's full run through Streamlit's AppTest (dashboard.py, then the page), cold (caches
cleared, as the first view after a load) and warm (a rerun), and the size of the Plotly figures it
sends. The pages for analysts and administrators run signed in as an administrator."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from ntm import config

TIMEOUT = 300
ADMIN = "bench_admin"
PASSWORD = "mật khẩu của phép đo 2025"


@dataclass
class PageRun:
    path: str
    cold: float
    warm: float
    figure_bytes: int
    charts: int  # Plotly charts on the page, as a browser will draw them
    metrics: int  # its metric cards
    error: str | None


def measured_pages() -> list[str]:
    from ui import navigation

    return [spec.path for spec in navigation.PAGES if spec.roles != navigation.SIGNED_OUT]


@contextmanager
def environment(db: Path) -> Iterator[None]:
    """NTM_DB, public viewing and an accounts store beside the benchmark's database."""
    saved = {key: os.environ.get(key) for key in ("NTM_DB", "NTM_PUBLIC_VIEW", "NTM_ACCOUNTS_DB")}
    os.environ.update(NTM_DB=str(db), NTM_PUBLIC_VIEW="1", NTM_ACCOUNTS_DB=str(db.with_name("accounts.sqlite")))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def admin_token(db: Path) -> str:
    from etl import auth
    from etl.scope import Scope

    store = auth.Accounts(auth.store_path(db))
    if store.user(ADMIN) is None:
        store.add_user(ADMIN, "Bench", auth.ADMIN, Scope.province(), PASSWORD, "bench")
    return store.sign_in(ADMIN, PASSWORD).token


def run_page(path: str, token: str) -> PageRun:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui import access

    at = AppTest.from_file(str(config.PROJECT_ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    # The admin's session cookie, as a browser would send it (AppTest has no browser connection).
    with mock.patch.object(access, "cookie", {access.SESSION_COOKIE: token}.get):
        at.run()  # the default page: the filters take their defaults (the latest year)
        st.cache_data.clear()
        st.cache_resource.clear()
        start = time.perf_counter()
        at.switch_page(path).run()
        cold = time.perf_counter() - start
        start = time.perf_counter()
        at.run()
        warm = time.perf_counter() - start
    sent = sum(len(element.proto.spec.encode()) for element in at.get("plotly_chart"))
    for element in at.get("plotly_chart"):
        json.loads(element.proto.spec)  # a figure that does not parse would not be drawn
    error = "; ".join(str(e.value)[:200] for e in at.exception) or None
    return PageRun(path, cold, warm, sent, len(at.get("plotly_chart")), len(at.metric), error)
