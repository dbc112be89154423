-- Mart: the headline figures of each scope (year_scope: the province as it was that year,
-- 'province'; the former Kiên Giang territory, 'former_kien_giang'; each district-level unit valid
-- that year) in each calendar year, with the year's criteria set. The overview, the command line's
-- summary, the districts' ranking, the brief and the targets' observed values (mart_measure_year)
-- all read these rows, so they cannot drift apart.
-- materialised: published as a table of its rows (etl/warehouse.py)
--
-- Columns:
--   scope_code              'province', 'former_kien_giang' or a district code
--   year                    the calendar year
--   communes_in_programme   xã in the programme in the scope that year
--   communes_total          the programme's size: for the province the official figure where one is
--                           recorded (programme_size), else communes_in_programme
--   communes_assessed       xã with criteria results
--   communes_all_criteria   xã meeting every criterion of the year's set
--   avg_criteria            criteria met per assessed xã, unrounded (null: none assessed)
--   communes_below_15       assessed xã meeting fewer than 15 criteria, the floor of QĐ 263/QĐ-TTg for
--                           the 19 criteria of 2021–2025 (null: none assessed, or a set of fewer criteria)
--   communes_ntm            xã holding NTM (any level) at the end of the year
--   communes_advanced       xã holding nâng cao or kiểu mẫu
--   communes_model          xã holding kiểu mẫu
--   share_ntm               communes_ntm per 100 of communes_total, to one decimal (null: no xã)
--   districts_total         district-level units valid that year (a unit's own row: 1)
--   districts_recognised    of those, the units recognised (mart_district_recognition)
--   criteria_set            the year's criteria set
--   criteria_count          its number of criteria
--   communes_ntm_modern     xã holding "NTM hiện đại" (2026–2030)
--   share_ntm_modern        communes_ntm_modern per 100 of communes_total, to one decimal (null: no xã)
--   communes_not_reviewed   xã created by a rearrangement with no decision about them yet ("chưa rà soát")

create or replace view mart_scope_year as
with commune_counts as (
    select
        s.scope_code,
        m.year,
        count(*) as communes_in_programme,
        count(m.criteria_assessed) as communes_assessed,
        count(*) filter (where m.criteria_missing = 0) as communes_all_criteria,
        avg(m.criteria_met) as avg_criteria,
        case when count(m.criteria_assessed) > 0 and any_value(m.criteria_count) > 15
             then count(*) filter (where m.criteria_met < 15) end as communes_below_15,
        count(*) filter (where m.holds_ntm) as communes_ntm,
        count(*) filter (where m.holds_advanced) as communes_advanced,
        count(*) filter (where m.holds_model) as communes_model,
        count(*) filter (where m.holds_modern) as communes_ntm_modern,
        count(*) filter (where m.review_status = 'not_reviewed') as communes_not_reviewed
    from mart_commune_year m
    join scope_commune s using (year, commune_code)
    group by s.scope_code, m.year
),
district_counts as (
    select
        p.year,
        coalesce(p.district_code, 'province') as scope_code,
        count(distinct p.district_code) as districts_total,
        count(distinct r.district_code) as districts_recognised
    from programme_district p
    left join mart_district_recognition r on r.year = p.year and r.district_code = p.district_code
    group by grouping sets ((p.year), (p.year, p.district_code))
),
figures as (
    select
        s.scope_code,
        s.year,
        coalesce(c.communes_in_programme, 0) as communes_in_programme,
        coalesce(z.communes, c.communes_in_programme, 0) as communes_total,
        coalesce(c.communes_assessed, 0) as communes_assessed,
        coalesce(c.communes_all_criteria, 0) as communes_all_criteria,
        c.avg_criteria,
        c.communes_below_15,
        coalesce(c.communes_ntm, 0) as communes_ntm,
        coalesce(c.communes_advanced, 0) as communes_advanced,
        coalesce(c.communes_model, 0) as communes_model,
        coalesce(d.districts_total, 0) as districts_total,
        coalesce(d.districts_recognised, 0) as districts_recognised,
        s.criteria_set,
        s.criteria_count,
        coalesce(c.communes_ntm_modern, 0) as communes_ntm_modern,
        coalesce(c.communes_not_reviewed, 0) as communes_not_reviewed
    from year_scope s
    left join commune_counts c using (scope_code, year)
    left join district_counts d using (scope_code, year)
    left join programme_size z on z.year = s.year and s.scope_code = 'province'
),
final as (
    select
        scope_code,
        year,
        communes_in_programme,
        communes_total,
        communes_assessed,
        communes_all_criteria,
        avg_criteria,
        communes_below_15,
        communes_ntm,
        communes_advanced,
        communes_model,
        round(100.0 * communes_ntm / nullif(communes_total, 0), 1) as share_ntm,
        districts_total,
        districts_recognised,
        criteria_set,
        criteria_count,
        communes_ntm_modern,
        round(100.0 * communes_ntm_modern / nullif(communes_total, 0), 1) as share_ntm_modern,
        communes_not_reviewed
    from figures
)
select * from final;
