-- Mart: reports in force, each with the first time it was received: a report sent again keeps
-- the date of its first receipt, found in the history of every upload of it.
-- materialised: published as a table of its rows (etl/warehouse.py)
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
--   first_received_on        the first receipt of this report in any upload

create or replace view mart_agency_report as
with history as (
    select agency_code, directive_code, task_no, period_code, min(first_submitted_on) as first_received_on
    from agency_report
    group by all
)
select r.*, h.first_received_on
from current_agency_report r
join history h using (agency_code, directive_code, task_no, period_code);
