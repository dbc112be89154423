-- Core: the years that carry facts (criteria results, or a recognition decided for that year),
-- within the calendar: the choices of the year filter and the years the measures are given for.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year               a calendar year with data
--   criteria_results   whether criteria results were loaded for it (the trend starts at the first such year)

create or replace view year_with_data as
with results as (
    select distinct year from current_criterion_result
),
recognitions as (
    select distinct assessment_year as year from current_recognition
),
final as (
    select y.year, r.year is not null as criteria_results
    from calendar_year y
    left join results r using (year)
    where r.year is not null or y.year in (select year from recognitions)
)
select * from final;
