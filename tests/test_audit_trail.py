"""The pages and the command line leave the same audit trail (``etl.actions``): a file refused,
checked and loaded, a batch undone or refused, an account changed — the same events, subjects and
details, told apart only by when, from where (``client``) and, for an account change, by whom.
And who may not act is refused, whichever route they take."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from etl import actions, auth, cli, history, load
from etl.scope import Scope
from tests.account_support import (
    AN_BIEN,
    PASSWORD,
    TAY_YEN,
    XLSX,
    add_district_analyst,
    an_bien,
    app,
    button,
    choose,
    open_page,
    session,
)
from tests.workbooks import CommuneRow, CriteriaSheet, criteria_workbook, marks_met

SIGNING_IN = {"sign_in", "sign_out", "sign_in_failed", "sign_in_refused"}  # only the pages sign in
PAGE_CLIENT = auth.client_address(None, [])  # the address AppTest's sessions come from
NEW_PASSWORD = "mật khẩu mới đủ dài 2025"


pytestmark = pytest.mark.database("an_bien")


@pytest.fixture
def databases(warehouses, tmp_path, monkeypatch):
    """Two copies of An Biên's database: one the command line writes, one the pages write (NTM_DB)."""
    for side in ("cli", "page"):
        (tmp_path / side).mkdir()
    cli_db, page_db = (warehouses.copy("an_bien", tmp_path / side) for side in ("cli", "page"))
    monkeypatch.setenv("NTM_DB", str(page_db))
    return cli_db, page_db


def last_record(db) -> int:
    log = auth.Accounts(auth.store_path(db)).audit_log(limit=1)
    return log[0]["audit_id"] if log else 0


def trail(db, after: int) -> tuple[list[tuple], set[str]]:
    """The records after ``after``, oldest first, as (actor, event, subject, detail without client), and
    the clients they came from."""
    log = [
        e
        for e in reversed(auth.Accounts(auth.store_path(db)).audit_log())
        if e["audit_id"] > after and e["event"] not in SIGNING_IN
    ]
    return (
        [(e["actor"], e["event"], e["subject"], {k: v for k, v in e["detail"].items() if k != "client"}) for e in log],
        {e["detail"]["client"] for e in log},
    )


def with_a_wrong_mark() -> bytes:
    marks = marks_met(19)
    marks[4] = "có lẽ"
    return criteria_workbook(CriteriaSheet([CommuneRow(*TAY_YEN, marks, total=19)]))


def add_an_bien(db) -> None:
    auth.Accounts(auth.store_path(db)).add_user(
        "an_bien", "An Biên", auth.ANALYST, Scope.districts([AN_BIEN]), PASSWORD, "test"
    )


def test_a_file_refused_checked_and_loaded_is_recorded_alike_by_the_command_line_and_the_upload_page(
    databases, tmp_path, monkeypatch
):
    cli_db, page_db = databases
    wrong, fixed = tmp_path / "loi.xlsx", tmp_path / "an_bien_sua.xlsx"
    wrong.write_bytes(with_a_wrong_mark())
    fixed.write_bytes(an_bien(19, 17))

    add_an_bien(cli_db)
    start = last_record(cli_db)
    as_an_bien = ["--db", str(cli_db), "--user", "an_bien"]
    assert cli.main(["load", str(wrong), "--dry-run", *as_an_bien]) == cli.EXIT_REJECTED
    assert cli.main(["load", str(fixed), "--dry-run", *as_an_bien]) == cli.EXIT_OK
    assert cli.main(["load", str(fixed), *as_an_bien]) == cli.EXIT_OK
    from_cli, cli_clients = trail(cli_db, start)

    token = session(page_db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))

    at = open_page(app(monkeypatch, token), "pages/upload.py")
    start = last_record(page_db)
    at = choose(at, wrong.name, wrong.read_bytes())  # the check is the page's dry run
    assert at.error[0].value.startswith("✗ loi.xlsx")
    at = at.file_uploader(key="files_0").set_value((fixed.name, fixed.read_bytes(), XLSX)).run()
    at = button(at, "Xác nhận tải lên").click().run()
    assert not at.exception and "lần tải #2" in at.success[0].value
    from_page, page_clients = trail(page_db, start)

    counts = {"rows": 2, "new": 0, "changed": 1, "unchanged": 1}
    assert from_cli == [
        (
            "an_bien",
            "upload_rejected",
            "loi.xlsx",
            {
                "dataset": "criteria",
                "status": "rejected",
                "batch": None,
                "rows": 0,
                "new": 0,
                "changed": 0,
                "unchanged": 0,
                "errors": 1,
                "dry_run": True,
            },
        ),
        (
            "an_bien",
            "upload",
            "an_bien_sua.xlsx",
            {"dataset": "criteria", "status": "loaded", "batch": 2, **counts, "errors": 0, "dry_run": False},
        ),
    ]  # the dry run that passed changed nothing and is not recorded
    assert from_page == from_cli
    assert (cli_clients, page_clients) == ({actions.COMMAND_LINE}, {PAGE_CLIENT})


