"""The read-only data API (/api/v1/), as another system calls it: every route's figures are the
database's and the pages' (the same read functions), JSON or a CSV like the pages' downloads, a pin
answers as a pinned link does; a private dashboard answers only a valid token, within its scope;
requests beyond the rate wait; every refusal is JSON with a message, never a traceback. Served on a
loopback port in this process (tests/http_support.py), on the hand-counted warehouse of
tests/fixtures.py."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil

import duckdb
import pandas as pd
import pytest
import requests

from analytics import agency_reports, criteria, overview, targets
from etl import auth, cli, warehouse
from etl.scope import Scope
from tests import http_support
from tests.fixtures import GIONG_RIENG, NAM_YEN, THANH_LOC
from ui import access, snapshots
from web import api, limits

AS_OF = "2025-01-31"


pytestmark = pytest.mark.database("movement")


@pytest.fixture(scope="module")
def url():
    with http_support.web_server() as base:
        yield base


@pytest.fixture(autouse=True)
def served_privately(shared_db, tmp_path, monkeypatch):
    """The server reads the shared movement warehouse (the API only reads: the session fails if it was
    written), keeps an accounts store of this test's own (tokens made here never meet another test's),
    with viewing private and the rate limits' allowances full."""
    monkeypatch.setenv("NTM_ACCOUNTS_DB", str(tmp_path / "accounts.sqlite"))
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "0")
    monkeypatch.setattr(api, "per_address", limits.RateLimit(limits.PER_ADDRESS_PER_MINUTE))
    monkeypatch.setattr(api, "per_token", limits.RateLimit(limits.PER_TOKEN_PER_MINUTE))


def token(scope: Scope | None = None, name: str = "he_thong_khac", expires_at: float | None = None) -> str:
    return access.accounts().add_token(name, scope or Scope.province(), expires_at, "quan_tri")


def get(url: str, route: str, key: str | None = None, **params: object) -> requests.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return requests.get(f"{url}/api/v1/{route}", params=params, headers=headers, timeout=60)


def rows(frame: pd.DataFrame) -> list[dict]:
    return api.records(frame)


def test_the_headline_route_gives_exactly_what_etl_summary_json_prints(shared_db, url, capsys):
    answer = get(url, "summary", token())
    assert answer.status_code == 200 and answer.headers[api.BATCH_HEADER] == "3"
    assert cli.main(["summary", "--json", "--db", str(shared_db)]) == 0
    assert answer.json() == json.loads(capsys.readouterr().out)
    assert answer.json()["year"] == 2024 and answer.json()["communes_all_criteria"] == 1


def test_a_districts_headline_of_a_year_is_the_overviews(shared_db, url):
    answer = get(url, "summary", token(), year=2023, district="908").json()
    assert answer == overview.summary(shared_db, 2023, "908")
    shown = overview.headline(shared_db, 2023, "908")  # what the overview page draws
    assert (answer["communes_assessed"], answer["avg_criteria"]) == (shown["communes_assessed"], shown["avg_criteria"])
    assert (answer["communes_assessed"], answer["avg_criteria"]) == (2, 17.0)  # Tây Yên 18, Tây Yên A 16


def test_each_xas_criteria_are_the_databases_and_the_criteria_pages_grid(shared_db, url):
    answer = get(url, "criteria", token(), year=2024).json()
    assert (answer["year"], answer["district"]) == (2024, None)
    with duckdb.connect(str(shared_db), read_only=True) as con:
        met = dict(
            con.execute(
                "select r.commune_code, count(*) filter (where r.met) from current_criterion_result r"
                " join programme_commune p using (commune_code, year) where r.year = 2024"
                " group by all"
            ).fetchall()
        )
    assert {row["commune_code"]: row["criteria_met"] for row in answer["rows"]} == met
    by_code = {row["commune_code"]: row for row in answer["rows"]}
    assert [by_code[NAM_YEN][f"criterion_{n}"] for n in (18, 19)] == [True, False]  # corrected by batch 2
    assert answer["rows"][0]["commune_code"] == THANH_LOC  # the fewest criteria first
    grid = criteria.commune_grid(shared_db, 2024, GIONG_RIENG)  # what the criteria page draws for the district
    district = get(url, "criteria", token(name="khac"), year=2024, district=GIONG_RIENG).json()["rows"]
    assert [(r["commune_code"], r["criteria_met"]) for r in district] == list(
        zip(grid["commune_code"], grid["criteria_met"], strict=True)
    )


def test_targets_carry_their_latest_value_percent_of_plan_and_the_target_pages_status(shared_db, url):
    answer = get(url, "targets", token(), year=2024).json()
    assert answer["rows"] == rows(targets.scope_target_progress(shared_db, 2024, None))
    ntm = next(
        row for row in answer["rows"] if row["scope_code"] == "province" and row["measure_code"] == "communes_ntm"
    )
    with duckdb.connect(str(shared_db), read_only=True) as con:
        (held,) = con.execute(
            "select communes_ntm from mart_scope_year where scope_code = 'province' and year = 2024"
        ).fetchone()
    assert (ntm["latest_value"], ntm["target_value"]) == (held, 116)
    assert ntm["percent_of_plan"] == round(held / 116 * 100, 1)
    assert all(
        row["percent_of_plan"] is None
        or row["percent_of_plan"] == round(row["latest_value"] / row["target_value"] * 100, 1)
        for row in answer["rows"]
    )


