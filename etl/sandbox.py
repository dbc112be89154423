"""Reading untrusted files where a crash cannot hurt anyone: in a worker process, under limits.

A 2.5 KB workbook can make python-calamine ask for 512 GB, and the process then aborts (SIGABRT
from native code, which Python cannot catch); other files can keep a reader busy for minutes. So
every uploaded or loaded file is read in a worker process with a memory limit (RLIMIT_DATA), a
processor-time limit (RLIMIT_CPU) and a wall-clock timeout (``ntm.config.parse_limits``). When a
worker dies or is killed the caller gets ``Unsafe``, naming the limit, and carries on.

Workers are started by multiprocessing's fork server, which has the reading modules imported:
never forked from the dashboard itself (it runs threads), and without paying for a new Python and
pandas per file. A worker then reads file after file with its caches warm, and is replaced when it
dies, has grown past half its memory limit, or has been idle for ``IDLE_SECONDS``.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from ntm import config

# Imported once by the fork server, so that each worker starts with them loaded (and without the
# caller's main script: etl/sandbox_preload.py). The fork server is this module's alone.
PRELOAD = ["etl.sandbox_preload", "etl.load", "etl.highlight"]
IDLE_SECONDS = 600.0
# A worker idle longer than this is not given another file: it may be about to exit on its own.
REUSE_SECONDS = IDLE_SECONDS / 2
# How long a worker whose pipe broke is given to finish dying, so that its own exit code is read.
EXIT_WAIT_SECONDS = 5.0
# The exit code of a worker that ran out of memory outside the call it was running.
OUT_OF_MEMORY_EXIT = 75
# The caller's settings (NTM_MAX_UPLOAD_MB …) travel with each file: the fork server's environment
# is the one it started with.
SETTINGS_PREFIX = "NTM_"

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)


class Unsafe(Exception):
    """The file could not be read within the limits. ``key`` is the message (etl.<key>), ``params`` its values."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


class WorkerError(Exception):
    """The traceback of an exception raised in the worker, chained to the one raised again here."""


def run(function: Callable[..., Any], *args: object, **kwargs: object) -> Any:
    """``function(*args, **kwargs)`` in a worker, within the configured limits; its exceptions are
    raised again here. ``function`` and its arguments must be picklable (a module-level function)."""
    return _pool.run(config.parse_limits(), (function, args, kwargs))


def warm() -> None:
    """Have a worker ready, started in the background: the first file then does not wait for the fork
    server to start (about a second, more on a busy machine)."""
    threading.Thread(target=_pool.warm, args=(config.parse_limits(),), daemon=True, name="ntm-reader-warm").start()


# --- the worker -------------------------------------------------------------------------------------


def _serve(connection: Connection, memory_bytes: int) -> None:
    """The worker's loop: one call after another until the caller closes the pipe or none comes."""
    _set_limit(resource.RLIMIT_CORE, 0)  # a core file of up to the memory limit per crash helps nobody
    _set_limit(resource.RLIMIT_DATA, memory_bytes)
    try:
        while connection.poll(IDLE_SECONDS):
            try:
                (function, args, kwargs), cpu_seconds, settings = connection.recv()
            except EOFError:  # the caller has gone
                return
            _apply(settings)
            _set_limit(resource.RLIMIT_CPU, math.ceil(_cpu_used() + cpu_seconds))
            try:
                reply = ("done", function(*args, **kwargs))
            except BaseException as exc:  # pyo3's PanicException is a BaseException
                if _out_of_memory(exc):
                    reply = ("memory", None)
                elif isinstance(exc, Exception):  # a bug, not the file: the caller raises it again
                    reply = ("failed", (exc, traceback.format_exc()))
                else:  # a panic in native code (or an exit): the worker ends, the caller says the file crashed it
                    raise
            try:
                connection.send((*reply, _resident_bytes()))
            except MemoryError:
                connection.send(("memory", None, _resident_bytes()))
            except Exception as exc:  # a result or an exception that does not pickle
                connection.send(("failed", (RuntimeError(repr(exc)), traceback.format_exc()), _resident_bytes()))
    except MemoryError:  # not even the reply could be made
        os._exit(OUT_OF_MEMORY_EXIT)


def _out_of_memory(exc: BaseException | None) -> bool:
    """A MemoryError, or an exception raised while handling one."""
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _apply(settings: dict[str, str]) -> None:
    for name in [name for name in os.environ if name.startswith(SETTINGS_PREFIX)]:
        del os.environ[name]
    os.environ.update(settings)


