-- Staging: the rows of `agency_report` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   agency_code              the reporting agency
--   directive_code           the task's directive
--   task_no                  the task
--   period_code              2024, 2024-H1, 2024-Q3, or 'once' for a one-off task
--   submitted_on             this version's date
--   first_submitted_on       the first receipt known in the file it came in
--   status                   completed | in_progress | not_started
--   document_no              the report's number
--   training_sessions        figures the report gives
--   participants             (idem)
--   articles                 (idem)
--   inspections              (idem)
--   models_introduced        (idem)
--   commendations_proposed   (idem)
--   summary                  its text
--   batch_id                 the load that brought the row

create or replace view current_agency_report as
select * exclude (superseded_by) from agency_report where superseded_by is null;
