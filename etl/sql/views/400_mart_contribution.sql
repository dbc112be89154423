-- Mart: resources mobilised by the emulation movement, one row per unit (district or province
-- level), year and item, with the item's vocabulary, unit and names.
--
-- Columns:
--   scope_code      a district code, or 'province' for the province level
--   district_code   the district, null for the province level
--   year            the year mobilised
--   item_code       the funding source or other contribution (movement_term)
--   vocabulary      funding_source | contribution_other
--   unit            VND | m2 | workday
--   sort_order      the item's reporting order
--   name_vi         the item's name
--   name_en         (idem, in English)
--   value           đồng for money, m² for land, days for work days

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
