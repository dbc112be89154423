-- Mart: assessed xã per criteria band of the year's set, scope (scope_commune: 'province',
-- 'former_kien_giang', each district-level unit) and year; only the bands that hold some (the
-- read side lists every band of the year's set).
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   scope_code     'province', 'former_kien_giang' or a district code
--   year           the year assessed
--   band           the criteria band (criteria_band)
--   communes       assessed xã in the band
--   criteria_set   the year's criteria set, whose band it is

create or replace view mart_band_scope_year as
select s.scope_code, m.year, m.band, count(*) as communes, any_value(m.criteria_set) as criteria_set
from mart_commune_year m
join scope_commune s using (year, commune_code)
where m.band is not null
group by s.scope_code, m.year, m.band;
