"""The sidebar's "Báo cáo tóm tắt": the brief of the view in one click, as PDF or Word.

The document is made when the button is clicked (Streamlit runs the callable then, on its own
thread), not on every rerun of every page: a brief takes about a second to draw. Its modules
(matplotlib, fpdf2, python-docx) are imported then too: a server's first page would otherwise
wait most of a second for them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ntm.i18n import t

# File extension -> (label, the module whose ``render(brief)`` makes it, MIME type).
FORMATS = {
    "pdf": ("brief.pdf", "presentation.brief_pdf", "application/pdf"),
    "docx": (
        "brief.word",
        "presentation.brief_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def file_stem(year: int, district: str | None) -> str:
    """bao-cao-tom-tat-2025-toan-tinh, bao-cao-tom-tat-2024-908: the file says what it holds."""
    return f"bao-cao-tom-tat-{year}-{district or 'toan-tinh'}"


def sidebar(db: Path, year: int | None, district: str | None, lang: str, pinned: bool) -> None:
    if year is None:  # nothing loaded yet: nothing to report
        return
    box = st.sidebar.expander(t("brief.button", lang), icon=":material/description:")
    box.caption(t("brief.button_help", lang))
    for extension, (label, renderer, mime) in FORMATS.items():
        box.download_button(
            t(label, lang),
            data=_document(renderer, db, year, district, lang, pinned),
            file_name=f"{file_stem(year, district)}.{extension}",
            mime=mime,
            on_click="ignore",
            key=f"brief_{extension}",
            width="stretch",
        )


def _document(renderer: str, db: Path, year: int, district: str | None, lang: str, pinned: bool) -> Callable[[], bytes]:
    def make() -> bytes:
        from presentation import brief

        # Dated the day it is made: a brief printed tomorrow says tomorrow.
        return importlib.import_module(renderer).render(brief.build(db, year, district, lang, dt.date.today(), pinned))

    return make
