-- Core: the recognitions held at the end of each year, with the decision in force; by assessment
-- year, a later withdrawal (or re-recognition) of the same level replaces the earlier event. A
-- decision counts in a year only while the unit it named is the unit valid on the year's units
-- date: a new xã inherits nothing from the old unit whose code it took.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year              the calendar year
--   unit_code         a xã's or a district-level unit's code
--   unit_kind         commune | district
--   level_code        the level held (recognition_level)
--   assessment_year   the year the decision in force recognised it for
--   decision_no       that decision's number
--   decision_date     its date, when known

create or replace view recognition_held as
with ranked as (
    select
        y.year,
        r.unit_code,
        r.unit_kind,
        r.level_code,
        r.action,
        r.assessment_year,
        r.decision_no,
        r.decision_date,
        row_number() over (
            partition by y.year, r.unit_code, r.level_code
            order by r.assessment_year desc, r.decision_date desc nulls last, r.batch_id desc
        ) as latest
    from recognition_event r
    join calendar_year y
      on r.assessment_year <= y.year and valid_on(r.unit_valid_from, r.unit_valid_to, y.units_on)
),
final as (
    select year, unit_code, unit_kind, level_code, assessment_year, decision_no, decision_date
    from ranked
    where latest = 1 and action = 'recognised'
)
select * from final;
