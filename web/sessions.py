"""Signing in and out over HTTP: the routes the forms of ``ui.access`` post to, and the cookies.

- ``POST /auth/sign-in`` checks the name and password (``etl.auth.Accounts.sign_in``: its throttling,
  lock-out and equal work for unknown names), then sets the session cookie — a random token of which
  the store keeps the hash — and returns to the page the form came from. A refusal returns there too,
  with a short-lived cookie saying why, for the form to show.
- ``POST /auth/sign-out`` ends every session of the account and clears the cookie.
- The session cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page or link
  sends it), Secure when the request came over HTTPS (directly, or through a proxy that says so in
  X-Forwarded-Proto), and lasts no longer than the session may (``auth.SESSION_MAX_SECONDS``).
- Both routes refuse a post from another site: its Origin (sent by every current browser) must be
  this server's, and its anti-forgery field must equal this browser's ``ntm_browser`` cookie, which
  another site can neither read nor send (``BrowserCookie`` sets it on the first page requested).
- Where a form may send the visitor back to is a path of this site only (never ``//elsewhere``).
"""

from __future__ import annotations

import secrets
import urllib.parse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from etl import auth
from ntm.i18n import t
from ui import access

MAX_FORM_BYTES = 4096  # a name, a password, a path and a token: anything larger is not our form
MAX_FORM_FIELDS = 8
OUTCOME_SECONDS = 60  # how long a refusal's reason waits for the form to show it
BROWSER_COOKIE_SECONDS = 400 * 86400  # the anti-forgery value lasts as long as browsers keep a cookie
# Requests for a page (not Streamlit's files, websocket or uploads, nor the API): where the anti-forgery
# cookie is set when the browser has none.
NOT_PAGES = ("/static/", "/_stcore/", "/media/", "/component/", "/api/", "/auth/", "/healthz")


def routes() -> list[Route]:
    return [
        Route(access.SIGN_IN_PATH, sign_in, methods=["POST"]),
        Route(access.SIGN_OUT_PATH, sign_out, methods=["POST"]),
    ]


async def sign_in(request: Request) -> Response:
    form = await _posted_form(request)
    if isinstance(form, Response):
        return form
    back = _local_path(form.get(access.NEXT_FIELD, ""))
    answer = await run_in_threadpool(
        access.accounts().sign_in,
        form.get(access.USERNAME_FIELD, ""),
        form.get(access.PASSWORD_FIELD, ""),
        client=client_address(request),
    )
    response = RedirectResponse(back, status_code=303)
    if answer.outcome == "ok":
        _set_cookie(response, request, access.SESSION_COOKIE, answer.token, auth.SESSION_MAX_SECONDS)
        _set_cookie(response, request, access.OUTCOME_COOKIE, "", 0)
    else:
        _set_cookie(
            response, request, access.OUTCOME_COOKIE, f"{answer.outcome}.{answer.wait_seconds}", OUTCOME_SECONDS
        )
    return response


async def sign_out(request: Request) -> Response:
    form = await _posted_form(request)
    if isinstance(form, Response):
        return form
    await run_in_threadpool(
        access.accounts().sign_out, request.cookies.get(access.SESSION_COOKIE), client_address(request)
    )
    response = RedirectResponse("/", status_code=303)
    _set_cookie(response, request, access.SESSION_COOKIE, "", 0)  # cleared
    return response


def client_address(request: Request) -> str:
    """Who sent ``request``, as failed sign-ins are counted by (``auth.client_address``)."""
    return auth.client_address(
        request.client.host if request.client else None, request.headers.getlist("x-forwarded-for")
    )


async def _posted_form(request: Request) -> dict[str, str] | Response:
    """The fields of a form posted from a page of this site, or the refusal to answer with."""
    if not _same_origin(request):
        return PlainTextResponse(t("serving.cross_site_refused", _language(request)), status_code=403)
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return PlainTextResponse(t("serving.form_too_large", _language(request)), status_code=413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return PlainTextResponse(t("serving.form_too_large", _language(request)), status_code=413)
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        pairs = None
    form = dict(pairs or [])
    expected = request.cookies.get(access.BROWSER_COOKIE, "")
    if not expected or not secrets.compare_digest(form.get(access.FORGERY_FIELD, "").encode(), expected.encode()):
        return PlainTextResponse(t("serving.cross_site_refused", _language(request)), status_code=403)
    return form


def _same_origin(request: Request) -> bool:
    """Whether the browser says the post comes from a page of this server (a browser always sends
    Origin on a form post; a missing one is left to the anti-forgery field)."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    return origin is None or urllib.parse.urlsplit(origin).netloc == request.headers.get("host")


def _local_path(target: str) -> str:
    """``target`` when it is a path of this site ("/huyen?district=908"), else the first page."""
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _language(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _set_cookie(
    response: Response, request: Request, name: str, value: str, seconds: int, same_site: str = "strict"
) -> None:
    """Set (``seconds`` > 0) or clear a cookie no script reads, Secure when the request came over HTTPS."""
    response.set_cookie(
        name, value, max_age=seconds, path="/", httponly=True, samesite=same_site, secure=request.url.scheme == "https"
    )


class BrowserCookie:
    """Gives a browser requesting a page without one its anti-forgery value (``ntm_browser``): random,
    HttpOnly, SameSite=Lax (kept when a link from elsewhere opens a page). The reverse proxy also
    balances by it, so one browser stays with one dashboard process (deploy/nginx)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.cookies.get(access.BROWSER_COOKIE):
            await self.app(scope, receive, send)
            return
        cookie = Response()
        _set_cookie(
            cookie, request, access.BROWSER_COOKIE, secrets.token_urlsafe(24), BROWSER_COOKIE_SECONDS, same_site="lax"
        )
        set_cookie = [header for header in cookie.raw_headers if header[0] == b"set-cookie"]

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *set_cookie]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
