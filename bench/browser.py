"""The real dashboard in Debian's Chromium: how long the overview takes to draw its charts
against an empty Streamlit page served the same way, the server's peak memory, and how long an
upload takes to show on the overview. Servers run on the ports given (the benchmark's own)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ntm import config

CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 120
SCRIPT_DONE = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return !!app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
        && document.querySelectorAll("[data-testid='stSkeleton']").length === 0;
}"""
# An empty page; at ?chart, one 3-bar Plotly chart instead: the least any page with a chart takes
# (loading and running Plotly's code in the browser), the floor under the overview's figure.
EMPTY_PAGE = """import streamlit as st

if "chart" in st.query_params:
    import plotly.graph_objects as go

    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))
else:
    st.write("")
"""


# The overview's verdict strip has a target's line (a status badge) or says there is none: the
# headline figures are on screen, whatever the charts are doing.
STRIP_SHOWN = """() => {
    const strip = document.querySelector('.st-key-verdict-strip');
    return !!strip && strip.querySelectorAll('[data-testid="stMarkdownContainer"]').length > 1;
}"""


def charts_drawn(count: int) -> str:
    """Ready: connected, the script finished, and ``count`` charts have drawn their SVG. The count
    is needed: Chromium draws a page's charts one by one as Plotly's code arrives, so "every chart
    on the page has drawn" already holds when the first of three is the only one placed yet."""
    return """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.dataset.testConnectionState !== 'CONNECTED' || app.dataset.testScriptState !== 'notRunning')
        return false;
    const charts = document.querySelectorAll("[data-testid='stPlotlyChart']");
    return charts.length === COUNT && [...charts].every(chart => chart.querySelector('.main-svg'));
}""".replace("COUNT", str(count))


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def peak_memory(self) -> int:
        """The server's peak resident memory (VmHWM), in bytes."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in /proc")


# Where a server says it is ready, and how its answer starts then: Streamlit's own check for a plain
# script; the app's (app.py), which also says the database is readable, for the dashboard.
STREAMLIT_READY = ("/_stcore/health", b"ok")
APP_READY = ("/healthz", b'{"status":"ok"')


@contextlib.contextmanager
def server(
    script: Path, port: int, env: dict[str, str], log: Path, ready: tuple[str, bytes] = STREAMLIT_READY
) -> Iterator[Server]:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=config.PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
    try:
        _wait_ready(port, process, ready)
        yield Server(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(port: int, process: subprocess.Popen, ready: tuple[str, bytes]) -> None:
    path, answer_starts = ready
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as answer,
        ):
            if answer.read().strip().startswith(answer_starts):
                return
        time.sleep(0.2)  # polling a health endpoint
    raise RuntimeError(f"streamlit did not answer on port {port} within {START_TIMEOUT} s")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def time_to(browser, url: str, ready: str, timeout_ms: float = 120_000) -> float:
    """Seconds from opening ``url`` in a new tab until ``ready`` (a JS predicate) holds."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(ready, timeout=timeout_ms, polling="raf")
        return time.perf_counter() - start
    finally:
        page.close()


def time_to_text_in_app(
    browser, away_url: str, first: Callable[[], str], link: str, timeout_ms: float = 120_000
) -> float:
    """Seconds from calling ``first`` (which returns the text awaited) until a metric shows that
    text after following the sidebar's ``link``, in a tab already open on ``away_url``: the
    analyst who has just confirmed an upload and goes to the overview in the same app."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(away_url)
        page.wait_for_function(SCRIPT_DONE, timeout=timeout_ms, polling="raf")
        start = time.perf_counter()
        text = first()
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
        page.get_by_test_id("stMetricValue").filter(has_text=text).first.wait_for(timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        page.close()


def visits(browser, url: str, timeout_ms: float = 120_000) -> bool:
    """Open ``url`` and wait for its script to finish; False when it did not within the time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        time_to(browser, url, SCRIPT_DONE, timeout_ms)
    except PlaywrightTimeout:
        return False
    return True
