-- Mart: the district-level units holding NTM (or, for cities, "completed the task") at the end of
-- each year, with the decision in force. What "a recognised unit" means is defined here once.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year              the calendar year
--   district_code     the unit
--   level_code        the level held (recognition_level, rank 1 of the district levels)
--   assessment_year   the year the decision in force recognised it for
--   decision_no       that decision's number
--   decision_date     its date, when known

create or replace view mart_district_recognition as
select h.year, h.unit_code as district_code, h.level_code, h.assessment_year, h.decision_no, h.decision_date
from recognition_held h
join recognition_level l using (level_code)
where h.unit_kind = 'district' and l.rank = 1;
