"""Only what pytest needs to find here: overrides of pytest-playwright's fixtures and the shared
sample server. Helpers live in tests/browser_support.py."""

from __future__ import annotations

import pytest

from tests import browser_support


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": browser_support.CHROMIUM, "headless": True,
            "args": browser_support.CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    """The real dashboard on a database built from the sample workbooks (public viewing on)."""
    with browser_support.public_sample_server(tmp_path_factory.mktemp("browser")) as server:
        yield server


@pytest.fixture(autouse=True)
def public_viewing(monkeypatch):
    """Pages are tested as a public visitor reads them (viewing is private by default, see
    etl/auth.py); tests of sign-in and private viewing set NTM_PUBLIC_VIEW themselves."""
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "1")
