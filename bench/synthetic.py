"""Synthetic national-scale data, generated in DuckDB SQL (``range()`` and ``hash()``) so that
10,000 xã × 6 years × 19 criteria (and ~57 sub-indicators each) take seconds, not minutes.

The reference units of Kiên Giang are replaced by synthetic districts (3-digit codes, ~14 xã each)
and xã (5-digit codes from 10000); the criteria, indicators, measures and vocabularies stay the
real ones. Marks improve with the year, so trends, bands and targets have something to show.
Everything is written inside one ``warehouse.transaction``, marked as sample data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from etl import warehouse

COMMUNES_PER_DISTRICT = 14
# The measures a 2021–2025 plan sets a target on for the province and each district (the targets on
# one criterion are their own rows; the 2030 national measures are not a district's).
PLAN_MEASURES = [
    "communes_ntm",
    "communes_advanced",
    "communes_model",
    "districts_recognised",
    "avg_criteria",
    "communes_below_15",
]
FIRST_CODE = 10000
LOADED_AT = dt.datetime(2025, 12, 1, 9, 0)


def years_of(count: int) -> list[int]:
    """The last ``count`` assessment years, ending with 2025."""
    return list(range(2026 - count, 2026))


def build(db: Path, communes: int, years: int) -> Path:
    """A warehouse at ``db`` with ``communes`` synthetic xã assessed over ``years`` years."""
    first, last = years_of(years)[0], years_of(years)[-1]
    districts = -(-communes // COMMUNES_PER_DISTRICT)
    warehouse.init(db)
    with warehouse.transaction(db) as con:
        params = {
            "n": communes,
            "d": districts,
            "first": first,
            "last": last,
            "per": COMMUNES_PER_DISTRICT,
            "code": FIRST_CODE,
            "plan": PLAN_MEASURES,
        }
        for statement in _STATEMENTS:
            con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
        con.execute("insert into meta values ('sample_data', 'true')")
    return db


_STATEMENTS = [
    "delete from commune",
    "delete from district",
    # Districts 100…; xã codes from $code, numbered within their district.
    """insert into district
       select printf('%03d', 100 + i), 'Huyện Tổng Hợp ' || (i + 1), 'huyện', null, null,
              'Tong Hop ' || (i + 1) || ' District'
       from range($d) t(i)""",
    """insert into commune
       select printf('%05d', $code + i), 'Xã Tổng Hợp ' || (i + 1), 'xã',
              printf('%03d', 100 + i // $per), null, null, 'Tong Hop ' || (i + 1) || ' Commune', 'kien_giang', null
       from range($n) t(i)""",
    "update programme_size set communes = $n",
    """insert into batch (batch_id, dataset, file_name, content_hash, user_name, loaded_at, rows_in_file,
                          rows_new, rows_changed, rows_unchanged, is_sample)
       select row_number() over () , dataset, dataset || '_tong_hop.xlsx', 'synthetic', 'bench',
              timestamp '2025-12-01 09:00:00', 0, 0, 0, 0, true
       from (values ('criteria'), ('indicators'), ('recognitions'), ('targets'), ('contributions'),
                    ('commendations'), ('models'), ('directives'), ('tasks'), ('agency_reports')) v(dataset)""",
    # The loader numbers its batches from this sequence: move it past the ten above.
    "select nextval('batch_seq') from range(10)",
    # Each xã starts somewhere between 5 and 19 criteria met and gains one to three a year.
    """insert into criterion_result
       select c.commune_code, y.year, k.criterion_no,
              (hash(c.commune_code, k.criterion_no) % 19) <
                  least(19, 5 + hash(c.commune_code) % 15 + (y.year - $first) * (1 + hash(c.commune_code, 'pace') % 3)),
              1, null
       from commune c, range($first, $last + 1) y(year), calendar_year s, criterion k
       where s.year = y.year and k.criteria_set = s.criteria_set""",
    """insert into indicator_value
       select c.commune_code, y.year, i.indicator_code,
              round((hash(c.commune_code, i.indicator_code, y.year) % 1000) / 10.0, 1), null,
              hash(c.commune_code, i.indicator_code, y.year) % 10 < 7, 2, null
       from commune c, range($first, $last + 1) y(year), indicator i""",
    # Recognised NTM the first year all 19 were met; nâng cao / kiểu mẫu for a share of those.
    """insert into recognition
       with first_all as (
           select commune_code, min(year) as year from (
               select commune_code, year from criterion_result group by all having bool_and(met))
           group by all)
       select commune_code, 'commune', level, 'recognised', year + lag,
              'QĐ ' || (hash(commune_code, level) % 9000 + 1) || '/QĐ-UBND', make_date(year + lag, 12, 20),
              'UBND tỉnh', 3, null, 'ordinary'
       from first_all, (values ('ntm', 0, 100), ('ntm_advanced', 1, 30), ('ntm_model', 2, 8)) l(level, lag, share)
       where hash(commune_code, 'level') % 100 < share and year + lag <= $last""",
    """insert into recognition
       select district_code, 'district', 'district_ntm', 'recognised', $last - 1, 'QĐ ' || district_code,
              make_date($last - 1, 12, 20), 'Thủ tướng Chính phủ', 3, null, 'ordinary'
       from district where hash(district_code) % 3 = 0""",
    """insert into target
       select scope, m.measure_code, null, $first, 0, 2025,
              case m.measure_code when 'avg_criteria' then 19 when 'communes_below_15' then 0
                   when 'districts_recognised' then greatest(1, $d // 2)
                   else greatest(1, (case scope when 'province' then $n else $per end) * 8 // 10) end,
              'Kế hoạch tổng hợp', 4, null
       from (select 'province' as scope union all select district_code from district) s, measure m
       where list_contains($plan, m.measure_code)""",
    """insert into target
       select 'province', 'communes_meeting_criterion', criterion_no, $first, 0, 2025, $n, 'Kế hoạch tổng hợp', 4, null
       from criterion join calendar_year using (criteria_set) where year = 2025""",
    # The movement, in proportion: every district reports every source every year.
    """insert into contribution
       select d.district_code, y.year, t.code, (hash(d.district_code, t.code, y.year) % 50 + 1) * 1e8, 5, null
       from district d, range($first, $last + 1) y(year), movement_term t
       where t.vocabulary in ('funding_source', 'contribution_other')""",
    """insert into commendation (decision_no, year, recipient_type, recipient_name, district_code, commune_code,
                                 decision_date, level_code, form_code, form_text, recipients, batch_id)
       select 'QĐ ' || (i + 1) || '/QĐ-UBND', $first + i % ($last - $first + 1), 'collective',
              'Tập thể tiêu biểu ' || (i + 1), printf('%03d', 100 + i % $d), null, null,
              case i % 2 when 0 then 'province' else 'district' end,
              case i % 2 when 0 then 'certificate_of_merit' else 'certificate' end,
              case i % 2 when 0 then 'Bằng khen' else 'Giấy khen' end, 1 + i % 5, 6
       from range($d * 3) t(i)""",
    """insert into exemplary_model (name, district_code, commune_code, field_code, year_recognised,
                                    replicated, batch_id)
       select 'Mô hình ' || (i + 1), printf('%03d', 100 + i % $d), printf('%05d', $code + i * 7 % $n),
              (select list(code order by sort_order) from movement_term where vocabulary = 'model_field')[1 + i % 6],
              $first + i % ($last - $first + 1), i % 3 = 0, 7
       from range($d * 2) t(i)""",
    # Directives in proportion (one per 500 xã), each with eight tasks for the province's agencies.
    """insert into directive (directive_code, doc_number, number_known, issued_on, issued_year, issued_month,
                              issuer, subject, batch_id)
       select (i + 1) || '/CT-UBND', (i + 1) || '/CT-UBND', true, make_date($last - 1 - i % 2, 1 + i % 12, 1),
              $last - 1 - i % 2, 1 + i % 12, 'UBND tỉnh', 'Chỉ thị tổng hợp ' || (i + 1), 8
       from range(greatest(1, $n // 500)) t(i)""",
    """insert into task (directive_code, task_no, content, responsible, coordinating, cycle, ends_on, batch_id)
       select d.directive_code, (k + 1)::varchar, 'Nhiệm vụ ' || (k + 1),
              (select string_agg(agency_code, ';') from (
                  select agency_code from agency where hash(agency_code, d.directive_code, k) % 5 = 0)),
              null, case k % 3 when 0 then 'quarterly' when 1 then 'six_monthly' else 'yearly' end,
              make_date($last, 12, 31), 9
       from directive d, range(8) t(k)""",
    """insert into agency_report (agency_code, directive_code, task_no, period_code, submitted_on,
                                  first_submitted_on, status, batch_id)
       select a.agency_code, a.directive_code, a.task_no, p.period_code, make_date($last, 12, 15),
              make_date($last, 12, 15), case hash(a.agency_code, a.task_no) % 3 when 0 then 'completed'
              when 1 then 'in_progress' else 'not_started' end, 10
       from task_agency a join task t using (directive_code, task_no),
            (values ('quarterly', $last || '-Q1'), ('quarterly', $last || '-Q2'), ('six_monthly', $last || '-H1'),
                    ('yearly', $last::varchar)) p(cycle, period_code)
       where a.role = 'responsible' and t.cycle = p.cycle and hash(a.agency_code, a.task_no, p.period_code) % 4 <> 0""",
]
