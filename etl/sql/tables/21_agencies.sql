-- Directives, the tasks they assign to agencies, and the agencies' reports on those tasks.
-- Facts are versioned like those of 10_core.sql.

-- Reference data (data/reference/agencies.csv, agency_groups.csv, agency_aliases.csv).
create table if not exists agency (
    agency_code   varchar primary key,
    kind          varchar not null,          -- department | office | media | front | socio_political | district
    district_code varchar,                   -- for a district's People's Committee
    name_vi       varchar not null,
    name_en       varchar not null,
    short_name_vi varchar not null,
    confirmed     boolean not null,          -- false: the agency's existence in Kiên Giang is UNCONFIRMED
    source        varchar
);

create table if not exists agency_group (
    group_code varchar primary key,
    kinds      varchar not null,             -- agency kinds that belong, separated by |
    name_vi    varchar not null,
    name_en    varchar not null
);

create table if not exists agency_alias (
    code  varchar not null,                  -- an agency or a group
    alias varchar not null
);

create table if not exists directive (
    directive_code varchar not null,         -- the number, or a code of our own when it is not known
    doc_number     varchar,                  -- as written, e.g. "/UBND-KGVX" before it was numbered
    number_known   boolean not null,
    issued_on      date,                     -- null when only the month is known
    issued_year    integer,
    issued_month   integer,
    issuer         varchar,
    signer         varchar,
    subject        varchar not null,
    basis          varchar,
    source         varchar,
    batch_id       integer not null,
    superseded_by  integer
);

create table if not exists task (
    directive_code varchar not null,
    task_no        varchar not null,
    content        varchar not null,
    responsible    varchar not null,         -- agency codes separated by ';' (each must report)
    coordinating   varchar,                  -- agency codes separated by ';'
    cycle          varchar not null,         -- one_off | quarterly | six_monthly | yearly
    deadline       date,                     -- one-off tasks
    starts_on      date,                     -- null: from the directive's date (or month)
    ends_on        date,
    batch_id       integer not null,
    superseded_by  integer
);

create table if not exists agency_report (
    agency_code            varchar not null,
    directive_code         varchar not null,
    task_no                varchar not null,
    period_code            varchar not null, -- 2024, 2024-H1, 2024-Q3, or 'once' for a one-off task
    submitted_on           date not null,    -- this version's date
    first_submitted_on     date not null,    -- the first receipt known in the file it came in
    status                 varchar not null, -- completed | in_progress | not_started
    document_no            varchar,
    training_sessions      double,
    participants           double,
    articles               double,
    inspections            double,
    models_introduced      double,
    commendations_proposed double,
    summary                varchar,
    batch_id               integer not null,
    superseded_by          integer
);
