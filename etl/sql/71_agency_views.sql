-- Directives, tasks and agency reports as the pages read them. Recreated by every write.

create or replace view current_directive as
select * exclude (superseded_by) from directive where superseded_by is null;

create or replace view current_task as
select * exclude (superseded_by) from task where superseded_by is null;

create or replace view current_agency_report as
select * exclude (superseded_by) from agency_report where superseded_by is null;

-- Core: the agencies of each task, with their role (each responsible agency must report).
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
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

-- Mart: tasks with their directive; a task without its own start starts with the directive
-- (its date, else the first day of its month).
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
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

-- Mart: reports in force, each with the first time it was received: a report sent again keeps
-- the date of its first receipt, found in the history of every upload of it.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_agency_report as
with history as (
    select agency_code, directive_code, task_no, period_code, min(first_submitted_on) as first_received_on
    from agency_report
    group by all
)
select r.*, h.first_received_on
from current_agency_report r
join history h using (agency_code, directive_code, task_no, period_code);
