"""The dashboard as one web application: Streamlit's pages (dashboard.py) with the HTTP routes of
web/ beside them — signing in (a cookie), the data API at /api/v1/ and /healthz.

    streamlit run app.py [--server.port 8501 …]   (what ``python3 tasks.py dashboard`` and ``serve`` run)

Streamlit finds the ``st.App`` below and serves it with uvicorn. An uncaught error on a page is shown
with an id and logged with its traceback (``ui.errors``).
"""

import streamlit as st

import web
from ui import errors

app = st.App(
    "dashboard.py",
    routes=web.routes(),
    middleware=web.middleware(),
    lifespan=web.lifespan,
    on_script_error=errors.on_script_error,
)
