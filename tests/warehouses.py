"""The warehouses tests share: each built once a session, when first asked for; a test that writes
gets a copy of its own (tests/conftest.py's ``db`` and ``shared_db``)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl import load, warehouse
from ntm import config
from tests import account_support
from tests.fixtures import build_leadership_warehouse, build_movement_warehouse, build_warehouse


def build_sample_warehouse(path: Path) -> Path:
    """The database the bundled sample workbooks make, each of them loaded in turn."""
    warehouse.init(path)
    for workbook in sorted(config.SAMPLE_DIR.glob("*.xlsx")):
        result = load.load_path(path, workbook)
        assert result.status == "loaded", (workbook.name, [e.as_json() for e in result.errors])
    return path


def build_empty_warehouse(path: Path) -> Path:
    warehouse.init(path)
    return path


# The warehouses tests ask for by name with ``@pytest.mark.database(name)``; a module may name a
# builder of its own instead (a function of the path, like these).
WAREHOUSES: dict[str, Callable[[Path], Path]] = {
    "empty": build_empty_warehouse,
    "hand_built": lambda path: build_warehouse(path, sample_data=True),
    "leadership": lambda path: build_leadership_warehouse(path, sample_data=True),
    "movement": build_movement_warehouse,
    "an_bien": account_support.build_an_bien_warehouse,
    "sample": build_sample_warehouse,
}
Kind = str | Callable[[Path], Path]


class Warehouses:
    """Each warehouse built once, when first asked for, in a folder of its own.

    Building one takes from half a second (empty) to a quarter of a minute (the sample); copying
    one takes milliseconds, so a test that writes gets a copy and tests that only read share it.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory):
        self._folders = tmp_path_factory
        self._built: dict[Kind, tuple[Path, str]] = {}

    def shared(self, kind: Kind) -> Path:
        """The one file that every test that only reads it opens."""
        if kind not in self._built:
            build = WAREHOUSES[kind] if isinstance(kind, str) else kind
            path = build(self._folders.mktemp(kind if isinstance(kind, str) else kind.__name__) / "ntm.duckdb")
            self._built[kind] = path, _sha256(path)
        return self._built[kind][0]

    def copy(self, kind: Kind, folder: Path) -> Path:
        """A copy of its own in ``folder``, to write as it likes."""
        return Path(shutil.copyfile(self.shared(kind), folder / "ntm.duckdb"))

    def written(self) -> list[str]:
        """The shared warehouses some test changed: it should have asked for a copy."""
        return [str(path) for path, sha in self._built.values() if _sha256(path) != sha]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
