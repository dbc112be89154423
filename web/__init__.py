"""The HTTP layer: routes served beside Streamlit's pages by the app's ASGI server (app.py, ``st.App``).

- ``sessions``: signing in and out (the session cookie), and the anti-forgery cookie every page gets;
- ``api``: the read-only data API, ``/api/v1/``;
- ``health``: ``/healthz``;
- ``limits``: the API's rate limits.

It sits at the top beside ``ui/``: it reads through the read side (``analytics``), the accounts store
(``etl.auth``) and, for what a form and its route must agree on, ``ui``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.middleware import Middleware
from starlette.routing import BaseRoute
from streamlit.runtime.pages_manager import PagesManager

from web import api, first_run, health, sessions


def routes() -> list[BaseRoute]:
    return [*sessions.routes(), *health.routes(), *api.routes()]


def middleware() -> list[Middleware]:
    return [Middleware(sessions.BrowserCookie)]


@contextlib.asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    """Before the first visitor: the pages are those of ``st.navigation`` (dashboard.py) from the
    first run on. Streamlit otherwise treats a folder named pages/ beside the script as a legacy
    multipage app until some run calls ``st.navigation``: a new server's first page would list
    pages/'s files by their raw names (the write pages too) and answer a first deep link with
    "Page not found" (``PagesManager.uses_pages_directory``, which ``st.navigation`` itself clears).
    Also: the project's own log lines (an error's id, an API failure) reach the server's log, and what
    the first visit would otherwise build is built (``web.first_run``)."""
    PagesManager.uses_pages_directory = False
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    await first_run.run_default_page()
    yield
