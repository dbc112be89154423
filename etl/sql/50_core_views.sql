-- Analytic views: the shapes the pages read. Staging (current rows) -> core -> marts.
-- Recreated by every `init` and every load, so they always match the code.

-- Staging: the values in force (not superseded by a later upload).
create or replace view current_criterion_result as
select * exclude (superseded_by) from criterion_result where superseded_by is null;

create or replace view current_indicator_value as
select * exclude (superseded_by) from indicator_value where superseded_by is null;

create or replace view current_recognition as
select * exclude (superseded_by) from recognition where superseded_by is null;

create or replace view current_target as
select * exclude (superseded_by) from target where superseded_by is null;

-- Core: which xã are in the commune NTM programme in each year (valid at some time that year).
create or replace view programme_commune as
select y.year, c.commune_code, c.name, c.district_code
from calendar_year y
join commune c
  on c.unit_type = 'xã'
 and (c.valid_from is null or c.valid_from <= make_date(y.year, 12, 31))
 and (c.valid_to is null or c.valid_to >= make_date(y.year, 1, 1));

-- Core: recognitions held at the end of each year, by assessment year; a later withdrawal
-- (or re-recognition) of the same level replaces the earlier event.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view recognition_held as
with ranked as (
    select
        y.year,
        r.unit_code,
        r.unit_kind,
        r.level_code,
        r.action,
        row_number() over (
            partition by y.year, r.unit_code, r.level_code
            order by r.assessment_year desc, r.decision_date desc nulls last, r.batch_id desc
        ) as latest
    from current_recognition r
    join calendar_year y on r.assessment_year <= y.year
)
select year, unit_code, unit_kind, level_code
from ranked
where latest = 1 and action = 'recognised';

-- Mart: one row per xã in the programme and year, with its criteria and recognition.
-- recognition_rank: 0 none, 1 NTM, 2 nâng cao, 3 kiểu mẫu (a higher level implies the lower).
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_commune_year as
with scores as (
    select
        commune_code,
        year,
        count(*) filter (where met) as criteria_met,
        count(*) as criteria_assessed
    from current_criterion_result
    group by commune_code, year
),
ranks as (
    select h.year, h.unit_code as commune_code, max(l.rank) as recognition_rank
    from recognition_held h
    join recognition_level l using (level_code)
    where h.unit_kind = 'commune'
    group by h.year, h.unit_code
),
final as (
    select
        p.year,
        p.commune_code,
        p.name as commune_name,
        p.district_code,
        s.criteria_met,
        s.criteria_assessed,
        b.band,
        coalesce(r.recognition_rank, 0) as recognition_rank
    from programme_commune p
    left join scores s using (commune_code, year)
    left join criteria_band b on s.criteria_met between b.min_met and b.max_met
    left join ranks r using (commune_code, year)
)
select * from final;

-- Mart: district-level units holding NTM (or, for cities, "completed the task") each year.
-- materialised: published as a table of its rows, rebuilt by every write (etl/warehouse.py)
create or replace view mart_district_recognition as
select h.year, h.unit_code as district_code, h.level_code
from recognition_held h
join recognition_level l using (level_code)
where h.unit_kind = 'district' and l.rank = 1;