def _set_limit(kind: int, value: int) -> None:
    """Set a limit's soft value (never above its hard one, which only root may raise)."""
    _, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# --- the caller's side ------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    memory_mb: int
    idle_since: float = field(default_factory=time.monotonic)

    def retire(self) -> None:
        """Closing its pipe ends an idle worker's loop; the fork server collects it."""
        self.connection.close()

    def end(self) -> int | None:
        """Kill the worker (if it has not died already) and give its exit code."""
        self.connection.close()
        self.process.join(timeout=EXIT_WAIT_SECONDS)  # a dying worker: its own end, not our kill
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        return self.process.exitcode


class _Pool:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._slots: dict[int, threading.Semaphore] = {}
        self._warming = False  # a worker is being started ahead (page reruns do not start more)

    def run(self, limits: config.ParseLimits, call: tuple) -> Any:
        with self._slot(limits.workers):
            worker = self._take(limits.memory_mb)
            kind, value, resident = self._call(worker, limits, call)
            if kind == "memory" or resident > limits.memory_mb * 1024 * 1024 / 2:
                worker.retire()  # what it freed may not go back to the system: start afresh
            else:
                worker.idle_since = time.monotonic()
                with self._lock:
                    self._idle.append(worker)
        if kind == "memory":
            raise Unsafe("file_unsafe_memory", limit_mb=limits.memory_mb)
        if kind == "failed":
            exc, remote = value
            raise exc from WorkerError(remote)
        return value

    def warm(self, limits: config.ParseLimits) -> None:
        with self._lock:
            if self._warming or any(worker.memory_mb == limits.memory_mb for worker in self._idle):
                return
            self._warming = True
        try:
            worker = self._take(limits.memory_mb)
            with self._lock:
                self._idle.append(worker)
        finally:
            self._warming = False

    @contextlib.contextmanager
    def _slot(self, workers: int) -> Iterator[None]:
        with self._lock:
            slots = self._slots.setdefault(max(workers, 1), threading.Semaphore(max(workers, 1)))
        with slots:
            yield

    def _take(self, memory_mb: int) -> _Worker:
        """An idle worker with this memory limit, or a new one; workers idle too long are stopped."""
        now = time.monotonic()
        with self._lock:
            found = None
            for worker in list(self._idle):
                if now - worker.idle_since > REUSE_SECONDS or not worker.process.is_alive():
                    self._idle.remove(worker)
                    worker.retire()
                elif found is None and worker.memory_mb == memory_mb:
                    self._idle.remove(worker)
                    found = worker
            if found:
                return found
            # Started one at a time: the fork server is started by the first one.
            ours, theirs = _context.Pipe()
            process = _context.Process(
                target=_serve, args=(theirs, memory_mb * 1024 * 1024), daemon=True, name="ntm-file-reader"
            )
            process.start()
            theirs.close()
            return _Worker(process, ours, memory_mb)

    def _call(self, worker: _Worker, limits: config.ParseLimits, call: tuple) -> tuple[str, Any, int]:
        """The worker's reply, or ``Unsafe`` (the worker ended) when it died or ran out of time."""
        settings = {name: value for name, value in os.environ.items() if name.startswith(SETTINGS_PREFIX)}
        try:
            worker.connection.send((call, limits.cpu_seconds, settings))
            if worker.connection.poll(limits.wall_seconds):
                return worker.connection.recv()
        except (EOFError, OSError):  # it died
            raise _death(worker.end(), limits) from None
        except BaseException:  # interrupted while waiting (Ctrl-C, a session stopped): leave no worker behind
            worker.process.kill()
            worker.end()
            raise
        worker.process.kill()
        worker.end()
        raise Unsafe("file_unsafe_time", seconds=_number(limits.wall_seconds))


def _death(exitcode: int | None, limits: config.ParseLimits) -> Unsafe:
    """What a worker's end says: SIGXCPU is the processor-time limit; SIGABRT is how native code
    (calamine) ends when an allocation fails under the memory limit; anything else, a crash."""
    if exitcode == -signal.SIGXCPU:
        return Unsafe("file_unsafe_time", seconds=limits.cpu_seconds)
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL, OUT_OF_MEMORY_EXIT):  # SIGKILL: the kernel's OOM killer
        return Unsafe("file_unsafe_memory", limit_mb=limits.memory_mb)
    return Unsafe("file_unsafe_crash", code=exitcode)


def _number(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else seconds


_pool = _Pool()
