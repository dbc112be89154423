"""The server, not the browsers: processor seconds one overview visit costs the dashboard's process
(visits one at a time, by the light client of bench/visitors.py) against an empty Streamlit page
served the same way, and a provincial meeting's visits arriving together."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench import visitors

# The server's processor time is read once it stops rising: a run's clean-up follows its last message.
SETTLE_SECONDS = 0.05
SETTLE_LIMIT_SECONDS = 5.0


@dataclass
class CpuPerVisit:
    seconds: float  # the mean of the visits': the kernel counts processor time in 10 ms ticks
    visits: int
    errors: list[str]


def cpu_per_visit(pid: int, url: str, count: int) -> CpuPerVisit:
    """Processor seconds of the server process ``pid`` per visit to ``url``, over ``count`` visits
    one after another (a first visit, which builds what later ones reuse, is made and not counted)."""
    errors = visitors.one(url).errors
    before = _settled_cpu(pid)
    for _ in range(count):
        errors += visitors.one(url).errors
    return CpuPerVisit((_settled_cpu(pid) - before) / count, count, errors)


def cpu_seconds(pid: int) -> float:
    """The process's processor time so far (user and system), its parse workers' included."""
    import psutil

    process = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


def _settled_cpu(pid: int) -> float:
    deadline = time.monotonic() + SETTLE_LIMIT_SECONDS
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(SETTLE_SECONDS)  # sampling the process's counters until they stop moving
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now
    return last


@dataclass
class Together:
    until_last_finished: float  # seconds from the first request to the last script's end
    errors: list[str]
    unfinished: int


def together(url: str, count: int) -> Together:
    started = time.monotonic()
    visits = visitors.together(url, count)
    finished = [v.finished for v in visits if v.finished is not None]
    return Together(
        max(finished, default=float("inf")) - started,
        [error for v in visits for error in v.errors],
        count - len(finished),
    )
