-- Mart: assessed xã per criteria band, scope (the province, 'province', and each district-level
-- unit) and year; only the bands that hold some (the read side lists every band of criteria_band).
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   scope_code   'province' or a district code
--   year         the year assessed
--   band         the criteria band (criteria_band)
--   communes     assessed xã in the band

create or replace view mart_band_scope_year as
select coalesce(district_code, 'province') as scope_code, year, band, count(*) as communes
from mart_commune_year
where band is not null
group by grouping sets ((year, band), (year, district_code, band));
