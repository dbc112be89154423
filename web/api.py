"""The read-only data API, ``/api/v1/``: the figures the pages show, for another system to pull.

Each route answers JSON, or with ``?format=csv`` a CSV file like the pages' downloads (UTF-8 with a
byte-order mark, text a spreadsheet would run as a formula neutralised: ``presentation.exports``). It
reads through the same read-side functions as the pages, so the two cannot disagree; ``?pin=`` reads
the data as published after a load or on a day, exactly as a pinned link does (``ui.snapshots``).
``/api/v1/`` itself is the machine-readable description of the routes (OpenAPI 3.1), made from the
declarations below.

Who may read: anyone while public viewing is on; otherwise a bearer token (``python -m etl tokens
add``), read within its scope — a district's token its districts' figures, an agency's token its
reporting only. A token sent is always checked: a revoked or expired one is refused even while
viewing is public. Requests are limited per address and per token (``web.limits``). Every answer
that is not data is JSON with ``error`` (a code) and ``message`` (``?lang=en`` for English); an
unexpected failure is logged with its traceback under an id the answer gives, never sent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from analytics import agency_reports, criteria, districts, overview, targets, units
from etl import auth, history
from etl.scope import AGENCIES, DISTRICTS, PROVINCE, Scope
from ntm import config, periods
from ntm.i18n import DEFAULT_LANGUAGE, languages, t
from presentation import exports
from ui import access, snapshots
from web import limits
from web.sessions import client_address

PREFIX = "/api/v1"
VERSION = "1.0.0"
BATCH_HEADER = "X-NTM-Batch"  # the load whose data answered (pinned, or the latest)
log = logging.getLogger(__name__)
per_address = limits.RateLimit(limits.PER_ADDRESS_PER_MINUTE)
per_token = limits.RateLimit(limits.PER_TOKEN_PER_MINUTE)


class Refused(Exception):
    """A request that gets no data: its HTTP status, error code (``serving.api_<code>`` in the
    locales) and the message's values."""

    def __init__(self, status: int, code: str, headers: dict[str, str] | None = None, **params: object):
        super().__init__(code)
        self.status, self.code, self.headers, self.params = status, code, headers or {}, params


@dataclass(frozen=True)
class Ask:
    """One request, its parameters checked: the database it reads and who reads it."""

    db: Path
    scope: Scope
    values: dict[str, object]

    def __getitem__(self, name: str) -> object:
        return self.values.get(name)


