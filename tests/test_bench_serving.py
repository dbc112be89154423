"""The benchmark's light visitor (bench/visitors.py) against real servers: it speaks Streamlit's
websocket protocol well enough to have the dashboard's script run to its end, and it reports a page
that fails as an error — what the benchmark's "30 visits together" row counts."""

from __future__ import annotations

import pytest

from bench import browser, serving, visitors
from tests import browser_support

pytestmark = [pytest.mark.process, pytest.mark.database("sample")]


@pytest.fixture(scope="module")
def dashboard(warehouses, tmp_path_factory):
    db = warehouses.copy("sample", tmp_path_factory.mktemp("visitors"))
    with browser_support.dashboard_server(db, {"NTM_PUBLIC_VIEW": "1", "NTM_ACCOUNTS_DB": ""}) as server:
        yield server


def test_a_light_visitor_has_the_overviews_script_run_to_its_end_without_error(dashboard):
    visit = visitors.one(f"{dashboard.url}/")
    assert visit.errors == []
    assert visit.finished is not None
    assert visit.received_bytes > 10_000  # the overview's cards and figures, not an empty page


def test_visits_arriving_together_all_finish_and_cost_the_server_processor_time(dashboard):
    meeting = serving.together(f"{dashboard.url}/", 3)
    assert meeting.errors == [] and meeting.unfinished == 0
    assert serving.cpu_per_visit(dashboard.process.pid, f"{dashboard.url}/", 2).seconds > 0


def test_a_page_that_fails_is_reported_as_an_error(tmp_path):
    script = tmp_path / "failing_page.py"
    script.write_text('raise RuntimeError("the page broke")\n', encoding="utf-8")
    with browser.server(script, browser.free_port(), {}, tmp_path / "server.log") as failing:
        visit = visitors.one(f"{failing.url}/")
    assert visit.finished is not None
    assert any(error.startswith("exception") for error in visit.errors)
