"""An uncaught error on a page: the visitor reads a short message with an error id, in their language;
the server's log holds the traceback under the same id, so a report ("mã lỗi 3f9c2a1b") finds it.

Called by Streamlit for an exception a page did not catch (``st.App(on_script_error=...)`` in app.py).
A visitor never sees a traceback: it names the server's files and code (``client.showErrorDetails`` is
"none" in .streamlit/config.toml for any error this does not reach).
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from ntm.i18n import t
from ui import filters

log = logging.getLogger(__name__)


def on_script_error(error: Exception) -> bool:
    """Log ``error`` with its traceback under a new id and show the id on the page; True: Streamlit
    shows nothing more."""
    error_id = secrets.token_hex(4)
    log.error("Error %s on page %r", error_id, filters.page_path(), exc_info=error)
    st.error(t("serving.page_error", filters.current().lang, error_id=error_id), icon=":material/error:")
    return True
