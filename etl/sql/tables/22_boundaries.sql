-- Administrative boundaries (the "boundaries" dataset, a GeoJSON file): one outline per unit, versioned
-- like the facts of 10_core.sql: a row is current while `superseded_by` is null.

create table if not exists unit_boundary (
    unit_code     varchar not null,   -- a district's or a xã's code
    valid_from    date,               -- with the code, which unit (null: before the data kept here)
    geometry      varchar not null,   -- a GeoJSON MultiPolygon in WGS84, outer rings clockwise
    batch_id      integer not null,
    superseded_by integer
);
