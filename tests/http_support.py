"""The HTTP routes of web/ (sign-in, the data API, /healthz) served for real, on a loopback port in
this process: uvicorn in a thread, the same routes and middleware app.py gives ``st.App``, without
Streamlit's pages. A test then talks to them as a browser or another system would (``requests``),
and the accounts store, clock and database it set up are the ones the routes use.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import requests
import uvicorn
from starlette.applications import Starlette

import web
from ui import access

START_SECONDS = 10


@contextlib.contextmanager
def web_server() -> Iterator[str]:
    """The routes of app.py on 127.0.0.1 (uvicorn's defaults: X-Forwarded-* believed from this
    machine, as behind a proxy on it); the base URL."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(
        uvicorn.Config(Starlette(routes=web.routes(), middleware=web.middleware()), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)  # uvicorn's own "started" flag, set from its thread
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(START_SECONDS)
        listening.close()


def browser(url: str) -> requests.Session:
    """A client that has opened a page first, as a browser does before it can post a form: it holds
    the anti-forgery cookie the page request gave it."""
    client = requests.Session()
    client.get(f"{url}/tong-quan", timeout=10)
    assert client.cookies.get(access.BROWSER_COOKIE)
    return client


def sign_in(
    client: requests.Session,
    url: str,
    username: str,
    password: str,
    back: str = "/",
    forgery_value: str | None = None,
    **headers: str,
) -> requests.Response:
    """The sign-in form posted from a page of ``url`` (not following the answer's redirect), with the
    browser's anti-forgery value unless another is given."""
    form = {
        access.USERNAME_FIELD: username,
        access.PASSWORD_FIELD: password,
        access.NEXT_FIELD: back,
        access.FORGERY_FIELD: client.cookies.get(access.BROWSER_COOKIE, "") if forgery_value is None else forgery_value,
    }
    return client.post(
        f"{url}{access.SIGN_IN_PATH}", data=form, headers={"Origin": url, **headers}, allow_redirects=False, timeout=30
    )