def test_a_batch_undone_and_one_refused_are_recorded_alike_by_the_command_line_and_the_history_page(
    databases, monkeypatch
):
    cli_db, page_db = databases
    for db in databases:  # batches 2 and 3 by An Biên, 3 replacing the one value 2 changed: 2 cannot go first
        assert load.load_bytes(db, "an_bien_sua.xlsx", an_bien(19, 17), user="an_bien").batch_id == 2
        assert load.load_bytes(db, "an_bien_sua_lai.xlsx", an_bien(18, 17), user="an_bien").batch_id == 3

    add_an_bien(cli_db)
    start = last_record(cli_db)
    assert cli.main(["rollback", "2", "--db", str(cli_db), "--user", "an_bien"]) == cli.EXIT_REJECTED
    assert cli.main(["rollback", "3", "--db", str(cli_db), "--user", "an_bien"]) == cli.EXIT_OK
    from_cli, cli_clients = trail(cli_db, start)

    token = session(page_db, "an_bien", auth.ANALYST, Scope.districts([AN_BIEN]))

    at = open_page(app(monkeypatch, token), "pages/history.py")
    start = last_record(page_db)
    for batch in (2, 3):
        next(box for box in at.selectbox if box.label == "Xem lần tải").set_value(batch).run()
        at.checkbox(key=f"sure_{batch}").check().run()
        at = button(at, f"Hoàn tác lần tải #{batch}").click().run()
        assert not at.exception
    assert "Đã hoàn tác lần tải #3" in at.success[0].value
    from_page, page_clients = trail(page_db, start)

    assert from_cli == [
        ("an_bien", "rollback_refused", "2", {"reason": "rollback_later"}),
        ("an_bien", "rollback", "3", {"batch": 4, "withdrawn": 1, "restored": 1}),
    ]
    assert from_page == from_cli
    assert (cli_clients, page_clients) == ({actions.COMMAND_LINE}, {PAGE_CLIENT})


def test_account_changes_are_recorded_alike_by_the_command_line_and_the_users_page(databases, monkeypatch):
    cli_db, page_db = databases
    monkeypatch.delenv("NTM_PUBLIC_VIEW")

    def typed(password: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))

    start = last_record(cli_db)
    on_cli = ["--db", str(cli_db)]
    typed(PASSWORD)
    adding = [
        *f"users add an_bien --role analyst --district {AN_BIEN} --password-stdin".split(),
        "--name",
        "Cán bộ An Biên",
    ]
    assert cli.main([*adding, *on_cli]) == cli.EXIT_OK
    typed(NEW_PASSWORD)
    assert cli.main(["users", "reset", "an_bien", "--password-stdin", *on_cli]) == cli.EXIT_OK
    assert cli.main(["users", "disable", "an_bien", *on_cli]) == cli.EXIT_OK
    assert cli.main(["users", "public-view", "on", *on_cli]) == cli.EXIT_OK
    from_cli, cli_clients = trail(cli_db, start)

    at = open_page(app(monkeypatch, session(page_db, "quan_tri", auth.ADMIN)), "pages/users.py")
    start = last_record(page_db)
    at = add_district_analyst(at, "an_bien", "Cán bộ An Biên", AN_BIEN)
    at.selectbox[-1].set_value("an_bien").run()
    reset = next(form for form in at.get("form") if any(b.label == "Đặt mật khẩu mới" for b in form.button))
    for field in reset.text_input:
        field.input(NEW_PASSWORD)
    at = next(b for b in reset.button if b.label == "Đặt mật khẩu mới").click().run()
    assert at.success[0].value.startswith("Đã đặt mật khẩu mới cho an_bien")
    at = button(at, "Khóa tài khoản").click().run()
    at.toggle(key="public_view").set_value(True).run()
    assert not at.exception
    from_page, page_clients = trail(page_db, start)

    def without_actor(records):
        return [record[1:] for record in records]

    assert without_actor(from_cli) == [
        ("user_added", "an_bien", {"role": "analyst", "scope": "districts:908"}),
        ("password_reset", "an_bien", {}),
        ("user_disabled", "an_bien", {}),
        ("public_view_on", None, {}),
    ]
    assert without_actor(from_page) == without_actor(from_cli)
    assert {record[0] for record in from_page} == {"quan_tri"}
    assert (cli_clients, page_clients) == ({actions.COMMAND_LINE}, {PAGE_CLIENT})


