"""A leader prints the brief of the view in a real browser: one click in the sidebar downloads
the PDF of the district and year in the link, and the Word file beside it."""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document
from playwright.sync_api import Page
from pypdf import PdfReader

from analytics import overview
from tests.browser_support import wait_until_ready

pytestmark = pytest.mark.browser
AN_BIEN = "908"


def test_one_click_downloads_the_brief_of_the_district_and_year_in_view(sample_server, page: Page):
    page.goto(f"{sample_server.url}/?year=2024&district={AN_BIEN}")
    wait_until_ready(page)
    page.get_by_test_id("stSidebar").get_by_text("Báo cáo tóm tắt").click()
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="PDF để in").click()
    assert pdf_download.value.suggested_filename == "bao-cao-tom-tat-2024-908.pdf"
    pdf = PdfReader(pdf_download.value.path())
    first = unicodedata.normalize("NFC", pdf.pages[0].extract_text())
    assert "Kết quả xây dựng nông thôn mới năm 2024 – Huyện An Biên" in " ".join(first.split())
    figures = overview.headline(sample_server.db, 2024, AN_BIEN)
    assert f"{figures['communes_ntm']}/{figures['communes_total']} xã đạt chuẩn" in first
    assert all(round(float(p.mediabox.height) * 25.4 / 72) == 297 for p in pdf.pages)

    with page.expect_download() as word_download:
        page.get_by_role("button", name="Word để chỉnh sửa").click()
    assert word_download.value.suggested_filename == "bao-cao-tom-tat-2024-908.docx"
    with open(word_download.value.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    assert any("Huyện An Biên" in paragraph.text for paragraph in document.paragraphs)


def test_one_click_downloads_the_final_review_of_the_former_district_in_view(sample_server, page: Page):
    page.goto(f"{sample_server.url}/?year=2024&district={AN_BIEN}")
    wait_until_ready(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Báo cáo tổng kết giai đoạn", exact=True).click()
    box = sidebar.get_by_test_id("stExpander").filter(has_text="Báo cáo tổng kết giai đoạn")
    with page.expect_download() as word_download:
        box.get_by_role("button", name="Word để chỉnh sửa").click()
    assert word_download.value.suggested_filename == f"bao-cao-tong-ket-{AN_BIEN}.docx"
    with open(word_download.value.path(), "rb") as handle:
        text = [paragraph.text for paragraph in Document(io.BytesIO(handle.read())).paragraphs]
    assert "Huyện An Biên (Địa bàn tỉnh Kiên Giang (cũ)), giai đoạn 2021–2025" in text
    assert text.index("I. KẾT QUẢ ĐẠT ĐƯỢC") < text.index("IV. PHƯƠNG HƯỚNG GIAI ĐOẠN 2026–2030")
