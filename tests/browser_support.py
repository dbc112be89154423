"""Running the real dashboard for browser tests: a ``streamlit run app.py`` server on a free loopback
port, Debian's Chromium, and waits on the app's own readiness signals (never fixed sleeps).

Browser tests need /usr/bin/chromium. ``python3 tasks.py test`` installs it through apt when it is
missing and it can (as root); where it cannot, the browser tests are skipped with that reason —
except under CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import CDPSession, Page, expect

from bench.browser import APP_READY, free_port
from bench.browser import server as streamlit_server
from ntm import config

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling out to the internet, which this
# machine refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = config.PROJECT_ROOT / "test-artifacts"


def require_chromium() -> None:
    require_debian(CHROMIUM, "chromium")


def require_debian(path: str, package: str) -> None:
    """Skip the test, with the reason, when Debian's ``package`` (giving ``path``) is missing; fail it
    under CI (``CI=true``), where nothing may be skipped for want of it."""
    if Path(path).exists():
        return
    reason = f"{path} is missing: install Debian's {package} package (python3 tasks.py test does, as root)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class Server:
    url: str
    db: Path
    log: Path
    process: subprocess.Popen


@contextlib.contextmanager
def dashboard_server(db: Path, env: dict[str, str] | None = None, port: int | None = None) -> Iterator[Server]:
    """``streamlit run app.py`` on 127.0.0.1 (the benchmark's launcher), ready once its /healthz
    says the database is readable; its log is kept in test-artifacts/."""
    port = port or free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"server-{port}.log"
    environment = {"NTM_DB": str(db), **(env or {})}
    with streamlit_server(config.PROJECT_ROOT / "app.py", port, environment, log, ready=APP_READY) as running:
        yield Server(running.url, db, log, running.process)


@contextlib.contextmanager
def public_server(db: Path) -> Iterator[Server]:
    """The real dashboard, public viewing on, on the database ``db`` (the browser tests skip, or
    fail under CI, without Chromium)."""
    require_chromium()
    with dashboard_server(db, {"NTM_PUBLIC_VIEW": "1"}) as server:
        yield server


def wait_until_ready(page: Page) -> None:
    """The app is connected, its script has finished, and nothing is still loading."""
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached")
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.locator("[data-testid='stSpinner']")).to_have_count(0)


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in with the form of the page open (the sign-in route sets the cookie and brings the
    browser back to that page)."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_until_ready(page)


def expect_no_error_on_page(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def drawn_chart_titles(page: Page) -> list[str]:
    """Titles of the Plotly charts actually drawn (an SVG rendered), not just placed in the page."""
    charts = page.locator('[data-testid="stPlotlyChart"] .main-svg .gtitle')
    # A title wrapped to fit a phone is drawn a line (tspan) at a time: read as one, lines joined by spaces.
    lines = (
        "title => [...title.querySelectorAll('tspan.line')].map(line => line.textContent).join(' ')"
        " || title.textContent"
    )
    return [charts.nth(i).evaluate(lines) for i in range(charts.count())]


def keep_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# How far the page body has scrolled: a swipe over a chart must move it.
SCROLLED = "() => document.querySelector('[data-testid=stMain]').scrollTop"


def swipe_up(touch: CDPSession, page: Page, x: float, y: float, distance: float) -> None:
    """A finger drawn up the screen from (x, y), as a reader scrolls down."""
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(400)
