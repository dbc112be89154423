-- Core: the years that carry facts (criteria results, or a recognition decided for that year),
-- within the calendar: the choices of the year filter and the years the measures are given for.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year               a calendar year with data
--   criteria_results   whether criteria results were loaded for it (the trend starts at the first such year)

create or replace view year_with_data as
select y.year, y.year in (select year from current_criterion_result) as criteria_results
from calendar_year y
where y.year in (select year from current_criterion_result)
   or y.year in (select assessment_year from current_recognition);
