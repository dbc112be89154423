"""A load publishes a new database file atomically: a reader that already had the old file keeps
reading consistent old figures, the next read sees the new ones, and a failed write leaves the
published file exactly as it was."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analytics import overview
from etl import load, warehouse
from ntm import config, db
from tests.command_line import etl
from tests.workbooks import GIUC_TUONG, PHI_THONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met


@pytest.fixture
def path(db):
    load.load_bytes(db, "a.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*PHI_THONG[:2], marks_met(19))])))
    return db


def test_reader_sees_new_figures_after_a_load_without_restarting(path):
    assert overview.summary(path, 2024)["communes_assessed"] == 1
    old_version = db.data_version(path)
    load.load_bytes(path, "b.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))])))
    assert db.data_version(path) != old_version
    assert overview.summary(path, 2024)["communes_assessed"] == 2


def test_a_connection_opened_before_a_load_keeps_a_consistent_old_view(path):
    before = db.connection(path)
    load.load_bytes(path, "b.xlsx", criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))])))
    assert before.execute("select count(distinct commune_code) from current_criterion_result").fetchone()[0] == 1
    before.close()


def test_a_write_that_fails_midway_leaves_the_published_file_untouched(path):
    published = path.read_bytes()
    with pytest.raises(RuntimeError), warehouse.transaction(path) as con:
        con.execute("delete from criterion_result")
        raise RuntimeError("the loader died here")
    assert path.read_bytes() == published
    assert not list(path.parent.glob(".*.writing*"))


@pytest.mark.process
def test_command_line_load_while_a_reader_holds_the_file(path, tmp_path):
    """The loader in a process of its own, as when the dashboard is reading: one process's open file
    must not stop another's load."""
    reader = db.connection(path)
    workbook = tmp_path / "b.xlsx"
    workbook.write_bytes(criteria_workbook(CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(19))])))
    result = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(workbook), "--db", str(path)],
        cwd=config.PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    reader.close()
    assert overview.summary(path, 2024)["communes_assessed"] == 2


def test_sample_command_writes_the_workbooks(tmp_path):
    result = etl("sample", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert written == sorted(p.name for p in config.SAMPLE_DIR.glob("*.xlsx"))