# Parameters -------------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]{1,10}")
_YEAR = re.compile(r"[0-9]{4}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _year(ask_db: Path, text: str) -> int:
    if not _YEAR.fullmatch(text) or int(text) not in overview.years(ask_db):
        raise Refused(400, "bad_year", value=text[:40])
    return int(text)


def _district(ask_db: Path, text: str) -> str:
    if not _DIGITS.fullmatch(text) or text not in districts.districts(ask_db):
        raise Refused(400, "bad_district", value=text[:40])
    return text


def _day(ask_db: Path, text: str) -> dt.date:
    if _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:  # 2024-02-30
            pass
    raise Refused(400, "bad_day", value=text[:40])


def _as_of(ask_db: Path, text: str) -> dt.date:
    day = _day(ask_db, text)
    if abs(day - dt.date.today()) > agency_reports.AS_OF_SPAN:
        raise Refused(400, "bad_day", value=text[:40])
    return day


def _window(ask_db: Path, text: str) -> str:
    span = agency_reports.reporting_years(ask_db)
    if text != agency_reports.ALL and (span is None or text not in periods.window_choices(*span)):
        raise Refused(400, "bad_window", value=text[:40])
    return text


def _grace(ask_db: Path, text: str) -> int:
    if not _DIGITS.fullmatch(text) or int(text) > agency_reports.MAX_GRACE_DAYS:
        raise Refused(400, "bad_grace", value=text[:40], most=agency_reports.MAX_GRACE_DAYS)
    return int(text)


def _directive(ask_db: Path, text: str) -> str:
    if text not in set(agency_reports.directives(ask_db)["directive_code"]):
        raise Refused(400, "bad_directive", value=text[:40])
    return text


@dataclass(frozen=True)
class Parameter:
    name: str
    schema: dict
    check: Callable[[Path, str], object] | None = None  # the value as read, for the database asked; None: as given


PARAMETERS = {
    parameter.name: parameter
    for parameter in [
        Parameter("year", {"type": "integer", "minimum": config.FIRST_YEAR, "maximum": config.LAST_YEAR}, _year),
        Parameter("district", {"type": "string", "pattern": "^[0-9]+$"}, _district),
        Parameter("date", {"type": "string", "format": "date"}, _day),
        Parameter("window", {"type": "string", "examples": ["all", "2024", "2024-H1", "2024-Q3"]}, _window),
        Parameter("as_of", {"type": "string", "format": "date"}, _as_of),
        Parameter("grace", {"type": "integer", "minimum": 0, "maximum": agency_reports.MAX_GRACE_DAYS}, _grace),
        Parameter("directive", {"type": "string"}, _directive),
        Parameter("pin", {"type": "string", "examples": ["12", "2024-12-31"]}),
        Parameter("format", {"type": "string", "enum": ["json", "csv"], "default": "json"}),
        Parameter("lang", {"type": "string", "enum": languages(), "default": DEFAULT_LANGUAGE}),
    ]
}
COMMON = ("pin", "format", "lang")


# Routes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """A route: ``name`` is its path under PREFIX and its CSV file's name; ``read`` answers a checked
    request with a dict (JSON as it is) or a table; ``scoped_by`` says how a token's scope limits it."""

    name: str
    parameters: tuple[str, ...]
    read: Callable[[Ask], dict | pd.DataFrame]
    scoped_by: str  # "district": one district of the scope; "units": the scope's units; "agency": its agencies
    echo: tuple[str, ...] = field(default=())  # parameters repeated beside a table's rows, as read

    @property
    def path(self) -> str:
        return f"{PREFIX}/{self.name}"


def _summary(ask: Ask) -> dict:
    return overview.summary(ask.db, ask["year"], ask["district"])


def _criteria(ask: Ask) -> pd.DataFrame:
    results = criteria.commune_results(ask.db, ask["year"], ask["district"])
    return results.rename(columns={no: f"criterion_{no}" for no in results.columns if isinstance(no, int)})


def _targets(ask: Ask) -> pd.DataFrame:
    return targets.scope_target_progress(ask.db, ask["year"], ask["district"])


def _units(ask: Ask) -> pd.DataFrame:
    found = units.units_valid_on(ask.db, ask["date"])
    return found if ask.scope.kind != DISTRICTS else found[found["district_code"].isin(ask.scope.codes)]


def _agency_reports(ask: Ask) -> pd.DataFrame:
    rates = agency_reports.status(ask.db, ask["window"], ask["as_of"], ask["grace"], ask["directive"]).by_agency()
    names = agency_reports.agencies(ask.db)[["agency_code", "name_vi", "name_en"]]
    rates = rates.merge(names, on="agency_code", how="left")
    return rates if ask.scope.kind != AGENCIES else rates[rates["agency_code"].isin(ask.scope.codes)]


ENDPOINTS = [
    Endpoint("summary", ("year", "district"), _summary, "district"),
    Endpoint("criteria", ("year", "district"), _criteria, "district", echo=("year", "district")),
    Endpoint("targets", ("year", "district"), _targets, "district", echo=("year", "district")),
    Endpoint("units", ("date",), _units, "units", echo=("date",)),
    Endpoint(
        "agency-reports",
        ("window", "as_of", "grace", "directive"),
        _agency_reports,
        "agency",
        echo=("window", "as_of", "grace", "directive"),
    ),
]


def _defaults(db: Path) -> dict[str, object]:
    """What an absent parameter means: the pages' own choice (the latest year assessed, today, every
    reporting period, the usual grace)."""
    return {
        "year": overview.latest_assessed_year(db),
        "date": dt.date.today(),
        "window": agency_reports.ALL,
        "as_of": dt.date.today(),
        "grace": agency_reports.DEFAULT_GRACE_DAYS,
    }


# Every method reaches the routes, so that a write is refused in JSON like any other request.
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def routes() -> list[Route]:
    found = [Route(endpoint.path, _handler(endpoint), methods=METHODS) for endpoint in ENDPOINTS]
    return [
        *found,
        Route(f"{PREFIX}/", describe, methods=METHODS),
        Route(PREFIX, describe, methods=METHODS),
        Route("/api/{rest:path}", unknown, methods=METHODS),
    ]


def _handler(endpoint: Endpoint) -> Callable:
    async def handle(request: Request) -> Response:
        return await _answer(request, endpoint)

    return handle


async def describe(request: Request) -> Response:
    """The OpenAPI description of the routes, in the language asked: open to everyone."""
    return await _answer(request, None)


async def unknown(request: Request) -> Response:
    return _error(Refused(404, "no_route", path=request.url.path[:80]), _lang(request))


async def _answer(request: Request, endpoint: Endpoint | None) -> Response:
    """``endpoint``'s answer to ``request`` (None: the description), or why there is none."""
    lang = _lang(request)
    try:
        if request.method not in ("GET", "HEAD"):
            raise Refused(405, "method", headers={"Allow": "GET, HEAD"}, method=request.method[:10])
        _limit(per_address, client_address(request))
        if endpoint is None:
            _raw_parameters(request, ("lang",))
            return JSONResponse(openapi(lang))
        token = _bearer(request)
        scope = await run_in_threadpool(_reader_scope, token)
        if token:
            _limit(per_token, token)
        raw = _raw_parameters(request, (*endpoint.parameters, *COMMON))
        ask = await run_in_threadpool(_checked, raw, endpoint.parameters, scope)
        return await run_in_threadpool(_respond, endpoint, ask)
    except Refused as refused:
        return _error(refused, lang)
    except Exception:
        error_id = secrets.token_hex(4)
        log.exception("Error %s answering %s", error_id, request.url.path)
        return _error(Refused(500, "internal", error_id=error_id), lang, error_id=error_id)


def _limit(limit: limits.RateLimit, key: str) -> None:
    wait = limit.wait(key)
    if wait:
        raise Refused(429, "too_many", headers={"Retry-After": str(wait)}, seconds=wait)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise Refused(401, "bad_token", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def _reader_scope(token: str | None) -> Scope:
    """What the request may read: a token's scope; the province when public viewing is on and no
    token is sent; otherwise refused."""
    store = access.accounts()
    if token is not None:
        found = store.api_token(token)
        if found is None:
            raise Refused(401, "bad_token", headers={"WWW-Authenticate": "Bearer"})
        return found.scope
    db = config.db_path()
    if auth.public_viewing(store, lambda: history.only_sample_data(db)):
        return Scope.province()
    raise Refused(401, "token_needed", headers={"WWW-Authenticate": "Bearer"})


def _raw_parameters(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            raise Refused(400, "unknown_parameter", name=name[:40], allowed=", ".join(allowed))
        if name in raw:
            raise Refused(400, "repeated_parameter", name=name)
        raw[name] = value
    if raw.get("format", "json") not in PARAMETERS["format"].schema["enum"]:
        raise Refused(400, "bad_format", value=raw["format"][:40])
    return raw


def _checked(raw: dict[str, str], names: tuple[str, ...], scope: Scope) -> Ask:
    """The request's values read for the database it asks about (the pinned one, or the latest)."""
    db = config.db_path()
    if "pin" in raw:
        pinned = snapshots.resolve(db, raw["pin"]) if snapshots.well_formed(raw["pin"]) else None
        if pinned is None:
            raise Refused(404, "bad_pin", value=raw["pin"][:40])
        db = pinned.path
    values = {name: PARAMETERS[name].check(db, raw[name]) for name in names if name in raw}
    defaults = {name: value for name, value in _defaults(db).items() if name in names}
    return Ask(db, scope, {**defaults, **values, **{name: raw[name] for name in COMMON if name in raw}})


def _within_scope(endpoint: Endpoint, ask: Ask) -> Ask:
    """``ask`` as the token's scope allows it: a district-scoped token reads one of its districts
    (its only one when none is named), an agency's token only its reporting."""
    kind = ask.scope.kind
    if kind == PROVINCE or (endpoint.scoped_by == "units" and kind == DISTRICTS):
        return ask
    if endpoint.scoped_by == "district" and kind == DISTRICTS:
        district = ask["district"] or (next(iter(ask.scope.codes)) if len(ask.scope.codes) == 1 else None)
        if district not in ask.scope.codes:
            raise Refused(403, "outside_scope_district", scope=", ".join(sorted(ask.scope.codes)))
        return Ask(ask.db, ask.scope, {**ask.values, "district": district})
    if endpoint.scoped_by == "agency" and kind == AGENCIES:
        return ask
    raise Refused(403, "outside_scope", route=endpoint.name)


def _respond(endpoint: Endpoint, ask: Ask) -> Response:
    ask = _within_scope(endpoint, ask)
    found = endpoint.read(ask)
    batch = str(snapshots.named(config.db_path(), str(ask["pin"])) if ask["pin"] else _latest_batch(ask.db))
    headers = {BATCH_HEADER: batch}
    if ask["format"] == "csv":
        table = found if isinstance(found, pd.DataFrame) else pd.json_normalize(found)
        headers["Content-Disposition"] = f'attachment; filename="{endpoint.name}.csv"'
        return Response(exports.csv_bytes(table), media_type="text/csv; charset=utf-8", headers=headers)
    if isinstance(found, pd.DataFrame):
        found = {**{name: _plain(ask[name]) for name in endpoint.echo}, "rows": records(found)}
    return JSONResponse(found, headers=headers)


def _latest_batch(db: Path) -> object:
    return overview.data_status(db)["batch_id"]


def records(table: pd.DataFrame) -> list[dict]:
    """A table's rows as JSON values: a missing value is null, days are yyyy-mm-dd (times ISO 8601),
    lists stay lists."""
    table = table.copy()
    for column in table.select_dtypes("datetime").columns:
        values = table[column]
        whole_days = (values.dropna() == values.dropna().dt.normalize()).all()
        shown = values.dt.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%dT%H:%M:%S")
        table[column] = shown.astype(object).where(values.notna(), None)
    for column in table.select_dtypes(include="object", exclude="str").columns:  # days kept as datetime.date
        table[column] = table[column].map(_plain)
    return json.loads(table.to_json(orient="records", force_ascii=False, default_handler=str))


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _error(refused: Refused, lang: str, error_id: str | None = None) -> JSONResponse:
    body = {"error": refused.code, "message": t(f"serving.api_{refused.code}", lang, **refused.params)}
    if error_id:
        body["error_id"] = error_id
    return JSONResponse(body, status_code=refused.status, headers=refused.headers)


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang")
    return lang if lang in languages() else DEFAULT_LANGUAGE


# The description ----------------------------------------------------------------------------------


def openapi(lang: str) -> dict:
    """OpenAPI 3.1 for every route of ENDPOINTS, with its parameters (PARAMETERS) and answers."""
    error = {"$ref": "#/components/schemas/Error"}
    answers = {
        str(status): {
            "description": t(f"serving.api_status_{status}", lang),
            "content": {"application/json": {"schema": error}},
        }
        for status in (400, 401, 403, 404, 429)
    }
    paths = {}
    for endpoint in ENDPOINTS:
        key = endpoint.name.replace("-", "_")
        paths[endpoint.path] = {
            "get": {
                "operationId": key,
                "summary": t(f"serving.api_route_{key}", lang),
                "parameters": [
                    {
                        "name": name,
                        "in": "query",
                        "required": False,
                        "schema": PARAMETERS[name].schema,
                        "description": t(f"serving.api_parameter_{name}", lang),
                    }
                    for name in (*endpoint.parameters, *COMMON)
                ],
                "responses": {
                    "200": {
                        "description": t("serving.api_status_200", lang),
                        "content": {
                            "application/json": {"schema": {"type": "object"}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    **answers,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": t("serving.api_title", lang),
            "version": VERSION,
            "description": t("serving.api_description", lang),
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                        "error_id": {"type": "string"},
                    },
                }
            },
        },
        "security": [{}, {"bearer": []}],
    }
