-- Staging: the rows of `recognition` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   unit_code         a xã's or a district-level unit's code
--   unit_kind         commune | district
--   level_code        the level recognised or withdrawn (recognition_level)
--   action            recognised | withdrawn
--   assessment_year   năm đạt chuẩn (or of the withdrawal)
--   decision_no       the decision's number
--   decision_date     the decision's date, when known
--   issuer            who issued it
--   batch_id          the load that brought the row
--   decision_kind     ordinary | review_result | acknowledged | after_rearrangement (the new xã of 1/7/2025)

create or replace view current_recognition as
select * exclude (superseded_by) from recognition where superseded_by is null;
