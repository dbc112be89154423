-- Staging: the rows of `exemplary_model` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   name               the model's name
--   district_code      where, when known
--   commune_code       where, when known
--   field_code         movement_term model_field
--   owner              who runs it
--   year_recognised    the year it was recognised
--   description        what it is
--   replicated         whether it was replicated
--   replicated_where   where it was replicated
--   batch_id           the load that brought the row

create or replace view current_exemplary_model as
select * exclude (superseded_by) from exemplary_model where superseded_by is null;
