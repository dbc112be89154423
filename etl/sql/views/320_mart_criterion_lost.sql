-- Mart: criteria lost after recognition ("phúc tra"): a xã holding NTM (any level) at the end of
-- the previous year whose result for the year does not meet the criterion. A xã whose recognition
-- is withdrawn that year still counts: the re-check that led to the withdrawal found the gap. Only
-- the same unit the year before: a new xã that took an old unit's code lost nothing of it.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year            the year assessed
--   commune_code    the xã
--   district_code   its district-level unit (null from 1/7/2025)
--   criterion_no    the criterion it does not meet
--   group_no        the criterion's group

create or replace view mart_criterion_lost as
select r.year, r.commune_code, r.district_code, r.criterion_no, r.group_no
from programme_criterion_result r
join mart_commune_year previous
  on previous.commune_code = r.commune_code and previous.year = r.year - 1
 and previous.valid_from is not distinct from r.valid_from
where not r.met and previous.holds_ntm;
