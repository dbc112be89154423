"""The README and docs/ work as written: every command in them runs in the project's environment and
names subcommands and options that exist (each distinct command's ``--help`` is run), every relative
link and anchor resolves, and the layer diagram is the one pyproject.toml declares.

Commands are read from the ```bash blocks and from inline code that starts like a command
(``python3 tasks.py …``, ``.venv/bin/…``, ``python -m …``). In a command, ``[ ]`` marks what is
optional, a word in capitals (``FILE``, ``NAME``, ``FILE...``) is a placeholder and ``…`` stands for
more arguments; ``VAR=value`` before a command and anything after a shell operator (``>``) belong to
the shell.
"""

from __future__ import annotations

import contextlib
import io
import re
import runpy
import shlex
import subprocess
import sys
import tomllib
import traceback
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pytest
from markdown_it import MarkdownIt

import tasks
from ntm import config

ROOT = config.PROJECT_ROOT
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_BLOCKS = {"bash", "sh", "shell", "console"}
COMMAND_STARTS = ("python3 tasks.py", "python tasks.py", ".venv/bin/", "python -m", "python3 -m")
SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "&", "2>", "2>&1"}
PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9_]*(\.\.\.|…)?")
ENVIRONMENT_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*")
# What tasks.py hands its extra arguments to, besides the modules it names in tasks.MODULES (serve reads
# its own options first: its --help lists them), and the options a command takes itself rather than
# hand on.
HANDED_TO = {"dashboard": ("streamlit", ("run",)), "serve": ("tasks.py", ("serve",)), "test": ("pytest", ())}
OWN_OPTIONS = {"test": (tasks.FAST,)}
PROJECT_PACKAGES = {path.parent.name for path in ROOT.glob("*/__init__.py")}
README_LIMIT = 20 * 1024


def _markdown(text: str):
    return MarkdownIt("commonmark").enable("table").parse(text)


# Commands ---------------------------------------------------------------------------------------


def documented_commands(text: str) -> list[list[str]]:
    """The commands a document shows, each as its words, in order."""
    commands = []
    for token in _markdown(text):
        if token.type == "fence" and token.info.strip() in SHELL_BLOCKS:
            for line in token.content.replace("\\\n", " ").splitlines():
                if words := shlex.split(line, comments=True):
                    commands.append(words)
        elif token.type == "inline":
            spans = [child.content for child in token.children or [] if child.type == "code_inline"]
            commands += [shlex.split(span) for span in spans if span.startswith(COMMAND_STARTS)]
    return commands


@dataclass(frozen=True)
class Invocation:
    """A documented command as the process it starts: ``python -m module *fixed *arguments``."""

    module: str
    fixed: tuple[str, ...]
    arguments: tuple[str, ...]


def invocation(words: list[str]) -> Invocation | str | None:
    """What a documented command runs; a sentence when it cannot work as written; None when it is not
    one of the project's commands (``sqlite3 …``)."""
    while words and ENVIRONMENT_ASSIGNMENT.fullmatch(words[0]):
        words = words[1:]
    operator = next((i for i, word in enumerate(words) if word in SHELL_OPERATORS), len(words))
    words = words[:operator]
    if len(words) >= 2 and words[0] in ("python3", "python") and words[1] == "tasks.py":
        return _tasks_invocation(words[2:])
    if len(words) >= 2 and words[0] in ("python3", "python") and words[1] == "-m":
        return f"{shlex.join(words)}: runs outside the project's environment (use python3 tasks.py or .venv/bin/python)"
    if len(words) >= 3 and words[0] == ".venv/bin/python" and words[1] == "-m":
        return None if PLACEHOLDER.fullmatch(words[2]) else Invocation(words[2], (), tuple(words[3:]))
    return None


def _tasks_invocation(arguments: list[str]) -> Invocation | str:
    if not arguments or arguments == ["--help"]:
        return Invocation("tasks.py", (), ())
    command, rest = arguments[0], tuple(arguments[1:])
    if command not in tasks.COMMANDS:
        return f"python3 tasks.py {command}: tasks.py has no such command (it has {', '.join(tasks.COMMANDS)})"
    if command in tasks.MODULES:
        return Invocation(command, (), rest)
    module, fixed = HANDED_TO[command]
    return Invocation(module, fixed, tuple(word for word in rest if word not in OWN_OPTIONS.get(command, ())))


