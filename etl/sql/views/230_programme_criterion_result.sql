-- Core: each programme xã's result for each criterion in each year, with the criterion's group.
--
-- Columns:
--   year            the year assessed
--   commune_code    the xã
--   district_code   its district-level unit
--   criterion_no    the criterion
--   group_no        the criterion's group
--   met             whether the xã meets it

create or replace view programme_criterion_result as
select r.year, r.commune_code, p.district_code, r.criterion_no, k.group_no, r.met
from current_criterion_result r
join programme_commune p using (commune_code, year)
join criterion k using (criterion_no);
