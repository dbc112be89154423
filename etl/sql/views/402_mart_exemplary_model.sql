-- Mart: the register of exemplary models, with names of their field and place (the units valid in
-- the year it was recognised).
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
--   field_vi           the field's name
--   field_en           (idem, in English)
--   field_order        the field's reporting order
--   district_name      the district's name
--   commune_name       the xã's name

create or replace view mart_exemplary_model as
select
    m.*,
    f.name_vi as field_vi, f.name_en as field_en, f.sort_order as field_order,
    d.name as district_name,
    c.name as commune_name
from current_exemplary_model m
join movement_term f on f.vocabulary = 'model_field' and f.code = m.field_code
left join district d
  on d.district_code = m.district_code and valid_on(d.valid_from, d.valid_to, units_date(m.year_recognised))
left join commune c
  on c.commune_code = m.commune_code and valid_on(c.valid_from, c.valid_to, units_date(m.year_recognised));
