"""Plotly's own texts in the reader's language: the chart toolbar's hints ("Tải biểu đồ dạng ảnh
PNG", not "Download plot as a PNG") and its notices. Plotly looks each of its English texts up in the
dictionary of the chart's ``locale``; the dictionary is the ``[plotly]`` section of the locales
(ntm/locales/<lang>/plotly.toml), passed in each chart's config: nothing is fetched."""

from __future__ import annotations

from ntm.i18n import catalogue

_SECTION = "plotly."


def locale_config(lang: str) -> dict:
    """The part of a chart's Plotly config that makes Plotly speak ``lang``."""
    dictionary = {key.removeprefix(_SECTION): text for key, text in catalogue(lang).items() if key.startswith(_SECTION)}
    return {"locale": lang, "locales": {lang: {"dictionary": dictionary}}}
