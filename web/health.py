"""``/healthz``: whether this process can serve the dashboard's data. 200 with the data version (the
published file's identity, ``ntm.db.data_version``) and the latest load when the database can be
read and is this version's; 503 with the reason otherwise. The proxy and the tests' readiness checks
read it: unlike Streamlit's own ``/_stcore/health``, it fails when the pages would show an error.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ntm import config
from ntm import db as database
from ui import cached

PATH = "/healthz"


def routes() -> list[Route]:
    return [Route(PATH, healthz, methods=["GET", "HEAD"])]


async def healthz(request: Request) -> JSONResponse:
    return await run_in_threadpool(_health)


def _health() -> JSONResponse:
    db = config.db_path()
    problem = cached.database_problem(db)
    if problem:
        return JSONResponse(
            {"status": "unavailable", "reason": problem}, status_code=503, headers={"Cache-Control": "no-store"}
        )
    status = cached.data_status(db)
    loaded_at = status["loaded_at"]
    return JSONResponse(
        {
            "status": "ok",
            "data_version": database.data_version(db),
            "batch": status["batch_id"],
            "loaded_at": loaded_at.isoformat() if loaded_at else None,
        },
        headers={"Cache-Control": "no-store"},
    )
