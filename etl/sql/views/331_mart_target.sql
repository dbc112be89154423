-- Mart: every target in force with what does not depend on the year viewed (analytics/targets.py
-- adds the latest value up to that year): names, and the base value, the plan's or else the
-- observed value of the base year (base_observed). A national target ('national', as reported for
-- 2030) is a benchmark: the values it is compared with are the province's (observed_scope).
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   position         the order the pages list targets in before their status is known (district,
--                    measure, criterion, target year; the province first, then national targets)
--   scope_code       'province', 'national', 'former_kien_giang' or a district code
--   district_name    the unit's name (null for the province)
--   measure_code     the measure
--   name_vi          the measure's name
--   name_en          (idem, in English)
--   unit             the measure's unit
--   direction        increase | decrease: which way is progress
--   criterion_no     the criterion, for communes_meeting_criterion only (of the target year's set)
--   criterion_vi     the criterion's name
--   criterion_en     (idem, in English)
--   base_year        the plan's base year
--   base_value       the plan's base value, else the observed value of the base year
--   base_observed    whether base_value is the observed one
--   target_year      the year the target is for
--   target_value     the value to reach
--   source           the plan it comes from
--   district_order   the scopes numbered in the order of position
--   observed_scope   the scope whose values the target is compared with (mart_measure_year)
--   criteria_set     the set of the target year: the period the target belongs to

create or replace view mart_target as
with targets as (
    select *, case when scope_code = 'national' then 'province' else scope_code end as observed_scope
    from current_target
)
select
    row_number() over (
        order by d.name nulls first, t.scope_code <> 'province', t.scope_code, t.measure_code,
                 t.criterion_no nulls first, t.target_year
    ) as position,
    t.scope_code, d.name as district_name, t.measure_code, m.name_vi, m.name_en, m.unit, m.direction,
    t.criterion_no, k.name_vi as criterion_vi, k.name_en as criterion_en,
    t.base_year, coalesce(t.base_value, b.value) as base_value,
    t.base_value is null and b.value is not null as base_observed,
    t.target_year, t.target_value, t.source,
    dense_rank() over (order by d.name nulls first, t.scope_code <> 'province', t.scope_code) as district_order,
    t.observed_scope,
    y.criteria_set
from targets t
join measure m using (measure_code)
left join district d on d.district_code = t.scope_code
left join calendar_year y on y.year = t.target_year
left join criterion k on k.criteria_set = y.criteria_set and k.criterion_no = t.criterion_no
left join mart_measure_year b
  on b.year = t.base_year and b.scope_code = t.observed_scope and b.measure_code = t.measure_code
 and b.criterion_no is not distinct from t.criterion_no;
