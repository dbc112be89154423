-- Core: the scopes each year has figures for (scope_commune's, with or without xã), with the
-- year's criteria set and its number of criteria, so a scope mart carries the change of set.
--
-- Columns:
--   scope_code       'province', 'former_kien_giang' or a district code
--   year             the calendar year
--   criteria_set     the set the year's data are assessed against (calendar_year)
--   criteria_count   its number of criteria (year_criteria)

create or replace view year_scope as
with scopes as (
    select 'province' as scope_code, year from calendar_year
    union all
    select 'former_kien_giang', year from calendar_year
    union all
    select district_code, year from programme_district
)
select s.scope_code, s.year, y.criteria_set, y.criteria_count
from scopes s
join year_criteria y using (year);
