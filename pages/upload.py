"""Tải dữ liệu lên (analysts and admins): choose files → the validation report, with a marked copy
of each file to fix in Excel → what would change, per district and year → confirm: each file is
loaded in one transaction, every page shows the new figures at once, the batch numbers are shown.
Blank templates for the account's own xã and agencies. The account's scope is enforced by the
loader itself (``etl.scope``), so rows outside it reject the file whatever this page shows."""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from etl import actions, highlight, history, load, preview, sandbox, templates, warehouse
from ntm import config
from ntm.catalogue import spec
from ntm.db import data_version
from ntm.i18n import t
from ui import access, cached, filters, navigation, panels

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the loader reads (etl.workbook decides by content, the chooser by name): workbooks, and
# boundaries as GeoJSON (etl/readers/boundaries.py).
ACCEPTED = ["xlsx", "xls", "ods", "csv", "geojson", "json"]
CHECKED, CONFIRMED, UPLOADER = "upload_checked", "upload_confirmed", "upload_uploader"
MARKED = "upload_marked"

lang = filters.current().lang
actor = access.actor(access.require(navigation.WRITERS, lang))
db = config.db_path()
scope = actor.write_scope
names = cached.wrap(history.unit_names)(db)
dataset_name = {key: spec().datasets[key].name(lang) for key in templates.datasets()}
every_dataset_name = {key: dataset.name(lang) for key, dataset in spec().datasets.items()}

st.header(t("upload.title", lang))
st.caption(t("upload.scope", lang, scope=scope.describe(lang, cached.districts(db))))
for result in st.session_state.pop(CONFIRMED, []):
    message = t(
        f"upload.done_{result.status}",
        lang,
        file=result.file,
        batch=result.batch_id,
        rows=result.rows,
        new=result.rows_new,
        changed=result.rows_changed,
    )
    (st.error if result.status == "rejected" else st.success)(message)

with st.expander(t("upload.templates", lang), icon=":material/download:"):
    left, middle, right = st.columns([3, 1, 2], vertical_alignment="bottom")
    template = left.selectbox(t("upload.template_dataset", lang), list(dataset_name), format_func=dataset_name.get)
    this_year = dt.date.today().year
    template_year = middle.selectbox(t("upload.template_year", lang), range(this_year, config.FIRST_YEAR - 1, -1))
    # Built when asked for (a national template takes about half a second), not on every view; the
    # benchmark finds it inside this lambda and times it as a file built on click (bench/query_timing.py).
    right.download_button(
        t("upload.template_download", lang),
        lambda: cached.wrap(templates.blank)(db, template, scope, template_year, lang),
        file_name=templates.file_name(template, template_year),
        mime=XLSX,
        icon=":material/download:",
    )

sandbox.warm()  # the worker that will read the files, started while a file is being chosen
nonce = st.session_state.setdefault(UPLOADER, 0)
limit_mb = math.ceil(config.max_upload_bytes() / config.MEGABYTE)
files = st.file_uploader(
    t("upload.choose_files", lang, limit=limit_mb),
    type=ACCEPTED,
    accept_multiple_files=True,
    key=f"files_{nonce}",
    help=t("upload.choose_files_help", lang),
    max_upload_size=limit_mb,  # the chooser's own "… per file" then names the loader's limit
)
left, right = st.columns(2)
forced = left.selectbox(
    t("upload.dataset", lang),
    [None, *dataset_name],
    format_func=lambda key: dataset_name.get(key) or t("upload.dataset_auto", lang),
)
year = right.selectbox(
    t("upload.year", lang),
    [None, *range(config.LAST_YEAR, config.FIRST_YEAR - 1, -1)],
    format_func=lambda value: str(value) if value else t("upload.year_from_file", lang),
    help=t("upload.year_help", lang),
)
if not files:
    filters.stop(lang)


def check_key(file) -> tuple:
    return (file.file_id, forced, year, data_version(db), str(scope))


