"""The command line's accounts, history and rollback: the first admin is created here, loads made
as a known account obey its scope, and a batch is undone by its number."""

from __future__ import annotations

import json

import pytest

from etl import auth
from etl.scope import Scope
from tests.command_line import etl
from tests.workbooks import GIUC_TUONG, PHI_THONG, CommuneRow, CriteriaSheet, criteria_workbook, marks_met

PASSWORD = "mật khẩu quản trị 2025"


@pytest.fixture
def two_districts(tmp_path):
    path = tmp_path / "hai_huyen.xlsx"
    path.write_bytes(
        criteria_workbook(
            CriteriaSheet([CommuneRow(*GIUC_TUONG[:2], marks_met(17)), CommuneRow(*PHI_THONG[:2], marks_met(19))])
        )
    )
    return path


def add(db, name: str, *options: str):
    return etl("users", "add", name, *options, "--password-stdin", db=db, stdin=PASSWORD + "\n")


def test_the_first_admin_is_created_from_the_command_line_and_listed(db):
    created = add(db, "quan_tri", "--role", "admin", "--name", "Quản trị")
    assert created.returncode == 0, created.stderr
    listed = etl("users", "list", "--json", db=db)
    assert json.loads(listed.stdout) == [
        {
            "username": "quan_tri",
            "name": "Quản trị",
            "role": "admin",
            "scope": "province",
            "active": True,
            "locked": False,
        }
    ]
    assert PASSWORD not in created.stdout + created.stderr + listed.stdout
    assert auth.Accounts(auth.store_path(db)).sign_in("quan_tri", PASSWORD).outcome == "ok"


def test_a_password_is_never_taken_from_the_arguments_and_must_be_long_enough(db):
    no_terminal = etl("users", "add", "quan_tri", "--role", "admin", db=db)
    assert no_terminal.returncode == 1 and "--password-stdin" in no_terminal.stderr
    short = etl("users", "add", "quan_tri", "--role", "admin", "--password-stdin", db=db, stdin="ngắn\n")
    assert short.returncode == 1 and "ít nhất" in short.stderr
    assert etl("users", "add", "quan_tri", "--role", "admin", "--password", PASSWORD, db=db).returncode == 2


def test_disable_enable_reset_and_public_view(db):
    add(db, "an_bien", "--role", "analyst", "--district", "An Biên")
    assert auth.Accounts(auth.store_path(db)).user("an_bien").scope.codes == {"908"}
    assert etl("users", "disable", "an_bien", db=db).returncode == 0
    assert auth.Accounts(auth.store_path(db)).sign_in("an_bien", PASSWORD).outcome == "disabled"
    assert etl("users", "enable", "an_bien", db=db).returncode == 0
    reset = etl("users", "reset", "an_bien", "--password-stdin", db=db, stdin="mật khẩu mới đủ dài\n")
    assert reset.returncode == 0
    assert auth.Accounts(auth.store_path(db)).sign_in("an_bien", "mật khẩu mới đủ dài").outcome == "ok"
    assert etl("users", "public-view", "on", db=db).returncode == 0
    assert auth.Accounts(auth.store_path(db)).public_view() is True
    assert etl("users", "disable", "khong_co", db=db).returncode == 1


def test_unlock_is_the_operators_way_in_when_a_stranger_keeps_the_only_admin_locked(db):
    add(db, "quan_tri", "--role", "admin")
    office, now = "198.51.100.1", [1_700_000_000.0]  # the stranger shares the admin's address
    store = auth.Accounts(auth.store_path(db), clock=lambda: now[0])
    for _ in range(auth.LOCK_AFTER_FAILURES):
        store.sign_in("quan_tri", "đoán bừa", client=office)
        now[0] += max(auth.DELAYS)  # waits out each slow-down
    assert store.sign_in("quan_tri", PASSWORD, client=office).outcome == "locked"
    unlocked = etl("users", "unlock", "QUAN_TRI", db=db)
    assert unlocked.returncode == 0 and "quan_tri" in unlocked.stdout
    assert store.sign_in("quan_tri", PASSWORD, client=office).outcome == "ok"
    assert etl("users", "unlock", "khong_co", db=db).returncode == 1


