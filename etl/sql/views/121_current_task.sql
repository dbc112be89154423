-- Staging: the rows of `task` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   directive_code   the directive assigning it
--   task_no          its number in the directive
--   content          what is to be done
--   responsible      agency codes separated by ';' (each must report)
--   coordinating     agency codes separated by ';'
--   cycle            one_off | quarterly | six_monthly | yearly
--   deadline         for one-off tasks
--   starts_on        null: from the directive's date (or month)
--   ends_on          when the task ends, if it does
--   batch_id         the load that brought the row
--   task_kind        assignment | request (a request owes no report: outside the reporting rates)

create or replace view current_task as
select * exclude (superseded_by) from task where superseded_by is null;
