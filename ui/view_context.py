"""What a view shows, said in the page body under its heading, as a row of chips: the scope (as the
page's filters name it: the district chosen, the province), the year, the date and number of the
load the figures come from, and the sample mark while the bundled sample is loaded.

The sidebar says all this too, but a phone starts with its sidebar closed, and a screenshot or a
shared link must carry its context: every page that shows figures calls ``chips`` under its title.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from ntm import formatting as fmt
from ntm.i18n import t
from ui import cached

# Markdown's badge syntax ends at "]": a name must not close it early, nor open a link or markup.
_MARKDOWN_SPECIAL = re.compile(r"([\[\]\\*_`<>])")


def chips(db: Path, lang: str, year: int | None, scope: str) -> None:
    """The chips of the view of ``scope`` (its name as the page's filters give it: a district, the
    province, whatever area a period has) in ``year`` on the data of ``db``: one line of Markdown,
    which wraps on a phone, sent before any chart."""
    status = cached.data_status(db)
    shown = [_badge("blue", "location_on", scope)]
    if year is not None:
        shown.append(_badge("gray", "calendar_month", t("view.year", lang, year=year)))
    if status["batch_id"] is not None:
        updated = t("app.data_date", lang, date=fmt.date(status["loaded_at"], lang), batch=status["batch_id"])
        shown.append(_badge("gray", "update", updated))
    if status["sample_data"]:
        shown.append(_badge("orange", "science", t("app.sample_data", lang)))
    st.markdown(" ".join(shown))


def _badge(colour: str, icon: str, text: str) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return f":{colour}-badge[:material/{icon}: {escaped}]"
