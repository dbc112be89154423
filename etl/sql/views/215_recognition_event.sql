-- Core: each recognition decision in force with the unit it names, found by its code and the day
-- it speaks of: the decision's date, else the units date of its assessment year (31/12 of a year
-- before the calendar). A code alone names no unit (a new xã may carry an old thị trấn's code); a
-- decision whose code names no unit on that day is left out.
--
-- Columns:
--   unit_code         a xã's or a district-level unit's code
--   unit_kind         commune | district
--   level_code        the level recognised or withdrawn (recognition_level)
--   action            recognised | withdrawn
--   assessment_year   the year recognised for (or of the withdrawal)
--   decision_no       the decision's number
--   decision_date     its date, when known
--   issuer            who signed it, when known
--   batch_id          the load that brought it
--   resolved_on       the day the unit was found on
--   unit_valid_from   the unit's first day (null: before the data kept here)
--   unit_valid_to     its last day (null: still valid)

create or replace view recognition_event as
with units as (
    select commune_code as unit_code, 'commune' as unit_kind, valid_from, valid_to from commune
    union all
    select district_code, 'district', valid_from, valid_to from district
),
events as (
    select r.*, coalesce(r.decision_date, units_date(r.assessment_year)) as resolved_on
    from current_recognition r
)
select
    e.unit_code, e.unit_kind, e.level_code, e.action, e.assessment_year, e.decision_no, e.decision_date,
    e.issuer, e.batch_id, e.resolved_on, u.valid_from as unit_valid_from, u.valid_to as unit_valid_to
from events e
join units u
  on u.unit_code = e.unit_code and u.unit_kind = e.unit_kind and valid_on(u.valid_from, u.valid_to, e.resolved_on);
