-- The emulation movement's results as the pages read them. Recreated by every write.

create or replace view current_commendation as
select * exclude (superseded_by) from commendation where superseded_by is null;

create or replace view current_contribution as
select * exclude (superseded_by) from contribution where superseded_by is null;

create or replace view current_exemplary_model as
select * exclude (superseded_by) from exemplary_model where superseded_by is null;

-- Mart: resources mobilised, one row per unit (district or province level), year and item,
-- with the item's vocabulary (funding_source | contribution_other), unit and names.
create or replace view mart_contribution as
select
    c.scope_code,
    case when c.scope_code = 'province' then null else c.scope_code end as district_code,
    c.year,
    c.item_code,
    t.vocabulary,
    t.unit,
    t.sort_order,
    t.name_vi,
    t.name_en,
    c.value
from current_contribution c
join movement_term t on t.code = c.item_code and t.vocabulary in ('funding_source', 'contribution_other');

-- Mart: commendations with the names of their level, form and recipient type, and where.
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
left join district d on d.district_code = k.district_code
left join commune c on c.commune_code = k.commune_code;

-- Mart: the register of exemplary models, with names of their field and place.
create or replace view mart_exemplary_model as
select
    m.*,
    f.name_vi as field_vi, f.name_en as field_en, f.sort_order as field_order,
    d.name as district_name,
    c.name as commune_name
from current_exemplary_model m
join movement_term f on f.vocabulary = 'model_field' and f.code = m.field_code
left join district d on d.district_code = m.district_code
left join commune c on c.commune_code = m.commune_code;
