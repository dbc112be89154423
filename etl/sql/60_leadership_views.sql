-- Marts of the leadership pages (criteria, xã, districts, targets, near the finish).
-- Built on 50_core_views.sql; recreated by every `init` and every load.

-- Core: each programme xã's result for each criterion in each year, with the criterion's group.
create or replace view programme_criterion_result as
select r.year, r.commune_code, p.district_code, r.criterion_no, k.group_no, r.met
from current_criterion_result r
join programme_commune p using (commune_code, year)
join criterion k using (criterion_no);

-- Mart: per year, district-level unit and criterion, the xã assessed and the xã meeting it.
-- Small at any scale (units x 19 x years): the province's figures are its sum.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_criterion_district_year as
select
    year,
    district_code,
    criterion_no,
    group_no,
    count(*) as communes_assessed,
    count(*) filter (where met) as communes_met
from programme_criterion_result
group by year, district_code, criterion_no, group_no;

-- Mart: criteria lost after recognition ("phúc tra"): a xã holding NTM (any level) at the end of
-- the previous year whose result for the year does not meet the criterion. A xã whose recognition
-- is withdrawn that year still counts: the re-check that led to the withdrawal found the gap.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_criterion_lost as
select r.year, r.commune_code, r.district_code, r.criterion_no, r.group_no
from programme_criterion_result r
where not r.met
  and exists (
      select 1
      from recognition_held h
      join recognition_level l using (level_code)
      where h.unit_kind = 'commune' and l.rank >= 1
        and h.unit_code = r.commune_code and h.year = r.year - 1
  );

-- Mart: what each assessed xã still lacks each year, as criterion numbers in order.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_commune_gap as
with missing as (
    select year, commune_code, list(criterion_no order by criterion_no) as missing
    from programme_criterion_result
    where not met
    group by year, commune_code
),
final as (
    select
        m.year,
        m.commune_code,
        m.commune_name,
        m.district_code,
        m.criteria_met,
        (select count(*) from criterion) - m.criteria_met as criteria_missing,
        coalesce(g.missing, []::integer[]) as missing,
        m.recognition_rank
    from mart_commune_year m
    left join missing g using (year, commune_code)
    where m.criteria_assessed is not null
)
select * from final;

-- Mart: the value of every measure a target can be set on (measures.csv), per scope and year:
-- the province ('province') and each district-level unit. Only years with data; a measure
-- built on criteria results has no value in a year without them.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_measure_year as
with years as (
    select year from current_criterion_result
    union
    select assessment_year from current_recognition
),
communes as (
    select m.*
    from mart_commune_year m
    join years using (year)
),
commune_measures as (
    select
        year,
        coalesce(district_code, 'province') as scope_code,
        count(*) filter (where recognition_rank >= 1) as communes_ntm,
        count(*) filter (where recognition_rank >= 2) as communes_advanced,
        count(*) filter (where recognition_rank >= 3) as communes_model,
        avg(criteria_met) as avg_criteria,
        case when count(criteria_assessed) > 0
             then count(*) filter (where criteria_met < 15) end as communes_below_15
    from communes
    group by grouping sets ((year), (year, district_code))
),
district_measures as (
    -- The province counts its recognised units; a unit's own value is 1 once it is recognised.
    select y.year, 'province' as scope_code, count(r.district_code) as districts_recognised
    from years y
    left join mart_district_recognition r using (year)
    group by y.year
    union all
    select y.year, d.district_code, count(r.district_code)
    from years y
    cross join district d
    left join mart_district_recognition r on r.year = y.year and r.district_code = d.district_code
    group by y.year, d.district_code
),
criterion_measures as (
    select year, coalesce(district_code, 'province') as scope_code, criterion_no, sum(communes_met) as value
    from mart_criterion_district_year
    group by grouping sets ((year, criterion_no), (year, district_code, criterion_no))
),
final as (
    select scope_code, measure_code, null::integer as criterion_no, year, value::double as value
    from commune_measures
    unpivot (value for measure_code in (
        communes_ntm, communes_advanced, communes_model, avg_criteria, communes_below_15
    ))
    union all
    select scope_code, 'districts_recognised', null, year, districts_recognised
    from district_measures
    union all
    select scope_code, 'communes_meeting_criterion', criterion_no, year, value
    from criterion_measures
)
select * from final;

-- Mart: every target in force with what does not depend on the year viewed (analytics.queries.
-- target_progress adds the latest value up to that year): names, and the base value, the plan's
-- or else the observed value of the base year (base_observed). ``position`` is the order the
-- pages list targets in before their status is known (district, measure, criterion, target
-- year; the province first); ``district_order`` numbers the districts in that order.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_target as
select
    row_number() over (
        order by d.name nulls first, t.measure_code, t.criterion_no nulls first, t.target_year
    ) as position,
    t.scope_code, d.name as district_name, t.measure_code, m.name_vi, m.name_en, m.unit, m.direction,
    t.criterion_no, k.name_vi as criterion_vi, k.name_en as criterion_en,
    t.base_year, coalesce(t.base_value, b.value) as base_value,
    t.base_value is null and b.value is not null as base_observed,
    t.target_year, t.target_value, t.source,
    dense_rank() over (order by d.name nulls first) as district_order
from current_target t
join measure m using (measure_code)
left join district d on d.district_code = t.scope_code
left join criterion k on k.criterion_no = t.criterion_no
left join mart_measure_year b
  on b.year = t.base_year and b.scope_code = t.scope_code and b.measure_code = t.measure_code
 and b.criterion_no is not distinct from t.criterion_no;

-- Mart: the observed values of each target's measure (mart_measure_year), by the target's
-- ``position`` in mart_target and year: the few rows the latest value up to a year is taken from.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_target_value as
select t.position, v.year, v.value
from mart_target t
join mart_measure_year v
  on v.scope_code = t.scope_code and v.measure_code = t.measure_code
 and v.criterion_no is not distinct from t.criterion_no;
