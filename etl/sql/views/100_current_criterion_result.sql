-- Staging: the rows of `criterion_result` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   commune_code   the xã (or phường, thị trấn: results outside the programme are kept, never counted)
--   year           the year assessed
--   criterion_no   the criterion (criterion table)
--   met            whether the xã meets it
--   batch_id       the load that brought the row

create or replace view current_criterion_result as
select * exclude (superseded_by) from criterion_result where superseded_by is null;