def test_units_valid_on_a_day_follow_the_tables_validity_and_their_csv_neutralises_formulas(
    shared_db, url, tmp_path, monkeypatch
):
    changed = tmp_path / "ntm.duckdb"
    shutil.copy(shared_db, changed)
    with warehouse.transaction(changed) as con:  # a unit of a later reorganisation, named to be run by Excel
        con.execute("insert into district values ('999', '=HYPERLINK(\"http://x\")', 'tỉnh mới', '2025-07-01', null)")
        con.execute("update district set valid_to = '2025-06-30' where district_code = '908'")
    monkeypatch.setenv("NTM_DB", str(changed))
    key = token()
    before = get(url, "units", key, date="2025-06-30").json()["rows"]
    after = get(url, "units", key, date="2025-07-01").json()["rows"]
    assert "999" not in {r["unit_code"] for r in before} and "908" in {r["unit_code"] for r in before}
    assert "999" in {r["unit_code"] for r in after} and "908" not in {r["unit_code"] for r in after}
    with duckdb.connect(str(changed), read_only=True) as con:
        (valid,) = con.execute(
            "select (select count(*) from district where coalesce(valid_from, date '1900-01-01')"
            " <= date '2025-06-30' and coalesce(valid_to, date '9999-12-31') >= date '2025-06-30')"
            " + (select count(*) from commune where coalesce(valid_from, date '1900-01-01')"
            " <= date '2025-06-30' and coalesce(valid_to, date '9999-12-31') >= date '2025-06-30')"
        ).fetchone()
    assert len(before) == valid
    csv = get(url, "units", key, date="2025-07-01", format="csv")
    assert csv.headers["content-type"].startswith("text/csv") and csv.content.startswith(b"\xef\xbb\xbf")
    assert csv.headers["content-disposition"] == 'attachment; filename="units.csv"'
    table = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig", dtype=str)
    assert table.loc[table["unit_code"] == "999", "name"].tolist() == ['\'=HYPERLINK("http://x")']
    assert b"\r\n" in csv.content


def test_agencies_reporting_rates_are_the_agency_pages(shared_db, url):
    answer = get(url, "agency-reports", token(), as_of=AS_OF).json()
    assert (answer["window"], answer["as_of"], answer["grace"]) == ("all", AS_OF, 15)
    expected = agency_reports.status(shared_db, "all", dt.date.fromisoformat(AS_OF), 15).by_agency()
    assert [(r["agency_code"], r["expected"], r["actual"], r["on_time"]) for r in answer["rows"]] == list(
        zip(expected["agency_code"], expected["expected"], expected["actual"], expected["on_time"], strict=True)
    )
    assert next(r for r in answer["rows"] if r["agency_code"] == "SNV")["name_vi"]


def test_a_pin_answers_with_the_figures_as_published_after_that_load(shared_db, url):
    key = token()
    pinned = get(url, "summary", key, pin=1)
    assert pinned.status_code == 200 and pinned.headers[api.BATCH_HEADER] == "1"
    assert pinned.json() == overview.summary(snapshots.resolve(shared_db, "1").path)
    assert pinned.json()["communes_all_criteria"] == 2  # Nam Yên's 19th criterion, corrected by load 2
    assert get(url, "summary", key).json()["communes_all_criteria"] == 1
    for wrong in ("99", "ngày mai", "2001-01-01"):
        refused = get(url, "summary", key, pin=wrong)
        assert refused.status_code == 404 and refused.json()["error"] == "bad_pin"


def test_a_private_dashboard_refuses_the_api_without_a_token_and_with_a_revoked_or_expired_one(url, monkeypatch):
    refused = get(url, "summary")
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["error"] == "token_needed" and "python -m etl tokens add" in refused.json()["message"]
    key = token()
    assert get(url, "summary", key).status_code == 200
    access.accounts().revoke_token("he_thong_khac", "quan_tri")
    assert get(url, "summary", key).json()["error"] == "bad_token"
    assert get(url, "summary", key).status_code == 401
    old = token(name="het_han", expires_at=access.accounts().clock() + 1)
    monkeypatch.setattr(access, "_store", lambda path: auth.Accounts(path, clock=lambda: 4_000_000_000.0))
    assert get(url, "summary", old).status_code == 401
    basic = requests.get(f"{url}/api/v1/summary", headers={"Authorization": "Basic YTpi"}, timeout=10)
    assert basic.status_code == 401
    monkeypatch.setenv("NTM_PUBLIC_VIEW", "1")
    assert get(url, "summary").status_code == 200  # public: open to all …
    assert get(url, "summary", key).status_code == 401  # … but a revoked token is still refused


