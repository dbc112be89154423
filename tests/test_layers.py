"""The layers import downward only (pyproject.toml [tool.importlinter], docs/architecture.md):
the kernel (ntm) imports nothing above it, the write side (etl) and the read side (analytics) import
neither each other nor anything above them, presentation never imports the write side, only the
glue and the pages use Streamlit, and no package holds an import cycle. No module uses another's
private (``_name``) helpers: what is shared is public."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from ntm import config

PACKAGES = ("ntm", "etl", "analytics", "presentation", "ui", "web", "tools", "bench")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter on the tree at ``root``, with that tree's pyproject.toml."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": ""},
    )


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for package in PACKAGES:
        shutil.copytree(
            config.PROJECT_ROOT / package,
            root / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.toml", "*.sql", "*.csv"),
        )
    shutil.copy(config.PROJECT_ROOT / "pyproject.toml", root)
    return root


def test_every_layer_imports_only_the_layers_below_it():
    result = lint_imports(config.PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_kernel_module_importing_the_glue_breaks_the_contract(tmp_path):
    root = project_copy(tmp_path)
    assert lint_imports(root).returncode == 0  # the copy itself is clean
    with open(root / "ntm" / "config.py", "a", encoding="utf-8") as module:
        module.write("\nfrom ui import filters  # planted: the kernel reaching up\n")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "Layers import downward only BROKEN" in result.stdout
    assert "ntm.config -> ui.filters" in result.stdout


def test_the_write_side_importing_the_read_side_breaks_the_contract(tmp_path):
    root = project_copy(tmp_path)
    with open(root / "etl" / "load.py", "a", encoding="utf-8") as module:
        module.write("\nfrom analytics import overview  # planted: write side reading the read side\n")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "etl.load -> analytics.overview" in result.stdout


def test_a_cycle_between_two_modules_of_a_package_breaks_the_contract(tmp_path):
    root = project_copy(tmp_path)
    with open(root / "ntm" / "text.py", "a", encoding="utf-8") as module:
        module.write("\nfrom ntm import formatting  # planted: formatting imports i18n; i18n → text → formatting\n")
    with open(root / "ntm" / "i18n.py", "a", encoding="utf-8") as module:
        module.write("\nfrom ntm import text  # planted\n")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "No import cycles inside a package BROKEN" in result.stdout


# --- Private helpers stay private ----------------------------------------------------------------


def private_reaches(path: Path) -> list[str]:
    """The ``_name`` helpers of the project's other modules that ``path`` uses: imported by name, or
    reached through an imported module (``layout._title``). What is shared is made public."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{node.module}.{alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names if alias.name.split(".")[0] in PACKAGES)
    for node in ast.walk(tree):
        reached = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
        if reached and _private(node.attr):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_a_private_helper_of_another():
    root = config.PROJECT_ROOT
    sources = [root / "dashboard.py", *(p for folder in (*PACKAGES, "pages") for p in (root / folder).rglob("*.py"))]
    assert {path.relative_to(root).as_posix(): found for path in sources if (found := private_reaches(path))} == {}


def test_a_private_helper_used_from_another_module_is_found(tmp_path):
    planted = tmp_path / "sample.py"
    planted.write_text(
        "from tools import sample_layout as layout\n"
        "from etl.readers.common import _year_sources, table_rows\n"
        "import os\n"
        "layout.title(layout._hidden, os._exit)\n",
        encoding="utf-8",
    )
    assert sorted(private_reaches(planted)) == ["etl.readers.common._year_sources", "layout._hidden"]
