-- Core: every agency, those of the 2024 register (agency) and those formed since by a succession
-- (agency_formed); when each was in office is in agency_succession (ntm/agencies.py, Successions).
--
-- Columns:
--   agency_code      the agency's code (data/reference)
--   kind             department | office | media | front | socio_political | district
--   district_code    for a district's People's Committee
--   name_vi          its name
--   name_en          its name in English
--   short_name_vi    its short name
--   confirmed        false: its existence in Kiên Giang is UNCONFIRMED
--   source           where it is known from

create or replace view every_agency as
select * from agency
union all
select * from agency_formed;
