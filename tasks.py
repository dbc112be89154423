"""The project's commands, for a fresh machine with only Python 3.11+ and pip.

    python3 tasks.py dashboard   set up, build data/ntm.duckdb from the sample workbooks if missing, open the dashboard
                                 (restarted if its process dies; a crash loop stops it with a message)
    python3 tasks.py test        set up and run the whole test suite (lint included)
    python3 tasks.py test --fast the same without the browser, slow and process tests: the inner loop
    python3 tasks.py etl ...     set up, then the loader's command line, python -m etl ... (--help lists it)
    python3 tasks.py bench ...   set up with the test requirements, then the benchmark, python -m bench ...

Set-up is a virtual environment in .venv with the pinned requirements; it is redone only when
a requirements file changes. Once it is done, .venv/bin/python -m MODULE runs any module of the
project from this folder.
"""

from __future__ import annotations

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
CHROMIUM = "/usr/bin/chromium"


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
    db = Path(os.environ.get("NTM_DB", ROOT / "data" / "ntm.duckdb"))
    if not db.exists():
        print(f"Building {db} from the sample workbooks …", flush=True)
        samples = sorted(str(p) for p in (ROOT / "data" / "sample").glob("*.xlsx"))
        _run([str(PYTHON), "-m", "etl", "init", "--db", str(db)])
        _run([str(PYTHON), "-m", "etl", "load", *samples, "--db", str(db)], stdout=subprocess.DEVNULL)
    elif subprocess.run([str(PYTHON), "-c", OUTDATED, str(db)], cwd=ROOT).returncode:
        print(f"Updating {db} to this version's schema (its figures are kept) …", flush=True)
        _run([str(PYTHON), "-m", "etl", "init", "--db", str(db)])
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(
        supervise(
            [
                str(PYTHON),
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--browser.gatherUsageStats",
                "false",
                *extra,
            ]
        )
    )


# A dashboard that dies (killed for memory, a crash in native code) is started again; this many deaths
# within the window is a crash loop, which restarting would only hide.
MAX_DEATHS = 5
DEATH_WINDOW_SECONDS = 300.0


def supervise(command: list[str], max_deaths: int = MAX_DEATHS, window: float = DEATH_WINDOW_SECONDS) -> int:
    """Run ``command`` until it ends by itself (exit status 0, Ctrl-C, or this process told to stop),
    starting it again whenever it dies; the exit status: 0, or 1 after a crash loop."""
    deaths: list[float] = []
    while True:
        process = subprocess.Popen(command, cwd=ROOT)
        try:
            code = process.wait()
        except (KeyboardInterrupt, SystemExit):  # Ctrl-C reaches both processes; a SIGTERM only this one
            process.terminate()
            process.wait()
            return 0
        if code == 0:
            return 0
        now = time.monotonic()
        deaths = [moment for moment in deaths if now - moment < window] + [now]
        cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        if len(deaths) >= max_deaths:
            print(
                f"!! The dashboard stopped ({cause}), {len(deaths)} times in {window:.0f} s: a crash loop. "
                "Not starting it again; read the messages above.",
                file=sys.stderr,
                flush=True,
            )
            return 1
        print(
            f"!! The dashboard stopped ({cause}); starting it again (stop {len(deaths)} in {window:.0f} s; at "
            f"{max_deaths} it is not started again).",
            file=sys.stderr,
            flush=True,
        )


def _stop(signum, frame) -> None:
    """SIGTERM (a service manager stopping the dashboard): stop the dashboard too, then exit."""
    raise SystemExit(0)


def ensure_chromium() -> None:
    """Debian's Chromium for the browser tests, installed through apt when missing and possible.

    Never `playwright install`: it downloads a browser build, which this project must not need.
    Where it cannot be installed the browser tests report themselves skipped (failed under CI).
    """
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(
            f"!! {CHROMIUM} is missing and cannot be installed here (needs root and apt-get): "
            "the browser tests will be SKIPPED. Install Debian's chromium package to run them.",
            flush=True,
        )
        return
    print("Installing Debian's chromium for the browser tests …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)


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
    if FAST not in extra:  # the fast loop runs no browser
        ensure_chromium()
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


COMMANDS = {"dashboard": dashboard, "test": test, **{name: functools.partial(run_module, name) for name in MODULES}}

if __name__ == "__main__":
    if sys.argv[1:] in (["-h"], ["--help"]):
        print(__doc__)
        sys.exit(0)
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
