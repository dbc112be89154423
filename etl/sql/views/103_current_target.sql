-- Staging: the rows of `target` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   scope_code     'province' or a district code
--   measure_code   the measure (measure table)
--   criterion_no   the criterion, for communes_meeting_criterion only
--   base_year      the plan's base year
--   base_value     the plan's base value (null: the observed value of the base year is used)
--   target_year    the year the target is for
--   target_value   the value to reach
--   source         the plan it comes from
--   batch_id       the load that brought the row

create or replace view current_target as
select * exclude (superseded_by) from target where superseded_by is null;
