"""The bundled sample workbooks, untidy layouts included, load as they are and reproduce the
province's dated published figures both ways of counting (ntm-2026.md §1): by assessment year, and by
decision date on the day each figure refers to, the cut-off 30/6/2025 included."""

from __future__ import annotations

import hashlib
import json
import shutil

import duckdb
import pandas as pd
import pytest

from analytics import FORMER_KIEN_GIANG, PROVINCE, overview, targets
from etl import load, preview, warehouse
from ntm import config, schema
from ntm import db as database
from ntm import formatting as fmt
from tests.command_line import etl
from tests.test_overview_page import title, values
from tools import sample_an_giang, sample_workbooks

PUBLISHED = sample_workbooks.PUBLISHED  # the figures, their dates and sources (tests/test_sample.py checks them)
TARGETS_YEAR = 2024  # a year whose targets are still running
# The measures a target can be set on that the overview shows too (the average to two decimals).
HEADLINE_MEASURES = ("communes_ntm", "communes_advanced", "communes_model", "districts_recognised", "avg_criteria")

pytestmark = pytest.mark.database("sample")


def test_every_sample_workbook_loads_without_errors(db):
    """The warehouse is the sample workbooks loaded in turn (tests/warehouses.py: a rejection stops
    it there, with the file's errors); each is a load of its own."""
    workbooks = sorted(path.name for path in config.SAMPLE_DIR.glob("*.xlsx"))
    assert len(workbooks) >= 20
    assert database.query(db, "select file_name from batch order by batch_id")["file_name"].tolist() == workbooks


@pytest.mark.parametrize("figure", PUBLISHED, ids=lambda figure: str(figure.results_year))
def test_summary_by_assessment_year_gives_the_xa_figures_published_for_that_year(db, figure):
    figures = overview.summary(db, figure.results_year)
    counted = (figures["recognised_ntm"], figures["recognised_advanced"], figures["recognised_model"])
    published = (figure.ntm, figure.advanced, figure.model)
    assert [c for c, p in zip(counted, published, strict=True) if p is not None] == [
        p for p in published if p is not None
    ]
    assert figures["communes_total"] == 116
    assert figures["communes_assessed"] == 116


# Recognitions in force on a day: per unit and level, the latest decision dated up to it.
_HELD_ON = """
    with latest as (
        select unit_kind, level_code, action, row_number() over (
            partition by unit_code, unit_kind, level_code order by decision_date desc, assessment_year desc
        ) as n
        from current_recognition
        where decision_date <= ?
    )
    select
        count(*) filter (where unit_kind = 'commune' and level_code = 'ntm') as ntm,
        count(*) filter (where unit_kind = 'commune' and level_code = 'ntm_advanced') as advanced,
        count(*) filter (where unit_kind = 'commune' and level_code = 'ntm_model') as model,
        count(*) filter (where unit_kind = 'district') as districts
    from latest
    where n = 1 and action = 'recognised'
"""


@pytest.mark.parametrize("figure", PUBLISHED, ids=lambda figure: figure.as_of.isoformat())
def test_recognitions_by_decision_date_give_each_published_figure_on_its_day(db, figure):
    """The cut-off 30/6/2025 gives 116 / 40 / 5 / 9, the end of the period for the province."""
    held = database.row(db, _HELD_ON, [figure.as_of])
    counted = (held["ntm"], held["advanced"], held["model"], held["districts"])
    published = (figure.ntm, figure.advanced, figure.model, figure.districts)
    assert [c for c, p in zip(counted, published, strict=True) if p is not None] == [
        p for p in published if p is not None
    ]


def test_sample_is_flagged_as_sample(db):
    assert overview.data_status(db)["sample_data"] is True


