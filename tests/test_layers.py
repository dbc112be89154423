"""The layers import downward only (pyproject.toml [tool.importlinter], docs/architecture.md):
the kernel (ntm) imports nothing above it, the write side (etl) and the read side (analytics) import
neither each other nor anything above them, presentation never imports the write side, only the
glue and the pages use Streamlit, and no package holds an import cycle."""

from __future__ import annotations

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
        cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": ""},
    )


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for package in PACKAGES:
        shutil.copytree(config.PROJECT_ROOT / package, root / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.toml", "*.sql", "*.csv"))
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
