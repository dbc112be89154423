-- Core: the agencies of each task, with their role (each responsible agency must report).
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   directive_code   the task's directive
--   task_no          the task
--   agency_code      an agency named by the task
--   role             responsible | coordinating

create or replace view task_agency as
with named as (
    select directive_code, task_no, unnest(string_split(responsible, ';')) as agency_code, 'responsible' as role
    from current_task
    union all
    select directive_code, task_no, unnest(string_split(coordinating, ';')), 'coordinating'
    from current_task
    where coordinating is not null
)
select * from named where agency_code <> '';
