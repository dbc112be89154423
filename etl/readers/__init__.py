"""One reader per dataset: table rows in, validated records (and pinned problems) out.

Each reader module declares ``DATASET`` (its key in datasets.toml), ``STORE`` (the table its
records go to and their key) and ``read(table, ctx)``. Adding a dataset is adding a module here
and its entry in ``READERS``; the order is the order a workbook's sheets are read in, so a
companion sheet (``COMPANION_OF``) comes after the sheet it belongs to. A reader of another kind of
file (``GEOJSON``: the boundaries) has ``read_geojson`` instead, which ``etl.load.parse`` calls.
"""

from etl.readers import (
    agency_reports,
    boundaries,
    commendations,
    contributions,
    criteria,
    directives,
    indicators,
    models,
    recognitions,
    targets,
    tasks,
)

READERS = {module.DATASET: module for module in (criteria, recognitions, targets, indicators)}
READERS |= {m.DATASET: m for m in (commendations, contributions, models, directives, tasks, agency_reports)}
READERS[boundaries.DATASET] = boundaries  # a GeoJSON file, not a sheet (``GEOJSON``)
