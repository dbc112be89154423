-- Reference data of the NTM warehouse (data/reference/, ntm/reference.py), replaced as a whole by `init`.
-- A table whose columns differ from these (one made by an older version) is dropped before this file
-- runs and filled again (etl/warehouse.py): reference data are never edited in place.
--
-- Time is a dimension: a criteria set applies to years (criteria_set), a unit to days (commune,
-- district: a code names a unit only with a date), and each calendar year has one set and one
-- day its units are taken on (calendar_year, filled from ntm/criteria_sets.py).

create table if not exists criteria_set (
    criteria_set             varchar primary key,   -- '2021-2025' | '2026-2030'
    name_vi                  varchar not null,
    name_en                  varchar not null,
    decision                 varchar not null,      -- '318/QĐ-TTg', '51/2025/QĐ-TTg'
    decision_date            date not null,
    effective_from           date not null,
    effective_from_confirmed boolean not null,
    first_year               integer not null,
    last_year                integer not null,
    criteria_count           integer not null,
    indicator_count          integer not null,
    source                   varchar not null
);

create table if not exists calendar_year (
    year         integer primary key,
    criteria_set varchar not null,              -- the set the year's data are assessed against
    units_on     date not null                  -- the day whose units the year's data speak of
);

create table if not exists period (
    period_code     varchar not null,
    territory_code  varchar not null,
    criteria_set    varchar not null,
    first_year      integer not null,
    last_year       integer not null,
    starts_on       date not null,
    ends_on         date not null,
    dates_confirmed boolean not null,
    name_vi         varchar not null,
    name_en         varchar not null,
    source          varchar not null,
    primary key (period_code, territory_code)
);

create table if not exists territory (
    territory_code varchar primary key,          -- kien_giang | an_giang | former_kien_giang
    name_vi        varchar not null,
    name_en        varchar not null,
    province_code  varchar,                      -- null for a territory that is not a province
    valid_from     date,
    valid_to       date,
    source         varchar not null
);

create table if not exists unit_type (
    unit_type                  varchar primary key,
    level                      varchar not null,     -- district | commune
    name_en                    varchar not null,
    in_ntm_programme           boolean,              -- for commune-level kinds: assessed as xã
    in_ntm_programme_confirmed boolean,
    source                     varchar
);

-- Units with their validity: no key on the code alone, a code is reused (30985 is Thị trấn Thứ Ba
-- until 30/6/2025 and Xã An Biên from 1/7/2025); (code, day) names at most one unit.
create table if not exists district (
    district_code varchar not null,
    name          varchar not null,
    kind          varchar not null,          -- huyện | thị xã | thành phố (unit_type)
    valid_from    date,
    valid_to      date,
    name_en       varchar not null
);

create table if not exists commune (
    commune_code      varchar not null,
    name              varchar not null,
    unit_type         varchar not null,      -- xã | phường | thị trấn | đặc khu (unit_type)
    district_code     varchar,               -- null from 1/7/2025: no district level
    valid_from        date,                  -- null: before the data kept here
    valid_to          date,
    name_en           varchar not null,
    territory_code    varchar not null,      -- the province it was a unit of (territory)
    former_kien_giang varchar                -- new units: whole | part | none (made from Kiên Giang's units)
);

create table if not exists unit_succession (
    old_province_code varchar not null,
    old_province_name varchar not null,
    old_district_code varchar not null,
    old_district_name varchar not null,
    old_code          varchar not null,
    old_name          varchar not null,
    old_unit_type     varchar not null,
    new_code          varchar not null,
    new_name          varchar not null,
    extent            varchar not null,      -- whole | part
    effective_date    date not null,         -- the old unit's last day is the day before
    legal_basis       varchar not null,
    source            varchar not null
);

create table if not exists programme_size (
    year     integer primary key,
    communes integer not null,
    source   varchar not null
);

create table if not exists criterion_group (
    criteria_set varchar not null,
    group_no     integer not null,
    name_vi      varchar not null,
    name_en      varchar not null,
    primary key (criteria_set, group_no)
);

create table if not exists criterion (
    criteria_set   varchar not null,
    criterion_no   integer not null,
    group_no       integer,                  -- null: the set's groups are not published
    name_vi        varchar not null,
    name_en        varchar not null,
    name_confirmed boolean not null,
    primary key (criteria_set, criterion_no)
);

create table if not exists indicator (
    indicator_code      varchar primary key,
    criterion_no        integer not null,
    unit                varchar,
    name_vi             varchar not null,
    name_en             varchar not null,
    code_confirmed      boolean not null,
    threshold_mekong    varchar,
    threshold_confirmed boolean not null,
    threshold_source    varchar,
    criteria_set        varchar not null
);

create table if not exists criteria_band (
    criteria_set varchar not null,
    band         varchar not null,
    min_met      integer not null,
    max_met      integer not null,
    sort_order   integer not null,
    primary key (criteria_set, band)
);

create table if not exists recognition_level (
    level_code varchar primary key,
    unit_kind  varchar not null,             -- commune | district
    rank       integer not null,             -- within each of its sets: a level implies the lower ones
    name_vi    varchar not null,
    name_en    varchar not null,
    pilot      boolean not null,
    measure_code varchar                     -- the measure counting the xã holding it (measure)
);

create table if not exists recognition_level_set (
    criteria_set varchar not null,
    level_code   varchar not null,
    primary key (criteria_set, level_code)
);

create table if not exists commune_group (
    criteria_set          varchar not null,
    group_no              integer not null,
    name_vi               varchar not null,
    name_en               varchar not null,
    description_vi        varchar not null,
    description_en        varchar not null,
    description_confirmed boolean not null,
    source                varchar not null,
    primary key (criteria_set, group_no)
);

create table if not exists commune_group_member (
    commune_code varchar not null,
    criteria_set varchar not null,
    group_no     integer not null,
    confirmed    boolean not null,
    source       varchar
);

create table if not exists measure (
    measure_code varchar primary key,
    unit         varchar not null,
    direction    varchar not null,           -- increase | decrease
    name_vi      varchar not null,
    name_en      varchar not null
);

-- Whether a unit (of validity valid_from..valid_to, null: open) exists on a day: the one test every
-- model uses to name a unit by its code and a date.
create or replace macro valid_on(valid_from, valid_to, day) as
    (valid_from is null or valid_from <= day) and (valid_to is null or valid_to >= day);

-- The day whose units a year's data speak of: calendar_year's units date, or 31/12 for a year before
-- the calendar (recognitions go back to 2010).
create or replace macro units_date(of_year) as
    coalesce((select units_on from calendar_year where year = of_year), make_date(of_year, 12, 31));