def help_levels(arguments: tuple[str, ...]) -> dict[tuple[str, ...], list[str]]:
    """The words that name what runs (subcommands and literal arguments), each prefix of them with the
    options written at that point. An option's value and placeholders name nothing."""
    levels: dict[tuple[str, ...], list[str]] = {(): []}
    path: list[str] = []
    after_option = False
    for raw in arguments:
        word = raw.strip("[]")
        if word.startswith("-"):
            levels.setdefault(tuple(path), []).append(word.split("=")[0])
            after_option = True
        elif word and word not in ("…", "...") and not after_option and not PLACEHOLDER.fullmatch(word):
            path.append(word)
            levels.setdefault(tuple(path), [])
        else:
            after_option = False
    return levels


def problems_of(words: list[str]) -> list[str]:
    """Why a documented command would not work as written (nothing when it would)."""
    found = invocation(words)
    if found is None:
        return []
    if isinstance(found, str):
        return [found]
    problems = []
    levels = help_levels(found.arguments)
    deepest = max(levels, key=len)
    for path, options in levels.items():
        if options or path == deepest:
            argv = (*found.fixed, *path, "--help")
            code, output = run_help(found.module, argv)
            shown = f"{found.module} {shlex.join(argv)}"
            if code != 0 or "Traceback (most recent call last)" in output:
                problems.append(f"{shown} exited {code}:\n{output[-2000:]}")
                continue
            problems += [
                f"{shown} does not list {option}"
                for option in options
                if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", output)
            ]
    problems += [
        f"{word}: no such file in the project"
        for word in deepest
        if "/" in word and not word.startswith("/") and not list(ROOT.glob(word))
    ]
    return problems


