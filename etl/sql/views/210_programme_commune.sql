-- Core: the programme's universe each year: the units valid on the year's units date
-- (calendar_year.units_on) whose kind is assessed as xã (unit_type.in_ntm_programme). A code names
-- one unit on a day, so (year, commune_code) names one unit: every fact joins a unit through here.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year                   the calendar year
--   commune_code           the xã
--   name                   its name
--   name_en                its English name
--   district_code          its district-level unit (null from 1/7/2025: no district level)
--   valid_from             its first day (null: before the data kept here); with the code, which unit
--   in_former_kien_giang   whether it lies in the former Kiên Giang territory: a unit of Kiên Giang, or
--                          a new unit made wholly or partly from Kiên Giang's units

create or replace view programme_commune as
select
    y.year, c.commune_code, c.name, c.name_en, c.district_code, c.valid_from,
    c.territory_code = 'kien_giang' or coalesce(c.former_kien_giang in ('whole', 'part'), false) as in_former_kien_giang
from calendar_year y
join commune c on valid_on(c.valid_from, c.valid_to, y.units_on)
join unit_type t on t.unit_type = c.unit_type and t.in_ntm_programme;
