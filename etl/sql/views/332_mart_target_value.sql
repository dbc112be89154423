-- Mart: the observed values of each target's measure (mart_measure_year, in the target's
-- observed_scope), by its position in mart_target and year: the few rows the latest value up to a
-- year is taken from.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   position   the target (mart_target)
--   year       a year with data
--   value      the measure's value that year

create or replace view mart_target_value as
select t.position, v.year, v.value
from mart_target t
join mart_measure_year v
  on v.scope_code = t.observed_scope and v.measure_code = t.measure_code
 and v.criterion_no is not distinct from t.criterion_no;
