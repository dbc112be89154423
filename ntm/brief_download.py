"""The sidebar's "Báo cáo tóm tắt": the brief of the view in one click, as PDF or Word.

The document is made when the button is clicked (Streamlit runs the callable then, on its own
thread), not on every rerun of every page: a brief takes about a second to draw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ntm import brief, brief_docx, brief_pdf
from ntm.i18n import t

FORMATS = (
    ("pdf", brief_pdf.render, "application/pdf"),
    ("docx", brief_docx.render, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
)
LABELS = {"pdf": "brief.pdf", "docx": "brief.word"}


def sidebar(db: Path, year: int | None, district: str | None, lang: str, pinned: bool) -> None:
    if year is None:  # nothing loaded yet: nothing to report
        return
    box = st.sidebar.expander(t("brief.button", lang), icon=":material/description:")
    box.caption(t("brief.button_help", lang))
    for extension, render, mime in FORMATS:
        box.download_button(
            t(LABELS[extension], lang),
            data=_document(render, db, year, district, lang, pinned),
            file_name=f"{brief.file_stem(year, district)}.{extension}",
            mime=mime,
            on_click="ignore",
            key=f"brief_{extension}",
            width="stretch",
        )


def _document(render: Callable[[brief.Brief], bytes], db: Path, year: int, district: str | None, lang: str,
              pinned: bool) -> Callable[[], bytes]:
    # Dated the day it is made: a brief printed tomorrow says tomorrow.
    return lambda: render(brief.build(db, year, district, lang, dt.date.today(), pinned))
