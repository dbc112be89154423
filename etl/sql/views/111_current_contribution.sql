-- Staging: the rows of `contribution` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   scope_code   a district code, or 'province' for the province level
--   year         the year mobilised
--   item_code    movement_term funding_source or contribution_other
--   value        đồng for money, m² for land, days for work days
--   batch_id     the load that brought the row

create or replace view current_contribution as
select * exclude (superseded_by) from contribution where superseded_by is null;