def test_the_new_provinces_workbooks_are_loaded_and_count_as_bundled_sample_data(db):
    """They sit beside the rest and are loaded with them; their figures are badged as sample too."""
    loaded = set(database.query(db, "select file_name from batch")["file_name"])
    assert set(sample_an_giang.WORKBOOKS) <= loaded
    paths = [config.SAMPLE_DIR / name for name in sample_an_giang.WORKBOOKS]
    assert all(load.is_bundled_sample(hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths)


def test_the_dashboard_opens_the_sample_on_2026_with_the_former_territory_beside_2021_to_2025(open_page):
    """The latest year is the new province's first: its xã reviewed or "chưa rà soát", as the sample's
    story has them; on the former Kiên Giang territory the trend runs from 2020 into 2026."""
    story = sample_an_giang.build_story()
    reviewed = {review.unit_code for review in story.reviews}
    at = open_page("overview")
    assert at.header[0].value == "Nông thôn mới năm 2026 – Toàn tỉnh"
    shown = {metric.label: metric.value for metric in at.metric}
    # Of the new An Giang's 85 xã (NQ 1654), those of the former territory with a review decision hold NTM.
    assert shown["Xã đạt chuẩn NTM"] == f"{len(reviewed)}/85"
    assert shown["Xã chưa rà soát"] == f"{85 - len(reviewed)}/85"
    assert "Dữ liệu mẫu" in " ".join(markdown.value for markdown in at.markdown)
    former = open_page("overview", district=FORMER_KIEN_GIANG)
    shown = {metric.label: metric.value for metric in former.metric}
    territory = len(story.communes)
    assert shown["Xã đạt chuẩn NTM"] == f"{len(reviewed)}/{territory}"
    assert shown["Xã chưa rà soát"] == f"{territory - len(reviewed)}/{territory}"
    trend = json.loads(former.get("plotly_chart")[0].proto.spec)
    assert title(trend) == "Số xã đạt chuẩn nông thôn mới, 2020–2026 – Địa bàn tỉnh Kiên Giang (cũ)"
    ntm = next(trace for trace in trend["data"] if trace["name"] == "Đạt chuẩn NTM")
    by_year = dict(zip(values(ntm["x"]), values(ntm["y"]), strict=True))
    assert (by_year[2025], by_year[2026]) == (116, len(reviewed))  # Kiên Giang's 116 xã, then the new xã
    assert [mark["text"] for mark in trend["layout"]["annotations"]] == [
        "01/07/2025: sắp xếp đơn vị hành chính · Từ 2026: bộ tiêu chí 10 tiêu chí",
        "DỮ LIỆU MẪU",  # the sample's mark, which its PNG keeps
    ]


def test_marts_a_load_could_not_change_are_kept_as_a_rebuild_would_make_them(db, tmp_path):
    """Each load rebuilds only the marts built on the tables it writes and publishes the others as
    they were: after every sample workbook in turn, each mart holds what rebuilding it gives."""
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(db, rebuilt)
    with warehouse.transaction(rebuilt):
        pass  # naming no tables written: every mart is rebuilt
    con = duckdb.connect()
    con.execute(f"attach '{db}' as published (read_only)")
    con.execute(f"attach '{rebuilt}' as rebuilt (read_only)")
    for mart in schema.materialised_views():
        differing = con.execute(f"""select count(*) from (
            (from published.{mart} except all from rebuilt.{mart})
            union all (from rebuilt.{mart} except all from published.{mart}))""").fetchone()[0]
        assert differing == 0, mart


def _shown(measure: str, value: float | None) -> object:
    """What the overview shows for an observed value: the value itself, the average to two decimals."""
    return pytest.approx(value, abs=0.0051) if measure == "avg_criteria" and value is not None else value


def test_the_overview_and_the_targets_page_give_the_same_figures_for_every_scope_and_year(db):
    """The targets' observed values (mart_measure_year) and the overview's headline of the same scope
    and year are one figure: a change to either definition that makes them differ fails here."""
    observed = database.query(
        db,
        "select scope_code, measure_code, year, value from mart_measure_year where measure_code in ? order by all",
        [list(HEADLINE_MEASURES)],
    )
    assert observed["scope_code"].nunique() > 10 and observed["year"].nunique() > 5
    for row in observed.itertuples():
        district = None if row.scope_code == PROVINCE else row.scope_code
        figures = overview.headline(db, row.year, district)
        value = None if pd.isna(row.value) else row.value
        assert figures[row.measure_code] == _shown(row.measure_code, value), row
    # And as each page reads them: every target's latest value is the overview's figure of its year.
    progress = targets.target_progress(db, TARGETS_YEAR)
    followed = progress[progress["measure_code"].isin(HEADLINE_MEASURES) & progress["latest_year"].notna()]
    assert not followed.empty
    for row in followed.itertuples():
        district = None if row.scope_code == PROVINCE else row.scope_code
        figures = overview.headline(db, int(row.latest_year), district)
        assert figures[row.measure_code] == _shown(row.measure_code, row.latest_value), row


@pytest.mark.slow
def test_every_sample_workbook_loaded_again_is_unchanged_in_a_dry_run_and_a_load(db):
    """Loading a file already in force writes nothing, for every dataset: agency reports, whose
    "status" field once clashed with the comparison's own, included."""
    batches = database.query(db, "select count(*) as n from batch")["n"].iloc[0]
    again = {}
    for path in sorted(config.SAMPLE_DIR.glob("*.xlsx")):
        dry, loaded = load.load_path(db, path, dry_run=True), load.load_path(db, path)
        shown = preview.by_district_year(dry.changes, {}, "en")  # what the upload page shows before confirming
        again[path.name] = (
            dry.status,
            loaded.status,
            loaded.rows_changed,
            loaded.rows_new,
            int(shown["Changed"].sum() + shown["New"].sum()),
        )
    assert {name: outcome for name, outcome in again.items() if outcome != ("unchanged", "unchanged", 0, 0, 0)} == {}
    assert database.query(db, "select count(*) as n from batch")["n"].iloc[0] == batches


def test_targets_page_for_the_ended_2021_2025_period_shows_only_verdicts_each_with_its_percent_of_plan(open_page):
    at = open_page("targets", year="2025")
    verdicts = {"Đạt mục tiêu", "Không đạt", "Chưa đủ số liệu đánh giá"}
    assert {metric.label for metric in at.metric} <= verdicts
    table = next(frame.value for frame in at.dataframe if "% kế hoạch" in frame.value.columns)
    assert set(table["Trạng thái"]) <= verdicts
    ntm = table[table["Chỉ tiêu"] == "Số xã đạt chuẩn nông thôn mới"].iloc[0]
    assert ntm["% kế hoạch"] == round(ntm["Giá trị mới nhất"] / ntm["Giá trị mục tiêu"] * 100, 1)
    assert ntm["Diễn giải"].endswith(f"; đạt {fmt.number(ntm['% kế hoạch'], 'vi', 1)}% kế hoạch.")
    # Each target says the source it was read from: none is shown as official without one.
    assert table["Nguồn (văn bản, nơi đọc được)"].notna().all()


def test_summary_at_the_final_review_cutoff_counts_recognitions_by_decision_date_as_published(shared_db):
    """About June 2025, the end of the period for the province: 116 xã NTM, 40 nâng cao, 5 kiểu mẫu and
    9 district-level units (ntm-2026.md §1), counted by the decisions dated up to 30/6/2025."""
    result = etl("summary", "--json", "--cutoff", "2025-06-30", db=shared_db)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    counted = (body["recognised_ntm"], body["recognised_advanced"], body["recognised_model"])
    assert (*counted, body["districts_recognised"]) == (116, 40, 5, 9)
    assert (body["year"], body["cutoff"], body["counted_by"]) == (2025, "2025-06-30", "decision_date")
    assert body["communes_total"] == 116  # the other keys as without a cut-off


def test_summary_refuses_a_cutoff_that_is_not_a_day_with_exit_two(shared_db):
    result = etl("summary", "--cutoff", "30/6/2025", db=shared_db)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


# Xã of a scope holding NTM (any level) on a day, by decision date: per xã (a code and the unit it named on
# the decision's day: a new xã may carry an old code) and level, the latest decision dated up to that day
# decides; counted among the units of the scope's year (params: day, scope, year), apart from analytics/.
NTM_DECIDED_BY = """
    with decided as (
        select r.unit_code, c.valid_from, c.valid_to, r.level_code, r.action, row_number() over (
            partition by r.unit_code, c.valid_from, r.level_code order by r.decision_date desc, r.assessment_year desc
        ) as n
        from current_recognition r
        join commune c on c.commune_code = r.unit_code
         and (c.valid_from is null or c.valid_from <= r.decision_date)
         and (c.valid_to is null or c.valid_to >= r.decision_date)
        where r.unit_kind = 'commune' and r.decision_date <= $1
    ),
    chosen as (select units_on from calendar_year where year = $3)
    select count(distinct d.unit_code) as communes
    from decided d, chosen
    where d.n = 1 and d.action = 'recognised'
      and (d.valid_from is null or d.valid_from <= chosen.units_on)
      and (d.valid_to is null or d.valid_to >= chosen.units_on)
      and d.unit_code in (select commune_code from scope_commune where scope_code = $2 and year = $3)
"""


def test_overview_trend_counted_by_decision_date_gives_each_years_recognitions_as_at_31_12(open_page):
    at = open_page("overview", counting="decision_date")
    assert at.radio[0].value == "decision_date"
    drawn = [json.loads(element.proto.spec) for element in at.get("plotly_chart")]
    trend = next(figure for figure in drawn if title(figure).startswith("Số xã đạt chuẩn"))
    ntm = next(trace for trace in trend["data"] if trace["name"] == "Đạt chuẩn NTM")
    years, counts = values(ntm["x"]), values(ntm["y"])
    db = config.db_path()
    assert counts == [
        database.row(db, NTM_DECIDED_BY, [f"{year}-12-31", "province", year])["communes"] for year in years
    ]
    assert "đếm theo ngày quyết định, tính đến 31/12" in " ".join(caption.value for caption in at.caption)
