-- Staging: the rows of `unit_boundary` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   unit_code    a district's or a xã's code
--   valid_from   with the code, which unit (null: before the data kept here)
--   geometry     its outline: a GeoJSON MultiPolygon in WGS84, outer rings clockwise
--   batch_id     the load that brought the row

create or replace view current_unit_boundary as
select * exclude (superseded_by) from unit_boundary where superseded_by is null;
