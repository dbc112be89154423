"""Faults while writing: a killed loader, loads at the same time, readers during loads, a full disk,
a read-only folder, and backup/restore. In every case the database holds whole files or nothing,
opens cleanly, and the data already published stays served."""

from __future__ import annotations

import csv
import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from etl import cli, load, warehouse
from ntm import config
from ntm import db as database
from tests.workbooks import GIUC_TUONG, PHI_THONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met

ROOT = Path(__file__).resolve().parents[1]
KILLS = 16
IN_FORCE = """select commune_code, count(*) filter (where met) as met from criterion_result
              where superseded_by is null and year = 2024 group by commune_code order by commune_code"""


def _all_communes_workbook() -> bytes:
    """Every xã of the province meeting all criteria in 2024: about 2,200 values, a load of some length."""
    with open(config.REFERENCE_DIR / "admin_units.csv", encoding="utf-8", newline="") as handle:
        units = [row for row in csv.DictReader(handle) if row["unit_type"] == "xã"]
    return criteria_workbook(
        CriteriaSheet([CommuneRow(u["commune_code"], u["commune_name"], marks_met(19)) for u in units])
    )


def _two_communes(met: int) -> bytes:
    """Xã Giục Tượng and Xã Phi Thông both meeting ``met`` criteria: one file changing two xã."""
    return criteria_workbook(
        CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(met)), CommuneRow(*PHI_THONG[:2], marks_met(met))])
    )


def _one_commune(commune: tuple, met: int) -> bytes:
    return criteria_workbook(CriteriaSheet([CommuneRow(*commune[:2], marks_met(met))]))


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows_of(db: Path, file_name: str) -> tuple[int, int]:
    """(batches, values in force) that came from ``file_name``; opening the file must work."""
    con = warehouse.read_only(db)
    try:
        return con.execute(
            """
            select count(distinct b.batch_id), count(r.batch_id) from batch b
            left join criterion_result r on r.batch_id = b.batch_id and r.superseded_by is null
            where b.file_name = ?""",
            [file_name],
        ).fetchone()
    finally:
        con.close()


@pytest.mark.process
@pytest.mark.slow
def test_a_loader_killed_at_random_moments_leaves_all_of_the_file_or_none_of_it(db, tmp_path):
    workbook = tmp_path / "toan_tinh.xlsx"
    workbook.write_bytes(_all_communes_workbook())
    fresh = tmp_path / "fresh.duckdb"
    shutil.copyfile(db, fresh)
    started = time.monotonic()
    finished = _cli("load", "--db", str(db), str(workbook))
    assert finished.wait(timeout=60) == 0, finished.stderr.read()
    whole = _rows_of(db, workbook.name)
    duration = time.monotonic() - started
    assert whole[0] == 1 and whole[1] > 2000

    chance = random.Random(9)  # fixed, so a failure can be replayed
    outcomes = []
    for _ in range(KILLS):
        shutil.copyfile(fresh, db)  # every attempt starts before the file was loaded
        loader = _cli("load", "--db", str(db), str(workbook))
        time.sleep(chance.uniform(0.3, duration))
        loader.send_signal(signal.SIGKILL)
        loader.wait(timeout=30)
        state = _rows_of(db, workbook.name)
        assert state in ((0, 0), whole), f"after a kill: {state} batches/values, expected none or {whole}"
        outcomes.append(state == whole)

    # The next writer clears the work files killed writers left behind, then loads normally.
    assert load.load_path(db, workbook).status in ("loaded", "unchanged")
    assert _rows_of(db, workbook.name) == whole
    assert not list(tmp_path.glob(".*.writing*"))
    print(f"{KILLS} kills: {sum(outcomes)} after publishing, {KILLS - sum(outcomes)} before")


