-- Mart: one row per xã in the programme and year, with its criteria (of the year's set) and its
-- recognition. What "xã NTM" (and nâng cao, kiểu mẫu, hiện đại) means is defined here once: a level
-- implies the lower levels of its set (kiểu mẫu → nâng cao → NTM; hiện đại → NTM), and a level
-- held stays held across a change of set (a review decision of 11/2025 still holds in 2026).
-- A unit created by a rearrangement (it has a first day) holds nothing until a decision about it
-- is loaded: until then it is "chưa rà soát" (not reviewed), never given its old units' status.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year                the calendar year
--   commune_code        the xã
--   commune_name        its name
--   district_code       its district-level unit (null from 1/7/2025)
--   criteria_met        criteria met that year (null: not assessed)
--   criteria_assessed   criteria with a result that year (null: not assessed)
--   criteria_missing    criteria of the year's set not met (null: not assessed)
--   band                its criteria band of the year's set (criteria_band; null: not assessed)
--   recognition_rank    the highest rank held at the end of the year: 0 none, 1 NTM, 2 nâng cao (or
--                       hiện đại), 3 kiểu mẫu
--   holds_ntm           whether it holds NTM (any level) at the end of the year
--   holds_advanced      whether it holds nâng cao or kiểu mẫu
--   holds_model         whether it holds kiểu mẫu
--   criteria_set        the year's criteria set (calendar_year)
--   criteria_count      its number of criteria (year_criteria)
--   valid_from          the xã's first day (null: before the data kept here); with the code, which unit
--   recognition_level   the highest level held (recognition_level; a level of the year's set first)
--   holds_modern        whether it holds "NTM hiện đại"
--   review_status       for a unit created by a rearrangement: 'reviewed' once a decision about it is
--                       in force, else 'not_reviewed' ("chưa rà soát"); null for older units

create or replace view mart_commune_year as
with scores as (
    select
        r.commune_code,
        r.year,
        count(*) filter (where r.met) as criteria_met,
        count(*) as criteria_assessed
    from current_criterion_result r
    join calendar_year y using (year)
    join criterion k on k.criteria_set = y.criteria_set and k.criterion_no = r.criterion_no
    group by r.commune_code, r.year
),
held as (
    -- Each level held, and every level it implies.
    select distinct h.year, h.unit_code as commune_code, implied.level_code, implied.rank,
           y.criteria_set is not null as of_the_year
    from recognition_held h
    join recognition_level direct using (level_code)
    join recognition_level_set direct_set on direct_set.level_code = h.level_code
    join recognition_level_set same_set on same_set.criteria_set = direct_set.criteria_set
    join recognition_level implied
      on implied.level_code = same_set.level_code and implied.unit_kind = direct.unit_kind
     and implied.rank <= direct.rank
    left join calendar_year y on y.year = h.year and y.criteria_set = same_set.criteria_set
    where h.unit_kind = 'commune'
),
ranks as (
    select
        year,
        commune_code,
        max(rank) as recognition_rank,
        first(level_code order by rank desc, of_the_year desc, level_code) as recognition_level,
        bool_or(level_code = 'ntm') as holds_ntm,
        bool_or(level_code = 'ntm_advanced') as holds_advanced,
        bool_or(level_code = 'ntm_model') as holds_model,
        bool_or(level_code = 'ntm_modern') as holds_modern
    from held
    group by year, commune_code
),
reviewed as (
    select distinct y.year, e.unit_code as commune_code
    from recognition_event e
    join calendar_year y
      on e.assessment_year <= y.year and valid_on(e.unit_valid_from, e.unit_valid_to, y.units_on)
    where e.unit_kind = 'commune' and e.unit_valid_from is not null
),
final as (
    select
        p.year,
        p.commune_code,
        p.name as commune_name,
        p.district_code,
        s.criteria_met,
        s.criteria_assessed,
        y.criteria_count - s.criteria_met as criteria_missing,
        b.band,
        coalesce(r.recognition_rank, 0) as recognition_rank,
        coalesce(r.holds_ntm, false) as holds_ntm,
        coalesce(r.holds_advanced, false) as holds_advanced,
        coalesce(r.holds_model, false) as holds_model,
        y.criteria_set,
        y.criteria_count,
        p.valid_from,
        r.recognition_level,
        coalesce(r.holds_modern, false) as holds_modern,
        case
            when p.valid_from is null then null
            when v.commune_code is null then 'not_reviewed'
            else 'reviewed'
        end as review_status
    from programme_commune p
    join year_criteria y using (year)
    left join scores s using (commune_code, year)
    left join criteria_band b
      on b.criteria_set = y.criteria_set and s.criteria_met between b.min_met and b.max_met
    left join ranks r using (commune_code, year)
    left join reviewed v using (commune_code, year)
)
select * from final;
