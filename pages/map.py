"""Bản đồ: the units of the year and scope coloured by a measure (NTM, criteria met, the districts'
target status): the district-level units for the province until 2025, the xã of a district or of
the province from 2026. On the loaded boundaries when every unit drawn has one, else on a tile map.
A tap on a unit opens its page. Filters: year, scope (sidebar); the measure (on the page, in the URL)."""

from __future__ import annotations

from analytics.map_units import worst_status
from ntm.i18n import t
from presentation import maps
from ui import cached, filters, panels, unit_taps

db = filters.data_db()
chosen = filters.current()
lang, year, district = chosen.lang, chosen.year, chosen.district
scope = panels.heading(db, "map.heading", lang, year, district)

units = cached.map_units(db, year, district)
level = units["level"].iloc[0] if len(units) else "commune"
statuses = worst_status(cached.district_target_progress(db, year))
offered = maps.measures(level, not statuses.empty)
measure = filters.measure(lang, offered, t("map.measure", lang), lambda code: maps.measure_label(level, code, lang))

boundaries = cached.boundaries(db, year, district)
geometry = boundaries.geometry if boundaries.complete else None
title = t("map.chart_title", lang, measure=maps.measure_label(level, measure, lang), scope=scope, year=year)
chart = maps.unit_map(units, statuses, geometry, measure, lang, title)
if geometry is None:
    caption = t("map.tiles_note", lang)
    if boundaries.drawn:
        caption += " " + t("map.boundaries_partial", lang, missing=boundaries.missing, total=len(units))
else:
    caption = t("map.boundaries_note", lang, batch=boundaries.batch_id)
unit_taps.chart_opening_units(chart, caption, "ban-do", lang, level)
