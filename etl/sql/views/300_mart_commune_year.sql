-- Mart: one row per xã in the programme and year, with its criteria and recognition. What "xã
-- NTM" (and nâng cao, kiểu mẫu) means is defined here once: a higher level implies the lower.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year                the calendar year
--   commune_code        the xã
--   commune_name        its name
--   district_code       its district-level unit
--   criteria_met        criteria met that year (null: not assessed)
--   criteria_assessed   criteria with a result that year (null: not assessed)
--   criteria_missing    criteria of the set (the criterion table) not met (null: not assessed)
--   band                its criteria band (criteria_band; null: not assessed)
--   recognition_rank    the highest level held at the end of the year: 0 none, 1 NTM, 2 nâng cao, 3 kiểu mẫu
--   holds_ntm           whether it holds NTM (any level) at the end of the year
--   holds_advanced      whether it holds nâng cao or kiểu mẫu
--   holds_model         whether it holds kiểu mẫu

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
        (select count(*) from criterion) - s.criteria_met as criteria_missing,
        b.band,
        coalesce(r.recognition_rank, 0) as recognition_rank,
        coalesce(r.recognition_rank, 0) >= 1 as holds_ntm,
        coalesce(r.recognition_rank, 0) >= 2 as holds_advanced,
        coalesce(r.recognition_rank, 0) >= 3 as holds_model
    from programme_commune p
    left join scores s using (commune_code, year)
    left join criteria_band b on s.criteria_met between b.min_met and b.max_met
    left join ranks r using (commune_code, year)
)
select * from final;