@pytest.fixture
def store(tmp_path):
    return auth.Accounts(tmp_path / "accounts.sqlite")


@pytest.mark.parametrize("role, active", [(auth.ANALYST, True), (auth.VIEWER, True), (auth.ADMIN, False)])
def test_only_an_active_admin_or_the_operator_changes_accounts(store, role, active):
    store.add_user("nguoi_dung", "Người dùng", role, Scope.province(), PASSWORD, "test")
    store.set_active("nguoi_dung", active, "test")
    someone = actions.Actor.signed_in(store.user("nguoi_dung"), "198.51.100.7")
    before = store.audit_log()
    with pytest.raises(auth.AccountError) as refused:
        actions.set_public_view(store, someone, True)
    assert refused.value.key == "not_an_admin" and refused.value.params == {"user": "nguoi_dung"}
    with pytest.raises(auth.AccountError):
        actions.add_user(store, someone, "moi", "Mới", auth.ADMIN, Scope.province(), PASSWORD)
    assert store.public_view() is None and store.user("moi") is None
    assert store.audit_log() == before
    actions.set_public_view(store, actions.Actor.operator(store), True)
    assert store.public_view() is True


def test_an_admin_cannot_disable_their_own_account_from_any_route(store):
    store.add_user("quan_tri", "Quản trị", auth.ADMIN, Scope.province(), PASSWORD, "test")
    admin = actions.Actor.signed_in(store.user("quan_tri"), "198.51.100.7")
    with pytest.raises(auth.AccountError, match="cannot_disable_self"):
        actions.set_active(store, admin, "QUAN_TRI", False)
    assert store.user("quan_tri").active
    actions.set_active(store, actions.Actor.operator(store), "quan_tri", False)  # the machine's operator may
    assert not store.user("quan_tri").active


def test_a_viewers_rollback_is_refused_recorded_and_changes_nothing(db, store):
    store.add_user("lanh_dao", "Lãnh đạo", auth.VIEWER, Scope.province(), PASSWORD, "test")
    before = history.batches(db).values.tolist()
    with pytest.raises(history.RollbackRefused) as refused:
        actions.rollback(db, store, actions.Actor.operator(store, "lanh_dao"), 1)
    assert refused.value.message() == "Tài khoản lanh_dao không có quyền hoàn tác lần tải."
    assert history.batches(db).values.tolist() == before
    (entry, *_) = store.audit_log()
    assert (entry["actor"], entry["event"], entry["subject"], entry["detail"]) == (
        "lanh_dao",
        "rollback_refused",
        "1",
        {"reason": "rollback_no_rights", "client": actions.COMMAND_LINE},
    )


def test_a_load_is_reported_even_when_its_audit_record_cannot_be_written(db, tmp_path, monkeypatch, capsys, caplog):
    unwritable = tmp_path / "not_a_store"
    unwritable.mkdir()  # a folder where the accounts store should be: SQLite cannot open it
    monkeypatch.setenv("NTM_ACCOUNTS_DB", str(unwritable))
    wrong = tmp_path / "loi.xlsx"
    wrong.write_bytes(with_a_wrong_mark())
    assert cli.main(["load", str(wrong), "--dry-run", "--db", str(db)]) == cli.EXIT_REJECTED
    assert "✗" in capsys.readouterr().out  # the file's report, as always
    (message,) = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert message.startswith("upload_rejected loi.xlsx") and str(unwritable) in message
