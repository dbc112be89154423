"""``python -m etl …`` run in this process, as scripts see it: the exit code, standard output and
standard error. A real process costs a second of start-up; the tests whose point is one (a kill,
a disk fault, the entry point itself) start one and are marked ``process``."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from etl import cli


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def etl(*args: str, db: Path | None = None, stdin: str = "") -> Ran:
    """``python -m etl *args [--db db]`` with ``stdin`` as its input (not a terminal). What the
    command changes in the process — the environment, the working folder — is put back, so that
    nothing carries over to the next call or test."""
    out, err = io.StringIO(), io.StringIO()
    environment, folder = dict(os.environ), os.getcwd()
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            mock.patch.object(sys, "stdin", io.StringIO(stdin)),
        ):
            code = cli.main([*args, *(["--db", str(db)] if db else [])])
    except SystemExit as exit_:  # argparse's usage errors and --help
        code = int(exit_.code or 0)
    finally:
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(folder)
    return Ran(code, out.getvalue(), err.getvalue())
