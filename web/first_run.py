"""The first visit, made by the server itself before it accepts visitors (``web.lifespan``): one run
of the app's default page in a session of its own, whose messages go nowhere. What a first run
imports, draws with Plotly for the first time, reads from the database and keeps in Streamlit's
caches is then ready for the first real visitor, who would otherwise wait for it."""

from __future__ import annotations

import asyncio
import logging

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 120.0


class _Nobody:
    """A session's client that reads nothing but the end of the script's run."""

    def __init__(self, finished: asyncio.Event) -> None:
        self._finished = finished
        self._loop = asyncio.get_running_loop()

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") == "script_finished":
            self._loop.call_soon_threadsafe(self._finished.set)

    @property
    def client_context(self) -> None:
        return None


async def run_default_page() -> None:
    finished = asyncio.Event()
    runtime = Runtime.instance()
    session_id = runtime.connect_session(client=_Nobody(finished), user_info={})
    try:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        runtime.handle_backmsg(session_id, rerun)
        await asyncio.wait_for(finished.wait(), TIMEOUT_SECONDS)
    except TimeoutError:  # serving goes on: the first visitor pays for what is not ready
        log.warning("The first run before serving did not finish within %s s", TIMEOUT_SECONDS)
    finally:
        runtime.disconnect_session(session_id)