@cache
def run_help(module: str, argv: tuple[str, ...]) -> tuple[int, str]:
    """The exit code and output of ``python -m module *argv``: in this process for the project's own
    modules, in a subprocess for tasks.py (which runs outside any venv) and other programs."""
    if module == "tasks.py":
        done = subprocess.run(
            [sys.executable, str(ROOT / "tasks.py"), *argv], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        return done.returncode, done.stdout + done.stderr
    if module.split(".")[0] in PROJECT_PACKAGES:
        return _run_in_process(module, argv)
    done = subprocess.run([sys.executable, "-m", module, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def _run_in_process(module: str, argv: tuple[str, ...]) -> tuple[int, str]:
    output = io.StringIO()
    code: int | str | None = 0
    with (
        mock.patch.object(sys, "argv", [module, *argv]),
        contextlib.redirect_stdout(output),
        contextlib.redirect_stderr(output),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", RuntimeWarning)  # runpy: the module was imported before, as tests do
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as exit_:
            code = exit_.code
        except Exception:
            return 1, output.getvalue() + traceback.format_exc()
    if isinstance(code, str):  # sys.exit("message")
        return 1, output.getvalue() + code
    return code or 0, output.getvalue()


def _all_commands() -> dict[str, list[str]]:
    """Each distinct documented command (its words joined) -> the documents that show it."""
    where: dict[str, list[str]] = {}
    for document in DOCUMENTS:
        for words in documented_commands(document.read_text(encoding="utf-8")):
            where.setdefault(shlex.join(words), []).append(document.name)
    return where


COMMANDS = _all_commands()


def test_the_readme_shows_the_two_commands_loading_and_the_first_admin_and_ci_runs_its_test_command():
    shown = [shlex.join(words) for words in documented_commands((ROOT / "README.md").read_text(encoding="utf-8"))]
    for start in (
        "python3 tasks.py dashboard",
        "python3 tasks.py test",
        "python3 tasks.py etl load",
        "python3 tasks.py etl users add",
    ):
        assert any(command.startswith(start) for command in shown), start
    assert any("--role admin" in command for command in shown)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == "exec python3 tasks.py test"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_documented_command_runs_in_the_projects_environment_and_its_help_lists_what_it_uses(command):
    assert problems_of(shlex.split(command)) == [], f"documented in {', '.join(sorted(set(COMMANDS[command])))}"


def test_every_command_of_tasks_py_is_known_to_this_test():
    assert set(tasks.COMMANDS) == set(tasks.MODULES) | set(HANDED_TO)


@pytest.mark.parametrize(
    "command, complaint",
    [
        ("python3 tasks.py etl users frobnicate", "invalid choice: 'frobnicate'"),
        ("python3 tasks.py etl load FILE --no-such-option", "does not list --no-such-option"),
        ("python3 tasks.py deploy --now", "tasks.py has no such command"),
        ("python -m etl init", "runs outside the project's environment"),
        (".venv/bin/python -m bench.compare --frobnicate", "does not list --frobnicate"),
        ("python3 tasks.py test tests/test_no_such_file.py", "no such file in the project"),
    ],
)
def test_a_command_that_would_not_work_as_written_is_reported(command, complaint):
    assert complaint in "\n".join(problems_of(shlex.split(command)))


@pytest.mark.process
def test_the_pass_throughs_run_the_module_in_the_venv_from_any_folder(tmp_path):
    """What ``python3 tasks.py etl --help`` runs once set-up is done: a real process, away from the
    project's folder, where the system's Python alone would not find the module."""
    command, environment = tasks.module_command("etl", ["--help"])
    done = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "usage: python -m etl" in done.stdout


def test_bench_compare_explains_itself_and_names_a_missing_file_without_a_traceback(tmp_path):
    assert run_help("bench.compare", ("--help",))[0] == 0
    code, output = _run_in_process("bench.compare", (str(tmp_path / "run1.md"), str(tmp_path / "run2.md")))
    assert code == 2
    assert "cannot read" in output and "run1.md" in output
    assert "Traceback" not in output


# Links ------------------------------------------------------------------------------------------


def anchors(text: str) -> set[str]:
    """The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as
    hyphens, a repeated heading numbered."""
    seen: Counter[str] = Counter()
    found = set()
    tokens = _markdown(text)
    for heading, inline in pairwise(tokens):
        if heading.type != "heading_open":
            continue
        words = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        slug = "".join(
            ch for ch in words.lower() if ch.isalnum() or ch in " -_" or unicodedata.category(ch).startswith("M")
        ).replace(" ", "-")
        found.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
        seen[slug] += 1
    return found


def link_problems(document: Path, text: str) -> list[str]:
    """Each relative link or image of a document that points at no file, or at no heading of it."""
    problems = []
    for token in _markdown(text):
        for child in token.children or []:
            target = child.attrs.get("href") if child.type == "link_open" else child.attrs.get("src")
            if not target or re.match(r"[a-z][a-z0-9+.-]*:", str(target)):
                continue
            path, _, anchor = str(target).partition("#")
            file = (document.parent / path).resolve() if path else document
            if not file.exists():
                problems.append(f"{document.name}: {target} points at no file")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
                problems.append(f"{document.name}: {target} points at no heading of {file.name}")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_relative_link_in_the_readme_and_docs_resolves(document):
    assert link_problems(document, document.read_text(encoding="utf-8")) == []


def test_a_link_to_a_missing_file_or_heading_is_reported():
    text = "[gone](docs/gone.md), [there](docs/datasets.md#backup-and-restore), [not](docs/datasets.md#nowhere)"
    assert link_problems(ROOT / "README.md", text) == [
        "README.md: docs/gone.md points at no file",
        "README.md: docs/datasets.md#nowhere points at no heading of datasets.md",
    ]


def test_the_readme_is_a_landing_page_that_links_every_topic_in_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < README_LIMIT
    linked = {
        str(child.attrs["href"])
        for token in _markdown(readme)
        for child in token.children or []
        if child.type == "link_open"
    }
    assert {f"docs/{path.name}" for path in DOCUMENTS[1:]} <= linked


# The layer diagram ------------------------------------------------------------------------------


def diagram_layer_problems(layers: list[str], diagram: str) -> list[str]:
    """Where the diagram's bands (top to bottom, split by lines of ─) disagree with the contract's
    layers: each layer's packages in one band, the bands in the contract's order."""
    bands = re.split(r"\n\s*─+\s*\n", diagram)
    problems, previous = [], -1
    for layer in layers:
        places = set()
        for package in (name.strip() for name in layer.split("|")):
            place = [i for i, band in enumerate(bands) if re.search(rf"(?<![\w/]){package}/(?=\s)", band)]
            if not place:
                problems.append(f"{package}/ is not in the diagram")
            places.update(place[:1])
        if len(places) > 1:
            problems.append(f"{layer}: one layer drawn in different bands")
        elif places and min(places) <= previous:
            problems.append(f"{layer}: drawn above a layer the contract puts over it")
        previous = max(places, default=previous)
    return problems


def _architecture_diagram() -> str:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return next(token.content for token in _markdown(text) if token.type == "fence" and not token.info.strip())


def _declared_layers() -> list[str]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return next(contract["layers"] for contract in contracts["contracts"] if contract["id"] == "layers")


def test_the_architecture_diagram_draws_the_layers_pyproject_declares_in_their_order():
    assert diagram_layer_problems(_declared_layers(), _architecture_diagram()) == []


def test_a_diagram_with_the_layers_out_of_order_is_reported():
    upside_down = list(reversed(_declared_layers()))
    assert diagram_layer_problems(upside_down, _architecture_diagram())
