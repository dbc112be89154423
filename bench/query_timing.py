"""Every query a page runs, found where the pages find them: the wrappers of ``ntm/cached.py`` and
each ``cached.wrap(module.function)`` in pages/ and ntm/; each timed uncached (the plain function,
as after a load publishes a new data version) and cached (through ``cached.wrap``, as on a rerun).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl.scope import Scope
from ntm import config

_WRAP = re.compile(r"cached\.wrap\((\w+)\.(\w+)\)")


@dataclass
class Query:
    name: str           # module.function
    function: Callable
    args: tuple


def discover() -> list[Callable]:
    """The query functions the pages call, each once, in a stable order."""
    from ntm import cached  # imports Streamlit: only when the benchmark runs

    found: dict[str, Callable] = {}
    for value in vars(cached).values():
        inner = getattr(value, "__wrapped__", None)
        if inner is not None and callable(inner) and not inner.__name__.startswith("_"):
            found[f"{inner.__module__}.{inner.__name__}"] = inner
    root = config.PROJECT_ROOT
    sources = [*sorted((root / "pages").glob("*.py")), *sorted((root / "ntm").glob("*.py"))]
    for source in sources:
        if source.name == "cached.py":  # its docstring shows the pattern
            continue
        for module_name, function_name in _WRAP.findall(source.read_text(encoding="utf-8")):
            function = getattr(_module(module_name), function_name)
            found[f"{function.__module__}.{function.__name__}"] = function
    return [found[name] for name in sorted(found)]


def _module(alias: str):
    for package in ("ntm", "etl"):
        try:
            return importlib.import_module(f"{package}.{alias}")
        except ModuleNotFoundError:
            continue
    raise LookupError(f"cached.wrap of an unknown module: {alias}")


@dataclass
class Arguments:
    """Representative arguments: the latest year, the whole province where a district may be
    omitted, the first district or xã where one is required."""

    first_year: int
    last_year: int
    district: str
    commune: str

    def for_function(self, function: Callable) -> tuple:
        values = {
            "year": self.last_year, "district": self.district, "commune": self.commune, "criterion": 5,
            "first_year": self.first_year, "base_year": self.first_year, "last_year": self.last_year,
            "window": str(self.last_year), "as_of": dt.date(self.last_year, 12, 31), "batch_id": 1,
            "dataset": "criteria", "scope": Scope.province(), "lang": "vi",
        }
        args = []
        for parameter in list(inspect.signature(function).parameters.values())[1:]:
            if parameter.default is not inspect.Parameter.empty:
                break  # optional arguments keep their defaults: the page's first view
            if parameter.name not in values:
                raise LookupError(f"no representative value for {function.__name__}({parameter.name})")
            args.append(values[parameter.name])
        return tuple(args)


def arguments(db: Path) -> Arguments:
    from ntm import queries

    years = queries.years(db)
    district = min(queries.districts(db))
    commune = min(queries.communes(db, district))
    return Arguments(min(years), max(years), district, commune)


def queries_of(db: Path) -> list[Query]:
    chosen = arguments(db)
    return [Query(f"{f.__module__.split('.')[-1]}.{f.__name__}", f, chosen.for_function(f)) for f in discover()]


def time_calls(call: Callable[[], object], count: int) -> list[float]:
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    return durations


def cached(db: Path, query: Query, count: int) -> list[float]:
    from ntm import cached as cache

    wrapped = cache.wrap(query.function)
    wrapped(db, *query.args)  # the first call fills the cache
    return time_calls(lambda: wrapped(db, *query.args), count)
