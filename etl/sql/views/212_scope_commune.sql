-- Core: the programme xã of each scope each year: the province as it was that year ('province'),
-- the former Kiên Giang territory ('former_kien_giang': Kiên Giang's xã until 30/6/2025, the new xã
-- made from them after, so 2021–2025 and 2026+ compare on the same ground), and each district-level
-- unit valid that year (its code; none from 1/7/2025). Every scope mart counts through here.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   scope_code     'province', 'former_kien_giang' or a district code
--   year           the calendar year
--   commune_code   a programme xã of the scope

create or replace view scope_commune as
select 'province' as scope_code, year, commune_code from programme_commune
union all
select 'former_kien_giang', year, commune_code from programme_commune where in_former_kien_giang
union all
select d.district_code, d.year, p.commune_code
from programme_commune p
join programme_district d on d.year = p.year and d.district_code = p.district_code;
