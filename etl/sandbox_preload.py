"""Imported by the sandbox's fork server only (``etl.sandbox.PRELOAD``), so that its workers start
without running the caller's main script. multiprocessing would run it again in each worker; under
Streamlit that is whichever page ran last (Streamlit puts the page in ``sys.modules["__main__"]``),
drawn in the worker without a session. What workers run is always a function of an importable module."""

from __future__ import annotations

from multiprocessing import spawn

_prepare = spawn.prepare


def _prepare_without_main(data: dict) -> None:
    _prepare({key: value for key, value in data.items() if not key.startswith("init_main_from")})


spawn.prepare = _prepare_without_main
