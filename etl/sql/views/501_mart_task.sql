-- Mart: tasks with their directive; a task without its own start starts with the directive
-- (its date, else the first day of its month).
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   directive_code    the directive assigning it
--   task_no           its number in the directive
--   content           what is to be done
--   responsible       agency codes separated by ';' (each must report)
--   coordinating      agency codes separated by ';'
--   cycle             one_off | quarterly | six_monthly | yearly
--   deadline          for one-off tasks
--   starts_on         its own start, when given
--   ends_on           when the task ends, if it does
--   batch_id          the load that brought the row
--   task_kind         assignment | request (a request owes no report: outside the reporting rates)
--   effective_start   its start, else the directive's date (or the first day of its month)
--   directive_known   whether the directive is in the register
--   doc_number        the directive's number as written
--   number_known      false for a directive filed before it was numbered
--   issued_on         the directive's date (null when only the month is known)
--   issued_year       the year it was issued
--   issued_month      the month it was issued
--   issuer            who issued it
--   subject           what it is about

create or replace view mart_task as
select
    t.*,
    coalesce(t.starts_on, d.issued_on, make_date(d.issued_year, d.issued_month, 1)) as effective_start,
    d.directive_code is not null as directive_known,
    d.doc_number,
    d.number_known,
    d.issued_on,
    d.issued_year,
    d.issued_month,
    d.issuer,
    d.subject
from current_task t
left join current_directive d using (directive_code);