def check(file) -> load.Result:
    """The dry run of one file, done (and, when refused, audited) once per file, choice and data version."""
    key = check_key(file)
    checked = st.session_state.setdefault(CHECKED, {})
    if key not in checked:
        checked[key] = actions.load_file(
            db, access.accounts(), actor, file.name, file.getvalue(), year=year, dataset=forced, dry_run=True
        )
    return checked[key]


def report(file, result: load.Result) -> None:
    dataset = every_dataset_name.get(result.dataset, "–")
    status = t(
        f"upload.check_{result.status}",
        lang,
        file=file.name,
        dataset=dataset,
        rows=result.rows,
        new=result.rows_new,
        changed=result.rows_changed,
        unchanged=result.rows_unchanged,
        errors=len(result.errors),
    )
    {"rejected": st.error, "unchanged": st.info}.get(result.status, st.success)(status)
    stem = file.name.rsplit(".", 1)[0]
    if result.problems:
        panels.data(
            preview.problems(result.problems, lang),
            f"{stem}-{t('upload.problems_suffix', lang)}",
            lang,
            key=f"problems-{file.file_id}",
        )
    if result.problems and result.readable:  # a file that could not be read has nothing to mark
        st.download_button(
            t("upload.marked_download", lang),
            marked_copy(file, result),
            file_name=f"{stem}_{t('upload.marked_suffix', lang)}.xlsx",
            mime=XLSX,
            key=f"marked_{file.file_id}",
            icon=":material/format_color_fill:",
        )
    if result.status != "rejected" and result.changes is not None:
        st.markdown(t("upload.preview_heading", lang))
        panels.data(
            preview.by_district_year(result.changes, names, lang),
            f"{stem}-{t('upload.preview_suffix', lang)}",
            lang,
            key=f"preview-{file.file_id}",
        )
        changed = preview.changed_values(result.changes, names, lang)
        if not changed.empty:
            st.markdown(t("upload.changes_heading", lang, count=len(changed)))
            panels.data(changed, f"{stem}-{t('upload.changes_suffix', lang)}", lang, key=f"changes-{file.file_id}")


def marked_copy(file, result: load.Result):
    """The copy with the problems marked, made when its button is clicked (in the sandbox: openpyxl
    reads the file again) and kept for the session."""
    copies = st.session_state.setdefault(MARKED, {})
    key, content = (*check_key(file), lang), file.getvalue()

    def build() -> bytes:
        if key not in copies:
            copies[key] = highlight.marked_copy(file.name, content, result.problems, lang)
        return copies[key]

    return build


def confirm(files) -> tuple[list[load.Result], str | None]:
    """Load each file for real (one transaction each); the results, and what stopped it, if anything."""
    loaded = []
    try:
        for file in files:
            loaded.append(
                actions.load_file(db, access.accounts(), actor, file.name, file.getvalue(), year=year, dataset=forced)
            )
    except warehouse.WarehouseBusy:
        return loaded, t("etl.db_busy", lang)
    except warehouse.WarehouseUnwritable as exc:
        return loaded, t("etl.db_unwritable", lang, reason=str(exc))
    return loaded, None


results = []
for file in files:
    with st.container(border=True):
        result = check(file)
        report(file, result)
        results.append((file, result))

ready = all(r.status != "rejected" for _, r in results) and any(r.status == "loaded" for _, r in results)
if not ready:
    st.warning(t("upload.nothing_to_confirm", lang))
if st.button(t("upload.confirm", lang), type="primary", disabled=not ready, icon=":material/check:"):
    loaded, failure = confirm(files)
    st.cache_data.clear()  # every page reads the new figures at once
    st.session_state[CONFIRMED] = loaded
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(MARKED, None)
    if failure:
        st.error(failure)
        filters.stop(lang)
    st.session_state[UPLOADER] = nonce + 1  # a fresh, empty file chooser
    st.rerun()
