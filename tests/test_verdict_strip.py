"""The verdict strip a page opens with, through AppTest on the sample data, its figures counted again
from the database: the province's targets in 2025, a district without targets of its own, and 2026.
"""

from __future__ import annotations

import duckdb
import pytest
from fixtures import AN_BIEN
from streamlit.testing.v1 import AppTest

from analytics import districts
from ntm import formatting as fmt
from tests.period_fixtures import build_periods_warehouse

pytestmark = [pytest.mark.database("sample"), pytest.mark.slow]

XA_HOLDING_NTM = """
    select count(*) filter (where holds_ntm) from mart_commune_year join scope_commune using (year, commune_code)
    where year = ? and scope_code = ?
"""
VINH_THUAN = "910"  # no targets of its own on the sample
TARGET = "select target_value from current_target where scope_code = ? and measure_code = ? and target_year = ?"
# A scope's xã short of some criterion, fewest criteria met first (then by name).
XA_SHORT = """
    select p.name from mart_commune_year m join scope_commune s using (year, commune_code)
    join programme_commune p using (year, commune_code)
    where m.year = ? and s.scope_code = ? and m.criteria_met < m.criteria_count
    order by m.criteria_met, p.name
"""
FEWEST_MEETING_ALL = """
    select d.name, round(100.0 * count(*) filter (where m.criteria_missing = 0) / count(m.criteria_met), 1) as share
    from mart_commune_year m join programme_district d on d.district_code = m.district_code and d.year = m.year
    where m.year = ? group by d.name order by share, d.name
"""
XA_SHORT_MET = XA_SHORT.replace("select p.name from", "select p.name, m.criteria_met from")


def strip(at: AppTest) -> list[str]:
    """The strip's lines: its heading, then a line per target (or a note that there are none)."""
    box = at.main.get_by_key("verdict-strip")
    return [element.value for element in box if getattr(element, "type", "") in ("markdown", "caption")]


def lagging(at: AppTest) -> list[str]:
    """The units the strip names as lagging most, as its buttons read."""
    return list(at.button_group(key="open-lagging").options)


def rows(db, sql: str, *args) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(args)).fetchall()


def strip_comes_before_any_chart(at: AppTest) -> bool:
    order = [getattr(node, "key", None) or getattr(node, "type", "") for node in at.main]
    return order.index("verdict-strip") < min(
        (i for i, kind in enumerate(order) if kind == "plotly_chart"), default=len(order)
    )


def ntm_line(lines: list[str], db, year: int, scope: str, lang: str = "vi") -> str:
    """The strip's line of the target on xã NTM of ``scope``, checked against the database's counts."""
    now, before = (rows(db, XA_HOLDING_NTM, counted, scope)[0][0] for counted in (year, year - 1))
    target = rows(db, TARGET, scope, "communes_ntm", 2025)[0][0]
    measure = {"vi": "Số xã đạt chuẩn nông thôn mới", "en": "Communes meeting the NTM standard"}[lang]
    line = next(line for line in lines if f"**{measure}**" in line)
    met = now >= target
    assert line.startswith(":blue-badge[" if met else ":red-badge[")
    percent = fmt.number(100 * now / target, lang, 1)
    assert (f"đạt {percent}% kế hoạch" if lang == "vi" else f"{percent}% of plan") in line
    unit = {"vi": "xã", "en": "communes"}[lang]
    assert f"{now} / {fmt.amount(target, lang)} {unit}" in line
    gap = {"vi": f"Còn thiếu {fmt.amount(target - now, lang)} xã", "en": f"Still missing {target - now:g} (communes)"}
    assert (gap[lang] in line) != met
    change = {"vi": f"+{now - before} so với {year - 1}", "en": f"+{now - before} since {year - 1}"}
    unchanged = {"vi": f"không đổi so với {year - 1}", "en": f"unchanged since {year - 1}"}
    assert (change if now > before else unchanged)[lang] in line
    return line


def test_the_provinces_strip_says_each_2025_target_with_its_gap_plan_share_and_change(open_page, shared_db):
    at = open_page("overview", year="2025")
    lines = strip(at)
    assert lines[0] == "**Kết quả so với mục tiêu – Toàn tỉnh, năm 2025**"
    ntm_line(lines, shared_db, 2025, "province")
    targets = rows(
        shared_db, "select count(*) from current_target where scope_code = 'province' and target_year = 2025"
    )
    assert sum(line.startswith(":") for line in lines) == targets[0][0]  # a line each
    # The districts lagging most, lowest first on the measure that separates them (test_touch_safe_charts).
    units = districts.units_to_rank(shared_db, 2025)
    lowest = units.sort_values(districts.separating_measure(units), kind="stable")["district_name"].iloc[0]
    assert lagging(at)[0].startswith(f"{lowest} (")
    assert strip_comes_before_any_chart(at)


def test_a_districts_strip_gives_its_own_target_and_names_its_xa_lagging_most(open_page, shared_db):
    at = open_page("overview", year="2025", district=AN_BIEN, lang="en")
    lines = strip(at)
    assert lines[0] == "**Results against targets – An Bien District, 2025**"
    ntm_line(lines, shared_db, 2025, AN_BIEN, "en")
    short = [name for (name,) in rows(shared_db, XA_SHORT, 2025, AN_BIEN)][:3]
    english = {name: english for name, english in rows(shared_db, "select name, name_en from programme_commune")}
    assert short and [label.split(" (")[0] for label in lagging(at)] == [english[name] for name in short]


def test_a_district_without_targets_says_so(open_page):
    lines = strip(open_page("overview", year="2025", district=VINH_THUAN))
    assert lines[1] == "Chưa có mục tiêu nào của Huyện Vĩnh Thuận cho giai đoạn của năm 2025."


def test_tapping_a_lagging_xa_of_the_strip_opens_its_page_with_the_year_and_district_kept(open_page, shared_db):
    at = open_page("overview", year="2025", district=AN_BIEN)
    buttons = at.button_group(key="open-lagging")
    code, name = rows(shared_db, XA_SHORT.replace("select p.name", "select p.commune_code, p.name"), 2025, AN_BIEN)[0]
    at = buttons.set_value(code).run()
    assert not at.exception
    assert at.header[0].value.startswith(name)
    assert at.query_params.get("commune") == code and at.query_params.get("district") == AN_BIEN
    assert at.session_state["year"] == 2025


@pytest.mark.database.with_args(build_periods_warehouse)
def test_2026_shows_the_national_target_on_the_provinces_values_and_the_new_xa_lagging(open_page, shared_db):
    at = open_page("overview", year="2026")
    lines = strip(at)
    assert lines[0] == "**Kết quả so với mục tiêu – Toàn tỉnh, năm 2026**"
    holding, total = rows(
        shared_db,
        "select count(*) filter (where holds_ntm), count(*) from mart_commune_year join scope_commune"
        " using (year, commune_code) where year = 2026 and scope_code = 'province'",
    )[0]
    share = round(100 * holding / total, 1)
    target = rows(shared_db, TARGET, "national", "share_communes_ntm", 2030)[0][0]
    national = next(line for line in lines if "– Toàn quốc (mục tiêu tham chiếu)**" in line)
    assert f"đạt {fmt.number(round(100 * share / target, 1), 'vi', 1)}% kế hoạch" in national
    short = rows(shared_db, XA_SHORT_MET, 2026, "province")[:3]
    assert short and lagging(at) == [f"{name} ({criteria} tiêu chí)" for name, criteria in short]
