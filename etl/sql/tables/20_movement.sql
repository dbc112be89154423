-- The emulation movement "Kiên Giang chung sức xây dựng nông thôn mới" 2021–2025: commendations,
-- resources mobilised and exemplary models. Facts are versioned like those of 10_core.sql:
-- a row is current while `superseded_by` is null.

-- Reference data (data/reference/movement_terms.csv): the codes facts use, with their names.
create table if not exists movement_term (
    vocabulary varchar not null,   -- commendation_level | commendation_form | recipient_type | funding_source
                                   -- | contribution_other | model_field | report_cycle | report_status
    code       varchar not null,
    sort_order integer not null,
    unit       varchar,            -- VND | m2 | workday (contributions)
    name_vi    varchar not null,
    name_en    varchar not null,
    source     varchar,
    primary key (vocabulary, code)
);

create table if not exists commendation (
    decision_no    varchar,                  -- null when the decision is not known
    year           integer not null,         -- of the decision (required when its date is not known)
    recipient_type varchar not null,         -- movement_term recipient_type
    recipient_name varchar not null,
    district_code  varchar,
    commune_code   varchar,
    decision_date  date,
    level_code     varchar not null,         -- movement_term commendation_level
    form_code      varchar not null,         -- movement_term commendation_form
    form_text      varchar not null,         -- as written: "Huân chương Lao động hạng Ba"
    recipients     integer,                  -- how many the row commends; null = not known
    reason         varchar,
    note           varchar,
    batch_id       integer not null,
    superseded_by  integer
);

create table if not exists contribution (
    scope_code    varchar not null,          -- a district code, or 'province' for the province level
    year          integer not null,
    item_code     varchar not null,          -- movement_term funding_source or contribution_other
    value         double not null,           -- đồng for money, m² for land, days for work days
    batch_id      integer not null,
    superseded_by integer
);

create table if not exists exemplary_model (
    name             varchar not null,
    district_code    varchar,
    commune_code     varchar,
    field_code       varchar not null,       -- movement_term model_field
    owner            varchar,
    year_recognised  integer not null,
    description      varchar,
    replicated       boolean not null,
    replicated_where varchar,
    batch_id         integer not null,
    superseded_by    integer
);
