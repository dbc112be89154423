"""``python3 tasks.py dashboard`` (and ``serve``, with several) keeps the dashboard running: a process
that dies is started again, one that stops by itself is not, and a crash loop ends with a message
instead of restarting forever."""

from __future__ import annotations

import sys

import pytest

import tasks

pytestmark = pytest.mark.process


def _command(tmp_path, deaths: int) -> list[str]:
    """A process that kills itself (SIGKILL, as the kernel does when memory runs out) on its first
    ``deaths`` starts, then exits normally."""
    counter = tmp_path / "starts"
    counter.write_text("0")
    script = (
        f"import os, signal, pathlib; c = pathlib.Path({str(counter)!r}); n = int(c.read_text()) + 1; "
        f"c.write_text(str(n)); n <= {deaths} and os.kill(os.getpid(), signal.SIGKILL)"
    )
    return [sys.executable, "-c", script]


def test_a_dashboard_that_dies_is_started_again_and_a_clean_exit_ends_the_watch(tmp_path, capsys):
    assert tasks.supervise(_command(tmp_path, deaths=2), max_deaths=5) == 0
    assert (tmp_path / "starts").read_text() == "3"
    assert capsys.readouterr().err.count("stopped (signal SIGKILL); starting it again") == 2


def test_a_crash_loop_is_reported_and_not_restarted_forever(tmp_path, capsys):
    assert tasks.supervise(_command(tmp_path, deaths=100), max_deaths=3, window=60) == 1
    assert (tmp_path / "starts").read_text() == "3"
    assert "3 times in 60 s: a crash loop" in capsys.readouterr().err


def test_several_dashboards_are_watched_each_on_its_own_and_a_crash_loop_stops_them_all(tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert tasks.supervise(_command(first, deaths=2), _command(second, deaths=0), max_deaths=5) == 0
    assert ((first / "starts").read_text(), (second / "starts").read_text()) == ("3", "1")
    assert capsys.readouterr().err.count("(process 1 of 2) stopped (signal SIGKILL); starting it again") == 2

    forever = [sys.executable, "-c", "import time; time.sleep(600)"]  # ended when the other crash-loops
    assert tasks.supervise(forever, _command(second, deaths=100), max_deaths=3, window=60) == 1
    assert "(process 2 of 2) stopped (signal SIGKILL), 3 times in 60 s: a crash loop" in capsys.readouterr().err
