"""Imported first by the sandbox's fork server, and only there (``etl.sandbox.PRELOAD``): how its
workers start.

They do not run the caller's main script. multiprocessing would run it again in each worker; under
Streamlit that is whichever page ran last (Streamlit puts the page in ``sys.modules["__main__"]``),
drawn in the worker without a session. What workers run is always a function of an importable module.

They allocate Arrow's memory (pandas' strings) with the system's allocator: Arrow's own (mimalloc)
reserves a gigabyte of address space at the first string column, which the memory limit (RLIMIT_DATA)
counts as used.
"""

from __future__ import annotations

import os
from multiprocessing import spawn

os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"

_prepare = spawn.prepare


def _prepare_without_main(data: dict) -> None:
    _prepare({key: value for key, value in data.items() if not key.startswith("init_main_from")})


spawn.prepare = _prepare_without_main
