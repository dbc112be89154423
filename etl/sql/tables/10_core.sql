-- Tables of the NTM warehouse. Applied (with the other numbered files) by every write; every statement is idempotent.
-- Facts are versioned: a row is current while `superseded_by` is null. A later upload that
-- changes a value inserts a new row and marks the old one superseded by its batch, so the
-- history of every value (and a rollback to it) stays in the database.

create table if not exists meta (
    key   varchar primary key,
    value varchar
);

create sequence if not exists batch_seq start 1;

create table if not exists batch (
    batch_id       integer primary key,
    dataset        varchar not null,
    file_name      varchar not null,
    content_hash   varchar not null,
    user_name      varchar not null,
    loaded_at      timestamp not null,
    rows_in_file   integer not null,
    rows_new       integer not null,
    rows_changed   integer not null,
    rows_unchanged integer not null,
    is_sample      boolean not null default false,   -- the bundled sample workbooks
    status         varchar not null default 'loaded'   -- loaded | rolled_back
);

-- Facts.
create table if not exists criterion_result (
    commune_code  varchar not null,
    year          integer not null,
    criterion_no  integer not null,
    met           boolean not null,
    batch_id      integer not null,
    superseded_by integer
);

create table if not exists indicator_value (
    commune_code   varchar not null,
    year           integer not null,
    indicator_code varchar not null,
    value_number   double,
    value_text     varchar,
    met            boolean,
    batch_id       integer not null,
    superseded_by  integer
);

create table if not exists recognition (
    unit_code       varchar not null,
    unit_kind       varchar not null,        -- commune | district
    level_code      varchar not null,
    action          varchar not null,        -- recognised | withdrawn
    assessment_year integer not null,        -- năm đạt chuẩn (or of withdrawal)
    decision_no     varchar not null,
    decision_date   date,
    issuer          varchar,
    batch_id        integer not null,
    superseded_by   integer,
    -- ordinary | review_result | acknowledged | after_rearrangement (ntm/datasets.toml); last, as
    -- the statement below adds it to a database made before it
    decision_kind   varchar default 'ordinary'
);
alter table recognition add column if not exists decision_kind varchar default 'ordinary';

create table if not exists target (
    scope_code    varchar not null,          -- 'province' or a district code
    measure_code  varchar not null,
    criterion_no  integer,                   -- only for communes_meeting_criterion
    base_year     integer,
    base_value    double,
    target_year   integer not null,
    target_value  double not null,
    source        varchar,
    batch_id      integer not null,
    superseded_by integer
);
