-- Mart: what each assessed xã still lacks each year, as criterion numbers (of the year's set) in order.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   year               the year assessed
--   commune_code       the xã
--   commune_name       its name
--   district_code      its district-level unit (null from 1/7/2025)
--   criteria_met       criteria met
--   criteria_missing   criteria of the set not met
--   missing            the numbers of the criteria not met, in order
--   recognition_rank   as in mart_commune_year
--   holds_ntm          whether it holds NTM at the end of the year (mart_commune_year)
--   criteria_count     the number of criteria of the year's set

create or replace view mart_commune_gap as
with missing as (
    select year, commune_code, list(criterion_no order by criterion_no) as missing
    from programme_criterion_result
    where not met
    group by year, commune_code
),
final as (
    select
        m.year,
        m.commune_code,
        m.commune_name,
        m.district_code,
        m.criteria_met,
        m.criteria_missing,
        coalesce(g.missing, []::integer[]) as missing,
        m.recognition_rank,
        m.holds_ntm,
        m.criteria_count
    from mart_commune_year m
    left join missing g using (year, commune_code)
    where m.criteria_assessed is not null
)
select * from final;