def test_two_uploads_at_once_are_both_written_one_after_the_other(db):
    results = {}

    def upload(commune):
        results[commune[0]] = load.load_bytes(db, f"{commune[0]}.xlsx", _one_commune(commune, 15), user="a")

    threads = [threading.Thread(target=upload, args=(c,)) for c in (GIUC_TUONG, PHI_THONG)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert {r.status for r in results.values()} == {"loaded"}
    assert database.query(db, IN_FORCE).values.tolist() == [[PHI_THONG[0], 15], [GIUC_TUONG[0], 15]]


@pytest.mark.process
def test_an_upload_while_the_command_line_loader_runs_loses_neither(db, tmp_path):
    workbook = tmp_path / "giuc_tuong.xlsx"
    workbook.write_bytes(_one_commune(GIUC_TUONG, 12))
    loader = _cli("load", "--db", str(db), str(workbook))
    time.sleep(0.8)  # the command line is starting or writing while the upload arrives
    uploaded = load.load_bytes(db, "phi_thong.xlsx", _one_commune(PHI_THONG, 17), user="analyst")
    assert loader.wait(timeout=60) == 0, loader.stderr.read()
    assert uploaded.status == "loaded"
    assert database.query(db, IN_FORCE).values.tolist() == [[PHI_THONG[0], 17], [GIUC_TUONG[0], 12]]


def test_a_load_that_cannot_get_the_database_in_time_is_refused_with_a_clear_message(db, tmp_path, capsys, monkeypatch):
    workbook = tmp_path / "giuc_tuong.xlsx"
    workbook.write_bytes(_one_commune(GIUC_TUONG, 12))
    monkeypatch.setattr(warehouse, "LOCK_WAIT_SECONDS", 0.3)  # rather than a minute
    with warehouse.transaction(db):
        code = cli.main(["load", "--db", str(db), str(workbook)])
        assert (code, capsys.readouterr().err.strip()) == (cli.EXIT_REJECTED, config_text("etl.db_busy"))
    assert _rows_of(db, workbook.name) == (0, 0)
    assert cli.main(["load", "--db", str(db), str(workbook)]) == cli.EXIT_OK


def config_text(key: str, **params) -> str:
    from ntm.i18n import t

    return t(key, "vi", **params)


def test_readers_during_loads_see_the_figures_before_or_after_never_a_mixture(db):
    load.load_bytes(db, "dau.xlsx", _two_communes(10))
    seen, failures, done = set(), [], threading.Event()

    def read():
        while not done.is_set():
            try:
                figures = database.query(db, IN_FORCE)["met"].tolist()
            except Exception as exc:  # any error a reader meets is a failure of the test
                failures.append(repr(exc))
                return
            seen.add(tuple(figures))
            time.sleep(0.01)  # a browser session refreshing, not a busy loop starving the loader

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for turn in range(4):
            met = 16 if turn % 2 == 0 else 10
            assert load.load_bytes(db, f"lan_{turn}.xlsx", _two_communes(met)).status == "loaded"
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=30)
    assert failures == []
    assert seen == {(10, 10), (16, 16)}  # both states, each of them whole


@pytest.mark.parametrize(
    "where, error",
    [
        ("copy", errno.ENOSPC),  # the disk fills while the database is copied
        ("publish", errno.ENOSPC),  # ... or when the new file is renamed into place
        ("publish", errno.EROFS),  # the folder became read-only
        ("lock", errno.EACCES),  # no right to create the lock file beside the database
    ],
)
def test_a_database_that_cannot_be_written_gives_a_clear_error_and_keeps_serving_the_old_data(
    db, tmp_path, capsys, monkeypatch, where, error
):
    load.load_bytes(db, "dau.xlsx", _two_communes(10))
    before, served = _sha(db), database.query(db, IN_FORCE).values.tolist()
    workbook = tmp_path / "moi.xlsx"
    workbook.write_bytes(_two_communes(16))

    def fail(*args, **kwargs):
        raise OSError(error, os.strerror(error))

    real_open = Path.open

    def open_but_not_the_lock(path, *args, **kwargs):
        return fail() if path.name.endswith(".lock") else real_open(path, *args, **kwargs)

    target = {
        "copy": (warehouse.shutil, "copyfile", fail),
        "publish": (warehouse.os, "replace", fail),
        "lock": (Path, "open", open_but_not_the_lock),
    }[where]
    monkeypatch.setattr(*target)
    code = cli.main(["load", "--db", str(db), str(workbook)])
    monkeypatch.undo()
    message = capsys.readouterr().err
    assert code == cli.EXIT_REJECTED
    assert message.startswith(config_text("etl.db_unwritable", reason="@").split("@")[0])
    assert os.strerror(error) in message
    assert _sha(db) == before
    assert database.query(db, IN_FORCE).values.tolist() == served
    assert not list(tmp_path.glob(".*.writing*"))


def _namespace_works() -> bool:
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return shutil.which("unshare") is not None and probe.returncode == 0


