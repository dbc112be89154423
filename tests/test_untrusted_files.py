"""Untrusted files are read in a worker process (etl/sandbox.py): what makes the reader abort, eat
memory or spin is rejected as "could not be read safely", naming the limit, and the process that
asked — the dashboard, the command line — carries on. The command line copes with file names that
are not UTF-8."""

from __future__ import annotations

import io
import json
import os
import sys
import time
import types

import pytest
import python_calamine

from etl import load, sandbox
from etl.problems import Problem
from ntm import db as database
from tests.command_line import etl
from tests.corpus import file_cases
from tests.table_workbooks import criteria
from tests.workbooks import GIUC_TUONG, CommuneRow, marks_met

CASES = {case.name: case for case in file_cases.FILE_CASES}
IN_FORCE = "select count(*) from criterion_result where superseded_by is null"


def calamine_alone(content: bytes) -> list[int]:
    """What the loader did before its checks: calamine's read of every sheet."""
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [book.get_sheet_by_name(name).height for name in book.sheet_names]


def good_workbook() -> bytes:
    return criteria(CommuneRow(*GIUC_TUONG[:2], marks_met(19)))


def spin() -> None:
    while True:
        pass


def one_wide_row(fields: int) -> bytes:
    """A CSV of one line of ``fields`` fields "10": 3 bytes each to send, some 60 as Python strings."""
    return b"10;" * fields + b"10\n"


@pytest.mark.process
@pytest.mark.parametrize("name", file_cases.NATIVE_CRASHES)
def test_a_file_that_aborts_the_reader_kills_only_the_worker_and_the_checks_reject_it_first(name, db):
    content = CASES[name].build()
    with pytest.raises(sandbox.Unsafe) as unsafe:
        sandbox.run(calamine_alone, content)  # without the checks: the worker aborts (SIGABRT)
    assert unsafe.value.key == "file_unsafe_memory"
    result = load.load_bytes(db, "x.xlsx", content)
    assert [e.key for e in result.errors] == [CASES[name].expect.key]
    assert load.load_bytes(db, "tot.xlsx", good_workbook()).status == "loaded"


@pytest.mark.process
def test_a_tiny_file_that_needs_more_memory_than_allowed_is_not_readable_safely_and_writes_nothing(db, monkeypatch):
    monkeypatch.setenv("NTM_PARSE_MEMORY_MB", "400")
    before = db.read_bytes()
    content = CASES["two_far_corners"].build()  # 5 KB; the reader asks for 330 MB at once
    result = load.load_bytes(db, "hai_goc.xlsx", content)
    assert [(e.key, e.params) for e in result.errors] == [("file_unsafe_memory", {"limit_mb": 400})]
    assert "400 MB" in result.errors[0].message("vi") and "400 MB" in result.errors[0].message("en")
    assert db.read_bytes() == before
    assert not result.readable

    result = load.load_bytes(db, "rong.csv", one_wide_row(6_000_000))  # 18 MB of text, 350 MB of strings
    assert [e.key for e in result.errors] == ["file_unsafe_memory"]
    assert load.load_bytes(db, "tot.xlsx", good_workbook()).status == "loaded"


@pytest.mark.process
def test_a_read_over_the_processor_time_or_the_clock_limit_is_stopped_and_named(db, monkeypatch):
    monkeypatch.setenv("NTM_PARSE_CPU_SECONDS", "1")
    monkeypatch.setenv("NTM_PARSE_WALL_SECONDS", "30")
    with pytest.raises(sandbox.Unsafe) as spinning:
        sandbox.run(spin)
    assert (spinning.value.key, spinning.value.params) == ("file_unsafe_time", {"seconds": 1})

    monkeypatch.setenv("NTM_PARSE_WALL_SECONDS", "1")
    with pytest.raises(sandbox.Unsafe) as waiting:
        sandbox.run(time.sleep, 60)  # no processor time at all: only the clock stops it
    assert (waiting.value.key, waiting.value.params) == ("file_unsafe_time", {"seconds": 1})
    problem = Problem("error", waiting.value.key, waiting.value.params)
    assert "1 giây" in problem.message("vi") and "1 seconds" in problem.message("en")

    monkeypatch.delenv("NTM_PARSE_WALL_SECONDS")
    assert load.load_bytes(db, "tot.xlsx", good_workbook()).status == "loaded"


def test_a_bug_in_the_worker_is_raised_in_the_caller_with_the_workers_traceback():
    with pytest.raises(ValueError, match="invalid literal") as raised:
        sandbox.run(int, "không phải số")
    assert isinstance(raised.value.__cause__, sandbox.WorkerError)
    assert "Traceback" in str(raised.value.__cause__)


def test_a_worker_never_runs_the_callers_main_script(tmp_path, monkeypatch):
    """Under Streamlit, sys.modules["__main__"] is the page being drawn: a worker must not draw it again."""
    marker, script = tmp_path / "ran", tmp_path / "page.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    monkeypatch.setenv("NTM_PARSE_MEMORY_MB", "1999")  # a worker started now
    assert sandbox.run(int, "7") == 7
    assert not marker.exists()


def test_the_worker_reads_the_callers_settings_not_those_it_started_with(db, monkeypatch):
    content = good_workbook()
    monkeypatch.setenv("NTM_MAX_UPLOAD_MB", str(len(content) / 2 / 1024 / 1024))
    assert [e.key for e in load.load_bytes(db, "a.xlsx", content, dry_run=True).errors] == ["file_too_large"]
    monkeypatch.delenv("NTM_MAX_UPLOAD_MB")
    assert load.load_bytes(db, "a.xlsx", content, dry_run=True).status == "loaded"


@pytest.mark.process
def test_the_command_line_rejects_an_unsafe_file_and_loads_the_next(db, tmp_path, monkeypatch):
    wide, good = tmp_path / "rong.csv", tmp_path / "tot.xlsx"
    wide.write_bytes(one_wide_row(6_000_000))
    good.write_bytes(good_workbook())
    monkeypatch.setenv("NTM_PARSE_MEMORY_MB", "400")
    done = etl("load", "--db", str(db), "--json", str(wide), str(good))
    assert done.returncode == 1, done.stderr
    rejected, loaded = json.loads(done.stdout)
    assert (rejected["status"], rejected["errors"][0]["code"]) == ("rejected", "file_unsafe_memory")
    assert loaded["status"] == "loaded"
    assert database.query(db, IN_FORCE).iloc[0, 0] == 19


def test_a_file_name_that_is_not_utf8_loads_and_prints_as_json(db, tmp_path):
    folder = os.fsencode(tmp_path)
    good, bad = folder + b"/t\xe9p_\xff.xlsx", folder + b"/h\xf4ng_\xfe.xlsx"  # Latin-1 bytes, as on an old share
    with open(good, "wb") as handle:
        handle.write(good_workbook())
    with open(bad, "wb") as handle:
        handle.write(b"")
    done = etl("load", "--db", str(db), "--json", os.fsdecode(good), os.fsdecode(bad))  # as Python decodes argv
    assert done.returncode == 1, done.stderr
    loaded, rejected = json.loads(done.stdout)
    assert (loaded["file"], loaded["status"]) == ("t\ufffdp_\ufffd.xlsx", "loaded")
    assert (rejected["file"], rejected["errors"][0]["code"]) == ("h\ufffdng_\ufffd.xlsx", "file_empty")
    assert database.query(db, "select file_name from batch order by batch_id").values.tolist() == [
        ["t\ufffdp_\ufffd.xlsx"]
    ]
