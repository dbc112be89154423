-- Staging: the rows of `indicator_value` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   commune_code     the xã
--   year             the year assessed
--   indicator_code   the sub-indicator (indicator table)
--   value_number     its value, when a number
--   value_text       its value as written, when not a number
--   met              whether it meets the threshold, when the file says
--   batch_id         the load that brought the row

create or replace view current_indicator_value as
select * exclude (superseded_by) from indicator_value where superseded_by is null;
