"""The real dashboard in Debian's Chromium: how long the overview takes to draw its charts
against an empty Streamlit page served the same way, the server's peak memory, and how long an
upload takes to show on the overview. Servers run on the ports given (the benchmark's own)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
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


# What a leader reads first on the overview: its headline figures. The cards follow the verdict strip
# (issue 17) in the page, so once they are on screen the strip is too.
HEADLINE = "[data-testid='stMetric']"


def shown(selector: str, count: int) -> str:
    """Ready: ``count`` elements matching ``selector`` are on screen with their text (while the script
    may still be running: what comes after them is not awaited)."""
    return """() => {
    const found = [...document.querySelectorAll(SELECTOR)];
    return found.length >= COUNT && found.every(element => element.offsetParent !== null && element.innerText.trim());
}""".replace("SELECTOR", json.dumps(selector)).replace("COUNT", str(count))


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
    """``streamlit run script`` on 127.0.0.1:``port`` with the settings ``tasks.py serve`` gives."""
    import tasks

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
        "--browser.gatherUsageStats",
        "false",
        *tasks.SERVING_OPTIONS,
    ]
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=config.PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, process, ready)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_ready(url: str, process: subprocess.Popen, ready: tuple[str, bytes], timeout: float = START_TIMEOUT) -> None:
    """Until ``url`` + ``ready``'s path answers with what ``ready`` says it starts with."""
    path, answer_starts = ready
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}{path}", timeout=2) as answer:
            if answer.read().strip().startswith(answer_starts):
                return
        time.sleep(0.2)  # polling a health endpoint
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    from bench import phone

    return phone.first_visit(browser, url, {"ready": ready}, timeout_ms=timeout_ms).seconds["ready"]


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