def test_a_tokens_scope_limits_what_it_reads(shared_db, url):
    an_bien = token(Scope.districts(["908"]), name="an_bien")
    assert get(url, "summary", an_bien).json() == overview.summary(shared_db, None, "908")
    outside = get(url, "criteria", an_bien, district=GIONG_RIENG)
    assert outside.status_code == 403 and "908" in outside.json()["message"]
    assert {r["district_code"] for r in get(url, "units", an_bien, date="2024-01-01").json()["rows"]} == {"908"}
    assert get(url, "agency-reports", an_bien).status_code == 403
    snn = token(Scope.agencies(["SNNPTNT"]), name="snn")
    assert get(url, "summary", snn).status_code == 403
    assert [r["agency_code"] for r in get(url, "agency-reports", snn, as_of=AS_OF).json()["rows"]] == ["SNNPTNT"]


@pytest.mark.parametrize(
    ("route", "params", "status", "error"),
    [
        ("summary", {"year": "1999"}, 400, "bad_year"),
        ("summary", {"year": "2024; drop table batch"}, 400, "bad_year"),
        ("summary", {"district": "../../etc"}, 400, "bad_district"),
        ("summary", {"yaer": "2024"}, 400, "unknown_parameter"),
        ("summary", {"format": "xml"}, 400, "bad_format"),
        ("units", {"date": "2024-02-30"}, 400, "bad_day"),
        ("agency-reports", {"window": "2024-Q5"}, 400, "bad_window"),
        ("agency-reports", {"grace": "9999"}, 400, "bad_grace"),
        ("agency-reports", {"directive": "không có"}, 400, "bad_directive"),
        ("nothing-here", {}, 404, "no_route"),
    ],
)
def test_a_request_that_gets_no_data_is_answered_in_json_with_a_message(url, route, params, status, error):
    answer = get(url, route, token(), **params)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert answer.json()["message"] and "Traceback" not in answer.text


def test_a_write_a_repeated_parameter_and_english_are_answered_in_json(url):
    key = token()
    posted = requests.post(f"{url}/api/v1/summary", headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert (posted.status_code, posted.headers["allow"], posted.json()["error"]) == (405, "GET, HEAD", "method")
    twice = requests.get(
        f"{url}/api/v1/summary?year=2024&year=2023", headers={"Authorization": f"Bearer {key}"}, timeout=10
    )
    assert twice.json()["error"] == "repeated_parameter"
    assert get(url, "summary", key, year="1999", lang="en").json()["message"] == "There are no figures for year “1999”."


def test_a_failure_inside_is_logged_with_its_traceback_and_answered_with_its_id_only(url, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("disk on fire at /srv/ntm/secret.duckdb")

    monkeypatch.setattr(overview, "summary", broken)
    caplog.set_level(logging.ERROR)
    answer = get(url, "summary", token())
    assert answer.status_code == 500 and answer.json()["error"] == "internal"
    error_id = answer.json()["error_id"]
    assert error_id in answer.json()["message"]
    assert "secret" not in answer.text and "Traceback" not in answer.text
    (logged,) = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged.exc_info and "disk on fire" in caplog.text


def test_requests_beyond_the_rate_wait_per_address_and_per_token(url, monkeypatch):
    monkeypatch.setattr(api, "per_address", limits.RateLimit(3))
    key = token()
    assert [get(url, "summary", key).status_code for _ in range(4)] == [200, 200, 200, 429]
    waited = get(url, "summary", key)
    assert int(waited.headers["retry-after"]) >= 1 and waited.json()["error"] == "too_many"
    monkeypatch.setattr(api, "per_address", limits.RateLimit(100))
    monkeypatch.setattr(api, "per_token", limits.RateLimit(2))
    other = token(name="khac")
    assert [get(url, "summary", key).status_code for _ in range(3)] == [200, 200, 429]
    assert get(url, "summary", other).status_code == 200  # another token has its own allowance


def test_a_bucket_refills_with_time_and_forgets_idle_keys_when_crowded(monkeypatch):
    now = [0.0]
    limit = limits.RateLimit(60, clock=lambda: now[0])
    assert [limit.wait("a") for _ in range(61)][-2:] == [0, 1]
    now[0] += 1
    assert limit.wait("a") == 0
    monkeypatch.setattr(limits, "MAX_KEYS", 10)
    for key in range(20):
        limit.wait(str(key))
    assert len(limit._buckets) <= 10


def test_the_description_at_api_v1_lists_every_route_and_its_parameters(url):
    description = requests.get(f"{url}/api/v1/", timeout=10).json()  # open, as documentation is
    assert description["openapi"].startswith("3.1")
    assert set(description["paths"]) == {endpoint.path for endpoint in api.ENDPOINTS}
    for endpoint in api.ENDPOINTS:
        operation = description["paths"][endpoint.path]["get"]
        assert {p["name"] for p in operation["parameters"]} == {*endpoint.parameters, *api.COMMON}
        assert all(p["description"] for p in operation["parameters"]) and operation["summary"]
    assert description["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
