-- Mart: the value of every measure a target can be set on (measures.csv, measures_national.csv),
-- per scope (mart_scope_year's) and year with data: the headline figures of mart_scope_year and
-- the criteria of mart_criterion_scope_year, one row per value. A measure of the xã has no value
-- in a scope without xã; one built on criteria results, none in a year without them.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   scope_code     'province', 'former_kien_giang' or a district code
--   measure_code   the measure (measure table)
--   criterion_no   the criterion, for communes_meeting_criterion only
--   year           a year with data (year_with_data)
--   value          the measure's value

create or replace view mart_measure_year as
with scopes as (
    select s.*
    from mart_scope_year s
    join year_with_data using (year)
),
commune_measures as (
    select
        scope_code, year, communes_ntm, communes_advanced, communes_model, avg_criteria, communes_below_15,
        communes_ntm_modern, share_ntm as share_communes_ntm, share_ntm_modern as share_communes_ntm_modern
    from scopes
    where communes_in_programme > 0
),
final as (
    select scope_code, measure_code, null::integer as criterion_no, year, value::double as value
    from commune_measures
    unpivot (value for measure_code in (
        communes_ntm, communes_advanced, communes_model, avg_criteria, communes_below_15,
        communes_ntm_modern, share_communes_ntm, share_communes_ntm_modern
    ))
    union all
    select scope_code, 'districts_recognised', null, year, districts_recognised
    from scopes
    union all
    select scope_code, 'communes_meeting_criterion', criterion_no, year, communes_met
    from mart_criterion_scope_year
)
select * from final;
