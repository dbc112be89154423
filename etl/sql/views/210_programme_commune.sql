-- Core: the xã in the commune NTM programme each year (valid at some time that year).
--
-- Columns:
--   year            the calendar year
--   commune_code    the xã
--   name            its name
--   district_code   its district-level unit

create or replace view programme_commune as
select y.year, c.commune_code, c.name, c.district_code
from calendar_year y
join commune c
  on c.unit_type = 'xã'
 and (c.valid_from is null or c.valid_from <= make_date(y.year, 12, 31))
 and (c.valid_to is null or c.valid_to >= make_date(y.year, 1, 1));
