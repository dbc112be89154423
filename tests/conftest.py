"""The fixtures tests share: a clean environment for every test, the warehouses (each built once a
session; a test that writes gets a copy), the dashboard on one of them, the files it offers for
download, and pytest-playwright's overrides with the session's sample server. Helpers that are not
fixtures live in modules of their own (tests/fixtures.py, warehouses.py, command_line.py,
browser_support.py, account_support.py), so that any test may import them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import browser_support, fixtures
from tests.warehouses import Kind, Warehouses

# Read from the environment by the project (ntm/config.py, etl/auth.py): a developer's shell must
# not point a test at a real database or change its limits.
PROJECT_VARIABLE_PREFIX = "NTM_"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Every test starts from the project's defaults whatever the shell that runs pytest has set,
    with viewing public: pages are tested as a public visitor reads them (viewing is private by
    default, see etl/auth.py); tests of sign-in and private viewing set NTM_PUBLIC_VIEW themselves."""
    for name in [name for name in os.environ if name.startswith(PROJECT_VARIABLE_PREFIX)]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "1")


@pytest.fixture(scope="session")
def warehouses(tmp_path_factory):
    shelf = Warehouses(tmp_path_factory)
    yield shelf
    written = shelf.written()
    assert not written, f"a test wrote into the shared warehouses {written}: it should ask for `db`, a copy"


def _named_warehouse(request: pytest.FixtureRequest) -> Kind:
    marker = request.node.get_closest_marker("database")
    return marker.args[0] if marker else "empty"


@pytest.fixture
def db(request, warehouses, tmp_path, monkeypatch) -> Path:
    """A warehouse of this test's own, to write as it likes: a copy of the one the test's or its
    module's ``@pytest.mark.database(name)`` names (tests/warehouses.py; empty without one). The
    dashboard and the command line use it (NTM_DB), and keep its accounts beside it."""
    path = warehouses.copy(_named_warehouse(request), tmp_path)
    monkeypatch.setenv("NTM_DB", str(path))
    return path


@pytest.fixture
def shared_db(request, warehouses, monkeypatch) -> Path:
    """The warehouse ``@pytest.mark.database(name)`` names as every test of the session reads it:
    never written (the session fails at its end if it was). The dashboard uses it (NTM_DB)."""
    path = warehouses.shared(_named_warehouse(request))
    monkeypatch.setenv("NTM_DB", str(path))
    return path


def _read_warehouse(request: pytest.FixtureRequest) -> Path:
    """The warehouse the dashboard reads in this test (NTM_DB): the test's own when it asked for one
    (``db``), else the shared one."""
    return request.getfixturevalue("db" if "db" in request.fixturenames else "shared_db")


@pytest.fixture
def app(request) -> AppTest:
    """The dashboard, not run yet, on the warehouse the test reads (``db`` when it asked for it,
    else ``shared_db``)."""
    _read_warehouse(request)
    return fixtures.dashboard()


@pytest.fixture
def open_page(request):
    """``open_page(page, **url)``: the dashboard opened with ``url`` in the address, then switched to
    pages/``page``.py, on the warehouse the test reads (as ``app``), run without an exception or an
    error shown."""
    _read_warehouse(request)

    def opened(page: str, **url: str) -> AppTest:
        at = fixtures.open_page(page, url)
        assert not at.exception, [exception.value for exception in at.exception]
        assert not at.error, [error.value for error in at.error]
        return at

    return opened


@pytest.fixture
def downloads(monkeypatch) -> dict[str, tuple[str, object]]:
    """The files behind every download button the test draws, by the button's file id: (name, data)."""
    return fixtures.record_downloads(monkeypatch)


# pytest-playwright's fixtures, and the real dashboard the browser tests share ------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": browser_support.CHROMIUM,
        "headless": True,
        "args": browser_support.CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def sample_server(warehouses, tmp_path_factory):
    """The real dashboard on a copy of the sample warehouse (public viewing on)."""
    with browser_support.public_server(warehouses.copy("sample", tmp_path_factory.mktemp("browser"))) as server:
        yield server
