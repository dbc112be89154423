"""A light visitor that speaks Streamlit's websocket protocol (the protobuf messages shipped with
Streamlit), so that the server is measured, not browsers: it fetches the page's HTML as a browser
does, opens ``/_stcore/stream`` with the cookies the page set, asks for the script to run (a
``rerun_script`` BackMsg, as the browser's first message) and reads ForwardMsgs until
``script_finished``. Plotly's script and the
other static files are not fetched: in production the proxy serves them (deploy/nginx)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import urllib.request
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 120.0
TIMEZONE = "Asia/Ho_Chi_Minh"
LOCALE = "vi-VN"


@dataclass
class Visit:
    started: float  # time.monotonic() when the page was asked for
    finished: float | None = None  # when the script's run was reported finished
    errors: list[str] = field(default_factory=list)  # what a visitor would have read as an error
    received_bytes: int = 0

    @property
    def seconds(self) -> float:
        return (self.finished or float("inf")) - self.started


def _rerun_message(url: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    state = message.rerun_script
    state.query_string = url.partition("?")[2]
    state.context_info.url = url
    state.context_info.timezone = TIMEZONE
    state.context_info.locale = LOCALE
    return message.SerializeToString()


def _errors_in(message) -> list[str]:
    """An exception element, an error alert, a compile error or a script that did not finish."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        if element.WhichOneof("type") == "exception":
            return [f"exception: {element.exception.message[:200]}"]
        if element.WhichOneof("type") == "alert" and element.alert.format == element.alert.ERROR:
            return [f"error shown: {element.alert.body[:200]}"]
    if kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
        return [f"compile error: {message.session_event.script_compilation_exception.message[:200]}"]
    if kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
        return [f"script finished with status {message.script_finished}"]
    return []


async def visit(url: str, timeout: float = TIMEOUT_SECONDS) -> Visit:
    """One visit to ``url`` (http://host:port/path?query): its HTML, then one script run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    done = Visit(time.monotonic())
    base = url.split("/", 3)
    cookies = await asyncio.to_thread(_cookies_of, url)
    stream = f"ws://{base[2]}/_stcore/stream"
    # The page's cookies go with the websocket, as a browser sends them: the proxy keeps a browser
    # on one process by one of them (deploy/nginx).
    headers = {"Cookie": cookies} if cookies else None
    try:
        async with (
            asyncio.timeout(timeout),
            connect(stream, subprotocols=["streamlit"], max_size=None, additional_headers=headers) as socket,
        ):
            await socket.send(_rerun_message(url))
            async for frame in socket:
                message = ForwardMsg()
                message.ParseFromString(frame)
                done.received_bytes += len(frame)
                done.errors += _errors_in(message)
                if message.WhichOneof("type") == "script_finished":
                    done.finished = time.monotonic()
                    break
    except (TimeoutError, OSError) as error:
        done.errors.append(f"{type(error).__name__}: {error}")
    return done


def _cookies_of(url: str) -> str:
    """Read the page at ``url``; the cookies it sets, as a Cookie header's value."""
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
        answer.read()
        return "; ".join(cookie.split(";", 1)[0] for cookie in answer.headers.get_all("Set-Cookie") or [])


async def _together(url: str, count: int) -> list[Visit]:
    return list(await asyncio.gather(*(visit(url) for _ in range(count))))


def together(url: str, count: int) -> list[Visit]:
    """``count`` visits to ``url`` arriving at once."""
    return _run(_together(url, count))


def one(url: str) -> Visit:
    return _run(visit(url))


def _run(coroutine):
    # A thread of its own: the caller's may already run an event loop (Playwright's, under pytest).
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
