"""Lịch sử dữ liệu: every batch (an analyst sees their own), the rows a batch brought, undoing a
batch (an analyst their own, an admin any), and for admins the audit log. Undoing is done (and
audited) by ``etl.actions.rollback``, which refuses what cannot be undone exactly."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import actions, auth, history, preview
from etl.scope import Scope
from ntm import config
from ntm import formatting as fmt
from ntm.catalogue import spec
from ntm.i18n import t
from presentation import exports, history_tables
from ui import access, cached, filters, navigation, panels

DONE = "history_done"
PROVINCE_TIME = "Asia/Ho_Chi_Minh"  # times are stored in UTC and shown as the province reads a clock
XLSX_ROWS = 1_048_576  # the most rows an Excel sheet holds, its header included
COLUMNS = [
    "batch_id",
    "loaded_at",
    "user_name",
    "file_name",
    "dataset",
    "rows_in_file",
    "rows_new",
    "rows_changed",
    "rows_unchanged",
    "result",
    "content_hash",
]

lang = filters.current().lang
user = access.require(navigation.WRITERS, lang)
is_admin = user.role == auth.ADMIN
db = config.db_path()

st.header(t("history.title", lang))
st.caption(t("history.all_batches" if is_admin else "history.own_batches", lang))
if DONE in st.session_state:
    st.success(st.session_state.pop(DONE))

batches = cached.wrap(history.batches)(db, None if is_admin else user.username)
if batches.empty:
    st.info(t("history.no_batches", lang))
    filters.stop(lang)


def local_times(utc: pd.Series) -> list[str]:
    times = (utc if utc.dt.tz else utc.dt.tz_localize("UTC")).dt.tz_convert(PROVINCE_TIME)
    return [fmt.date(value, lang) + value.strftime(" %H:%M") for value in times]


def result(row) -> str:
    if row.status == history.ROLLBACK_STATUS:
        return t("history.rollback_of", lang, batch=int(row.undoes))
    if row.status == "rolled_back":
        return t("history.rolled_back", lang, batch=int(row.undone_by))
    return t("history.loaded", lang)


table = batches.assign(
    result=[result(row) for row in batches.itertuples()],
    loaded_at=local_times(batches["loaded_at"]),
    content_hash=batches["content_hash"].str[:12],
    dataset=[spec().datasets[key].name(lang) if key in spec().datasets else key for key in batches["dataset"]],
)[COLUMNS]
panels.data(table.rename(columns={c: t(f"history.column_{c}", lang) for c in COLUMNS}), "lich-su-tai", lang)

chosen = st.selectbox(
    t("history.choose_batch", lang),
    list(batches["batch_id"]),
    format_func=lambda b: t(
        "history.batch_label", lang, batch=b, file=batches.set_index("batch_id").at[b, "file_name"]
    ),
)
row = next(batches[batches["batch_id"] == chosen].itertuples())


def labelled(column: str) -> str:
    return preview.field_label(column, lang)


def batch_downloads(batch_id: int, table_name: str, total: int) -> None:
    """Every row the batch brought to the table, as CSV, and as XLSX when a sheet can hold them:
    built when asked for, as a national batch brings over a million rows."""

    def whole() -> pd.DataFrame:
        return history.batch_rows(db, batch_id, table_name).rename(columns=labelled)

    name = f"lan-tai-{batch_id}-{table_name}"
    left, right = st.columns(2)
    left.download_button(
        t("panel.csv", lang),
        data=lambda: exports.csv_bytes(whole()),
        file_name=f"{name}.csv",
        mime=exports.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=f"csv-{name}",
    )
    if total < XLSX_ROWS:
        right.download_button(
            t("panel.xlsx", lang),
            data=lambda: exports.xlsx_bytes(whole()),
            file_name=f"{name}.xlsx",
            mime=exports.XLSX_MIME,
            on_click="ignore",
            icon=":material/download:",
            key=f"xlsx-{name}",
        )
    else:
        right.caption(t("history.too_many_rows_for_xlsx", lang, limit=fmt.count(XLSX_ROWS - 1, lang)))


st.subheader(t("history.rows_heading", lang, batch=chosen))
for table_name, brought in cached.wrap(history.batch_preview)(db, int(chosen)).items():
    shown, total = fmt.count(len(brought.first_rows), lang), fmt.count(brought.total, lang)
    dataset = spec().datasets[history.table_datasets()[table_name]].name(lang)
    st.caption(
        t("history.table_rows", lang, dataset=dataset, count=total)
        if shown == total
        else t("history.table_first_rows", lang, dataset=dataset, shown=shown, count=total)
    )
    panels.shown(history_tables.stored_rows(brought.first_rows, labelled, lang), lang)
    batch_downloads(int(chosen), table_name, brought.total)

may_undo = row.status == "loaded" and (is_admin or row.user_name == user.username)
if may_undo:
    sure = st.checkbox(t("history.rollback_sure", lang, batch=chosen), key=f"sure_{chosen}")
    if st.button(t("history.rollback", lang, batch=chosen), disabled=not sure, type="primary", icon=":material/undo:"):
        try:
            done = actions.rollback(db, access.accounts(), access.actor(user), int(chosen))
        except history.RollbackRefused as refused:
            st.error(refused.message(lang))
        else:
            st.cache_data.clear()  # every page reads the restored figures at once
            st.session_state[DONE] = t(
                "etl.rollback_done",
                lang,
                batch=chosen,
                rollback=done.batch_id,
                withdrawn=done.rows_withdrawn,
                restored=done.rows_restored,
            )
            st.rerun()

if is_admin:
    with st.expander(t("history.audit_heading", lang), icon=":material/policy:"):
        log = pd.DataFrame(access.accounts().audit_log())
        if not log.empty:
            log["at"] = local_times(pd.to_datetime(log["at"], unit="s", utc=True))
            districts = cached.districts(db)
            log = history_tables.audit_log(log, lang, lambda scope: Scope.parse(scope).describe(lang, districts))
            panels.data(
                log.drop(columns="audit_id").rename(
                    columns={c: t(f"history.audit_{c}", lang) for c in ("at", "actor", "event", "subject", "detail")}
                ),
                "nhat-ky",
                lang,
            )
