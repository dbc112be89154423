-- Core: each recognition counted by decision date, the way year-end reports count ("tính đến
-- 31/12", or the final review's cut-off): held from its decision's day until the next decision
-- about the same unit and level, with the levels it implies (kiểu mẫu → nâng cao → NTM, as
-- mart_commune_year reads them). recognition_held counts by assessment year instead; a decision
-- without a date cannot be placed on a day and is left out.
--
-- Columns:
--   unit_code         a xã's or a district-level unit's code
--   unit_kind         commune | district
--   level_code        the level held, or one it implies (recognition_level)
--   rank              that level's rank among its unit kind's levels (1: NTM, or the district's)
--   held_from         the decision's date
--   held_until        the next decision's date about the unit and level (null: still held)
--   unit_valid_from   the unit's first day (null: before the data kept here)
--   unit_valid_to     its last day (null: still valid)

create or replace view recognition_decided as
with ordered as (
    select
        *,
        lead(decision_date) over (
            partition by unit_code, unit_kind, level_code order by decision_date, assessment_year, batch_id
        ) as next_date
    from recognition_event
    where decision_date is not null
)
select distinct
    o.unit_code, o.unit_kind, implied.level_code, implied.rank, o.decision_date as held_from,
    o.next_date as held_until, o.unit_valid_from, o.unit_valid_to
from ordered o
join recognition_level direct using (level_code)
join recognition_level_set direct_set on direct_set.level_code = o.level_code
join recognition_level_set same_set on same_set.criteria_set = direct_set.criteria_set
join recognition_level implied
  on implied.level_code = same_set.level_code and implied.unit_kind = direct.unit_kind and implied.rank <= direct.rank
where o.action = 'recognised' and (o.next_date is null or o.next_date > o.decision_date);
