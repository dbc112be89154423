"""The sidebar's "Báo cáo tóm tắt" and, beside it, "Báo cáo tổng kết giai đoạn": the brief of the
view and the final review of the period that has ended (presentation/final_review.py, for the former
territory or the district in view) in one click each, as PDF or Word.

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

from analytics import FORMER_KIEN_GIANG, is_district
from ntm.i18n import t

# File extension -> (its label's key in the document's locale section, the module whose ``render(brief)``
# makes it, MIME type).
FORMATS = {
    "pdf": ("pdf", "presentation.brief_pdf", "application/pdf"),
    "docx": (
        "word",
        "presentation.brief_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def file_stem(year: int, district: str | None) -> str:
    """bao-cao-tom-tat-2025-toan-tinh, bao-cao-tom-tat-2024-908: the file says what it holds."""
    return f"bao-cao-tom-tat-{year}-{district or 'toan-tinh'}"


def review_stem(scope: str) -> str:
    """bao-cao-tong-ket-former_kien_giang, bao-cao-tong-ket-908."""
    return f"bao-cao-tong-ket-{scope}"


def sidebar(db: Path, year: int | None, district: str | None, lang: str, pinned: bool) -> None:
    if year is None:  # nothing loaded yet: nothing to report
        return

    def the_brief(today: dt.date):
        from presentation import brief

        return brief.build(db, year, district, lang, today, pinned)

    _box("brief", file_stem(year, district), the_brief, lang)
    scope = district if is_district(district) else FORMER_KIEN_GIANG

    def the_review(today: dt.date):
        from presentation import final_review

        return final_review.build(db, lang, today, scope)

    _box("final_review", review_stem(scope), the_review, lang)


def _box(kind: str, stem: str, build: Callable[[dt.date], object], lang: str) -> None:
    """An expander (``kind``: its locale section) with a download button per format."""
    box = st.sidebar.expander(t(f"{kind}.button", lang), icon=":material/description:")
    box.caption(t(f"{kind}.button_help", lang))
    for extension, (label, renderer, mime) in FORMATS.items():
        box.download_button(
            t(f"{kind}.{label}", lang),
            data=_document(renderer, build),
            file_name=f"{stem}.{extension}",
            mime=mime,
            on_click="ignore",
            key=f"{kind}_{extension}",
            width="stretch",
        )


def _document(renderer: str, build: Callable[[dt.date], object]) -> Callable[[], bytes]:
    def make() -> bytes:
        # Dated the day it is made: a document printed tomorrow says tomorrow.
        return importlib.import_module(renderer).render(build(dt.date.today()))

    return make
