"""The project's commands, for a fresh machine with only Python 3.11+ and pip.

    python3 tasks.py dashboard   set up, build data/ntm.duckdb from the sample workbooks if missing, open the dashboard
                                 (restarted if its process dies; a crash loop stops it with a message)
    python3 tasks.py serve       the same with several dashboard processes on consecutive ports, for a reverse
                                 proxy to balance (--processes N, --port FIRST; see docs/deploying.md)
    python3 tasks.py test        set up and run the whole test suite (lint included)
    python3 tasks.py test --fast the same without the browser, slow and process tests: the inner loop
    python3 tasks.py etl ...     set up, then the loader's command line, python -m etl ... (--help lists it)
    python3 tasks.py bench ...   set up with the test requirements, then the benchmark, python -m bench ...

Set-up is a virtual environment in .venv with the pinned requirements; it is redone only when
a requirements file changes. Once it is done, .venv/bin/python -m MODULE runs any module of the
project from this folder.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
# Debian packages the tests need, by the file each installs: Chromium for the browser tests, nginx
# (with Brotli) for the reverse proxy's test. Never `playwright install`, which downloads a browser.
DEBIAN_PACKAGES = {
    "/usr/bin/chromium": ("chromium",),
    "/usr/sbin/nginx": ("nginx",),
    "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so": ("libnginx-mod-http-brotli-filter",),
}
APP = ROOT / "app.py"
FIRST_PORT = 8501
# Streamlit's settings for serving visitors (``serve``, the deploy recipe), none of which a visitor
# notices: no watching the source files for changes, no full garbage collection after every script
# run (Python's own collector still runs). The benchmark serves with these too (bench/serving.py).
SERVING_OPTIONS = [
    "--server.headless",
    "true",
    "--server.fileWatcherType",
    "none",
    "--server.runOnSave",
    "false",
    "--runner.postScriptGC",
    "false",
]


def setup(requirements: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by an older python3
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{requirements}"
    wanted = _requirements_hash(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Installing {requirements} …", flush=True)
    _run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(ROOT / requirements)])
    stamp.write_text(wanted)


def _requirements_hash(requirements: str) -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


# Exit status 1 when the database was made by an older version (ntm.schema.outdated).
OUTDATED = (
    "import sys; from pathlib import Path; from etl import warehouse; from ntm import schema; "
    "sys.exit(schema.outdated(warehouse.read_only(Path(sys.argv[1]))))"
)


def dashboard(extra: list[str]) -> None:
    setup("requirements.txt")
    prepare_database()
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(supervise(streamlit(extra)))


def serve(extra: list[str]) -> None:
    """Several dashboard processes, each on its own port (``--port``, the next ones), for a reverse
    proxy to balance (deploy/nginx); the other options go to Streamlit."""
    parser = argparse.ArgumentParser(prog="python3 tasks.py serve", description=serve.__doc__)
    parser.add_argument("--processes", type=int, default=2, help="how many dashboard processes (default 2)")
    parser.add_argument("--port", type=int, default=FIRST_PORT, help=f"the first one's port (default {FIRST_PORT})")
    parser.add_argument("--address", default="127.0.0.1", help="where they listen (default 127.0.0.1: the proxy's)")
    options, streamlit_options = parser.parse_known_args(extra)
    if options.processes < 1:
        parser.error("--processes must be 1 or more")
    setup("requirements.txt")
    prepare_database()
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(
        supervise(
            *(
                streamlit(
                    [
                        "--server.port",
                        str(options.port + n),
                        "--server.address",
                        options.address,
                        *SERVING_OPTIONS,
                        *streamlit_options,
                    ]
                )
                for n in range(options.processes)
            )
        )
    )


def prepare_database() -> None:
    """The database the dashboard reads: built from the sample workbooks when missing, brought up to
    this version's schema when made by an older one."""
    db = Path(os.environ.get("NTM_DB", ROOT / "data" / "ntm.duckdb"))
    if not db.exists():
        print(f"Building {db} from the sample workbooks …", flush=True)
        samples = sorted(str(p) for p in (ROOT / "data" / "sample").glob("*.xlsx"))
        _run([str(PYTHON), "-m", "etl", "init", "--db", str(db)])
        _run([str(PYTHON), "-m", "etl", "load", *samples, "--db", str(db)], stdout=subprocess.DEVNULL)
    elif subprocess.run([str(PYTHON), "-c", OUTDATED, str(db)], cwd=ROOT).returncode:
        print(f"Updating {db} to this version's schema (its figures are kept) …", flush=True)
        _run([str(PYTHON), "-m", "etl", "init", "--db", str(db)])


def streamlit(extra: list[str]) -> list[str]:
    """The command of one dashboard process: Streamlit serving app.py (the pages and web/'s routes)."""
    return [str(PYTHON), "-m", "streamlit", "run", str(APP), "--browser.gatherUsageStats", "false", *extra]


