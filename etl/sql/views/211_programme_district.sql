-- Core: the district-level units (huyện, thị xã, thành phố) of the province each year (valid at
-- some time that year): the units a year's figures count and rank.
--
-- Columns:
--   year            the calendar year
--   district_code   the unit
--   name            its name
--   kind            its kind (district table)

create or replace view programme_district as
select y.year, d.district_code, d.name, d.kind
from calendar_year y
join district d
  on (d.valid_from is null or d.valid_from <= make_date(y.year, 12, 31))
 and (d.valid_to is null or d.valid_to >= make_date(y.year, 1, 1));
