"""Every query a page runs, found where the pages find them: the wrappers of ``ui/cached.py`` and
each ``cached.wrap(module.function)`` or ``cached.share(module.function)`` in pages/ and ui/; each
timed uncached (the plain function, as after a load publishes a new data version) and cached
(through the wrapper the pages use, as on a rerun).

A wrapper written as a ``lambda``'s body is a download button's callable: it builds a file when the
button is clicked, not when the page is viewed. Such a function (found only there) is not one of the
page's queries; ``files_of`` lists it, to be measured as a file built on click.
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

_WRAP = re.compile(r"(lambda[^:\n]*:\s*)?cached\.(wrap|share)\((\w+)\.(\w+)\)")


@dataclass
class Query:
    name: str  # module.function
    function: Callable
    args: tuple


def discover() -> list[Callable]:
    """The query functions the pages call when viewed, each once, in a stable order."""
    from ui import cached  # imports Streamlit: only when the benchmark runs

    found: dict[str, Callable] = {}
    for value in vars(cached).values():
        inner = getattr(value, "__wrapped__", None)
        if inner is not None and callable(inner) and not inner.__name__.startswith("_"):
            found[f"{inner.__module__}.{inner.__name__}"] = inner
    for wrapper in _wrapped_in_sources():
        if not wrapper.on_click:
            found[_name(wrapper.function)] = wrapper.function
    return [found[name] for name in sorted(found)]


def discover_files() -> list[Callable]:
    """The functions the pages call only when a download button is clicked, each once."""
    viewed = {_name(function) for function in discover()}
    found = {_name(w.function): w.function for w in _wrapped_in_sources() if _name(w.function) not in viewed}
    return [found[name] for name in sorted(found)]


@dataclass(frozen=True)
class _Wrapper:
    kind: str  # "wrap" or "share"
    function: Callable
    on_click: bool  # written as a lambda's body: a download button's callable


def _wrapped_in_sources() -> list[_Wrapper]:
    """Each wrapper written in pages/ and ui/."""
    root = config.PROJECT_ROOT
    sources = [*sorted((root / "pages").glob("*.py")), *sorted((root / "ui").glob("*.py"))]
    return [
        _Wrapper(kind, getattr(_module(module_name), function_name), bool(in_lambda))
        for source in sources
        if source.name != "cached.py"  # its docstring shows the pattern
        for in_lambda, kind, module_name, function_name in _WRAP.findall(source.read_text(encoding="utf-8"))
    ]


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__name__}"


def _module(alias: str):
    for package in ("analytics", "presentation", "ui", "etl", "ntm"):
        try:
            return importlib.import_module(f"{package}.{alias}")
        except ModuleNotFoundError:
            continue
    raise LookupError(f"cached.wrap of an unknown module: {alias}")


@dataclass
class Arguments:
    """Representative arguments: the latest year, the whole province where a district may be
    omitted, the first district (of any year) or the latest year's first xã where one is required."""

    first_year: int
    last_year: int
    district: str
    commune: str

    def for_function(self, function: Callable) -> tuple:
        values = {
            "year": self.last_year,
            "district": self.district,
            "commune": self.commune,
            "criterion": 5,
            "first_year": self.first_year,
            "base_year": self.first_year,
            "last_year": self.last_year,
            "window": str(self.last_year),
            "as_of": dt.date(self.last_year, 12, 31),
            "batch_id": 1,
            "dataset": "criteria",
            "scope": Scope.province(),
            "counting": "decision_date",  # the overview's trend counted by decision date: the costlier way
            "lang": "vi",
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
    from analytics import communes, districts, overview

    years = overview.years(db)
    # The latest year's xã (its units may have no district: the rearrangement of 1/7/2025).
    return Arguments(min(years), max(years), min(districts.districts(db)), min(communes.communes(db)))


def queries_of(db: Path) -> list[Query]:
    return _calls(db, discover())


def files_of(db: Path) -> list[Query]:
    """The files built on click (``discover_files``), with representative arguments."""
    return _calls(db, discover_files())


def _calls(db: Path, functions: list[Callable]) -> list[Query]:
    chosen = arguments(db)
    return [Query(f"{f.__module__.split('.')[-1]}.{f.__name__}", f, chosen.for_function(f)) for f in functions]


def time_calls(call: Callable[[], object], count: int) -> list[float]:
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    return durations


def cached(db: Path, query: Query, count: int) -> list[float]:
    from ui import cached as cache

    # The wrapper the pages call: ui/cached.py's own when it has one, else the one the page writes.
    wrapped = next(
        (value for value in vars(cache).values() if getattr(value, "__wrapped__", None) is query.function), None
    )
    if wrapped is None:
        shared = any(w.kind == "share" and w.function is query.function for w in _wrapped_in_sources())
        wrapped = (cache.share if shared else cache.wrap)(query.function)
    wrapped(db, *query.args)  # the first call fills the cache
    return time_calls(lambda: wrapped(db, *query.args), count)
