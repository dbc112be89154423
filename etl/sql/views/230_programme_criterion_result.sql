-- Core: each programme xã's result for each criterion of its year's set in each year, with the
-- criterion's group.
--
-- Columns:
--   year            the year assessed
--   commune_code    the xã
--   district_code   its district-level unit (null from 1/7/2025)
--   criterion_no    the criterion
--   group_no        the criterion's group (null: the set's groups are not published)
--   met             whether the xã meets it
--   valid_from      the xã's first day (programme_commune): with the code, which unit

create or replace view programme_criterion_result as
select r.year, r.commune_code, p.district_code, r.criterion_no, k.group_no, r.met, p.valid_from
from current_criterion_result r
join programme_commune p using (commune_code, year)
join calendar_year y using (year)
join criterion k on k.criteria_set = y.criteria_set and k.criterion_no = r.criterion_no;