@pytest.mark.process
@pytest.mark.skipif(
    not shutil.which("unshare") or not _namespace_works(),
    reason="needs unshare -m (root) to mount a real tiny or read-only file system",
)
@pytest.mark.parametrize("mount", ["full", "read_only"])
def test_a_real_full_disk_or_read_only_folder_refuses_the_load_and_keeps_the_data(warehouses, tmp_path, mount):
    folder = tmp_path / "data"
    folder.mkdir()
    db = warehouses.copy("empty", folder)
    load.load_bytes(db, "dau.xlsx", _two_communes(10))
    before = _sha(db)
    workbook = tmp_path / "moi.xlsx"
    workbook.write_bytes(_two_communes(16))
    size_kb = db.stat().st_size // 1024 + 8  # room for the lock file, not for a copy of the database
    prepare = {
        "full": f"cp -a {folder} {tmp_path}/keep && mount -t tmpfs -o size={size_kb}k tmpfs {folder}"
        f" && cp -a {tmp_path}/keep/. {folder}/",
        "read_only": f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}",
    }[mount]
    python = f"cd {ROOT} && {sys.executable} -m etl"
    script = (
        f"{prepare} && {python} load --db {db} {workbook}; echo exit=$?;"
        f" {python} summary --db {db} --year 2024 --json; sha256sum {db}"
    )
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert "exit=1" in run.stdout, run.stdout + run.stderr
    assert config_text("etl.db_unwritable", reason="@").split("@")[0] in run.stderr
    assert '"communes_assessed": 2' in run.stdout  # the old figures are still served
    assert before in run.stdout  # the database inside the mount is byte for byte the old one
    assert _sha(db) == before


def test_a_backup_taken_while_the_dashboard_reads_restores_exactly_that_state(db, tmp_path, capsys):
    load.load_bytes(db, "dau.xlsx", _two_communes(10))
    assert database.query(db, IN_FORCE)["met"].tolist() == [10, 10]  # the dashboard holds the file open
    backup = tmp_path / "sao_luu.duckdb"
    assert cli.main(["backup", "--db", str(db), "--out", str(backup)]) == cli.EXIT_OK
    assert str(backup) in capsys.readouterr().out
    snapshot = _dump(backup)

    load.load_bytes(db, "sau.xlsx", _two_communes(16))
    assert _dump(db) != snapshot
    assert cli.main(["restore", str(backup), "--db", str(db)]) == cli.EXIT_OK
    assert _dump(db) == snapshot
    assert database.query(db, IN_FORCE)["met"].tolist() == [10, 10]  # the dashboard reads the restored file


def test_a_backup_waits_for_a_load_in_progress_and_copies_a_whole_state(db, tmp_path):
    load.load_bytes(db, "dau.xlsx", _two_communes(10))
    backup = tmp_path / "sao_luu.duckdb"
    entered, release = threading.Event(), threading.Event()

    def slow_load():
        with warehouse.transaction(db) as con:
            con.execute("update criterion_result set met = false where commune_code = ?", [GIUC_TUONG[0]])
            entered.set()
            release.wait(timeout=30)
            con.execute("update criterion_result set met = false where commune_code = ?", [PHI_THONG[0]])

    writer = threading.Thread(target=slow_load)
    writer.start()
    entered.wait(timeout=30)
    copier = threading.Thread(target=warehouse.backup, args=(db, backup))
    copier.start()
    time.sleep(0.3)
    release.set()
    writer.join(timeout=30)
    copier.join(timeout=30)
    assert database.query(backup, IN_FORCE)["met"].tolist() == [0, 0]  # after the load, never halfway


def test_restoring_something_that_is_not_a_backup_is_refused_and_changes_nothing(db, tmp_path, capsys):
    before = _sha(db)
    bogus = tmp_path / "khong_phai.duckdb"
    bogus.write_bytes(b"not a database" * 100)
    assert cli.main(["restore", str(bogus), "--db", str(db)]) == cli.EXIT_REJECTED
    assert str(bogus) in capsys.readouterr().err
    assert _sha(db) == before


def _dump(db: Path) -> dict[str, list]:
    """Every row of every table, to compare two states of the database."""
    con = warehouse.read_only(db)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        return {table: sorted(map(repr, con.execute(f"select * from {table}").fetchall())) for table in tables}
    finally:
        con.close()
