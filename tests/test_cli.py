"""The command line is a contract: words, exit codes and JSON keys that scripts rely on. It runs in
this process (tests/command_line.py) but for one test of ``python -m etl`` itself."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ntm import config
from tests.command_line import etl
from tests.table_workbooks import table_workbook
from tests.workbooks import GIUC_TUONG, PHI_THONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met

LOAD_KEYS = {"status", "dataset", "batch_id", "rows", "errors", "warnings"}
ERROR_KEYS = {"file", "sheet", "row", "column", "message"}


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(criteria_workbook(CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))])))
    return path


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.xlsx"
    marks = marks_met(19)
    marks[2] = "?"
    path.write_bytes(criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks, total=18)])))
    return path


def test_load_json_reports_loaded_then_unchanged_with_exit_zero(db, good):
    first = etl("load", str(good), "--json", db=db)
    assert first.returncode == 0, first.stderr
    body = json.loads(first.stdout)
    assert body.keys() >= LOAD_KEYS
    assert (body["status"], body["dataset"], body["batch_id"], body["rows"]) == ("loaded", "criteria", 1, 1)
    again = etl("load", str(good), "--json", db=db)
    assert (again.returncode, json.loads(again.stdout)["status"]) == (0, "unchanged")


def test_rejected_file_exits_one_with_located_errors_and_no_traceback(db, bad):
    result = etl("load", str(bad), "--json", db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    body = json.loads(result.stdout)
    assert body["status"] == "rejected"
    assert body["errors"][0].keys() >= ERROR_KEYS
    assert (body["errors"][0]["sheet"], body["errors"][0]["row"], body["errors"][0]["column"]) == ("Tiêu chí", 4, "F")


def test_an_infinite_figure_is_refused_at_its_cell_with_exit_one_and_no_traceback(db, tmp_path):
    path = tmp_path / "huy_dong_2024.xlsx"
    path.write_bytes(
        table_workbook(
            "KẾT QUẢ HUY ĐỘNG NGUỒN LỰC", ["Đơn vị", "Vốn tín dụng (triệu đồng)", "Ngày công"], [["An Biên", 10, "inf"]]
        )
    )
    result = etl("load", str(path), "--json", db=db)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["row"], error["column"], error["about"]) == (
        "number_not_finite",
        4,
        "C",
        "Huyện An Biên, Ngày công lao động",
    )


def test_several_files_give_a_list_and_any_rejection_exits_one(db, good, bad):
    result = etl("load", str(good), str(bad), "--json", db=db)
    assert result.returncode == 1
    assert [r["status"] for r in json.loads(result.stdout)] == ["loaded", "rejected"]


def test_dry_run_writes_nothing(db, good):
    assert etl("load", str(good), "--dry-run", "--json", db=db).returncode == 0
    assert json.loads(etl("summary", "--json", "--year", "2024", db=db).stdout)["communes_assessed"] == 0


@pytest.mark.parametrize(
    "args", [("load",), ("load", "x.xlsx", "--year", "abc"), ("frobnicate",), ("load", "x.xlsx", "--year", "1999")]
)
def test_usage_errors_exit_two(db, args):
    result = etl(*args, db=db)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_summary_json_has_the_contract_keys(db, good):
    etl("load", str(good), db=db)
    body = json.loads(etl("summary", "--json", db=db).stdout)
    assert set(body) == {
        "year",
        "communes_total",
        "communes_assessed",
        "communes_all_criteria",
        "avg_criteria",
        "bands",
        "per_criterion",
        "recognised_ntm",
        "recognised_advanced",
        "recognised_model",
        "districts_recognised",
    }
    assert (body["year"], body["communes_total"], body["communes_assessed"], body["communes_all_criteria"]) == (
        2024,
        116,
        1,
        1,
    )
    assert body["bands"] == {"19": 1, "15-18": 0, "10-14": 0, "5-9": 0, "<5": 0}
    assert body["per_criterion"]["19"] == 1


def test_db_defaults_to_the_environment_variable(tmp_path, good, monkeypatch):
    path = tmp_path / "env.duckdb"
    monkeypatch.setenv("NTM_DB", str(path))
    result = etl("load", str(good))
    assert result.returncode == 0, result.stderr
    assert path.exists()


def test_init_creates_the_database_with_the_provinces_units_and_says_so(tmp_path):
    path = tmp_path / "moi.duckdb"
    result = etl("init", db=path)
    assert (result.returncode, path.exists()) == (0, True)
    assert result.stdout.strip() == f"Đã tạo cơ sở dữ liệu {path}: 15 đơn vị cấp huyện, 143 đơn vị cấp xã, 19 tiêu chí."


@pytest.mark.process
def test_python_m_etl_exits_with_the_commands_code_and_prints_its_json(db, good, bad):
    """The entry point itself, in a real process: what scripts run."""
    command = [sys.executable, "-m", "etl", "load", str(good), str(bad), "--json", "--db", str(db)]
    result = subprocess.run(command, cwd=config.PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert [r["status"] for r in json.loads(result.stdout)] == ["loaded", "rejected"]
