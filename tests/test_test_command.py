"""``python3 tasks.py test`` lints, checks the formatting and runs every test; ``--fast`` does the
same but leaves out the tests marked browser, slow or process (pyproject.toml declares the markers).
Read from tasks.py's list of commands, never by running it: the suite would run itself."""

from __future__ import annotations

import re
import tomllib

import tasks
from ntm import config

LINTERS = [["ruff", "check", "."], ["ruff", "format", "--check", "."]]


def _declared_markers() -> set[str]:
    tools = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    return {re.match(r"\w+", line).group() for line in tools["pytest"]["ini_options"]["markers"]}


def test_the_test_command_lints_checks_the_formatting_then_runs_every_test_with_the_arguments_given():
    commands = tasks.test_commands(["-x", "tests/test_cli.py"])
    assert all(command[:2] == [str(tasks.PYTHON), "-m"] for command in commands)
    assert [command[2:] for command in commands] == [*LINTERS, ["pytest", "-x", "tests/test_cli.py"]]


def test_the_fast_loop_lints_and_checks_the_formatting_too_and_leaves_out_browser_slow_and_process_tests():
    *linters, pytest = tasks.test_commands([tasks.FAST, "-k", "rollback"])
    assert [linter[2:] for linter in linters] == LINTERS
    assert pytest[2:] == ["pytest", "-m", "not browser and not slow and not process", "-k", "rollback"]


def test_the_markers_the_fast_loop_leaves_out_are_declared_and_each_is_given_to_some_test():
    left_out = set(re.findall(r"not (\w+)", tasks.FAST_SELECTION))
    assert left_out == {"browser", "slow", "process"}
    assert left_out <= _declared_markers()  # pytest runs with --strict-markers: a typo fails
    marked = "\n".join(path.read_text(encoding="utf-8") for path in (config.PROJECT_ROOT / "tests").glob("test_*.py"))
    assert {marker for marker in left_out if f"pytest.mark.{marker}" not in marked} == set()
