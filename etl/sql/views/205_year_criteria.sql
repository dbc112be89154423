-- Core: each calendar year's criteria set, its units date and the number of its criteria (those of
-- the set in the criterion table: what "every criterion" means that year).
--
-- Columns:
--   year             the calendar year
--   criteria_set     the set the year's data are assessed against (calendar_year)
--   units_on         the day whose units the year's data speak of
--   criteria_count   the set's criteria

create or replace view year_criteria as
select y.year, y.criteria_set, y.units_on, count(k.criterion_no) as criteria_count
from calendar_year y
left join criterion k using (criteria_set)
group by all;
