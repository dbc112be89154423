-- Core: the district-level units (huyện, thị xã, thành phố) valid on each year's units date: the
-- units a year's figures count and rank. None from 1/7/2025, when the district level was abolished.
--
-- Columns:
--   year            the calendar year
--   district_code   the unit
--   name            its name
--   kind            its kind (district table)

create or replace view programme_district as
select y.year, d.district_code, d.name, d.kind
from calendar_year y
join district d on valid_on(d.valid_from, d.valid_to, y.units_on);
