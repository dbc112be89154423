"""Báo cáo tóm tắt: its figures are the database's, and the PDF made from the sample data is
checked page by page — A4, inside the margins, fonts embedded, numbered, marked as sample, no
heading left alone at the foot of a page — as is the Word file."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import duckdb
import pytest
from docx import Document
from fpdf import FPDF
from pypdf import PdfReader

from analytics import communes, districts, overview
from ntm import formatting as fmt
from presentation import brief, brief_docx, brief_pdf, charts
from presentation.brief_charts import FONT_DIR, SERIF

TODAY = dt.date(2026, 11, 25)
AN_BIEN = "908"
PT_PER_MM = 72 / 25.4
# Lines of text stay between the left and right margins; vertically they may use the top and
# bottom margins (the running header and footer) but not come closer to the edge than this (mm).
EDGE_MM = 7
SLACK_MM = 0.5  # rounding of glyph widths


pytestmark = pytest.mark.database("sample")


@pytest.fixture(scope="module")
def sample_db(warehouses):
    return warehouses.shared("sample")


@pytest.fixture(scope="module")
def province(sample_db):
    return brief.build(sample_db, 2025, None, "vi", TODAY)


@pytest.fixture(scope="module")
def province_pdf(province):
    return PdfReader(io.BytesIO(brief_pdf.render(province)))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def words(text: str) -> str:
    return " ".join(nfc(text).split())


def all_text(item: brief.Brief) -> str:
    parts = [item.title, item.subtitle, *item.facts]
    for section in item.sections:
        parts.append(section.title)
        for block in section.blocks:
            if isinstance(block, brief.Table):
                parts += block.columns + [cell for row in block.rows for cell in row]
            elif isinstance(block, brief.Figure):
                parts.append(block.caption)
            else:
                parts.append(block)
    return "\n".join(parts)


def test_headline_figures_are_the_databases(sample_db, province):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        per_commune = con.sql("""
            select r.commune_code, count(*) filter (where r.met) as met
            from current_criterion_result r join programme_commune p using (commune_code, year)
            where r.year = 2025 group by r.commune_code
        """).df()
    text = province.sections[0].blocks[0]
    assert f"bình quân {fmt.number(per_commune['met'].mean(), 'vi', 2)} tiêu chí/xã" in text
    assert f"{(per_commune['met'] == 19).sum()} xã đạt đủ 19 tiêu chí" in text
    headline = overview.headline(sample_db, 2025)
    assert f"có {headline['communes_ntm']}/{headline['communes_total']} xã đạt chuẩn nông thôn mới" in text
    assert "116/116" in text  # the sample follows the published 116 xã of June 2025


def test_targets_table_gives_each_ended_targets_percent_of_plan_and_verdict_in_its_colour(sample_db, province):
    table = next(block for block in province.sections[0].blocks if isinstance(block, brief.Table))
    rows = {row[0]: row for row in table.rows}
    # 2025 ends the period: a verdict, not a pace; the sample reaches the 116 of its plan.
    ntm = ["81 (2020)", "116 (2025)", "116 (2025)", "100,0", "Đạt mục tiêu"]
    assert rows["Số xã đạt chuẩn nông thôn mới"][1:] == ntm
    assert {row[-1] for row in table.rows} <= {"Đạt mục tiêu", "Không đạt", "Chưa đủ số liệu đánh giá"}
    missed = next(index for index, row in enumerate(table.rows) if row[-1] == "Không đạt")
    assert table.colours[(missed, 5)] == charts.COLOURS["missed"]
    assert any("QĐ 1303/QĐ-UBND" in block for block in province.sections[0].blocks if isinstance(block, str))


def test_movement_and_agency_figures_are_the_databases(sample_db, province):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        money = con.sql("""
            select sum(c.value) from contribution c join movement_term m on m.code = c.item_code
            where c.superseded_by is null and m.vocabulary = 'funding_source' and c.year between 2021 and 2025
        """).fetchall()[0][0]
    movement_text = province.sections[4].blocks[0]
    assert f"huy động {fmt.number(money / 1e9, 'vi', 1)} tỷ đồng" in movement_text
    assert "12.028,7 tỷ đồng" in movement_text
    agencies = province.sections[5].blocks[0]
    assert "tính đến ngày 25/11/2026" in agencies.lower()
    assert re.search(r"\d+ báo cáo phải nộp, đã nhận \d+ \(\d+,\d%\)", agencies)


def test_district_brief_lists_only_its_own_communes_and_marks_it_in_the_ranking(sample_db):
    item = brief.build(sample_db, 2024, AN_BIEN, "vi", TODAY, pinned=True)
    assert item.subtitle == "Kết quả xây dựng nông thôn mới năm 2024 – Huyện An Biên"
    assert any("lần tải #" in fact and "ghim" in fact for fact in item.facts)
    near = [block for block in item.sections[3].blocks if isinstance(block, brief.Table)]
    expected = communes.near_finish(sample_db, 2024, AN_BIEN)
    assert sorted(row[1] for table in near for row in table.rows) == sorted(expected["commune_name"])
    ranking = next(block for block in item.sections[2].blocks if isinstance(block, brief.Table))
    [chosen] = ranking.emphasised
    assert ranking.rows[chosen][1] == "Huyện An Biên"


def test_english_brief_speaks_english_with_the_same_numbers(sample_db, province):
    english = brief.build(sample_db, 2025, None, "en", TODAY)
    assert english.title == "SUMMARY BRIEF"
    assert "116/116 communes meeting the NTM standard (100.0%)" in english.sections[0].blocks[0]
    assert "(100,0%)" in province.sections[0].blocks[0]


def test_every_pdf_page_is_a4_numbered_marked_and_inside_the_margins(province_pdf):
    assert 2 <= len(province_pdf.pages) <= 8  # a brief, not a dump
    _check_pages(province_pdf)


@pytest.mark.slow
def test_the_brief_of_every_district_prints_inside_the_margins(sample_db):
    for code, name in districts.districts(sample_db).items():
        item = brief.build(sample_db, 2025, code, "vi", TODAY)
        reader = PdfReader(io.BytesIO(brief_pdf.render(item)))
        assert name in words(reader.pages[0].extract_text())
        _check_pages(reader)


def _check_pages(reader: PdfReader) -> None:
    """A4, numbered, marked as sample, saying which data it shows, every line inside the margins."""
    left, right = brief_pdf.MARGINS_MM["left"], brief_pdf.MARGINS_MM["right"]
    pages = reader.pages
    for number, page in enumerate(pages, 1):
        width, height = float(page.mediabox.width) / PT_PER_MM, float(page.mediabox.height) / PT_PER_MM
        assert (round(width), round(height)) == (210, 297), number
        text = nfc(page.extract_text())
        assert f"{number}/{len(pages)}" in text, f"page {number} has no page number"
        assert "DỮ LIỆU MẪU" in text, f"page {number} is not marked as sample data"
        assert "lần tải #" in text, f"page {number} does not say which data it shows"
        placed = _placed_text(page)
        assert placed
        for start, y, end, piece, _, _ in placed:
            assert left - SLACK_MM <= start and end <= width - right + SLACK_MM, (number, piece, start, end)
            assert EDGE_MM <= y <= height - EDGE_MM, (number, piece, y)


def test_pdf_embeds_a_font_with_every_vietnamese_glyph(province_pdf):
    for page in province_pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "DejaVuSerif" in font["/BaseFont"]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "the font is not embedded"
    first = words(province_pdf.pages[0].extract_text())
    assert "Kết quả xây dựng nông thôn mới năm 2025 – Toàn tỉnh" in first
    assert "Kiên Giang, ngày 25 tháng 11 năm 2026" in first


def test_pdf_holds_every_section_in_order_and_no_heading_ends_a_page(province, province_pdf):
    pages = [nfc(page.extract_text()) for page in province_pdf.pages]
    text = words("\n".join(pages))
    titles = [words(section.title) for section in province.sections]
    positions = [text.find(title) for title in titles]
    assert -1 not in positions, [t for t, p in zip(titles, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for number, page in enumerate(pages, 1):
        body = [
            line
            for line in page.splitlines()
            if line.strip() and "lần tải #" not in line and not re.fullmatch(r"\s*\d+/\d+\s*", line)
        ]
        assert not any(words(body[-1]).startswith(title[:12]) for title in titles), f"page {number}"


def test_pdf_tables_show_the_briefs_cells_and_break_no_heading_word(province, province_pdf):
    text = words("\n".join(page.extract_text() for page in province_pdf.pages))
    # Table headings are the text set in bold at the tables' size; a word broken over lines
    # would come back as two pieces.
    tokens = {
        token
        for page in province_pdf.pages
        for _, _, _, piece, font, size in _placed_text(page)
        if "Bold" in font and size == brief_pdf.TABLE_PT
        for token in words(piece).split()
    }
    for section in province.sections:
        for table in (block for block in section.blocks if isinstance(block, brief.Table)):
            assert set(words(" ".join(table.columns)).split()) <= tokens, table.columns
    ranking = next(block for block in province.sections[2].blocks if isinstance(block, brief.Table))
    for row in ranking.rows:
        assert words(" ".join(row[:3])) in text


def test_word_file_is_a4_with_the_decrees_margins_and_the_same_content(province):
    document = Document(io.BytesIO(brief_docx.render(province)))
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)] == [
        20,
        20,
        30,
        15,
    ]
    assert document.styles["Normal"].font.name == "Times New Roman"
    text = words("\n".join(p.text for p in document.paragraphs))
    cells = words("\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells))
    for section in province.sections:
        assert words(section.title) in text
        for block in section.blocks:
            if isinstance(block, str):
                assert words(block) in text
            elif isinstance(block, brief.Table):
                assert all(words(cell) in cells for row in block.rows for cell in row)
    assert len(document.inline_shapes) == 1  # the trend chart
    assert "DỮ LIỆU MẪU" in page.header.paragraphs[0].text


def test_brief_of_a_year_before_the_movement_says_so_and_prints(sample_db):
    item = brief.build(sample_db, 2020, None, "vi", TODAY)
    assert item.sections[4].blocks == ["Chưa có số liệu của phong trào đến năm 2020."]
    assert len(PdfReader(io.BytesIO(brief_pdf.render(item))).pages) >= 2


def test_brief_of_a_year_with_recognitions_only_says_there_are_no_criteria_results(sample_db):
    item = brief.build(sample_db, 2015, None, "vi", TODAY)  # the year filter offers it: xã recognised then
    text = all_text(item)
    assert "Năm 2015 chưa có kết quả đánh giá theo bộ tiêu chí." in text
    assert "0 xã đạt đủ 19 tiêu chí" not in text
    assert "Chưa có số liệu tiêu chí của năm nào đến năm 2015." in text
    _check_pages(PdfReader(io.BytesIO(brief_pdf.render(item))))


def test_sidebar_offers_the_brief_of_the_view_as_pdf_and_word(open_page):
    at = open_page("districts", year="2024", district=AN_BIEN)
    buttons = [element.proto for element in at.sidebar if element.type == "download_button"]
    names = sorted(button.label for button in buttons)
    assert names == ["PDF để in", "Word để chỉnh sửa"]


def _placed_text(page) -> list[tuple[float, float, float, str, str, float]]:
    """Where each piece of text starts on the page and where it ends, in mm from the bottom-left
    corner (its width measured with the font it is set in)."""
    measure = FPDF(unit="pt")
    for style, file in SERIF.items():
        measure.add_font(brief_pdf.FAMILY, style, FONT_DIR / file)
    placed = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        name = str(font["/BaseFont"])
        measure.set_font(
            brief_pdf.FAMILY, ("B" if "Bold" in name else "") + ("I" if "Italic" in name else ""), size * tm[0]
        )
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        # A justified line comes back with its stretched gaps as extra spaces: measure the words.
        natural = measure.get_string_width(" ".join(text.split()))
        placed.append((x / PT_PER_MM, y / PT_PER_MM, (x + natural) / PT_PER_MM, text, name, size * tm[0]))

    page.extract_text(visitor_text=visit)
    return placed