def test_an_accounts_sessions_are_listed_and_ended_from_the_command_line(db):
    add(db, "an_bien", "--role", "analyst", "--district", "908")
    store = auth.Accounts(auth.store_path(db))
    office, phone = (store.sign_in("an_bien", PASSWORD, client=where).token for where in ("10.0.0.5", "10.0.0.9"))
    listed = json.loads(etl("users", "sessions", "an_bien", "--json", db=db).stdout)
    assert sorted(s["client"] for s in listed) == ["10.0.0.5", "10.0.0.9"]
    one = next(s["session"] for s in listed if s["client"] == "10.0.0.9")
    ended = etl("users", "revoke", "an_bien", "--session", one, db=db)
    assert ended.returncode == 0 and "1" in ended.stdout
    assert store.session_user(phone) is None and store.session_user(office) is not None
    assert etl("users", "revoke", "an_bien", "--session", one, db=db).returncode == 1
    assert etl("users", "revoke", "an_bien", db=db).returncode == 0
    assert store.session_user(office) is None
    assert "không có phiên" in etl("users", "sessions", "an_bien", db=db).stdout


def test_api_tokens_are_made_printed_once_listed_without_the_token_and_revoked(db):
    made = etl("tokens", "add", "bo_nong_nghiep", "--expires", "90d", "--json", db=db)
    assert made.returncode == 0, made.stderr
    token = json.loads(made.stdout)["token"]
    district = etl("tokens", "add", "an_bien_api", "--district", "An Biên", db=db)
    assert district.returncode == 0 and "districts:908" in district.stdout
    store = auth.Accounts(auth.store_path(db))
    assert store.api_token(token).scope == Scope.province()
    listed = etl("tokens", "list", "--json", db=db)
    assert [(k["name"], k["scope"]) for k in json.loads(listed.stdout)] == [
        ("an_bien_api", "districts:908"),
        ("bo_nong_nghiep", "province"),
    ]
    assert token not in listed.stdout
    assert etl("tokens", "add", "bo_nong_nghiep", db=db).returncode == 1  # the name is taken
    assert etl("tokens", "add", "x", "--expires", "hôm qua", db=db).returncode == 2
    assert etl("tokens", "revoke", "bo_nong_nghiep", db=db).returncode == 0
    assert store.api_token(token) is None
    assert etl("tokens", "revoke", "bo_nong_nghiep", db=db).returncode == 1


def test_load_as_a_district_analyst_rejects_rows_of_another_district(db, two_districts):
    add(db, "chau_thanh", "--role", "analyst", "--district", "905")
    result = etl("load", str(two_districts), "--user", "chau_thanh", "--json", db=db)
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert [(e["code"], e["row"]) for e in body["errors"]] == [("scope_row_outside", 5)]
    assert etl("load", str(two_districts), "--json", db=db).returncode == 0  # the operator: whole province


def test_load_as_a_viewer_writes_nothing(db, two_districts):
    add(db, "lanh_dao", "--role", "viewer")
    result = etl("load", str(two_districts), "--user", "lanh_dao", "--json", db=db)
    assert result.returncode == 1
    assert [e["code"] for e in json.loads(result.stdout)["errors"]] == ["scope_no_rights"]


def test_history_and_rollback_by_batch_number(db, two_districts):
    etl("load", str(two_districts), "--user", "van_phong", db=db)
    history = json.loads(etl("history", "--json", db=db).stdout)
    assert [(b["batch_id"], b["user_name"], b["status"]) for b in history] == [(1, "van_phong", "loaded")]
    assert {"file_name", "content_hash", "dataset", "rows_in_file", "loaded_at"} <= history[0].keys()

    undone = etl("rollback", "1", "--json", db=db)
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout)["rollback_batch_id"] == 2
    assert json.loads(etl("summary", "--json", "--year", "2024", db=db).stdout)["communes_assessed"] == 0
    assert [b["status"] for b in json.loads(etl("history", "--json", db=db).stdout)] == ["rollback", "rolled_back"]
    again = etl("rollback", "1", db=db)
    assert again.returncode == 1 and "#1" in again.stderr
    assert "#2" in etl("history", db=db).stdout


def test_an_analyst_may_roll_back_only_their_own_batch_from_the_command_line(db, two_districts):
    add(db, "an_bien", "--role", "analyst", "--district", "908")
    etl("load", str(two_districts), "--user", "van_phong", db=db)
    refused = etl("rollback", "1", "--user", "an_bien", db=db)
    assert refused.returncode == 1 and "van_phong" in refused.stderr
