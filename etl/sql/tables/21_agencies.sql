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

-- Agencies formed by a succession (data/reference/agencies_from_2025.csv), in the columns of `agency`.
create table if not exists agency_formed (
    agency_code   varchar primary key,
    kind          varchar not null,
    district_code varchar,
    name_vi       varchar not null,
    name_en       varchar not null,
    short_name_vi varchar not null,
    confirmed     boolean not null,
    source        varchar
);

-- What became of an agency on a day (data/reference/agency_successions.csv): its last day in office
-- is the day before `effective_date`.
create table if not exists agency_succession (
    agency_code    varchar primary key,      -- an agency ends once
    successor_code varchar,                  -- null when it ceased without one
    effective_date date not null,
    kind           varchar not null,         -- merged | renamed | ceased
    confirmed      boolean not null,
    source         varchar
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
-- assignment: its responsible agencies must report; request ("Đề nghị": asked, not assigned): shown,
-- outside the reporting rates. Added after the table, so that databases made before it get it too.
alter table task add column if not exists task_kind varchar default 'assignment';

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
