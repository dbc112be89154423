-- Mart: per scope (scope_commune: 'province', 'former_kien_giang', each district-level unit), year
-- and criterion of the year's set, the programme xã assessed, meeting it, not meeting it and lost
-- after recognition. Only the criteria with results in the scope that year; small at any scale
-- (units x criteria x years).
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   scope_code          'province', 'former_kien_giang' or a district code
--   year                the year assessed
--   criterion_no        the criterion
--   communes_assessed   xã with a result for it
--   communes_met        xã meeting it
--   communes_not_met    xã not meeting it
--   share_met           communes_met per 100 assessed, to one decimal
--   communes_lost       xã holding NTM the year before that do not meet it (mart_criterion_lost)
--   criteria_set        the year's criteria set, whose criterion it is

create or replace view mart_criterion_scope_year as
with counts as (
    select
        s.scope_code,
        r.year,
        r.criterion_no,
        count(*) as communes_assessed,
        count(*) filter (where r.met) as communes_met
    from programme_criterion_result r
    join scope_commune s using (year, commune_code)
    group by s.scope_code, r.year, r.criterion_no
),
lost as (
    select s.scope_code, l.year, l.criterion_no, count(*) as communes_lost
    from mart_criterion_lost l
    join scope_commune s using (year, commune_code)
    group by s.scope_code, l.year, l.criterion_no
),
final as (
    select
        c.scope_code,
        c.year,
        c.criterion_no,
        c.communes_assessed,
        c.communes_met,
        c.communes_assessed - c.communes_met as communes_not_met,
        round(100.0 * c.communes_met / c.communes_assessed, 1) as share_met,
        coalesce(l.communes_lost, 0) as communes_lost,
        y.criteria_set
    from counts c
    join calendar_year y using (year)
    left join lost l using (scope_code, year, criterion_no)
)
select * from final;