# A dashboard that dies (killed for memory, a crash in native code) is started again; this many deaths
# within the window is a crash loop, which restarting would only hide.
MAX_DEATHS = 5
DEATH_WINDOW_SECONDS = 300.0


def supervise(*commands: list[str], max_deaths: int = MAX_DEATHS, window: float = DEATH_WINDOW_SECONDS) -> int:
    """Run each command until it ends by itself (exit status 0), starting it again whenever it dies;
    Ctrl-C or this process told to stop ends them all. The exit status: 0, or 1 after a crash loop
    (``max_deaths`` deaths of one command within ``window`` seconds), which stops the others too."""
    running = {}
    deaths: dict[int, list[float]] = {n: [] for n in range(len(commands))}
    try:
        for n, command in enumerate(commands):
            process = subprocess.Popen(command, cwd=ROOT)
            running[process.pid] = (n, process)
        while running:
            pid, status = os.wait()
            n, _ = running.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            if code == 0:
                continue
            now = time.monotonic()
            deaths[n] = [moment for moment in deaths[n] if now - moment < window] + [now]
            cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
            which = f"The dashboard (process {n + 1} of {len(commands)})" if len(commands) > 1 else "The dashboard"
            if len(deaths[n]) >= max_deaths:
                print(
                    f"!! {which} stopped ({cause}), {len(deaths[n])} times in {window:.0f} s: a crash loop. "
                    "Not starting it again; read the messages above.",
                    file=sys.stderr,
                    flush=True,
                )
                return 1
            print(
                f"!! {which} stopped ({cause}); starting it again (stop {len(deaths[n])} in {window:.0f} s; at "
                f"{max_deaths} it is not started again).",
                file=sys.stderr,
                flush=True,
            )
            process = subprocess.Popen(commands[n], cwd=ROOT)
            running[process.pid] = (n, process)
        return 0
    except (KeyboardInterrupt, SystemExit):  # Ctrl-C reaches every process; a SIGTERM only this one
        return 0
    finally:
        for _, process in running.values():
            process.terminate()
        for _, process in running.values():
            process.wait()


def _stop(signum, frame) -> None:
    """SIGTERM (a service manager stopping the dashboard): stop the dashboard too, then exit."""
    raise SystemExit(0)


def ensure_debian_packages() -> None:
    """The Debian packages of DEBIAN_PACKAGES that are missing, installed through apt when possible.
    Where they cannot be, the tests that need them report themselves skipped (failed under CI)."""
    missing = [package for path, packages in DEBIAN_PACKAGES.items() if not Path(path).exists() for package in packages]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(
            f"!! {', '.join(missing)} missing and cannot be installed here (needs root and apt-get): the "
            "browser and proxy tests will be SKIPPED. Install these Debian packages to run them.",
            flush=True,
        )
        return
    print(f"Installing Debian's {', '.join(missing)} for the browser and proxy tests …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, env=env)


# ``test --fast`` leaves out the tests marked so (pyproject.toml declares the markers).
FAST = "--fast"
FAST_SELECTION = "not browser and not slow and not process"
LINTERS = [["ruff", "check", "."], ["ruff", "format", "--check", "."]]


def test_commands(extra: list[str]) -> list[list[str]]:
    """What ``test [--fast] [pytest's arguments]`` runs, in order: the linters, then pytest."""
    selection = ["-m", FAST_SELECTION] if FAST in extra else []
    arguments = [word for word in extra if word != FAST]
    linters = [[str(PYTHON), "-m", *linter] for linter in LINTERS]
    return [*linters, [str(PYTHON), "-m", "pytest", *selection, *arguments]]


def test(extra: list[str]) -> None:
    setup("requirements-dev.txt")
    if FAST not in extra:  # the fast loop runs no browser and no proxy
        ensure_debian_packages()
    for command in test_commands(extra):
        _run(command)


# Commands that hand their arguments to a module of the project: the requirements each needs.
MODULES = {"etl": "requirements.txt", "bench": "requirements-dev.txt"}


def module_command(module: str, extra: list[str]) -> tuple[list[str], dict[str, str]]:
    """``python -m MODULE ...`` in .venv, and its environment: the project importable from any folder."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return [str(PYTHON), "-m", module, *extra], {**os.environ, "PYTHONPATH": path}


def run_module(module: str, extra: list[str]) -> None:
    setup(MODULES[module])
    command, environment = module_command(module, extra)
    os.execve(command[0], command, environment)


COMMANDS = {
    "dashboard": dashboard,
    "serve": serve,
    "test": test,
    **{name: functools.partial(run_module, name) for name in MODULES},
}

if __name__ == "__main__":
    if sys.argv[1:] in (["-h"], ["--help"]):
        print(__doc__)
        sys.exit(0)
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
