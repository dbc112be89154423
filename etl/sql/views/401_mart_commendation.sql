-- Mart: commendations with the names of their level, form and recipient type, and where (the
-- units valid on the decision's date, else on its year's units date).
--
-- Columns:
--   decision_no            null when the decision is not known
--   year                   of the decision
--   recipient_type         movement_term recipient_type
--   recipient_name         who is commended
--   district_code          where, when known
--   commune_code           where, when known
--   decision_date          when known
--   level_code             movement_term commendation_level
--   form_code              movement_term commendation_form
--   form_text              the form as written
--   recipients             how many the row commends; null = not known
--   reason                 why
--   note                   remarks
--   batch_id               the load that brought the row
--   level_vi               the level's name
--   level_en               (idem, in English)
--   level_order            the level's reporting order
--   form_vi                the form's name
--   form_en                (idem, in English)
--   form_order             the form's reporting order
--   recipient_type_vi      the recipient type's name
--   recipient_type_en      (idem, in English)
--   recipient_type_order   its reporting order
--   district_name          the district's name
--   commune_name           the xã's name

create or replace view mart_commendation as
select
    k.*,
    l.name_vi as level_vi, l.name_en as level_en, l.sort_order as level_order,
    f.name_vi as form_vi, f.name_en as form_en, f.sort_order as form_order,
    r.name_vi as recipient_type_vi, r.name_en as recipient_type_en, r.sort_order as recipient_type_order,
    d.name as district_name,
    c.name as commune_name
from current_commendation k
join movement_term l on l.vocabulary = 'commendation_level' and l.code = k.level_code
join movement_term f on f.vocabulary = 'commendation_form' and f.code = k.form_code
join movement_term r on r.vocabulary = 'recipient_type' and r.code = k.recipient_type
left join district d
  on d.district_code = k.district_code
 and valid_on(d.valid_from, d.valid_to, coalesce(k.decision_date, units_date(k.year)))
left join commune c
  on c.commune_code = k.commune_code
 and valid_on(c.valid_from, c.valid_to, coalesce(k.decision_date, units_date(k.year)));
